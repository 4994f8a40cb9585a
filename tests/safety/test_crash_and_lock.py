"""A killed writer loses nothing committed; a database in use is refused; stale locks clear."""

from __future__ import annotations

import json
import os
import signal
import socket
from pathlib import Path

import pytest
from sqlalchemy import select

from app import checks, journal, school
from app.db import sqlite_url
from app.errors import Conflict
from app.runtime import open_runtime
from app.safety.integrity import quick_check
from app.safety.lock import InstanceLock
from tests.conftest import Seeded
from tests.safety.conftest import start_worker, wait_for_line

COMMITS = 5


def _kill(proc: object) -> None:
    os.kill(proc.pid, signal.SIGKILL)  # type: ignore[attr-defined]
    assert proc.wait(timeout=30) == -signal.SIGKILL  # type: ignore[attr-defined]


@pytest.mark.slow
def test_sigkill_mid_transaction_keeps_committed_data_and_a_sound_file(
    school_db: Seeded, tmp_path: Path
) -> None:
    """SIGKILL inside a big transaction: earlier commits survive, the half-done one vanishes."""
    path = school_db.db.path
    assert path is not None
    school_db.db.dispose()
    with school_db.db.read() as s:
        entries_before = journal.verify(s).count
    school_db.db.dispose()
    proc = start_worker("crash", sqlite_url(path), tmp_path / "child-data", str(COMMITS))
    try:
        wait_for_line(proc, f"COMMITTED {COMMITS}")
        wait_for_line(proc, "MID")
        wal = path.with_name(path.name + "-wal")
        assert wal.stat().st_size > 1_000_000, "the big transaction must have reached the disk"
        _kill(proc)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert quick_check(path).ok
    rt = open_runtime(sqlite_url(path))
    try:
        outcomes = checks.run_checks(rt.db)
        assert {"csdl", "nhat_ky"} <= {o.name for o in outcomes}
        assert all(o.ok for o in outcomes), [o.message for o in outcomes]
        with rt.db.read() as s:
            names = set(s.scalars(select(school.SchoolYear.name)))
            result = journal.verify(s)
        assert {f"{2040 + i}-{2041 + i}" for i in range(COMMITS)} <= names
        assert not any(n.startswith("x") for n in names)
        # each committed year journals itself and its new catalogue; the killed one nothing
        assert result.ok and result.count >= entries_before + COMMITS
    finally:
        rt.close()


@pytest.mark.slow
def test_second_open_is_refused_naming_the_holder_and_a_killed_holder_frees_it(
    school_db: Seeded, tmp_path: Path
) -> None:
    """Another process holding the database blocks us with its host and pid; SIGKILL frees it."""
    path = school_db.db.path
    assert path is not None
    school_db.db.dispose()
    proc = start_worker("hold", sqlite_url(path), tmp_path / "child-data")
    try:
        pid = int(wait_for_line(proc, "HOLDING").split()[1])
        assert pid == proc.pid
        with pytest.raises(Conflict) as err:
            open_runtime(sqlite_url(path))
        message = err.value.message
        assert "đang được mở bởi một phiên khác" in message
        assert f"tiến trình {pid}" in message and socket.gethostname() in message
        _kill(proc)
    finally:
        if proc.poll() is None:
            proc.kill()
    info = path.with_name(path.name + ".lock.json")
    assert json.loads(info.read_text(encoding="utf-8"))["pid"] == pid, "the stale info is left"
    rt = open_runtime(sqlite_url(path))
    try:
        assert rt.lock is not None and rt.lock.held
        assert json.loads(info.read_text(encoding="utf-8"))["pid"] == os.getpid()
    finally:
        rt.close()
    assert not info.exists()


def test_lock_is_exclusive_within_one_process_too(tmp_path: Path) -> None:
    """Two lock objects on one file conflict, and release lets the next one in."""
    db_file = tmp_path / "a.sqlite"
    first = InstanceLock(db_file)
    first.acquire()
    second = InstanceLock(db_file)
    with pytest.raises(Conflict):
        second.acquire()
    assert second.held_by_this_process()
    first.release()
    with second:
        assert second.held

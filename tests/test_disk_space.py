"""Which errors mean a full disk (``app.disk_space``), however they are wrapped."""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

import psycopg
import pytest
from sqlalchemy.exc import IntegrityError, OperationalError

from app.db import Database, sqlite_url
from app.disk_space import DiskFull, disk_full, is_disk_full
from app.messages import MSG


def _wrapped(orig: BaseException) -> OperationalError:
    return OperationalError("INSERT …", {}, orig)


def test_full_disk_errors_are_recognised_through_their_wrappers(tmp_path: Path) -> None:
    """ENOSPC as a cause, SQLite's "database or disk is full", PostgreSQL's 53100."""
    try:
        try:
            raise OSError(errno.ENOSPC, "No space left on device")
        except OSError as inner:
            raise RuntimeError("ghi thất bại") from inner
    except RuntimeError as outer:
        assert is_disk_full(outer, tmp_path)
    assert is_disk_full(_wrapped(sqlite3.OperationalError("database or disk is full")))
    assert is_disk_full(_wrapped(psycopg.errors.DiskFull("could not extend file")))


def test_other_errors_are_not_a_full_disk(tmp_path: Path) -> None:
    """A constraint, a missing file, or an I/O error on a disk with room stay what they are."""
    assert not is_disk_full(IntegrityError("INSERT …", {}, sqlite3.IntegrityError("UNIQUE")))
    assert not is_disk_full(OSError(errno.ENOENT, "No such file"))
    io_error = _wrapped(sqlite3.OperationalError("disk I/O error"))
    assert not is_disk_full(io_error, tmp_path)  # /dev/shm or /tmp has megabytes free


def test_a_unit_of_work_reports_the_server_disk_full(tmp_path: Path) -> None:
    """What PostgreSQL's 53100 becomes in a unit of work: the server message, a DiskFull."""
    db = Database.open(sqlite_url(tmp_path / "a.sqlite"))
    with pytest.raises(DiskFull) as caught, db.uow():
        raise _wrapped(psycopg.errors.DiskFull("could not extend file"))
    assert "Ổ đĩa đã đầy, không ghi được" in caught.value.message  # a local file: where
    assert disk_full(None).message == MSG.disk_full_server
    db.dispose()

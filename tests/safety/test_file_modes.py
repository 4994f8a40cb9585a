"""Owner-only files (issue 15 §6): the database, its WAL and shared memory, restore points,
logs, backups and exports are 0600 in 0700 folders, whatever the user's umask, and an
install from before the rule is narrowed at the next start."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.excel.xlsx_builders import make_xlsx
from tests.safety.conftest import ROOT, child_env

HEADER = ["Họ và tên", "Ngày sinh", "Giới tính", "Lớp"]

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX modes (Windows: profile ACL)")


def _run(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``python main.py …`` as a user whose umask lets everyone read (022)."""
    return subprocess.run(
        [sys.executable, "main.py", *args],
        cwd=ROOT,
        env=child_env(data),
        capture_output=True,
        text=True,
        encoding="utf-8",
        preexec_fn=lambda: os.umask(0o022),
        timeout=240,
    )


def _wider_than_owner(root: Path) -> list[str]:
    loose = []
    for p in [root, *root.rglob("*")]:
        mode = stat.S_IMODE(p.stat().st_mode)
        if mode & 0o077 or mode != (0o700 if p.is_dir() else 0o600):
            loose.append(f"{p.relative_to(root.parent)} {mode:o}")
    return loose


def test_everything_the_app_writes_is_owner_only(tmp_path: Path) -> None:
    data, usb = tmp_path / "data", tmp_path / "usb"
    assert _run(data, "demo", "--students", "30").returncode == 0
    usb.mkdir()
    sheet = make_xlsx(
        usb / "moi.xlsx", {"6A1": [HEADER, ["Lò Văn Páo", "02/03/2015", "Nam", "6A1"]]}
    )
    res = _run(data, "students", "import", str(sheet))  # takes a restore point first
    assert res.returncode == 0, res.stderr
    res = _run(data, "backup", "--out", str(usb / "sao-luu"))
    assert res.returncode == 0, res.stderr
    out = usb / "ds.pdf"
    res = _run(data, "students", "export", "--format", "pdf", "--class", "6A1", "--out", str(out))
    assert res.returncode == 0, res.stderr
    assert _wider_than_owner(data) == []
    assert [p.name for p in (data / "restore-points").iterdir()]  # there are some to check
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    (backup,) = (usb / "sao-luu").iterdir()
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    old = os.umask(0o022)  # SQLite gives its WAL and shared memory the database's mode
    try:
        conn = sqlite3.connect(data / "truongso.sqlite")
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("CREATE TABLE t(x)")
        side = [data / "truongso.sqlite-wal", data / "truongso.sqlite-shm"]
        assert [stat.S_IMODE(p.stat().st_mode) for p in side] == [0o600, 0o600]
        conn.close()
    finally:
        os.umask(old)


def test_an_older_install_is_narrowed_at_the_next_start(tmp_path: Path) -> None:
    """Files an earlier version left 0644 in 0755 folders become 0600 / 0700."""
    data = tmp_path / "data"
    assert _run(data, "demo", "--students", "10").returncode == 0
    for p in [data, *data.rglob("*")]:
        p.chmod(0o755 if p.is_dir() else 0o644)
    assert _wider_than_owner(data)
    assert _run(data, "classes", "list").returncode == 0
    assert _wider_than_owner(data) == []

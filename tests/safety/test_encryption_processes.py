"""Encryption from the outside (decision 019): a killed encryption leaves the plain original in
place until the encrypted copy is complete, and the next start cleans up and encrypts again;
killed just after the swap, the encrypted file opens with its key; ``init`` at the command
line leaves a new school encrypted, and another PC opens it once the key file is imported."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from app import sqlite_files
from app.db import sqlite_url
from app.runtime import open_runtime
from app.safety import encryption
from tests.cli_runner import run_main
from tests.conftest import PASSWORD, Seeded
from tests.safety.conftest import ROOT, child_env
from tests.safety.test_encryption import NAME, _add_student, _holds_plain, _names

CHILD = """
import os, signal, sys
import app.modules
from app.db import Database, make_engine, sqlite_url
from app.safety import encryption, keys
from tests.conftest import TEST_SCHOOL_KEY

def die(*args, **kwargs):
    os.kill(os.getpid(), signal.SIGKILL)

keys.store_key("THCS0001", TEST_SCHOOL_KEY)
setattr(encryption, sys.argv[2], die)  # the step the power cut hits
encryption.encrypt_database(Database(make_engine(sqlite_url(sys.argv[1]))))
print("not killed")
"""


def _killed_at(path: Path, step: str, data: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(path), step],
        cwd=ROOT,
        env=child_env(data, TRUONGSO_ENCRYPT_DB="1"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == -signal.SIGKILL, done.stderr


@pytest.fixture
def plain_school(school_db: Seeded, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The test school with one student, plain, no connection open; encryption on."""
    _add_student(school_db.db, school_db)
    school_db.db.dispose()
    monkeypatch.setenv(sqlite_files.ENCRYPT_ENV, "1")
    assert school_db.db.path is not None
    return school_db.db.path


def test_killed_before_the_swap_leaves_the_plain_original(
    plain_school: Path, tmp_path: Path
) -> None:
    """Killed once the encrypted copy is written but before it replaces the file: the plain
    database is intact (the stdlib reads it), and the next start removes the copy and
    encrypts."""
    path = plain_school
    _killed_at(path, "fsync_file", tmp_path / "con")
    assert encryption.part_path(path).exists()
    assert not sqlite_files.is_encrypted(path)
    rows = sqlite3.connect(path).execute("SELECT full_name FROM student").fetchall()
    assert rows == [(NAME,)]
    rt = open_runtime(sqlite_url(path))
    rt.close()
    assert not encryption.part_path(path).exists()
    assert sqlite_files.is_encrypted(path) and not _holds_plain(path, NAME)
    assert _names(path) == [NAME]


def test_killed_after_the_swap_opens_encrypted(plain_school: Path, tmp_path: Path) -> None:
    """Killed right after the rename (before the folder is synced): the file in place is the
    complete encrypted copy, its sidecar already written, and it opens."""
    path = plain_school
    _killed_at(path, "fsync_dir", tmp_path / "con")
    assert sqlite_files.is_encrypted(path) and sqlite_files.read_ref(path) is not None
    assert _names(path) == [NAME]


def test_cli_init_leaves_the_new_school_encrypted(tmp_path: Path) -> None:
    """``init`` ends with the file encrypted; the next command opens it with the PC's key,
    and another PC with only the exported key file is told, then opens it after ``key import``."""
    data = tmp_path / "may-truong"
    url = sqlite_url(data / "truongso.sqlite")
    on = {"keyring": "file"}
    init = run_main(
        ["init", "--code", "THCS0002", "--name", "Trường THCS Lê Lợi", "--levels", "thcs",
         "--password", PASSWORD, "--db", url],
        env=child_env(data, **on, TRUONGSO_ENCRYPT_DB="1"),
    )  # fmt: skip
    assert init.returncode == 0, init.stderr
    path = data / "truongso.sqlite"
    assert sqlite_files.is_encrypted(path) and not _holds_plain(path, "Lê Lợi")
    env = child_env(data, **on, TRUONGSO_ENCRYPT_DB="1")
    listed = run_main(["users", "list", "--json", "--db", url], env=env)
    assert listed.returncode == 0 and '"admin"' in listed.stdout, listed.stderr
    key = tmp_path / "khoa.txt"
    assert run_main(["key", "export", "--out", str(key), "--db", url], env=env).returncode == 0
    other = child_env(tmp_path / "may-khac", **on, TRUONGSO_ENCRYPT_DB="1")
    refused = run_main(["users", "list", "--db", url], env=other)
    lines = refused.stderr.strip().splitlines()
    assert refused.returncode == 1 and len(lines) == 1 and "key import" in lines[0], lines
    assert run_main(["key", "import", str(key)], env=other).returncode == 0
    assert run_main(["users", "list", "--db", url], env=other).returncode == 0

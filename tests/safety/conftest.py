"""Fixtures for data-safety tests: real SQLite files, subprocess helpers, an extra migration."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from app import migrate
from app.db import Database, make_engine, sqlite_url
from tests.cli_runner import run_main
from tests.conftest import Seeded, seed

ROOT = Path(__file__).resolve().parents[2]

EXTRA_REVISION = '''"""a later revision, only for tests: a probe table

Revision ID: 9002probe
Revises: {head}
"""

import sqlalchemy as sa
from alembic import op

revision = "9002probe"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("safety_probe", sa.Column("id", sa.Integer(), primary_key=True))


def downgrade() -> None:
    op.drop_table("safety_probe")
'''


@pytest.fixture
def school_db(tmp_path: Path) -> Iterator[Seeded]:
    """A migrated SQLite file with the test school and one user per role."""
    db = Database(make_engine(sqlite_url(tmp_path / "truong.sqlite")))
    migrate.upgrade(db.engine)
    yield seed(db)
    db.dispose()


@pytest.fixture
def newer_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """Make this process a "newer build": the real migrations plus one more revision."""
    head = migrate.head_revision()
    copy = tmp_path / "migrations-newer"
    shutil.copytree(ROOT / "migrations", copy, ignore=shutil.ignore_patterns("__pycache__"))
    (copy / "versions" / "9002_probe.py").write_text(
        EXTRA_REVISION.format(head=head), encoding="utf-8"
    )
    monkeypatch.setattr(migrate, "migrations_dir", lambda: copy)
    return "9002probe"


def child_env(data_dir: Path, keyring: str = "memory", **extra: str) -> dict[str, str]:
    """Environment of a subprocess: its own data folder and keyring choice."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRUONGSO_")}
    env.update(TRUONGSO_DATA_DIR=str(data_dir), TRUONGSO_KEYRING=keyring, PYTHONPATH=str(ROOT))
    env.update(TRUONGSO_ENCRYPT_DB="0")  # as in-process tests (tests/conftest.py)
    env.update(extra)
    return env


def start_worker(mode: str, url: str, data_dir: Path, *args: str) -> subprocess.Popen[str]:
    """Start ``tests/safety/worker.py`` in a real child process (stdin/stdout piped)."""
    return subprocess.Popen(
        [sys.executable, "-m", "tests.safety.worker", mode, url, *args],
        cwd=ROOT,
        env=child_env(data_dir),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )


def wait_for_line(proc: subprocess.Popen[str], expected: str) -> str:
    """Block until the child prints a line starting with ``expected`` (no sleeps)."""
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.startswith(expected):
            return line.strip()
    err = proc.stderr.read() if proc.stderr else ""
    raise AssertionError(f"child ended before printing {expected!r}: {err}")


def run_cli(data_dir: Path, *args: str, keyring: str = "file") -> subprocess.CompletedProcess[str]:
    """Run ``python main.py ...`` as a user would, with its own data folder (in this process)."""
    return run_main(args, env=child_env(data_dir, keyring))

"""app.launch: what a start knows before the data layer is imported (issue 17 §5 and §7)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from app import launch, migrate, settings
from app.db import Database, default_url, sqlite_path, sqlite_url
from tests.conftest import Seeded

URLS = [
    "sqlite:///truong.sqlite",
    "sqlite:////tmp/a b/truong.sqlite",
    "sqlite:///a%20b.sqlite",
    "sqlite:////tmp/t.sqlite?mode=ro",
    "sqlite+pysqlite:///x.sqlite",
    "sqlite:///D:/truong.sqlite",
    "sqlite://",
    "sqlite:///:memory:",
    "postgresql://truongso:mk@192.168.1.10/truongso",
    "postgresql+psycopg://postgres@127.0.0.1:5544/postgres",
]


@pytest.mark.parametrize("url", URLS)
def test_the_file_is_read_from_the_url_as_the_data_layer_reads_it(url: str) -> None:
    """Without SQLAlchemy, the same file (or none) as app.db.sqlite_path."""
    assert launch.sqlite_file(url) == sqlite_path(url)


def test_the_database_is_the_one_the_runtime_would_open() -> None:
    """No --db and no setting: the embedded file; a setting wins over it, --db over both."""
    assert launch.resolved_url() == default_url()
    current = settings.load()
    current.db_url = "postgresql://may-chu/truongso"
    settings.save(current)
    assert launch.resolved_url() == "postgresql://may-chu/truongso"
    assert launch.resolved_url("sqlite:///khac.sqlite") == "sqlite:///khac.sqlite"


def test_one_key_per_user_and_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same file reached by a relative and an absolute path shares its key; another file,
    another user or another server does not."""
    monkeypatch.setenv("LOGNAME", "giaovu")
    monkeypatch.chdir(tmp_path)
    here = launch.instance_key("sqlite:///truong.sqlite")
    assert here == launch.instance_key(sqlite_url(tmp_path / "truong.sqlite"))
    assert here == launch.instance_key(sqlite_url(tmp_path / "x" / ".." / "truong.sqlite"))
    assert here != launch.instance_key("sqlite:///khac.sqlite")
    pg = launch.instance_key("postgresql://may-chu/truongso")
    assert pg == launch.instance_key("postgresql://may-chu/truongso") != here
    monkeypatch.setenv("LOGNAME", "hieutruong")
    assert launch.instance_key("sqlite:///truong.sqlite") != here
    assert here.startswith("truongso-") and len(here) < 64  # a socket name, not a path


def test_whether_the_file_has_a_school(
    tmp_path: Path, blank_db: Database, ui_seeded: Seeded
) -> None:
    """No file, an empty one, or a migrated one without a school: the wizard (False); the
    seeded school: the login (True); PostgreSQL or a file that is not a database: the
    opened database decides (None)."""
    assert launch.school_on_file(sqlite_url(tmp_path / "chua-co.sqlite")) is False
    (tmp_path / "rong.sqlite").touch()
    assert launch.school_on_file(sqlite_url(tmp_path / "rong.sqlite")) is False
    assert blank_db.path is not None and ui_seeded.db.path is not None
    assert launch.school_on_file(sqlite_url(blank_db.path)) is False
    assert launch.school_on_file(sqlite_url(ui_seeded.db.path)) is True
    assert launch.school_on_file("postgresql://may-chu/truongso") is None
    (tmp_path / "hong.sqlite").write_bytes(b"khong phai CSDL " * 100)
    assert launch.school_on_file(sqlite_url(tmp_path / "hong.sqlite")) is None
    tables = sqlite3.connect(tmp_path / "bang.sqlite")
    tables.execute("CREATE TABLE khac (x)")
    tables.close()
    assert launch.school_on_file(sqlite_url(tmp_path / "bang.sqlite")) is None


def test_a_peek_leaves_a_migrated_file_as_it_was(blank_db: Database) -> None:
    """The read-only look neither migrates nor writes the file."""
    assert blank_db.path is not None
    before = blank_db.path.read_bytes()
    launch.school_on_file(sqlite_url(blank_db.path))
    assert blank_db.path.read_bytes() == before
    assert migrate.current_revision(blank_db.engine) == migrate.head_revision()

"""GUI test fixtures: offscreen Qt, a seeded SQLite database, and failure on Qt warnings."""

from __future__ import annotations

import os
import sqlite3

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from app import migrate, setup  # noqa: E402
from app.accounts import UserInfo  # noqa: E402
from app.db import Actor, Database, make_engine, sqlite_url  # noqa: E402
from app.runtime import Runtime  # noqa: E402
from tests.conftest import Seeded, seed  # noqa: E402
from tests.qt_gc import gui_thread_gc  # noqa: F401  (GUI-thread garbage collection)
from tests.ui.helpers import user_info  # noqa: E402


@pytest.fixture
def blank_db(sqlite_db_url: str) -> Iterator[Database]:
    """A migrated SQLite database with no school (first run)."""
    db = Database(make_engine(sqlite_db_url))
    migrate.upgrade(db.engine)
    yield db
    db.dispose()


@pytest.fixture(scope="session")
def _seeded_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Actor]]:
    """Seed once per session (password hashing is slow); tests get a copy of the file."""
    path = tmp_path_factory.mktemp("ui-template") / "seeded.sqlite"
    db = Database(make_engine(sqlite_url(path)))
    migrate.upgrade(db.engine)
    actors = seed(db).actors
    db.dispose()
    return path, actors


@pytest.fixture
def ui_seeded(_seeded_template: tuple[Path, dict[str, Actor]], tmp_path: Path) -> Iterator[Seeded]:
    """The test school with one account per role (``u_<role>``, password ``matkhau123``)."""
    template, actors = _seeded_template
    target = tmp_path / "seeded.sqlite"
    source = sqlite3.connect(template)
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)
    finally:
        copy.close()
        source.close()
    db = Database(make_engine(sqlite_url(target)))
    setup.load_school_code(db)
    yield Seeded(db, dict(actors))
    db.dispose()


@pytest.fixture
def runtime(ui_seeded: Seeded) -> Runtime:
    """A Runtime over the seeded database, as ``open_runtime`` would hand it to the window."""
    return Runtime(ui_seeded.db)


@pytest.fixture
def admin(ui_seeded: Seeded) -> UserInfo:
    """The seeded administrator."""
    return user_info(ui_seeded.db, "admin")


@pytest.fixture
def teacher(ui_seeded: Seeded) -> UserInfo:
    """The seeded teacher."""
    return user_info(ui_seeded.db, "u_teacher")


# The small-screen school (tests/ui/small_screen.py), for both small-screen test files.
from tests.ui.small_screen import _template, small  # noqa: E402, F401

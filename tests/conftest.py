"""Shared fixtures: real, Alembic-migrated databases on SQLite and (in CI) PostgreSQL."""

from __future__ import annotations

import os
import sqlite3
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import settings
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from app import migrate, secrets, setup
from app import modules as _modules  # noqa: F401  (every module wired into the core: decision 008)
from app.db import Actor, Database, make_engine, sqlite_url
from app.school import SchoolProfile

PG_ENV = "TRUONGSO_TEST_PG_URL"
PASSWORD = "matkhau123"

# No per-example deadline: with the suite on every core (and a busy machine), Hypothesis's
# 200 ms deadline measured the load, not the rule, and failed correct tests at random.
settings.register_profile("truongso", deadline=None)
settings.load_profile("truongso")
# Qt through pytest-qt: a test that asks for one of these is a GUI test.
_QT_FIXTURES = frozenset({"qtbot", "qapp"})
# The offscreen platform prints this for every top-level window; it is not our warning.
_IGNORED_QT_MESSAGES = ("This plugin does not support propagateSizeHints",)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every GUI test is marked ``gui`` and fails when Qt logs a warning (STYLE rule 19)."""
    for item in items:
        if _QT_FIXTURES.isdisjoint(getattr(item, "fixturenames", ())):
            continue
        item.add_marker(pytest.mark.gui)
        item.add_marker(pytest.mark.qt_log_level_fail("WARNING"))
        item.add_marker(pytest.mark.qt_log_ignore(*_IGNORED_QT_MESSAGES))


def _worker() -> str:
    """This pytest-xdist worker (``gw0``, ``gw1``…), or ``main`` without xdist."""
    return os.environ.get("PYTEST_XDIST_WORKER", "main")


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Each test gets its own data folder and an in-memory keyring."""
    data = tmp_path / "data"
    monkeypatch.setenv("TRUONGSO_DATA_DIR", str(data))
    monkeypatch.setenv("TRUONGSO_KEYRING", "memory")
    # Plain files, so tests may tamper with them through the stdlib; the encrypted database
    # has its own tests (tests/safety/test_encryption*.py), which turn this back on.
    monkeypatch.setenv("TRUONGSO_ENCRYPT_DB", "0")
    secrets.reset_for_tests()
    secrets.use_memory_backend(shared=True)
    yield data
    secrets.reset_for_tests()


def _pg_database() -> Iterator[str]:
    base = os.environ.get(PG_ENV)
    if not base:
        pytest.skip(f"PostgreSQL variant: set {PG_ENV} (the CI script .ci/run does) to run it")
    name = f"ts_{uuid.uuid4().hex[:12]}"
    admin = create_engine(
        make_url(base).set(drivername="postgresql+psycopg"), isolation_level="AUTOCOMMIT"
    )
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(base).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database URL on each backend."""
    if request.param == "sqlite":
        yield sqlite_url(tmp_path / "test.sqlite")
    else:
        yield from _pg_database()


@pytest.fixture
def sqlite_db_url(tmp_path: Path) -> str:
    """An empty SQLite file URL, for tests specific to the embedded database."""
    return sqlite_url(tmp_path / "test.sqlite")


class _Templates:
    """Databases built once per session and copied per test (migrating and hashing
    passwords for every test made the suite several times slower)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.sqlite: dict[str, Path] = {}
        self.pg: dict[str, str] = {}
        self.actors: dict[tuple[str, str], dict[str, Actor]] = {}

    def _build(self, url: str, kind: str, backend: str) -> None:
        db = Database(make_engine(url))
        migrate.upgrade(db.engine)
        if kind == "seeded":
            self.actors[(backend, kind)] = seed(db).actors
        db.dispose()

    def sqlite_copy(self, kind: str, dest: Path) -> None:
        if kind not in self.sqlite:
            path = self.folder / f"template-{kind}.sqlite"
            self._build(sqlite_url(path), kind, "sqlite")
            self.sqlite[kind] = path
        source = sqlite3.connect(self.sqlite[kind])
        target = sqlite3.connect(dest)
        try:
            source.backup(target)
        finally:
            target.close()
            source.close()

    def pg_copy(self, kind: str, base: str) -> str:
        admin = create_engine(
            make_url(base).set(drivername="postgresql+psycopg"), isolation_level="AUTOCOMMIT"
        )
        try:
            if kind not in self.pg:
                name = f"ts_tpl_{kind}_{_worker()}_{os.getpid()}"
                with admin.connect() as conn:
                    conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
                    conn.execute(text(f'CREATE DATABASE "{name}"'))
                url = make_url(base).set(database=name).render_as_string(hide_password=False)
                self._build(url, kind, "postgresql")
                self.pg[kind] = name
            copy = f"ts_{uuid.uuid4().hex[:12]}"
            with admin.connect() as conn:
                conn.execute(text(f'CREATE DATABASE "{copy}" TEMPLATE "{self.pg[kind]}"'))
        finally:
            admin.dispose()
        return copy

    def drop_pg(self) -> None:
        base = os.environ.get(PG_ENV)
        if not base or not self.pg:
            return
        admin = create_engine(
            make_url(base).set(drivername="postgresql+psycopg"), isolation_level="AUTOCOMMIT"
        )
        with admin.connect() as conn:
            for name in self.pg.values():
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session")
def _templates(tmp_path_factory: pytest.TempPathFactory) -> Iterator[_Templates]:
    templates = _Templates(tmp_path_factory.mktemp("templates"))
    yield templates
    templates.drop_pg()


TEST_SCHOOL_KEY = bytes(range(32))
"""The test school's key (THCS0001): the templates are sealed with it (decision 015), and each
test that copies one has it in its keyring, so writes stay sealed and ``check`` verifies them."""


def _school_key_in_keyring() -> None:
    from app.safety import keys

    keys.store_key(TEST_PROFILE.code, TEST_SCHOOL_KEY)


def _copied(
    request: pytest.FixtureRequest, templates: _Templates, kind: str, tmp_path: Path
) -> Iterator[Database]:
    _school_key_in_keyring()
    if request.param == "sqlite":
        path = tmp_path / "test.sqlite"
        templates.sqlite_copy(kind, path)
        db = Database(make_engine(sqlite_url(path)))
        setup.load_school_code(db)
        yield db
        db.dispose()
        return
    base = os.environ.get(PG_ENV)
    if not base:
        pytest.skip(f"PostgreSQL variant: set {PG_ENV} (the CI script .ci/run does) to run it")
    name = templates.pg_copy(kind, base)
    db = Database(
        make_engine(make_url(base).set(database=name).render_as_string(hide_password=False))
    )
    setup.load_school_code(db)
    try:
        yield db
    finally:
        db.dispose()
        admin = create_engine(
            make_url(base).set(drivername="postgresql+psycopg"), isolation_level="AUTOCOMMIT"
        )
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_db(
    request: pytest.FixtureRequest, _templates: _Templates, tmp_path: Path
) -> Iterator[Database]:
    """A migrated database with no school yet (a copy of a per-session template)."""
    yield from _copied(request, _templates, "empty", tmp_path)


@dataclass
class Seeded:
    """A database with a school, the current year and one account per role."""

    db: Database
    actors: dict[str, Actor]

    def actor(self, role: str) -> Actor:
        return self.actors[role]


TEST_PROFILE = SchoolProfile(
    "THCS0001", "Trường THCS Kim Đồng", ("thcs",), "Thanh Hóa", "Xã Quảng Phú"
)


def seed(db: Database) -> Seeded:
    """Initialise ``db`` with the test school and a user for each role."""
    from app import accounts
    from app.permissions import Role

    _school_key_in_keyring()
    setup.initialize(
        db, setup.SetupRequest(TEST_PROFILE, "admin", "Quản trị", PASSWORD, "2025-2026")
    )
    system = Actor.system("test")
    actors: dict[str, Actor] = {}
    with db.uow(actor=system) as s:
        for role in Role:
            username = f"u_{role.value}"
            info = accounts.create_user(
                s, system, username, f"Người dùng {role.value}", role, PASSWORD
            )
            actors[role.value] = info.actor()
    return Seeded(db, actors)


@pytest.fixture(params=["sqlite", "postgresql"])
def seeded(
    request: pytest.FixtureRequest, _templates: _Templates, tmp_path: Path
) -> Iterator[Seeded]:
    """A migrated database with the test school and one account per role (template copy)."""
    for db in _copied(request, _templates, "seeded", tmp_path):
        yield Seeded(db, dict(_templates.actors[(request.param, "seeded")]))

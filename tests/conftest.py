"""Shared fixtures: real, Alembic-migrated databases on SQLite and (in CI) PostgreSQL."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from app import migrate, secrets, setup
from app.db import Actor, Database, make_engine, sqlite_url
from app.school import SchoolProfile

PG_ENV = "TRUONGSO_TEST_PG_URL"
PASSWORD = "matkhau123"


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Each test gets its own data folder and an in-memory keyring."""
    data = tmp_path / "data"
    monkeypatch.setenv("TRUONGSO_DATA_DIR", str(data))
    monkeypatch.setenv("TRUONGSO_KEYRING", "memory")
    secrets.reset_for_tests()
    secrets.use_memory_backend()
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


@pytest.fixture
def empty_db(db_url: str) -> Iterator[Database]:
    """A migrated database with no school yet."""
    db = Database(make_engine(db_url))
    migrate.upgrade(db.engine)
    yield db
    db.dispose()


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


@pytest.fixture
def seeded(empty_db: Database) -> Seeded:
    """A migrated database with the test school and one account per role."""
    return seed(empty_db)

"""Engine factory, declarative base and unit of work (STYLE rules 6, 7, 9).

SQLite is configured here and only here: WAL, foreign keys, a busy timeout and
``synchronous=FULL`` so that a committed transaction survives a power cut.
Write units of work start with ``BEGIN IMMEDIATE`` so that two writers never
interleave (the journal's hash chain relies on it). The same models run on
PostgreSQL through psycopg 3, where several PCs write at once: writers queue on
the journal's head row (``app.write_lock``), and every wait is bounded
(``app.db_waits``: lock, statement and idle timeouts, TCP keepalives).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import DateTime, Engine, MetaData, String, Uuid, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker

from app import paths, sqlite_files
from app.db_waits import PgTimeouts, as_wait_error
from app.disk_space import as_disk_full

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

SQLITE_BUSY_TIMEOUT_MS = 10_000


class Base(DeclarativeBase):
    """Declarative base with a naming convention so Alembic names constraints stably."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def utcnow() -> datetime:
    """The current time, timezone-aware in UTC."""
    return datetime.now(UTC)


class SyncMixin:
    """Columns of every syncable entity: a UUID key and the owning school's code.

    UUIDs let records from many schools merge on the hub without collisions.
    """

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    school_code: Mapped[str] = mapped_column(String(20), index=True, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )


@dataclass(frozen=True)
class Actor:
    """Who performs an action: recorded in the journal and checked by permissions."""

    username: str
    role: str
    user_id: uuid.UUID | None = None
    full_name: str = ""

    @classmethod
    def system(cls, label: str = "system") -> Actor:
        """The app itself or an operator at the command line (full rights, journalled by name)."""
        return cls(username=label, role="admin", full_name=label)


def sqlite_url(path: Path | str) -> str:
    """SQLAlchemy URL of an SQLite file."""
    return f"sqlite:///{Path(path)}"


def default_url() -> str:
    """The embedded database URL in the per-user data folder."""
    return sqlite_url(paths.default_db_path())


def is_sqlite(engine_or_url: Engine | str) -> bool:
    """True when the engine or URL points to SQLite."""
    url = engine_or_url.url if isinstance(engine_or_url, Engine) else make_url(engine_or_url)
    return url.get_backend_name() == "sqlite"


def sqlite_path(engine_or_url: Engine | str) -> Path | None:
    """The database file of an SQLite engine or URL, or None (PostgreSQL, in-memory)."""
    url = engine_or_url.url if isinstance(engine_or_url, Engine) else make_url(engine_or_url)
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    return Path(url.database)


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event emit BEGIN itself (pysqlite's own handling is lax).
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=FULL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        mode = conn.get_execution_options().get("sqlite_begin", "BEGIN")
        conn.exec_driver_sql(mode)


def _creator(path: Path) -> Any:
    def connect() -> Any:
        return sqlite_files.connect(path, check_same_thread=False)

    return connect


def make_engine(url: str | None = None, **kwargs: Any) -> Engine:
    """Create an engine for ``url`` (default: the embedded SQLite file)."""
    url = url or default_url()
    if is_sqlite(url):
        path = sqlite_path(url)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            # Through the one door (``app.sqlite_files``): keyed first when the file is
            # encrypted, with the SQLCipher build of SQLite whose errors SQLAlchemy then knows.
            kwargs.setdefault("module", sqlite_files.dbapi)
            kwargs.setdefault("creator", _creator(path))
        engine = create_engine(url, **kwargs)
        _configure_sqlite(engine)
        return engine
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    timeouts = PgTimeouts.from_env()
    connect_args = {**timeouts.connect_args(), **kwargs.pop("connect_args", {})}
    engine = create_engine(parsed, pool_pre_ping=True, connect_args=connect_args, **kwargs)
    _limit_idle_lock_holders(engine, timeouts.idle_writer_sql)
    return engine


_IDLE_LIMITED = "truongso_idle_limited"
_WRITES = ("INSERT", "UPDATE", "DELETE")


def _limit_idle_lock_holders(engine: Engine, sql: str) -> None:
    """PostgreSQL: a transaction's first statement that takes row locks (a write, or ``SELECT …
    FOR UPDATE`` such as the journal's head) is preceded by ``sql``, which bounds how long the
    transaction may then sit idle (``app.db_waits``). Readers, and a write transaction still
    only reading, are never cut off."""

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        conn.info.pop(_IDLE_LIMITED, None)

    @event.listens_for(engine, "before_cursor_execute")
    def _before(conn: Any, cursor: Any, statement: str, *_args: Any) -> None:
        if _IDLE_LIMITED in conn.info:
            return
        if statement.lstrip()[:6].upper() in _WRITES or "FOR UPDATE" in statement:
            conn.info[_IDLE_LIMITED] = True
            cursor.execute(sql)


@dataclass
class Database:
    """An engine plus session factory; hands out one unit of work per user action."""

    engine: Engine
    school_code: str = ""
    _factory: sessionmaker[Session] = field(init=False, repr=False)
    _writer: Engine = field(init=False, repr=False)
    _timeouts: PgTimeouts = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._factory = sessionmaker(expire_on_commit=False)
        self._timeouts = PgTimeouts.from_env()
        self._writer = (
            self.engine.execution_options(sqlite_begin="BEGIN IMMEDIATE")
            if is_sqlite(self.engine)
            else self.engine
        )

    @classmethod
    def open(cls, url: str | None = None) -> Database:
        """Open the database at ``url`` without migrating it."""
        return cls(make_engine(url))

    @property
    def url(self) -> str:
        """The URL with any password hidden."""
        return self.engine.url.render_as_string(hide_password=True)

    @property
    def path(self) -> Path | None:
        """The SQLite file, or None on PostgreSQL."""
        return sqlite_path(self.engine)

    @contextmanager
    def uow(self, actor: Actor | None = None, reason: str | None = None) -> Iterator[Session]:
        """One write transaction: commits when the block ends, rolls back on any error."""
        session = self._factory(bind=self._writer)
        session.info.update(actor=actor, reason=reason, school_code=self.school_code, write=True)
        try:
            with session.begin():
                yield session
        except Exception as exc:  # a full disk, a timeout: said as such, not as a bug
            if (known := self._known_error(exc)) is None:
                raise
            raise known from exc
        finally:
            session.close()

    @contextmanager
    def read(self, actor: Actor | None = None) -> Iterator[Session]:
        """A read-only session: never commits, so it cannot write by accident."""
        session = self._factory(bind=self.engine)
        session.info.update(actor=actor, school_code=self.school_code)
        try:
            yield session
        except Exception as exc:  # SQLite cannot open its shared-memory file on a full disk
            if (known := self._known_error(exc)) is None:
                raise
            raise known from exc
        finally:
            with suppress(Exception):  # the error above, if any, is the one to report
                session.rollback()
            session.close()

    def _known_error(self, exc: Exception) -> Exception | None:
        """The user's error for a full disk (``app.disk_space``), a timeout or a lost connection
        (``app.db_waits``), or None for anything else."""
        full = as_disk_full(exc, self.path)
        if full is not None:
            return full
        return as_wait_error(exc, self._timeouts, SQLITE_BUSY_TIMEOUT_MS / 1000)

    def dispose(self) -> None:
        """Close every pooled connection (before replacing the file on restore)."""
        self.engine.dispose()

"""Several PCs on one PostgreSQL database: how long a write may wait, and what a wait means.

Writers queue on one lock, the journal's head row (``app.write_lock``). A PC that
freezes or loses its network while holding it must not stop the school, and a
PC that waits must neither wait for ever nor end with an English driver error:

- every connection sets ``lock_timeout`` (a write waits at most ``lock_wait_s``
  for another PC), ``statement_timeout`` (a guard against a runaway statement)
  and TCP keepalives, on the client and on the server, so a PC that vanished
  from the network is noticed;
- a transaction, from its first statement that takes row locks (a write, or
  ``SELECT … FOR UPDATE`` such as the writers' lock), sets
  ``idle_in_transaction_session_timeout`` (``app.db.make_engine``): if its PC
  stops for ``idle_writer_s`` between two statements, the server ends its
  session and its locks are free. Readers, and a write still only reading (an
  export rendering its file), are not cut off: they hold nothing a writer waits for.
  ``idle_writer_s`` is shorter than ``lock_wait_s``, so a write queued behind a
  frozen PC goes through instead of giving up;
- ``as_wait_error`` turns the driver's timeout and lost-connection errors (and
  SQLite's "database is locked") into a Vietnamese ``AppError``: exit 1, nothing
  written;
- ``on_wait`` lets the window show "Đang chờ máy khác…" while a write waits.

The values can be changed with ``TRUONGSO_PG_LOCK_TIMEOUT``,
``TRUONGSO_PG_IDLE_TIMEOUT`` and ``TRUONGSO_PG_STATEMENT_TIMEOUT`` (seconds), for a
slow server or a test. See docs/decisions/013-several-pcs-one-database.md.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from contextvars import ContextVar
from dataclasses import dataclass, replace
from typing import Any

from app import sqlite_files
from app.errors import AppError, Conflict, StorageError
from app.messages.waits import WAITS_MSG as M

# PostgreSQL SQLSTATEs: lock_timeout, statement_timeout (or a cancel), our own session ended
# for idling in a transaction, the server shutting down, and the connection class (08…).
PG_LOCK_NOT_AVAILABLE = "55P03"
PG_QUERY_CANCELED = "57014"
PG_IDLE_IN_TRANSACTION = "25P03"
PG_SHUTDOWN = frozenset({"57P01", "57P02", "57P03"})
SQLITE_BUSY = 5
ENV = {
    "lock_wait_s": "TRUONGSO_PG_LOCK_TIMEOUT",
    "idle_writer_s": "TRUONGSO_PG_IDLE_TIMEOUT",
    "statement_s": "TRUONGSO_PG_STATEMENT_TIMEOUT",
}


@dataclass(frozen=True)
class PgTimeouts:
    """How long a PostgreSQL session may wait, idle in a write, run one statement (seconds)."""

    lock_wait_s: float = 45.0
    idle_writer_s: float = 30.0
    statement_s: float = 300.0
    keepalive_idle_s: int = 10
    keepalive_interval_s: int = 5
    keepalive_count: int = 3

    @classmethod
    def from_env(cls) -> PgTimeouts:
        """The defaults, each overridden by its environment variable (``ENV``) when it holds a
        number of seconds (0: no limit)."""
        values: dict[str, Any] = {}
        for name, var in ENV.items():
            with suppress(ValueError):  # not a number: the default stands
                values[name] = max(0.0, float(os.environ.get(var, "").strip()))
        return replace(cls(), **values)

    def connect_args(self) -> dict[str, Any]:
        """psycopg connect arguments: libpq keepalives and the session's timeouts."""
        settings = {
            "lock_timeout": _ms(self.lock_wait_s),
            "statement_timeout": _ms(self.statement_s),
            "tcp_keepalives_idle": self.keepalive_idle_s,
            "tcp_keepalives_interval": self.keepalive_interval_s,
            "tcp_keepalives_count": self.keepalive_count,
        }
        return {
            "keepalives": 1,
            "keepalives_idle": self.keepalive_idle_s,
            "keepalives_interval": self.keepalive_interval_s,
            "keepalives_count": self.keepalive_count,
            "options": " ".join(f"-c {k}={v}" for k, v in settings.items()),
        }

    @property
    def idle_writer_sql(self) -> str:
        """The statement a write transaction runs once it holds locks."""
        return f"SET LOCAL idle_in_transaction_session_timeout = {_ms(self.idle_writer_s)}"


def _ms(seconds: float) -> int:
    """Milliseconds as PostgreSQL takes them; a positive time never rounds to 0 (no limit)."""
    return max(1, round(seconds * 1000)) if seconds > 0 else 0


def _seconds(value: float) -> str:
    return f"{value:g}".replace(".", ",")


class WaitedTooLong(Conflict):
    """Another PC (or process) held the data longer than a write may wait; nothing was written."""


class WriteInterrupted(StorageError):
    """The connection to the database server ended in the middle of a write; nothing was written."""


def _chain(exc: BaseException) -> Iterator[BaseException]:
    seen: list[BaseException] = []
    todo: list[BaseException | None] = [exc]
    while todo:
        e = todo.pop()
        if e is None or any(e is s for s in seen):
            continue
        seen.append(e)
        yield e
        todo += [getattr(e, "orig", None), e.__cause__, e.__context__]


def as_wait_error(
    exc: BaseException, timeouts: PgTimeouts, sqlite_busy_s: float
) -> AppError | None:
    """The user's message when ``exc`` is a timeout or a lost connection, else None."""
    for e in _chain(exc):
        if isinstance(e, AppError):
            return None
        state = getattr(e, "sqlstate", None) or ""
        if state == PG_LOCK_NOT_AVAILABLE:
            return WaitedTooLong(M.lock_timeout.format(seconds=_seconds(timeouts.lock_wait_s)))
        if state == PG_QUERY_CANCELED:
            return WaitedTooLong(M.statement_timeout.format(seconds=_seconds(timeouts.statement_s)))
        if state == PG_IDLE_IN_TRANSACTION:
            return WriteInterrupted(M.idle_killed.format(seconds=_seconds(timeouts.idle_writer_s)))
        if state in PG_SHUTDOWN or state.startswith("08") or _closed(e):
            return WriteInterrupted(M.connection_lost)
        if isinstance(e, sqlite_files.OperationalError) and (
            (getattr(e, "sqlite_errorcode", 0) or 0) & 0xFF == SQLITE_BUSY
            or "database is locked" in str(e)
        ):
            return WaitedTooLong(M.sqlite_busy.format(seconds=_seconds(sqlite_busy_s)))
    return None


def _closed(e: BaseException) -> bool:
    """psycopg's error for a connection the server (or the network) already closed."""
    return type(e).__module__.startswith("psycopg") and (
        "server closed the connection" in str(e) or "the connection is closed" in str(e)
    )


# ---------------------------------------------------------------- the waiting notice

_listeners: ContextVar[tuple[Callable[[bool], None], ...]] = ContextVar("db_waits", default=())


@contextmanager
def on_wait(callback: Callable[[bool], None]) -> Iterator[None]:
    """While the block runs (in this thread or task), a write that has to wait for another PC
    calls ``callback(True)`` when it starts waiting and ``callback(False)`` when it goes on."""
    token = _listeners.set((*_listeners.get(), callback))
    try:
        yield
    finally:
        _listeners.reset(token)


@contextmanager
def waiting() -> Iterator[None]:
    """Tell the ``on_wait`` listeners that this write is waiting, for the duration of the block."""
    listeners = _listeners.get()
    for callback in listeners:
        callback(True)
    try:
        yield
    finally:
        for callback in listeners:
            callback(False)

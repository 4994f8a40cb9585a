"""A full disk is a full disk: recognise it under any error, and say so in plain words.

SQLite says "database or disk is full" (SQLITE_FULL), or "disk I/O error"
(SQLITE_IOERR) when it cannot grow its write-ahead log or create its shared
memory file; Python says ENOSPC, EFBIG or EDQUOT; PostgreSQL says SQLSTATE
53100. Each of these can arrive wrapped (SQLAlchemy's ``OperationalError``
around the driver's, an ``OSError`` as the ``__cause__`` of another). One
place decides: ``is_disk_full``. ``disk_full`` makes the user's message — the
folder, the free space, how much to free — as a ``DiskFull``, an expected
error (exit 1 on the command line), never "damage" and never a bug.

An I/O error is only taken for a full disk when the disk holding the file has
almost no space left (``LOW_SPACE``): a real read error on a failing disk must
still be reported as such.
"""

from __future__ import annotations

import errno
import shutil
import sqlite3
from pathlib import Path

from sqlcipher3 import dbapi2 as sqlcipher

from app.errors import StorageError
from app.messages import MSG
from app.numbers import thousands

NO_SPACE_ERRNOS = frozenset({errno.ENOSPC, errno.EFBIG, getattr(errno, "EDQUOT", errno.ENOSPC)})
# SQLite primary result codes: SQLITE_IOERR = 10, SQLITE_FULL = 13, SQLITE_CANTOPEN = 14.
SQLITE_FULL, SQLITE_IOERR, SQLITE_CANTOPEN = 13, 10, 14
PG_DISK_FULL = "53100"
LOW_SPACE = 8 << 20
"""Below this much free space an I/O error on the data folder is taken for a full disk."""
MIN_FREE = 50 << 20
"""The least this tells the user to free: room for the log, a journal and a few writes."""


class DiskFull(StorageError):
    """The disk (or the database server's disk) has no room for the write; nothing was lost."""


def free_bytes(path: Path | None) -> int | None:
    """Free space on the disk holding ``path`` (its nearest existing folder), or None."""
    if path is None:
        return None
    here = Path(path)
    while not here.exists() and here != here.parent:
        here = here.parent
    try:
        return shutil.disk_usage(here).free
    except OSError:
        return None


def _chain(exc: BaseException) -> list[BaseException]:
    """The error, what it wraps (SQLAlchemy's ``orig``) and what caused it, without loops."""
    seen: list[BaseException] = []
    todo: list[BaseException | None] = [exc]
    while todo:
        e = todo.pop()
        if e is None or any(e is s for s in seen):
            continue
        seen.append(e)
        todo += [getattr(e, "orig", None), e.__cause__, e.__context__]
    return seen


# SQLite's errors from the stdlib and from the SQLCipher build (``app.sqlite_files``).
_SQLITE_ERRORS = (sqlite3.Error, sqlcipher.Error)


def _sqlite_code(e: BaseException) -> int:
    return int(getattr(e, "sqlite_errorcode", 0) or 0) & 0xFF


def is_disk_full(exc: BaseException, path: Path | None = None) -> bool:
    """Whether ``exc`` (or anything it wraps) means there was no room to write near ``path``."""
    low = None
    for e in _chain(exc):
        if isinstance(e, DiskFull):
            return True
        if isinstance(e, OSError) and e.errno in NO_SPACE_ERRNOS:
            return True
        if getattr(e, "sqlstate", None) == PG_DISK_FULL:
            return True
        if isinstance(e, _SQLITE_ERRORS):
            code = _sqlite_code(e)
            if code == SQLITE_FULL or "database or disk is full" in str(e):
                return True
            if code in (SQLITE_IOERR, SQLITE_CANTOPEN) or "disk I/O error" in str(e):
                if low is None:
                    free = free_bytes(path)
                    low = free is not None and free < LOW_SPACE
                if low:
                    return True
    return False


def _size(n: int) -> str:
    """``n`` bytes as a secretary reads it: "1,2 GB", "350 MB", "16 KB"."""
    if n >= 1 << 30:
        return f"{n / (1 << 30):.1f} GB".replace(".", ",")
    if n >= 1 << 20:
        return f"{thousands(round(n / (1 << 20)))} MB"
    return f"{thousands(max(n, 0) // 1024)} KB"


def space_needed(path: Path | None, extra: int = 0) -> int:
    """How much to free before writing near ``path`` again: the database's own size (a restore
    point copies it whole), ``extra``, and at least ``MIN_FREE``."""
    size = 0
    if path is not None and Path(path).is_file():
        size = Path(path).stat().st_size
    return max(MIN_FREE, size + extra)


def disk_full(path: Path | None, *, need: int | None = None) -> DiskFull:
    """The message for a write that found no room: where, how much is free, how much to free.

    ``path`` is the file being written (None: the database server's disk)."""
    if path is None:
        return DiskFull(MSG.disk_full_server)
    free = free_bytes(Path(path).parent)
    return DiskFull(
        MSG.disk_full.format(
            path=path,
            free=_size(free) if free is not None else "?",
            need=_size(need if need is not None else space_needed(path)),
        )
    )


def as_disk_full(exc: BaseException, path: Path | None) -> DiskFull | None:
    """``disk_full(path)`` when ``exc`` means the disk is full, else None (re-raise as it is)."""
    if isinstance(exc, DiskFull):
        return exc
    return disk_full(path) if is_disk_full(exc, path) else None

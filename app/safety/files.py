"""Careful file writing: ``.part`` files, fsync, atomic rename, disk-full errors.

Every file the safety code writes goes through here, so that a full disk or a
crash never leaves a half-written backup, key file or database in place of a
good one.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import BinaryIO

from app import sqlite_files
from app.atomic_file import written_beside
from app.disk_space import disk_full, is_disk_full
from app.errors import StorageError
from app.messages.safety import SAFETY_MSG

# SQLite primary result codes: SQLITE_IOERR = 10, SQLITE_FULL = 13.
_SQLITE_WRITE_FAILURES = {10, 13}


def is_write_failure(exc: BaseException) -> bool:
    """True when SQLite failed because it could not write (disk full, I/O error)."""
    return (getattr(exc, "sqlite_errorcode", 0) & 0xFF) in _SQLITE_WRITE_FAILURES


def storage_error(exc: BaseException, path: Path) -> StorageError:
    """The user-facing error for a failed write of ``path``."""
    if (isinstance(exc, sqlite_files.Error) and is_write_failure(exc)) or is_disk_full(exc, path):
        full = disk_full(path)
        full.details = str(exc)
        return full
    reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
    return StorageError(SAFETY_MSG.write_failed.format(path=path, reason=reason), details=str(exc))


STALE_PART_SECONDS = 600
"""A ``.part`` file untouched this long belongs to a write that died (a live one grows)."""


def remove_stale_parts(
    folder: Path,
    pattern: str = "*.part",
    now: float | None = None,
    min_age: float = STALE_PART_SECONDS,
) -> int:
    """Delete ``.part`` files (and their SQLite side files) a killed write left in ``folder``;
    how many. A file modified in the last ``min_age`` seconds may be another process's live
    write and is kept (0: the caller holds the lock every writer there takes)."""
    cutoff = (time.time() if now is None else now) - min_age
    removed = 0
    for part in folder.glob(pattern) if folder.is_dir() else ():
        try:
            if part.stat().st_mtime >= cutoff:
                continue
        except OSError:
            continue
        remove_quietly(part, part.with_name(part.name + "-journal"))
        removed += 1
    return removed


def remove_quietly(*files: Path) -> None:
    """Delete files if they exist, ignoring errors (cleanup after a failure)."""
    for f in files:
        with suppress(OSError):
            f.unlink(missing_ok=True)


@contextmanager
def atomic_write(dest: Path, mode: int = 0o600) -> Iterator[BinaryIO]:
    """Write ``dest`` through ``dest.part`` (``app.atomic_file.written_beside``): flushed,
    renamed over it and the folder synced; nothing left on error, a failure said plainly."""
    try:
        with written_beside(dest, mode) as tmp, open(tmp, "wb") as fh:
            yield fh
    except OSError as exc:
        raise storage_error(exc, dest) from exc

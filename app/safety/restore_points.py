"""Restore points: online copies of the SQLite file, taken before risky work.

Call ``take(db_path, label)`` before a migration, an import, a restore or any
other operation that rewrites many rows. The copy uses SQLite's online backup
API, so it is consistent even while the app is open and includes what is
still in the WAL. Only the newest ``KEEP`` points are kept. On PostgreSQL
restore points are the server's job (pg_dump), and ``take`` returns None.

A point's file name says when it was taken, why, and which database it is a
copy of (``<time>_<label>@<db-tag>.sqlite``), so recovery never puts another
database's copy in place. A point of an encrypted database is encrypted with the same
key, and names it in its own sidecar (``app.sqlite_files``, decision 019).
"""

from __future__ import annotations

import hashlib
import logging
import re
import shutil
import time
from contextlib import suppress
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from app import paths, sqlite_files
from app.atomic_file import fsync_dir, fsync_file
from app.errors import StorageError
from app.messages import MSG
from app.safety.files import (
    STALE_PART_SECONDS,
    remove_quietly,
    remove_stale_parts,
    storage_error,
)

KEEP = 20
log = logging.getLogger(__name__)
_SAFE = re.compile(r"[^A-Za-z0-9_-]+")
_STAMP = "%Y%m%d-%H%M%S-%f"
# SQLite primary result codes meaning "the source file is damaged": CORRUPT, NOTADB.
_DAMAGED = {11, 26}


@dataclass(frozen=True)
class RestorePoint:
    """A restore point file, when and why it was taken, and which database it copies."""

    path: Path
    taken_at: datetime
    label: str
    source: str = ""


def db_tag(db_path: Path) -> str:
    """A short stable name for a database file: its stem and a hash of its full path."""
    resolved = str(Path(db_path).resolve())
    digest = hashlib.sha1(resolved.encode("utf-8")).hexdigest()[:8]
    stem = _SAFE.sub("-", Path(db_path).stem).strip("-")[:30] or "csdl"
    return f"{stem}-{digest}"


def _stamp() -> str:
    return datetime.now().strftime(_STAMP)


def _is_damage(exc: BaseException) -> bool:
    return sqlite_files.error_code(exc) in _DAMAGED


def online_copy(src: Path, dest: Path) -> None:
    """Copy an SQLite database consistently with the online backup API (dest via ``.part``).

    An encrypted source gives a copy encrypted with the same key, its sidecar written first."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(dest.name + ".part")
    side = tmp.with_name(tmp.name + "-journal")
    try:
        key = sqlite_files.key_of(src)
        ref = sqlite_files.read_ref(src) if key is not None else None
        source = sqlite_files.connect(src, readonly=True, key=key)
        try:
            if ref is not None:
                sqlite_files.write_ref(dest, ref)
            target = sqlite_files.connect(tmp, key=key)
            try:
                source.backup(target)
                # A self-contained file: read-only checks of it then leave no -wal/-shm behind.
                target.execute("PRAGMA journal_mode=DELETE").fetchall()
            finally:
                target.close()
        finally:
            source.close()
        fsync_file(tmp)
        tmp.replace(dest)
        fsync_dir(dest.parent)
    except sqlite_files.Error as exc:
        remove_quietly(tmp, side)
        if _is_damage(exc):
            raise StorageError(MSG.db_integrity_failed.format(path=src, detail=exc)) from exc
        raise storage_error(exc, dest) from exc
    except OSError as exc:
        remove_quietly(tmp, side)
        raise storage_error(exc, dest) from exc
    except BaseException:
        remove_quietly(tmp, side)
        raise


def raw_copy(src: Path, dest: Path) -> None:
    """Copy the file and its WAL byte for byte (for a source too damaged for the backup API)."""
    tmp = dest.with_name(dest.name + ".part")
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
        if (ref := sqlite_files.read_ref(src)) is not None:
            sqlite_files.write_ref(dest, ref)
        shutil.copyfile(src, tmp)
        fsync_file(tmp)
        wal = src.with_name(src.name + "-wal")
        if wal.exists():
            shutil.copyfile(wal, dest.with_name(dest.name + "-wal"))
        tmp.replace(dest)
        fsync_dir(dest.parent)
    except OSError as exc:
        remove_quietly(tmp, dest.with_name(dest.name + "-wal"))
        raise storage_error(exc, dest) from exc


def take(
    db_path: Path | None,
    label: str,
    folder: Path | None = None,
    *,
    damaged_ok: bool = False,
) -> RestorePoint | None:
    """Take a restore point of ``db_path``; None when there is nothing to copy.

    With ``damaged_ok`` a file SQLite cannot read is copied byte for byte
    instead of failing, so it is kept even when it is the reason for a restore.
    """
    if db_path is None or not Path(db_path).exists() or Path(db_path).stat().st_size == 0:
        return None
    folder = folder or paths.restore_points_dir()
    slug = _SAFE.sub("-", label).strip("-")[:40] or "diem-khoi-phuc"
    tag = db_tag(Path(db_path))
    dest = folder / f"{_stamp()}_{slug}@{tag}.sqlite"
    try:
        online_copy(Path(db_path), dest)
    except StorageError:
        if not damaged_ok:
            raise
        raw_copy(Path(db_path), dest)
    log.info("restore point %s", dest)
    prune(folder)
    return RestorePoint(dest, datetime.now(), label, tag)


def _parse(p: Path) -> RestorePoint | None:
    stamp, _, rest = p.stem.partition("_")
    label, _, tag = rest.partition("@")
    try:
        when = datetime.strptime(stamp, _STAMP)
    except ValueError:
        return None
    return RestorePoint(p, when, label, tag)


def list_points(folder: Path | None = None, db_path: Path | None = None) -> list[RestorePoint]:
    """Restore points, newest first; only those of ``db_path`` when it is given."""
    folder = folder or paths.restore_points_dir()
    tag = db_tag(db_path) if db_path is not None else None
    points = [rp for p in folder.glob("*.sqlite") if (rp := _parse(p)) is not None]
    if tag is not None:
        points = [rp for rp in points if rp.source == tag]
    return sorted(points, key=lambda rp: rp.taken_at, reverse=True)


def prune(folder: Path | None = None, keep: int = KEEP) -> None:
    """Delete all but the newest ``keep`` restore points, and what killed copies left."""
    remove_stale_parts(folder or paths.restore_points_dir())
    folder = folder or paths.restore_points_dir()
    for old in list_points(folder)[keep:]:
        remove_quietly(old.path, old.path.with_name(old.path.name + "-wal"))
        remove_quietly(sqlite_files.sidecar(old.path))
    cutoff = time.time() - STALE_PART_SECONDS
    for orphan in folder.glob(f"*.sqlite{sqlite_files.SIDECAR_SUFFIX}"):  # a killed point's
        point = orphan.with_name(orphan.name.removesuffix(sqlite_files.SIDECAR_SUFFIX))
        with suppress(OSError):
            if not point.exists() and orphan.stat().st_mtime < cutoff:
                remove_quietly(orphan)

"""Encrypted backups of the SQLite database: create, list, schedule, keys, restore.

A backup is an online copy of the database, compressed and encrypted with the
school's AES-256-GCM key from keyring (``app.safety.crypto`` for the format,
``app.safety.keys`` for the key). Files are named
``truongso_<school>_<yyyymmdd-hhmmss>.tsbak`` and written through ``.part``
files, so a full disk or a crash never leaves half a backup. After each
backup the folder is pruned to 7 daily + 4 weekly (``app.safety.retention``).
Restoring lives in ``app.safety.restore`` and is re-exported here.
"""

from __future__ import annotations

import hashlib
import logging
import os
from contextlib import suppress
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, BinaryIO

import app
from app import journal, paths, setup, sqlite_files
from app import settings as app_settings
from app.changes import BACKUP, Changes, carried
from app.db import Actor, Database, utcnow
from app.errors import StorageError
from app.messages import MSG
from app.messages.safety import SAFETY_MSG
from app.permissions import Perm, require
from app.progress import NullProgress, Progress, check_cancel
from app.safety import retention
from app.safety.crypto import Header, encrypt_to, fingerprint, read_header
from app.safety.files import atomic_write, remove_quietly, remove_stale_parts, storage_error
from app.safety.keys import export_key, get_or_create_key, import_key
from app.safety.restore import RestoreInfo, restore_backup

__all__ = [
    "BackupInfo",
    "RestoreInfo",
    "backup_due",
    "create_backup",
    "export_key",
    "import_key",
    "latest_backup",
    "list_backups",
    "restore_backup",
    "run_scheduled",
]

SUFFIX = ".tsbak"
SIDES = ("-wal", "-shm", "-journal")
SCHEDULER = "sao_luu_tu_dong"
log = logging.getLogger(__name__)
NO_PROGRESS: Progress = NullProgress()


@dataclass(frozen=True)
class BackupInfo:
    """One backup file as its header describes it."""

    path: Path
    created_at: datetime
    school_code: str
    size: int
    changes: Changes = carried()  # set by create_backup


def _sqlite_file(db: Database) -> Path:
    if db.path is None:
        raise StorageError(MSG.restore_pg_unsupported)
    return db.path


def _school_code(db: Database) -> str:
    code = db.school_code or setup.load_school_code(db)
    if not code:
        raise StorageError(SAFETY_MSG.backup_school_missing)
    return code


def _revision(path: Path) -> str:
    """The Alembic revision recorded in an SQLite file ('' when none)."""
    try:
        conn = sqlite_files.connect(path, readonly=True)
        try:
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            conn.close()
    except sqlite_files.Error:
        return ""
    return str(row[0]) if row else ""


def _prepare(folder: Path | None) -> Path:
    """The backup folder, created if needed (a missing USB stick is a clear error)."""
    target = Path(folder) if folder else None
    try:
        target = target or app_settings.load().effective_backup_dir()
        target.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise storage_error(exc, target or Path(app_settings.load().backup_dir)) from exc
    return target


@dataclass
class _Snapshot:
    """A consistent copy of the database in an encrypted file keyed from the backup's key
    (the body a restore opens with the same key file): never plain on disk."""

    body: BinaryIO
    size: int
    sha256: str
    revision: str
    journal_head: str
    file: Path

    def close(self) -> None:
        self.body.close()
        _drop(self.file)


def _drop(tmp: Path) -> None:
    """Remove the copy and its folders (``tmp/sao-luu-<pid>``, then ``tmp`` when empty)."""
    remove_quietly(tmp, *(tmp.with_name(tmp.name + s) for s in SIDES))
    with suppress(OSError):
        tmp.parent.rmdir()
        tmp.parent.parent.rmdir()


def _facts(conn: Any) -> tuple[str, str]:
    """The copy's Alembic revision and journal head "number:hash:MAC" ('' when none)."""
    try:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite_files.Error:
        row = None
    try:
        head = conn.execute("SELECT seq, hash, mac FROM journal_head WHERE id = 1").fetchone()
    except sqlite_files.Error:
        head = None
    return (
        str(row[0]) if row else "",
        f"{head[0]}:{head[1]}:{head[2] or ''}" if head else "",
    )


def _copy(source: Any, tmp: Path, body_key: bytes, encrypted: bool) -> tuple[str, str]:
    """SQLite's online backup of ``source`` into ``tmp`` keyed with ``body_key``: directly
    from an encrypted database (the copy is rekeyed); a plain one (``TRUONGSO_ENCRYPT_DB=0``)
    through memory first, then exported encrypted (the backup API does not encrypt)."""
    if encrypted:
        target = sqlite_files.connect(tmp, key=body_key)
        try:
            source.backup(target)
            target.execute("PRAGMA journal_mode=DELETE").fetchall()
            return _facts(target)
        finally:
            target.close()
    memory = sqlite_files.connect_memory()
    try:
        source.backup(memory)
        sqlite_files.export_to(memory, tmp, body_key)
        return _facts(memory)
    finally:
        memory.close()


def _snapshot(db_path: Path, backup_key: bytes) -> _Snapshot:
    """The copy, in the data folder's ``tmp`` (removed after; a killed backup's is removed at
    the next start)."""
    folder = paths.data_dir() / "tmp" / f"sao-luu-{os.getpid()}"
    tmp = folder / "ban-sao.sqlite"
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        source = sqlite_files.connect(db_path, readonly=True)
        try:
            body_key = sqlite_files.database_key(backup_key)
            revision, head = _copy(source, tmp, body_key, sqlite_files.is_encrypted(db_path))
        finally:
            source.close()
        digest = hashlib.sha256()
        with open(tmp, "rb") as fh:
            while chunk := fh.read(1 << 20):
                digest.update(chunk)
        size = tmp.stat().st_size
        return _Snapshot(open(tmp, "rb"), size, digest.hexdigest(), revision, head, tmp)
    except BaseException as exc:
        _drop(tmp)
        if isinstance(exc, (*sqlite_files.Error, OSError)):
            raise storage_error(exc, db_path) from exc
        raise


def _destination(folder: Path, code: str, when: datetime) -> Path:
    stem = f"truongso_{code}_{when.astimezone():%Y%m%d-%H%M%S}"
    dest, n = folder / f"{stem}{SUFFIX}", 2
    while dest.exists():
        dest, n = folder / f"{stem}-{n}{SUFFIX}", n + 1
    return dest


def _journal(db: Database, actor: Actor, dest: Path, header: Header) -> None:
    with db.uow(actor=actor, reason="Sao lưu dữ liệu") as s:
        details = {"file": str(dest), "size": header.size, "sha256": header.sha256}
        journal.record_event(s, "backup", dest.name, "sao_luu", {**details, "key": header.key_id})


def create_backup(
    db: Database,
    actor: Actor | None,
    folder: Path | None = None,
    progress: Progress = NO_PROGRESS,
) -> BackupInfo:
    """Back the database up now, encrypted, into ``folder`` (default: the settings' folder).

    ``actor`` None means the app's own scheduler. Needs ``Perm.BACKUP``.
    """
    actor = actor or Actor.system(SCHEDULER)
    require(actor, Perm.BACKUP)
    db_path = _sqlite_file(db)
    code = _school_code(db)
    folder = _prepare(folder)
    key = get_or_create_key(code)
    created = utcnow()
    dest = _destination(folder, code, created)
    progress.update(0, 100, SAFETY_MSG.backup_in_progress)
    remove_stale_parts(folder, f"*{SUFFIX}.part")  # what a killed backup left
    snapshot = _snapshot(db_path, key)
    try:
        check_cancel(progress)
        size = snapshot.size
        header = Header(
            code,
            created.isoformat(),
            snapshot.revision,
            snapshot.sha256,
            size,
            fingerprint(key),
            app_version=app.__version__,
            journal_head=snapshot.journal_head,
        )
        done = 0

        def tick(n: int) -> None:
            nonlocal done
            done += n
            pct = min(99, done * 100 // max(size, 1))
            progress.update(pct, 100, SAFETY_MSG.backup_in_progress)
            check_cancel(progress)

        with atomic_write(dest) as out:
            encrypt_to(snapshot.body, out, header, key, tick)
    finally:
        snapshot.close()
    _journal(db, actor, dest, header)
    prune(folder, code, protect=dest)
    progress.update(100, 100, MSG.backup_done.format(path=dest))
    log.info("backup written to %s", dest)
    return BackupInfo(dest, created, code, dest.stat().st_size, Changes.of(BACKUP))


def list_backups(folder: Path | None = None) -> list[BackupInfo]:
    """Backups in ``folder``, newest first (reads headers only; other files are ignored)."""
    folder = Path(folder) if folder else app_settings.load().effective_backup_dir()
    found = []
    for p in folder.glob(f"*{SUFFIX}"):
        try:
            with open(p, "rb") as fh:
                header, _ = read_header(fh, p)
            found.append(BackupInfo(p, header.created, header.school_code, p.stat().st_size))
        except (StorageError, OSError) as exc:
            log.warning("skipping %s: %s", p, exc)
    return sorted(found, key=lambda b: b.created_at, reverse=True)


def latest_backup(folder: Path | None = None) -> BackupInfo | None:
    """The newest backup in ``folder``, or None."""
    backups = list_backups(folder)
    return backups[0] if backups else None


def prune(folder: Path, school_code: str, protect: Path | None = None) -> list[Path]:
    """Apply 7 daily + 4 weekly retention to one school's backups in ``folder``."""
    items = [
        (b.path, b.created_at.astimezone())
        for b in list_backups(folder)
        if b.school_code == school_code
    ]
    doomed = [p for p in retention.to_delete(items) if p != protect]
    remove_quietly(*doomed)
    for p in doomed:
        log.info("retention: deleted %s", p)
    return doomed


def backup_due(settings: app_settings.Settings, now: datetime | None = None) -> bool:
    """True when there is no backup or the newest is older than ``backup_every_hours``.

    One hour of slack (a tenth of the interval when shorter) means a PC
    started at about the same time every day gets its backup every day.
    ``backup_every_hours`` of 0 turns scheduled backups off.
    """
    if settings.backup_every_hours <= 0:
        return False
    latest = latest_backup(settings.effective_backup_dir())
    if latest is None:
        return True
    every = timedelta(hours=settings.backup_every_hours)
    slack = min(timedelta(hours=1), every / 10)
    return (now or utcnow()) - latest.created_at >= every - slack


def run_scheduled(
    db: Database, actor: Actor | None, settings: app_settings.Settings
) -> BackupInfo | None:
    """Back up if one is due (SQLite only); returns the new backup or None."""
    if db.path is None or not backup_due(settings):
        return None
    return create_backup(db, actor, settings.effective_backup_dir())

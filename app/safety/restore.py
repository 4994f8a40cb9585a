"""Restoring an encrypted backup: verify everything first, then swap the file atomically.

Order, so that nothing is replaced by a bad backup:

1. decrypt into a hidden temporary file beside the target (a wrong key or a
   changed byte fails the GCM tag);
2. check the SHA-256 and size from the header, ``PRAGMA integrity_check``,
   that this build knows the backup's Alembic revision, and the journal chain;
3. take a restore point of the current target (kept, even when damaged);
4. remove the old file's ``-wal``/``-shm``/``-journal`` (they would be applied
   to the new file), then ``os.replace`` the temporary file onto the target.

Callers must have disposed of their engines. The instance lock must be free
or held by this process (the CLI and the window hold it), so a running app
elsewhere blocks a restore. The restored file is not migrated here: the next
``open_runtime`` takes a restore point and migrates it.
"""

from __future__ import annotations

import logging
import os
from contextlib import suppress
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import create_engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from app import journal, migrate, paths, sqlite_files
from app.atomic_file import fsync_dir
from app.db import Actor, Database, make_engine, sqlite_url
from app.errors import Conflict, StorageError
from app.messages import MSG
from app.messages.safety import SAFETY_MSG
from app.permissions import Perm, require
from app.progress import NullProgress, Progress, check_cancel
from app.safety import encryption, keys, restore_points, seals
from app.safety.crypto import Header, decrypt_to, read_header
from app.safety.files import is_write_failure, remove_quietly, storage_error
from app.safety.integrity import integrity_check
from app.safety.lock import InstanceLock

log = logging.getLogger(__name__)
NO_PROGRESS: Progress = NullProgress()
SIDE_FILES = ("-wal", "-shm", "-journal")


@dataclass(frozen=True)
class RestoreInfo:
    """What was restored, where, and where the replaced database was kept."""

    backup: Path
    target: Path
    school_code: str
    created_at: datetime
    revision: str
    journal_entries: int  # -1 when the journal could only be checked after migration
    kept: Path | None


def peek(backup: Path) -> Header:
    """The header of a backup file (no key needed)."""
    try:
        with open(backup, "rb") as fh:
            return read_header(fh, backup)[0]
    except FileNotFoundError as exc:
        raise StorageError(SAFETY_MSG.backup_not_found.format(path=backup)) from exc
    except OSError as exc:
        raise StorageError(MSG.backup_bad_file.format(path=backup), details=str(exc)) from exc


def _key_for(
    header: Header, backup: Path, key_file: Path | None
) -> tuple[bytes, keys.KeyRecord | None]:
    if key_file is not None:
        record = keys.read_key_file(Path(key_file))
        if record.fingerprint != header.key_id:
            raise StorageError(MSG.backup_wrong_key.format(path=backup))
        return record.key, record
    key = keys.find_key(header.school_code, header.key_id)
    if key is None:
        raise StorageError(MSG.backup_no_key)
    return key, None


def _exclusive(target: Path) -> InstanceLock | None:
    """Take the instance lock, or None when this process already holds it."""
    lock = InstanceLock(target)
    try:
        lock.acquire()
    except Conflict:
        if lock.held_by_this_process():
            return None
        raise
    return lock


def _decrypt(
    backup: Path,
    key: bytes,
    tmp: Path,
    target: Path,
    progress: Progress,
    label: str = SAFETY_MSG.restore_in_progress,
) -> Header:
    total = max(backup.stat().st_size, 1)
    done = 0

    def tick(n: int) -> None:
        nonlocal done
        done += n
        progress.update(min(90, done * 90 // total), 100, label)
        check_cancel(progress)

    try:
        with open(tmp, "wb") as out:
            header, digest, size = decrypt_to(backup, key, out, tick)
            out.flush()
            os.fsync(out.fileno())
    except OSError as exc:
        raise storage_error(exc, target) from exc
    if digest != header.sha256 or size != header.size:
        raise StorageError(MSG.backup_corrupt.format(path=backup, detail="SHA-256"))
    return header


def _settle(tmp: Path, backup: Path, target: Path, key: bytes | None) -> None:
    """Make the decrypted copy a self-contained file (rollback-journal mode, no -wal)."""
    try:
        conn = sqlite_files.connect(tmp, key=key)
        try:
            conn.execute("PRAGMA journal_mode=DELETE").fetchall()
        finally:
            conn.close()
    except sqlite_files.Error as exc:
        if is_write_failure(exc):
            raise storage_error(exc, target) from exc
        raise StorageError(MSG.backup_corrupt.format(path=backup, detail=exc)) from exc


def _revision(tmp: Path, backup: Path, key: bytes | None) -> str:
    try:
        conn = sqlite_files.connect(tmp, readonly=True, key=key)
        try:
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            conn.close()
    except sqlite_files.Error as exc:
        raise StorageError(MSG.backup_corrupt.format(path=backup, detail=exc)) from exc
    if not row:
        raise StorageError(MSG.backup_corrupt.format(path=backup, detail="alembic_version"))
    return str(row[0])


def _journal_count(tmp: Path, backup: Path, revision: str, key: bytes | None) -> int:
    """Verify the journal chain of the decrypted copy; returns its number of entries.

    A backup at an older revision whose journal table this build cannot read
    as it is (a later migration changed it) is logged and let through; run
    ``check`` once the restored file has been migrated.
    """
    engine = create_engine(
        "sqlite://",
        module=sqlite_files.dbapi,
        creator=lambda: sqlite_files.connect(tmp, readonly=True, key=key),
    )
    try:
        with Session(engine) as s:
            result = journal.verify(s)
    except SQLAlchemyError as exc:
        if revision == migrate.head_revision():
            raise StorageError(
                SAFETY_MSG.backup_checks_failed.format(path=backup, detail=exc)
            ) from exc
        log.warning("journal of %s (revision %s) not verifiable before migration", backup, revision)
        return -1
    finally:
        engine.dispose()
    if not result.ok:
        raise StorageError(
            SAFETY_MSG.backup_journal_broken.format(path=backup, detail=result.message)
        )
    return result.count


def _verify(tmp: Path, backup: Path, target: Path, key: bytes | None) -> tuple[str, int]:
    """Every check a decrypted backup must pass; returns its revision and journal size.
    ``key``: the body's own key when it is an encrypted database (decision 019)."""
    _settle(tmp, backup, target, key)
    check = integrity_check(tmp, key)
    if not check.ok:
        raise StorageError(SAFETY_MSG.backup_checks_failed.format(path=backup, detail=check.detail))
    revision = _revision(tmp, backup, key)
    if revision not in migrate.known_revisions():
        raise StorageError(MSG.backup_newer_schema.format(path=backup))
    return revision, _journal_count(tmp, backup, revision, key)


def _replace(tmp: Path, target: Path, ref: sqlite_files.KeyRef | None) -> None:
    """Put ``tmp`` in place of ``target`` atomically, dropping the old file's side files;
    the sidecar naming its key first when it is encrypted."""
    try:
        for suffix in SIDE_FILES:
            target.with_name(target.name + suffix).unlink(missing_ok=True)
        if ref is not None:
            sqlite_files.write_ref(target, ref)
        else:
            sqlite_files.sidecar(target).unlink(missing_ok=True)
        os.replace(tmp, target)
        fsync_dir(target.parent)
    except OSError as exc:
        raise storage_error(exc, target) from exc


def _record(
    target: Path, actor: Actor | None, backup: Path, header: Header, kept: Path | None
) -> None:
    """Journal the restore in the restored database (best effort: the restore is done)."""
    db = Database(make_engine(sqlite_url(target)), school_code=header.school_code)
    details = {"file": str(backup), "created_at": header.created_at, "kept": str(kept or "")}
    try:
        with db.uow(
            actor=actor or Actor.system("khoi_phuc"), reason="Khôi phục từ bản sao lưu"
        ) as s:
            journal.start_epoch(s, "Khôi phục từ bản sao lưu")  # numbers will be reused
            journal.record_event(s, "backup", backup.name, "khoi_phuc", details)
    except SQLAlchemyError:
        log.exception("restore of %s done but not journalled", target)
    finally:
        db.dispose()


def _rekey_body(tmp: Path, key: bytes | None, target: Path, body_key: bytes) -> None:
    """Encrypt a plain backup's verified copy with ``key`` before it takes the database's
    place (keyed from the backup's key, as newer bodies are); or, with ``key`` None and
    ``TRUONGSO_ENCRYPT_DB=0``, decrypt an encrypted body."""
    part = encryption.part_path(tmp)
    try:
        if key is not None:
            encryption.export_encrypted(tmp, part, key)
        else:
            conn = sqlite_files.connect(tmp, key=body_key)
            try:
                sqlite_files.export_to(conn, part, None)
            finally:
                conn.close()
        os.replace(part, tmp)
    except sqlite_files.Error as exc:
        raise storage_error(exc, target) from exc
    except OSError as exc:
        raise storage_error(exc, target) from exc


@dataclass(frozen=True)
class CheckedBackup:
    """A backup that passed every check a restore makes, without replacing anything."""

    backup: Path
    school_code: str
    created_at: datetime
    revision: str
    journal_entries: int  # -1 when the journal can only be checked after migration


def verify_backup(
    backup: Path, key_file: Path | None = None, *, progress: Progress = NO_PROGRESS
) -> CheckedBackup:
    """Run the restore's checks on ``backup`` (decrypt, SHA-256, integrity, revision, journal)
    in a temporary copy under the data folder's ``tmp``, removed after; nothing else changes.
    A killed check's copy is removed at the next start (``tmp/sao-luu-*``)."""
    backup = Path(backup)
    header = peek(backup)
    key, _record = _key_for(header, backup, key_file)
    folder = paths.data_dir() / "tmp" / f"sao-luu-kiem-tra-{os.getpid()}"
    tmp = folder / "ban-kiem-tra.sqlite"
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        _decrypt(backup, key, tmp, tmp, progress, SAFETY_MSG.check_in_progress)
        encrypted = sqlite_files.is_encrypted(tmp)
        body_key = sqlite_files.database_key(key) if encrypted else None
        revision, entries = _verify(tmp, backup, tmp, body_key)
    except OSError as exc:
        raise storage_error(exc, tmp) from exc
    finally:
        remove_quietly(tmp, *(tmp.with_name(tmp.name + s) for s in SIDE_FILES))
        with suppress(OSError):
            folder.rmdir()
    progress.update(100, 100, SAFETY_MSG.backup_checked)
    return CheckedBackup(backup, header.school_code, header.created, revision, entries)


def _swap(
    backup: Path, key: bytes, target: Path, progress: Progress
) -> tuple[Header, str, int, Path | None]:
    """Decrypt and verify into a temporary file, keep the target, then replace it."""
    tmp = target.with_name(f".{target.name}.khoi-phuc-{os.getpid()}.tmp")
    try:
        header = _decrypt(backup, key, tmp, target, progress)
        body_key = sqlite_files.database_key(key)
        encrypted = sqlite_files.is_encrypted(tmp)
        revision, entries = _verify(tmp, backup, target, body_key if encrypted else None)
        check_cancel(progress)
        if encrypted != sqlite_files.encryption_wanted():  # an older, plain backup; or off
            _rekey_body(tmp, body_key if not encrypted else None, target, body_key)
            encrypted = not encrypted
        point = restore_points.take(target, "truoc-khoi-phuc", damaged_ok=True)
        ref = sqlite_files.KeyRef(header.school_code, header.key_id) if encrypted else None
        _replace(tmp, target, ref)
    finally:
        part = encryption.part_path(tmp)
        remove_quietly(
            tmp, part, *(p.with_name(p.name + s) for p in (tmp, part) for s in SIDE_FILES)
        )
    return header, revision, entries, point.path if point else None


def restore_backup(
    backup: Path,
    target: Path,
    key_file: Path | None = None,
    *,
    actor: Actor | None = None,
    progress: Progress = NO_PROGRESS,
) -> RestoreInfo:
    """Verify ``backup`` completely, keep ``target`` as a restore point, then replace it.

    With ``actor`` the call needs ``Perm.RESTORE``. A key given as ``key_file``
    is stored in keyring afterwards (and becomes this PC's key for the school
    if it has none), so later backups on a new PC use the same key.
    """
    if actor is not None:
        require(actor, Perm.RESTORE)
    backup, target = Path(backup), Path(target)
    header = peek(backup)
    key, record = _key_for(header, backup, key_file)
    target.parent.mkdir(parents=True, exist_ok=True)
    lock = _exclusive(target)
    try:
        header, revision, entries, kept = _swap(backup, key, target, progress)
        if record is not None:  # before the restore's own entry, which it then seals
            keys.store_key(
                record.school_code,
                record.key,
                make_current=keys.current_key(record.school_code) is None,
            )
        seals.forget_anchor(seals.sqlite_id(target))  # the journal goes back on purpose
        _record(target, actor, backup, header, kept)
    finally:
        if lock is not None:
            lock.release()
    done = (
        MSG.restore_done.format(path=backup, kept=kept)
        if kept
        else SAFETY_MSG.restore_done_new.format(path=backup, target=target)
    )
    progress.update(100, 100, done)
    log.info("restored %s from %s; previous database kept at %s", target, backup, kept)
    return RestoreInfo(backup, target, header.school_code, header.created, revision, entries, kept)

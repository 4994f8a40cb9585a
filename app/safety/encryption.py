"""Encrypting a school's SQLite database at rest with SQLCipher (decision 019).

A plain database that has a school is encrypted in place — at the end of first-time setup
(``init``, ``demo``, the setup wizard) and at any start that finds it plain (the migration
of an existing database) — under the instance lock:

1. the sidecar naming the key (``<db>.key.json``: school code and key fingerprint) is
   written first, so an encrypted file is never without it;
2. ``sqlcipher_export`` writes an encrypted copy into ``<db>.part`` (owner-only; its
   bytes are ciphertext from the first page on), which is synced to the disk;
3. the plain file's WAL is checkpointed away, then the copy is renamed over it and the
   folder synced: an interruption at any step leaves the plain original in place, and
   the next start does it again;
4. the restore points taken while it was plain are encrypted the same way;
5. the encryption is journalled as an event.

The database key is derived from the school key (``app.sqlite_files.database_key``); the
school key comes from ``app.safety.keys`` by the fingerprint in the sidecar.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from app import journal, setup, sqlite_files
from app.atomic_file import fsync_dir, fsync_file
from app.db import Actor, Database
from app.errors import StorageError
from app.messages.safety import SAFETY_MSG
from app.safety import keys, restore_points
from app.safety.crypto import fingerprint
from app.safety.files import remove_quietly, storage_error
from app.sqlite_files import KeyRef

log = logging.getLogger(__name__)
SIDE_FILES = ("-wal", "-shm", "-journal")


def install() -> None:
    """Give the SQLite door its key source (``app.modules`` calls it once)."""
    sqlite_files.set_key_source(keys.find_key)


def part_path(path: Path) -> Path:
    """Where the encrypted copy of ``path`` is written before it takes its place."""
    return path.with_name(path.name + ".part")


def export_encrypted(source: Path, dest: Path, key: bytes) -> None:
    """Write an encrypted copy of the plain file ``source`` at ``dest`` (replaced if there),
    synced to the disk. The copy is keyed before its first page is written."""
    conn = sqlite_files.connect(source)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
        sqlite_files.export_to(conn, dest, key)
    finally:
        conn.close()
    fsync_file(dest)


def encrypt_file(path: Path, school_code: str) -> bool:
    """Encrypt the plain SQLite file ``path`` in place with ``school_code``'s key (created
    if this PC has none yet). The caller holds the instance lock and has no connection
    open to it. True when it was encrypted now; False when already encrypted or empty."""
    path = Path(path)
    if not path.exists() or path.stat().st_size == 0 or sqlite_files.is_encrypted(path):
        return False
    school_key = keys.get_or_create_key(school_code)
    ref = KeyRef(school_code, fingerprint(school_key))
    key = sqlite_files.database_key(school_key)
    tmp = part_path(path)
    try:
        sqlite_files.write_ref(path, ref)
        export_encrypted(path, tmp, key)
        for suffix in SIDE_FILES:  # empty after the checkpoint; never applied to the copy
            path.with_name(path.name + suffix).unlink(missing_ok=True)
        os.replace(tmp, path)
        fsync_dir(path.parent)
    except sqlite_files.Error as exc:
        raise storage_error(exc, path) from exc
    except OSError as exc:
        raise storage_error(exc, path) from exc
    finally:
        remove_quietly(tmp, *(tmp.with_name(tmp.name + s) for s in SIDE_FILES))
    log.info("encrypted %s with the key %s of school %s", path, ref.key_id, school_code)
    _encrypt_points(path, ref, key)
    return True


def _encrypt_points(path: Path, ref: KeyRef, key: bytes) -> None:
    """Encrypt the plain restore points of ``path`` taken before it was encrypted, so no plain
    copy of the school stays on disk (best effort: one that fails is logged and left)."""
    for point in restore_points.list_points(db_path=path):
        if sqlite_files.is_encrypted(point.path):
            continue
        tmp = part_path(point.path)
        try:
            sqlite_files.write_ref(point.path, ref)
            export_encrypted(point.path, tmp, key)
            os.replace(tmp, point.path)
        except (*sqlite_files.Error, OSError):
            log.warning("restore point %s left plain", point.path, exc_info=True)
        finally:
            remove_quietly(tmp, *(tmp.with_name(tmp.name + s) for s in SIDE_FILES))


def encrypt_database(db: Database, actor: Actor | None = None) -> bool:
    """Encrypt ``db``'s SQLite file if it is plain and has a school; journal it.

    Nothing for PostgreSQL (the server's own security), for ``TRUONGSO_ENCRYPT_DB=0``, or a
    database without a school yet. Pooled connections are closed first; later ones open
    the encrypted file (``app.db`` keys every new connection)."""
    path = db.path
    if path is None or not sqlite_files.encryption_wanted():
        return False
    code = db.school_code or setup.load_school_code(db)
    if not code or sqlite_files.is_encrypted(path):
        return False
    db.dispose()
    if not encrypt_file(path, code):
        return False
    db.dispose()
    try:
        with db.uow(actor=actor or Actor.system("ma_hoa"), reason="Mã hóa tệp dữ liệu") as s:
            ref = sqlite_files.read_ref(path)
            details = {"file": str(path), "key": ref.key_id if ref else ""}
            journal.record_event(s, "database", path.name, "ma_hoa", details)
    except SQLAlchemyError:
        log.exception("encryption of %s done but not journalled", path)
    return True


def encrypt_or_warn(db: Database, actor: Actor | None = None) -> str | None:
    """``encrypt_database``, but a failure (a full disk, a keyring that refuses) is a warning
    to show, never a reason not to open: the plain file is intact and the next start retries."""
    try:
        encrypt_database(db, actor)
    except StorageError as exc:
        log.warning("could not encrypt %s: %s", db.path, exc.message)
        return SAFETY_MSG.db_encrypt_failed.format(reason=exc.message)
    return None

"""Opening a database the safe way, shared by the window and the command line.

Order: resolve the URL, take the instance lock, run a quick integrity check,
take a restore point if a migration is due, migrate to head, read the school
code, encrypt a plain file that has a school (``app.safety.encryption``; a failure
there is a warning, the plain file intact), journal the official results an older release
stored untracked (``app.safety.adoption``, once). A damaged file raises ``DatabaseDamaged``
so the caller can offer ``recover_from_restore_point``. The lock is an OS lock: one left by a killed
process is free again, so a crash never blocks the next start.
"""

from __future__ import annotations

import logging
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy.exc import DatabaseError as SQLAlchemyDatabaseError
from sqlalchemy.exc import SQLAlchemyError

from app import journal, launch, migrate, paths, settings, setup, sqlite_files
from app.atomic_file import fsync_dir
from app.db import Actor, Database, make_engine, sqlite_url
from app.errors import AppError, StorageError
from app.messages import MSG
from app.messages.safety import SAFETY_MSG
from app.permissions import Perm, require
from app.progress import NullProgress, Progress
from app.safety import adoption, encryption, restore_points, seals
from app.safety.files import remove_quietly, remove_stale_parts, storage_error
from app.safety.integrity import location_warning, quick_check
from app.safety.lock import InstanceLock
from app.safety.restore import RestoreInfo, restore_backup

log = logging.getLogger(__name__)
SIDE_FILES = ("-wal", "-shm", "-journal")


class DatabaseDamaged(StorageError):
    """The SQLite file failed its integrity check at startup."""

    def __init__(self, path: Path, detail: str) -> None:
        super().__init__(MSG.db_integrity_failed.format(path=path, detail=detail))
        self.path = path


@dataclass
class Runtime:
    """An open database with its lock and the warnings to show the user."""

    db: Database
    lock: InstanceLock | None = None
    warnings: list[str] = field(default_factory=list)

    def close(self) -> None:
        """Dispose of connections and release the lock."""
        self.db.dispose()
        if self.lock is not None:
            self.lock.release()


def resolve_url(cli_url: str | None = None) -> str:
    """``--db`` wins, then the settings file, then the embedded default (``app.launch``)."""
    return launch.resolved_url(cli_url)


def _clean_leftovers(path: Path) -> None:
    """Remove temporary files a crashed restore, backup or restore point left behind (we hold
    the lock): restore temporaries, killed copies' ``.part`` files, a killed encryption's
    ``<db>.part``, and a killed backup's (encrypted) copy in ``tmp/sao-luu-*``. Restore points and backups in the data folder are written only under this
    lock, so every ``.part`` there is dead; a backup folder elsewhere (a USB stick another PC
    also uses) keeps one touched in the last minutes (``remove_stale_parts``)."""
    for tmp in path.parent.glob(f".{path.name}.khoi-phuc-*.tmp*"):
        remove_quietly(tmp)
    part = encryption.part_path(path)  # a killed encryption: the plain original is still there
    remove_quietly(part, *(part.with_name(part.name + s) for s in SIDE_FILES))
    remove_stale_parts(paths.restore_points_dir(), min_age=0)
    with suppress(OSError):
        backups = settings.load().effective_backup_dir()
        ours = backups.resolve().is_relative_to(paths.data_dir().resolve())
        remove_stale_parts(backups, "*.tsbak.part", **({"min_age": 0} if ours else {}))
    for folder in (paths.data_dir() / "tmp").glob("sao-luu-*"):  # a killed backup's copy
        try:
            remove_quietly(*folder.iterdir())
            folder.rmdir()
        except OSError:
            continue


FULL_CHECK_EVERY = timedelta(hours=20)


def _stamp_path(path: Path) -> Path:
    return path.with_name(path.name + ".kiem-tra")


def _full_check_due(rt: Runtime, path: Path) -> bool:
    """Whole-file ``quick_check`` after a crash, without a lock, or once a day.

    On a large school's file the check reads every page (seconds); a clean
    previous exit plus a recent good check make it safe to skip at this start.
    """
    if rt.lock is None or rt.lock.previous_crashed:
        return True
    try:
        last = datetime.fromisoformat(_stamp_path(path).read_text(encoding="utf-8").strip())
    except (OSError, ValueError):
        return True
    return not timedelta(0) <= datetime.now() - last < FULL_CHECK_EVERY


def _mark_checked(path: Path) -> None:
    try:
        _stamp_path(path).write_text(datetime.now().isoformat(), encoding="utf-8")
    except OSError:
        log.warning("could not record the integrity check of %s", path, exc_info=True)


def _check_file(rt: Runtime, path: Path, lock: bool) -> None:
    """Lock, integrity check and location warning for an SQLite file."""
    if lock:
        rt.lock = InstanceLock(path)
        rt.lock.acquire()
        _clean_leftovers(path)
    if path.exists() and path.stat().st_size > 0 and _full_check_due(rt, path):
        result = quick_check(path)
        if not result.ok:
            raise DatabaseDamaged(path, result.detail)
        _mark_checked(path)
    warning = location_warning(path)
    if warning:
        rt.warnings.append(warning)


def open_runtime(url: str | None = None, *, lock: bool = True, upgrade: bool = True) -> Runtime:
    """Open, lock, check and migrate the database at ``url``."""
    db = Database.open(resolve_url(url))
    rt = Runtime(db)
    path = db.path
    try:
        if path is not None:
            _check_file(rt, path, lock)
        try:
            if upgrade and migrate.needs_upgrade(db.engine):
                if migrate.current_revision(db.engine) is not None:
                    point = restore_points.take(path, "truoc-nang-cap-csdl")
                    log.info("migrating %s; restore point %s", db.url, point and point.path)
                migrate.upgrade(db.engine)
            setup.load_school_code(db)
            if rt.lock is not None and (warning := encryption.encrypt_or_warn(db)):
                rt.warnings.append(warning)  # a plain file is encrypted once, here
            with db.read() as s:
                rt.warnings.extend(seals.startup_problems(s, db.school_code))
            if upgrade:  # official results stored before they were journalled (decision 022)
                adoption.adopt_results(db)
        except SQLAlchemyDatabaseError:
            # Damage the skipped daily check did not see yet: check now and say so.
            result = quick_check(path) if path is not None else None
            if result is not None and not result.ok:
                raise DatabaseDamaged(path, result.detail) from None  # type: ignore[arg-type]
            raise
    except BaseException:
        rt.close()
        raise
    return rt


def _place(point: Path, path: Path) -> Path:
    """Copy ``point`` beside ``path``, move the damaged file aside, put the copy in place."""
    tmp = path.with_name(f".{path.name}.khoi-phuc-diem.tmp")
    restore_points.online_copy(point, tmp)
    aside = path.with_name(f"{path.name}.hong-{datetime.now():%Y%m%d-%H%M%S}")
    damaged_ref, point_ref = sqlite_files.read_ref(path), sqlite_files.read_ref(point)
    try:
        if damaged_ref is not None:  # the damaged file keeps the name of its key
            sqlite_files.write_ref(aside, damaged_ref)
        path.replace(aside)
        for suffix in SIDE_FILES:
            side = path.with_name(path.name + suffix)
            if side.exists():
                side.replace(aside.with_name(aside.name + suffix))
        if point_ref is not None:
            sqlite_files.write_ref(path, point_ref)
        tmp.replace(path)
        fsync_dir(path.parent)
    except OSError as exc:
        remove_quietly(tmp)
        raise storage_error(exc, path) from exc
    finally:
        remove_quietly(sqlite_files.sidecar(tmp))
    return aside


def _record_recovery(path: Path, point: Path, aside: Path) -> None:
    db = Database(make_engine(sqlite_url(path)))
    try:
        setup.load_school_code(db)
        with db.uow(actor=Actor.system("khoi_phuc"), reason="CSDL bị hỏng khi khởi động") as s:
            details = {"point": str(point), "damaged_kept": str(aside)}
            journal.start_epoch(s, "Khôi phục từ điểm khôi phục")  # numbers will be reused
            journal.record_event(s, "restore_point", point.name, "khoi_phuc_diem", details)
    except SQLAlchemyError:
        log.exception("recovery of %s done but not journalled", path)
    finally:
        db.dispose()


def recover_from_restore_point(path: Path) -> Path | None:
    """Set the damaged file aside and put the newest good restore point in its place.

    Only restore points of this very file are considered. Returns the restore
    point used, or None when no good one exists (the damaged file is then
    left where it was). Raises ``Conflict`` if another instance has it open.
    """
    path = Path(path)
    with InstanceLock(path):
        for point in restore_points.list_points(db_path=path):
            if not quick_check(point.path).ok:
                continue
            aside = _place(point.path, path)
            seals.forget_anchor(seals.sqlite_id(path))  # the journal goes back on purpose
            log.warning("recovered %s from %s; damaged copy kept at %s", path, point.path, aside)
            _record_recovery(path, point.path, aside)
            return point.path
    return None


class RestoredNotReopened(StorageError):
    """The backup is in place, but opening it again failed: the session must end."""


def restore_in_place(
    rt: Runtime,
    backup: Path,
    actor: Actor,
    key_file: Path | None = None,
    progress: Progress | None = None,
) -> RestoreInfo:
    """Restore ``backup`` over the database ``rt`` has open, then reopen it in ``rt``.

    The window's path (the CLI's is ``restore``): the engine's connections are closed, the
    same ``restore_backup`` as the CLI verifies everything in a temporary file, keeps the
    current file as a restore point and swaps the file atomically (under the lock ``rt``
    already holds), then the restored file is opened the safe way (restore point,
    migration, warnings) and takes the place of ``rt.db``. A backup that fails a check
    leaves the file untouched and ``rt`` usable (its engine reconnects). SQLite only.
    """
    require(actor, Perm.RESTORE)
    path = rt.db.path
    if path is None:
        raise StorageError(MSG.restore_pg_unsupported)
    rt.db.dispose()
    info = restore_backup(backup, path, key_file, actor=actor, progress=progress or NullProgress())
    try:
        reopened = open_runtime(sqlite_url(path), lock=False)
    except Exception as exc:  # restored, whole: opened again (and migrated) at the next start
        log.exception("restored %s but could not reopen it", path)
        reason = exc.message if isinstance(exc, AppError) else type(exc).__name__
        raise RestoredNotReopened(SAFETY_MSG.restored_not_reopened.format(reason=reason)) from exc
    old, rt.db, rt.warnings = rt.db, reopened.db, reopened.warnings
    old.dispose()
    return info

"""Opening a database the safe way, shared by the window and the command line.

Order: resolve the URL, take the instance lock, run a quick integrity check,
take a restore point if a migration is due, migrate to head, read the school
code. A damaged file raises ``DatabaseDamaged`` so the caller can offer
``recover_from_restore_point``.
"""

from __future__ import annotations

import logging
import shutil
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from app import migrate, settings, setup
from app.db import Database, default_url
from app.errors import StorageError
from app.messages import MSG
from app.safety import restore_points
from app.safety.integrity import location_warning, quick_check
from app.safety.lock import InstanceLock

log = logging.getLogger(__name__)


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
    """``--db`` wins, then the settings file, then the embedded default."""
    return cli_url or settings.load().db_url or default_url()


def open_runtime(url: str | None = None, *, lock: bool = True, upgrade: bool = True) -> Runtime:
    """Open, lock, check and migrate the database at ``url``."""
    db = Database.open(resolve_url(url))
    rt = Runtime(db)
    path = db.path
    try:
        if path is not None:
            if lock:
                rt.lock = InstanceLock(path)
                rt.lock.acquire()
            if path.exists() and path.stat().st_size > 0:
                result = quick_check(path)
                if not result.ok:
                    raise DatabaseDamaged(path, result.detail)
            warning = location_warning(path)
            if warning:
                rt.warnings.append(warning)
        if upgrade and migrate.needs_upgrade(db.engine):
            if migrate.current_revision(db.engine) is not None:
                restore_points.take(path, "truoc-nang-cap-csdl")
            migrate.upgrade(db.engine)
        setup.load_school_code(db)
    except BaseException:
        rt.close()
        raise
    return rt


def recover_from_restore_point(path: Path) -> Path | None:
    """Set the damaged file aside and put the newest good restore point in its place.

    Returns the restore point used, or None when no good one exists (the
    damaged file is then left where it was).
    """
    for point in restore_points.list_points():
        if quick_check(point.path).ok:
            aside = path.with_name(f"{path.name}.hong-{datetime.now():%Y%m%d-%H%M%S}")
            path.replace(aside)
            for suffix in ("-wal", "-shm"):
                side = path.with_name(path.name + suffix)
                if side.exists():
                    side.replace(aside.with_name(aside.name + suffix))
            shutil.copy2(point.path, path)
            log.warning("recovered %s from %s; damaged copy kept at %s", path, point.path, aside)
            return point.path
    return None

"""Restore points: plain online copies of the SQLite file, taken before risky work.

Call ``take(db_path, label)`` before a migration, an import, a restore or any
other operation that rewrites many rows. The copy uses SQLite's online backup
API, so it is consistent even while the app is open. Only the newest
``KEEP`` points are kept. On PostgreSQL restore points are the server's job
(pg_dump), and ``take`` returns None.
"""

from __future__ import annotations

import logging
import re
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from app import paths
from app.errors import StorageError
from app.messages import MSG

KEEP = 20
log = logging.getLogger(__name__)
_SAFE = re.compile(r"[^A-Za-z0-9_-]+")


@dataclass(frozen=True)
class RestorePoint:
    """A restore point file and when and why it was taken."""

    path: Path
    taken_at: datetime
    label: str


def _stamp() -> str:
    return datetime.now().strftime("%Y%m%d-%H%M%S-%f")


def online_copy(src: Path, dest: Path) -> None:
    """Copy an SQLite database consistently with the online backup API."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(dest.name + ".part")
    try:
        source = sqlite3.connect(f"file:{src}?mode=ro", uri=True)
        target = sqlite3.connect(tmp)
        try:
            source.backup(target)
        finally:
            target.close()
            source.close()
        tmp.replace(dest)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise StorageError(MSG.disk_full.format(path=dest), details=str(exc)) from exc
    except sqlite3.Error as exc:
        tmp.unlink(missing_ok=True)
        raise StorageError(MSG.db_integrity_failed.format(path=src, detail=exc)) from exc


def take(db_path: Path | None, label: str, folder: Path | None = None) -> RestorePoint | None:
    """Take a restore point of ``db_path``; None when there is nothing to copy."""
    if db_path is None or not Path(db_path).exists() or Path(db_path).stat().st_size == 0:
        return None
    folder = folder or paths.restore_points_dir()
    slug = _SAFE.sub("-", label).strip("-")[:40] or "diem-khoi-phuc"
    dest = folder / f"{_stamp()}_{slug}.sqlite"
    online_copy(Path(db_path), dest)
    log.info("restore point %s", dest)
    prune(folder)
    return RestorePoint(dest, datetime.now(), label)


def list_points(folder: Path | None = None) -> list[RestorePoint]:
    """Restore points, newest first."""
    folder = folder or paths.restore_points_dir()
    points = []
    for p in folder.glob("*.sqlite"):
        stamp, _, label = p.stem.partition("_")
        try:
            when = datetime.strptime(stamp, "%Y%m%d-%H%M%S-%f")
        except ValueError:
            continue
        points.append(RestorePoint(p, when, label))
    return sorted(points, key=lambda rp: rp.taken_at, reverse=True)


def prune(folder: Path | None = None, keep: int = KEEP) -> None:
    """Delete all but the newest ``keep`` restore points."""
    for old in list_points(folder)[keep:]:
        old.path.unlink(missing_ok=True)

"""The facts a home page reads outside the database: the newest backup, the file check."""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime

from app import settings
from app.db import Database
from app.home.figures import Facts
from app.runtime import _stamp_path  # the stamp the start-up check writes beside the file

log = logging.getLogger(__name__)


def read_facts(db: Database, now: datetime | None = None) -> Facts:
    """Today, the newest backup in the configured folder and the last full file check."""
    moment = now or datetime.now(UTC)
    current = settings.load()
    if db.path is None:
        return Facts(date.today(), moment, None, current.backup_every_hours, backups_here=False)
    return Facts(
        date.today(),
        moment,
        _latest_backup(current),
        current.backup_every_hours,
        checked_at=last_check(db),
    )


def _latest_backup(current: settings.Settings) -> datetime | None:
    from app.safety import backup  # cryptography: only when a page asks

    try:
        info = backup.latest_backup(current.effective_backup_dir())
    except OSError:
        log.warning("could not read the backup folder", exc_info=True)
        return None
    return info.created_at if info is not None else None


def last_check(db: Database) -> datetime | None:
    """When the whole SQLite file last passed ``quick_check`` at start (None: never)."""
    if db.path is None:
        return None
    try:
        text = _stamp_path(db.path).read_text(encoding="utf-8").strip()
        return datetime.fromisoformat(text).astimezone(UTC)
    except (OSError, ValueError):
        return None

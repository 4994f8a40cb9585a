"""Backups from the window: "Sao lưu ngay" and the hourly check for a due backup."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from app import settings
from app.db import Actor, Database
from app.progress import Progress
from ui import ops

log = logging.getLogger(__name__)
CHECK_EVERY_MS = 60 * 60 * 1000
FIRST_CHECK_MS = 5_000
SCHEDULED_ACTOR = "sao_luu_tu_dong"


def backup_module() -> Any:
    """``app.safety.backup``, imported when first needed."""
    from app.safety import backup

    return backup


def latest_backup_time() -> datetime | None:
    """When the newest backup in the configured folder was made, or None."""
    try:
        info = backup_module().latest_backup(settings.load().effective_backup_dir())
    except (ImportError, OSError):
        return None
    return info.created_at if info is not None else None


def start_backup(
    parent: QWidget | None,
    db: Database,
    actor: Actor,
    on_done: Callable[[Any], None] | None = None,
    on_error: Callable[[BaseException], None] | None = None,
) -> ops.Op[Any]:
    """Write an encrypted backup in the background; pages refresh when it is done (the
    runner announces the changes the backup's result carries)."""
    label = QCoreApplication.translate("backup", "Đang sao lưu dữ liệu…")

    def job(progress: Progress) -> Any:
        folder = settings.load().effective_backup_dir()
        return backup_module().create_backup(db, actor, folder=folder, progress=progress)

    return ops.run(parent, job, on_done, label=label, on_error=on_error)


class BackupScheduler(QObject):
    """Checks at start and every hour whether a backup is due, and writes it."""

    failed = Signal(str)
    succeeded = Signal(object)

    def __init__(self, parent_widget: QWidget, db: Database) -> None:
        super().__init__(parent_widget)
        self._widget = parent_widget
        self._db = db
        self._op: ops.Op[Any] | None = None
        self.last_error = ""
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_EVERY_MS)
        self.timer.timeout.connect(self._on_timer_timeout)

    def start(self, first_check_ms: int = FIRST_CHECK_MS) -> None:
        """Begin checking (the first check shortly after the window appears)."""
        if self._db.path is None:
            return
        self.timer.start()
        QTimer.singleShot(first_check_ms, self, self._on_timer_timeout)

    def _on_timer_timeout(self) -> None:
        if self._op is not None and self._op.running:
            return
        try:
            due = backup_module().backup_due(settings.load())
        except ImportError:
            return
        if due:
            self.run_now()

    def run_now(self) -> None:
        """Write the scheduled backup as the app itself (any logged-in role)."""
        actor = Actor.system(SCHEDULED_ACTOR)
        self._op = start_backup(None, self._db, actor, self._on_backup_done, self._on_backup_failed)

    def _on_backup_done(self, info: Any) -> None:
        if not shiboken6.isValid(self):  # the window closed while the backup was being written
            log.info("scheduled backup written after its window closed: %s", info)
            return
        self._op = None
        self.last_error = ""
        log.info("scheduled backup written: %s", getattr(info, "path", info))
        self.succeeded.emit(info)

    def _on_backup_failed(self, exc: BaseException) -> None:
        if not shiboken6.isValid(self):
            log.error("scheduled backup failed after its window closed: %r", exc)
            return
        self._op = None
        self.last_error = str(exc)
        log.error("scheduled backup failed", exc_info=(type(exc), exc, exc.__traceback__))
        self.failed.emit(self.last_error)

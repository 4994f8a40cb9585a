"""The window's packaging timer (issue 10 §2): every few minutes, when a hub profile is kept
and ``app.sync.schedule.packaging_due`` says so, packages are made off the UI thread without a
word. What the last run did (or why it failed) is kept in ``last_run``, which the Đồng bộ page
shows: never a popup.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from app import labels
from app.db import Database, utcnow
from app.messages.sync_ui import SYNC_UI_MSG
from app.progress import Progress
from ui import ops
from ui.errors import describe

if TYPE_CHECKING:  # packaging pulls in the crypto libraries: imported when the timer first runs
    from app.sync.actions import Made

CHECK_EVERY_MS = 10 * 60 * 1000
FIRST_CHECK_MS = 60 * 1000
log = logging.getLogger(__name__)


class LastRun(QObject):
    """What the timer did last; ``changed`` tells the page to show it again."""

    changed = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.error = ""
        self.at: datetime | None = None

    def record(self, error: str) -> None:
        self.at, self.error = utcnow(), error
        self.changed.emit()

    @property
    def error_text(self) -> str:
        """The failure to show on the page ("" when the last run went well)."""
        if not self.error or self.at is None:
            return ""
        return SYNC_UI_MSG.schedule_failed.format(
            time=labels.format_datetime(self.at), error=self.error
        )


last_run = LastRun()
"""The one record the page reads (one window, one timer)."""


class SyncScheduler(QObject):
    """Checks every ``CHECK_EVERY_MS`` whether packages are due and makes them quietly."""

    def __init__(self, parent: QObject, db: Database) -> None:
        super().__init__(parent)
        self._db = db
        self._op: ops.Op[Made | None] | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_EVERY_MS)
        self.timer.timeout.connect(self._on_timer_timeout)

    def start(self, first_check_ms: int = FIRST_CHECK_MS) -> None:
        """Begin checking (the first check a minute after the window appears)."""
        self.timer.start()
        QTimer.singleShot(first_check_ms, self, self._on_timer_timeout)

    def stop(self) -> None:
        self.timer.stop()

    @property
    def running(self) -> bool:
        return self._op is not None and self._op.running

    def _on_timer_timeout(self) -> None:
        if not self.timer.isActive() or self.running:
            return
        self.run_now()

    def run_now(self) -> None:
        """Make the packages that are due now, in the background, with no dialog."""
        db = self._db

        def job(progress: Progress) -> Made | None:
            from app.sync import schedule

            return schedule.run_scheduled(db, progress=progress)

        self._op = ops.run(None, job, self._on_done, on_error=self._on_failed, quiet=True)

    def _on_done(self, made: Made | None) -> None:
        self._op = None
        if made is not None:
            log.info("scheduled packaging made %d package(s)", len(made.packages))
            last_run.record("")

    def _on_failed(self, exc: BaseException) -> None:
        self._op = None
        log.error("scheduled packaging failed", exc_info=(type(exc), exc, exc.__traceback__))
        last_run.record(describe(exc)[1] or str(exc))

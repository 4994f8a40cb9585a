"""Notices when nobody has touched the keyboard or mouse for a while (screen lock)."""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

_INPUT_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
    }
)
POLL_MS = 15_000


class IdleWatcher(QObject):
    """An application event filter; emits ``idle`` once after ``minutes`` without input."""

    idle = Signal()

    def __init__(self, minutes: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._limit_s = 0.0
        self._last = time.monotonic()
        self._paused = False
        self.timer = QTimer(self)
        self.timer.timeout.connect(self._on_timer_timeout)
        self.set_minutes(minutes)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def set_minutes(self, minutes: float, poll_ms: int = POLL_MS) -> None:
        """Change the idle limit; 0 turns the lock off."""
        self._limit_s = max(0.0, float(minutes) * 60)
        self._last = time.monotonic()
        if self._limit_s:
            self.timer.start(min(poll_ms, max(50, int(self._limit_s * 500))))
        else:
            self.timer.stop()

    def pause(self) -> None:
        """Stop watching while the lock dialog is up."""
        self._paused = True

    def resume(self) -> None:
        """Watch again, counting from now."""
        self._paused = False
        self._last = time.monotonic()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() in _INPUT_EVENTS:
            self._last = time.monotonic()
        return False

    def _on_timer_timeout(self) -> None:
        if self._paused or not self._limit_s:
            return
        if time.monotonic() - self._last >= self._limit_s:
            self._paused = True
            self.idle.emit()

    def stop(self) -> None:
        """Remove the filter (the window is closing)."""
        self.timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

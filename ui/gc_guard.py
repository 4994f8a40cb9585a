"""Cyclic garbage collection on the window's thread only.

CPython runs the cyclic collector in whichever thread happens to allocate.
When that is a pool thread of ``ui.ops`` and the garbage holds Qt wrappers
(widgets, models, signals' closures), PySide6 frees Qt objects off their thread
and the process can crash later in an unrelated collection (seen as a
segmentation fault "Garbage-collecting" in UI tests under load). The guard
turns automatic collection off and collects on a timer in the GUI thread
instead, with the same generation thresholds, as pyqtgraph does for the same
reason. Reference counting still frees everything that is not in a cycle at
once; only cycles wait for the next tick.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 500

_guard: GcGuard | None = None


class GcGuard(QObject):
    """Disables automatic collection and collects each generation when it is due."""

    def __init__(self, parent: QObject | None = None, interval_ms: int = INTERVAL_MS) -> None:
        super().__init__(parent)
        self.threshold = gc.get_threshold()
        gc.disable()
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.check)
        self._timer.start(interval_ms)

    def check(self) -> int:
        """Collect the generations whose counts passed their thresholds; returns objects freed."""
        first, second, third = gc.get_count()
        freed = 0
        if first > self.threshold[0]:
            freed += gc.collect(0)
            if second > self.threshold[1]:
                freed += gc.collect(1)
                if third > self.threshold[2]:
                    freed += gc.collect(2)
        return freed


def install(app: QObject) -> GcGuard:
    """Install the guard once for the application (later calls return the same guard)."""
    global _guard
    if _guard is None:
        _guard = GcGuard(app)
    return _guard

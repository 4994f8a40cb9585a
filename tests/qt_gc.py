"""The GUI-thread garbage collection of the app (``ui.gc_guard``), for every UI test session."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication

from ui import gc_guard


@pytest.fixture(scope="session", autouse=True)
def gui_thread_gc(qapp: QApplication) -> Iterator[gc_guard.GcGuard]:
    """Collect cycles on the GUI thread only, as the app does (workers never free Qt objects)."""
    yield gc_guard.install(qapp)

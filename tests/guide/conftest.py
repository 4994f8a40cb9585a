"""Fixtures of the user-guide tests: offscreen Qt and the seeded school of tests/ui (one account
per role), so F1 is pressed in a real main window on a real SQLite file."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from tests.qt_gc import gui_thread_gc  # noqa: E402, F401  (GUI-thread garbage collection)
from tests.ui.conftest import _seeded_template, admin, runtime, ui_seeded  # noqa: E402, F401

"""Answering the page's dialogs from a test: wait for the modal dialog of a type, fill it in."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget


def answer_next(kind: type[QWidget], fill: Callable[[Any], None], seen: list[str]) -> None:
    """Once a modal ``kind`` is open, note its title in ``seen`` and run ``fill`` on it."""

    def check() -> None:
        shown = QApplication.activeModalWidget()
        if not isinstance(shown, kind):
            QTimer.singleShot(20, check)
            return
        seen.append(shown.windowTitle())
        fill(shown)

    QTimer.singleShot(0, check)

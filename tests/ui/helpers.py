"""Helpers for GUI tests: typing Vietnamese text, reading accounts, answering a message box."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from app import accounts
from app.accounts import UserInfo
from app.db import Database


def type_into(widget: QWidget, text: str) -> None:
    """Type ``text`` key by key, Vietnamese letters included (QTest.keyClicks is ASCII-only)."""
    widget.setFocus()
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char)
            QApplication.sendEvent(widget, event)


def user_info(db: Database, username: str) -> UserInfo:
    """The ``UserInfo`` of an account."""
    with db.read() as s:
        return accounts.get_user(s, username)


def answer_next_box(button: str, seen: list[str]) -> None:
    """Once the next message box is open, note its text in ``seen`` and click ``button``."""

    def check() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(10, check)
            return
        seen.append(box.text())
        next(b for b in box.buttons() if b.text() == button).click()

    QTimer.singleShot(0, check)

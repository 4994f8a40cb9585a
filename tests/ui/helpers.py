"""Helpers for GUI tests: typing Vietnamese text, reading accounts."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

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

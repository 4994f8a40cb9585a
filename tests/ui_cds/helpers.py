"""Typing into the criteria table and answering the page's dialogs, as a user would."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QTableView
from pytestqt.qtbot import QtBot

from tests.ui.small_screen import settle
from ui.cds.assessment_tab import AssessmentTab
from ui.cds.criteria_model import Col


def open_editor(qtbot: QtBot, tab: AssessmentTab, code: str, col: Col) -> QLineEdit:
    """Open the cell editor of criterion ``code``, column ``col``."""
    index = tab.model.index(tab.model.row_of(code), col)
    tab.table.setCurrentIndex(index)
    if tab.table.state() != QTableView.State.EditingState:
        tab.table.edit(index)
    editors = tab.table.viewport().findChildren(QLineEdit)
    assert editors, f"no editor opened on {code}"
    return editors[-1]


def type_into(qtbot: QtBot, tab: AssessmentTab, code: str, col: Col, text: str,
              commit: bool = True) -> QLineEdit:  # fmt: skip
    """Type ``text`` in the cell (replacing what it held) and press Enter if ``commit``."""
    editor = open_editor(qtbot, tab, code, col)
    editor.selectAll()
    qtbot.keyClick(editor, Qt.Key.Key_Delete)
    for ch in text:  # as a keyboard sends them (QTest's keyClicks takes ASCII only)
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(editor, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, ch))
    if commit:
        qtbot.keyClick(editor, Qt.Key.Key_Return)
        settle(qtbot)
    return editor


def answer(monkeypatch: pytest.MonkeyPatch, cls: type, value: Any, seen: list[Any] | None = None
           ) -> None:  # fmt: skip
    """Make ``cls.ask`` return ``value`` (noting its arguments in ``seen``)."""

    def ask(_cls: type, *args: Any, **kwargs: Any) -> Any:
        if seen is not None:
            seen.append(args)
        return value

    monkeypatch.setattr(cls, "ask", classmethod(ask))

"""The main window asks about unsaved grades before logging out or closing."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from app import accounts
from app.gradebook.choices import load_classes
from app.runtime import Runtime
from tests.ui_gradebook.conftest import YEAR, GradeUi, type_cell
from ui.app import build_main_window
from ui.gradebook.dialogs import Unsaved, UnsavedDialog
from ui.gradebook.gradebook_widget import GradebookWidget


def test_logout_and_close_wait_for_a_decision_on_unsaved_grades(
    qtbot: QtBot, school: GradeUi, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Hủy keeps the window and the typed score; Không lưu drops it and lets logout go ahead."""
    with school.db.read() as s:
        user = accounts.get_user(s, "u_teacher")
        choice = next(c for c in load_classes(s, user.actor(), YEAR) if c.id == school.class_id)
    window = build_main_window(Runtime(school.db), user)
    qtbot.addWidget(window)
    window.show()
    page = window.open_page("gradebook")
    assert isinstance(page, GradebookWidget)
    entry = page.entry
    entry.set_scope(choice, 1)
    entry.select_subject(school.subjects["Toán"])
    entry.panel.focus_first_input()
    type_cell(qtbot, entry.panel.view, "9")
    assert page.has_unsaved()

    answers = [Unsaved.CANCEL, Unsaved.CANCEL, Unsaved.DISCARD]
    monkeypatch.setattr(UnsavedDialog, "ask", classmethod(lambda cls, *a: answers.pop(0)))
    logouts: list[bool] = []
    window.logout_requested.connect(lambda: logouts.append(True))

    window.logout_action.trigger()
    assert logouts == [] and page.has_unsaved()
    window.close()
    assert window.isVisible() and page.has_unsaved()
    window.logout_action.trigger()
    assert logouts == [True] and not page.has_unsaved()
    window.close()  # nothing unsaved any more: closes without asking (no answers left)
    qtbot.waitUntil(lambda: not window.isVisible())
    assert school.grid("Toán").rows[0].cell("TX1").stored in (None, "")

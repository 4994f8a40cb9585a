"""The Sổ điểm page: who sees which classes and subjects, and locking with reasons."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from app.db import Actor
from app.gradebook.history import grade_history
from app.gradebook.locking import lock_semester, lock_status
from app.gradebook.missing import MissingGrades
from tests.ui_gradebook.conftest import GradeUi, type_cell, wait_saved
from ui.confirm import Confirm
from ui.gradebook.dialogs import LockDialog, ReasonDialog
from ui.gradebook.gradebook_widget import GradebookWidget
from ui.navigation import PAGES, visible_pages

CTRL = Qt.KeyboardModifier.ControlModifier


def page(qtbot: QtBot, school: GradeUi, username: str) -> GradebookWidget:
    widget = GradebookWidget(school.ctx(username))
    qtbot.addWidget(widget)
    widget.resize(1200, 760)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def combo_texts(combo) -> list[str]:  # type: ignore[no-untyped-def]
    return [combo.itemText(i) for i in range(combo.count())]


def lock(school: GradeUi, semester: int = 1) -> None:
    with school.db.uow(actor=school.seeded.actor("principal")) as s:
        lock_semester(s, school.seeded.actor("principal"), school.class_id, semester)


def test_the_page_is_registered_for_roles_that_view_grades() -> None:
    """Sổ điểm is in the navigation for teachers and the principal, not for the equipment officer."""
    spec = next(p for p in PAGES if p.key == "gradebook")
    assert spec.title == "Sổ điểm"
    teacher = Actor("t", "teacher")
    assert spec in visible_pages(teacher)
    assert spec not in visible_pages(Actor("e", "equipment_officer"))


def test_a_teacher_sees_only_their_assignments(qtbot: QtBot, school: GradeUi) -> None:
    """u_teacher gets 6A1 Toán and its conduct tab; gv.van gets 6A2 Ngữ văn and no conduct tab."""
    mine = page(qtbot, school, "u_teacher")
    assert combo_texts(mine.class_combo) == ["6A1"]
    assert combo_texts(mine.entry.subject_combo) == ["Toán"]
    assert mine.tabs.isTabVisible(mine.tabs.indexOf(mine.conduct))
    other = page(qtbot, school, "gv.van")
    assert combo_texts(other.class_combo) == ["6A2"]
    assert combo_texts(other.entry.subject_combo) == ["Ngữ văn"]
    assert not other.tabs.isTabVisible(other.tabs.indexOf(other.conduct))
    principal = page(qtbot, school, "u_principal")
    assert combo_texts(principal.class_combo) == ["6A1", "6A2"]
    assert principal.entry.subject_combo.count() == 12
    assert principal.lock_bar.lock_button.isVisible()
    assert not mine.lock_bar.lock_button.isVisible()


def test_after_lock_a_teacher_cannot_change_grades(qtbot: QtBot, school: GradeUi) -> None:
    """Once the semester is locked the teacher's grid takes no typing and cannot be saved."""
    lock(school)
    widget = page(qtbot, school, "u_teacher")
    entry = widget.entry
    entry.panel.focus_first_input()
    qtbot.keyClicks(entry.panel.view, "9")
    assert not isinstance(entry.panel.view.focusWidget(), QLineEdit)
    assert entry.grid_model.pending_count() == 0
    assert not entry.panel.save_button.isEnabled()
    assert "đã khóa" in entry.panel.banner.text()
    assert "đã khóa sổ" in widget.lock_bar.state_label.text()


def test_after_lock_the_principal_must_give_a_reason(
    qtbot: QtBot, school: GradeUi, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The principal types freely; saving asks a reason, cancelling saves nothing, the reason is kept."""
    lock(school)
    widget = page(qtbot, school, "u_principal")
    entry = widget.entry
    entry.select_subject(school.subjects["Toán"])
    entry.panel.focus_first_input()
    type_cell(qtbot, entry.panel.view, "9")
    reasons: list[str | None] = [None, "Phúc khảo bài kiểm tra thường xuyên"]
    monkeypatch.setattr(ReasonDialog, "ask", classmethod(lambda cls, *a, **k: reasons.pop(0)))
    qtbot.keyClick(entry.panel.view, Qt.Key.Key_S, CTRL)
    assert entry.grid_model.pending_count() == 1
    assert school.grid("Toán").rows[0].cell("TX1").stored is None
    qtbot.keyClick(entry.panel.view, Qt.Key.Key_S, CTRL)
    wait_saved(qtbot)
    assert school.grid("Toán").rows[0].cell("TX1").stored == "9"
    student = school.students["Lê Văn Anh"]
    with school.db.read() as s:
        history = grade_history(s, school.seeded.actor("principal"), student)
    change = next(h for h in history if h.what.endswith("TX1"))
    assert (change.new, change.reason) == ("9", "Phúc khảo bài kiểm tra thường xuyên")


def test_principal_locks_and_unlocks_with_a_reason(
    qtbot: QtBot, school: GradeUi, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Khóa sổ asks for confirmation (listing the grades still missing), Mở khóa for a reason;
    both reach the journal."""
    monkeypatch.setattr(Confirm, "ask", classmethod(lambda cls, *a, **k: True))
    listed: list[MissingGrades] = []

    def lock_anyway(cls: object, parent: object, found: MissingGrades, question: str) -> bool:
        listed.append(found)
        return True

    monkeypatch.setattr(LockDialog, "ask", classmethod(lock_anyway))
    monkeypatch.setattr(
        ReasonDialog, "ask", classmethod(lambda cls, *a, **k: "Giáo viên nhập sót điểm")
    )
    widget = page(qtbot, school, "u_principal")
    bar = widget.lock_bar
    qtbot.mouseClick(bar.lock_button, Qt.MouseButton.LeftButton)
    wait_saved(qtbot)
    qtbot.waitUntil(lambda: bar.locked)
    assert [found.students for found in listed] == [4]  # nothing is entered yet
    assert widget.entry.grid_model.grid.locked
    assert bar.unlock_button.isEnabled() and not bar.lock_button.isEnabled()
    qtbot.mouseClick(bar.unlock_button, Qt.MouseButton.LeftButton)
    wait_saved(qtbot)
    qtbot.waitUntil(lambda: not bar.locked)
    with school.db.read() as s:
        principal = school.seeded.actor("principal")
        assert not lock_status(s, principal, school.class_id)[0].locked
        history = grade_history(s, principal, school.students["Lê Văn Anh"])
    assert [h.reason for h in history if h.what.startswith("Sổ điểm lớp 6A1")][-1] == (
        "Giáo viên nhập sót điểm"
    )

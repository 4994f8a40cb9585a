"""Transfers and withdrawals from the list, the classes page, and the pages each role gets."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QAbstractItemView
from pytestqt.qtbot import QtBot

from app.students import EventKind, Status
from tests.ui_students.conftest import School
from ui.app import build_main_window
from ui.students.class_dialogs import HomeroomDialog, NewClassDialog, NewClasses, split_names
from ui.students.classes_widget import ClassesWidget
from ui.students.student_event_dialog import StudentEventDialog


def test_transfer_out_records_the_event_with_date_and_school(qtbot: QtBot, school: School) -> None:
    """Chuyển đi with a dd/mm/yyyy date and a reason sets the status and closes the class."""
    saved = school.add("Trịnh Văn Hải", "10/10/2014", "Nam")
    dialog = StudentEventDialog(None, school.ctx(), EventKind.TRANSFER_OUT, school.detail(saved.id))
    qtbot.addWidget(dialog)
    dialog.date_edit.setText("15/11/2025")
    dialog.school_edit.setText("Trường THCS Lê Lợi")
    dialog.ok_button.click()
    assert dialog.error_label.text() == "Cần ghi lý do."
    dialog.reason_edit.setPlainText("Gia đình chuyển nơi ở")
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: dialog.done_ok, timeout=5000)
    d = school.detail(saved.id)
    assert d.status == Status.TRANSFERRED_OUT
    [event] = d.events
    assert (event.event_date.isoformat(), event.other_school, event.reason) == (
        "2025-11-15",
        "Trường THCS Lê Lợi",
        "Gia đình chuyển nơi ở",
    )
    assert d.current_class == ""


def test_transfer_in_creates_the_student_in_a_class(qtbot: QtBot, school: School) -> None:
    """Chuyển đến creates a record in the chosen class with the arrival event."""
    dialog = StudentEventDialog(None, school.ctx(), EventKind.TRANSFER_IN, None, "7A1")
    qtbot.addWidget(dialog)
    dialog.name_edit.setText("Mai Thị Yến")
    dialog.dob_edit.setText("2013-04-30")
    dialog.sex_combo.setCurrentText("Nữ")
    dialog.date_edit.setText("01/10/2025")
    dialog.school_edit.setText("Trường THCS Nguyễn Du, Hà Nội")
    dialog.reason_edit.setPlainText("Theo cha mẹ chuyển công tác")
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: dialog.done_ok, timeout=5000)
    model_ctx = school.ctx()
    from app.students import StudentFilter, count_students

    with school.db.read(model_ctx.actor) as s:
        assert count_students(s, model_ctx.actor, StudentFilter(class_name="7A1")) == 1


def test_class_names_accept_lists_and_ranges() -> None:
    """ "6a1, 6A2" and "6A1-6A3" both expand to upper-case class names."""
    assert split_names("6a1, 6A2") == ["6A1", "6A2"]
    assert split_names("6A1-6A3 7A1") == ["6A1", "6A2", "6A3", "7A1"]


def test_classes_page_creates_classes_and_assigns_a_homeroom_teacher(
    qtbot: QtBot, school: School, monkeypatch: pytest.MonkeyPatch
) -> None:
    """New classes appear in the year's list; the chosen homeroom teacher shows next to them."""
    page = ClassesWidget(school.ctx())
    qtbot.addWidget(page)
    assert [c.name for c in page.classes] == ["6A1", "6A2", "7A1"]
    monkeypatch.setattr(
        NewClassDialog, "ask", classmethod(lambda cls, p, y, t: NewClasses(("8A1", "8A2"), ""))
    )
    page.new_button.click()
    qtbot.waitUntil(lambda: len(page.classes) == 5, timeout=5000)
    page.class_table.selectRow(3)
    assert page.selected_class().name == "8A1"  # type: ignore[union-attr]
    monkeypatch.setattr(HomeroomDialog, "ask", classmethod(lambda cls, p, n, c, t: "u_teacher"))
    page.homeroom_button.click()
    qtbot.waitUntil(lambda: page.classes[3].homeroom_username == "u_teacher", timeout=5000)
    cell = page.class_table.item(3, 2)
    assert cell is not None and cell.text() == "Người dùng teacher"


def test_classes_page_moves_selected_students(qtbot: QtBot, school: School, messages) -> None:  # type: ignore[no-untyped-def]
    """Selecting two students of 6A1 and moving them to 6A2 changes both classes' sizes."""
    school.add_students({"6A1": 6, "6A2": 4})
    page = ClassesWidget(school.ctx())
    qtbot.addWidget(page)
    page.class_table.selectRow(0)
    assert page.students.rowCount() == 6
    page.student_table.setSelectionMode(QAbstractItemView.SelectionMode.MultiSelection)
    page.student_table.selectRow(0)
    page.student_table.selectRow(1)
    page.target_combo.setCurrentText("6A2")
    assert page.move_button.isEnabled()
    page.move_button.click()
    qtbot.waitUntil(lambda: [c.student_count for c in page.classes] == [4, 6, 0], timeout=5000)
    assert "Chuyển 2 học sinh từ lớp 6A1 sang lớp 6A2?" in messages.questions


def test_pages_follow_the_role(qtbot: QtBot, school: School) -> None:
    """The secretary gets the student and class pages; a teacher only the student page."""
    secretary = build_main_window(school.ctx().runtime, school.ctx().user)
    qtbot.addWidget(secretary)
    assert {"students", "classes"} <= set(secretary.page_keys())
    teacher_ctx = school.ctx("teacher")
    teacher = build_main_window(teacher_ctx.runtime, teacher_ctx.user)
    qtbot.addWidget(teacher)
    assert "students" in teacher.page_keys()
    assert "classes" not in teacher.page_keys()

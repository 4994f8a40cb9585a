"""No edit of a student screen is lost without asking (issue 17 §3), and saving says what it did.

Esc, the Hủy button and the title-bar X all ask Lưu / Không lưu / Hủy when
something was typed: Lưu saves (and stays open when the form is not valid),
Không lưu closes without writing, Hủy goes back to the form with the text.
"""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.students import EventKind, Status, make_personal_id
from app.students.classes import TeacherChoice
from tests.ui.helpers import answer_next_box, type_into, user_info
from tests.ui_students.conftest import Messages, School
from tests.ui_students.test_electives_dialog import add_thpt_class, info_of, tick
from ui.app import build_main_window
from ui.confirm import Unsaved, UnsavedQuestion
from ui.students.class_dialogs import HomeroomDialog, NewClassDialog, NewClasses
from ui.students.electives_dialog import ElectivesDialog
from ui.students.student_dialog import StudentDialog
from ui.students.student_event_dialog import StudentEventDialog

REAL_QUESTION = UnsavedQuestion.__dict__["ask"]
"""The real message box (the autouse fixture answers a stand-in)."""


def _dialog(
    qtbot: QtBot, school: School, student_id: object = None, role: str = "secretary"
) -> StudentDialog:
    dialog = StudentDialog(None, school.db, school.actor(role), student_id)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_esc_on_an_edited_record_asks_and_hủy_keeps_the_text(
    qtbot: QtBot, school: School, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Typing then Esc shows the real question; Hủy keeps the form and the typed text, Không lưu
    closes without writing anything."""
    monkeypatch.setattr(UnsavedQuestion, "ask", REAL_QUESTION)
    saved = school.add("Lê Văn Tám", "08/08/2014", "Nam")
    dialog = _dialog(qtbot, school, saved.id)
    type_into(dialog.address.detail_edit, "Xóm Đồng")
    seen: list[str] = []
    answer_next_box("Hủy", seen)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert seen == ["Hồ sơ học sinh Lê Văn Tám có thay đổi chưa lưu. Lưu lại các thay đổi này?"]
    assert dialog.isVisible() and dialog.address.detail_edit.text() == "Xóm Đồng"
    answer_next_box("Không lưu", seen)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert len(seen) == 2 and not dialog.isVisible()
    assert dialog.saved is None
    assert school.detail(saved.id).address_detail == ""


def test_the_title_bar_x_and_the_hủy_button_ask_too(
    qtbot: QtBot, school: School, messages: Messages
) -> None:
    """Closing the window or pressing Hủy with an edit asks; Hủy on the question stays."""
    saved = school.add("Đỗ Thị Lan", "03/03/2014", "Nữ")
    dialog = _dialog(qtbot, school, saved.id)
    dialog.identity.notes_edit.setPlainText("Hay ốm")
    messages.unsaved_answers = [Unsaved.CANCEL, Unsaved.CANCEL]
    dialog.close()
    assert dialog.isVisible()
    dialog.close_button.click()
    assert dialog.isVisible() and len(messages.unsaved) == 2


def test_lưu_from_the_question_saves_or_stays_when_the_form_is_not_valid(
    qtbot: QtBot, school: School, messages: Messages
) -> None:
    """Lưu on a new record without a name shows what is missing and keeps the dialog open;
    once the name is typed, Lưu saves and closes."""
    dialog = _dialog(qtbot, school)
    dialog.identity.dob_edit.setText("05/09/2014")
    messages.unsaved_answers = [Unsaved.SAVE]
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert messages.unsaved == [
        "Hồ sơ học sinh mới có thay đổi chưa lưu. Lưu lại các thay đổi này?"
    ]
    assert dialog.isVisible() and "Họ và tên: không được để trống." in dialog.error_label.text()
    dialog.identity.name_edit.setText("Vũ Minh Khôi")
    dialog.identity.sex_combo.setCurrentText("Nam")
    messages.unsaved_answers = [Unsaved.SAVE]
    dialog.close()
    qtbot.waitUntil(lambda: dialog.saved is not None, timeout=5000)
    assert not dialog.isVisible()
    assert school.detail(dialog.saved.id).full_name == "Vũ Minh Khôi"  # type: ignore[union-attr]


def test_nothing_typed_closes_without_asking(
    qtbot: QtBot, school: School, messages: Messages
) -> None:
    """An untouched record, one only shown after "Hiện" (sensitive fields read), and a read-only
    one all close on Esc without a question."""
    pid = make_personal_id("038", date(2014, 1, 6), "nu", 55)
    saved = school.add("Hà Thị Mai", "06/01/2014", "Nữ", personal_id=pid, height_cm=140.0)
    untouched = _dialog(qtbot, school, saved.id)
    qtbot.keyClick(untouched, Qt.Key.Key_Escape)
    revealed = _dialog(qtbot, school, saved.id)
    revealed.tabs.setCurrentWidget(revealed.policy)
    qtbot.waitUntil(lambda: revealed.policy.health_shown, timeout=5000)
    assert revealed.identity.pid_edit.text() == pid
    qtbot.keyClick(revealed, Qt.Key.Key_Escape)
    read_only = _dialog(qtbot, school, saved.id, role="teacher")
    qtbot.keyClick(read_only, Qt.Key.Key_Escape)
    assert messages.unsaved == []
    assert not (untouched.isVisible() or revealed.isVisible() or read_only.isVisible())


def test_adding_and_saving_a_student_says_so_with_the_code(qtbot: QtBot, school: School) -> None:
    """The window's status bar names the new student and the code just given, then the saved edit."""
    window = build_main_window(school.ctx().runtime, user_info(school.db, "u_secretary"))
    qtbot.addWidget(window)
    window.show()
    page = window.open_page("students")
    dialog = StudentDialog(page, school.db, school.actor("secretary"), None, "6A1")
    dialog.identity.name_edit.setText("nguyễn  văn an")
    dialog.identity.dob_edit.setText("5/9/2014")
    dialog.identity.sex_combo.setCurrentText("Nam")
    dialog.save_button.click()
    qtbot.waitUntil(lambda: dialog.saved is not None, timeout=5000)
    code = dialog.saved.student_code  # type: ignore[union-attr]
    assert code
    message = window.statusBar().currentMessage()
    assert message == f"Đã thêm học sinh Nguyễn Văn An — mã học sinh {code}."
    assert window.db_status.isHidden()  # the message gets the room the database path had
    edit = StudentDialog(page, school.db, school.actor("secretary"), dialog.saved.id)  # type: ignore[union-attr]
    edit.address.detail_edit.setText("Thôn 3")
    edit.save_button.click()
    qtbot.waitUntil(lambda: edit.saved is not None, timeout=5000)
    message = window.statusBar().currentMessage()
    assert message == f"Đã lưu hồ sơ học sinh Nguyễn Văn An — mã học sinh {code}."


def test_an_event_with_a_typed_reason_asks_and_lưu_records_it(
    qtbot: QtBot, school: School, messages: Messages
) -> None:
    """Chuyển đi with its reason typed, then Esc: the question names the event; Lưu records it."""
    saved = school.add("Trịnh Văn Hải", "10/10/2014", "Nam")
    dialog = StudentEventDialog(None, school.ctx(), EventKind.TRANSFER_OUT, school.detail(saved.id))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.reason_edit.setPlainText("Gia đình chuyển nơi ở")
    messages.unsaved_answers = [Unsaved.SAVE]
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert messages.unsaved == ["Thông tin “Chuyển đi” bạn đã nhập chưa được lưu. Lưu lại?"]
    qtbot.waitUntil(lambda: dialog.done_ok, timeout=5000)
    assert school.detail(saved.id).status == Status.TRANSFERRED_OUT


def test_class_dialogs_ask_before_dropping_a_choice(
    qtbot: QtBot, school: School, messages: Messages
) -> None:
    """New classes: Không lưu returns nothing, Lưu returns the typed classes; the homeroom
    dialog stays on Hủy; an unchanged dialog closes without a question."""
    teachers = [TeacherChoice("u_teacher", "Nguyễn Thị Giáo")]
    untouched = NewClassDialog(None, "2025-2026", teachers)
    qtbot.addWidget(untouched)
    untouched.reject()
    assert messages.unsaved == []
    dropped = NewClassDialog(None, "2025-2026", teachers)
    qtbot.addWidget(dropped)
    dropped.names_edit.setText("8A1-8A2")
    dropped.reject()
    assert messages.unsaved == ["Lớp mới có thay đổi chưa lưu. Lưu lại các thay đổi này?"]
    assert dropped.result_value is None
    kept = NewClassDialog(None, "2025-2026", teachers)
    qtbot.addWidget(kept)
    kept.names_edit.setText("8A1-8A2")
    messages.unsaved_answers = [Unsaved.SAVE]
    kept.reject()
    assert kept.result_value == NewClasses(("8A1", "8A2"), "")
    homeroom = HomeroomDialog(None, "6A2", "", teachers)
    qtbot.addWidget(homeroom)
    homeroom.show()
    homeroom.teacher_combo.setCurrentIndex(1)
    messages.unsaved_answers = [Unsaved.CANCEL]
    homeroom.close()
    assert homeroom.isVisible() and homeroom.chosen is None
    assert (
        messages.unsaved[-1] == "Chủ nhiệm lớp 6A2 có thay đổi chưa lưu. Lưu lại các thay đổi này?"
    )


def test_electives_ask_only_when_the_choice_changed(
    qtbot: QtBot, school: School, messages: Messages
) -> None:
    """Ticking a subject then Esc asks (Không lưu returns nothing); untouched closes silently."""
    info = info_of(school, add_thpt_class(school))
    untouched = ElectivesDialog(None, info)
    qtbot.addWidget(untouched)
    untouched.reject()
    assert messages.unsaved == []
    dialog = ElectivesDialog(None, info)
    qtbot.addWidget(dialog)
    tick(dialog, "Vật lí")
    dialog.reject()
    assert messages.unsaved == [
        "Môn lựa chọn lớp 10A1 có thay đổi chưa lưu. Lưu lại các thay đổi này?"
    ]
    assert dialog.result_value is None

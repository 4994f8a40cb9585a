"""«Nhập học lại…» from the student list: offered only for a student who left, it asks for a class,
a date and a reason, and brings the same record back into a class of the current year."""

from __future__ import annotations

from datetime import date

from pytestqt.qtbot import QtBot

from app.students import EventKind, Status, graduate
from tests.ui_students.conftest import School
from ui.students.student_event_dialog import StudentEventDialog
from ui.students.student_list_widget import StudentListWidget


def test_readmission_is_offered_for_a_student_who_left(qtbot: QtBot, school: School) -> None:
    """Selecting a graduate enables «Nhập học lại…»; an active student does not get it."""
    staying = school.add("Lê Minh Tâm", "12/03/2013", "Nam", "7A1")
    left = school.add("Trịnh Thu Hà", "10/10/2012", "Nữ", "7A1")
    secretary = school.actor("secretary")
    with school.db.uow(actor=secretary) as s:
        graduate(s, secretary, left.id, on=date(2025, 12, 1), reason="Hoàn thành chương trình")
    page = StudentListWidget(school.ctx())
    qtbot.addWidget(page)
    page.show()
    readmit = page.event_actions[EventKind.ENROLLED]
    assert readmit.text() == "Nhập học lại…"
    qtbot.waitUntil(lambda: page.model.rowCount() == 2, timeout=5000)
    assert page.select(staying.id)
    assert not readmit.isEnabled() and page.event_actions[EventKind.WITHDRAWAL].isEnabled()
    assert page.select(left.id)
    assert readmit.isEnabled()


def test_readmission_dialog_brings_the_record_back(qtbot: QtBot, school: School) -> None:
    """No class chosen: it says so; with 6A2, a date and a reason the graduate is «Đang học» in
    6A2, same code, the «Nhập học» event last in the record's history."""
    saved = school.add("Trịnh Thu Hà", "10/10/2012", "Nữ", "7A1")
    secretary = school.actor("secretary")
    with school.db.uow(actor=secretary) as s:
        graduate(s, secretary, saved.id, on=date(2025, 12, 1), reason="Hoàn thành chương trình")
    dialog = StudentEventDialog(None, school.ctx(), EventKind.ENROLLED, school.detail(saved.id))
    qtbot.addWidget(dialog)
    assert dialog.class_combo.currentIndex() == -1
    dialog.date_edit.setText("05/01/2026")
    dialog.reason_edit.setPlainText("Gia đình xin cho học lại")
    dialog.ok_button.click()
    assert dialog.error_label.text() == "Cần chọn lớp học sinh vào học."
    dialog.class_combo.setCurrentIndex(dialog.class_combo.findText("6A2"))
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: dialog.done_ok, timeout=5000)
    d = school.detail(saved.id)
    assert d.status == Status.ACTIVE and d.current_class == "6A2"
    assert d.student_code == saved.student_code
    assert [e.kind for e in d.events] == [EventKind.GRADUATION, EventKind.ENROLLED]
    assert d.events[-1].reason == "Gia đình xin cho học lại"

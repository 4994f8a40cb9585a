"""The student form: create, identity changes need a reason, sensitive reads are journalled."""

from __future__ import annotations

from datetime import date

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app import access_log
from app.students import Guardian, make_personal_id
from tests.ui_students.conftest import School
from ui.journal_model import ChangeColumn
from ui.students.reason_dialog import ReasonDialog
from ui.students.student_dialog import StudentDialog


def _dialog(
    qtbot: QtBot, school: School, student_id: object = None, role: str = "secretary"
) -> StudentDialog:
    dialog = StudentDialog(None, school.db, school.actor(role), student_id)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _reasons(monkeypatch: pytest.MonkeyPatch, answer: str | None) -> list[str]:
    asked: list[str] = []

    def ask(cls: object, parent: object, title: str, message: str) -> str | None:
        asked.append(message)
        return answer

    monkeypatch.setattr(ReasonDialog, "ask", classmethod(ask))
    return asked


def _sensitive_reads(school: School, student_id: object) -> int:
    """How many times the student's sensitive fields were shown (the access log)."""
    with school.db.read() as s:
        views = access_log.entries(s, school.actor("admin"))
    return sum(1 for r in views if r.entity_id == str(student_id) and r.event == "sensitive_viewed")


def test_dialog_creates_a_student_with_a_guardian(qtbot: QtBot, school: School) -> None:
    """Filling the form and saving creates the student, enrols them and adds the father."""
    pid = make_personal_id("038", date(2014, 9, 5), "nam", 123)
    dialog = _dialog(qtbot, school)
    dialog.identity.name_edit.setText("nguyễn  văn an")
    dialog.identity.dob_edit.setText("5/9/2014")
    dialog.identity.sex_combo.setCurrentText("Nam")
    dialog.identity.pid_edit.setText(pid)
    dialog.identity.class_combo.setCurrentText("6A1")
    father = dialog.family.boxes["cha"]
    father.name_edit.setText("Nguyễn Văn Bình")
    father.phone_edit.setText("0912 345 678")
    father.year_spin.set_year(1984)
    dialog.policy.height_spin.set_number(142.5)
    dialog.policy.weight_spin.set_number(36.0)
    assert dialog.policy.bmi_label.text().startswith("17,7")
    dialog.save_button.click()
    qtbot.waitUntil(lambda: dialog.saved is not None, timeout=5000)
    d = school.detail(dialog.saved.id, sensitive=True)  # type: ignore[union-attr]
    assert (d.full_name, d.date_of_birth, d.sex, d.current_class) == (
        "Nguyễn Văn An",
        date(2014, 9, 5),
        "nam",
        "6A1",
    )
    assert d.personal_id == pid and d.height_cm == 142.5
    [g] = d.guardians
    assert (g.relation, g.full_name, g.phone, g.birth_year) == (
        "cha",
        "Nguyễn Văn Bình",
        "0912345678",
        1984,
    )


def test_missing_required_fields_are_shown_and_nothing_is_saved(
    qtbot: QtBot, school: School
) -> None:
    """Saving an empty form names the missing fields inline and writes nothing."""
    dialog = _dialog(qtbot, school)
    dialog.identity.dob_edit.setText("31/02/2014")
    dialog.save_button.click()
    text = dialog.error_label.text()
    assert "Họ và tên: không được để trống." in text
    assert "Ngày sinh: ngày 31/02/2014 không có thật." in text
    assert text.count("Ngày sinh") == 1  # not "không được để trống" as well
    assert dialog.saved is None and dialog.isVisible()


def test_identity_change_requires_a_reason_and_shows_in_history(
    qtbot: QtBot, school: School, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Renaming asks why; going back saves nothing; the saved reason shows in the history tab."""
    saved = school.add("Lê Thi Hoa", "12/03/2014", "Nữ")
    dialog = _dialog(qtbot, school, saved.id)
    dialog.identity.name_edit.setText("Lê Thị Hoa")
    asked = _reasons(monkeypatch, None)
    dialog.save_button.click()
    assert "Họ và tên" in asked[0]
    assert school.detail(saved.id).full_name == "Lê Thi Hoa"
    _reasons(monkeypatch, "Sửa theo giấy khai sinh")
    dialog.save_button.click()
    qtbot.waitUntil(lambda: dialog.saved is not None, timeout=5000)
    assert school.detail(saved.id).full_name == "Lê Thị Hoa"
    again = _dialog(qtbot, school, saved.id)
    again.tabs.setCurrentWidget(again.history)
    model = again.history.model
    rows = [[model.index(r, c).data() for c in ChangeColumn] for r in range(model.rowCount())]
    renamed = [r for r in rows if r[ChangeColumn.FIELD] == "Họ và tên" and r[ChangeColumn.OLD]]
    assert renamed[0][ChangeColumn.OLD] == "Lê Thi Hoa"
    assert renamed[0][ChangeColumn.NEW] == "Lê Thị Hoa"
    assert renamed[0][ChangeColumn.REASON] == "Sửa theo giấy khai sinh"


def test_other_changes_need_no_reason(
    qtbot: QtBot, school: School, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Changing the address saves without asking for a reason."""
    saved = school.add("Phạm Văn Nam", "01/01/2014", "Nam")
    asked = _reasons(monkeypatch, "không dùng")
    dialog = _dialog(qtbot, school, saved.id)
    dialog.address.detail_edit.setText("Thôn 3")
    dialog.save_button.click()
    qtbot.waitUntil(lambda: dialog.saved is not None, timeout=5000)
    assert asked == []
    assert school.detail(saved.id).address_detail == "Thôn 3"


def test_opening_the_health_tab_reads_sensitive_fields_through_the_journal(
    qtbot: QtBot, school: School
) -> None:
    """The personal ID and health stay hidden until the tab is opened, which journals one access."""
    pid = make_personal_id("038", date(2014, 1, 6), "nu", 55)
    saved = school.add("Hà Thị Mai", "06/01/2014", "Nữ", personal_id=pid, height_cm=140.0)
    dialog = _dialog(qtbot, school, saved.id)
    assert dialog.identity.pid_edit.text() == ""
    assert not dialog.policy.health_shown
    assert _sensitive_reads(school, saved.id) == 0
    dialog.tabs.setCurrentWidget(dialog.policy)
    qtbot.waitUntil(lambda: dialog.policy.health_shown, timeout=5000)
    assert dialog.identity.pid_edit.text() == pid
    assert dialog.policy.height_spin.number() == 140.0
    assert _sensitive_reads(school, saved.id) == 1


def test_guardian_phone_edit_keeps_the_hidden_guardian_id(qtbot: QtBot, school: School) -> None:
    """Changing a father's phone without showing IDs keeps his stored personal ID."""
    father_id = make_personal_id("038", date(1980, 5, 1), "nam", 9)
    saved = school.add("Bùi Văn Long", "02/02/2014", "Nam", father_name="Bùi Văn Tư")
    with school.db.uow(actor=school.actor("secretary")) as s:
        s.scalar(select(Guardian).where(Guardian.student_id == saved.id)).personal_id = father_id  # type: ignore[union-attr]
    dialog = _dialog(qtbot, school, saved.id)
    box = dialog.family.boxes["cha"]
    assert box.pid_edit.isReadOnly() and box.occupation_edit.isReadOnly()
    box.phone_edit.setText("0987654321")
    dialog.save_button.click()
    qtbot.waitUntil(lambda: dialog.saved is not None, timeout=5000)
    [g] = school.detail(saved.id, sensitive=True).guardians
    assert (g.phone, g.personal_id) == ("0987654321", father_id)


def test_teacher_gets_a_read_only_form_without_sensitive_fields(
    qtbot: QtBot, school: School
) -> None:
    """A teacher sees their student's form read-only, cannot save, and cannot show the ID."""
    saved = school.add("Vũ Thị Thu", "09/09/2014", "Nữ")
    dialog = _dialog(qtbot, school, saved.id, role="teacher")
    assert not hasattr(dialog, "save_button")
    assert dialog.close_button.text() == "Đóng"
    assert dialog.identity.name_edit.isReadOnly()
    assert not dialog.identity.reveal_button.isVisible()
    dialog.tabs.setCurrentWidget(dialog.policy)
    assert not dialog.policy.health_shown
    assert not dialog.policy.reveal_button.isVisible()
    assert _sensitive_reads(school, saved.id) == 0


def test_the_ministry_code_is_shown_and_edited_on_the_form(
    qtbot: QtBot, school: School, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The Ministry's student code shows on the identity tab and saves like other fields."""
    saved = school.add("Phạm Văn Nam", "01/01/2014", "Nam")
    _reasons(monkeypatch, "không dùng")
    dialog = _dialog(qtbot, school, saved.id)
    assert dialog.identity.ministry_edit.text() == ""
    dialog.identity.ministry_edit.setText("7912345678")
    dialog.save_button.click()
    qtbot.waitUntil(lambda: dialog.saved is not None, timeout=5000)
    assert school.detail(saved.id).ministry_code == "7912345678"
    again = _dialog(qtbot, school, saved.id)
    assert again.identity.ministry_edit.text() == "7912345678"

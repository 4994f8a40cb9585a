"""The elective-subjects dialog and its place on the classes page."""

from __future__ import annotations

import uuid
from dataclasses import replace

import pytest
from pytestqt.qtbot import QtBot

from app import school as school_profile
from app import students as st
from app.gradebook import catalogue, electives, locking
from app.gradebook.electives import ClassElectives
from app.gradebook.entry import CellEdit, save_scores
from tests.ui_students.conftest import School
from ui.students.classes_widget import ClassesWidget
from ui.students.electives_dialog import ElectivesChoice, ElectivesDialog

YEAR = "2025-2026"
SCIENCE = ("Vật lí", "Hóa học", "Sinh học", "Tin học")


def add_thpt_class(school: School) -> uuid.UUID:
    """Teach THPT too, with this year's catalogue, and create class 10A1."""
    admin, sec = school.actor("admin"), school.actor("secretary")
    with school.db.uow(actor=admin) as s:
        profile = school_profile.require_profile(s)
        school_profile.update_profile(s, admin, replace(profile, levels=(*profile.levels, "thpt")))
        catalogue.ensure_catalogue(s, admin, YEAR)
    with school.db.uow(actor=sec) as s:
        return st.create_class(s, sec, "10A1").id


def info_of(school: School, class_id: uuid.UUID) -> ClassElectives:
    admin = school.actor("admin")
    with school.db.read(admin) as s:
        return electives.class_electives(s, admin, class_id)


def tick(dialog: ElectivesDialog, *names: str, on: bool = True) -> None:
    for option in dialog.info.options:
        if option.name in names:
            dialog.boxes[option.subject_id].setChecked(on)


def test_counter_and_save_follow_the_programme_limit(qtbot: QtBot, school: School) -> None:
    """The counter reads "Đã chọn n/4" live and Lưu is enabled only with exactly four ticked."""
    dialog = ElectivesDialog(None, info_of(school, add_thpt_class(school)))
    qtbot.addWidget(dialog)
    assert dialog.counter_label.text() == "Đã chọn 0/4"
    assert not dialog.save_button.isEnabled() and dialog.problem_label.isHidden()
    tick(dialog, *SCIENCE[:3])
    assert dialog.counter_label.text() == "Đã chọn 3/4"
    assert not dialog.save_button.isEnabled()
    assert dialog.problem_label.text().endswith("đang chọn 3.")
    tick(dialog, "Tin học", "Mĩ thuật")
    assert dialog.counter_label.text() == "Đã chọn 5/4" and not dialog.save_button.isEnabled()
    tick(dialog, "Mĩ thuật", on=False)
    assert dialog.save_button.isEnabled() and dialog.problem_label.isHidden()
    dialog.save_button.click()
    assert dialog.result_value is not None and dialog.result_value.reason == ""
    names = {o.subject_id: o.name for o in dialog.info.options}
    assert [names[i] for i in dialog.result_value.subject_ids] == list(SCIENCE)


def test_scored_electives_stay_ticked_and_a_change_needs_a_reason(
    qtbot: QtBot, school: School
) -> None:
    """An elective with scores cannot be unticked; changing the choice waits for a reason."""
    class_id = add_thpt_class(school)
    admin = school.actor("admin")
    saved = school.add("Đỗ Thị Hà", "01/02/2010", "Nữ", class_name="10A1")
    ids = {o.name: o.subject_id for o in info_of(school, class_id).options}
    with school.db.uow(actor=admin) as s:
        electives.set_electives(s, admin, class_id, [ids[n] for n in SCIENCE])
        cells = [CellEdit(saved.id, "TX1", "8"), CellEdit(saved.id, "TX2", "9")]
        save_scores(s, admin, class_id, ids["Vật lí"], 1, cells)
    dialog = ElectivesDialog(None, info_of(school, class_id))
    qtbot.addWidget(dialog)
    held = dialog.boxes[ids["Vật lí"]]
    assert held.text() == "Vật lí" and not held.isEnabled() and held.isChecked()
    assert "2 điểm" in held.toolTip()
    assert dialog.scores_label.text() == "Đã có điểm nên không bỏ được: Vật lí (2 điểm)."
    tick(dialog, "Tin học", on=False)
    tick(dialog, "Địa lí")
    assert dialog.counter_label.text() == "Đã chọn 4/4" and not dialog.save_button.isEnabled()
    assert "phải ghi rõ lý do" in dialog.problem_label.text()
    dialog.reason_edit.setText("Lớp đăng ký lại tổ hợp")
    assert dialog.save_button.isEnabled()


def test_a_locked_grade_book_makes_the_dialog_read_only(qtbot: QtBot, school: School) -> None:
    """With a semester locked, every box is disabled and a banner says to unlock first."""
    class_id = add_thpt_class(school)
    admin = school.actor("admin")
    with school.db.uow(actor=admin) as s:
        locking.lock_semester(s, admin, class_id, 1)
    dialog = ElectivesDialog(None, info_of(school, class_id))
    qtbot.addWidget(dialog)
    assert not dialog.locked_label.isHidden() and "Học kì I" in dialog.locked_label.text()
    assert not any(box.isEnabled() for box in dialog.boxes.values())
    assert not dialog.save_button.isEnabled()


def test_dialog_fits_a_1024_by_768_screen(qtbot: QtBot, school: School) -> None:
    """Nine electives in three groups fit a small screen."""
    dialog = ElectivesDialog(None, info_of(school, add_thpt_class(school)))
    qtbot.addWidget(dialog)
    dialog.show()
    smallest, shown = dialog.minimumSize(), dialog.size()
    assert smallest.width() <= 1024 and smallest.height() <= 700, smallest
    assert shown.width() >= smallest.width() and shown.height() >= smallest.height()


def test_classes_page_sets_electives_through_the_dialog(
    qtbot: QtBot, school: School, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The button is enabled for 10A1 only; the chosen subjects are saved and shown under the table."""
    class_id = add_thpt_class(school)
    page = ClassesWidget(school.ctx())
    qtbot.addWidget(page)
    assert [c.name for c in page.classes] == ["6A1", "6A2", "7A1", "10A1"]
    page.class_table.selectRow(0)
    assert not page.electives_button.isEnabled() and page.electives_label.isHidden()
    page.class_table.selectRow(3)
    assert page.electives_button.isEnabled()
    assert page.electives_label.text() == "Môn lựa chọn lớp 10A1 (0/4): chưa chọn"
    ids = {o.name: o.subject_id for o in info_of(school, class_id).options}
    choice = ElectivesChoice(tuple(ids[n] for n in SCIENCE), "")
    monkeypatch.setattr(ElectivesDialog, "ask", classmethod(lambda cls, p, info: choice))
    page.electives_button.click()
    expected = "Môn lựa chọn lớp 10A1 (4/4): Vật lí, Hóa học, Sinh học, Tin học"
    qtbot.waitUntil(lambda: page.electives_label.text() == expected, timeout=5000)
    assert [o.name for o in info_of(school, class_id).chosen] == list(SCIENCE)

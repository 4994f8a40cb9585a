"""An empty student list says which filters hide the rows, and "Bỏ lọc" brings them back (issue 17 §5)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.students import Status, parse_date, withdraw
from tests.ui_students.conftest import School
from ui.students.student_list_model import Column
from ui.students.student_list_widget import StudentListWidget


def _page(qtbot: QtBot, school: School, role: str = "secretary") -> StudentListWidget:
    page = StudentListWidget(school.ctx(role))
    qtbot.addWidget(page)
    page.resize(1024, 700)
    page.show()
    return page


def test_no_match_names_every_filter_and_reset_restores_the_rows(
    qtbot: QtBot, school: School
) -> None:
    """Class 6A2, status Thôi học and "xyz" find nobody: the message names all three;
    "Bỏ lọc" brings back the whole current year with empty controls."""
    school.add_students({"6A1": 5, "6A2": 4})
    gone = school.add("Lê Văn Bình", "03/03/2014", "Nam", "6A1")
    secretary = school.actor("secretary")
    with school.db.uow(actor=secretary) as s:
        withdraw(s, secretary, gone.id, on=parse_date("20/10/2025"), reason="Chuyển vùng")  # type: ignore[arg-type]
    page = _page(qtbot, school)
    assert page.model.total == 10 and not page.rows_or_empty.showing_empty
    page.class_combo.setCurrentIndex(page.class_combo.findData("6A2"))
    page.status_combo.setCurrentIndex(page.status_combo.findData(Status.WITHDRAWN))
    page.search_edit.setText("xyz")
    page.apply_filter()
    empty = page.rows_or_empty.empty
    assert page.model.total == 0 and page.rows_or_empty.showing_empty
    assert empty.message_label.text() == (
        "Không có học sinh nào khớp: lớp 6A2, trạng thái Thôi học, từ khóa “xyz”."
    )
    assert empty.reset_button.isVisibleTo(page) and not page.table.isVisibleTo(page)
    qtbot.mouseClick(empty.reset_button, Qt.MouseButton.LeftButton)
    assert page.model.total == 10 and not page.rows_or_empty.showing_empty
    assert page.table.isVisibleTo(page)
    assert (page.class_combo.currentIndex(), page.status_combo.currentIndex()) == (0, 0)
    assert page.search_edit.text() == "" and page.year_combo.currentData() == "2025-2026"


def test_a_search_alone_is_named_with_its_exact_toggle(qtbot: QtBot, school: School) -> None:
    """Only the search hides the rows: the message names it, and the exact toggle when on."""
    school.add_students({"6A1": 3})
    page = _page(qtbot, school)
    page.exact_check.setChecked(True)
    page.search_edit.setText("Ánh Tuyết")
    page.apply_filter()
    assert page.rows_or_empty.empty.message_label.text() == (
        "Không có học sinh nào khớp: từ khóa “Ánh Tuyết”, khớp chính xác (có dấu)."
    )


def test_an_empty_year_without_filters_offers_no_reset(qtbot: QtBot, school: School) -> None:
    """A school with no students yet says so, with nothing to reset."""
    page = _page(qtbot, school)
    empty = page.rows_or_empty.empty
    assert page.rows_or_empty.showing_empty
    assert empty.message_label.text() == "Chưa có học sinh nào trong năm học 2025-2026."
    assert not empty.reset_button.isVisibleTo(page)


def test_typing_a_part_of_a_code_finds_the_student(qtbot: QtBot, school: School) -> None:
    """The last six characters of a code ("250003") typed in the search find that student."""
    school.add_students({"6A1": 12})
    page = _page(qtbot, school)
    code = page.model.index(3, Column.CODE).data()
    page.search_edit.setText(code[-6:])
    page.apply_filter()
    assert page.model.total == 1 and page.model.index(0, Column.CODE).data() == code

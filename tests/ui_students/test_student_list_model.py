"""The lazy student list model: Qt's model contract, SQL sorting and paging, scroll-bar pauses."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.students import SortField, StudentFilter, StudentSort, list_student_rows
from tests.ui_students.conftest import School
from ui.students.student_list_model import ID_ROLE, SORT_ROLE, Column, StudentListModel


def _model(school: School, role: str = "secretary", page: int = 64) -> StudentListModel:
    model = StudentListModel(school.db, school.actor(role))
    model.PAGE = page
    model.refresh()
    return model


def test_model_passes_qtmodeltester_with_hundreds_of_students(
    qtmodeltester,
    school: School,  # type: ignore[no-untyped-def]
) -> None:
    """Qt's model checker accepts the list model, unfiltered and filtered, over several pages."""
    school.add_students({"6A1": 120, "6A2": 110, "7A1": 90})
    model = _model(school)
    assert model.rowCount() == 320
    qtmodeltester.check(model)
    model.set_filter(StudentFilter(class_name="6A2"))
    assert model.rowCount() == 110
    qtmodeltester.check(model)


def test_rows_are_read_page_by_page_only_when_shown(school: School) -> None:
    """Opening the list reads the count and one page; a far row costs one more page query."""
    school.add_students({"6A1": 150, "6A2": 150})
    model = _model(school, page=50)
    assert model.queries == 2  # count + first page
    assert model.index(10, Column.FULL_NAME).data()
    assert model.queries == 2
    assert model.index(260, Column.FULL_NAME).data()
    assert model.queries == 3


def test_cells_show_formatted_text_and_sort_role_raw_values(school: School) -> None:
    """Dates show dd/mm/yyyy, sex and status in Vietnamese; the sort role keeps ISO dates and codes."""
    saved = school.add("Đặng Thị Ánh", "05/09/2014", "Nữ")
    model = _model(school)
    row = model.row_of(saved.id)
    assert model.index(row, Column.DATE_OF_BIRTH).data() == "05/09/2014"
    assert model.index(row, Column.DATE_OF_BIRTH).data(SORT_ROLE) == "2014-09-05"
    assert model.index(row, Column.SEX).data() == "Nữ"
    assert model.index(row, Column.STATUS).data() == "Đang học"
    assert model.index(row, Column.CLASS).data() == "6A1"
    assert model.index(row, Column.CODE).data(ID_ROLE) == str(saved.id)


def test_sort_requeries_the_database(school: School) -> None:
    """sort() orders by SQL (one page query, no recount): rows equal list_student_rows'."""
    school.add_students({"6A1": 60, "7A1": 60})
    model = _model(school, page=40)
    before = model.queries
    model.sort(Column.DATE_OF_BIRTH, Qt.SortOrder.DescendingOrder)
    assert model.queries == before + 1
    assert model.student_sort == StudentSort(SortField.DATE_OF_BIRTH, descending=True)
    secretary = school.actor("secretary")
    with school.db.read(secretary) as s:
        expected = list_student_rows(s, secretary, StudentFilter(), model.student_sort, 0, 120)
    shown = [model.student_at(i) for i in range(model.rowCount())]
    assert [r.id for r in shown if r] == [r.id for r in expected]
    dates = [r.date_of_birth for r in expected if r.date_of_birth]
    assert dates == sorted(dates, reverse=True)


def test_unsortable_column_keeps_the_order(school: School) -> None:
    """Sex has no SQL order: sorting by it neither queries nor changes the order."""
    school.add_students({"6A1": 20})
    model = _model(school)
    before, first = model.queries, model.student_at(0)
    model.sort(Column.SEX, Qt.SortOrder.AscendingOrder)
    assert model.queries == before
    assert model.student_at(0) == first


def test_paused_model_shows_blank_rows_until_resumed(qtbot: QtBot, school: School) -> None:
    """While the scroll bar is dragged, unread pages are blank; resume() repaints them."""
    school.add_students({"6A1": 90})
    model = _model(school, page=30)
    model.pause()
    assert model.index(70, Column.FULL_NAME).data() == ""
    assert model.index(5, Column.FULL_NAME).data()  # already read
    with qtbot.waitSignal(model.dataChanged):
        model.resume()
    assert model.index(70, Column.FULL_NAME).data()


def test_teacher_model_lists_only_the_homeroom_class(school: School) -> None:
    """A teacher's list holds the students of the class they lead, and no others."""
    school.add_students({"6A1": 12, "6A2": 15})
    model = _model(school, role="teacher")
    assert model.rowCount() == 12
    assert {model.index(i, Column.CLASS).data() for i in range(12)} == {"6A1"}

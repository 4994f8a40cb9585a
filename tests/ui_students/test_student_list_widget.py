"""The student list page: search as you type, filters, SQL sorting, and what each role may do."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.students import Status
from tests.ui.helpers import type_into
from tests.ui_students.conftest import School
from ui.students.student_list_model import Column
from ui.students.student_list_widget import StudentListWidget


def _page(qtbot: QtBot, school: School, role: str = "secretary") -> StudentListWidget:
    page = StudentListWidget(school.ctx(role))
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.show()
    return page


def _names(page: StudentListWidget) -> list[str]:
    model = page.model
    return [model.index(i, Column.FULL_NAME).data() for i in range(model.rowCount())]


def test_typing_in_search_filters_rows_accent_insensitively(qtbot: QtBot, school: School) -> None:
    """Typing "đang thi anh tuyet" finds "Đặng Thị Ánh Tuyết" after the debounce, no Enter."""
    school.add_students({"6A1": 40})
    school.add("Đặng Thị Ánh Tuyết", "05/09/2014", "Nữ")
    school.add("Đặng Văn Hùng", "01/02/2014", "Nam")
    page = _page(qtbot, school)
    assert page.model.total == 42
    type_into(page.search_edit, "đang thi anh tuyet")
    assert page.model.total == 42  # not yet: the search waits for a pause in typing
    qtbot.waitUntil(lambda: page.model.total == 1, timeout=3000)
    assert _names(page) == ["Đặng Thị Ánh Tuyết"]
    assert "khớp" in page.count_label.text()
    page.search_edit.clear()
    qtbot.waitUntil(lambda: page.model.total == 42, timeout=3000)


def test_exact_toggle_matches_accents(qtbot: QtBot, school: School) -> None:
    """With "Khớp chính xác (có dấu)" on, "Anh" no longer matches "Ánh"."""
    school.add("Nguyễn Thị Ánh", "05/09/2014", "Nữ")
    school.add("Nguyễn Thị Anh", "06/09/2014", "Nữ")
    page = _page(qtbot, school)
    page.search_edit.setText("thị anh")
    page.apply_filter()
    assert sorted(_names(page)) == ["Nguyễn Thị Anh", "Nguyễn Thị Ánh"]
    page.exact_check.setChecked(True)
    assert _names(page) == ["Nguyễn Thị Anh"]


def test_filters_by_class_and_status(qtbot: QtBot, school: School) -> None:
    """Choosing a class or a status re-queries the list for just those students."""
    school.add_students({"6A1": 10, "6A2": 7})
    gone = school.add("Lê Văn Bình", "03/03/2014", "Nam", "6A2")
    secretary = school.actor("secretary")
    from app.students import parse_date, withdraw

    with school.db.uow(actor=secretary) as s:
        withdraw(s, secretary, gone.id, on=parse_date("20/10/2025"), reason="Gia đình chuyển vùng")  # type: ignore[arg-type]
    page = _page(qtbot, school)
    page.class_combo.setCurrentIndex(page.class_combo.findData("6A2"))
    assert page.model.total == 8
    page.status_combo.setCurrentIndex(page.status_combo.findData(Status.WITHDRAWN))
    assert _names(page) == ["Lê Văn Bình"]
    assert page.model.index(0, Column.STATUS).data() == "Thôi học"


def test_header_click_sorts_in_sql(qtbot: QtBot, school: School) -> None:
    """Sorting by the code column re-queries and shows codes in descending order."""
    school.add_students({"6A1": 30, "7A1": 30})
    page = _page(qtbot, school)
    before = page.model.queries
    page.table.sortByColumn(Column.CODE, Qt.SortOrder.DescendingOrder)
    assert page.model.queries > before
    codes = [page.model.index(i, Column.CODE).data() for i in range(page.model.rowCount())]
    assert codes == sorted(codes, reverse=True)
    page.table.sortByColumn(Column.SEX, Qt.SortOrder.AscendingOrder)
    header = page.table.horizontalHeader()
    assert header.sortIndicatorSection() == Column.CODE


def test_list_refreshes_after_a_command_on_the_bus(qtbot: QtBot, school: School) -> None:
    """A student added elsewhere appears once the change is announced on the app-wide signal."""
    from app.students.changes import STUDENT_CHANGES
    from ui.signals import bus

    page = _page(qtbot, school)
    assert page.model.total == 0
    school.add("Trần Minh Châu", "25/07/2014", "Nữ")
    bus.announce(STUDENT_CHANGES)
    assert _names(page) == ["Trần Minh Châu"]


def test_teacher_sees_no_edit_actions(qtbot: QtBot, school: School) -> None:
    """A teacher gets a read-only list of their class: no add, events or import; "Xem hồ sơ"."""
    school.add_students({"6A1": 5, "6A2": 6})
    page = _page(qtbot, school, "teacher")
    for button in (page.add_button, page.events_button, page.import_button):
        assert not button.isVisible()
    assert page.open_button.text() == "Xem hồ sơ"
    assert page.model.total == 5
    assert [page.class_combo.itemData(i) for i in range(page.class_combo.count())] == ["", "6A1"]


def test_secretary_sees_edit_actions(qtbot: QtBot, school: School) -> None:
    """The secretary gets add, events and import, and "Sửa hồ sơ"."""
    page = _page(qtbot, school)
    for button in (page.add_button, page.events_button, page.import_button):
        assert button.isVisible()
    assert page.open_button.text() == "Sửa hồ sơ"

"""The year-end lists tab offers the TT27 lists for a primary class."""

from __future__ import annotations

from datetime import date

from pytestqt.qtbot import QtBot

from tests.gradebook.conftest import add_student
from tests.ui_gradebook.conftest import PrimaryUi, fill_year_end, page, primary_entry


def test_primary_class_lists_are_the_tt27_lists_with_counts(
    qtbot: QtBot, primary: PrimaryUi
) -> None:
    """4A lists completed / not completed / titles, a student with top marks is Xuất sắc."""
    fill_year_end(primary, "Lê Văn Anh", "HTT", "10", "T")
    fill_year_end(primary, "Trần Thị Ánh", "CHT", "4", "C")
    widget = page(qtbot, primary, "u_principal")
    widget.select("4A", 2)
    widget.tabs.setCurrentWidget(widget.lists)
    lists = widget.lists
    combo = lists.kind_combo
    items = [combo.itemText(i) for i in range(combo.count())]
    assert not any(text.startswith("Lên lớp") for text in items)
    assert any(text == "Học sinh Xuất sắc (tiểu học) (1)" for text in items)
    assert any("(2)" in text and text.startswith("Chưa đủ dữ liệu") for text in items)
    completed = next(i for i, t in enumerate(items) if t.startswith("Hoàn thành chương trình"))
    assert items[completed].endswith("(1)")
    combo.setCurrentIndex(completed)
    assert lists.model.rowCount() == 1
    assert lists.model.row_at(0).full_name == "Lê Văn Anh"
    not_done = next(i for i, t in enumerate(items) if t.startswith("Chưa hoàn thành"))
    combo.setCurrentIndex(not_done)
    assert [lists.model.row_at(i).full_name for i in range(lists.model.rowCount())] == [
        "Trần Thị Ánh"
    ]


def test_a_student_who_left_is_never_counted_as_missing(qtbot: QtBot, primary: PrimaryUi) -> None:
    """A student who moved away mid-year is greyed and their empty cells are not 'còn thiếu'."""
    before = primary_entry(qtbot, primary).grid_model.missing_count()
    add_student(primary.db, primary.ps.class_id, "Vũ Thị Yến", "TH099", end=date(2025, 10, 1))
    widget = primary_entry(qtbot, primary)
    model = widget.grid_model
    row = next(r for r in range(model.rowCount()) if model.row_label(r)[0] == "Vũ Thị Yến")
    assert model.row_label(row) == ("Vũ Thị Yến", False)
    assert not model.is_missing(row, "MD1")
    assert model.missing_count() == before

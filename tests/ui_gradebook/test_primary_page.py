"""The Sổ điểm page switches its tabs by class level, and the primary models keep Qt's contract."""

from __future__ import annotations

import pytest
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from app.db import Actor
from app.gradebook.primary.grid import primary_grid
from app.gradebook.primary.results import primary_summary
from app.gradebook.primary_ratings import rating_sheet
from tests.gradebook.conftest import make_class
from tests.ui_gradebook.conftest import NAMES_4A as NAMES
from tests.ui_gradebook.conftest import PrimaryUi, fill_year_end, page, type_cell
from ui.gradebook.dialogs import Unsaved, UnsavedDialog
from ui.gradebook.gradebook_widget import GradebookWidget
from ui.gradebook.primary_grid_model import PrimaryGridModel
from ui.gradebook.primary_ratings_model import PrimaryRatingsModel
from ui.gradebook.primary_summary_model import PrimarySummaryModel


def visible_titles(widget: GradebookWidget) -> list[str]:
    tabs = widget.tabs
    return [tabs.tabText(i) for i in range(tabs.count()) if tabs.isTabVisible(i)]


def test_a_primary_class_gets_the_tt27_tabs_and_a_secondary_class_the_tt22_ones(
    qtbot: QtBot, primary: PrimaryUi
) -> None:
    """4A shows Nhập đánh giá, Phẩm chất năng lực, Tổng hợp, lists; 6A1 shows the TT22 tabs."""
    make_class(primary.db, "6A1", 6, None)
    widget = page(qtbot, primary, "u_principal")
    assert [widget.class_combo.itemText(i) for i in range(widget.class_combo.count())] == [
        "4A",
        "6A1",
    ]
    widget.select("4A", 1)
    assert visible_titles(widget) == [
        "Nhập đánh giá",
        "Phẩm chất, năng lực",
        "Tổng hợp",
        "Danh sách cuối năm",
    ]
    assert widget.tabs.currentWidget() is widget.p_entry
    assert widget.p_entry.grid_model.grid is not None
    assert widget.p_entry.grid_model.grid.class_name == "4A"
    widget.tabs.setCurrentWidget(widget.p_summary)
    assert widget.p_summary.model.summary is not None
    widget.select("6A1", 1)
    assert visible_titles(widget) == [
        "Nhập điểm",
        "Rèn luyện và chuyên cần",
        "Tổng hợp lớp",
        "Kiểm tra lại, rèn luyện hè",
        "Danh sách cuối năm",
    ]
    assert widget.tabs.currentWidget() is widget.entry
    widget.select("4A", 1)
    assert widget.tabs.currentWidget() is widget.p_entry


def test_teachers_see_the_ratings_tab_only_for_the_class_they_lead(
    qtbot: QtBot, primary: PrimaryUi
) -> None:
    """gv.cn (homeroom) rates 4A; u_teacher (Ngoại ngữ 1 only) sees no ratings tab."""
    lead = page(qtbot, primary, "gv.cn")
    assert [lead.p_entry.subject_combo.itemText(i) for i in range(2)] == ["Tiếng Việt", "Toán"]
    assert "Phẩm chất, năng lực" in visible_titles(lead)
    other = page(qtbot, primary, "u_teacher")
    assert other.p_entry.subject_combo.count() == 1
    assert other.p_entry.subject_combo.itemText(0) == "Ngoại ngữ 1"
    assert "Phẩm chất, năng lực" not in visible_titles(other)


def test_switching_class_asks_about_unsaved_primary_edits(
    qtbot: QtBot, primary: PrimaryUi, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Hủy keeps 4A and the typed level (the tab title is marked); Không lưu drops it."""
    make_class(primary.db, "6A1", 6, None)
    widget = page(qtbot, primary, "u_principal")
    widget.select("4A", 1)
    widget.p_entry.panel.focus_first_input()
    type_cell(qtbot, widget.p_entry.panel.view, "HT")
    assert widget.has_unsaved()
    index = widget.tabs.indexOf(widget.p_entry)
    assert widget.tabs.tabText(index) == "Nhập đánh giá •"
    answers = [Unsaved.CANCEL, Unsaved.DISCARD]
    monkeypatch.setattr(UnsavedDialog, "ask", classmethod(lambda cls, *a: answers.pop(0)))
    widget.class_combo.setCurrentIndex(1)
    widget.class_combo.activated.emit(1)
    assert widget.class_combo.currentText() == "4A" and widget.has_unsaved()
    widget.class_combo.setCurrentIndex(1)
    widget.class_combo.activated.emit(1)
    assert widget.current_class().name == "6A1" and not widget.has_unsaved()
    assert widget.tabs.tabText(index) == "Nhập đánh giá"


# ---------------------------------------------------------------- Qt model contract


def test_primary_models_pass_qtmodeltester(qtmodeltester: ModelTester, primary: PrimaryUi) -> None:
    """Grid, ratings and summary models keep Qt's model contract, with edits and results in them."""
    fill_year_end(primary, NAMES[0])
    system = Actor.system("test")
    with primary.db.read() as s:
        grid = primary_grid(s, system, primary.ps.class_id, primary.ps.subjects["Toán"], 2)
        sheet = rating_sheet(s, system, primary.ps.class_id, 2, 2)
        summary = primary_summary(s, system, primary.ps.class_id)
    grid_model = PrimaryGridModel()
    grid_model.set_grid(grid)
    grid_model.setData(grid_model.index(1, grid_model.column_of("MD1")), "HT")
    grid_model.setData(grid_model.index(2, grid_model.column_of("KT2")), "7,5")
    ratings_model = PrimaryRatingsModel()
    ratings_model.set_sheet(sheet, {primary.ps.students[NAMES[0]]: "Giải Nhất"})
    ratings_model.setData(ratings_model.index(1, 2), "Đ")
    ratings_model.setData(ratings_model.index(2, 3), "x")
    summary_model = PrimarySummaryModel()
    summary_model.set_summary(summary)
    for model in (grid_model, ratings_model, summary_model):
        qtmodeltester.check(model, force_py=True)
        qtmodeltester.check(model)

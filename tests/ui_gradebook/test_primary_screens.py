"""The primary (TT27) entry grid: typing, pasting and filling levels and tests, states, locks.

Class 4A of ``tests.ui_gradebook.conftest`` (``primary``): ``gv.cn`` leads it
and teaches Tiếng Việt and Toán, ``u_teacher`` teaches Ngoại ngữ 1. Students
in name order: Lê Văn Anh, Trần Thị Ánh, Nguyễn Văn Bảo, Phạm Minh Châu.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from app.db import Actor
from app.gradebook.entry import CellProblem
from app.gradebook.history import grade_history
from app.gradebook.primary_entry import PCellEdit, save_cells
from tests.ui_gradebook.conftest import CTRL, PrimaryUi, type_cell, wait_saved
from tests.ui_gradebook.conftest import NAMES_4A as NAMES
from tests.ui_gradebook.conftest import primary_entry as entry
from ui.gradebook.dialogs import ReasonDialog
from ui.gradebook.primary_entry_widget import PrimaryEntryWidget
from ui.gradebook.primary_grid_model import LOW_FG


def at(widget: PrimaryEntryWidget) -> tuple[int, str]:
    """(row, column key) of the cursor."""
    index = widget.panel.view.currentIndex()
    return index.row(), widget.grid_model.column(index.column()).key


def cell_text(widget: PrimaryEntryWidget, row: int, key: str, role: int = 0) -> str:
    model = widget.grid_model
    return model.index(row, model.column_of(key)).data(role or Qt.ItemDataRole.DisplayRole)


# ---------------------------------------------------------------- entry grid


def test_typing_a_column_of_levels_and_tests_saves_them(
    qtbot: QtBot, primary_on_backend: PrimaryUi
) -> None:
    """Levels typed as HTT/ht/full words/unaccented go down with Enter, Tab runs right, Ctrl+S saves."""
    widget = entry(qtbot, primary_on_backend)
    view = widget.panel.view
    assert at(widget) == (0, "MD1")
    for text in ("HTT", "ht", "Hoàn thành tốt", "chua hoan thanh"):
        type_cell(qtbot, view, text)
    assert at(widget) == (3, "MD1")
    assert [cell_text(widget, r, "MD1") for r in range(4)] == ["HTT", "HT", "HTT", "CHT"]
    widget.panel.focus_cell(0, "KT1")
    for text in ("9", "7", "10", "4"):
        type_cell(qtbot, view, text)
    widget.panel.focus_cell(0, "MD1")
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    assert at(widget) == (0, "NX1"), "Tab moves right along the row"
    type_cell(qtbot, view, "Tính nhanh, cẩn thận", Qt.Key.Key_Tab)
    assert at(widget) == (0, "MD2")
    assert widget.panel.pending_label.text().startswith("9 ô chưa lưu")
    qtbot.keyClick(view, Qt.Key.Key_S, CTRL)
    wait_saved(qtbot)
    rows = primary_on_backend.grid("Toán").rows
    assert [r.full_name for r in rows] == list(NAMES)
    assert [r.cell("MD1").stored for r in rows] == [
        "Hoàn thành tốt",
        "Hoàn thành",
        "Hoàn thành tốt",
        "Chưa hoàn thành",
    ]
    assert [r.cell("KT1").stored for r in rows] == ["9", "7", "10", "4"]
    assert rows[0].cell("NX1").stored == "Tính nhanh, cẩn thận"
    assert widget.grid_model.pending_count() == 0
    assert widget.panel.status_label.text().startswith("Đã lưu 9 ô")


def test_a_decimal_or_out_of_range_test_score_is_flagged_and_never_saved(
    qtbot: QtBot, primary: PrimaryUi
) -> None:
    """ "7,5" and "11" turn red with the reason at once; the save is refused until they are fixed."""
    widget = entry(qtbot, primary)
    view, problem = widget.panel.view, widget.panel.problem_label
    widget.panel.focus_cell(0, "KT1")
    qtbot.keyClicks(view, "7")
    qtbot.keyClicks(view.focusWidget(), ",5")
    assert problem.isVisible() and "số nguyên" in problem.text(), "flagged while typing"
    qtbot.keyClick(view.focusWidget(), Qt.Key.Key_Return)
    type_cell(qtbot, view, "11")
    type_cell(qtbot, view, "8")
    type_cell(qtbot, view, "Giỏi")
    invalid = widget.grid_model.invalid_cells()
    assert [(r, k) for r, k, _ in invalid] == [(0, "KT1"), (1, "KT1"), (3, "KT1")]
    tip = cell_text(widget, 1, "KT1", Qt.ItemDataRole.ToolTipRole)
    assert "không được lưu" in tip and "từ 0 đến 10" in tip
    qtbot.keyClick(view, Qt.Key.Key_S, CTRL)
    assert at(widget) == (0, "KT1"), "the cursor jumps to the first invalid cell"
    assert "3 ô không hợp lệ" in problem.text()
    assert all(r.cell("KT1").stored is None for r in primary.grid("Toán").rows)
    for row in (0, 1, 3):
        view.selectionModel().clearSelection()
        widget.panel.focus_cell(row, "KT1")
        qtbot.keyClick(view, Qt.Key.Key_Delete)
    qtbot.keyClick(view, Qt.Key.Key_S, CTRL)
    wait_saved(qtbot)
    assert [r.cell("KT1").stored for r in primary.grid("Toán").rows] == [None, None, "8", None]


def test_an_invalid_level_is_flagged_with_the_allowed_words(
    qtbot: QtBot, primary: PrimaryUi
) -> None:
    """ "Giỏi" is not a TT27 level: the cell names HTT, HT and CHT as the allowed values."""
    widget = entry(qtbot, primary)
    type_cell(qtbot, widget.panel.view, "Giỏi")
    [(row, key, reason)] = widget.grid_model.invalid_cells()
    assert (row, key) == (0, "MD1")
    assert "Hoàn thành tốt (HTT)" in reason and "Chưa hoàn thành (CHT)" in reason


def test_pasting_levels_and_scores_from_excel(qtbot: QtBot, primary: PrimaryUi) -> None:
    """A column of levels and a level/score block pasted at the cursor fill the grid and save."""
    widget = entry(qtbot, primary)
    view, model = widget.panel.view, widget.grid_model
    QGuiApplication.clipboard().setText("HTT\r\nHT\r\nHoàn thành\r\nCHT\r\n")
    widget.panel.focus_cell(0, "MD2")
    qtbot.keyClick(view, Qt.Key.Key_V, CTRL)
    assert [cell_text(widget, r, "MD2") for r in range(4)] == ["HTT", "HT", "HT", "CHT"]
    QGuiApplication.clipboard().setText("HT\t8\tCố gắng hơn\nHTT\t10\t\n")
    widget.panel.focus_cell(2, "MD1")
    qtbot.keyClick(view, Qt.Key.Key_V, CTRL)
    assert [(cell_text(widget, r, "MD1"), cell_text(widget, r, "KT1")) for r in (2, 3)] == [
        ("HT", "8"),
        ("HTT", "10"),
    ]
    assert "Đã dán 6 ô" in widget.panel.status_label.text()
    assert model.invalid_cells() == []
    qtbot.keyClick(view, Qt.Key.Key_S, CTRL)
    wait_saved(qtbot)
    rows = primary.grid("Toán").rows
    assert [r.cell("MD2").stored for r in rows] == [
        "Hoàn thành tốt",
        "Hoàn thành",
        "Hoàn thành",
        "Chưa hoàn thành",
    ]
    assert rows[2].cell("NX1").stored == "Cố gắng hơn"
    assert rows[3].cell("KT1").stored == "10"


def test_fill_menu_sets_the_selected_level_cells(qtbot: QtBot, primary: PrimaryUi) -> None:
    """ "Điền mức" → HT fills the selected level cells and leaves score cells alone."""
    widget = entry(qtbot, primary)
    view, model = widget.panel.view, widget.grid_model
    view.selectAll()
    action = next(a for a in widget.fill_menu.actions() if a.data() == "HT")
    action.trigger()
    assert {cell_text(widget, r, k) for r in range(4) for k in ("MD1", "MD2")} == {"HT"}
    assert {cell_text(widget, r, "KT1") for r in range(4)} == {""}
    assert model.pending_count() == 8


def test_missing_required_cells_are_highlighted_and_counted(
    qtbot: QtBot, primary: PrimaryUi
) -> None:
    """Levels and tests left empty are amber with a tooltip; optional comments never are."""
    widget = entry(qtbot, primary)
    model = widget.grid_model
    state = Qt.ItemDataRole.UserRole + 21
    assert cell_text(widget, 0, "MD1", state) == "missing"
    assert cell_text(widget, 0, "KT2", state) == "missing"
    assert cell_text(widget, 0, "NX1", state) == ""
    assert "Mức GK I" in cell_text(widget, 0, "MD1", Qt.ItemDataRole.ToolTipRole)
    assert model.missing_count() == 16
    assert "Còn 16 ô bắt buộc" in widget.panel.status_label.text()
    header = model.headerData(model.column_of("KT2"), Qt.Orientation.Horizontal)
    assert header == "Cuối HK I\nĐiểm KT"


def test_a_level_only_subject_has_no_test_columns(qtbot: QtBot, primary: PrimaryUi) -> None:
    """Đạo đức (comment-only in TT27) shows level and comment columns only, for the principal."""
    widget = entry(qtbot, primary, "u_principal", "Đạo đức")
    keys = [widget.grid_model.column(i).key for i in widget.grid_model.input_sections()]
    assert keys == ["MD1", "NX1", "MD2", "NX2"]
    assert "không có bài kiểm tra định kì" in widget.panel.banner.text()


def test_saved_levels_show_short_with_the_full_word_in_the_tooltip(
    qtbot: QtBot, primary: PrimaryUi
) -> None:
    """A stored "Hoàn thành tốt" reads HTT and the full word on hover; a CHT stands out in red."""
    system = Actor.system("test")
    first, second = (primary.ps.students[n] for n in NAMES[:2])
    with primary.db.uow(actor=system) as s:
        cls, toan = primary.ps.class_id, primary.ps.subjects["Toán"]
        edits = [PCellEdit(first, "MD1", "HTT"), PCellEdit(second, "MD1", "CHT")]
        save_cells(s, system, cls, toan, 1, edits)
    widget = entry(qtbot, primary)
    assert cell_text(widget, 0, "MD1") == "HTT"
    assert cell_text(widget, 0, "MD1", Qt.ItemDataRole.ToolTipRole) == "Hoàn thành tốt"
    assert cell_text(widget, 0, "MD1", Qt.ItemDataRole.ForegroundRole) is None
    assert cell_text(widget, 1, "MD1", Qt.ItemDataRole.ForegroundRole) == LOW_FG


def test_read_only_for_a_subject_the_actor_does_not_teach(qtbot: QtBot, primary: PrimaryUi) -> None:
    """The secretary sees 4A's Toán grid but typing opens no editor; no Lưu or Bỏ thay đổi."""
    widget = entry(qtbot, primary, "u_secretary")
    qtbot.keyClicks(widget.panel.view, "H")
    assert not isinstance(widget.panel.view.focusWidget(), QLineEdit)
    assert widget.grid_model.pending_count() == 0
    assert widget.panel.save_button.isHidden() and widget.panel.discard_button.isHidden()
    assert not widget.fill_button.isEnabled()
    assert "chỉ được xem" in widget.panel.banner.text()


def test_a_locked_semester_is_read_only_for_the_teacher(qtbot: QtBot, primary: PrimaryUi) -> None:
    """After the principal locks semester I, gv.cn's grid takes no typing and says it is locked."""
    primary.lock(1)
    widget = entry(qtbot, primary)
    qtbot.keyClicks(widget.panel.view, "H")
    assert not isinstance(widget.panel.view.focusWidget(), QLineEdit)
    assert widget.grid_model.pending_count() == 0
    assert not widget.panel.save_button.isEnabled()
    assert "đã khóa" in widget.panel.banner.text()


def test_the_principal_changes_a_locked_semester_with_a_reason(
    qtbot: QtBot, primary: PrimaryUi, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Cancelling the reason saves nothing; a given reason is kept in the grade history."""
    primary.lock(1)
    widget = entry(qtbot, primary, "u_principal")
    assert "khi lưu phải ghi rõ lý do" in widget.panel.banner.text()
    type_cell(qtbot, widget.panel.view, "HTT")
    reasons: list[str | None] = [None, "Giáo viên nhập sót mức đạt được"]
    monkeypatch.setattr(ReasonDialog, "ask", classmethod(lambda cls, *a, **k: reasons.pop(0)))
    qtbot.keyClick(widget.panel.view, Qt.Key.Key_S, CTRL)
    assert widget.grid_model.pending_count() == 1
    assert primary.grid("Toán").rows[0].cell("MD1").stored is None
    qtbot.keyClick(widget.panel.view, Qt.Key.Key_S, CTRL)
    wait_saved(qtbot)
    assert primary.grid("Toán").rows[0].cell("MD1").stored == "Hoàn thành tốt"
    with primary.db.read() as s:
        history = grade_history(s, primary.ps.actor("principal"), primary.ps.students[NAMES[0]])
    change = next(h for h in history if h.new == "Hoàn thành tốt")
    assert change.reason == "Giáo viên nhập sót mức đạt được"


def test_a_service_refusal_marks_the_cell(qtbot: QtBot, primary: PrimaryUi) -> None:
    """A problem the service reports (by column label) lands on the matching cell."""
    widget = entry(qtbot, primary, "u_principal")
    sid = primary.ps.students[NAMES[1]]
    widget.mark_problems([CellProblem(sid, NAMES[1], "KT CK I", "x", "lý do thử")])
    assert widget.grid_model.invalid_cells() == [(1, "KT2", "lý do thử")]

"""Typing grades with the keyboard: moving, pasting, refusing invalid values, saving."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from app.gradebook.choices import load_classes
from tests.ui_gradebook.conftest import YEAR, GradeUi, type_cell, wait_saved
from ui.gradebook.combo import find_data
from ui.gradebook.dialogs import Unsaved, UnsavedDialog
from ui.gradebook.grade_entry_widget import GradeEntryWidget
from ui.gradebook.grade_grid_model import AVERAGE_KEY

CTRL = Qt.KeyboardModifier.ControlModifier


def entry(
    qtbot: QtBot, school: GradeUi, username: str = "u_teacher", subject: str = "Toán"
) -> GradeEntryWidget:
    """The entry tab of class 6A1, semester I, shown, with the cursor on the first cell."""
    ctx = school.ctx(username)
    with school.db.read() as s:
        choice = next(c for c in load_classes(s, ctx.actor, YEAR) if c.id == school.class_id)
    widget = GradeEntryWidget(ctx)
    qtbot.addWidget(widget)
    widget.resize(1100, 600)
    widget.show()
    widget.activateWindow()
    qtbot.waitActive(widget)
    widget.set_scope(choice, 1)
    widget.select_subject(school.subjects[subject])
    widget.panel.focus_first_input()
    return widget


def at(widget: GradeEntryWidget) -> tuple[int, str]:
    """(row, column key) of the cursor."""
    index = widget.panel.view.currentIndex()
    return index.row(), widget.grid_model.column(index.column()).key


def shown(widget: GradeEntryWidget, row: int, key: str) -> str:
    model = widget.grid_model
    return model.index(row, model.column_of(key)).data()


def test_keyboard_entry_moves_like_excel_and_saves(
    qtbot: QtBot, school_on_backend: GradeUi
) -> None:
    """Tab runs along a row (skipping the average), Enter goes down, Ctrl+S writes to the DB."""
    widget = entry(qtbot, school_on_backend)
    view = widget.panel.view
    assert at(widget) == (0, "TX1")
    for value in ("8", "9", "7", "8", "7,5", "8"):
        type_cell(qtbot, view, value, Qt.Key.Key_Tab)
    assert at(widget) == (0, "DG"), "Tab skips the computed ĐTBmhk column"
    assert shown(widget, 0, AVERAGE_KEY) == "7,9"
    type_cell(qtbot, view, "Cham hoc", Qt.Key.Key_Tab)
    assert at(widget) == (1, "TX1"), "Tab at the end of a row wraps to the next row"
    for value in ("6", "7", "5.5"):
        type_cell(qtbot, view, value)
    assert at(widget) == (3, "TX1")
    qtbot.keyClick(view, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert at(widget) == (2, "TX1")
    assert widget.panel.pending_label.text().startswith("10 ô chưa lưu")
    qtbot.keyClick(view, Qt.Key.Key_S, CTRL)
    wait_saved(qtbot)
    grid = school_on_backend.grid("Toán")
    first = grid.rows[0]
    assert [first.cell(k).stored for k in ("TX1", "TX2", "TX3", "TX4", "GK", "CK")] == [
        "8",
        "9",
        "7",
        "8",
        "7.5",
        "8",
    ]
    assert first.cell("DG").stored == "Cham hoc"
    assert first.average_text == "7,9"
    assert [r.cell("TX1").stored for r in grid.rows[1:]] == ["6", "7", "5.5"]
    assert widget.grid_model.pending_count() == 0
    assert widget.panel.status_label.text().startswith("Đã lưu 10 ô")


def test_invalid_values_are_flagged_at_once_and_never_saved(qtbot: QtBot, school: GradeUi) -> None:
    """ "11", "8,25", "abc" show their reason while typed; saving writes nothing until fixed."""
    widget = entry(qtbot, school)
    view, problem = widget.panel.view, widget.panel.problem_label
    qtbot.keyClicks(view, "8")
    qtbot.keyClicks(view.focusWidget(), ",25")
    assert problem.isVisible() and "8,25" in problem.text(), "flagged while still typing"
    qtbot.keyClick(view.focusWidget(), Qt.Key.Key_Return)
    type_cell(qtbot, view, "11")
    type_cell(qtbot, view, "abc")
    type_cell(qtbot, view, "9")
    assert [r for r, _, _ in widget.grid_model.invalid_cells()] == [0, 1, 2]
    qtbot.keyClick(view, Qt.Key.Key_S, CTRL)
    assert at(widget) == (0, "TX1"), "the cursor jumps to the first invalid cell"
    assert "3 ô không hợp lệ" in problem.text() and "8,25" in problem.text()
    assert all(r.cell("TX1").stored is None for r in school.grid("Toán").rows)
    view.selectionModel().clearSelection()
    for row in (0, 1, 2):
        view.setCurrentIndex(widget.grid_model.index(row, widget.grid_model.column_of("TX1")))
        qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert widget.grid_model.invalid_cells() == []
    qtbot.keyClick(view, Qt.Key.Key_S, CTRL)
    wait_saved(qtbot)
    assert [r.cell("TX1").stored for r in school.grid("Toán").rows] == [None, None, None, "9"]


def test_pasting_a_column_and_a_block_from_excel(qtbot: QtBot, school: GradeUi) -> None:
    """Tab/newline text fills cells from the cursor down and right; extra values are reported."""
    widget = entry(qtbot, school)
    view, model = widget.panel.view, widget.grid_model
    QGuiApplication.clipboard().setText("7\r\n8,5\r\n9\r\n10\r\n")
    view.setCurrentIndex(model.index(0, model.column_of("TX2")))
    qtbot.keyClick(view, Qt.Key.Key_V, CTRL)
    assert [shown(widget, r, "TX2") for r in range(4)] == ["7", "8,5", "9", "10"]
    QGuiApplication.clipboard().setText("6\t7\n8\t9\n5\t5\n4\t4\n")
    view.setCurrentIndex(model.index(2, model.column_of("GK")))
    qtbot.keyClick(view, Qt.Key.Key_V, CTRL)
    assert [(shown(widget, r, "GK"), shown(widget, r, "CK")) for r in (2, 3)] == [
        ("6", "7"),
        ("8", "9"),
    ]
    assert "4 giá trị nằm ngoài bảng" in widget.panel.status_label.text()
    qtbot.keyClick(view, Qt.Key.Key_S, CTRL)
    wait_saved(qtbot)
    rows = school.grid("Toán").rows
    assert [r.cell("TX2").stored for r in rows] == ["7", "8.5", "9", "10"]
    assert rows[3].cell("CK").stored == "9"


def test_one_copied_value_fills_every_selected_cell(qtbot: QtBot, school: GradeUi) -> None:
    """Pasting one value over a selection fills it, as in Excel."""
    widget = entry(qtbot, school)
    view, model = widget.panel.view, widget.grid_model
    column = model.column_of("TX3")
    view.setCurrentIndex(model.index(0, column))
    view.clearSelection()
    for row in range(4):
        view.selectionModel().select(
            model.index(row, column), view.selectionModel().SelectionFlag.Select
        )
    assert view.paste_text("10") == 4
    assert {shown(widget, r, "TX3") for r in range(4)} == {"10"}


def test_switching_subject_asks_about_unsaved_edits(
    qtbot: QtBot, school: GradeUi, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Hủy keeps the grid and its edits; Lưu saves them before the other subject opens."""
    widget = entry(qtbot, school, "u_principal")
    type_cell(qtbot, widget.panel.view, "8")
    answers = [Unsaved.CANCEL, Unsaved.SAVE]
    monkeypatch.setattr(UnsavedDialog, "ask", classmethod(lambda cls, *a: answers.pop(0)))
    target = find_data(widget.subject_combo, school.subjects["Ngữ văn"])
    widget.subject_combo.setCurrentIndex(target)
    widget.subject_combo.activated.emit(target)
    assert widget.grid_model.grid.subject.name == "Toán"
    assert widget.subject_combo.currentData() == school.subjects["Toán"]
    assert widget.grid_model.pending_count() == 1
    widget.subject_combo.setCurrentIndex(target)
    widget.subject_combo.activated.emit(target)
    wait_saved(qtbot)
    qtbot.waitUntil(lambda: widget.grid_model.grid.subject.name == "Ngữ văn")
    assert school.grid("Toán").rows[0].cell("TX1").stored == "8"


def test_a_teacher_cannot_type_in_a_subject_they_do_not_teach(
    qtbot: QtBot, school: GradeUi
) -> None:
    """The secretary sees the grid read-only: typing opens no editor and nothing is pending."""
    widget = entry(qtbot, school, "u_secretary")
    qtbot.keyClicks(widget.panel.view, "8")
    assert not isinstance(widget.panel.view.focusWidget(), QLineEdit)
    assert widget.grid_model.pending_count() == 0
    assert not widget.panel.save_button.isEnabled()
    assert "chỉ được xem" in widget.panel.banner.text()

"""The «Phân công» page offscreen: the grid, editing through the cell combo, filling a column,
copying from last year, the unsaved-edits question, Excel out and back in."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from openpyxl import load_workbook  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QComboBox  # noqa: E402
from pytestqt.qtbot import QtBot  # noqa: E402

from app.assignments.grid import HOMEROOM, AssignmentGrid, load_grid  # noqa: E402
from app.runtime import Runtime  # noqa: E402
from tests.assignments.conftest import YEAR, TwoYears  # noqa: E402
from tests.qt_gc import gui_thread_gc  # noqa: F401  (GUI-thread garbage collection)
from tests.ui.helpers import user_info  # noqa: E402
from ui.assignments import excel_flow  # noqa: E402
from ui.assignments.assignments_widget import AssignmentsWidget  # noqa: E402
from ui.assignments.dialogs import CopyDialog, ImportPreviewDialog  # noqa: E402
from ui.confirm import Unsaved, UnsavedQuestion  # noqa: E402
from ui.pages import PageContext  # noqa: E402

pytestmark = pytest.mark.parametrize("seeded", ["sqlite"], indirect=True)
ASKED: list[str] = []
"""The unsaved-edits questions of the running test."""


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch) -> list[Unsaved]:
    """Answers to the unsaved-edits question, in turn; each question asked is recorded."""
    given: list[Unsaved] = []
    asked: list[str] = []

    def ask(cls: object, parent: object, text: str) -> Unsaved:
        asked.append(text)
        return given.pop(0)

    monkeypatch.setattr(UnsavedQuestion, "ask", classmethod(ask))
    global ASKED
    ASKED = asked
    return given


def _page(qtbot: QtBot, two: TwoYears) -> AssignmentsWidget:
    page = AssignmentsWidget(PageContext(Runtime(two.db), user_info(two.db, "u_secretary")))
    qtbot.addWidget(page)
    page.resize(1024, 640)
    page.show()
    return page


def _saved(two: TwoYears) -> AssignmentGrid:
    with two.db.read() as s:
        return load_grid(s, two.secretary, YEAR)


def _col(page: AssignmentsWidget, subject: str) -> int:
    return page.model.keys.index(subject)


def _wait_saved(qtbot: QtBot, page: AssignmentsWidget) -> None:
    qtbot.waitUntil(lambda: not page._saving and not page.model.pending, timeout=10_000)


def test_grid_and_model(qtbot: QtBot, qtmodeltester: object, two: TwoYears) -> None:
    """A row per class, GVCN then the subjects; cells a class does not study are not editable."""
    page = _page(qtbot, two)
    model = page.model
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    assert model.rowCount() == 4 and model.headerData(0, Qt.Orientation.Vertical) == "6A1"
    assert model.headerData(0, Qt.Orientation.Horizontal) == "GVCN"
    row_7a1, van = 1, _col(page, "Ngữ văn")
    assert model.index(row_7a1, van).data() == "Trần Văn Minh"
    assert page.status_label.text().startswith("4 lớp; 1/")
    assert all(model.flags(model.index(r, van)) & Qt.ItemFlag.ItemIsEditable for r in range(4))
    assert not page.save_button.isEnabled()


def test_cell_combo_then_save(qtbot: QtBot, two: TwoYears) -> None:
    """Choosing a teacher in a cell's combo marks it unsaved; «Lưu» writes it to the database."""
    page = _page(qtbot, two)
    index = page.model.index(0, _col(page, "Toán"))
    page.table.setCurrentIndex(index)
    page.table.edit(index)
    combo = page.table.findChild(QComboBox)
    assert combo is not None and combo.itemText(0) == "(trống)"
    pick = combo.findData("gv.toan")
    combo.setCurrentIndex(pick)
    combo.activated.emit(pick)
    assert page.model.pending and page.save_button.isEnabled()
    assert "1 ô chưa lưu" in page.status_label.text()
    page.save_button.click()
    _wait_saved(qtbot, page)
    assert _saved(two).teachers_of(two.cid("6A1"), "Toán") == ("gv.toan",)
    assert "Đã lưu 1 ô" in page.status_label.text()


def test_fill_a_column_and_leave_with_unsaved_edits(
    qtbot: QtBot, two: TwoYears, answers: list[Unsaved]
) -> None:
    """A selected column is filled in every class, Delete empties a cell; leaving asks: Hủy stays,
    Không lưu drops."""
    page = _page(qtbot, two)
    toan = _col(page, "Toán")
    page.table.selectColumn(toan)
    page.teacher_combo.setCurrentIndex(page.teacher_combo.findData("gv.moi"))
    page.fill_button.click()
    assert {k for k in page.model.pending} == {(c.id, "Toán") for c in page.model.grid.classes}  # type: ignore[union-attr]
    page.table.selectColumn(0)
    page.fill_button.click()
    assert "Cột GVCN" in page.status_label.text()
    assert not any(s == HOMEROOM for _c, s in page.model.pending)
    row_7a1, van = 1, _col(page, "Ngữ văn")
    page.table.setCurrentIndex(page.model.index(row_7a1, van))
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    assert page.model.pending[(two.cid("7A1"), "Ngữ văn")] == ()
    assert "Đã để trống 1 ô" in page.status_label.text()
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)  # as saved: no longer an edit
    page.model.set_cell(row_7a1, van, ("gv.van",))
    assert (two.cid("7A1"), "Ngữ văn") not in page.model.pending
    left: list[str] = []
    answers += [Unsaved.CANCEL, Unsaved.DISCARD]
    page.request_leave(lambda: left.append("left"))
    assert left == [] and len(page.model.pending) == 4
    page.request_leave(lambda: left.append("left"))
    assert left == ["left"] and not page.model.pending
    assert "4 ô chưa lưu" in ASKED[0]
    assert _saved(two).teachers_of(two.cid("6A1"), "Toán") == ()


def test_copy_from_last_year_fills_then_saves(
    qtbot: QtBot, two: TwoYears, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The copy dialog says the class pairs; the copied cells wait in the grid until «Lưu»."""
    shown: list[str] = []

    def ask(cls: object, parent: object, describe: object) -> bool:
        text, usable = describe(False)  # type: ignore[operator]
        shown.append(text)
        return False

    monkeypatch.setattr(CopyDialog, "ask", classmethod(ask))
    page = _page(qtbot, two)
    page.copy_button.click()
    assert "6A1 → 7A1" in shown[0] and "Sẽ điền 3 ô" in shown[0]
    assert len(page.model.pending) == 3 and _saved(two).teachers_of(two.cid("8A1"), "Toán") == ()
    page.save()
    _wait_saved(qtbot, page)
    assert _saved(two).teachers_of(two.cid("8A1"), "Toán") == ("gv.toan",)


def test_excel_export_then_import(
    qtbot: QtBot, two: TwoYears, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Export writes the grid; an edited file's preview is shown, then imported on «Nhập»."""
    path = tmp_path / "pc.xlsx"
    monkeypatch.setattr(excel_flow.SaveFileDialog, "ask", classmethod(lambda cls, *a: path))
    monkeypatch.setattr(excel_flow.OpenFileDialog, "ask", classmethod(lambda cls, *a: path))
    previews: list[tuple[str, bool]] = []

    def preview(cls: object, parent: object, file: str, text: str, usable: bool) -> bool:
        previews.append((text, usable))
        return usable

    monkeypatch.setattr(ImportPreviewDialog, "ask", classmethod(preview))
    page = _page(qtbot, two)
    page.export_button.click()
    qtbot.waitUntil(path.exists, timeout=10_000)
    wb = load_workbook(path)
    wb.worksheets[0]["D2"] = "Nguyễn Thị Lan"  # 6A1, Toán
    wb.save(path)
    page.import_button.click()
    qtbot.waitUntil(lambda: bool(previews), timeout=10_000)
    assert previews[0][1] and "6A1 · Toán: (trống) → gv.toan" in previews[0][0]
    qtbot.waitUntil(
        lambda: _saved(two).teachers_of(two.cid("6A1"), "Toán") == ("gv.toan",), timeout=10_000
    )
    qtbot.waitUntil(lambda: "Đã nhập 1 ô" in page.status_label.text(), timeout=10_000)


def test_switching_grade_with_unsaved_edits_asks(
    qtbot: QtBot, two: TwoYears, answers: list[Unsaved]
) -> None:
    """Another grade with edits pending: Hủy puts the choice back, Lưu saves then switches."""
    page = _page(qtbot, two)
    page.model.set_cell(0, _col(page, "Toán"), ("gv.toan",))
    answers += [Unsaved.CANCEL, Unsaved.SAVE]
    seven = page.grade_combo.findData(7)
    page.grade_combo.setCurrentIndex(seven)
    page.grade_combo.activated.emit(seven)
    assert page.grade_combo.currentData() == 0 and page.model.rowCount() == 4
    page.grade_combo.setCurrentIndex(seven)
    page.grade_combo.activated.emit(seven)
    qtbot.waitUntil(lambda: page.model.rowCount() == 2, timeout=10_000)
    assert [c.name for c in page.model.grid.classes] == ["7A1", "7A2"]  # type: ignore[union-attr]
    assert _saved(two).teachers_of(two.cid("6A1"), "Toán") == ("gv.toan",)
    assert len(ASKED) == 2


def test_copy_with_a_grade_shown_fills_only_that_grade(
    qtbot: QtBot, two: TwoYears, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With grade 8 shown, the copy fills 8A1 only and keeps the edits already made there."""
    shown: list[str] = []

    def ask(cls: object, parent: object, describe: object) -> bool:
        shown.append(describe(False)[0])  # type: ignore[operator]
        return False

    monkeypatch.setattr(CopyDialog, "ask", classmethod(ask))
    page = _page(qtbot, two)
    eight = page.grade_combo.findData(8)
    page.grade_combo.setCurrentIndex(eight)
    page.grade_combo.activated.emit(eight)
    page.model.set_cell(0, _col(page, "Ngữ văn"), ("gv.van",))
    page.copy_button.click()
    assert "khối 8" in shown[0] and "Sẽ điền 1 ô" in shown[0]
    assert set(page.model.pending) == {(two.cid("8A1"), "Ngữ văn"), (two.cid("8A1"), "Toán")}

"""The Thiết bị page (issue 11) with real widgets on a real SQLite school: the register and its
filters, adding N units, an edit with its reason in the journal, a teacher's read-only page
(and the services refusing), the principal's disposal, a keyboard-wedge scan, labels, a list
import (dry run, then apply) and the page on a 1024×768 screen."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.equipment import disposal, register
from app.equipment.labels import LAYOUTS
from app.equipment.models import EquipmentItem
from app.errors import PermissionDenied
from app.journal_read import iter_changes
from app.runtime import Runtime
from tests.equipment.test_list_import import ROWS, _xlsx
from tests.ui.helpers import user_info
from tests.ui.small_screen import page_problems, settle
from tests.ui_equipment.conftest import OFFICER, PRINCIPAL, TEACHER, EquipmentUi, open_page
from ui.app import build_main_window
from ui.confirm import Unsaved, UnsavedQuestion
from ui.equipment.action_dialogs import DisposeDialog, LabelsDialog
from ui.equipment.item_dialog import ItemDialog
from ui.equipment.list_import_dialog import ListImportDialog
from ui.equipment.models import GREY, ItemCol
from ui.file_dialogs import SaveFileDialog
from ui.history_dialog import HistoryDialog
from ui.journal_model import ChangeColumn
from ui.screen import SMALLEST_CLIENT


def _column(page: object, column: int) -> list[str]:
    model = page.register.model  # type: ignore[attr-defined]
    return [model.index(r, column).data() for r in range(model.rowCount())]


def _choose(box: object, text: str) -> None:
    box.setCurrentIndex(box.findText(text))  # type: ignore[attr-defined]


def test_the_register_lists_items_and_filters_them(qtbot: QtBot, school: EquipmentUi) -> None:
    """Five lines with VND thousands separators; the room, category, condition and text
    filters narrow them; the count says how many of how many."""
    page = open_page(qtbot, school, OFFICER)
    tab = page.register
    assert _column(page, ItemCol.CODE) == [f"TB-00000{i}" for i in range(1, 6)]
    assert _column(page, ItemCol.VALUE)[0] == "12.500.000"
    assert _column(page, ItemCol.QUANTITY)[3:] == ["20 cái", "1 chiếc · SN PJ-2291"]
    _choose(tab.room_box, "Phòng Tin 1")
    assert _column(page, ItemCol.NAME) == ["Máy tính để bàn"] * 3
    assert tab.count_label.text() == "3 / 5 dòng"
    _choose(tab.room_box, "Mọi phòng")
    _choose(tab.category_box, "Toán")
    assert _column(page, ItemCol.CODE) == ["TB-000004"]
    _choose(tab.category_box, "Mọi nhóm")
    _choose(tab.condition_box, "Hỏng")
    assert _column(page, ItemCol.CODE) == []
    _choose(tab.condition_box, "Mọi tình trạng")
    tab.search_edit.setText("pj-2291")  # a serial number finds its unit
    tab.apply_filters()
    assert _column(page, ItemCol.CODE) == ["TB-000005"]
    assert [page.tabs.tabText(i) for i in range(page.tabs.count())][:4] == [
        "Sổ thiết bị", "Phòng học", "Tỉ lệ máy tính", "Danh mục tối thiểu"]  # fmt: skip
    rooms = page.rooms.model
    assert [rooms.index(r, 2).data() for r in range(rooms.rowCount())] == ["Bán kiên cố", "Kiên cố"]
    ratio = page.ratio.model
    assert [ratio.index(0, c).data() for c in range(6)] == [
        "THCS", "6", "3", "2", "2 học sinh/máy", "Đạt"]  # fmt: skip


def test_adding_n_units_makes_n_serial_lines_or_one_counted_line(
    qtbot: QtBot, school: EquipmentUi
) -> None:
    """4 projectors become TB-000006…TB-000009, each one unit; 30 rulers become one line of 30."""
    page = open_page(qtbot, school, OFFICER)
    tab = page.register
    dialog = ItemDialog(page, school.db, tab.ctx.actor, tab.rooms, [])
    qtbot.addWidget(dialog)
    dialog.name_edit.setText("Máy chiếu")
    dialog.room_box.setCurrentText("Phòng Tin 1")
    dialog.count_spin.setValue(4)
    dialog.value_edit.setText("15.000.000")
    assert not dialog.serial_edit.isEnabled()  # one serial number cannot name four units
    dialog.save_edits()
    qtbot.waitUntil(lambda: dialog.result_text != "")
    assert dialog.result_text == "Đã ghi 4 dòng vào sổ: TB-000006, TB-000007, TB-000008, TB-000009."
    settle(qtbot)
    assert _column(page, ItemCol.CODE)[5:] == [f"TB-00000{i}" for i in range(6, 10)]
    counted = ItemDialog(page, school.db, tab.ctx.actor, tab.rooms, [])
    qtbot.addWidget(counted)
    counted.name_edit.setText("Thước đo góc")
    counted.counted_radio.setChecked(True)
    counted.count_spin.setValue(30)
    counted.save_edits()
    qtbot.waitUntil(lambda: counted.result_text != "")
    with school.db.read() as s:
        rows = list(s.scalars(select(EquipmentItem).where(EquipmentItem.name == "Máy chiếu")))
        ruler = s.scalar(select(EquipmentItem).where(EquipmentItem.name == "Thước đo góc"))
        units = [(r.quantity, r.serial, int(r.value_vnd)) for r in rows]
        assert units == [(1, True, 15_000_000)] * 4
        assert ruler is not None
        assert (ruler.code, ruler.quantity, ruler.serial) == ("TB-000010", 30, False)


def test_an_edit_asks_its_reason_and_the_journal_keeps_it(
    qtbot: QtBot, school: EquipmentUi, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Moving the rulers without a reason is refused in the form (nothing written); with one,
    the journal shows room and condition old → new with the reason; Esc with edits asks."""
    page = open_page(qtbot, school, OFFICER)
    tab = page.register
    assert tab.select_code("TB-000004")
    row = tab.selected_rows()[0]
    dialog = ItemDialog(page, school.db, tab.ctx.actor, tab.rooms, ["Toán"], row)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.room_box.setCurrentText("Phòng Tin 1")
    _choose(dialog.condition_box, "Hỏng nhẹ")
    asked: list[str] = []
    monkeypatch.setattr(UnsavedQuestion, "ask", classmethod(
        lambda cls, p, text: asked.append(text) or Unsaved.CANCEL))  # fmt: skip
    dialog.reject()
    assert asked and dialog.isVisible()  # Hủy: back to the form, edits kept
    dialog.save_edits()
    assert dialog.error.text().startswith("Ghi lý do sửa")
    with school.db.read() as s:
        assert register.get_item(s, tab.ctx.actor, "TB-000004").room == "Phòng học 6A1"
    dialog.reason_edit.setText("Chuyển sang phòng Tin để dạy hình học")
    dialog.save_edits()
    qtbot.waitUntil(lambda: dialog.result_text != "")
    with school.db.read() as s:
        history = register.item_history(s, tab.ctx.actor, "TB-000004")
    last = history[-1]
    assert last.reason == "Chuyển sang phòng Tin để dạy hình học"
    changed = {f: (old, new) for _r, f, old, new in iter_changes([last])}
    assert changed["condition"] == ("tot", "hong_nhe") and set(changed) == {"condition", "room_id"}
    settle(qtbot)
    assert tab.model.row_at(tab.model.find("TB-000004")).room == "Phòng Tin 1"
    shown: list[HistoryDialog] = []
    monkeypatch.setattr(HistoryDialog, "exec", lambda self: shown.append(self) or 0)
    tab.select_code("TB-000004")
    tab.history_button.click()
    model = shown[0].model
    lines = [[model.index(r, c).data() for c in (ChangeColumn.FIELD, ChangeColumn.OLD,
              ChangeColumn.NEW, ChangeColumn.REASON)] for r in range(model.rowCount())]  # fmt: skip
    assert lines[-2:] == [  # one entry: the reason on its first line, the room by its name
        ["Tình trạng", "Tốt", "Hỏng nhẹ", "Chuyển sang phòng Tin để dạy hình học"],
        ["Phòng", "Phòng học 6A1", "Phòng Tin 1", ""],
    ]


def test_a_teacher_reads_the_register_and_the_services_refuse_edits(
    qtbot: QtBot, school: EquipmentUi
) -> None:
    """No add, edit, label or room button for a teacher; Thanh lý stays disabled with why;
    the services refuse the teacher's edit and disposal anyway."""
    page = open_page(qtbot, school, TEACHER)
    tab = page.register
    assert tab.read_only_label.isVisible()
    for button in (tab.add_button, tab.edit_button, tab.labels_button, page.rooms.add_button,
                   page.lists.import_button):  # fmt: skip
        assert not button.isVisible()
    tab.select_code("TB-000001")
    assert tab.history_button.isEnabled()
    assert not tab.dispose_button.isEnabled()
    assert tab.dispose_button.toolTip() == "Chỉ Ban giám hiệu duyệt thanh lý thiết bị."
    teacher = tab.ctx.actor
    with pytest.raises(PermissionDenied), school.db.uow(actor=teacher) as s:
        register.edit_item(s, teacher, "TB-000001", register.ItemEdit(condition="hong"))
    with pytest.raises(PermissionDenied), school.db.uow(actor=teacher) as s:
        disposal.dispose(s, teacher, "TB-000001", "hỏng")
    officer_page = open_page(qtbot, school, OFFICER)
    officer_page.register.select_code("TB-000001")
    assert not officer_page.register.dispose_button.isEnabled()  # the officer proposes only


def test_the_principal_disposes_with_a_reason(
    qtbot: QtBot, school: EquipmentUi, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The principal's disposal hides the line; "Hiện cả thiết bị đã thanh lý" shows it greyed
    with its day; the reason dialog keeps Thanh lý off until a reason is written."""
    page = open_page(qtbot, school, PRINCIPAL)
    tab = page.register
    tab.select_code("TB-000002")
    assert tab.dispose_button.isEnabled()
    check = DisposeDialog(page, tab.selected_rows()[0])
    qtbot.addWidget(check)
    assert not check.ok_button.isEnabled()
    check.reason_edit.setPlainText("Hỏng bo mạch")
    assert check.ok_button.isEnabled()
    monkeypatch.setattr(DisposeDialog, "ask", classmethod(lambda cls, p, row: "Hỏng bo mạch chủ"))
    tab.dispose_button.click()
    qtbot.waitUntil(lambda: "TB-000002" not in _column(page, ItemCol.CODE))
    assert tab.status_label.text() == "Đã thanh lý thiết bị TB-000002."
    tab.disposed_check.setChecked(True)
    row = tab.model.find("TB-000002")
    assert tab.model.index(row, ItemCol.CONDITION).data().startswith("Đã thanh lý ")
    assert tab.model.index(row, ItemCol.NAME).data(Qt.ItemDataRole.ForegroundRole) == GREY
    with school.db.read() as s:
        item = register.item_by_code(s, "TB-000002")
        assert (item.disposal_reason, item.disposed_by) == ("Hỏng bo mạch chủ", PRINCIPAL)


def test_a_scan_selects_the_item_and_an_unknown_code_is_said_in_the_status_line(
    qtbot: QtBot, school: EquipmentUi
) -> None:
    """A code typed as a keyboard-wedge scanner does (keys, then Enter) selects its line and
    clears the box for the next scan; an unknown code shows in the status line, no dialog."""
    page = open_page(qtbot, school, TEACHER)
    tab = page.register
    QTest.keyClicks(tab.search_edit, "tb-000003")
    QTest.keyClick(tab.search_edit, Qt.Key.Key_Return)
    assert [r.code for r in tab.selected_rows()] == ["TB-000003"]
    assert tab.search_edit.text() == "" and tab.model.rowCount() == 5
    assert tab.status_label.text() == "Đã chọn TB-000003 — Máy tính để bàn (Phòng Tin 1)."
    QTest.keyClicks(tab.search_edit, "TB-999999")
    QTest.keyClick(tab.search_edit, Qt.Key.Key_Enter)
    assert QApplication.activeModalWidget() is None
    assert tab.status_label.text().startswith("Không có thiết bị mã «TB-999999» trong sổ.")
    assert tab.search_edit.selectedText() == "TB-999999"  # the next scan replaces it
    QTest.keyClicks(tab.search_edit, "TB-000004")
    QTest.keyClick(tab.search_edit, Qt.Key.Key_Return)
    assert [r.code for r in tab.selected_rows()] == ["TB-000004"]
    QTest.keyClicks(tab.search_edit, "pj-2291")  # the projector's own barcode: its serial
    QTest.keyClick(tab.search_edit, Qt.Key.Key_Return)
    assert [r.code for r in tab.selected_rows()] == ["TB-000005"]
    assert tab.status_label.text().startswith("Đã chọn TB-000005")
    tab.table.setFocus()  # a scan while the list has the focus goes to the search box
    QTest.keyClicks(tab.table, "TB-000002")
    assert tab.search_edit.text() == "TB-000002"
    QTest.keyClick(tab.search_edit, Qt.Key.Key_Return)
    assert [r.code for r in tab.selected_rows()] == ["TB-000002"]


def test_labels_for_the_selected_items(
    qtbot: QtBot, school: EquipmentUi, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In nhãn… on two selected lines writes a one-page PDF on the chosen paper."""
    page = open_page(qtbot, school, OFFICER)
    tab = page.register
    tab.select_code("TB-000001")
    tab.select_code("TB-000005", clear=False)
    target = tmp_path / "nhan"
    paper = LAYOUTS["4x10"]
    monkeypatch.setattr(LabelsDialog, "ask", classmethod(lambda cls, p, n, what: (paper, 3)))
    monkeypatch.setattr(SaveFileDialog, "ask", classmethod(lambda cls, p, t, s, f="": target))
    tab.labels_button.click()
    qtbot.waitUntil(lambda: tab.status_label.text().startswith("Đã ghi"))
    pdf = target.with_suffix(".pdf")
    assert pdf.read_bytes().startswith(b"%PDF")
    assert tab.status_label.text() == f"Đã ghi 2 nhãn (1 trang) vào {pdf}."


def test_a_list_import_previews_then_applies(
    qtbot: QtBot, school: EquipmentUi, tmp_path: Path
) -> None:
    """A bad cell is listed with sheet, row, column and value and Nhập stays off; the fixed
    file's dry run counts three lines and writes nothing; Nhập danh mục writes them."""
    bad = [*ROWS[:2], [3, "Toán", 10, "Thiết bị thử D", "", "", "GV", "Bộ", 2, "lớp"]]
    path = _xlsx(tmp_path / "tt38.xlsx", bad, sheet="Toán")
    page = open_page(qtbot, school, OFFICER)
    dialog = ListImportDialog(page, school.db, page.ctx.actor, path)
    qtbot.addWidget(dialog)
    dialog.version_edit.setText("2021")
    dialog.circular_edit.setText("38/2021")
    dialog.preview_button.click()
    qtbot.waitUntil(lambda: dialog.preview is not None)
    problems = dialog.problems_model
    assert [problems.index(0, c).data() for c in range(4)] == ["Toán", "5", "Lớp", "10"]
    assert not dialog.import_button.isEnabled()
    _xlsx(path, ROWS, sheet="Toán")
    dialog.preview = None
    dialog.preview_button.click()
    qtbot.waitUntil(lambda: dialog.preview is not None)
    assert "3 thêm, 0 sửa" in dialog.summary_label.text() and dialog.problems_model.rowCount() == 0
    assert page.lists.model.rowCount() == 0  # the dry run wrote nothing
    assert dialog.import_button.isEnabled()
    dialog.import_button.click()
    qtbot.waitUntil(lambda: dialog.result_text != "")
    settle(qtbot)
    assert page.lists.model.index(0, 3).data() == "3"


def test_the_page_fits_a_1024_screen(qtbot: QtBot, school: EquipmentUi) -> None:
    """The officer's Thiết bị page fits a maximised window on a 1024×768 screen on every tab:
    no page scroll, no cut-off button."""
    window = build_main_window(Runtime(school.db), user_info(school.db, OFFICER))
    qtbot.addWidget(window)
    window.setWindowState(Qt.WindowState.WindowNoState)
    window.resize(SMALLEST_CLIENT)
    window.show()
    qtbot.waitExposed(window)
    window.open_page("equipment")
    settle(qtbot)
    page = window.pages["equipment"]
    for index in range(page.tabs.count()):  # type: ignore[attr-defined]
        page.tabs.setCurrentIndex(index)  # type: ignore[attr-defined]
        settle(qtbot)
        assert page_problems(window, "equipment", f"tab {index}") == []

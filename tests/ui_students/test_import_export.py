"""The import wizard end to end on a generated .xlsx, and exporting a class list."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.students import StudentFilter, count_students, make_personal_id
from app.students.importer import Action
from tests.ui_students.conftest import School
from ui.file_dialogs import SaveFileDialog
from ui.students.export_dialog import ExportDialog
from ui.students.import_columns import UseColumn
from ui.students.import_legacy import ConversionColumn
from ui.students.import_preview_model import PreviewColumn
from ui.students.import_wizard import ImportWizard


def _workbook(path: Path) -> Path:
    """A school-style list: title rows, a header, two good rows and one impossible date."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Lớp 6A2"
    ws.append(["TRƯỜNG THCS KIM ĐỒNG"])
    ws.append(["DANH SÁCH HỌC SINH LỚP 6A2"])
    ws.append([])
    ws.append(["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Dân tộc", "Số định danh cá nhân"])
    pid = make_personal_id("038", date(2014, 4, 2), "nu", 77)
    ws.append([1, "  Hoàng Thị  Lan ", "02/04/2014", "Nữ", "Kinh", pid])
    ws.append([2, "Lò Văn Páo", date(2014, 8, 19), "Nam", "Thái", None])
    ws.append([3, "Cao Minh Tú", "31/02/2014", "Nam", "Kinh", None])
    wb.save(path)
    return path


def _count(school: School, class_name: str) -> int:
    sec = school.actor("secretary")
    with school.db.read(sec) as s:
        return count_students(s, sec, StudentFilter(class_name=class_name))


def _journal_size(school: School) -> int:
    from sqlalchemy import func, select

    from app.journal import JournalEntry

    with school.db.read() as s:
        return int(s.scalar(select(func.count()).select_from(JournalEntry)) or 0)


def _previewed(qtbot: QtBot, school: School, path: Path) -> ImportWizard:
    """The wizard on its preview step for ``path``."""
    wizard = _wizard(qtbot, school)
    wizard.choose.file_edit.setText(str(path))
    wizard.next_button.click()
    qtbot.waitUntil(lambda: wizard.step == 1, timeout=10_000)
    return wizard


def _wizard(qtbot: QtBot, school: School) -> ImportWizard:
    wizard = ImportWizard(None, school.ctx())
    qtbot.addWidget(wizard)
    wizard.show()
    return wizard


def test_import_wizard_previews_rejects_then_imports_valid_rows(
    qtbot: QtBot, school: School, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Preview names the bad cell; nothing is written until confirmed; valid rows import."""
    source = _workbook(tmp_path / "ds-6a2.xlsx")
    wizard = _previewed(qtbot, school, source)
    pv = wizard.preview
    assert pv is not None and pv.counts["insert"] == 2 and pv.counts["rejected"] == 1
    model = wizard.review.model
    assert model.rowCount() == 1  # the list opens on the rejected rows
    assert model.index(0, PreviewColumn.ACTION).data() == "Bị từ chối"
    assert model.index(0, PreviewColumn.ROW).data() == "7"
    assert "Ngày sinh" in model.index(0, PreviewColumn.NOTE).data()
    wizard.review.table.selectRow(0)
    assert "Trang tính “Lớp 6A2”, dòng 7, cột “Ngày sinh”" in wizard.review.detail_label.text()
    assert not wizard.next_button.isEnabled()
    assert _count(school, "6A2") == 0

    rejected_file = tmp_path / "bi-tu-choi.xlsx"
    monkeypatch.setattr(SaveFileDialog, "ask", classmethod(lambda cls, *a: rejected_file))
    wizard.review.rejected_button.click()
    qtbot.waitUntil(rejected_file.exists, timeout=5000)
    rows = list(openpyxl.load_workbook(rejected_file).active.iter_rows(values_only=True))
    assert rows[0][-1] == "Lý do"
    assert any("Cao Minh Tú" in [str(v) for v in r] for r in rows[1:])

    wizard.review.skip_check.setChecked(True)
    assert wizard.next_button.isEnabled() and wizard.next_button.text() == "Nhập 2 học sinh"
    wizard.next_button.click()
    qtbot.waitUntil(lambda: wizard.step == 2, timeout=10_000)
    result = wizard.result_value
    assert result is not None and (result.inserted, result.rejected) == (2, 1)
    assert "Thêm mới: 2 học sinh" in wizard.outcome.text_label.text()
    assert _count(school, "6A2") == 2


def test_cancelled_import_writes_nothing(qtbot: QtBot, school: School, tmp_path: Path) -> None:
    """Cancelling the write (the progress dialog's Hủy) rolls everything back."""
    source = _workbook(tmp_path / "ds.xlsx")
    wizard = _previewed(qtbot, school, source)
    wizard.review.skip_check.setChecked(True)
    journal_before = _journal_size(school)
    wizard.start_commit()
    assert wizard.op is not None
    wizard.op.cancel()
    qtbot.waitUntil(lambda: not wizard.busy, timeout=10_000)
    assert wizard.review.error_label.text() == "Đã hủy. Chưa ghi gì vào cơ sở dữ liệu."
    assert wizard.step == 1 and wizard.result_value is None
    assert _count(school, "6A2") == 0
    assert _journal_size(school) == journal_before


def test_reimporting_the_same_file_changes_nothing(
    qtbot: QtBot, school: School, tmp_path: Path
) -> None:
    """A second preview of an imported file marks its rows unchanged and offers nothing to write."""
    source = tmp_path / "ds.xlsx"
    _workbook(source)
    wb = openpyxl.load_workbook(source)
    wb.active.delete_rows(7)
    wb.save(source)
    for expected in (Action.INSERT, Action.UNCHANGED):
        wizard = _wizard(qtbot, school)
        wizard.choose.file_edit.setText(str(source))
        wizard.next_button.click()
        qtbot.waitUntil(lambda w=wizard: w.step == 1, timeout=10_000)  # type: ignore[misc]
        assert {r.action for r in wizard.preview.rows} == {expected}  # type: ignore[union-attr]
        if expected is Action.INSERT:
            wizard.next_button.click()
            qtbot.waitUntil(lambda w=wizard: w.step == 2, timeout=10_000)  # type: ignore[misc]
    assert wizard.next_button.text() == "Xong"
    journal_before = _journal_size(school)
    wizard.next_button.click()
    assert not wizard.isVisible() and wizard.result_value is None
    assert _journal_size(school) == journal_before
    assert _count(school, "6A2") == 2


def test_unreadable_file_is_refused_on_the_first_step(
    qtbot: QtBot, school: School, tmp_path: Path
) -> None:
    """A CSV renamed .xlsx is refused with a Vietnamese message, and the wizard stays on step 1."""
    fake = tmp_path / "danh-sach.xlsx"
    fake.write_text("STT,Họ và tên\n1,Nguyễn An\n", encoding="utf-8")
    wizard = _wizard(qtbot, school)
    wizard.choose.file_edit.setText(str(fake))
    wizard.next_button.click()
    qtbot.waitUntil(lambda: wizard.choose.error_label.isVisible(), timeout=10_000)
    assert "danh-sach.xlsx" in wizard.choose.error_label.text()
    assert wizard.step == 0


def test_export_dialog_writes_a_class_list_as_xlsx_and_pdf(
    qtbot: QtBot, school: School, tmp_path: Path
) -> None:
    """Exporting 6A1 writes a workbook that lists its students, and a printable PDF."""
    school.add("Đinh Thị Hằng", "14/02/2014", "Nữ")
    school.add("Ngô Văn Kiên", "03/05/2014", "Nam")
    dialog = ExportDialog(None, school.ctx(), None, "6A1")
    qtbot.addWidget(dialog)
    assert dialog.class_radio.isChecked() and dialog.class_combo.currentText() == "6A1"
    dialog.export_to(tmp_path / "6a1.xlsx", "xlsx")
    qtbot.waitUntil(lambda: dialog.result_value is not None, timeout=10_000)
    cells = [
        str(c)
        for row in openpyxl.load_workbook(tmp_path / "6a1.xlsx").active.iter_rows(values_only=True)
        for c in row
    ]
    assert "Đinh Thị Hằng" in cells and "Ngô Văn Kiên" in cells
    pdf_dialog = ExportDialog(None, school.ctx(), None, "6A1")
    qtbot.addWidget(pdf_dialog)
    pdf_dialog.export_to(tmp_path / "6a1.pdf", "pdf")
    qtbot.waitUntil(lambda: pdf_dialog.result_value is not None, timeout=10_000)
    text = "".join(p.extract_text() for p in PdfReader(tmp_path / "6a1.pdf").pages)
    assert "6A1" in text and "Ngô Văn Kiên" in text


def _vni_workbook(path: Path) -> Path:
    """A list typed in VNI-Times beside a name typed in Unicode."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Lớp 6A2"
    ws.append(["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Dân tộc"])
    ws.append([1, "Ñaëng Vaên Huøng", "05/09/2014", "Nam", "Kinh"])
    ws.append([2, "Lê Minh Hoàng", "06/10/2014", "Nam", "Kinh"])
    wb.save(path)
    return path


def _names(school: School) -> set[str]:
    from sqlalchemy import select

    from app.students import Student

    with school.db.read() as s:
        return set(s.scalars(select(Student.full_name)))


def test_import_wizard_converts_legacy_text_only_when_chosen(
    qtbot: QtBot, school: School, tmp_path: Path
) -> None:
    """The preview lists each VNI cell before → after; Import waits for a choice; keep re-reads."""
    wizard = _previewed(qtbot, school, _vni_workbook(tmp_path / "vni.xlsx"))
    panel = wizard.review.legacy
    assert wizard.review.tabs.currentWidget() is panel and wizard.review.tabs.isTabVisible(1)
    assert panel.model.rowCount() == 2
    assert panel.model.index(0, ConversionColumn.BEFORE).data() == "Ñaëng Vaên Huøng"
    assert panel.model.index(0, ConversionColumn.AFTER).data() == "Đặng Văn Hùng"
    assert panel.model.index(0, ConversionColumn.NOTE).data().startswith("Sẽ chuyển")
    # "Lê Minh Hoàng" would read as VNI "Lê Minh Hồng": listed, and always kept.
    assert panel.model.index(1, ConversionColumn.BEFORE).data() == "Lê Minh Hoàng"
    assert panel.model.index(1, ConversionColumn.NOTE).data().startswith("Giữ nguyên")
    assert not panel.convert_radio.isChecked() and not panel.keep_radio.isChecked()
    assert not wizard.next_button.isEnabled()  # no choice yet
    panel.keep_radio.click()
    qtbot.waitUntil(lambda: wizard.preview is not None and wizard.preview.legacy.value == "keep")
    assert wizard.preview.rows[0].value.full_name == "Ñaëng Vaên Huøng"
    assert panel.keep_radio.isChecked() and wizard.next_button.isEnabled()
    panel.convert_radio.click()
    qtbot.waitUntil(lambda: wizard.preview is not None and wizard.preview.legacy.value == "convert")
    assert wizard.preview.rows[0].value.full_name == "Đặng Văn Hùng"
    wizard.next_button.click()  # the autouse ``messages`` fixture answers the confirmation
    qtbot.waitUntil(lambda: wizard.step == 2, timeout=10_000)
    assert _names(school) == {"Đặng Văn Hùng", "Lê Minh Hoàng"}


def test_import_wizard_shows_how_each_column_is_read(
    qtbot: QtBot, school: School, tmp_path: Path
) -> None:
    """The "Các cột" tab lists every header with its field, and an ignored one as "bỏ qua"."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Lớp", "Nghề nghiệp cha"])
    ws.append([1, "Lò Văn Páo", "19/08/2014", "Nam", "6A2", "Làm nông"])
    wb.save(tmp_path / "cot.xlsx")
    wizard = _previewed(qtbot, school, tmp_path / "cot.xlsx")
    model = wizard.review.columns_model
    shown = {
        model.index(r, UseColumn.HEADER).data(): model.index(r, UseColumn.FIELD).data()
        for r in range(model.rowCount())
    }
    assert shown["Họ và tên"] == "Họ và tên" and shown["Lớp"] == "Lớp"
    assert shown["Nghề nghiệp cha"] == "bỏ qua"
    assert model.index(5, UseColumn.COLUMN).data() == "F"
    assert wizard.review.tabs.tabText(2) == "Các cột (1 bỏ qua)"


def test_import_wizard_lets_the_user_pick_sheets_and_lists_skipped_rows(
    qtbot: QtBot, school: School, tmp_path: Path
) -> None:
    """Unticking a sheet and reading again leaves it out; a total line is listed as skipped."""
    wb = openpyxl.Workbook()
    first = wb.active
    first.title = "Lớp 6A1"
    head = ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Lớp"]
    first.append(head)
    first.append([1, "Lò Văn Páo", "19/08/2014", "Nam", "6A1"])
    first.append([None, "Tổng số: 1 học sinh"])
    second = wb.create_sheet("Lớp 6A2")
    second.append(head)
    second.append([1, "Hoàng Thị Lan", "02/04/2014", "Nữ", "6A2"])
    wb.save(tmp_path / "hai-lop.xlsx")
    wizard = _previewed(qtbot, school, tmp_path / "hai-lop.xlsx")
    review = wizard.review
    assert review.tabs.isTabVisible(3) and review.skipped_list.count() == 1
    assert "Tổng số: 1 học sinh" in review.skipped_list.item(0).text()
    assert review.chosen_sheets() == ("Lớp 6A1", "Lớp 6A2")
    review.sheets_list.item(1).setCheckState(Qt.CheckState.Unchecked)
    review.reread_button.click()
    qtbot.waitUntil(lambda: wizard.preview is not None and wizard.preview.chosen == ("Lớp 6A1",))
    assert [r.value.full_name for r in wizard.preview.rows] == ["Lò Văn Páo"]
    assert review.tabs.tabText(4) == "Trang tính (1/2)"


def test_import_wizard_maps_an_ignored_column(qtbot: QtBot, school: School, tmp_path: Path) -> None:
    """Picking a field for an ignored column and reading again imports that column too."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Lớp", "SĐT ông bà"])
    ws.append([1, "Lò Văn Páo", "19/08/2014", "Nam", "6A2", "0913000333"])
    wb.save(tmp_path / "map.xlsx")
    wizard = _previewed(qtbot, school, tmp_path / "map.xlsx")
    review = wizard.review
    assert not review.map_box.isHidden() and review.ignored_combo.count() == 1
    review.field_combo.setCurrentIndex(review.field_combo.findData("mother_phone"))
    review.map_button.click()
    qtbot.waitUntil(lambda: wizard.preview is not None and bool(wizard.preview.mapping))
    assert wizard.preview.rows[0].value.mother_phone == "0913000333"
    # No mother's name in the file: the preview warns that the number cannot be kept.
    assert any("chưa có Họ tên mẹ" in p.reason for p in wizard.preview.rows[0].warnings)
    assert review.map_box.isHidden()  # nothing left to map

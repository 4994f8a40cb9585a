"""The Sổ điểm page's "Tệp và in ấn" menu writes the grade-book files (issue 12 §3): teacher
sheet, the class's scores, the Tổng hợp lớp sheet and the year-end lists, PDF or .xlsx, then
offers to open the file or its folder; a teacher is offered only their own subjects."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from pypdf import PdfReader
from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot

from tests.ui_gradebook.conftest import YEAR, GradeUi, PrimaryUi, fill_year, fill_year_end, shown
from tests.ui_gradebook.documents_helpers import User, trigger, user_fixture  # noqa: F401
from ui.exported import OpenChoice
from ui.gradebook.documents_dialogs import YEAR as YEAR_SCOPE
from ui.gradebook.documents_dialogs import DocumentOptions, DocumentOptionsDialog, DocumentQuestion
from ui.gradebook.gradebook_widget import GradebookWidget


def _page(qtbot: QtBot, ctx: object, cls: str, semester: int = 1) -> GradebookWidget:
    widget = GradebookWidget(ctx)  # type: ignore[arg-type]
    shown(qtbot, widget, 1024)
    widget.select(cls, semester)
    return widget


def _pdf_text(path: Path) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(path).pages)


def test_teacher_exports_the_sheet_of_their_subject_and_opens_the_folder(
    qtbot: QtBot, school: GradeUi, user: User, tmp_path: Path
) -> None:
    """u_teacher is offered Toán only (the subject picked first); the .xlsx holds 6A1's
    students; Mở thư mục opens the folder of the file."""
    page = _page(qtbot, school.ctx("u_teacher"), "6A1")
    user.options.append(DocumentOptions(subject_id=school.subjects["Toán"], semester=1))
    user.save_as.append(tmp_path / "toan")
    trigger(qtbot, page, "export_sheet")
    question = user.questions[0]
    assert [name for name, _ in question.subjects] == ["Toán"]
    assert question.subject_default == school.subjects["Toán"] and question.scope_default == 1
    path = tmp_path / "toan.xlsx"
    ws = next(w for w in openpyxl.load_workbook(path).worksheets if w.sheet_state == "visible")
    cells = [c for row in ws.iter_rows(values_only=True) for c in row if isinstance(c, str)]
    assert "BẢNG ĐIỂM MÔN TOÁN — LỚP 6A1" in cells and "Lê Văn Anh" in cells
    text, written = user.exported[0]
    assert written == path and "4 học sinh" in text
    assert user.opened == [str(tmp_path)]


def test_class_scores_as_csv_and_open_the_file(
    qtbot: QtBot, school: GradeUi, user: User, tmp_path: Path
) -> None:
    """The office exports 6A1's semester I scores as CSV; Mở tệp opens that file."""
    fill_year(school, "Lê Văn Anh", {"Toán": "9"}, semesters=(1,))
    page = _page(qtbot, school.ctx("u_secretary"), "6A1")
    user.options.append(DocumentOptions(semester=1))
    user.save_as.append(tmp_path / "diem.csv")
    user.after_export = OpenChoice.FILE
    trigger(qtbot, page, "export_class")
    lines = (tmp_path / "diem.csv").read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].startswith("Năm học,Mã học sinh,Họ và tên,Lớp,Môn")
    assert any(",Lê Văn Anh,6A1,Toán,1,CK,1,9" in line for line in lines)
    assert user.opened == [str(tmp_path / "diem.csv")]
    assert "học sinh lớp 6A1 (Học kì I" in user.exported[0][0]


def test_result_sheet_pdf_in_the_nd30_layout_and_as_xlsx(
    qtbot: QtBot, school: GradeUi, user: User, tmp_path: Path
) -> None:
    """The year's Tổng hợp lớp: a landscape PDF with the national motto, title and students;
    the same sheet as .xlsx when the file is named so."""
    fill_year(school, "Lê Văn Anh", {})
    page = _page(qtbot, school.ctx("u_principal"), "6A1", semester=2)
    user.options += [DocumentOptions(semester=None), DocumentOptions(semester=1)]
    user.save_as += [tmp_path / "tong-hop.pdf", tmp_path / "tong-hop.xlsx"]
    trigger(qtbot, page, "result_sheet")
    assert user.questions[0].scope_default == 0  # "Cả năm" first in semester II
    assert user.exported[0][0].endswith("Bấm «Mở tệp» để xem và in (khổ A4).")
    reader = PdfReader(tmp_path / "tong-hop.pdf")
    box = reader.pages[0].mediabox
    assert float(box.width) > float(box.height)
    text = _pdf_text(tmp_path / "tong-hop.pdf")
    for part in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "BẢNG TỔNG HỢP KẾT QUẢ ĐÁNH GIÁ",
                 "Lê Văn Anh", "HIỆU TRƯỞNG"):  # fmt: skip
        assert part in text, part
    trigger(qtbot, page, "result_sheet")
    ws = openpyxl.load_workbook(tmp_path / "tong-hop.xlsx").active
    cells = [c for row in ws.iter_rows(values_only=True) for c in row if isinstance(c, str)]
    assert "Lê Văn Anh" in cells and any("Học kì I" in c for c in cells)


def test_year_end_lists_of_the_class_and_one_list_of_the_school(
    qtbot: QtBot, school: GradeUi, user: User, tmp_path: Path
) -> None:
    """All lists of 6A1 as PDF (Lê Văn Anh promoted); the school's Lên lớp list as .xlsx."""
    fill_year(school, "Lê Văn Anh", {})
    page = _page(qtbot, school.ctx("u_principal"), "6A1", semester=2)
    user.options += [DocumentOptions(), DocumentOptions(whole_school=True, list_key="promoted")]
    user.save_as += [tmp_path / "ds.pdf", tmp_path / "ds.xlsx"]
    trigger(qtbot, page, "lists")
    question = user.questions[0]
    assert [v for _, v in question.places] == [False, True]
    assert [k for _, k in question.lists][:2] == ["promoted", "summer_training"]
    text = _pdf_text(tmp_path / "ds.pdf")
    assert "DANH SÁCH" in text and "Lê Văn Anh" in text and "Lớp 6A1" in text
    trigger(qtbot, page, "lists")
    wb = openpyxl.load_workbook(tmp_path / "ds.xlsx")
    assert wb.sheetnames == ["Lên lớp"]
    cells = [c for row in wb.active.iter_rows(values_only=True) for c in row if isinstance(c, str)]
    assert "Lê Văn Anh" in cells and f"Toàn trường — Năm học {YEAR}" in cells


def test_what_each_role_may_use(qtbot: QtBot, school: GradeUi) -> None:
    """The office cannot import (no score entry) and is told why; a teacher gets no school-wide
    list; gv.van, who teaches 6A2 only, is offered Ngữ văn there."""
    office = _page(qtbot, school.ctx("u_secretary"), "6A1")
    action = office.documents.actions_by_name["import_sheet"]
    assert not action.isEnabled() and "không được nhập điểm" in action.toolTip()
    assert office.documents.actions_by_name["export_sheet"].isEnabled()
    van = _page(qtbot, school.ctx("gv.van"), "6A2")
    assert [s.name for s in van.current_class().subjects] == ["Ngữ văn"]  # type: ignore[union-attr]
    assert all(a.isEnabled() for a in van.documents.actions_by_name.values())


def test_primary_class_sheet_and_result_sheet(
    qtbot: QtBot, primary: PrimaryUi, user: User, tmp_path: Path
) -> None:
    """4A: gv.cn exports the Toán assessment sheet; the year's TT27 result sheet as PDF."""
    fill_year_end(primary, "Lê Văn Anh")
    page = _page(qtbot, primary.ctx("gv.cn"), "4A", semester=2)
    user.options += [
        DocumentOptions(subject_id=primary.ps.subjects["Toán"], semester=2),
        DocumentOptions(semester=None),
        DocumentOptions(),
    ]
    user.save_as += [tmp_path / "toan.xlsx", tmp_path / "th.pdf", tmp_path / "ds.pdf"]
    trigger(qtbot, page, "export_sheet")
    ws = next(
        w for w in openpyxl.load_workbook(tmp_path / "toan.xlsx").worksheets
        if w.sheet_state == "visible"
    )  # fmt: skip
    assert ws.cell(2, 1).value == "BẢNG ĐÁNH GIÁ MÔN TOÁN — LỚP 4A"
    trigger(qtbot, page, "result_sheet")
    assert "Lê Văn Anh" in _pdf_text(tmp_path / "th.pdf")
    trigger(qtbot, page, "lists")
    assert [k for _, k in user.questions[-1].lists][0] == "completed"
    assert [v for _, v in user.questions[-1].places] == [False]
    assert "Lê Văn Anh" in _pdf_text(tmp_path / "ds.pdf")


def test_the_question_form_shows_only_what_it_asks(qtbot: QtBot, school: GradeUi) -> None:
    """The class-scores form has only the semester row, "Cả năm" picked; the lists form the
    place and the list, "Tất cả danh sách" first."""
    scores = DocumentOptionsDialog(None, DocumentQuestion("t", "i", "OK", scopes=[("Học kì I", 1),
                                   ("Cả năm", YEAR_SCOPE)], scope_default=YEAR_SCOPE))  # fmt: skip
    qtbot.addWidget(scores)
    assert scores.findChildren(QComboBox) == [scores.scope_combo]
    assert scores.scope_combo.currentText() == "Cả năm"
    form = scores.layout().itemAt(1).layout()
    assert form.rowCount() == 1
    assert scores.options() == DocumentOptions(semester=None)
    scores.scope_combo.setCurrentIndex(0)
    assert scores.options().semester == 1
    lists = DocumentOptionsDialog(None, DocumentQuestion("t", "i", "OK", places=[("Lớp 6A1", False),
                                  ("Toàn trường", True)], lists=[("Lên lớp", "promoted")]))  # fmt: skip
    qtbot.addWidget(lists)
    assert lists.layout().itemAt(1).layout().rowCount() == 2
    assert lists.list_combo.itemText(0) == "Tất cả danh sách" and lists.options().list_key is None
    lists.place_combo.setCurrentIndex(1)
    lists.list_combo.setCurrentIndex(1)
    assert lists.options() == DocumentOptions(whole_school=True, list_key="promoted")

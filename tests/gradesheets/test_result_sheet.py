"""The class result sheet and the year-end lists as .xlsx and NĐ 30 PDF, read back."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from pypdf import PdfReader

from app.gradebook.lists import result_lists
from app.gradebook.results import ClassSummary, ResultView, class_summary
from app.gradesheets import lists_pdf, lists_xlsx, result_sheet_pdf, result_sheet_xlsx
from tests.gradesheets.conftest import SheetSchool, fill_year

ANH, ANH2, ANH3, BAO, CHAU = (
    "Lê Văn Anh",
    "Đặng Thị Ngọc Ánh",
    "Trần Thị Ánh",
    "Nguyễn Văn Bảo",
    "Phạm Minh Châu",
)


@pytest.fixture
def year_school(school6: SheetSchool) -> SheetSchool:
    """A finished year: excellent, good-ish, average, summer training and re-test students."""
    sc = school6
    fill_year(sc, ANH, "9", overrides={"Toán": "8.7"})
    fill_year(sc, ANH3, "8.5", overrides={"Toán": "6.4"})
    fill_year(sc, BAO, "6", conduct=("Khá", "Khá"), absent=6)
    fill_year(sc, CHAU, "7", conduct=("Chưa đạt", "Chưa đạt"))
    fill_year(sc, ANH2, "4.5", overrides={"Toán": "3"})
    return sc


def summary(sc: SheetSchool, semester: int | None) -> ClassSummary:
    """The gradebook's own class summary (the truth the sheet must match)."""
    with sc.db.read(sc.principal) as s:
        return class_summary(s, sc.principal, sc.class_id, semester=semester)


def expected(view: ResultView | None) -> Any:
    """What an .xlsx cell should hold for a result: a number for a score, else the label."""
    if view is None or view.value is None:
        return None
    return float(view.value) if isinstance(view.value, Decimal) else view.value


def pdf_text(path: Path) -> str:
    """All text of a PDF, NFC, with line breaks inside table cells read as spaces."""
    reader = PdfReader(path)
    text = " ".join(p.extract_text() for p in reader.pages)
    return " ".join(unicodedata.normalize("NFC", text).split())


def render(path: Path, tmp_path: Path) -> list[Path]:
    """Render with ``pdftoppm -png -r 60`` (what a reviewer looks at)."""
    assert shutil.which("pdftoppm"), "poppler-utils (pdftoppm) is needed to render PDFs"
    prefix = tmp_path / path.stem
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(path), str(prefix)], check=True)
    return sorted(tmp_path.glob(f"{path.stem}-*.png"))


@pytest.mark.parametrize("semester", [1, None])
def test_result_xlsx_matches_the_class_summary(
    year_school: SheetSchool, tmp_path: Path, semester: int | None
) -> None:
    """Every subject value, level, absence, outcome and commendation equals the recomputed summary."""
    sc = year_school
    path = tmp_path / "kq.xlsx"
    with sc.db.read(sc.principal) as s:
        result_sheet_xlsx(s, sc.principal, sc.class_id, path, semester)
    ws = openpyxl.load_workbook(path).active
    assert ws["A2"].value == "BẢNG TỔNG HỢP KẾT QUẢ ĐÁNH GIÁ"
    head = next(r for r in range(1, 10) if ws.cell(r, 1).value == "STT")
    top = {ws.cell(head, c).value: c for c in range(1, ws.max_column + 1)}
    subjects = {ws.cell(head + 1, c).value: c for c in range(1, ws.max_column + 1)}
    truth = summary(sc, semester)
    assert len(truth.students) == 5
    for i, st in enumerate(truth.students):
        r = head + 2 + i
        assert ws.cell(r, top["Họ và tên"]).value == st.full_name
        for subj in st.subjects:
            view = subj.year if semester is None else subj.semester_1
            label = next(x.label for x in truth.subjects if x.id == subj.subject_id)
            assert ws.cell(r, subjects[label]).value == expected(view), (st.full_name, label)
        learning = st.learning_year if semester is None else st.learning_1
        conduct = st.conduct_year if semester is None else st.conduct_1
        assert ws.cell(r, top["Kết quả học tập"]).value == expected(learning)
        assert ws.cell(r, top["Kết quả rèn luyện"]).value == expected(conduct)
        absent = st.absences_year if semester is None else st.absences_1.total  # type: ignore[union-attr]
        assert ws.cell(r, top["Tổng số buổi nghỉ"]).value == absent
        if semester is None:
            assert ws.cell(r, top["Kết quả cuối năm"]).value == expected(st.outcome)
    if semester is None:
        outcomes = {ws.cell(head + 2 + i, top["Kết quả cuối năm"]).value for i in range(5)}
        assert outcomes == {"Lên lớp", "Rèn luyện trong hè", "Kiểm tra lại"}
        awards = [ws.cell(head + 2 + i, top["Khen thưởng"]).value for i in range(5)]
        assert awards[0] == "Học sinh Xuất sắc"
        assert ws.cell(head + 2, subjects["Toán"]).number_format == "0.0"


def test_result_pdf_reads_back_and_renders(year_school: SheetSchool, tmp_path: Path) -> None:
    """Landscape NĐ 30 PDF: header, title, names with diacritics, decimal commas, signatures."""
    sc = year_school
    path = tmp_path / "tong-hop.pdf"
    with sc.db.read(sc.principal) as s:
        result_sheet_pdf(s, sc.principal, sc.class_id, path)
    reader = PdfReader(path)
    box = reader.pages[0].mediabox
    assert float(box.width) > float(box.height)
    text = pdf_text(path)
    for needle in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "TRƯỜNG THCS KIM ĐỒNG",
        "BẢNG TỔNG HỢP KẾT QUẢ ĐÁNH GIÁ",
        "Cả năm học — Lớp 6A1 — Năm học 2025-2026",
        *(ANH, ANH2, ANH3, BAO, CHAU),
        "8,7",
        "Học sinh Xuất sắc",
        "Rèn luyện trong hè",
        "GIÁO VIÊN CHỦ NHIỆM",
        "Cô Hoàng Thị Lan",
        "HIỆU TRƯỞNG",
    ):
        assert needle in text, needle
    assert "8.7" not in text and "6.0" not in text
    last = reader.pages[-1].extract_text()
    assert "Tổng số học sinh: 5." in last and "HIỆU TRƯỞNG" in last  # signatures never alone
    pngs = render(path, tmp_path)
    assert len(pngs) == len(reader.pages) and all(p.stat().st_size > 5000 for p in pngs)


def test_semester_result_pdf(year_school: SheetSchool, tmp_path: Path) -> None:
    """A semester sheet has no year-end columns and names its semester."""
    sc = year_school
    path = tmp_path / "hk1.pdf"
    with sc.db.read(sc.principal) as s:
        result_sheet_pdf(s, sc.principal, sc.class_id, path, 1)
    text = pdf_text(path)
    assert "Học kì I — Lớp 6A1 — Năm học 2025-2026" in text
    assert "Điểm trung bình môn học kì" in text and "Kết quả cuối năm" not in text
    assert "6,4" in text  # Trần Thị Ánh's Toán


def test_lists_as_xlsx_and_pdf(year_school: SheetSchool, tmp_path: Path) -> None:
    """Each list sheet and PDF section holds the students the grade book lists."""
    sc = year_school
    with sc.db.read(sc.principal) as s:
        truth = result_lists(s, sc.principal, "2025-2026", sc.class_id)
        book = lists_xlsx(s, sc.principal, tmp_path / "ds.xlsx", class_id=sc.class_id)
        pdf = lists_pdf(s, sc.principal, tmp_path / "ds.pdf", class_id=sc.class_id)
        one = lists_pdf(s, sc.principal, tmp_path / "ktl.pdf", year="2025-2026", only="retest")
    wb = openpyxl.load_workbook(book)
    assert wb.sheetnames == [
        "Lên lớp",
        "Rèn luyện trong hè",
        "Kiểm tra lại",
        "Ở lại lớp",
        "HS Xuất sắc",
        "HS Giỏi",
    ]
    for sheet, key in (
        ("Lên lớp", "promoted"),
        ("Kiểm tra lại", "retest"),
        ("HS Xuất sắc", "excellent"),
    ):
        ws = wb[sheet]
        names = [ws.cell(r, 3).value for r in range(6, ws.max_row + 1)]
        assert names == [e.full_name for e in getattr(truth, key)], sheet
    assert [e.full_name for e in truth.retest] == [ANH2]
    assert [e.full_name for e in truth.summer_training] == [CHAU]
    text = pdf_text(pdf)
    last = PdfReader(pdf).pages[-1].extract_text()
    assert "6. Học sinh đạt danh hiệu Học sinh Giỏi" in last and "HIỆU TRƯỞNG" in last
    assert "DANH SÁCH HỌC SINH THEO KẾT QUẢ ĐÁNH GIÁ CUỐI NĂM" in text
    assert "1. Học sinh được lên lớp (3 học sinh)" in text
    assert "3. Học sinh phải kiểm tra lại (1 học sinh)" in text
    assert ANH2 in text and CHAU in text
    only = pdf_text(one)
    assert (
        "DANH SÁCH HỌC SINH PHẢI KIỂM TRA LẠI" in only and "Toàn trường — Năm học 2025-2026" in only
    )
    assert ANH2 in only and BAO not in only
    assert render(pdf, tmp_path)

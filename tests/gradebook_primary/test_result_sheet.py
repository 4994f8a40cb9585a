"""The primary result sheet (TT27) as .xlsx and NĐ 30 PDF, read back; lists files with 4A."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from pypdf import PdfReader

from app.gradesheets import lists_pdf, lists_xlsx, result_sheet_pdf, result_sheet_xlsx
from tests.gradebook.conftest import add_student, make_class
from tests.gradebook_primary.conftest import PrimarySchool
from tests.gradebook_primary.test_results import (
    ANH,
    ANH2,
    BAO,
    CHAU,
    DONE,
    NOT_DONE,
    fill_student,
    nominate,
)
from tests.gradesheets.test_result_sheet import pdf_text, render

HEADER_ROW = 7
"""Title, scope, blank, then the three header rows (5–7)."""


@pytest.fixture
def year4(ps: PrimarySchool) -> PrimarySchool:
    """Anh Hoàn thành xuất sắc, Ánh tốt and nominated, Bảo Hoàn thành, Châu not; one who left."""
    fill_student(ps, ANH)
    fill_student(ps, ANH2, tests={"Toán": "8"})
    fill_student(ps, BAO, levels={"Khoa học": DONE}, ratings={"Chăm chỉ": "Đạt"})
    fill_student(ps, CHAU, levels={"Đạo đức": NOT_DONE}, tests={"Tiếng Việt": "4"})
    nominate(ps, ANH2, "Tiến bộ vượt bậc môn Toán")
    return ps


def rows_by_name(path: Path) -> tuple[list[Any], dict[str, list[Any]]]:
    """The sheet's last header row and each student's row, keyed by full name."""
    ws = openpyxl.load_workbook(path).active
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    students = {r[2]: r for r in rows[HEADER_ROW:] if isinstance(r[0], int)}
    return rows, students


def test_year_xlsx_holds_levels_tests_ratings_result(year4: PrimarySchool, tmp_path: Path) -> None:
    """Year .xlsx: HTT/HT/CHT and test scores per subject, T/Đ/C, result, outcome, award."""
    path = tmp_path / "kq.xlsx"
    with year4.db.read(year4.admin) as s:
        result_sheet_xlsx(s, year4.admin, year4.class_id, path)
    rows, students = rows_by_name(path)
    assert rows[1][0] == "BẢNG TỔNG HỢP KẾT QUẢ ĐÁNH GIÁ GIÁO DỤC"
    assert rows[2][0] == "Cuối năm học — Lớp 4A — Năm học 2025-2026"
    names, kinds = rows[HEADER_ROW - 2], rows[HEADER_ROW - 1]
    tv = names.index("Tiếng Việt")
    assert (kinds[tv], kinds[tv + 1]) == ("Mức đạt được", "Điểm KTĐK")
    dd = names.index("Đạo đức")
    assert kinds[dd] == "Mức đạt được" and names[dd + 1] != ""
    assert list(students) == [ANH, ANH2, BAO, CHAU]
    chau = students[CHAU]
    assert (chau[tv], chau[tv + 1], chau[dd]) == ("HTT", 4, "CHT")
    kh = names.index("Khoa học")
    assert students[BAO][kh] == "HT"
    cc = names.index("Chăm chỉ")
    assert (students[BAO][cc], students[ANH][cc]) == ("Đ", "T")
    tail = rows[HEADER_ROW - 3][-4:]
    assert tail == ["Kết quả giáo dục", "Hoàn thành chương trình lớp học", "Khen thưởng", "Ghi chú"]
    assert students[ANH][-4:-1] == [
        "Hoàn thành xuất sắc",
        "Hoàn thành chương trình lớp học",
        "Học sinh Xuất sắc",
    ]
    assert students[ANH2][-2] == "Học sinh Tiêu biểu hoàn thành tốt trong học tập và rèn luyện"
    assert students[CHAU][-4:-1] == [
        "Chưa hoàn thành",
        "Chưa hoàn thành chương trình lớp học",
        None,
    ]
    counts = next(r for r in rows if r[0] == "Số học sinh")
    assert counts[1:5] == ["1 (25,0%)"] * 4


def test_semester_one_xlsx_has_no_year_columns(year4: PrimarySchool, tmp_path: Path) -> None:
    """Semester I: Cuối HK I values, and no result, outcome or award columns."""
    path = tmp_path / "hk1.xlsx"
    with year4.db.read(year4.admin) as s:
        result_sheet_xlsx(s, year4.admin, year4.class_id, path, 1)
    rows, students = rows_by_name(path)
    assert rows[2][0] == "Cuối học kì I — Lớp 4A — Năm học 2025-2026"
    assert "Kết quả giáo dục" not in rows[HEADER_ROW - 3]
    tv = rows[HEADER_ROW - 2].index("Tiếng Việt")
    assert students[CHAU][tv : tv + 2] == ["HTT", 9]


def test_year_pdf_text_and_render(year4: PrimarySchool, tmp_path: Path) -> None:
    """The NĐ 30 landscape PDF names every student with their result, diacritics intact."""
    add_student(year4.db, year4.class_id, "Đỗ Thị Hằng", "TH099", end=date(2026, 1, 10))
    path = tmp_path / "kq.pdf"
    with year4.db.read(year4.admin) as s:
        result_sheet_pdf(s, year4.admin, year4.class_id, path)
    page = PdfReader(path).pages[0]
    assert page.mediabox.width > page.mediabox.height
    text = pdf_text(path)
    for expected in (
        "BẢNG TỔNG HỢP KẾT QUẢ ĐÁNH GIÁ GIÁO DỤC",
        "Cuối năm học — Lớp 4A — Năm học 2025-2026",
        "Phạm Minh Châu",
        "Hoàn thành xuất sắc",
        "Chưa hoàn thành",
        "Học sinh Tiêu biểu",
        "Phẩm chất chủ yếu",
        "Giải quyết vấn đề và sáng tạo",
        "GIÁO VIÊN CHỦ NHIỆM",
        "Đỗ Thị Hằng (*)",
        "Học sinh đã chuyển đi hoặc thôi học",
    ):
        assert expected in text, expected
    assert render(path, tmp_path)


def test_semester_pdf_says_results_come_at_year_end(year4: PrimarySchool, tmp_path: Path) -> None:
    """Semester I PDF: the legend says TT27 sums up only at the end of the year."""
    path = tmp_path / "hk1.pdf"
    with year4.db.read(year4.admin) as s:
        result_sheet_pdf(s, year4.admin, year4.class_id, path, 1)
    text = pdf_text(path)
    assert "Cuối học kì I" in text and "chỉ xét vào cuối năm học" in text
    assert "Hoàn thành xuất sắc" not in text


def test_lists_files_for_a_school_with_primary_and_secondary(
    year4: PrimarySchool, tmp_path: Path
) -> None:
    """Whole-school lists: primary sheets next to secondary ones; the class file only its own."""
    six = make_class(year4.db, "6A1", 6, None)
    add_student(year4.db, six, "Lê Văn Anh", "HS001")
    whole = tmp_path / "ds.xlsx"
    with year4.db.read(year4.admin) as s:
        lists_xlsx(s, year4.admin, whole, year="2025-2026")
    names = openpyxl.load_workbook(whole).sheetnames
    assert names[:2] == ["Lên lớp", "Rèn luyện trong hè"]
    assert {"Hoàn thành CT", "Chưa hoàn thành CT", "HS Tiêu biểu", "Chưa đủ dữ liệu"} <= set(names)
    ws = openpyxl.load_workbook(whole)["Chưa hoàn thành CT"]
    rows = [r for r in ws.iter_rows(values_only=True) if r[0] == 1]
    assert rows[0][2:4] == (CHAU, "4A")
    one = tmp_path / "4a.xlsx"
    with year4.db.read(year4.admin) as s:
        lists_xlsx(s, year4.admin, one, class_id=year4.class_id)
    assert openpyxl.load_workbook(one).sheetnames == [
        "Hoàn thành CT",
        "Chưa hoàn thành CT",
        "HS Xuất sắc (TH)",
        "HS Tiêu biểu",
    ]
    pdf = tmp_path / "4a.pdf"
    with year4.db.read(year4.admin) as s:
        lists_pdf(s, year4.admin, pdf, class_id=year4.class_id)
    text = pdf_text(pdf)
    assert "Học sinh chưa hoàn thành chương trình lớp học (1 học sinh)" in text
    assert "Tiến bộ vượt bậc môn Toán" in text

"""Issue 18 §4: report layouts of school systems — one block per class, merged rows, many sheets."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.errors import ValidationError
from app.students import importer
from tests.excel.xlsx_builders import make_xlsx
from tests.students_io.conftest import School

HEAD = ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Dân tộc", "Địa chỉ"]


def _block(cls: str, grade: str, students: list[tuple[str, str]]) -> list[list[object]]:
    """One class's block as a cloud school system prints it."""
    rows: list[list[object]] = [
        ["DANH SÁCH HỌC SINH THEO LỚP"],
        ["Từ ngày: 01/09/2025", None, None, None, f"Khối: {grade}"],
        ["Đến ngày:", None, "31/05/2026", None, "Lớp:", cls],
        HEAD,
    ]
    for i, (name, dob) in enumerate(students, 1):
        rows.append([i, name, dob, "Nữ", "Kinh", "Thôn 1"])
    rows.append([None, f"Tổng số: {len(students)} học sinh"])
    rows.append([])
    return rows


def _report(path: Path) -> Path:
    rows = _block("6A1", "6", [("Lê Thị An", "05/09/2014"), ("Trần Thị Bình", "06/10/2014")])
    rows += _block("6A2", "6", [("Đỗ Thị Chi", "07/11/2014")])
    return make_xlsx(path, {"Báo cáo": rows})


def test_a_report_with_one_block_per_class_reads_only_students(
    school: School, tmp_path: Path
) -> None:
    """Sub-titles, repeated headers and totals are skipped and listed; each block gives its class."""
    pv = school.preview(_report(tmp_path / "bao-cao.xlsx"))
    got = [(r.value.full_name, r.value.class_name) for r in pv.rows]
    assert got == [("Lê Thị An", "6A1"), ("Trần Thị Bình", "6A1"), ("Đỗ Thị Chi", "6A2")]
    assert pv.counts["rejected"] == 0, [p.message for p in pv.problems]
    # The first block's title lines sit above the header (the table's own title); the
    # second block's title, sub-titles and header, and both totals, are skipped and listed.
    assert [(s.row, s.kind.value) for s in pv.skipped] == [
        (7, "total"), (9, "title"), (10, "title"), (11, "title"), (12, "header"), (14, "total")
    ]  # fmt: skip
    assert "“Từ ngày: 01/09/2025 Khối: 6”" in pv.skipped[2].message
    assert any("bỏ qua" in n and "Báo cáo" in n for n in pv.notices)
    importer.commit(school.db, school.secretary, pv)
    assert {(s.full_name, school.class_of(s)) for s in school.students()} == set(got)


def test_continuation_rows_of_merged_cells_are_no_extra_students(
    school: School, tmp_path: Path
) -> None:
    """A student spread over two rows (merged name cell) is one student, with both rows' cells."""
    rows = [
        ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Lớp", "Họ tên cha", "Họ tên mẹ"],
        [1, "Lê Thị An", "05/09/2014", "Nữ", "6A1", "Lê Văn Ba", None],
        [None, None, None, None, None, None, "Trần Thị Tư"],
        [2, "Trần Văn Năm", "06/10/2014", "Nam", "6A1", "Trần Văn Sáu", "Đỗ Thị Bảy"],
    ]
    merges = {"Lớp 6A1": ["A2:A3", "B2:B3", "C2:C3", "D2:D3", "E2:E3", "F2:F3"]}
    pv = school.preview(make_xlsx(tmp_path / "gop.xlsx", {"Lớp 6A1": rows}, merges=merges))
    assert [r.value.full_name for r in pv.rows] == ["Lê Thị An", "Trần Văn Năm"]
    assert pv.rows[0].value.mother_name == "Trần Thị Tư"  # taken from the continuation row
    assert [(s.row, s.kind.value) for s in pv.skipped] == [(3, "continuation")]


def _two_sheets(path: Path) -> Path:
    good = [
        ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Lớp"],
        [1, "Lê Thị An", "05/09/2014", "Nữ", "6A1"],
    ]
    unrelated = [["STT", "Ngày sinh", "Giới tính", "Lớp"], [1, "05/09/2014", "Nữ", "6A1"]]
    return make_xlsx(path, {"Học sinh": good, "Thống kê": unrelated})


def test_an_unrelated_sheet_is_reported_not_fatal(school: School, tmp_path: Path) -> None:
    """A sheet without a name column is skipped with a notice; the good sheet still imports."""
    pv = school.preview(_two_sheets(tmp_path / "hai-trang.xlsx"))
    assert [r.value.full_name for r in pv.rows] == ["Lê Thị An"]
    assert any("Thống kê" in n and "Họ và tên" in n for n in pv.notices)
    assert [(s.name, s.used) for s in pv.sheets] == [("Học sinh", True), ("Thống kê", False)]


def test_the_user_picks_sheets(school: School, tmp_path: Path) -> None:
    """Only the chosen sheets are read; an unknown sheet name is refused naming the ones there are."""
    path = _two_sheets(tmp_path / "chon.xlsx")
    pv = school.preview(path, sheets=("Học sinh",))
    assert [s.name for s in pv.sheets if s.used] == ["Học sinh"] and len(pv.rows) == 1
    assert not any("Thống kê" in n for n in pv.notices)
    with pytest.raises(ValidationError) as exc:
        school.preview(path, sheets=("Lớp 9",))
    assert "“Lớp 9”" in exc.value.message and "“Học sinh”" in exc.value.message
    with pytest.raises(ValidationError) as exc:
        school.preview(path, sheets=("Thống kê",))
    assert "Họ và tên" in exc.value.message

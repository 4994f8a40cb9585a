"""Primary rows of the long format (MD, KT, NX, PC): CSV and .xlsx, located errors, commit."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest

from app.errors import PermissionDenied, ValidationError
from app.gradebook.locking import lock_semester
from app.gradebook.primary.grid import primary_grid
from app.gradebook.primary_ratings import rating_sheet
from app.gradesheets import SheetKind, commit_sheet, preview_file
from app.gradesheets.model import BatchKind
from tests.conftest import Seeded
from tests.gradebook.conftest import add_student, make_class
from tests.gradebook_primary.conftest import PrimarySchool, build_primary_school

HEADER = "student_code,subject,semester,kind,index,value"
ANH, BAO = "TH003", "TH001"
"""Lê Văn Anh and Nguyễn Văn Bảo of 4A."""


@pytest.fixture
def ps(seeded: Seeded) -> Iterator[PrimarySchool]:
    """Class 4A (TT27), plus 6A1 (TT22) with one student HS601, on each backend."""
    school = build_primary_school(seeded)
    cid = make_class(school.db, "6A1", 6, None)
    add_student(school.db, cid, "Võ Thị Hoa", "HS601")
    yield school


def write(path: Path, lines: list[str]) -> Path:
    """A CSV as another system would write it."""
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def cell(
    ps: PrimarySchool, code: str, key: str, subject: str = "Toán", semester: int = 1
) -> str | None:
    """The stored value of one primary subject cell now."""
    sid = next(ps.students[n] for n, c in ps.codes.items() if c == code)
    with ps.db.read(ps.admin) as s:
        grid = primary_grid(s, ps.admin, ps.class_id, ps.subjects[subject], semester)
    return next(r for r in grid.rows if r.student_id == sid).cell(key).stored


def rating(ps: PrimarySchool, code: str, name: str, semester: int, checkpoint: int) -> str | None:
    """The stored rating of one quality or competency now."""
    with ps.db.read(ps.admin) as s:
        sheet = rating_sheet(s, ps.admin, ps.class_id, semester, checkpoint)
    return next(x for x in sheet.lines if x.student_code == code).values[name]


def test_primary_rows_are_validated_and_located(ps: PrimarySchool, tmp_path: Path) -> None:
    """Bad primary rows and kinds of the wrong level are refused with row, column and reason."""
    path = write(
        tmp_path / "tieu-hoc.csv",
        [
            HEADER,
            f"{ANH},Toán,1,MD,1,HTT",
            f'{ANH},Toán,1,KT,1,"7,5"',
            f"{ANH},Toán,1,MD,2,giỏi",
            f"{ANH},Toán,1,MD,3,HT",
            f"{ANH},Toán,1,MD,,HT",
            f"{ANH},Ngoại ngữ 1,1,KT,1,8",
            f"{ANH},Đạo đức,1,KT,2,8",
            f"{ANH},Toán,1,TX,1,8",
            "HS601,Toán,1,MD,1,HTT",
            f"{ANH},Toán,1,MD,1,HT",
            f"{ANH},Bơi lội,1,PC,1,T",
            f"{ANH},Chăm chỉ,1,PC,1,Giỏi",
            f"{ANH},Chăm chỉ,1,PC,2,Tốt",
            f"{ANH},Toán,1,XY,1,8",
        ],
    )
    with ps.db.read(ps.admin) as s:
        pv = preview_file(s, ps.admin, path)
    found = [(p.row, p.column, p.value) for p in pv.problems]
    assert found == [
        (3, "value", "7,5"),
        (4, "value", "giỏi"),
        (5, "index", "3"),
        (6, "index", ""),
        (7, "value", "8"),
        (8, "value", "8"),
        (9, "kind", "TX"),
        (10, "kind", "MD"),
        (11, "student_code", ANH),
        (12, "subject", "Bơi lội"),
        (13, "value", "Giỏi"),
        (15, "kind", "XY"),
    ]
    why = {p.row: p.reason for p in pv.problems}
    assert "số nguyên" in why[3] and "Hoàn thành tốt" in why[4] and "giữa học kì" in why[5]
    assert "Ngoại ngữ 1 lớp 4" in why[7] and "giữa HK I" in why[7] and "nhận xét" in why[8]
    assert "tiểu học" in why[9] and "MD" in why[9] and "6A1" in why[10] and "TX" in why[10]
    assert "trùng ô với dòng 2" in why[11] and "Tốt (T)" in why[13] and "MD, KT, NX" in why[15]
    assert pv.problems[0].message.startswith("Trang tính “tieu-hoc.csv”, dòng 3, cột “value”")
    with pytest.raises(ValidationError):
        commit_sheet(ps.db, ps.admin, pv)
    assert cell(ps, ANH, "MD1") is None and rating(ps, ANH, "Chăm chỉ", 1, 2) is None


def test_csv_commit_of_levels_tests_comments_and_ratings(ps: PrimarySchool, tmp_path: Path) -> None:
    """Valid rows become one write per grid and per ratings semester; the same file again is a no-op."""
    path = write(
        tmp_path / "tieu-hoc.csv",
        [
            HEADER,
            f"{ANH},Toán,1,MD,1,htt",
            f"{ANH},toán,HK1,KT,1,9",
            f'{ANH},Toán,1,NX,2,"Tính nhanh, trình bày sạch"',
            f"{BAO},TV,2,MD,2,Hoàn thành",
            f"{BAO},Tiếng Việt,2,KT,2,7",
            f"{ANH},Chăm chỉ,1,PC,1,T",
            f"{ANH},TToán,1,PC,2,đạt",
            f"{BAO},Chăm chỉ,2,PC,2,C",
        ],
    )
    with ps.db.read(ps.homeroom) as s:
        pv = preview_file(s, ps.homeroom, path)
    assert pv.kind is SheetKind.LONG and pv.ok, [p.message for p in pv.problems]
    assert {(b.subject_name, b.semester, b.kind) for b in pv.batches} == {
        ("Toán", 1, BatchKind.PRIMARY),
        ("Tiếng Việt", 2, BatchKind.PRIMARY),
        ("Phẩm chất, năng lực", 1, BatchKind.RATINGS),
        ("Phẩm chất, năng lực", 2, BatchKind.RATINGS),
    }
    diff = {(c.student_code, c.label): c.new_text for c in pv.changes}
    assert diff[(ANH, "Mức GK I")] == "HTT" and diff[(BAO, "KT cuối năm")] == "7"
    assert diff[(ANH, "Tính toán (Cuối HK I)")] == "Đ" and diff[(BAO, "Chăm chỉ (Cuối năm)")] == "C"
    result = commit_sheet(ps.db, ps.homeroom, pv)
    assert (result.inserted, result.updated, result.deleted) == (8, 0, 0)
    assert result.changes.touches("assessment") and result.changes.touches("primary_rating")
    assert [cell(ps, ANH, k) for k in ("MD1", "KT1")] == ["Hoàn thành tốt", "9"]
    assert cell(ps, ANH, "NX2") == "Tính nhanh, trình bày sạch"
    assert cell(ps, BAO, "MD2", "Tiếng Việt", 2) == "Hoàn thành"
    assert (
        rating(ps, ANH, "Chăm chỉ", 1, 1) == "Tốt" and rating(ps, ANH, "Tính toán", 1, 2) == "Đạt"
    )
    assert rating(ps, BAO, "Chăm chỉ", 2, 2) == "Cần cố gắng"
    with ps.db.read(ps.homeroom) as s:
        again = preview_file(s, ps.homeroom, path)
    assert not again.changes and again.unchanged == 8


def test_xlsx_with_vietnamese_headers_mixing_levels(ps: PrimarySchool, tmp_path: Path) -> None:
    """An .xlsx from another system holds TT22 and TT27 rows; each goes to its own grade book."""
    book = tmp_path / "chuyen-diem.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["DỮ LIỆU CHUYỂN TỪ PHẦN MỀM CŨ"])
    ws.append(["Mã học sinh", "Môn học", "Học kì", "Loại", "Thứ tự", "Kết quả", "Năm học"])
    ws.append([ANH, "Toán", 1, "KT", 2, 10.0, "2025-2026"])
    ws.append([ANH, "Toán", 1, "MD", 2, "Hoàn thành tốt ", "2025-2026"])
    ws.append(["HS601", "Toán", 1, "GK", None, 8.5, "2025-2026"])
    wb.save(book)
    with ps.db.read(ps.admin) as s:
        pv = preview_file(s, ps.admin, book)
    assert pv.kind is SheetKind.LONG and pv.ok, [p.message for p in pv.problems]
    assert sorted((c.column, c.new, c.row) for c in pv.changes) == [
        ("GK", "8.5", 5),
        ("KT2", "10", 3),
        ("MD2", "Hoàn thành tốt", 4),
    ]
    commit_sheet(ps.db, ps.admin, pv)
    assert cell(ps, ANH, "KT2") == "10" and cell(ps, ANH, "MD2") == "Hoàn thành tốt"


def test_permissions_and_nothing_partial(ps: PrimarySchool, tmp_path: Path) -> None:
    """Ratings need the homeroom teacher; a locked semester in the file stops every write."""
    ratings = write(tmp_path / "pc.csv", [HEADER, f"{ANH},Chăm chỉ,1,PC,1,T"])
    with ps.db.read(ps.teacher) as s, pytest.raises(PermissionDenied):
        preview_file(s, ps.teacher, ratings)

    both = write(
        tmp_path / "hai-hoc-ki.csv",
        [HEADER, f"{ANH},Toán,1,MD,1,HT", f"{ANH},Toán,2,MD,1,HT", f"{BAO},Chăm chỉ,2,PC,1,Đ"],
    )
    principal = ps.actor("principal")
    with ps.db.uow(actor=principal) as s:
        lock_semester(s, principal, ps.class_id, 2, "Khóa sổ cuối năm")
    with ps.db.read(ps.homeroom) as s:
        pv = preview_file(s, ps.homeroom, both)
    assert pv.ok and len(pv.changes) == 3
    with pytest.raises(PermissionDenied, match="khóa"):
        commit_sheet(ps.db, ps.homeroom, pv, reason="Nhập bù")
    assert cell(ps, ANH, "MD1") is None and rating(ps, BAO, "Chăm chỉ", 2, 1) is None
    commit_sheet(ps.db, principal, pv, reason="Nhập bù điểm cuối năm")
    assert cell(ps, ANH, "MD1", semester=2) == "Hoàn thành"
    assert rating(ps, BAO, "Chăm chỉ", 2, 1) == "Đạt"

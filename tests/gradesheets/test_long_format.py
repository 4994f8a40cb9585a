"""The long import format (docs/long-format.md): CSV and .xlsx, located errors, diff, commit."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from app.errors import PermissionDenied, ValidationError
from app.gradebook.grid import grade_grid
from app.gradesheets import SheetKind, commit_sheet, preview_file, preview_long
from tests.gradesheets.conftest import SheetSchool

HEADER = "student_code,subject,semester,kind,index,value"


def write(path: Path, lines: list[str], encoding: str = "utf-8") -> Path:
    """A text file as another system would write it."""
    path.write_text("\n".join(lines) + "\n", encoding=encoding)
    return path


def stored(sc: SheetSchool, code: str, subject: str, semester: int, column: str) -> str | None:
    """The stored value of one cell now."""
    sid = next(sc.students[n] for n, c in sc.codes.items() if c == code)
    with sc.db.read(sc.principal) as s:
        grid = grade_grid(s, sc.principal, sc.class_id, sc.subjects[subject], semester)
    return next(r for r in grid.rows if r.student_id == sid).cell(column).stored


def test_csv_rows_are_validated_and_located(school6: SheetSchool, tmp_path: Path) -> None:
    """Every kind of bad row is refused with its row, column, value and reason; nothing is written."""
    sc = school6
    path = write(
        tmp_path / "diem.csv",
        [
            HEADER,
            'HS003,Toán,1,TX,1,"8,5"',
            "HS999,Toán,1,TX,1,7",
            "HS002,Hóa học,1,TX,1,7",
            "HS002,Toán,1,XX,1,7",
            "HS002,Toán,1,TX,,7",
            "HS002,Toán,3,TX,1,7",
            "HS003,Toán,1,TX,1,9",
            "HS002,Toán,1,TX,5,7",
            "HS002,Toán,1,CK,1,11",
            "HS002,Toán,1,GK,2,7",
            "HS004,Toán,1,TX,1,",
            "HS002,Toán,1,TX,3,8,5",
        ],
    )
    with sc.db.read(sc.principal) as s:
        pv = preview_long(s, sc.principal, path)
    found = {(p.row, p.column, p.value) for p in pv.problems}
    assert found == {
        (3, "student_code", "HS999"),
        (4, "subject", "Hóa học"),
        (5, "kind", "XX"),
        (6, "index", ""),
        (7, "semester", "3"),
        (8, "student_code", "HS003"),
        (9, "value", "7"),
        (10, "value", "11"),
        (11, "index", "2"),
        (13, "value", "8"),
    }
    reasons = {p.row: p.reason for p in pv.problems}
    assert "không có học sinh" in reasons[3] and "trùng ô điểm với dòng 2" in reasons[8]
    assert "TX" in reasons[6] and "TX5" in reasons[9] and "ngoặc kép" in reasons[13]
    assert pv.problems[0].message.startswith("Trang tính “diem.csv”, dòng ")
    assert any("1 dòng để trống" in n for n in pv.notices)
    with pytest.raises(ValidationError):
        commit_sheet(sc.db, sc.principal, pv)
    assert stored(sc, "HS003", "Toán", 1, "TX1") is None


def test_csv_commit_across_subjects_and_semesters(school6: SheetSchool, tmp_path: Path) -> None:
    """Valid rows become one write per grid; re-importing the same file changes nothing."""
    sc = school6
    sc.save("Toán", 1, {("Lê Văn Anh", "GK"): "5"})
    path = write(
        tmp_path / "diem.csv",
        [
            HEADER,
            'HS003,Toán,1,TX,1,"8,5"',
            "HS003,toán,HK1,GK,,6.5",
            "HS003,GDTC,I,TX,1,Đ",
            'HS001,Văn,2,DG,,"Tiến bộ rõ, cần cẩn thận"',
        ],
    )
    with sc.db.read(sc.principal) as s:
        pv = preview_file(s, sc.principal, path)
    assert pv.kind is SheetKind.LONG and pv.ok
    assert {(b.subject_name, b.semester) for b in pv.batches} == {
        ("Toán", 1),
        ("Giáo dục thể chất", 1),
        ("Ngữ văn", 2),
    }
    diff = {
        (c.student_code, c.batch.subject_name, c.column): (c.old_text, c.new_text)
        for c in pv.changes
    }
    assert diff[("HS003", "Toán", "GK")] == ("5", "6,5")
    assert diff[("HS003", "Toán", "TX1")] == ("", "8,5")
    result = commit_sheet(sc.db, sc.principal, pv)
    assert (result.inserted, result.updated) == (3, 1)
    assert stored(sc, "HS003", "Toán", 1, "TX1") == "8.5"
    assert stored(sc, "HS003", "Giáo dục thể chất", 1, "TX1") == "Đạt"
    assert stored(sc, "HS001", "Ngữ văn", 2, "DG") == "Tiến bộ rõ, cần cẩn thận"
    with sc.db.read(sc.principal) as s:
        again = preview_file(s, sc.principal, path)
    assert not again.changes and again.unchanged == 4


def test_semicolon_csv_with_bom_and_vietnamese_xlsx_headers(
    school6: SheetSchool, tmp_path: Path
) -> None:
    """Excel's Vietnamese CSV (semicolons, BOM, bare decimal commas) and an .xlsx with Vietnamese headers."""
    sc = school6
    semi = tmp_path / "diem-vn.csv"
    semi.write_bytes(
        "\ufeffstudent_code;subject;semester;kind;index;value\nHS002;Toán;1;TX;2;7,5\n".encode()
    )
    with sc.db.read(sc.teacher) as s:
        pv = preview_file(s, sc.teacher, semi)
    assert [(c.student_code, c.column, c.new_text) for c in pv.changes] == [("HS002", "TX2", "7,5")]

    book = tmp_path / "tu-phan-mem-khac.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["BẢNG ĐIỂM CHUYỂN TỪ PHẦN MỀM CŨ"])
    ws.append(["Mã học sinh", "Môn học", "Học kì", "Loại", "Thứ tự", "Điểm", "Năm học"])
    ws.append(["HS005", "Toán", 2, "CK", None, 9, "2025-2026"])
    ws.append(["HS005", "Toán", 2, "TX", 1, 8.5, "2025-2026"])
    wb.save(book)
    with sc.db.read(sc.teacher) as s:
        pv = preview_file(s, sc.teacher, book)
    assert pv.kind is SheetKind.LONG and pv.ok
    assert sorted((c.column, c.new) for c in pv.changes) == [("CK", "9"), ("TX1", "8.5")]
    assert pv.changes[0].row == 3
    commit_sheet(sc.db, sc.teacher, pv)
    assert stored(sc, "HS005", "Toán", 2, "TX1") == "8.5"


def test_teacher_cannot_import_another_teachers_subject(
    school6: SheetSchool, tmp_path: Path
) -> None:
    """A row for a subject the teacher does not teach refuses the whole file."""
    sc = school6
    path = write(tmp_path / "van.csv", [HEADER, "HS001,Ngữ văn,1,TX,1,8"])
    with sc.db.read(sc.teacher) as s, pytest.raises(PermissionDenied):
        preview_long(s, sc.teacher, path)


def test_file_without_the_columns_is_refused(school6: SheetSchool, tmp_path: Path) -> None:
    """A CSV that is not in the long format says which columns it needs."""
    sc = school6
    path = write(tmp_path / "khac.csv", ["ho_ten,diem", "Lê Văn Anh,8"])
    with (
        sc.db.read(sc.principal) as s,
        pytest.raises(ValidationError, match="student_code, subject"),
    ):
        preview_file(s, sc.principal, path)


def test_legacy_text_in_a_score_file_is_kept_and_reported(
    school6: SheetSchool, tmp_path: Path
) -> None:
    """A VNI-typed subject is not converted behind the teacher's back: refused as typed, and said."""
    sc = school6
    book = tmp_path / "vni.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Mã học sinh", "Moân hoïc", "Hoïc kì", "Loaïi", "Thöù töï", "Ñieåm"])
    ws.append(["HS005", "Toaùn", 2, "CK", None, 9])
    ws.append(["HS005", "Vaät lí", 2, "CK", None, 8])
    wb.save(book)
    with sc.db.read(sc.teacher) as s:
        pv = preview_file(s, sc.teacher, book)
    assert pv.kind is SheetKind.LONG  # headers typed in VNI are still recognised
    assert any(
        "2 ô" in n and "“Toaùn”" in n and "“Toán”" in n and "giữ nguyên" in n for n in pv.notices
    )
    assert {p.value for p in pv.problems} >= {"Toaùn", "Vaät lí"}


def test_columns_the_format_does_not_read_are_named_in_a_notice(
    school6: SheetSchool, tmp_path: Path
) -> None:
    """The class's own export carries «Họ và tên» and «Lớp» for people to read: the import does
    not read them, and says so in the preview instead of dropping them silently."""
    sc = school6
    path = write(
        tmp_path / "diem-ca-lop.csv",
        [HEADER + ",Họ và tên,Lớp", "HS002,Toán,1,TX,2,7.5,Nguyễn Văn B,6A1"],
    )
    with sc.db.read(sc.teacher) as s:
        pv = preview_file(s, sc.teacher, path)
    assert [(c.student_code, c.column) for c in pv.changes] == [("HS002", "TX2")]
    [notice] = [n for n in pv.notices if "bỏ qua" in n]
    assert "2 cột" in notice and "“Họ và tên”" in notice and "“Lớp”" in notice

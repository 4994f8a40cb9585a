"""A class's scores in one long-format file (``export_class_scores``, ``grades export-class``),
and who may export a teacher sheet: on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pytest

from app.errors import PermissionDenied
from app.gradebook.primary_entry import PCellEdit, save_cells
from app.gradebook.primary_ratings import RatingEdit, save_ratings
from app.gradesheets import commit_sheet, export_class_scores, export_sheet, preview_file
from tests.conftest import Seeded
from tests.gradebook_primary.conftest import PrimarySchool, build_primary_school
from tests.gradesheets.conftest import SYSTEM, YEAR, SheetSchool
from tests.gradesheets.test_cli import run_json

ANH, BAO = "Lê Văn Anh", "Nguyễn Văn Bảo"


def _fill(sc: SheetSchool) -> None:
    sc.save("Toán", 1, {(ANH, "TX1"): "8.5", (ANH, "GK"): "7", (BAO, "CK"): "9"})
    sc.save("Toán", 2, {(BAO, "TX2"): "6"})
    sc.save("Ngữ văn", 1, {(ANH, "TX1"): "5.5", (ANH, "DG"): "=Cố gắng hơn"})
    sc.save("Giáo dục thể chất", 1, {(BAO, "TX1"): "Đ"})


def _rows(path: Path) -> list[tuple]:
    ws = openpyxl.load_workbook(path).worksheets[0]
    return [tuple(r) for r in ws.iter_rows(values_only=True)]


def test_office_exports_every_subject_and_it_imports_back(
    school6: SheetSchool, tmp_path: Path
) -> None:
    """Every filled cell once, numbers as numbers, a formula-like comment kept as text; re-import changes nothing."""
    sc = school6
    _fill(sc)
    path = tmp_path / "diem-6a1.xlsx"
    with sc.db.read(SYSTEM) as s:
        out = export_class_scores(s, SYSTEM, sc.class_id, path)
    assert (out.cells, out.students, out.class_name) == (7, 2, "6A1")
    rows = _rows(path)
    assert rows[0][:3] == ("Năm học", "Mã học sinh", "Họ và tên")
    anh = sc.codes[ANH]
    assert (YEAR, anh, ANH, "6A1", "Toán", 1, "TX", 1, 8.5) in rows
    assert (YEAR, anh, ANH, "6A1", "Ngữ văn", 1, "DG", 1, "=Cố gắng hơn") in rows
    assert (YEAR, sc.codes[BAO], BAO, "6A1", "Toán", 2, "TX", 2, 6) in rows
    with sc.db.read(sc.principal) as s:
        pv = preview_file(s, sc.principal, path)
    assert pv.problems == () and pv.changes == () and pv.unchanged == 7


def test_csv_of_one_semester_changes_the_grade_book_when_edited(
    school6: SheetSchool, tmp_path: Path
) -> None:
    """Semester 1 only as CSV (UTF-8 with BOM); an edited value is previewed and written."""
    sc = school6
    _fill(sc)
    path = tmp_path / "diem.csv"
    with sc.db.read(SYSTEM) as s:
        out = export_class_scores(s, SYSTEM, sc.class_id, path, semester=1)
    assert out.cells == 6
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    with path.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert all(r[5] == "1" for r in rows[1:])
    assert [r[8] for r in rows if r[6] == "DG"] == ["'=Cố gắng hơn"]
    rows = [r[:8] + (["9.5"] if r[6] == "GK" else r[8:]) for r in rows if r[6] != "DG"]
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerows(rows)
    with sc.db.read(sc.principal) as s:
        pv = preview_file(s, sc.principal, path)
    assert [(c.column, c.old_text, c.new_text) for c in pv.changes] == [("GK", "7", "9,5")]
    assert commit_sheet(sc.db, sc.principal, pv).updated == 1


def test_a_teacher_gets_only_their_subjects_and_the_homeroom_teacher_all(
    school6: SheetSchool, tmp_path: Path
) -> None:
    """u_teacher (Toán, GDTC) exports those two; gv.cn, who leads 6A1, exports every subject."""
    sc = school6
    _fill(sc)
    with sc.db.read(sc.teacher) as s:
        mine = export_class_scores(s, sc.teacher, sc.class_id, tmp_path / "gv.xlsx")
    assert mine.subjects == ("Toán", "Giáo dục thể chất") and mine.cells == 5
    assert {r[4] for r in _rows(mine.path)[1:]} == {"Toán", "Giáo dục thể chất"}
    with sc.db.read(sc.homeroom) as s:
        led = export_class_scores(s, sc.homeroom, sc.class_id, tmp_path / "cn.xlsx")
    assert led.cells == 7 and "Ngữ văn" in led.subjects


def test_a_teacher_exports_only_their_own_teacher_sheet(
    school6: SheetSchool, tmp_path: Path
) -> None:
    """u_teacher cannot export Ngữ văn of 6A1 (not theirs); its homeroom teacher and the office can."""
    sc = school6
    with sc.db.read(sc.teacher) as s, pytest.raises(PermissionDenied, match="Ngữ văn"):
        export_sheet(s, sc.teacher, sc.class_id, sc.subjects["Ngữ văn"], 1, tmp_path / "v.xlsx")
    with sc.db.read(sc.teacher) as s:
        out = export_sheet(s, sc.teacher, sc.class_id, sc.subjects["Toán"], 1, tmp_path / "t.xlsx")
    assert out.path.exists()
    for who in (sc.homeroom, sc.seeded.actor("secretary")):
        with sc.db.read(who) as s:
            out = export_sheet(s, who, sc.class_id, sc.subjects["Ngữ văn"], 1, tmp_path / "s.xlsx")
        assert out.subject_name == "Ngữ văn"


def test_export_class_from_the_command_line(school6: SheetSchool, tmp_path: Path) -> None:
    """grades export-class writes the file and says what it holds as JSON."""
    sc = school6
    _fill(sc)
    out = tmp_path / "lop.xlsx"
    args = ("grades", "export-class", "--class", "6A1", "--year", YEAR, "--semester", "2")
    data = run_json(sc, 0, *args, "--out", str(out))
    assert (data["cells"], data["students"], data["semester"]) == (1, 1, 2)
    assert _rows(out)[1][4:] == ("Toán", 2, "TX", 2, 6)


@pytest.fixture
def ps(seeded: Seeded) -> PrimarySchool:
    """Class 4A (TT27) on each backend: gv.cn leads it; u_teacher teaches it Ngoại ngữ 1."""
    return build_primary_school(seeded)


def test_primary_class_levels_tests_comments_and_ratings(ps: PrimarySchool, tmp_path: Path) -> None:
    """4A: MD, KT, NX per checkpoint and the homeroom teacher's PC ratings, read back unchanged;
    u_teacher gets Ngoại ngữ 1 only and no ratings (they may not rate the class)."""
    anh = ps.students["Lê Văn Anh"]
    with ps.db.uow(actor=ps.admin) as s:
        save_cells(s, ps.admin, ps.class_id, ps.subjects["Toán"], 2,
                   [PCellEdit(anh, "MD2", "HTT"), PCellEdit(anh, "KT2", "9"),
                    PCellEdit(anh, "NX2", "Tính nhanh, cẩn thận")])  # fmt: skip
        save_cells(s, ps.admin, ps.class_id, ps.subjects["Ngoại ngữ 1"], 2,
                   [PCellEdit(anh, "MD2", "HT")])  # fmt: skip
        save_ratings(s, ps.admin, ps.class_id, 2, 2, [RatingEdit(anh, "Chăm chỉ", "T")])
    with ps.db.read(ps.homeroom) as s:
        out = export_class_scores(s, ps.homeroom, ps.class_id, tmp_path / "4a.xlsx", semester=2)
    rows = {r[4:] for r in _rows(out.path)[1:]}
    assert {r[2] for r in rows} == {"MD", "KT", "NX", "PC"} and out.cells == 5
    assert ("Toán", 2, "KT", 2, 9) in rows and ("Chăm chỉ", 2, "PC", 2, "Tốt") in rows
    with ps.db.read(ps.admin) as s:  # the homeroom teacher may not import Ngoại ngữ 1
        pv = preview_file(s, ps.admin, out.path)
    assert pv.changes == () and pv.unchanged >= 4
    with ps.db.read(ps.teacher) as s:
        mine = export_class_scores(s, ps.teacher, ps.class_id, tmp_path / "nn.xlsx")
    assert mine.subjects == ("Ngoại ngữ 1",) and mine.cells == 1

"""The primary (TT27) teacher sheet: export, fill like a teacher, import, conflicts, locks."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest

from app.db import Actor
from app.errors import Conflict, PermissionDenied, ValidationError
from app.gradebook.locking import lock_semester
from app.gradebook.primary.grid import primary_grid
from app.gradebook.primary_entry import PCellEdit, save_cells
from app.gradesheets import (
    Choice,
    SheetKind,
    choose_all,
    commit_sheet,
    export_sheet,
    preview_file,
)
from app.gradesheets import layout as L
from app.gradesheets.model import SheetPreview
from app.gradesheets.primary_sheet import primary_fingerprint
from tests.cli_runner import run_main
from tests.conftest import Seeded
from tests.gradebook.conftest import YEAR
from tests.gradebook_primary.conftest import PrimarySchool, build_primary_school
from tests.gradesheets.conftest import open_sheet, row_of, teacher_types

ANH, ANH2, BAO, CHAU = "Lê Văn Anh", "Trần Thị Ánh", "Nguyễn Văn Bảo", "Phạm Minh Châu"
TOAN_HK1 = ["Mức GK I", "KT GK I", "Nhận xét GK I", "Mức CK I", "KT CK I", "Nhận xét CK I"]


@pytest.fixture
def ps(seeded: Seeded) -> Iterator[PrimarySchool]:
    """Class 4A (TT27) on each backend: gv.cn leads it and teaches Tiếng Việt and Toán."""
    yield build_primary_school(seeded)


def save(
    ps: PrimarySchool,
    cells: Mapping[tuple[str, str], str],
    subject: str = "Toán",
    semester: int = 1,
    actor: Actor | None = None,
) -> None:
    """Store {(student name, column key): value} through the primary entry service."""
    who = actor or ps.admin
    edits = [PCellEdit(ps.students[n], col, v) for (n, col), v in cells.items()]
    with ps.db.uow(actor=who) as s:
        save_cells(s, who, ps.class_id, ps.subjects[subject], semester, edits)


def stored(
    ps: PrimarySchool, name: str, key: str, subject: str = "Toán", semester: int = 1
) -> str | None:
    """The stored value of one primary cell now."""
    with ps.db.read(ps.admin) as s:
        grid = primary_grid(s, ps.admin, ps.class_id, ps.subjects[subject], semester)
    return next(r for r in grid.rows if r.student_id == ps.students[name]).cell(key).stored


def export(ps: PrimarySchool, path: Path, subject: str = "Toán", semester: int = 1) -> Path:
    """Export as the class's homeroom teacher, who teaches Toán and Tiếng Việt."""
    with ps.db.read(ps.homeroom) as s:
        export_sheet(s, ps.homeroom, ps.class_id, ps.subjects[subject], semester, path)
    return path


def preview(ps: PrimarySchool, path: Path, actor: Actor | None = None) -> SheetPreview:
    """Preview the file as ``actor`` (default: the homeroom teacher)."""
    who = actor or ps.homeroom
    with ps.db.read(who) as s:
        return preview_file(s, who, path)


def fill(ps: PrimarySchool, path: Path, cells: Mapping[tuple[str, str], Any]) -> Path:
    """Type {(student name, column header): value} into the sheet like a teacher."""
    return teacher_types(path, {(ps.codes[n], col): v for (n, col), v in cells.items()})


def test_export_has_primary_columns_rules_and_hidden_ids(ps: PrimarySchool, tmp_path: Path) -> None:
    """Toán 4A HK1: level/test/comment columns, HTT pre-filled, dropdowns, 0–10 whole, hidden meta."""
    save(ps, {(ANH, "MD1"): "Hoàn thành tốt", (ANH, "KT1"): "9", (ANH, "NX1"): "=Chăm chỉ"})
    path = export(ps, tmp_path / "toan.xlsx")
    wb, ws = open_sheet(path)
    assert wb[L.META_SHEET].sheet_state == "veryHidden" and wb.security.lockStructure
    assert ws.cell(2, 1).value == "BẢNG ĐÁNH GIÁ MÔN TOÁN — LỚP 4A"
    assert ws.cell(4, 1).value == "Giáo viên bộ môn: Cô Chủ Nhiệm"
    assert "HTT (Hoàn thành tốt)" in ws.cell(5, 1).value and "số nguyên" in ws.cell(5, 1).value
    assert [c.value for c in ws[L.HEADER_ROW]] == ["STT", "Mã HS", "Họ và tên", *TOAN_HK1]
    names = [ws.cell(r, 3).value for r in range(L.FIRST_DATA_ROW, L.FIRST_DATA_ROW + 4)]
    assert names == [ANH, ANH2, BAO, CHAU]
    anh = row_of(ws, ps.codes[ANH])
    assert [ws.cell(anh, c).value for c in (4, 5, 6)] == ["HTT", 9, "=Chăm chỉ"]
    assert ws.cell(anh, 6).data_type == "s"
    assert ws.protection.sheet and ws.cell(anh, 3).protection.locked
    assert not any(ws.cell(anh, c).protection.locked for c in range(4, 10))
    rules = {str(dv.sqref)[0]: dv for dv in ws.data_validations.dataValidation}
    assert rules["D"].type == "list" and rules["D"].formula1 == '"HTT,HT,CHT"'
    assert (rules["E"].type, rules["E"].formula1, rules["E"].formula2) == ("whole", "0", "10")
    assert rules["F"].type == "textLength" and rules["H"].type == "whole"
    meta = {r[0].value: r[1].value for r in wb[L.META_SHEET].iter_rows(min_row=2, max_row=17)}
    assert meta["columns"] == "MD1,KT1,NX1,MD2,KT2,NX2" and meta["class_id"] == str(ps.class_id)
    with ps.db.read(ps.homeroom) as s:
        grid = primary_grid(s, ps.homeroom, ps.class_id, ps.subjects["Toán"], 1)
    assert meta["fingerprint"] == primary_fingerprint(grid)

    levels_only = export(ps, tmp_path / "dao-duc.xlsx", subject="Đạo đức", semester=2)
    ws = open_sheet(levels_only)[1]
    header = [c.value for c in ws[L.HEADER_ROW]][3:]
    assert header == ["Mức GK II", "Nhận xét GK II", "Mức cuối năm", "Nhận xét cuối năm"]
    assert "không có bài kiểm tra định kì" in ws.cell(5, 1).value


def test_round_trip_with_located_errors(ps: PrimarySchool, tmp_path: Path) -> None:
    """Bad cells are located with Vietnamese reasons and block the write; fixed, the diff commits."""
    save(ps, {(BAO, "MD1"): "Hoàn thành", (BAO, "KT1"): "6"})
    path = export(ps, tmp_path / "toan.xlsx")
    fill(
        ps,
        path,
        {
            (ANH, "Mức GK I"): "htt ",  # lower case with a trailing space
            (ANH, "KT GK I"): 8,  # a number
            (ANH2, "Mức GK I"): "Hoàn thành tốt",
            (ANH2, "KT GK I"): "7,5",  # no decimals at primary
            (BAO, "Mức GK I"): "giỏi",  # not a TT27 level
            (BAO, "KT GK I"): None,  # cleared
            (CHAU, "KT CK I"): 11,
            (CHAU, "Nhận xét CK I"): "Em tiến bộ, cần cẩn thận hơn",
        },
    )
    ws = open_sheet(path)[1]
    pv = preview(ps, path)
    assert pv.kind is SheetKind.TEACHER
    problems = {(p.row, p.column, p.value) for p in pv.problems}
    assert problems == {
        (row_of(ws, ps.codes[ANH2]), "KT GK I", "7,5"),
        (row_of(ws, ps.codes[BAO]), "Mức GK I", "giỏi"),
        (row_of(ws, ps.codes[CHAU]), "KT CK I", "11"),
    }
    reasons = {p.value: p for p in pv.problems}
    assert "số nguyên" in reasons["7,5"].reason and "Hoàn thành tốt" in reasons["giỏi"].reason
    assert reasons["giỏi"].message.startswith("Trang tính “4A Toán HK1”, dòng ")
    with pytest.raises(ValidationError):
        commit_sheet(ps.db, ps.homeroom, pv)
    assert stored(ps, ANH, "MD1") is None and stored(ps, BAO, "KT1") == "6"

    fill(ps, path, {(ANH2, "KT GK I"): 7.0, (BAO, "Mức GK I"): "CHT", (CHAU, "KT CK I"): "10"})
    pv = preview(ps, path)
    assert pv.ok and not pv.conflicts
    a, a2, b, c = (ps.codes[n] for n in (ANH, ANH2, BAO, CHAU))
    diff = {(x.student_code, x.label): (x.old_text, x.new_text) for x in pv.changes}
    assert diff == {
        (a, "Mức GK I"): ("", "HTT"),
        (a, "KT GK I"): ("", "8"),
        (a2, "Mức GK I"): ("", "HTT"),
        (a2, "KT GK I"): ("", "7"),
        (b, "Mức GK I"): ("HT", "CHT"),
        (b, "KT GK I"): ("6", ""),
        (c, "KT CK I"): ("", "10"),
        (c, "Nhận xét CK I"): ("", "Em tiến bộ, cần cẩn thận hơn"),
    }
    assert any(x.message.endswith("· Mức GK I: HT → CHT") for x in pv.changes)
    result = commit_sheet(ps.db, ps.homeroom, pv)
    assert (result.inserted, result.updated, result.deleted) == (6, 1, 1)
    if ps.db.path is not None:
        assert result.restore_point is not None and result.restore_point.exists()
    assert [stored(ps, ANH, k) for k in ("MD1", "KT1")] == ["Hoàn thành tốt", "8"]
    assert [stored(ps, BAO, k) for k in ("MD1", "KT1")] == ["Chưa hoàn thành", None]
    assert stored(ps, CHAU, "NX2") == "Em tiến bộ, cần cẩn thận hơn"
    again = preview(ps, path)
    assert not again.changes and again.unchanged == 6 * 4


def test_conflicts_per_cell_and_choices(ps: PrimarySchool, tmp_path: Path) -> None:
    """A cell changed in the app after the export and in the file is a conflict; choices honoured."""
    save(ps, {(ANH, "MD1"): "HT", (BAO, "MD1"): "HT", (CHAU, "MD1"): "HT"})
    path = export(ps, tmp_path / "toan.xlsx")
    save(ps, {(ANH, "MD1"): "CHT", (BAO, "MD1"): "CHT", (CHAU, "MD1"): "CHT"})
    fill(ps, path, {(ANH, "Mức GK I"): "HTT", (BAO, "Mức GK I"): "HTT", (CHAU, "KT GK I"): 9})
    pv = preview(ps, path)
    codes = {ps.codes[ANH], ps.codes[BAO]}
    assert {c.student_code for c in pv.conflicts} == codes
    assert [(c.student_code, c.column) for c in pv.plain_changes] == [(ps.codes[CHAU], "KT1")]
    assert pv.changed_elsewhere == 1
    first = next(c for c in pv.conflicts if c.student_code == ps.codes[ANH])
    assert "lúc xuất là HT, trong phần mềm nay là CHT, trong tệp là HTT" in first.message
    with pytest.raises(Conflict):
        commit_sheet(ps.db, ps.homeroom, pv)
    assert stored(ps, CHAU, "KT1") is None
    choices = {first.key: Choice.KEEP_CURRENT}
    choices |= {c.key: Choice.TAKE_SHEET for c in pv.conflicts if c is not first}
    result = commit_sheet(ps.db, ps.homeroom, pv, choices)
    assert result.kept == 1 and (result.inserted, result.updated) == (1, 1)
    assert [stored(ps, n, "MD1") for n in (ANH, BAO, CHAU)] == [
        "Chưa hoàn thành",
        "Hoàn thành tốt",
        "Chưa hoàn thành",
    ]


def test_change_after_preview_and_locks(ps: PrimarySchool, tmp_path: Path) -> None:
    """A cell moved since the preview refuses the write; a locked semester needs principal + reason."""
    path = export(ps, tmp_path / "toan.xlsx")
    fill(ps, path, {(ANH, "Mức CK I"): "HTT", (BAO, "Mức CK I"): "HT"})
    pv = preview(ps, path)
    save(ps, {(ANH, "MD2"): "CHT"})
    with pytest.raises(Conflict, match="xem trước lại"):
        commit_sheet(ps.db, ps.homeroom, pv)
    assert stored(ps, BAO, "MD2") is None

    principal = ps.actor("principal")
    with ps.db.uow(actor=principal) as s:
        lock_semester(s, principal, ps.class_id, 1, "Khóa sổ học kì I")
    pv = preview(ps, path)
    assert any("đã khóa sổ" in n for n in pv.notices)
    take = choose_all(pv, Choice.TAKE_SHEET)
    assert len(take) == 1
    with pytest.raises(PermissionDenied, match="khóa"):
        commit_sheet(ps.db, ps.homeroom, pv, take, reason="Sửa theo biên bản")
    pv = preview(ps, path, principal)
    with pytest.raises(ValidationError, match="lý do"):
        commit_sheet(ps.db, principal, pv, take)
    commit_sheet(ps.db, principal, pv, take, reason="Sửa theo biên bản họp tổ")
    assert stored(ps, BAO, "MD2") == "Hoàn thành" and stored(ps, ANH, "MD2") == "Hoàn thành tốt"


def test_other_teachers_and_other_subjects(ps: PrimarySchool, tmp_path: Path) -> None:
    """Only the subject's teacher imports; Ngoại ngữ 1 has its test only at the end of the term."""
    path = export(ps, tmp_path / "toan.xlsx")
    with pytest.raises(PermissionDenied):
        preview(ps, path, ps.outsider)
    with pytest.raises(PermissionDenied):
        preview(ps, path, ps.teacher)
    with ps.db.read(ps.teacher) as s:
        out = export_sheet(
            s, ps.teacher, ps.class_id, ps.subjects["Ngoại ngữ 1"], 2, tmp_path / "nn.xlsx"
        )
    assert out.columns == ("MD1", "NX1", "MD2", "KT2", "NX2")
    fill(ps, out.path, {(ANH, "KT cuối năm"): 8, (ANH, "Mức cuối năm"): "Hoàn thành"})
    pv = preview(ps, out.path, ps.teacher)
    assert sorted((c.column, c.new) for c in pv.changes) == [("KT2", "8"), ("MD2", "Hoàn thành")]
    commit_sheet(ps.db, ps.teacher, pv)
    assert stored(ps, ANH, "KT2", "Ngoại ngữ 1", 2) == "8"


def test_command_line_export_and_import(ps: PrimarySchool, tmp_path: Path) -> None:
    """export-sheet and import run on a primary class from the command line, errors as data."""
    sheet = tmp_path / "toan-4a.xlsx"
    args = ("grades", "export-sheet", "--class", "4A", "--subject", "Toán", "--semester", "2")
    data = run_json(ps, 0, *args, "--year", YEAR, "--out", str(sheet))
    assert data["columns"] == ["MD1", "KT1", "NX1", "MD2", "KT2", "NX2"] and data["students"] == 4
    fill(ps, sheet, {(ANH, "Mức cuối năm"): "Hoàn thành tốt", (BAO, "KT cuối năm"): "9,5"})
    data = run_json(ps, 1, "grades", "import", str(sheet))
    assert [(e["column"], e["value"]) for e in data["errors"]] == [("KT cuối năm", "9,5")]
    fill(ps, sheet, {(BAO, "KT cuối năm"): 9})
    data = run_json(ps, 0, "grades", "import", str(sheet), "--dry-run")
    assert {(c["heading"], c["new"]) for c in data["changes"]} == {
        ("Mức cuối năm", "HTT"),
        ("KT cuối năm", "9"),
    }
    assert stored(ps, ANH, "MD2", semester=2) is None
    data = run_json(ps, 0, "grades", "import", str(sheet))
    assert data["written"] and data["result"]["inserted"] == 2
    assert stored(ps, ANH, "MD2", semester=2) == "Hoàn thành tốt"
    assert stored(ps, BAO, "KT2", semester=2) == "9"


def run_json(ps: PrimarySchool, code: int, *args: str) -> Any:
    """Run ``python main.py *args --db URL --json``, expect exit ``code``, parse the output."""
    url = ps.db.engine.url.render_as_string(hide_password=False)
    done = run_main([*args, "--db", url, "--json"])
    assert done.returncode == code, (done.stdout, done.stderr)
    return json.loads(done.stdout)

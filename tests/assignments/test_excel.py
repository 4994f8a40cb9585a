"""The grid as .xlsx and back: export read again, preview, refusals located, all or nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.assignments.excel_export import export_grid
from app.assignments.excel_import import import_assignments, preview_import
from app.assignments.grid import HOMEROOM, load_grid
from app.errors import ValidationError
from tests.assignments.conftest import YEAR, TwoYears


def _export(two: TwoYears, path: Path) -> None:
    with two.db.read() as s:
        export_grid(s, two.secretary, YEAR, path)


def _edit(path: Path, cells: dict[tuple[str, str], str]) -> None:
    """Set (class, header) cells of the first sheet, as a secretary would in Excel."""
    wb = load_workbook(path)
    ws = wb.worksheets[0]
    header = {c.value: c.column for c in ws[1]}
    rows = {ws.cell(r, 1).value: r for r in range(2, ws.max_row + 1)}
    for (cls, column), value in cells.items():
        if column not in header:
            header[column] = ws.max_column + 1
            ws.cell(1, header[column], column)
        ws.cell(rows[cls], header[column]).value = value
    wb.save(path)


def test_export_reads_back_as_the_grid(two: TwoYears, tmp_path: Path) -> None:
    """One row per class, GVCN, a column per subject; teachers named; a drop-down per column."""
    path = tmp_path / "phan-cong.xlsx"
    _export(two, path)
    wb = load_workbook(path)
    ws, teachers = wb.worksheets
    assert ws.title == f"Phân công {YEAR}" and teachers.title == "Giáo viên"
    header = [c.value for c in ws[1]]
    assert header[:4] == ["Lớp", "GVCN", "Ngữ văn", "Toán"]
    assert [ws.cell(r, 1).value for r in range(2, 6)] == ["6A1", "7A1", "7A2", "8A1"]
    assert ws.cell(3, 3).value == "Trần Văn Minh (gv.van)"
    listed = [teachers.cell(r, 1).value for r in range(2, teachers.max_row + 1)]
    assert "gv.toan" in listed and "gv.cu" not in listed
    assert ws.data_validations.dataValidation
    with two.db.read() as s:
        again = preview_import(s, two.secretary, path, YEAR)
    assert again.refusal() == "" and again.classes == 4 and again.lines == ()


def test_import_changes_cells_after_preview(two: TwoYears, tmp_path: Path) -> None:
    """Names, logins and blanks are read; an extra column is reported; re-running writes nothing."""
    path = tmp_path / "phan-cong.xlsx"
    _export(two, path)
    _edit(
        path,
        {
            ("6A1", "Toán"): "Nguyễn Thị Lan",
            ("6A1", "GVCN"): "gv.cn",
            ("8A1", "Toán"): "gv.toan; Đỗ Thu Hà (gv.moi)",
            ("7A1", "Ngữ văn"): None,
            ("7A1", "Ghi chú"): "dạy thay từ tháng 3",
        },
    )
    with two.db.read() as s:
        pv = preview_import(s, two.secretary, path, YEAR)
    assert pv.refusal() == ""
    assert {(x.class_name, x.subject, x.new) for x in pv.lines} == {
        ("6A1", "Toán", ("gv.toan",)),
        ("6A1", HOMEROOM, ("gv.cn",)),
        ("8A1", "Toán", ("gv.moi", "gv.toan")),
        ("7A1", "Ngữ văn", ()),
    }
    assert any("Ghi chú" in n for n in pv.notices)
    _pv, saved = import_assignments(two.db, two.secretary, path, YEAR)
    assert len(saved.lines) == 4
    with two.db.read() as s:
        grid = load_grid(s, two.secretary, YEAR)
    assert grid.teachers_of(two.cid("8A1"), "Toán") == ("gv.moi", "gv.toan")
    assert grid.teachers_of(two.cid("7A1"), "Ngữ văn") == ()
    assert import_assignments(two.db, two.secretary, path, YEAR)[1].lines == ()


def test_refused_cells_are_located_and_nothing_is_written(two: TwoYears, tmp_path: Path) -> None:
    """Unknown teacher, closed account, two homerooms, unknown class: each named; none written."""
    path = tmp_path / "phan-cong.xlsx"
    _export(two, path)
    _edit(
        path,
        {
            ("6A1", "Toán"): "gv.toan",
            ("7A1", "Toán"): "Cô Không Có",
            ("7A2", "Toán"): "gv.cu",
            ("8A1", "GVCN"): "gv.cn; gv.van",
            ("8A1", "Lớp"): "9A9",
        },
    )
    with two.db.read() as s:
        pv = preview_import(s, two.secretary, path, YEAR)
    messages = [p.message for p in pv.errors]
    assert len(messages) == 3
    assert any("dòng 3" in m and "“Toán”" in m and "Cô Không Có" in m for m in messages)
    assert any("dòng 4" in m and "gv.cu" in m for m in messages)
    assert any("dòng 5" in m and "9A9" in m for m in messages)
    with pytest.raises(ValidationError) as err:
        import_assignments(two.db, two.secretary, path, YEAR)
    assert "tệp phan-cong.xlsx: 3 ô" in str(err.value)
    with two.db.read() as s:
        assert load_grid(s, two.secretary, YEAR).teachers_of(two.cid("6A1"), "Toán") == ()

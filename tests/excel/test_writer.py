"""Safe writing: formula injection is neutralised, codes keep leading zeros, dates are dates."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import openpyxl
import python_calamine as calamine

from app.excel.writer import ColumnSpec, Kind, add_table_sheet, new_workbook, save_workbook

COLUMNS = [
    ColumnSpec("Họ và tên", Kind.TEXT, required=True),
    ColumnSpec("Số định danh cá nhân", Kind.CODE),
    ColumnSpec("Ngày sinh", Kind.DATE),
    ColumnSpec("Ghi chú"),
]
PAYLOADS = ["=1+2", "+SUM(A1:A2)", "-2+3", "@SUM(A1)", '=HYPERLINK("http://x","bấm")', "\t=1"]


def _write(path: Path, rows: list[list[object]]) -> Path:
    wb = new_workbook()
    add_table_sheet(wb, "6A1", COLUMNS, rows)
    return save_workbook(wb, path)


def test_formula_payloads_are_written_as_inert_text(tmp_path: Path) -> None:
    """Cells starting with = + - @ (or a tab) are string cells with the exact text, never formulas."""
    path = _write(tmp_path / "x.xlsx", [[p, "", None, p] for p in PAYLOADS])
    ws = openpyxl.load_workbook(path).active
    for i, payload in enumerate(PAYLOADS, start=2):
        for col in ("A", "D"):
            c = ws[f"{col}{i}"]
            assert c.data_type == "s" and c.value == payload
            assert c.quotePrefix
    values = calamine.CalamineWorkbook.from_path(path).get_sheet_by_index(0).to_python()
    assert [r[0] for r in values[1:]] == PAYLOADS


def test_codes_keep_leading_zeros_and_dates_are_real_dates(tmp_path: Path) -> None:
    """IDs and phones are text in format "@"; dates are date cells shown dd/mm/yyyy."""
    path = _write(tmp_path / "y.xlsx", [["Nguyễn Thị Ánh", "001213001234", date(2013, 9, 5), ""]])
    ws = openpyxl.load_workbook(path).active
    assert ws["B2"].value == "001213001234" and ws["B2"].data_type == "s"
    assert ws["B2"].number_format == "@"
    assert ws["C2"].value == datetime(2013, 9, 5) and ws["C2"].number_format == "DD/MM/YYYY"
    assert ws["A1"].value == "Họ và tên" and ws.freeze_panes == "C2"


def test_save_is_atomic_and_replaces(tmp_path: Path) -> None:
    """Saving over an existing file replaces it and leaves no temporary files behind."""
    path = tmp_path / "z.xlsx"
    _write(path, [["A", "", None, ""]])
    _write(path, [["B", "", None, ""]])
    assert openpyxl.load_workbook(path).active["A2"].value == "B"
    assert [p.name for p in tmp_path.iterdir()] == ["z.xlsx"]

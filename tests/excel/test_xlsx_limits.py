"""An .xlsx is measured from its XML before it is parsed (issue 15 §4).

Before: a 31 MB file of 190,000 × 60 cells passed every check and took 71 s and 7.5 GB;
one stray cell at row 1,048,576 cost 658 MB. The parser builds the block from A1 to
the furthest cell, so the furthest cell counts, whatever ``<dimension>`` claims.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from app.errors import ValidationError
from app.excel.reader import Limits, read_workbook
from app.excel.xlsx_probe import column_number, xlsx_sheet_sizes
from tests.excel.xlsx_builders import make_xlsx

HEADER = ["Họ và tên", "Ngày sinh", "Giới tính", "Lớp"]


DEFAULT = Limits()


def _refusal(path: Path, limits: Limits = DEFAULT) -> str:
    with pytest.raises(ValidationError) as exc:
        read_workbook(path, limits)
    assert path.name in exc.value.message
    return exc.value.message


def _rewrite(path: Path, member: str, change: Callable[[bytes], bytes]) -> Path:
    """Copy the zip with one member's XML changed (a file another program wrote)."""
    out = path.with_name("sua-" + path.name)
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            dst.writestr(info, change(data) if info.filename == member else data)
    return out


def test_measure_finds_the_rows_columns_and_cells_written(tmp_path: Path) -> None:
    """Two sheets measured exactly as written, in workbook order, by their names."""
    rows = [HEADER] + [[f"Học sinh {i}", "01/01/2015", "Nam", "6A1"] for i in range(30)]
    path = make_xlsx(tmp_path / "ds.xlsx", {"6A1": rows, "Ghi chú": [["x"], [None, None, "y"]]})
    with zipfile.ZipFile(path) as zf:
        found = {s.size.name: (s.size.rows, s.size.cols, s.cells) for s in xlsx_sheet_sizes(zf)}
    assert found == {"6A1": (31, 4, 124), "Ghi chú": (2, 3, 2)}
    assert [column_number(c) for c in (b"A", b"Z", b"AZ", b"XFD")] == [1, 26, 52, 16384]


def test_a_stray_cell_at_the_last_row_is_refused_before_parsing(tmp_path: Path) -> None:
    """One cell at row 1,048,576: named in the message, with what to do."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "6A1"
    ws.append(HEADER)
    ws["A1048576"] = "x"
    wb.save(tmp_path / "lac.xlsx")
    msg = _refusal(tmp_path / "lac.xlsx")
    assert "“6A1”" in msg and "1.048.576 dòng" in msg and "100.000" in msg


def test_the_furthest_column_counts_not_the_cells_there(tmp_path: Path) -> None:
    """Ten rows and one cell in column XFD: 163,840 cells as the parser builds them."""
    wb = openpyxl.Workbook()
    ws = wb.active
    for i in range(10):
        ws.append([f"Học sinh {i}"])
    ws["XFD1"] = "lạc"
    wb.save(tmp_path / "cot.xlsx")
    msg = _refusal(tmp_path / "cot.xlsx", Limits(max_cells=100_000))
    assert "10 dòng × 16.384 cột (163.840 ô)" in msg and "100.000 ô" in msg
    assert len(read_workbook(tmp_path / "cot.xlsx", Limits(max_cells=200_000))[0].rows) == 10


def test_a_lying_dimension_and_no_cell_references_do_not_hide_cells(tmp_path: Path) -> None:
    """``<dimension ref="A1">`` and cells without ``r=``: the cells are counted anyway."""
    rows = [HEADER] + [[f"Học sinh {i}", "01/01/2015", "Nam", "6A1"] for i in range(400)]
    path = make_xlsx(tmp_path / "gia.xlsx", {"6A1": rows})

    def lie(xml: bytes) -> bytes:
        xml = re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1"', xml)
        return re.sub(rb'(<(?:c|row)\b[^>]*?) r="[^"]*"', rb"\1", xml)

    liar = _rewrite(path, "xl/worksheets/sheet1.xml", lie)
    sheet_data = zipfile.ZipFile(liar).read("xl/worksheets/sheet1.xml").split(b"<sheetData")[1]
    assert b' r="' not in sheet_data.split(b"</sheetData>")[0]
    msg = _refusal(liar, Limits(max_cells=1_000))
    assert "1.604 ô" in msg or "401 dòng" in msg, msg
    assert len(read_workbook(liar, Limits(max_cells=2_000))[0].rows) == 401


def test_unzipping_past_the_limit_is_refused_by_the_zip_directory(tmp_path: Path) -> None:
    """The total unzipped size from the zip directory, before anything is inflated."""
    rows = [HEADER] + [[f"Học sinh {i}", "01/01/2015", "Nam", "6A1"] for i in range(3000)]
    path = make_xlsx(tmp_path / "to.xlsx", {"6A1": rows})
    msg = _refusal(path, Limits(max_unzipped_bytes=100_000))
    assert "giải nén ra 0 MB, vượt giới hạn 0 MB" in msg  # whole MB: under one is 0

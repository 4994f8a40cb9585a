"""Issue 18 §4: .xls (Excel 97–2003) and .ods (OpenDocument) open like .xlsx, told by content.

Every file is a real one: .xls written by xlwt (BIFF8 in an OLE compound file, dates
as numbers with a date format, as Excel writes them), .ods written as LibreOffice
does (with its empty rows repeated down to row 1048576), and password-protected
files saved by LibreOffice (tests/fixtures). The .ods and .xls parser builds every
sheet when it opens a file, so size limits and damage are checked before it runs.
"""

from __future__ import annotations

import shutil
import struct
import unicodedata
import zipfile
from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from app.errors import ValidationError
from app.excel import reader
from app.excel.probe import OleKind, SheetSize, biff_sheet_sizes, ods_sheet_sizes, probe_ole
from app.excel.reader import Format, Limits, check_file, read_workbook
from tests.excel.sheet_builders import ODS_MIMETYPE, make_ods, make_xls, ods_cell, ods_row
from tests.excel.xlsx_builders import FIXTURES, make_xlsx

Maker = Callable[..., Path]
FORMATS = [pytest.param(make_xls, ".xls", id="xls"), pytest.param(make_ods, ".ods", id="ods")]
HEADER = ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Lớp", "Địa chỉ"]
# Minority-language names and places (Ê Đê, Jrai, K'Ho, Mông) and one decomposed (NFD) name:
# the reader returns every cell as stored, to the byte.
NAMES = [
    ("Y Bŭt Niê", "Buôn Kô Sir, Ea Tu"),
    ("Siu Ĭn", "Plei Čư Pơng"),
    ("K’ Tơ Kră Jăn", "Thôn Bnơ C, Lạc Dương"),
    ("Giàng A Páo", "Bản Tả Phìn"),
    (unicodedata.normalize("NFD", "Nguyễn Thị Ánh"), "Thôn Bông"),
]
LONG_ADDRESS = "Thôn Bông, xã Ea Tu, thành phố Buôn Ma Thuột, tỉnh Đắk Lắk. " * 60


def _rows() -> list[list[Any]]:
    body = [
        [i, name, date(2013, 9, i), "Nam", "6A1", place] for i, (name, place) in enumerate(NAMES, 1)
    ]
    body.append([6, "Lê Văn Hùng", datetime(2013, 11, 2, 7, 30), "Nam", "6A1", LONG_ADDRESS])
    return [["DANH SÁCH HỌC SINH LỚP 6A1"], HEADER, *body]


DEFAULT = Limits()


def _refusal(path: Path, limits: Limits = DEFAULT) -> str:
    with pytest.raises(ValidationError) as exc:
        read_workbook(path, limits)
    assert path.name in exc.value.message
    return exc.value.message


@pytest.fixture
def no_parser(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Fail the test if the spreadsheet parser is reached (the check must refuse first)."""

    def refuse(*_a: object, **_k: object) -> None:
        raise AssertionError("the parser was reached")

    monkeypatch.setattr(reader.calamine.CalamineWorkbook, "from_filelike", refuse)
    yield


@pytest.mark.parametrize(("make", "suffix"), FORMATS)
def test_vietnamese_text_numbers_and_dates_read_as_stored(
    tmp_path: Path, make: Maker, suffix: str
) -> None:
    """Unicode text keeps every byte (NFD too), numbers stay numbers, dates come back as dates."""
    path = make(tmp_path / f"6a1{suffix}", {"6A1": _rows()})
    assert check_file(path) is Format(suffix[1:])
    [sheet] = read_workbook(path)
    assert sheet.name == "6A1" and sheet.rows[1] == HEADER
    for i, (name, place) in enumerate(NAMES):
        row = sheet.rows[2 + i]
        assert row[1] == name and row[5] == place  # same code points, same bytes
        assert row[1].encode() == name.encode()
        assert row[0] == i + 1 and isinstance(row[0], int | float)
        assert row[2] == date(2013, 9, i + 1) and not isinstance(row[2], datetime)
    last = sheet.rows[-1]
    assert last[2] == datetime(2013, 11, 2, 7, 30) and last[5] == LONG_ADDRESS
    assert not sheet.legacy  # nothing offered for conversion


@pytest.mark.parametrize(("make", "suffix"), FORMATS)
def test_several_sheets_in_order_and_hidden_sheets_skipped(
    tmp_path: Path, make: Maker, suffix: str
) -> None:
    """Every visible sheet comes back in workbook order; a hidden list sheet is not data."""
    path = make(
        tmp_path / f"toan-truong{suffix}",
        {"6A1": _rows(), "DanhMuc": [["Kinh"], ["Ê Đê"]], "6A2": [HEADER, [1, "Lò Thị Ún"]]},
        hidden=["DanhMuc"],
    )
    sheets = read_workbook(path)
    assert [s.name for s in sheets] == ["6A1", "6A2"]
    assert sheets[1].rows[1][:2] == [1, "Lò Thị Ún"]


def test_xls_merged_ranges_are_kept(tmp_path: Path) -> None:
    """A merged .xls title gives its range, and merged_value shows the title across it."""
    rows = [["DANH SÁCH LỚP 6A1", None, None], HEADER[:3], [1, "An", date(2013, 9, 5)]]
    path = make_xls(tmp_path / "gop.xls", {"6A1": rows}, merges={"6A1": [(0, 0, 0, 2)]})
    [sheet] = read_workbook(path)
    assert sheet.merged == [((0, 0), (0, 2))]
    assert sheet.merged_value(0, 2) == "DANH SÁCH LỚP 6A1"


def test_ods_merged_cells_give_no_ranges_and_read_fine(tmp_path: Path) -> None:
    """The parser gives no merged ranges for .ods: none are made up, and the values still read."""
    spanned = (
        '<table:table-cell table:number-columns-spanned="3" office:value-type="string">'
        "<text:p>DANH SÁCH LỚP 6A1</text:p></table:table-cell>"
        '<table:covered-table-cell table:number-columns-repeated="2"/>'
    )
    path = make_ods(tmp_path / "gop.ods", {"6A1": []}, tails={"6A1": ods_row(spanned)})
    [sheet] = read_workbook(path)
    assert sheet.merged == [] and sheet.rows == [["DANH SÁCH LỚP 6A1"]]
    assert sheet.merged_value(0, 2) == ""


@pytest.mark.parametrize(("make", "suffix"), FORMATS)
def test_too_many_rows_is_refused_naming_the_sheet(
    tmp_path: Path, make: Maker, suffix: str
) -> None:
    """A sheet over the row limit is refused before the parser builds it, naming the sheet."""
    rows = [HEADER] + [[i, f"Học Sinh {i}", "05/09/2013", "Nam", "6A1"] for i in range(60)]
    path = make(tmp_path / f"nhieu{suffix}", {"Toàn trường": rows})
    msg = _refusal(path, Limits(max_rows=50))
    assert "Toàn trường" in msg and "61" in msg and "50" in msg
    assert len(read_workbook(path, Limits(max_rows=61))[0].rows) == 61


def test_ods_repeated_cells_are_counted_before_parsing(tmp_path: Path, no_parser: None) -> None:
    """One .ods cell repeated over a million rows × 1024 columns is refused unparsed."""
    bomb = ods_row(ods_cell("x", 1024), 1_048_000)
    path = make_ods(tmp_path / "bom.ods", {"6A1": [HEADER]}, tails={"6A1": bomb})
    assert path.stat().st_size < 10_000
    assert "1.048.001 dòng" in _refusal(path)


def test_ods_sizes_ignore_libreoffice_empty_rows_and_count_repeats(tmp_path: Path) -> None:
    """Sizes count repeated cells with values, never the empty rows down to row 1048576."""
    tail = ods_row(ods_cell(None, 3) + ods_cell(5, 2), 4) + ods_row(ods_cell(None, 50), 10)
    path = make_ods(tmp_path / "lap.ods", {"A": [["a"]], "B": []}, tails={"A": tail})
    with zipfile.ZipFile(path) as zf, zf.open("content.xml") as fh:
        assert ods_sheet_sizes(fh) == [SheetSize("A", 5, 5), SheetSize("B", 0, 0)]
    [a] = read_workbook(path)  # B has no cells: no sheet to read
    assert len(a.rows) == 5 and a.rows[4] == ["", "", "", 5, 5]


def test_xls_sheet_sizes_come_from_the_cell_records(tmp_path: Path) -> None:
    """The BIFF walk finds every sheet (hidden too) and its furthest cell."""
    path = make_xls(
        tmp_path / "co.xls",
        {"6A1": _rows(), "DanhMuc": [["Kinh"]], "Trống": []},
        hidden=["DanhMuc"],
    )
    found = probe_ole(path.read_bytes())
    assert found.kind is OleKind.XLS
    assert biff_sheet_sizes(found.workbook) == [
        SheetSize("6A1", 8, 6), SheetSize("DanhMuc", 1, 1), SheetSize("Trống", 0, 0)
    ]  # fmt: skip


def test_truncated_xls_and_ods_are_corrupt(tmp_path: Path) -> None:
    """A half-downloaded .xls or .ods is refused as damaged, by name."""
    for make, name in ((make_xls, "hong.xls"), (make_ods, "hong.ods")):
        path = make(tmp_path / name, {"6A1": _rows()})
        data = path.read_bytes()
        path.write_bytes(data[: len(data) // 2])
        assert "bị hỏng" in _refusal(path)


def test_xls_with_a_damaged_size_record_is_refused_unparsed(
    tmp_path: Path, no_parser: None
) -> None:
    """An .xls whose DIMENSIONS record is garbled (the parser would reserve gigabytes) is corrupt."""
    path = make_xls(tmp_path / "kich-thuoc.xls", {"6A1": _rows()})
    data = bytearray(path.read_bytes())
    at = data.find(struct.pack("<HH", 0x0200, 14))  # DIMENSIONS, BIFF8
    assert at > 0
    struct.pack_into("<I", data, at + 4, 0x2A000000)  # first row after the last one
    path.write_bytes(bytes(data))
    assert "bị hỏng" in _refusal(path)


def test_password_protected_xls_and_ods(tmp_path: Path) -> None:
    """Real .xls and .ods saved with a password get their own how-to-remove message."""
    xls = tmp_path / "co-mat-khau.xls"
    shutil.copy(FIXTURES / "password-protected.xls", xls)
    msg = _refusal(xls)
    assert "mật khẩu" in msg and "Excel 97–2003" in msg
    ods = tmp_path / "co-mat-khau.ods"
    shutil.copy(FIXTURES / "password-protected.ods", ods)
    msg = _refusal(ods)
    assert "mật khẩu" in msg and "LibreOffice" in msg


def test_encrypted_xlsx_keeps_its_own_message_under_an_xls_name(tmp_path: Path) -> None:
    """A password-protected .xlsx (also an OLE file) still gets the .xlsx password message."""
    path = tmp_path / "co-mat-khau.xls"
    shutil.copy(FIXTURES / "password-protected.xlsx", path)
    msg = _refusal(path)
    assert "mật khẩu" in msg and "Excel 97–2003" not in msg


def test_html_named_xls_keeps_the_html_hint(tmp_path: Path) -> None:
    """A web school system's "Excel" export that is really HTML gets the HTML hint, not 'corrupt'."""
    path = tmp_path / "DanhSachHocSinh.xls"
    path.write_text(
        '<html xmlns:x="urn:schemas-microsoft-com:office:excel"><head><meta charset="utf-8">'
        "</head><body><table><tr><td>Họ và tên</td></tr><tr><td>Y Bŭt Niê</td></tr></table>",
        encoding="utf-8",
    )
    assert "HTML" in _refusal(path)


def test_the_format_comes_from_the_content_not_the_name(tmp_path: Path) -> None:
    """An .xlsx named .xls, an .xls named .xlsx and an .ods named .xls all read."""
    rows = {"6A1": [HEADER, [1, "Y Bŭt Niê", date(2013, 9, 5)]]}
    cases = [
        (make_xlsx(tmp_path / "that-ra-xlsx.xls", rows), Format.XLSX),
        (make_xls(tmp_path / "that-ra-xls.xlsx", rows), Format.XLS),
        (make_ods(tmp_path / "that-ra-ods.xls", rows), Format.ODS),
    ]
    for path, kind in cases:
        assert check_file(path) is kind
        assert read_workbook(path)[0].rows[1][1] == "Y Bŭt Niê"


def test_other_office_files_are_not_spreadsheets(tmp_path: Path) -> None:
    """A Word .doc (OLE without a workbook) and an OpenDocument text (.odt) are refused as such."""
    doc = make_xls(tmp_path / "cong-van.xls", {"6A1": [["x"]]})
    _rename_stream(doc, "Workbook", "WordDocument")
    assert probe_ole(doc.read_bytes()).kind is OleKind.OTHER
    assert "không phải bảng tính" in _refusal(doc)
    odt = tmp_path / "cong-van.ods"
    with zipfile.ZipFile(odt, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        zf.writestr("content.xml", "<office:document-content/>")
    assert "không phải bảng tính" in _refusal(odt)


def _rename_stream(path: Path, old: str, new: str) -> None:
    """Rename a stream in an OLE file's directory (name: UTF-16, NUL-ended; its length at 64)."""
    data = bytearray(path.read_bytes())
    at = data.find((old + "\0").encode("utf-16-le"), 512)
    assert at > 0 and at % 128 == 0
    name = (new + "\0").encode("utf-16-le")
    data[at : at + 64] = name.ljust(64, b"\0")
    struct.pack_into("<H", data, at + 64, len(name))
    path.write_bytes(bytes(data))


def test_ods_without_content_or_unzipping_too_big(tmp_path: Path) -> None:
    """An .ods missing its content is corrupt; one unzipping past the limit is too big."""
    empty = tmp_path / "thieu.ods"
    with zipfile.ZipFile(empty, "w") as zf:
        zf.writestr("mimetype", ODS_MIMETYPE)
    assert "bị hỏng" in _refusal(empty)
    path = make_ods(tmp_path / "lon.ods", {"6A1": _rows()})
    assert "giải nén ra" in _refusal(path, Limits(max_unzipped_bytes=1000))

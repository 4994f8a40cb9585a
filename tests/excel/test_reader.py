"""Opening workbooks: every unusable file is refused with a message naming it; good files read."""

from __future__ import annotations

import os
import zipfile
from datetime import date
from pathlib import Path

import pytest

from app.errors import ValidationError
from app.excel.encodings import Encoding
from app.excel.reader import OLE_MAGIC, Limits, read_workbook
from tests.excel.xlsx_builders import FIXTURES, make_xlsx, set_cached_values, truncate

HEADER = ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Lớp"]


def _good(path: Path) -> Path:
    return make_xlsx(path, {"6A1": [HEADER, [1, "Nguyễn Thị Ánh", "05/09/2013", "Nữ", "6A1"]]})


DEFAULT = Limits()


def _refusal(path: Path, limits: Limits = DEFAULT) -> str:
    with pytest.raises(ValidationError) as exc:
        read_workbook(path, limits)
    assert path.name in exc.value.message
    return exc.value.message


def test_random_bytes_are_not_xlsx(tmp_path: Path) -> None:
    """A binary file renamed to .xlsx is refused as 'not an Excel file'."""
    path = tmp_path / "anh-the.xlsx"
    path.write_bytes(os.urandom(2048).replace(b"PK", b"QK"))
    assert "không phải là tệp Excel" in _refusal(path)


def test_csv_renamed_to_xlsx(tmp_path: Path) -> None:
    """A CSV saved with an .xlsx name gets told to save as Excel Workbook."""
    path = tmp_path / "danh-sach.xlsx"
    path.write_text("STT,Họ và tên\n1,Nguyễn Thị Ánh\n", encoding="utf-8")
    assert "CSV" in _refusal(path)


def test_html_and_pdf_under_an_excel_name(tmp_path: Path) -> None:
    """An HTML table exported as ".xls(x)" and a PDF get told apart from CSV."""
    html = tmp_path / "vnedu.xlsx"
    html.write_text("<html><body><table><tr><td>Họ và tên</td></tr></table>", encoding="utf-8")
    assert "HTML" in _refusal(html)
    pdf = tmp_path / "ds.xlsx"
    pdf.write_bytes(b"%PDF-1.4\n%\x93\x8c\x8b\x9e\n" + os.urandom(500))
    assert "không phải là tệp Excel" in _refusal(pdf)


def test_ole_signature_without_a_directory_is_corrupt(tmp_path: Path) -> None:
    """An OLE signature with nothing readable behind it is refused as damaged (.xls read too)."""
    path = tmp_path / "cu.xlsx"
    path.write_bytes(OLE_MAGIC + b"\x00" * 4096)
    assert "bị hỏng" in _refusal(path)


def test_other_zip_is_not_a_workbook(tmp_path: Path) -> None:
    """A zip without a workbook part (a .docx, an archive) is refused."""
    path = tmp_path / "baocao.xlsx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("word/document.xml", "<w/>")
    assert "không phải bảng tính" in _refusal(path)


def test_truncated_file_is_corrupt(tmp_path: Path) -> None:
    """A half-downloaded workbook is refused as corrupt."""
    path = truncate(_good(tmp_path / "hong.xlsx"))
    assert "bị hỏng" in _refusal(path)


def test_password_protected_file(tmp_path: Path) -> None:
    """A real password-encrypted workbook is refused with how to remove the password."""
    path = tmp_path / "co-mat-khau.xlsx"
    path.write_bytes((FIXTURES / "password-protected.xlsx").read_bytes())
    assert "mật khẩu" in _refusal(path)


def test_huge_file_by_size(tmp_path: Path) -> None:
    """A file over the size limit is refused before it is parsed."""
    path = _good(tmp_path / "lon.xlsx")
    assert "quá lớn" in _refusal(path, Limits(max_bytes=1000))


def test_huge_sheet_by_rows(tmp_path: Path) -> None:
    """A sheet with more rows than the limit is refused, naming the sheet."""
    rows = [HEADER] + [[i, f"Học Sinh {i}", "05/09/2013", "Nam", "6A1"] for i in range(60)]
    path = make_xlsx(tmp_path / "nhieu.xlsx", {"Toàn trường": rows})
    msg = _refusal(path, Limits(max_rows=50))
    assert "Toàn trường" in msg and "50" in msg


def test_empty_and_missing_files(tmp_path: Path) -> None:
    """A 0-byte file and a missing file are refused by name."""
    empty = tmp_path / "rong.xlsx"
    empty.write_bytes(b"")
    assert "rỗng" in _refusal(empty)
    assert "Không tìm thấy" in _refusal(tmp_path / "khong-co.xlsx")


def test_reads_values_with_absolute_rows_and_skips_hidden_sheets(tmp_path: Path) -> None:
    """Rows keep their Excel numbers; hidden list sheets (dropdown sources) are not data."""
    path = make_xlsx(
        tmp_path / "ok.xlsx",
        {"6A1": [[None], HEADER, [1, "An", date(2013, 9, 5), "Nam", "6A1"]], "DanhMuc": [["Kinh"]]},
        hidden=["DanhMuc"],
    )
    sheets = read_workbook(path)
    assert [s.name for s in sheets] == ["6A1"]
    assert sheets[0].rows[1][1] == "Họ và tên"
    assert sheets[0].rows[2][2] == date(2013, 9, 5)


def test_formulas_give_cached_values(tmp_path: Path) -> None:
    """A formula cell reads as the value Excel last computed, not as the formula."""
    path = make_xlsx(
        tmp_path / "ct.xlsx",
        {"6A1": [HEADER, [1, '=PROPER("nguyễn văn an")', "=DATE(2013,9,5)", "Nam", "6A1"]]},
    )
    set_cached_values(path, 1, {"B2": "Nguyễn Văn An", "C2": 41522})
    row = read_workbook(path)[0].rows[1]
    assert row[1] == "Nguyễn Văn An"
    assert row[2] == 41522


def test_legacy_sheet_is_offered_not_converted_on_read(tmp_path: Path) -> None:
    """The reader returns cells as stored and offers TCVN3 cells; ``converted`` applies them."""
    path = make_xlsx(
        tmp_path / "vntime.xlsx",
        {
            "6A1": [["STT", "Hä vµ tªn", "Ngµy sinh"], [1, "NguyÔn ThÞ Lan", "05/09/2013"]],
            "6A2": [["STT", "Họ và tên", "Ngày sinh"], [1, "Lê Hòa", "05/09/2013"]],
        },
    )
    a, b = read_workbook(path)
    assert a.rows[0][1] == "Hä vµ tªn" and a.rows[1][1] == "NguyÔn ThÞ Lan"
    assert {(c.row, c.col, c.after) for c in a.legacy.conversions} == {
        (0, 1, "Họ và tên"), (0, 2, "Ngày sinh"), (1, 1, "Nguyễn Thị Lan")
    }  # fmt: skip
    assert all(c.encoding is Encoding.TCVN3 for c in a.legacy.conversions)
    view = a.converted()
    assert view.rows[0][1] == "Họ và tên" and view.rows[1][1] == "Nguyễn Thị Lan"
    assert a.rows[1][1] == "NguyÔn ThÞ Lan"  # the sheet itself is untouched
    assert not b.legacy and b.rows[1][1] == "Lê Hòa" and b.converted() is b


def test_formulas_without_a_stored_result_are_found(tmp_path: Path) -> None:
    """A formula saved with no result (other programs do that) is listed; one Excel saved is not."""
    path = make_xlsx(
        tmp_path / "f.xlsx",
        {"6A1": [HEADER, [1, '=PROPER("lê văn an")', "=DATE(2013,9,5)", "Nam", "6A1"]]},
    )
    set_cached_values(path, 1, {"B2": "Lê Văn An"})
    (sheet,) = read_workbook(path)
    assert sheet.uncached == frozenset({(1, 2)}) and sheet.rows[1][2] in ("", None)
    assert sheet.converted().uncached == sheet.uncached

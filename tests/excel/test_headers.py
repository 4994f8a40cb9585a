"""Header detection: title rows, spelling variants, two-row headers, numbering and page repeats."""

from __future__ import annotations

from pathlib import Path

from app.excel.headers import Column, Layout, find_table, header_key
from app.excel.reader import read_workbook
from tests.excel.xlsx_builders import make_xlsx

LAYOUT = Layout(
    (
        Column("stt", "STT", ("TT",)),
        Column("name", "Họ và tên", ("Họ tên", "Họ và tên học sinh"), required=True),
        Column("dob", "Ngày sinh", ("Ngày tháng năm sinh", "NS")),
        Column("pid", "Số định danh cá nhân", ("Mã định danh", "CCCD", "Số CCCD")),
        Column("father", "Họ tên cha", ("Cha",)),
        Column("mother", "Họ tên mẹ", ("Mẹ",)),
        Column("female", "Nữ"),
    )
)


def _table(tmp_path: Path, rows: list[list[object]], merges: list[str] = ()):  # type: ignore[assignment]
    path = make_xlsx(tmp_path / "t.xlsx", {"Lớp 6A1": rows}, merges={"Lớp 6A1": list(merges)})
    return find_table(read_workbook(path)[0], LAYOUT)


def test_header_key_ignores_case_accents_spaces_and_notes() -> None:
    """ "Ngày sinh (dd/mm/yyyy)", "NGÀY SINH" and "ngay  sinh" are the same header."""
    assert header_key("Ngày sinh (dd/mm/yyyy)") == header_key("NGÀY SINH") == "ngaysinh"
    assert header_key("Số ĐDCN (*)") == "soddcn"


def test_title_rows_above_header_are_skipped(tmp_path: Path) -> None:
    """Merged "SỞ GD&ĐT…" / "DANH SÁCH…" rows are titles; the real header is found below."""
    rows = [
        ["SỞ GD&ĐT THANH HÓA"],
        ["DANH SÁCH HỌC SINH LỚP 6A1"],
        [],
        ["TT", "Họ tên", "Ngày tháng năm sinh", "CCCD"],
        [1, "Nguyễn Thị Ánh", "05/09/2013", "038313001234"],
    ]
    t = _table(tmp_path, rows, ["A1:D1", "A2:D2"])
    assert t is not None and t.header_row == 3 and t.data_start == 4
    assert t.columns == {"stt": 0, "name": 1, "dob": 2, "pid": 3}
    assert "DANH SÁCH HỌC SINH LỚP 6A1" in t.title_lines
    assert [r for r, _ in t.rows()] == [5]


def test_spelling_variants_and_a_typo(tmp_path: Path) -> None:
    """Upper case, missing accents, a "học sinh" suffix and one typo still match."""
    rows = [["stt", "HO VA TEN HOC SINH", "Ngày sinhh", "Số CCCD"], [1, "An", "1/1/2013", ""]]
    t = _table(tmp_path, rows)
    assert t is not None and set(t.columns) == {"stt", "name", "dob", "pid"}


def test_no_header_gives_none(tmp_path: Path) -> None:
    """A sheet of names with no header row is not taken for a table."""
    assert _table(tmp_path, [["Nguyễn Văn An", "5/9/2013"], ["Lê Thị Bình", "6/9/2013"]]) is None


def test_two_row_header_under_merged_parents(tmp_path: Path) -> None:
    """ "Họ tên" merged over "Cha" and "Mẹ" maps the two sub-columns; the parent holds no data."""
    rows = [
        ["STT", "Họ và tên", "Ngày sinh", "Họ tên", None],
        [None, None, None, "Cha", "Mẹ"],
        [1, "Nguyễn Văn An", "05/09/2013", "Nguyễn Văn Bình", "Lê Thị Cúc"],
        [2, "Lê Văn Hùng", "06/09/2013", None, None],  # blanks under blank header cells
    ]
    t = _table(tmp_path, rows, ["D1:E1", "A1:A2", "B1:B2", "C1:C2"])
    assert t is not None and t.data_start == 2
    assert [r for r, _ in t.rows()] == [3, 4]
    assert t.columns["name"] == 1 and t.columns["father"] == 3 and t.columns["mother"] == 4
    assert t.headers["father"] == "Họ tên – Cha"


def test_column_numbering_row_and_repeated_headers_are_not_data(tmp_path: Path) -> None:
    """A "(1) (2) (3)" row under the header and a header printed again per page are skipped."""
    header = ["STT", "Họ và tên", "Ngày sinh", "Nữ", "Họ tên cha", "Họ tên mẹ"]
    rows = [
        header,
        ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)"],
        [1, "Nguyễn Thị Ánh", "05/09/2013", "x", None, None],
        header,
        [2, "Lê Văn Bình", "06/09/2013", None, None, None],
    ]
    t = _table(tmp_path, rows)
    assert t is not None
    assert [(r, v["name"]) for r, v in t.rows()] == [(3, "Nguyễn Thị Ánh"), (5, "Lê Văn Bình")]


def test_phantom_rows_are_skipped(tmp_path: Path) -> None:
    """Rows with only spaces (or nothing) between and after the data are not rows."""
    rows = [
        ["STT", "Họ và tên", "Ngày sinh"],
        [1, "An Văn A", "1/1/2013"],
        [None, "   ", None],
        [],
        [2, "Bình Văn B", "2/1/2013"],
        [None, "\u00a0", ""],
    ]
    t = _table(tmp_path, rows)
    assert t is not None and [r for r, _ in t.rows()] == [2, 5]


def test_unknown_headers_are_listed(tmp_path: Path) -> None:
    """Columns the layout does not know are reported, not silently mixed into fields."""
    t = _table(tmp_path, [["STT", "Họ và tên", "Ngày sinh", "Sở thích"], [1, "An", "", "Bóng đá"]])
    assert t is not None and t.unknown_headers == ["Sở thích"]

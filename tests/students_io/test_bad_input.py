"""Every kind of real-world mess from issue §4, each in its own small file, through the preview."""

from __future__ import annotations

import os
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from app.errors import ValidationError
from app.excel.reader import Limits
from app.students import importer
from app.students.importer import Action
from tests.excel.xlsx_builders import FIXTURES, make_xlsx, set_cached_values, truncate
from tests.students_io.builders import pid
from tests.students_io.conftest import School

HEAD = ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Số định danh cá nhân", "Lớp"]
DOB = date(2014, 3, 12)
PID = pid(DOB, "nu", 21)


def _one(school: School, tmp_path: Path, cells: list[Any], **kw: Any) -> importer.PreviewRow:
    """Preview a file with the header and one data row; return that row."""
    path = make_xlsx(tmp_path / "mot-dong.xlsx", {"6A1": [HEAD, cells]}, **kw)
    (row,) = school.preview(path).rows
    return row


def _refused(school: School, path: Path, **kw: Any) -> str:
    with pytest.raises(ValidationError) as exc:
        school.preview(path, **kw)
    assert path.name in exc.value.message
    assert school.students() == []
    return exc.value.message


def test_unusable_files_are_refused_by_name(school: School, tmp_path: Path) -> None:
    """Not xlsx, corrupt, password-protected, huge and headerless files are refused, naming the file."""
    junk = tmp_path / "rac.xlsx"
    junk.write_bytes(os.urandom(3000).replace(b"PK", b"QK"))
    assert "không phải là tệp Excel" in _refused(school, junk)
    good = make_xlsx(
        tmp_path / "tot.xlsx", {"6A1": [HEAD, [1, "An Văn Bình", DOB, "Nam", None, "6A1"]]}
    )
    broken = truncate(make_xlsx(tmp_path / "hong.xlsx", {"6A1": [HEAD] * 50}))
    assert "bị hỏng" in _refused(school, broken)
    locked = tmp_path / "khoa.xlsx"
    locked.write_bytes((FIXTURES / "password-protected.xlsx").read_bytes())
    assert "mật khẩu" in _refused(school, locked)
    assert "quá lớn" in _refused(school, good, limits=Limits(max_bytes=500))
    assert "dòng" in _refused(school, good, limits=Limits(max_rows=1))
    bare = make_xlsx(tmp_path / "khong-tieu-de.xlsx", {"6A1": [["Nguyễn Văn An", "05/09/2014"]]})
    assert "dòng tiêu đề" in _refused(school, bare)


def test_merged_title_rows_and_class_from_title(school: School, tmp_path: Path) -> None:
    """Merged title rows are skipped and "DANH SÁCH HỌC SINH LỚP 6A2" gives the class."""
    head = [h for h in HEAD if h != "Lớp"]
    rows = [["TRƯỜNG THCS KIM ĐỒNG"], ["DANH SÁCH HỌC SINH LỚP 6A2"], head,
            [1, "Lê Thị Hoa", DOB, "Nữ", PID]]  # fmt: skip
    path = make_xlsx(
        tmp_path / "tieu-de.xlsx", {"Sheet1": rows}, merges={"Sheet1": ["A1:E1", "A2:E2"]}
    )
    (row,) = school.preview(path).rows
    assert row.action is Action.INSERT and row.row == 4 and row.value.class_name == "6A2"


def test_an_impossible_birth_date_is_reported_once(school: School, tmp_path: Path) -> None:
    """31/02/2013 gives one problem saying the date does not exist (not "để trống" as well)."""
    row = _one(school, tmp_path, [1, "Lê Thị Hoa", "31/02/2013", "Nữ", None, "6A1"])
    assert row.action is Action.REJECTED
    assert [(p.column, p.reason) for p in row.problems if p.is_error] == [
        ("Ngày sinh", "ngày 31/02/2013 không có thật")
    ]


def test_phantom_rows_are_not_students(school: School, tmp_path: Path) -> None:
    """Blank and space-only rows between and after the data are ignored."""
    rows = [HEAD, [1, "Lê Thị Hoa", DOB, "Nữ", None, "6A1"], [None] * 6, [None, "  ", None, " "],
            [2, "Lê Văn Nam", DOB, "Nam", None, "6A1"], ["", "\u00a0"]]  # fmt: skip
    pv = school.preview(make_xlsx(tmp_path / "trong.xlsx", {"6A1": rows}))
    assert [r.row for r in pv.rows] == [2, 5]


def test_dates_as_text_numbers_and_date_cells(school: School, tmp_path: Path) -> None:
    """Birth dates typed as text, stored as serial numbers or as date cells all read the same."""
    cells = ["12/03/2014", "12-3-2014", "2014-03-12", 41710, 41710.0, datetime(2014, 3, 12)]
    rows = [[i, f"Lê Thị {name}", c, "Nữ", None, "6A1"] for i, (name, c) in
            enumerate(zip(["An", "Bình", "Chi", "Dung", "Giang", "Hoa"], cells, strict=True))]  # fmt: skip
    pv = school.preview(make_xlsx(tmp_path / "ngay.xlsx", {"6A1": [HEAD, *rows]}))
    assert [r.value.date_of_birth for r in pv.rows] == [DOB] * 6
    assert all(r.action is Action.INSERT for r in pv.rows)


def test_formulas_give_their_values(school: School, tmp_path: Path) -> None:
    """A name built by a formula and a date computed by =DATE() import as what Excel showed."""
    path = make_xlsx(tmp_path / "cong-thuc.xlsx",
                     {"6A1": [HEAD, [1, '=PROPER("lê thị hoa")', "=DATE(2014,3,12)", "Nữ", None, "6A1"]]})  # fmt: skip
    set_cached_values(path, 1, {"B2": "Lê Thị Hoa", "C2": 41710})
    (row,) = school.preview(path).rows
    assert row.value.full_name == "Lê Thị Hoa" and row.value.date_of_birth == DOB


def test_leading_apostrophes_and_stray_spaces(school: School, tmp_path: Path) -> None:
    """'038… and "  Lê   Thị Hoa " come through clean."""
    row = _one(
        school, tmp_path, [1, "  Lê \u00a0 Thị  Hoa ", " 12/03/2014 ", " Nữ", "'" + PID, " 6a1 "]
    )
    assert row.value.full_name == "Lê Thị Hoa" and row.value.personal_id == PID
    assert row.value.class_name == "6A1" and row.action is Action.INSERT


def test_lost_leading_zeros_restored(school: School, tmp_path: Path) -> None:
    """An ID stored as a number (11 digits) gets its zero back, with a warning saying so."""
    row = _one(school, tmp_path, [1, "Lê Thị Hoa", DOB, "Nữ", int(PID), "6A1"])
    assert row.value.personal_id == PID and row.action is Action.INSERT
    assert "khôi phục" in row.warnings[0].reason


def test_lost_leading_zeros_not_restorable(school: School, tmp_path: Path) -> None:
    """A number whose padded form has no known province code is rejected with the reason."""
    row = _one(school, tmp_path, [1, "Lê Thị Hoa", DOB, "Nữ", 99314000021, "6A1"])
    assert row.action is Action.REJECTED
    assert row.errors[0].column == "Số định danh cá nhân" and "mã tỉnh" in row.errors[0].reason


def test_tcvn3_file(school: School, tmp_path: Path) -> None:
    """A whole sheet typed in .VnTime converts, headers included, and names get their capitals."""
    head = ["STT", "Hä vµ tªn", "Ngµy sinh", "Giíi tÝnh", "Líp"]
    pv = school.preview(make_xlsx(tmp_path / "vntime.xlsx",
                                  {"6A1": [head, [1, "NguyÔn ThÞ ¸nh", "12/03/2014", "N÷", "6A1"]]}))  # fmt: skip
    assert pv.rows[0].value.full_name == "Nguyễn Thị Ánh" and pv.rows[0].value.sex == "nu"
    assert "TCVN3" in pv.notices[0]


def test_vni_file(school: School, tmp_path: Path) -> None:
    """A sheet typed in VNI-Times converts to Unicode."""
    head = ["STT", "Hoï vaø teân", "Ngaøy sinh", "Giôùi tính", "Lôùp"]
    pv = school.preview(make_xlsx(tmp_path / "vni.xlsx",
                                  {"6A1": [head, [1, "Ñaëng Vaên Huøng", "12/03/2014", "Nam", "6A1"]]}))  # fmt: skip
    assert pv.rows[0].value.full_name == "Đặng Văn Hùng" and "VNI" in pv.notices[0]
    assert pv.rows[0].value.class_name == "6A1"


def test_female_tick_column_reads_ticks_blanks_and_written_sex(
    school: School, tmp_path: Path
) -> None:
    """Under a "Nữ" tick column: a tick is female, blank is male, and "Nam" typed there is male."""
    head = ["STT", "Họ và tên", "Ngày sinh", "Nữ", "Lớp"]
    rows = [head, [1, "Lê Thị Hoa", DOB, "x", "6A1"], [2, "Lê Văn Bình", DOB, None, "6A1"],
            [3, "Trần Văn Hải", DOB, "Nam", "6A1"], [4, "Đỗ Thị Mai", DOB, "Nữ", "6A1"]]  # fmt: skip
    pv = school.preview(make_xlsx(tmp_path / "tick.xlsx", {"6A1": rows}))
    assert [r.value.sex for r in pv.rows] == ["nu", "nam", "nam", "nu"]

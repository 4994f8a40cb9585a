"""Issue 18 §4: student lists exported as .xls (Excel 97–2003) or .ods import like .xlsx.

The files are real: .xls written by xlwt as Excel writes them (dates are numbers with a
date format), .ods as LibreOffice writes them. Each holds two class sheets with a title
row, a hidden dropdown-list sheet, minority-language names, and birth dates as date
cells, date-and-time cells, dd/mm/yyyy text and bare Excel serial numbers.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import pytest

from app.errors import ValidationError
from app.students import importer
from tests.excel.sheet_builders import make_ods, make_xls
from tests.excel.xlsx_builders import FIXTURES
from tests.students_io.builders import pid
from tests.students_io.conftest import School

Maker = Callable[..., Path]
FORMATS = [pytest.param(make_xls, ".xls", id="xls"), pytest.param(make_ods, ".ods", id="ods")]
HEAD = ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Dân tộc", "Số định danh cá nhân",
        "Địa chỉ", "Họ tên cha"]  # fmt: skip

# (name, birth date as the cell holds it, the date it means, sex, address, father)
STUDENTS_6A1 = [
    ("Y Bŭt Niê", date(2013, 9, 5), date(2013, 9, 5), "Nam", "Buôn Kô Sir", "Y Ñu Êban"),
    ("H Yŏn Kbuôr", datetime(2013, 3, 12, 0, 0), date(2013, 3, 12), "Nữ", "Buôn Ea Kmăt", ""),
    ("Siu Ĭn", "06/01/2013", date(2013, 1, 6), "Nữ", "Plei Čư Pơng", "Rơ Mah Dĭt"),
    ("K’ Tơ Kră Jăn", 41522, date(2013, 9, 5), "Nam", "Thôn Bnơ C", "Ha Góut"),
]
STUDENTS_6A2 = [
    ("Lê Minh Hoàng", date(2013, 11, 2), date(2013, 11, 2), "Nam", "Thôn Bông", "Lê Văn Toàn"),
    ("Giàng A Páo", date(2013, 2, 28), date(2013, 2, 28), "Nam", "Bản Tả Phìn", "Sùng Mí Pó"),
]
SEX = {"Nam": "nam", "Nữ": "nu"}


def _sheet(title: str, students: list[tuple[str, object, date, str, str, str]], first: int) -> list:
    body = [
        [i, name, cell, sex, "Kinh", pid(born, SEX[sex], first + i), address, father]
        for i, (name, cell, born, sex, address, father) in enumerate(students, 1)
    ]
    return [[title], HEAD, *body]


def _roster(make: Maker, path: Path) -> Path:
    return make(
        path,
        {
            "6A1": _sheet("DANH SÁCH HỌC SINH LỚP 6A1", STUDENTS_6A1, 0),
            "DanhMuc": [["Kinh"], ["Ê Đê"], ["Gia Rai"]],
            "6A2": _sheet("DANH SÁCH HỌC SINH LỚP 6A2", STUDENTS_6A2, 10),
        },
        hidden=["DanhMuc"],
    )


def _expected() -> set[tuple[object, ...]]:
    out = set()
    for cls, students, first in (("6A1", STUDENTS_6A1, 0), ("6A2", STUDENTS_6A2, 10)):
        for i, (name, _cell, born, sex, address, father) in enumerate(students, 1):
            out.add((name, born, SEX[sex], pid(born, SEX[sex], first + i), cls, address, father))
    return out


def _stored(school: School) -> set[tuple[object, ...]]:
    return {
        (
            s.full_name, s.date_of_birth, s.sex, s.personal_id, school.class_of(s),
            s.address_detail, school.guardians(s).get("cha", ("", ""))[0],
        )
        for s in school.students()
    }  # fmt: skip


@pytest.mark.parametrize(("make", "suffix"), FORMATS)
def test_student_list_imports_from_xls_and_ods(
    school: School, tmp_path: Path, make: Maker, suffix: str
) -> None:
    """Both class sheets import: names byte-identical, every date form read, IDs kept as text."""
    path = _roster(make, tmp_path / f"danh-sach{suffix}")
    pv = school.preview(path)
    assert pv.counts["insert"] == 6 and pv.counts["rejected"] == 0, pv.problems
    assert pv.conversions == () and pv.doubts == ()
    result = importer.commit(school.db, school.secretary, pv)
    assert (result.inserted, result.rejected, result.written) == (6, 0, True)
    assert _stored(school) == _expected()


@pytest.mark.parametrize(("make", "suffix"), FORMATS)
def test_reimporting_the_same_xls_or_ods_changes_nothing(
    school: School, tmp_path: Path, make: Maker, suffix: str
) -> None:
    """A second import of the same file finds every student unchanged and writes nothing."""
    path = _roster(make, tmp_path / f"danh-sach{suffix}")
    school.import_file(path)
    journal = school.journal_count()
    pv = school.preview(path)
    assert pv.counts["unchanged"] == 6 and pv.counts["insert"] == 0
    result = importer.commit(school.db, school.secretary, pv)
    assert not result.written and school.journal_count() == journal


def test_xls_that_is_html_or_password_protected_is_refused_by_name(
    school: School, tmp_path: Path
) -> None:
    """An HTML page saved as .xls gets the HTML hint; a password-protected .xls says so."""
    html = tmp_path / "DanhSachHocSinh_6A1.xls"
    html.write_text(
        "<html><body><table><tr><td>Họ và tên</td></tr><tr><td>Y Bŭt Niê</td></tr></table>",
        encoding="utf-8",
    )
    locked = tmp_path / "6A1-mat-khau.xls"
    shutil.copy(FIXTURES / "password-protected.xls", locked)
    for path, words in ((html, "HTML"), (locked, "mật khẩu")):
        with pytest.raises(ValidationError) as exc:
            school.preview(path)
        assert path.name in exc.value.message and words in exc.value.message
    assert school.students() == []

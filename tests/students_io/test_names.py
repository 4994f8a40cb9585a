"""Issue 18 §2: names are kept whole — split headers, merged name headers, apostrophes, one word."""

from __future__ import annotations

from pathlib import Path

import pytest

from app import students as st
from app.errors import ValidationError
from app.students import importer
from tests.excel.xlsx_builders import make_xlsx
from tests.students_io.conftest import School

TAIL = ["Ngày sinh", "Giới tính", "Lớp"]
DATA = ["05/09/2013", "Nam", "6A1"]


@pytest.mark.parametrize(
    ("family", "given"), [("Họ và", "tên"), ("Họ đệm", "Tên"), ("Họ, đệm", "Tên"), ("Họ", "Tên")]
)
def test_a_name_header_split_over_two_cells_keeps_the_family_name(
    school: School, tmp_path: Path, family: str, given: str
) -> None:
    """ "Họ và" | "tên" (and its variants) join into one full name; none is stored as "An"."""
    rows = [
        ["STT", family, given, *TAIL],
        [1, "Nguyễn Văn", "An", *DATA],
        [2, "Lê Thị", "Anh", *DATA],
    ]
    pv = school.preview(make_xlsx(tmp_path / "tach.xlsx", {"6A1": rows}))
    assert [r.value.full_name for r in pv.rows] == ["Nguyễn Văn An", "Lê Thị Anh"]
    assert pv.counts["rejected"] == 0 and not any(r.needs_reason for r in pv.rows)


def test_a_name_header_merged_over_two_columns_reads_both(school: School, tmp_path: Path) -> None:
    """ "Họ và tên" merged over B:C, family names in B and given names in C: both are kept."""
    rows = [["STT", "Họ và tên", None, *TAIL], [1, "Nguyễn Văn", "An", *DATA]]
    path = make_xlsx(tmp_path / "gop.xlsx", {"6A1": rows}, merges={"6A1": ["B1:C1"]})
    result = school.import_file(path)
    assert result.inserted == 1 and [s.full_name for s in school.students()] == ["Nguyễn Văn An"]


def test_apostrophe_names_are_accepted_as_typed(school: School, tmp_path: Path) -> None:
    """K'Ho and Mạ names with ' or ’ (also before a space) are stored exactly and found without it."""
    head = ["STT", "Họ và tên", *TAIL, "Họ tên cha", "Họ tên mẹ"]
    rows = [
        head,
        [1, "Kră Jăn K’ Tơ", *DATA, "K' Prông", "Ka H’Nhung"],
        [2, "K'Brơi Ha Lan", *DATA, "Điểu K’ Lim", "H'Hen Niê"],
    ]
    pv = school.preview(make_xlsx(tmp_path / "nhay.xlsx", {"6A1": rows}))
    assert pv.counts["rejected"] == 0, [p.message for p in pv.problems]
    importer.commit(school.db, school.secretary, pv)
    students = {s.full_name: s for s in school.students()}
    assert set(students) == {"Kră Jăn K’ Tơ", "K'Brơi Ha Lan"}
    assert school.guardians(students["Kră Jăn K’ Tơ"])["cha"][0] == "K' Prông"
    assert school.guardians(students["K'Brơi Ha Lan"])["me"][0] == "H'Hen Niê"
    with school.db.read(school.secretary) as s:
        for typed in ("kra jan k to", "Kră Jăn K' Tơ", "K’Brơi"):
            assert st.count_students(s, school.secretary, st.StudentFilter(search=typed)), typed


def test_a_one_word_full_name_needs_confirming(school: School, tmp_path: Path) -> None:
    """A one-word full name is not written unless the user confirms it with a reason."""
    rows = [["STT", "Họ và tên", *TAIL], [1, "An", *DATA], [2, "Lê Văn Bình", *DATA]]
    path = make_xlsx(tmp_path / "mot-tu.xlsx", {"6A1": rows})
    pv = school.preview(path)
    (needing,) = [r for r in pv.rows if r.needs_reason]
    assert needing.value.full_name == "An" and "một từ" in needing.warnings[0].reason
    with pytest.raises(ValidationError) as exc:
        importer.commit(school.db, school.secretary, pv)
    assert "họ tên chỉ có một từ" in exc.value.message and school.students() == []
    importer.commit(school.db, school.secretary, pv, reason="Học sinh người Khmer, tên một từ")
    assert {s.full_name for s in school.students()} == {"An", "Lê Văn Bình"}


def test_problems_show_the_cell_as_written(school: School, tmp_path: Path) -> None:
    """A bad class cell is quoted as typed ("Từ ngày: 6A9"), not as normalised ("TỪNGÀY:6A9")."""
    rows = [["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Lớp"]]
    rows.append([1, "Lê Văn Bình", "05/09/2013", "Nam", "Lớp 6a 9"])
    pv = school.preview(make_xlsx(tmp_path / "lop.xlsx", {"Danh sách": rows}))
    problems = pv.rows[0].errors
    assert problems and all(p.value == "Lớp 6a 9" for p in problems)
    assert all("«Lớp 6a 9»" in p.message and "LỚP6A9" not in p.message for p in problems)

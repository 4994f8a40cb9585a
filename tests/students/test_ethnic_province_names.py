"""Ethnic groups by their other names and provinces as written, through the student services."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from app import students as st
from app.errors import ValidationError
from app.students import importer
from tests.excel.xlsx_builders import make_xlsx
from tests.students.conftest import SchoolWithClasses

DOB = date(2014, 3, 12)


def _detail(school: SchoolWithClasses, saved: st.SavedStudent) -> st.StudentDetail:
    with school.db.read() as s:
        return st.get_student_detail(s, school.actor("secretary"), saved.id)


@pytest.mark.parametrize("typed", ["K'Ho", "K’Ho", "Nốp", "Cơ Ho"])
def test_a_student_of_the_co_ho_by_another_name_is_stored_as_the_group(
    school: SchoolWithClasses, typed: str
) -> None:
    """Creating a student with ethnicity "K'Ho" or "Nốp" stores the Cơ-ho's code 16."""
    saved = school.add("Ka Điệp", DOB, ethnicity=typed)
    d = _detail(school, saved)
    assert (d.ethnicity_code, st.ethnicity_name(d.ethnicity_code)) == ("16", "Cơ-ho")


def test_a_name_of_two_groups_is_refused_offering_both(school: SchoolWithClasses) -> None:
    """ "Chil" (Cơ-ho and Mnông in the 1979 list) is not guessed: the error offers both."""
    with pytest.raises(ValidationError) as err:
        school.add("Ka Điệp", DOB, ethnicity="Chil")
    message = err.value.message
    assert "Dân tộc: «Chil»" in message and "Cơ-ho hoặc Mnông" in message


def test_an_unknown_ethnicity_is_refused_with_the_closest_groups(
    school: SchoolWithClasses,
) -> None:
    """A misspelt group is refused, naming the value and offering the nearest group."""
    with pytest.raises(ValidationError) as err:
        school.add("Nguyễn Văn An", DOB, ethnicity="Kinhh")
    assert "«Kinhh»" in err.value.message and "Có phải Kinh" in err.value.message


def test_the_address_province_is_stored_as_the_list_names_it(school: SchoolWithClasses) -> None:
    """An address in "TP HCM" is stored as "Thành phố Hồ Chí Minh", with no warning."""
    saved = school.add("Nguyễn Văn An", DOB, address_province="TP HCM")
    assert saved.warnings == ()
    assert _detail(school, saved).address_province == "Thành phố Hồ Chí Minh"


def test_an_old_address_province_is_kept_with_a_warning(school: SchoolWithClasses) -> None:
    """A pre-2025 province is kept as typed (old addresses exist) and a warning offers the new one."""
    saved = school.add("Nguyễn Văn An", DOB, address_province="Hà Giang")
    [warning] = saved.warnings
    assert warning.code == "province_unknown" and "Có phải Tuyên Quang" in warning.message
    assert _detail(school, saved).address_province == "Hà Giang"


def test_an_import_accepts_other_names_and_refuses_shared_ones(
    school: SchoolWithClasses, tmp_path: Path
) -> None:
    """Imported rows with K'Ho and Xrê go in as Cơ-ho; Chil and Mán are rejected naming the groups."""
    head = ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Dân tộc", "Lớp"]
    rows = [
        [1, "Ka Điệp", DOB, "Nữ", "K'Ho", "6A1"],
        [2, "Kră Jăn Ha Bình", DOB, "Nam", "xrê", "6A1"],
        [3, "Điểu Thị Lan", DOB, "Nữ", "Chil", "6A1"],
        [4, "Bàn Văn Páo", DOB, "Nam", "Mán", "6A1"],
    ]
    path = make_xlsx(tmp_path / "dan-toc.xlsx", {"6A1": [head, *rows]})
    sec = school.actor("secretary")
    with school.db.read(sec) as s:
        pv = importer.preview(s, sec, path)
    problems = {r.row: [p.message for p in r.errors] for r in pv.rows}
    assert problems[2] == [] and problems[3] == []
    assert any("«Chil» có thể là dân tộc Cơ-ho hoặc Mnông" in m for m in problems[4])
    assert any("«Mán» có thể là dân tộc Dao hoặc Sán Dìu" in m for m in problems[5])
    result = importer.commit(school.db, sec, pv, skip_rejected=True)
    assert (result.inserted, result.rejected) == (2, 2)
    with school.db.read() as s:
        ids = st.list_student_ids(s, sec, st.StudentFilter())
        codes = [st.get_student_detail(s, sec, sid).ethnicity_code for sid in ids]
    assert codes == ["16", "16"]

"""Part of a student code finds the student (issue 17 §5); it never reaches a personal ID."""

from __future__ import annotations

from datetime import date

import pytest

from app import students as st
from app.students import make_personal_id, queries
from tests.students.conftest import SchoolWithClasses

PID = make_personal_id("038", date(2014, 4, 5), "nam", 915_372)
MINISTRY = "3801234567"


@pytest.fixture
def coded(school: SchoolWithClasses) -> SchoolWithClasses:
    """Three students of 6A1; the second has a personal ID and a Ministry code."""
    school.add("Lê Thị Hoa", date(2014, 3, 2), "Nữ", class_name="6A1")
    school.add(
        "Phạm Minh Đức", date(2014, 4, 5), "Nam", class_name="6A1",
        personal_id=PID, ministry_code=MINISTRY,
    )  # fmt: skip
    school.add("Vũ Ngọc Lan", date(2014, 6, 7), "Nữ", class_name="6A1")
    return school


def _codes(school: SchoolWithClasses) -> dict[str, str]:
    with school.db.read() as s:
        rows = st.list_student_rows(s, school.actor("admin"), st.StudentFilter())
    return {r.full_name: r.student_code for r in rows}


def _found(school: SchoolWithClasses, role: str, search: str, exact: bool = False) -> list[str]:
    """The names listed for ``search`` as ``role``; the count agrees with the rows."""
    actor = school.actor(role)
    flt = st.StudentFilter(search=search, exact=exact)
    with school.db.read(actor) as s:
        rows = st.list_student_rows(s, actor, flt)
        assert st.count_students(s, actor, flt) == len(rows), search
    return sorted(r.full_name for r in rows)


@pytest.mark.parametrize("role", ["admin", "secretary", "principal", "teacher"])
def test_a_part_of_a_code_finds_the_student(coded: SchoolWithClasses, role: str) -> None:
    """The code's year and number ("250002"), its end, any case: the student is found."""
    code = _codes(coded)["Phạm Minh Đức"]
    assert code.startswith("THCS0001") and len(code) == 14
    for part in (code[-6:], code[-4:], code[2:].lower(), f" {code[-6:]} "):
        assert _found(coded, role, part) == ["Phạm Minh Đức"], part
    everyone = ["Lê Thị Hoa", "Phạm Minh Đức", "Vũ Ngọc Lan"]
    assert _found(coded, role, code[4:10]) == everyone  # a middle part all the codes share
    assert _found(coded, role, "s0001") == everyone
    assert _found(coded, role, MINISTRY[3:8]) == ["Phạm Minh Đức"]  # the Ministry's code too
    assert _found(coded, role, "999999") == []


def test_too_short_or_wordy_parts_are_not_code_parts() -> None:
    """A code part needs three characters, a digit, and no space or punctuation."""
    assert queries.is_code_part("260689") and queries.is_code_part("hs1")
    assert not queries.is_code_part("26") and not queries.is_code_part("nguyen")
    assert not queries.is_code_part("thi 2")


@pytest.mark.parametrize(("role", "sees"), [("admin", True), ("secretary", True),
                                            ("principal", True), ("teacher", False)])  # fmt: skip
def test_a_part_of_a_personal_id_finds_nobody(
    coded: SchoolWithClasses, role: str, sees: bool
) -> None:
    """Only the first digits of an ID find its student, and only for roles that may see IDs.

    A part from the middle or the end of an ID matches no code, so it finds no one,
    whoever searches: a code part is never a way to probe someone's ID.
    """
    codes = "".join(_codes(coded).values()) + MINISTRY
    for part in (PID[4:10], PID[-6:], PID[1:]):
        assert part not in codes
        assert _found(coded, role, part) == [], part
    assert _found(coded, role, PID[:8]) == (["Phạm Minh Đức"] if sees else [])


@pytest.mark.parametrize(("role", "sees"), [("secretary", True), ("teacher", False)])
def test_the_exact_search_stops_before_the_personal_id(
    coded: SchoolWithClasses, role: str, sees: bool
) -> None:
    """With "Khớp chính xác", a name and code followed by an ID's digits finds the student
    only for a role that may see IDs; the name and the code alone find it for all."""
    code = _codes(coded)["Phạm Minh Đức"]
    probe = f"đức {code.lower()} {PID[:5]}"
    assert _found(coded, role, probe, exact=True) == (["Phạm Minh Đức"] if sees else [])
    assert _found(coded, role, f"đức {code}", exact=True) == ["Phạm Minh Đức"]
    assert _found(coded, role, code[-6:], exact=True) == ["Phạm Minh Đức"]


def test_code_part_plans_agree(coded: SchoolWithClasses, monkeypatch: pytest.MonkeyPatch) -> None:
    """Many matches (walk the name index) and few (sort them) list the same rows in name order."""
    few = _found(coded, "admin", "s0001")
    actor = coded.actor("admin")
    with coded.db.read() as s:
        sorted_few = [
            r.full_name for r in st.list_student_rows(s, actor, st.StudentFilter(search="s0001"))
        ]
    monkeypatch.setattr(queries, "COMMON_TERM", 1)
    with coded.db.read() as s:
        walked = [
            r.full_name for r in st.list_student_rows(s, actor, st.StudentFilter(search="s0001"))
        ]
    assert walked == sorted_few and sorted(walked) == few

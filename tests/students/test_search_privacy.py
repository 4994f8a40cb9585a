"""A personal ID finds its student only for roles that may see personal IDs (issue 8 §1)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import text as sql

from app import students as st
from app.students import make_personal_id
from tests.students.conftest import SchoolWithClasses

PID = make_personal_id("038", date(2014, 3, 2), "nu", 41)


@pytest.fixture
def with_id(school: SchoolWithClasses) -> SchoolWithClasses:
    """One student of 6A1 (the teacher's homeroom class) with a personal ID and a phone."""
    school.add(
        "Lê Thị Hoa", date(2014, 3, 2), "Nữ", personal_id=PID, class_name="6A1",
        father_name="Lê Văn Ba", father_phone="0912000111",
    )  # fmt: skip
    return school


def _found(school: SchoolWithClasses, role: str, search: str) -> int:
    actor = school.actor(role)
    with school.db.read(actor) as s:
        return st.count_students(s, actor, st.StudentFilter(search=search))


@pytest.mark.parametrize(("role", "sees"), [("admin", True), ("principal", True),
                                            ("secretary", True), ("teacher", False)])  # fmt: skip
def test_searching_a_personal_id_needs_the_right_to_see_it(
    with_id: SchoolWithClasses, role: str, sees: bool
) -> None:
    """The whole ID or its first digits find the student only for roles with VIEW_SENSITIVE."""
    assert _found(with_id, role, PID) == int(sees)
    assert _found(with_id, role, PID[:7]) == int(sees)
    assert _found(with_id, role, "Lê Thị Hoa") == 1  # the name finds the student for all
    assert _found(with_id, role, "0912000") == 1  # so does a guardian's phone


def test_new_id_terms_carry_the_mark(with_id: SchoolWithClasses) -> None:
    """A saved student's ID is indexed behind the mark only (tests/test_migrate.py: old rows)."""
    with with_id.db.read() as s:
        terms = set(s.execute(sql("SELECT term FROM student_search_term")).scalars())
    assert "#" + PID in terms and PID not in terms

"""Home pages of a primary class (TT27): the counts follow the primary list shown before locking."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from app.gradebook.missing import missing_grades
from app.home import home_page
from tests.conftest import Seeded
from tests.gradebook.conftest import GradeSchool
from tests.gradebook_primary.conftest import build_primary_school
from tests.home.conftest import facts


@pytest.fixture
def ps(seeded: Seeded) -> Iterator[GradeSchool]:
    """Class 4A: gv.cn leads it and teaches Tiếng Việt and Toán, u_teacher Ngoại ngữ 1."""
    yield build_primary_school(seeded)


def test_primary_figures_match_the_primary_list(ps: GradeSchool) -> None:
    """The principal's total equals the TT27 list's; the homeroom teacher sees their two
    subjects and the qualities and competencies; u_teacher sees only Ngoại ngữ 1."""
    with ps.db.read() as s:
        expected = missing_grades(s, ps.admin, ps.class_id, 1)
        principal = home_page(s, ps.actor("principal"), facts())
        homeroom = home_page(s, ps.homeroom, facts())
        teacher = home_page(s, ps.teacher, facts())
    assert principal.figure("missing").count == expected.values
    labels = [f.label for f in homeroom.section("my_classes").figures]
    assert labels == ["4A · Tiếng Việt", "4A · Toán", "4A · Phẩm chất, năng lực"]
    per_subject: dict[str, int] = {}
    for line in expected.lines:
        per_subject[line.subject] = per_subject.get(line.subject, 0) + len(line.columns)
    assert homeroom.figure("missing:4A:Toán").count == per_subject["Toán"]
    assert homeroom.figure("missing:4A:Tiếng Việt").count == per_subject["TV"]
    mine = teacher.section("my_classes").figures
    assert [f.label for f in mine] == ["4A · Ngoại ngữ 1"]
    assert mine[0].count == per_subject["NN1"]  # the list names subjects by their short name

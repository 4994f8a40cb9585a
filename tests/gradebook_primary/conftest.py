"""A small primary class (4A, TT27) with its catalogue, a homeroom teacher, a subject teacher."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest

from app import accounts, school
from app.db import Actor
from app.gradebook import assignments, catalogue, terms
from tests.conftest import PASSWORD, Seeded
from tests.gradebook.conftest import YEAR, GradeSchool, add_student, make_class

STUDENT_NAMES = ("Nguyễn Văn Bảo", "Trần Thị Ánh", "Lê Văn Anh", "Phạm Minh Châu")
"""Name order (given name first): Lê Văn Anh, Trần Thị Ánh, Nguyễn Văn Bảo, Phạm Minh Châu."""


PrimarySchool = GradeSchool
"""The seeded school, now also primary, with class 4A of 2025-2026 and its people.

``homeroom`` (gv.cn) leads 4A and teaches Tiếng Việt and Toán; ``teacher``
(u_teacher) teaches Ngoại ngữ 1; ``outsider`` (gv.khac) teaches nothing here.
"""


def build_primary_school(seeded: Seeded, grade: int = 4, name: str = "4A") -> PrimarySchool:
    """Add the primary level to the test school, then class 4A, four students, assignments."""
    db = seeded.db
    system = Actor.system("test")
    with db.uow(actor=system) as s:
        profile = school.require_profile(s)
        school.update_profile(s, system, replace(profile, levels=("tieu_hoc", *profile.levels)))
        catalogue.ensure_catalogue(s, system, YEAR)
        terms.ensure_semesters(s, system, YEAR)
        homeroom = accounts.create_user(s, system, "gv.cn", "Cô Chủ Nhiệm", "teacher", PASSWORD)
        outsider = accounts.create_user(s, system, "gv.khac", "Thầy Khác", "teacher", PASSWORD)
    class_id = make_class(db, name, grade, homeroom.id)
    students, codes = {}, {}
    for i, student in enumerate(STUDENT_NAMES):
        codes[student] = f"TH{i + 1:03d}"
        students[student] = add_student(db, class_id, student, codes[student])
    with db.uow(actor=system) as s:
        subjects = {x.name: x.id for x in catalogue.list_subjects(s, YEAR, grade)}
        for subject in ("Tiếng Việt", "Toán"):
            assignments.assign_teacher(s, system, class_id, subjects[subject], "gv.cn")
        assignments.assign_teacher(s, system, class_id, subjects["Ngoại ngữ 1"], "u_teacher")
    return PrimarySchool(
        seeded,
        class_id,
        students,
        codes,
        subjects,
        seeded.actor("teacher"),
        homeroom.actor(),
        outsider.actor(),
    )


@pytest.fixture
def ps(seeded: Seeded) -> Iterator[PrimarySchool]:
    """The primary school on each backend."""
    yield build_primary_school(seeded)

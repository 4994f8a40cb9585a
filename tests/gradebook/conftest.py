"""A small THCS class with a catalogue, a subject teacher, a homeroom teacher and students.

``thpt`` adds the THPT level and class 10A1 (for the elective subjects).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date

import pytest

from app import accounts, school
from app.db import Actor, Database
from app.gradebook import assignments, catalogue, terms
from app.gradebook.conduct import ConductEdit, save_conduct
from app.gradebook.entry import CellEdit, save_scores
from app.students.models import ClassGroup, Enrolment, Student
from app.students.text import name_sort_key, split_full_name
from tests.conftest import PASSWORD, Seeded

YEAR = "2025-2026"
STUDENT_NAMES = ("Nguyễn Văn Bảo", "Trần Thị Ánh", "Lê Văn Anh", "Phạm Minh Châu")
"""Name order (given name first): Lê Văn Anh, Trần Thị Ánh, Nguyễn Văn Bảo, Phạm Minh Châu."""


@dataclass
class GradeSchool:
    """The seeded school plus class 6A1 of 2025-2026 and the people around it."""

    seeded: Seeded
    class_id: uuid.UUID
    students: dict[str, uuid.UUID]
    codes: dict[str, str]
    subjects: dict[str, uuid.UUID]
    teacher: Actor
    homeroom: Actor
    outsider: Actor

    @property
    def db(self) -> Database:
        return self.seeded.db

    def actor(self, role: str) -> Actor:
        return self.seeded.actor(role)

    @property
    def admin(self) -> Actor:
        return Actor.system("test")


def add_student(
    db: Database, class_id: uuid.UUID, full_name: str, code: str, *, end: date | None = None
) -> uuid.UUID:
    """Insert a student and enrol them in the class (the records engineer's own tables)."""
    family, given = split_full_name(full_name)
    sid = uuid.uuid4()
    with db.uow(actor=Actor.system("test")) as s:
        s.add(
            Student(
                id=sid,
                student_code=code,
                family_middle_name=family,
                given_name=given,
                full_name=full_name,
                sex="nam",
                date_of_birth=date(2014, 3, 1),
                sort_key=name_sort_key(family, given),
            )
        )
        s.flush()
        s.add(
            Enrolment(
                id=uuid.uuid4(),
                student_id=sid,
                class_id=class_id,
                school_year=YEAR,
                start_date=date(2025, 9, 5),
                end_date=end,
            )
        )
    return sid


def make_class(db: Database, name: str, grade: int, homeroom: uuid.UUID | None) -> uuid.UUID:
    """Insert a class of 2025-2026."""
    cid = uuid.uuid4()
    with db.uow(actor=Actor.system("test")) as s:
        s.add(
            ClassGroup(
                id=cid, name=name, grade=grade, school_year=YEAR, homeroom_teacher_id=homeroom
            )
        )
    return cid


def build_school(seeded: Seeded) -> GradeSchool:
    """Catalogue, semesters, class 6A1, four students, assignments."""
    db = seeded.db
    system = Actor.system("test")
    with db.uow(actor=system) as s:
        catalogue.ensure_catalogue(s, system, YEAR)
        terms.ensure_semesters(s, system, YEAR)
        homeroom = accounts.create_user(s, system, "gv.cn", "Cô Chủ Nhiệm", "teacher", PASSWORD)
        outsider = accounts.create_user(s, system, "gv.khac", "Thầy Khác", "teacher", PASSWORD)
    class_id = make_class(db, "6A1", 6, homeroom.id)
    students, codes = {}, {}
    for i, name in enumerate(STUDENT_NAMES):
        codes[name] = f"HS{i + 1:03d}"
        students[name] = add_student(db, class_id, name, codes[name])
    with db.uow(actor=system) as s:
        subjects = {x.name: x.id for x in catalogue.list_subjects(s, YEAR, 6)}
        assignments.assign_teacher(s, system, class_id, subjects["Toán"], "u_teacher")
    return GradeSchool(
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
def gs(seeded: Seeded) -> Iterator[GradeSchool]:
    """The grade-book school on each backend."""
    yield build_school(seeded)


def uniform_cells(
    sid: uuid.UUID, count: int, value: str, *, comment_only: bool = False
) -> list[CellEdit]:
    """Every required cell of one semester set to ``value`` (so the average equals it)."""
    mark = ("Đ" if value != "CĐ" else "CĐ") if comment_only else value
    cols = [f"TX{i}" for i in range(1, count + 1)] + ["GK", "CK"]
    return [CellEdit(sid, c, mark) for c in cols]


def fill_year(
    gs: GradeSchool,
    name: str,
    scores: dict[str, str],
    conduct: tuple[str, str] = ("Tốt", "Tốt"),
    absent: int = 0,
) -> None:
    """Give one student a whole year: each scored subject at ``scores`` (default 8), comment ones Đạt."""
    sid = gs.students[name]
    with gs.db.read() as s:
        subjects = catalogue.list_subjects(s, YEAR, 6)
    with gs.db.uow(actor=gs.admin) as s:
        for subject in subjects:
            for semester in (1, 2):
                value = "Đ" if subject.comment_only else scores.get(subject.name, "8")
                cells = uniform_cells(
                    sid, subject.regular_count, value, comment_only=subject.comment_only
                )
                save_scores(s, gs.admin, gs.class_id, subject.id, semester, cells)
        for semester, level in zip((1, 2), conduct, strict=True):
            edit = ConductEdit(
                sid, level, str(absent // 2 if semester == 1 else absent - absent // 2), "0"
            )
            save_conduct(s, gs.admin, gs.class_id, semester, [edit])


def add_level(gs: GradeSchool, level: str) -> None:
    """Teach one more level at the test school; this year's catalogue gains its subjects."""
    with gs.db.uow(actor=gs.admin) as s:
        profile = school.require_profile(s)
        school.update_profile(s, gs.admin, replace(profile, levels=(*profile.levels, level)))
        catalogue.ensure_catalogue(s, gs.admin, YEAR)


@dataclass
class ThptClass:
    """Class 10A1 of 2025-2026 (no electives chosen yet), one student, the grade-10 subjects."""

    gs: GradeSchool
    class_id: uuid.UUID
    student_id: uuid.UUID
    subjects: dict[str, uuid.UUID]

    @property
    def db(self) -> Database:
        return self.gs.db

    @property
    def admin(self) -> Actor:
        return self.gs.admin

    def ids(self, *names: str) -> list[uuid.UUID]:
        """The subject ids of ``names``, in that order."""
        return [self.subjects[n] for n in names]


def build_thpt_class(gs: GradeSchool) -> ThptClass:
    """Add THPT to the grade-book school, then class 10A1 with one student."""
    add_level(gs, "thpt")
    class_id = make_class(gs.db, "10A1", 10, None)
    student_id = add_student(gs.db, class_id, "Đỗ Thị Hà", "HS101")
    with gs.db.read() as s:
        subjects = {x.name: x.id for x in catalogue.list_subjects(s, YEAR, 10)}
    return ThptClass(gs, class_id, student_id, subjects)


@pytest.fixture
def thpt(gs: GradeSchool) -> ThptClass:
    """Class 10A1 in the grade-book school on each backend."""
    return build_thpt_class(gs)

"""Hand-made year-end fixtures for the new school year: one student per outcome.

``school`` is the grade-book school (class 6A1 of 2025-2026, homeroom gv.cn) with
class 9A1 added; ``give_year`` enters a whole year for a student through the grade
book's own services, as teachers would.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from app.db import Actor, Database
from app.gradebook import catalogue
from app.gradebook.conduct import ConductEdit, save_conduct
from app.gradebook.entry import save_scores
from app.rollover.apply import Applied, ClassEdit, run_rollover
from app.rollover.plan import RolloverPlan, build_plan
from app.students.models import ClassGroup
from tests.conftest import Seeded
from tests.gradebook.conftest import (
    YEAR,
    GradeSchool,
    add_student,
    build_school,
    make_class,
    uniform_cells,
)

NEXT = "2026-2027"
ANH, ANH2, BAO, CHAU = "Lê Văn Anh", "Trần Thị Ánh", "Nguyễn Văn Bảo", "Phạm Minh Châu"
WEAK = {"Toán": "3", "Ngữ văn": "3", "Ngoại ngữ 1": "6", "Giáo dục công dân": "6",
        "Lịch sử và Địa lí": "6", "Khoa học tự nhiên": "6", "Công nghệ": "6",
        "Tin học": "6"}  # fmt: skip
"""Toán and Ngữ văn at 3,0: learning Chưa đạt, so Kiểm tra lại when conduct is fine."""


def give_year(
    db: Database,
    class_id: uuid.UUID,
    sid: uuid.UUID,
    scores: dict[str, str] | None = None,
    conduct: tuple[str, str] = ("Tốt", "Tốt"),
    absent: int = 0,
) -> None:
    """A whole year for one student: every scored subject 8 unless ``scores`` says, comments Đạt."""
    admin = Actor.system("test")
    with db.read() as s:
        group = s.get(ClassGroup, class_id)
        assert group is not None
        subjects = catalogue.class_subjects(s, group)
    with db.uow(actor=admin) as s:
        for subject in subjects:
            for semester in (1, 2):
                value = "Đ" if subject.comment_only else (scores or {}).get(subject.name, "8")
                cells = uniform_cells(
                    sid, subject.regular_count, value, comment_only=subject.comment_only
                )
                save_scores(s, admin, class_id, subject.id, semester, cells)
        for semester, level in zip((1, 2), conduct, strict=True):
            excused = str(absent // 2 if semester == 1 else absent - absent // 2)
            save_conduct(s, admin, class_id, semester, [ConductEdit(sid, level, excused, "0")])


@dataclass
class Rollover:
    """The grade-book school with 9A1 (two students) and helpers to plan and apply."""

    gs: GradeSchool
    final_class: uuid.UUID
    finalists: dict[str, uuid.UUID]

    @property
    def db(self) -> Database:
        return self.gs.db

    @property
    def admin(self) -> Actor:
        return self.gs.admin

    def plan(self, actor: Actor | None = None) -> RolloverPlan:
        who = actor or self.admin
        with self.db.read(who) as s:
            return build_plan(s, who, YEAR, NEXT)

    def apply(self, edits: dict[str, ClassEdit] | None = None, *, place: bool = False) -> Applied:
        return run_rollover(self.db, self.admin, YEAR, NEXT, edits, place_only=place)


def build_rollover(seeded: Seeded) -> Rollover:
    """6A1 (four students) and 9A1 (Đỗ Thị Hà, Vũ Minh Khoa) of 2025-2026."""
    gs = build_school(seeded)
    final_class = make_class(gs.db, "9A1", 9, None)
    finalists = {
        name: add_student(gs.db, final_class, name, code)
        for name, code in (("Đỗ Thị Hà", "HS901"), ("Vũ Minh Khoa", "HS902"))
    }
    return Rollover(gs, final_class, finalists)


@pytest.fixture
def ro(seeded: Seeded) -> Iterator[Rollover]:
    """The rollover school on each backend."""
    yield build_rollover(seeded)

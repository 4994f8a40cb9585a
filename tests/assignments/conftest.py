"""A THCS school with two years: last year's 6A1, 6A2, 7A1 and this year's 6A1, 7A1, 7A2, 8A1.

Last year's teachers: gv.toan teaches Toán in 6A1 and 7A1, gv.van Ngữ văn in 6A1, gv.cu
(whose account is then closed) Tiếng Anh in 6A2; gv.cn leads 6A1. This year starts with
gv.van already teaching Ngữ văn in 7A1.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from app import accounts, school
from app.db import Actor, Database
from app.gradebook import assignments, catalogue
from app.students import classes
from tests.conftest import PASSWORD, Seeded

YEAR = "2025-2026"
LAST = "2024-2025"
TEACHERS = {
    "gv.toan": "Nguyễn Thị Lan",
    "gv.van": "Trần Văn Minh",
    "gv.cn": "Lê Thị Hoa",
    "gv.cu": "Phạm Văn Cũ",
    "gv.moi": "Đỗ Thu Hà",
}


@dataclass
class TwoYears:
    """The seeded school with classes and assignments in two years."""

    seeded: Seeded
    classes: dict[tuple[str, str], uuid.UUID]
    """(year, class name) → id."""

    @property
    def db(self) -> Database:
        return self.seeded.db

    @property
    def admin(self) -> Actor:
        return Actor.system("test")

    @property
    def secretary(self) -> Actor:
        return self.seeded.actor("secretary")

    def cid(self, name: str, year: str = YEAR) -> uuid.UUID:
        return self.classes[(year, name)]

    def subject(self, name: str, grade: int, year: str = YEAR) -> uuid.UUID:
        with self.db.read() as s:
            return catalogue.find_subject(s, year, grade, name).id


def build(seeded: Seeded) -> TwoYears:
    """Teachers, both years' catalogues and classes, last year's assignments."""
    db, system = seeded.db, Actor.system("test")
    ids: dict[tuple[str, str], uuid.UUID] = {}
    with db.uow(actor=system) as s:
        for user, name in TEACHERS.items():
            accounts.create_user(s, system, user, name, "teacher", PASSWORD)
        school.add_year(s, system, LAST)
        catalogue.ensure_catalogue(s, system, YEAR)
        for year, names in ((LAST, ("6A1", "6A2", "7A1")), (YEAR, ("6A1", "7A1", "7A2", "8A1"))):
            for name in names:
                homeroom = "gv.cn" if (year, name) == (LAST, "6A1") else None
                info = classes.create_class(s, system, name, year=year, homeroom=homeroom)
                ids[(year, name)] = info.id
    two = TwoYears(seeded, ids)
    plan = [
        (LAST, "6A1", 6, "Toán", "gv.toan"),
        (LAST, "7A1", 7, "Toán", "gv.toan"),
        (LAST, "6A1", 6, "Ngữ văn", "gv.van"),
        (LAST, "6A2", 6, "Ngoại ngữ 1", "gv.cu"),
        (YEAR, "7A1", 7, "Ngữ văn", "gv.van"),
    ]
    with db.uow(actor=system) as s:
        for year, cls, grade, subject, user in plan:
            sid = catalogue.find_subject(s, year, grade, subject).id
            assignments.assign_teacher(s, system, ids[(year, cls)], sid, user)
    with db.uow(actor=system) as s:
        accounts.update_user(s, system, "gv.cu", active=False)
    return two


@pytest.fixture
def two(seeded: Seeded) -> Iterator[TwoYears]:
    """The two-year school on each backend."""
    yield build(seeded)

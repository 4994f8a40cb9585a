"""Fixtures of the lending tests: the equipment school plus a second teacher and some items."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from app import accounts
from app.db import Actor, Database
from app.equipment import loans
from tests.conftest import PASSWORD
from tests.equipment.conftest import EquipmentSchool
from tests.equipment.conftest import school as school  # noqa: F401  (the fixture, reused)


@dataclass
class Lending:
    """The school with two projectors (serial), 10 rulers (one counted row), a broken scale,
    and two teachers: ``teacher`` (u_teacher) and ``teacher2`` (u_teacher2, Trần Thị Lan)."""

    school: EquipmentSchool
    teacher2: Actor
    projectors: tuple[str, ...]
    rulers: str
    broken: str

    @property
    def db(self) -> Database:
        return self.school.db

    @property
    def officer(self) -> Actor:
        return self.school.officer

    @property
    def teacher(self) -> Actor:
        return self.school.actor("teacher")

    def slip(self, actor: Actor, **kw: object) -> int:
        """A draft slip for ``actor`` (week 12, Thứ 3, tiết 1,2 unless told); its number."""
        data = {"week": 12, "weekday": 3, "periods": "1,2", "class_name": "6A1",
                "subject": "Vật lí", "lesson": "Bài 5: Ánh sáng", **kw}  # fmt: skip
        with self.db.uow(actor=actor) as s:
            return loans.new_slip(s, actor, loans.SlipInput(**data)).number  # type: ignore[arg-type]


@pytest.fixture
def lending(school: EquipmentSchool) -> Lending:  # noqa: F811
    system = Actor.system("test")
    with school.db.uow(actor=system) as s:
        info = accounts.create_user(s, system, "u_teacher2", "Trần Thị Lan", "teacher", PASSWORD)
    projectors = school.add("Máy chiếu đa năng", count=2, category="Dùng chung")
    (rulers,) = school.add("Thước kẻ 50 cm", count=10, serial=False, unit="cái")
    (broken,) = school.add("Cân Rô-béc-van", condition="hong")
    return Lending(school, info.actor(), projectors, rulers, broken)

"""Fixtures of the equipment tests: the seeded school (THCS) with a computer room and a store."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from app import students as st
from app.db import Actor, Database
from app.equipment import register, rooms
from tests.conftest import Seeded


@dataclass
class EquipmentSchool:
    """The seeded school plus rooms "Phòng Tin 1" (THCS) and "Phòng học 6A1"."""

    seeded: Seeded

    @property
    def db(self) -> Database:
        return self.seeded.db

    def actor(self, role: str) -> Actor:
        return self.seeded.actor(role)

    @property
    def officer(self) -> Actor:
        return self.actor("equipment_officer")

    def add(self, name: str, **kw: object) -> tuple[str, ...]:
        """Add items as the equipment officer; their codes."""
        with self.db.uow(actor=self.officer) as s:
            return register.add_items(s, self.officer, register.ItemInput(name, **kw)).codes  # type: ignore[arg-type]

    def students(self, class_name: str, n: int) -> None:
        """Create class ``class_name`` with ``n`` students (as the secretary)."""
        sec = self.actor("secretary")
        with self.db.uow(actor=sec) as s:
            st.create_class(s, sec, class_name)
            for i in range(n):
                st.create_student(s, sec, st.StudentInput(
                    full_name=f"Nguyễn Văn Học {chr(65 + i)}", date_of_birth=date(2013, 3, i + 1),
                    sex="Nam", class_name=class_name))  # fmt: skip


@pytest.fixture
def school(seeded: Seeded) -> EquipmentSchool:
    """Seeded THCS school with a computer room for THCS and a classroom."""
    officer = seeded.actor("equipment_officer")
    with seeded.db.uow(actor=officer) as s:
        rooms.add_room(s, officer, rooms.RoomInput("Phòng Tin 1", "phong_may_tinh", 45,
                                                   "kien_co", "thcs"))  # fmt: skip
        rooms.add_room(s, officer, rooms.RoomInput("Phòng học 6A1", "phong_hoc", 45, "ban_kien_co"))
    return EquipmentSchool(seeded)

"""Fixtures of the student-records tests: a seeded school with two classes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from app import students as st
from app.db import Actor, Database
from tests.conftest import Seeded


@dataclass
class SchoolWithClasses:
    """The seeded school plus classes 6A1 (homeroom: the teacher) and 7A1."""

    seeded: Seeded
    class_6a1: st.ClassInfo
    class_7a1: st.ClassInfo

    @property
    def db(self) -> Database:
        return self.seeded.db

    def actor(self, role: str) -> Actor:
        return self.seeded.actor(role)

    def add(self, name: str, dob: date, sex: str = "Nam", **kw: object) -> st.SavedStudent:
        """Create one student as the secretary."""
        sec = self.actor("secretary")
        with self.db.uow(actor=sec) as s:
            return st.create_student(
                s, sec, st.StudentInput(full_name=name, date_of_birth=dob, sex=sex, **kw)
            )


@pytest.fixture
def school(seeded: Seeded) -> SchoolWithClasses:
    """Seeded school with 6A1 (homeroom teacher u_teacher) and 7A1 in 2025-2026."""
    sec = seeded.actor("secretary")
    with seeded.db.uow(actor=sec) as s:
        a = st.create_class(s, sec, "6A1", homeroom="u_teacher")
        b = st.create_class(s, sec, "7a1")
    return SchoolWithClasses(seeded, a, b)

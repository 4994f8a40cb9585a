"""The demo school (app.demo) with its finished, locked year, ready for transcripts.

Last year's class 6A1 (or 3A in the primary demo) gets ``gv.toan`` (``gv.3a``) as its
homeroom teacher; ``gv.van`` (``gv.anh``) stands for a teacher of another class.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from sqlalchemy import select

from app import accounts, demo, migrate, school
from app.db import Actor, Database, make_engine
from app.students import classes as student_classes
from app.students.models import ClassGroup
from app.transcripts.models import SIGNING_ORDER
from app.transcripts.service import SignatureInput

DEMO_STUDENTS = 60
FAKE_PDF = b"%PDF-1.7\n% signed revision\n"


@dataclass
class DemoSchool:
    """The demo database, last (locked) year's class and the people around it."""

    db: Database
    year: str
    current_year: str
    class_id: uuid.UUID
    class_name: str
    current_class_id: uuid.UUID
    actors: dict[str, Actor]

    @property
    def admin(self) -> Actor:
        return Actor.system("test")

    def actor(self, username: str) -> Actor:
        return self.actors[username]


def build_demo(db_url: str, levels: str, class_name: str, homeroom: str) -> DemoSchool:
    """Create and fill the demo school, set last year's class's homeroom teacher."""
    db = Database(make_engine(db_url))
    migrate.upgrade(db.engine)
    demo.create_demo(db, levels=levels)
    demo.fill_demo(db, DEMO_STUDENTS)
    admin = Actor.system("test")
    with db.uow(actor=admin) as s:
        current = school.current_year(s)
        assert current is not None
        first = int(current.name[:4])
        year = f"{first - 1}-{first}"
        group = s.scalar(
            select(ClassGroup).where(ClassGroup.name == class_name, ClassGroup.school_year == year)
        )
        assert group is not None, f"no class {class_name} in {year}"
        student_classes.set_homeroom(s, admin, group.id, homeroom)
        now = s.scalar(
            select(ClassGroup)
            .where(ClassGroup.school_year == current.name)
            .order_by(ClassGroup.grade, ClassGroup.name)
        )
        assert now is not None
        actors = {u.username: u.actor() for u in accounts.list_users(s, admin)}
        return DemoSchool(db, year, current.name, group.id, group.name, now.id, actors)


@pytest.fixture
def secondary(db_url: str) -> Iterator[DemoSchool]:
    """The THCS/THPT demo school: last year's 6A1 led by gv.toan."""
    d = build_demo(db_url, demo.SECONDARY, "6A1", "gv.toan")
    yield d
    d.db.dispose()


@pytest.fixture
def primary(db_url: str) -> Iterator[DemoSchool]:
    """The primary demo school: last year's 3A led by gv.3a."""
    d = build_demo(db_url, demo.PRIMARY, "3A", "gv.3a")
    yield d
    d.db.dispose()


def signature(role: str, name: str = "Người ký") -> SignatureInput:
    """A signature as app.signing hands it over: the role, the signer, a cert fingerprint, bytes."""
    position = SIGNING_ORDER.index(role) + 1
    return SignatureInput(role, name, f"{position:x}" * 64, FAKE_PDF + bytes([position]) * 10)

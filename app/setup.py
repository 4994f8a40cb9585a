"""First-run setup: the school profile, the first admin and the current year in one step."""

from __future__ import annotations

from dataclasses import dataclass, replace

from sqlalchemy.orm import Session

from app import accounts, school
from app.changes import SCHOOL, SCHOOL_YEAR, USERS, Changes
from app.db import Actor, Database
from app.permissions import Role

SETUP_CHANGES = Changes.of(SCHOOL, SCHOOL_YEAR, USERS)
"""What ``initialize`` and the demo write: the school, its accounts, its years."""


@dataclass(frozen=True)
class SetupRequest:
    """What the first-run wizard (or ``main.py init``) collects."""

    profile: school.SchoolProfile
    admin_username: str
    admin_full_name: str
    admin_password: str
    school_year: str


SETUP_ACTOR = Actor.system("khoi_tao")
SETUP_REASON = "Khởi tạo dữ liệu nhà trường"


def initialize(db: Database, req: SetupRequest) -> school.SchoolProfile:
    """Create the school, its first admin account and current year, atomically; the profile,
    carrying ``SETUP_CHANGES``."""
    with db.uow(actor=SETUP_ACTOR, reason=SETUP_REASON) as s:
        profile = create(s, req)
    db.school_code = profile.code
    return replace(profile, changes=SETUP_CHANGES)


def create(session: Session, req: SetupRequest) -> school.SchoolProfile:
    """``initialize`` in the caller's unit of work (the demo school writes all it makes in one)."""
    profile = school.create_school(session, req.profile)
    accounts.create_user(
        session,
        SETUP_ACTOR,
        req.admin_username,
        req.admin_full_name,
        Role.ADMIN,
        req.admin_password,
        school_code=profile.code,
    )
    school.add_year(session, SETUP_ACTOR, req.school_year, current=True)
    return profile


def load_school_code(db: Database) -> str:
    """Read the school code into ``db`` so journal entries carry it; '' before setup."""
    with db.read() as s:
        prof = school.get_profile(s)
    db.school_code = prof.code if prof else ""
    return db.school_code

"""First-run setup: the school profile, the first admin and the current year in one step."""

from __future__ import annotations

from dataclasses import dataclass, replace

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


def initialize(db: Database, req: SetupRequest) -> school.SchoolProfile:
    """Create the school, its first admin account and current year, atomically; the profile,
    carrying ``SETUP_CHANGES``."""
    actor = Actor.system("khoi_tao")
    with db.uow(actor=actor, reason="Khởi tạo dữ liệu nhà trường") as s:
        profile = school.create_school(s, req.profile)
        accounts.create_user(
            s,
            actor,
            req.admin_username,
            req.admin_full_name,
            Role.ADMIN,
            req.admin_password,
            school_code=profile.code,
        )
        school.add_year(s, actor, req.school_year, current=True)
    db.school_code = profile.code
    return replace(profile, changes=SETUP_CHANGES)


def load_school_code(db: Database) -> str:
    """Read the school code into ``db`` so journal entries carry it; '' before setup."""
    with db.read() as s:
        prof = school.get_profile(s)
    db.school_code = prof.code if prof else ""
    return db.school_code

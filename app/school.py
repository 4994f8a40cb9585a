"""The school profile and its school years."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import Boolean, Date, String, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from app import hooks, journal
from app.changes import SCHOOL, SCHOOL_YEAR, Changes, carried
from app.db import Actor, Base, SyncMixin
from app.errors import Conflict, NotFound, ValidationError
from app.messages import MSG
from app.permissions import Perm, require
from app.reference_match import join_choices, match_province

LEVELS: dict[str, str] = {"tieu_hoc": "Tiểu học", "thcs": "THCS", "thpt": "THPT"}
_CODE_RE = re.compile(r"^[A-Za-z0-9]{2,20}$")
_YEAR_RE = re.compile(r"^(\d{4})-(\d{4})$")


class School(SyncMixin, journal.Tracked, Base):
    """The school this database belongs to (one row)."""

    __tablename__ = "school"

    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    levels: Mapped[str] = mapped_column(String(40))
    province: Mapped[str] = mapped_column(String(100), default="")
    commune: Mapped[str] = mapped_column(String(100), default="")
    authority: Mapped[str] = mapped_column(String(200), default="")
    principal: Mapped[str] = mapped_column(String(120), default="")
    address: Mapped[str] = mapped_column(String(300), default="")
    phone: Mapped[str] = mapped_column(String(30), default="")
    email: Mapped[str] = mapped_column(String(120), default="")


class SchoolYear(SyncMixin, journal.Tracked, Base):
    """A school year such as 2025-2026; exactly one is current."""

    __tablename__ = "school_year"

    name: Mapped[str] = mapped_column(String(9), unique=True)
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    is_current: Mapped[bool] = mapped_column(Boolean, default=False)


@dataclass(frozen=True)
class SchoolProfile:
    """Input and output form of the school profile."""

    code: str
    name: str
    levels: tuple[str, ...]
    province: str = ""
    commune: str = ""
    authority: str = ""
    principal: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""
    changes: Changes = carried()  # set by create_school and update_profile

    @property
    def level_labels(self) -> str:
        """Levels as Vietnamese text, e.g. "THCS, THPT"."""
        return ", ".join(LEVELS[lv] for lv in self.levels if lv in LEVELS)


@dataclass(frozen=True)
class YearInfo:
    """A school year as lists show it."""

    id: uuid.UUID
    name: str
    start_date: date
    end_date: date
    is_current: bool
    changes: Changes = carried()  # set by add_year


def validate_profile(p: SchoolProfile) -> SchoolProfile:
    """Normalise and check a profile; raises ``ValidationError`` naming the field."""
    code = p.code.strip().upper()
    if not _CODE_RE.match(code):
        raise ValidationError(MSG.school_code_invalid)
    if not p.name.strip():
        raise ValidationError(MSG.school_name_required)
    levels = tuple(lv for lv in LEVELS if lv in p.levels)
    if not levels:
        raise ValidationError(MSG.school_levels_required)
    return SchoolProfile(
        code,
        p.name.strip(),
        levels,
        canonical_province(p.province),
        p.commune.strip(),
        p.authority.strip(),
        p.principal.strip(),
        p.address.strip(),
        p.phone.strip(),
        p.email.strip(),
    )


def canonical_province(typed: str) -> str:
    """The province as the 2025 list names it ("TP HCM" → "Thành phố Hồ Chí Minh"); "" stays "".

    Raises ``ValidationError`` naming an unknown province and offering the closest ones.
    """
    province = " ".join(typed.split())
    if not province:
        return ""
    found = match_province(province)
    if found.found is not None:
        return found.found
    if found.closest:
        choices = join_choices(found.closest)
        raise ValidationError(MSG.province_unknown_closest.format(value=province, choices=choices))
    raise ValidationError(MSG.province_unknown.format(value=province))


def _profile(s: School) -> SchoolProfile:
    return SchoolProfile(
        s.code,
        s.name,
        tuple(lv for lv in s.levels.split(",") if lv),
        s.province,
        s.commune,
        s.authority,
        s.principal,
        s.address,
        s.phone,
        s.email,
    )


def _row(session: Session) -> School | None:
    return session.scalar(select(School).limit(1))


def get_profile(session: Session) -> SchoolProfile | None:
    """The school profile, or None before the first-run wizard."""
    row = _row(session)
    return _profile(row) if row else None


def require_profile(session: Session) -> SchoolProfile:
    """The school profile, or ``NotFound`` telling the user to initialise."""
    prof = get_profile(session)
    if prof is None:
        raise NotFound(MSG.school_missing)
    return prof


def create_school(session: Session, profile: SchoolProfile) -> SchoolProfile:
    """Create the profile once (first run / init)."""
    p = validate_profile(profile)
    existing = _row(session)
    if existing is not None:
        raise Conflict(MSG.school_exists.format(code=existing.code))
    session.info["school_code"] = p.code
    session.add(
        School(
            code=p.code,
            school_code=p.code,
            name=p.name,
            levels=",".join(p.levels),
            province=p.province,
            commune=p.commune,
            authority=p.authority,
            principal=p.principal,
            address=p.address,
            phone=p.phone,
            email=p.email,
        )
    )
    session.flush()
    return replace(p, changes=Changes.of(SCHOOL))


def update_profile(session: Session, actor: Actor | None, profile: SchoolProfile) -> SchoolProfile:
    """Edit the profile; the school code itself never changes.

    The current year then gets what a level added now needs (``app.hooks``: its subjects).
    """
    require(actor, Perm.EDIT_SCHOOL)
    row = _row(session)
    if row is None:
        raise NotFound(MSG.school_missing)
    p = validate_profile(profile)
    row.name, row.levels = p.name, ",".join(p.levels)
    row.province, row.commune, row.authority = p.province, p.commune, p.authority
    row.principal, row.address, row.phone, row.email = p.principal, p.address, p.phone, p.email
    session.flush()
    current = session.scalar(select(SchoolYear.name).where(SchoolYear.is_current.is_(True)))
    if current is not None:  # a level added now gets this year's subjects at once
        for hook in hooks.installed().levels_changed:
            hook(session, actor, current)
    return replace(_profile(row), changes=Changes.of(SCHOOL))


def parse_year(name: str) -> tuple[int, int]:
    """Split "2025-2026" into (2025, 2026), rejecting anything else."""
    m = _YEAR_RE.match(name.strip())
    if not m or int(m.group(2)) != int(m.group(1)) + 1:
        raise ValidationError(MSG.school_year_invalid.format(value=name))
    return int(m.group(1)), int(m.group(2))


def year_for(day: date) -> str:
    """The school year a date falls in (years start in September)."""
    start = day.year if day.month >= 8 else day.year - 1
    return f"{start}-{start + 1}"


def add_year(
    session: Session, actor: Actor | None, name: str, *, current: bool = False
) -> YearInfo:
    """Add a school year (5 Sep – 31 May by default) and optionally make it current.

    The modules then prepare it (``app.hooks``: the grade book gives it subjects and semesters).
    """
    require(actor, Perm.EDIT_SCHOOL)
    first, second = parse_year(name)
    name = f"{first}-{second}"
    if session.scalar(select(SchoolYear.id).where(SchoolYear.name == name)):
        raise Conflict(MSG.school_year_exists.format(value=name))
    year = SchoolYear(
        name=name,
        start_date=date(first, 9, 5),
        end_date=date(second, 5, 31),
        school_code=session.info.get("school_code", ""),
    )
    session.add(year)
    session.flush()
    if current:
        set_current_year(session, actor, name, _checked=True)
    for hook in hooks.installed().year_added:  # the grade book: its catalogue and semesters
        hook(session, actor, name)
    return replace(_year(year), changes=Changes.of(SCHOOL_YEAR))


def _year(y: SchoolYear) -> YearInfo:
    return YearInfo(y.id, y.name, y.start_date, y.end_date, y.is_current)


def set_current_year(
    session: Session, actor: Actor | None, name: str, *, _checked: bool = False
) -> Changes:
    """Make ``name`` the one current year."""
    if not _checked:
        require(actor, Perm.EDIT_SCHOOL)
    target = session.scalar(select(SchoolYear).where(SchoolYear.name == name))
    if target is None:
        raise NotFound(MSG.school_year_invalid.format(value=name))
    for other in session.scalars(select(SchoolYear).where(SchoolYear.is_current.is_(True))):
        if other.id != target.id:
            other.is_current = False
    target.is_current = True
    session.flush()
    return Changes.of(SCHOOL_YEAR)


def list_years(session: Session) -> list[YearInfo]:
    """All school years, newest first."""
    return [_year(y) for y in session.scalars(select(SchoolYear).order_by(SchoolYear.name.desc()))]


def current_year(session: Session) -> YearInfo | None:
    """The current school year, if any."""
    y = session.scalar(select(SchoolYear).where(SchoolYear.is_current.is_(True)))
    return _year(y) if y else None

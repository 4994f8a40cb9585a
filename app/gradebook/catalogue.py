"""The subject catalogue of each school year: seeded from resources/subjects, editable per school.

Each school year has its own copy, so editing a period count changes the number
of regular assessments from that year on, while finished years keep the
catalogue their results were computed with. A new year copies the latest
earlier year's catalogue, or the seed file when there is none.
"""

from __future__ import annotations

import csv
import uuid
from dataclasses import dataclass
from functools import cache

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import school
from app.changes import Changes
from app.db import Actor, utcnow
from app.errors import Conflict, NotFound, ValidationError
from app.gradebook.models import ClassElective, Subject
from app.gradebook.values import required_regular
from app.grading.scores import clean_text
from app.messages.gradebook import GRADEBOOK_MSG as M
from app.paths import resource
from app.permissions import Perm, can, require
from app.students.models import ClassGroup

SEED_FILE = ("subjects", "gdpt2018.csv")
SUBJECTS = "subject"
MAX_PERIODS = 1000


@dataclass(frozen=True)
class SeedSubject:
    """One row of the seed file, expanded to a single grade."""

    level: str
    grade: int
    name: str
    short_name: str
    periods_per_year: int
    comment_only: bool
    elective: bool
    position: int
    provenance: str


@dataclass(frozen=True)
class SubjectInfo:
    """A subject of the catalogue as lists and grids show it."""

    id: uuid.UUID
    school_year: str
    level: str
    grade: int
    name: str
    short_name: str
    periods_per_year: int
    comment_only: bool
    elective: bool
    position: int
    active: bool
    provenance: str
    regular_count: int
    """ĐĐGtx per semester under the current catalogue row."""

    @property
    def label(self) -> str:
        """The short name if there is one, else the full name."""
        return self.short_name or self.name


@dataclass(frozen=True)
class SubjectEdit:
    """Changes to one subject; None keeps the stored value."""

    name: str | None = None
    short_name: str | None = None
    periods_per_year: int | None = None
    comment_only: bool | None = None
    elective: bool | None = None
    position: int | None = None
    active: bool | None = None


def grade_range(text: str) -> range:
    """The grades of a resource row: "6-9" → 6..9, "1" → 1..1."""
    first, _, last = text.partition("-")
    return range(int(first), int(last or first) + 1)


@cache
def seed_rows() -> tuple[SeedSubject, ...]:
    """Every row of the bundled seed file, one per grade."""
    with resource(*SEED_FILE).open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    return tuple(
        SeedSubject(
            r["level"],
            grade,
            clean_text(r["name"]),
            clean_text(r["short_name"]),
            int(r["periods_per_year"]),
            r["comment_only"] == "1",
            r["elective"] == "1",
            int(r["position"]),
            r["provenance"],
        )
        for r in rows
        for grade in grade_range(r["grades"])
    )


def info(s: Subject) -> SubjectInfo:
    """The frozen view of a subject row."""
    return SubjectInfo(
        s.id,
        s.school_year,
        s.level,
        s.grade,
        s.name,
        s.short_name,
        s.periods_per_year,
        s.comment_only,
        s.elective,
        s.position,
        s.active,
        s.provenance,
        required_regular(s.periods_per_year, s.comment_only),
    )


def _year_rows(session: Session, year: str) -> list[Subject]:
    stmt = select(Subject).where(Subject.school_year == year)
    return list(session.scalars(stmt.order_by(Subject.grade, Subject.position, Subject.name)))


def _previous_year(session: Session, year: str) -> str | None:
    stmt = select(Subject.school_year).where(Subject.school_year < year).distinct()
    years = sorted(session.scalars(stmt))
    return years[-1] if years else None


def _new_row(session: Session, year: str, src: SeedSubject | Subject) -> Subject:
    now = utcnow()
    return Subject(
        id=uuid.uuid4(),
        school_code=session.info.get("school_code", ""),
        created_at=now,
        updated_at=now,
        school_year=year,
        level=src.level,
        grade=src.grade,
        name=src.name,
        short_name=src.short_name,
        periods_per_year=src.periods_per_year,
        comment_only=src.comment_only,
        elective=src.elective,
        position=src.position,
        active=getattr(src, "active", True),
        provenance=src.provenance,
    )


def ensure_catalogue(session: Session, actor: Actor | None, year: str) -> int:
    """Give ``year`` the subjects of every level the school teaches that it has none of yet.

    Each missing level is copied from the previous year when that year has it,
    else taken from the seed; a level added to the school profile later gets its
    subjects the next time. Returns the number of subjects created (0: nothing missing).
    """
    if not can(actor, Perm.MANAGE_CLASSES):
        require(actor, Perm.ENTER_GRADES)
    have = set(session.scalars(select(Subject.level).where(Subject.school_year == year).distinct()))
    wanted = set(school.require_profile(session).levels)
    if have and not wanted - have:
        return 0
    previous = _previous_year(session, year)
    earlier = _year_rows(session, previous) if previous else []
    # a new year copies every level of the previous one; an existing year only gains levels
    missing = wanted - have if have else wanted | {r.level for r in earlier}
    copied = [r for r in earlier if r.level in missing]
    copied_levels = {r.level for r in copied}
    sources: list[SeedSubject | Subject] = list(copied)
    sources += [r for r in seed_rows() if r.level in missing - copied_levels and r.level in wanted]
    rows = [_new_row(session, year, src) for src in sources]
    session.add_all(rows)
    session.flush()
    return len(rows)


def list_subjects(
    session: Session, year: str, grade: int | None = None, *, active_only: bool = False
) -> list[SubjectInfo]:
    """The catalogue of a year (optionally one grade) in display order."""
    stmt = select(Subject).where(Subject.school_year == year)
    if grade is not None:
        stmt = stmt.where(Subject.grade == grade)
    if active_only:
        stmt = stmt.where(Subject.active.is_(True))
    stmt = stmt.order_by(Subject.grade, Subject.position, Subject.name)
    return [info(s) for s in session.scalars(stmt)]


def get_subject(session: Session, subject_id: uuid.UUID) -> Subject:
    """A subject row, or NotFound."""
    row = session.get(Subject, subject_id)
    if row is None:
        raise NotFound(M.subject_not_found_id)
    return row


def _check_edit(edit: SubjectEdit) -> None:
    if edit.name is not None and not clean_text(edit.name):
        raise ValidationError(M.subject_name_required)
    periods = edit.periods_per_year
    if periods is not None and not 1 <= periods <= MAX_PERIODS:
        raise ValidationError(M.periods_invalid.format(value=periods, limit=MAX_PERIODS))


def update_subject(
    session: Session, actor: Actor | None, subject_id: uuid.UUID, edit: SubjectEdit
) -> Changes:
    """Edit one subject of the catalogue; the regular count follows the new period count."""
    require(actor, Perm.MANAGE_CLASSES)
    _check_edit(edit)
    row = get_subject(session, subject_id)
    if edit.name is not None:
        name = clean_text(edit.name)
        clash = select(Subject.id).where(
            Subject.school_year == row.school_year,
            Subject.grade == row.grade,
            Subject.name == name,
            Subject.id != row.id,
        )
        if session.scalar(clash):
            raise Conflict(M.subject_exists.format(name=name, grade=row.grade))
        row.name = name
    for field in ("periods_per_year", "comment_only", "elective", "position", "active"):
        value = getattr(edit, field)
        if value is not None:
            setattr(row, field, value)
    if edit.short_name is not None:
        row.short_name = clean_text(edit.short_name)
    session.flush()
    return Changes.of(SUBJECTS)


def add_subject(
    session: Session,
    actor: Actor | None,
    year: str,
    grade: int,
    name: str,
    periods_per_year: int,
    *,
    short_name: str = "",
    comment_only: bool = False,
    elective: bool = False,
) -> SubjectInfo:
    """Add a subject to one grade of a year's catalogue (e.g. a school-specific subject)."""
    require(actor, Perm.MANAGE_CLASSES)
    _check_edit(SubjectEdit(name=name, periods_per_year=periods_per_year))
    name = clean_text(name)
    same = select(Subject).where(Subject.school_year == year, Subject.grade == grade)
    existing = list(session.scalars(same))
    if any(s.name == name for s in existing):
        raise Conflict(M.subject_exists.format(name=name, grade=grade))
    level = next((s.level for s in existing), _level_of_grade(grade))
    position = max((s.position for s in existing), default=0) + 1
    row = SeedSubject(
        level,
        grade,
        name,
        clean_text(short_name),
        periods_per_year,
        comment_only,
        elective,
        position,
        M.provenance_school,
    )
    subject = _new_row(session, year, row)
    session.add(subject)
    session.flush()
    return info(subject)


def _level_of_grade(grade: int) -> str:
    return "tieu_hoc" if grade <= 5 else "thcs" if grade <= 9 else "thpt"


def find_subject(session: Session, year: str, grade: int, text: str) -> Subject:
    """A subject of a grade by full or short name (case-insensitive), or NotFound."""
    wanted = clean_text(text).casefold()
    stmt = select(Subject).where(Subject.school_year == year, Subject.grade == grade)
    for row in session.scalars(stmt):
        if wanted in (row.name.casefold(), row.short_name.casefold()):
            return row
    raise NotFound(M.subject_not_found.format(name=clean_text(text), grade=grade, year=year))


def class_subjects(session: Session, group: ClassGroup) -> list[SubjectInfo]:
    """Subjects a class studies: the grade's active compulsory subjects plus its electives."""
    chosen = select(ClassElective.subject_id).where(ClassElective.class_id == group.id)
    stmt = select(Subject).where(
        Subject.school_year == group.school_year,
        Subject.grade == group.grade,
        Subject.active.is_(True),
        Subject.elective.is_(False) | Subject.id.in_(chosen),
    )
    stmt = stmt.order_by(Subject.position, Subject.name)
    return [info(s) for s in session.scalars(stmt)]


def class_subject(session: Session, group: ClassGroup, subject_id: uuid.UUID) -> SubjectInfo:
    """A subject the class studies, or a ValidationError naming the class."""
    found = next((s for s in class_subjects(session, group) if s.id == subject_id), None)
    if found is None:
        raise ValidationError(M.subject_not_in_class.format(cls=group.name))
    return found

"""Semesters (Học kì I, Học kì II) of each school year, with their dates."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import school
from app.changes import Changes
from app.db import Actor
from app.errors import NotFound, ValidationError
from app.gradebook.models import Semester
from app.gradebook.values import SEMESTERS
from app.messages.gradebook import GRADEBOOK_MSG as M
from app.permissions import Perm, can, require

SEMESTER_TABLE = "semester"
ROMAN = {1: "I", 2: "II"}
FIRST_SEMESTER_END = (1, 15)
"""Học kì I ends mid-January by default (month, day of the year's second calendar year)."""


@dataclass(frozen=True)
class SemesterInfo:
    """A semester with its dates; ``stored`` is False for the default dates of a new year."""

    school_year: str
    number: int
    start_date: date
    end_date: date
    stored: bool = True

    @property
    def label(self) -> str:
        """ "Học kì I" or "Học kì II"."""
        return semester_label(self.number)


def semester_label(number: int) -> str:
    """ "Học kì I" / "Học kì II"."""
    return M.semester_label.format(roman=ROMAN.get(number, str(number)))


def check_semester(number: int) -> int:
    """``number`` if it is 1 or 2, else a ValidationError."""
    if number not in SEMESTERS:
        raise ValidationError(M.semester_invalid.format(value=number))
    return number


def _year(session: Session, year: str) -> school.YearInfo:
    found = next((y for y in school.list_years(session) if y.name == year), None)
    if found is None:
        raise NotFound(M.year_not_found.format(year=year))
    return found


def default_semesters(year: school.YearInfo) -> tuple[SemesterInfo, SemesterInfo]:
    """HK I from the first day to mid-January, HK II from the day after to the last day."""
    second = int(year.name[5:])
    split = date(second, *FIRST_SEMESTER_END)
    return (
        SemesterInfo(year.name, 1, year.start_date, split, stored=False),
        SemesterInfo(year.name, 2, date.fromordinal(split.toordinal() + 1), year.end_date, False),
    )


def list_semesters(session: Session, year: str) -> list[SemesterInfo]:
    """Both semesters of a year: the stored dates, or the defaults where none are stored."""
    stored = {
        s.number: SemesterInfo(s.school_year, s.number, s.start_date, s.end_date)
        for s in session.scalars(select(Semester).where(Semester.school_year == year))
    }
    defaults = default_semesters(_year(session, year))
    return [stored.get(d.number, d) for d in defaults]


def ensure_semesters(session: Session, actor: Actor | None, year: str) -> int:
    """Store the default dates of a year's semesters that have none; returns how many."""
    if not can(actor, Perm.EDIT_SCHOOL):
        require(actor, Perm.ENTER_GRADES)
    created = 0
    for sem in list_semesters(session, year):
        if not sem.stored:
            session.add(_row(session, sem))
            created += 1
    session.flush()
    return created


def _row(session: Session, sem: SemesterInfo) -> Semester:
    return Semester(
        id=uuid.uuid4(),
        school_code=session.info.get("school_code", ""),
        school_year=sem.school_year,
        number=sem.number,
        start_date=sem.start_date,
        end_date=sem.end_date,
    )


def set_semester_dates(
    session: Session, actor: Actor | None, year: str, number: int, start: date, end: date
) -> Changes:
    """Change a semester's dates; they must lie in the year and not overlap the other one."""
    require(actor, Perm.EDIT_SCHOOL)
    check_semester(number)
    info = _year(session, year)
    if not info.start_date <= start < end <= info.end_date:
        raise ValidationError(
            M.semester_dates_invalid.format(
                semester=semester_label(number),
                start=f"{start:%d/%m/%Y}",
                end=f"{end:%d/%m/%Y}",
                year=year,
            )
        )
    other = next(s for s in list_semesters(session, year) if s.number != number)
    if (number == 1 and end >= other.start_date) or (number == 2 and start <= other.end_date):
        raise ValidationError(M.semester_overlap.format(semester=semester_label(number)))
    row = session.scalar(
        select(Semester).where(Semester.school_year == year, Semester.number == number)
    )
    if row is None:
        row = _row(session, SemesterInfo(year, number, start, end))
        session.add(row)
    row.start_date, row.end_date = start, end
    session.flush()
    return Changes.of(SEMESTER_TABLE)


def semester_on(session: Session, day: date) -> SemesterInfo | None:
    """The semester a date falls in, if any."""
    year = school.year_for(day)
    if year not in {y.name for y in school.list_years(session)}:
        return None
    return next(
        (s for s in list_semesters(session, year) if s.start_date <= day <= s.end_date), None
    )

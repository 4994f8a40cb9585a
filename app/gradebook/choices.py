"""Which classes an actor may open in the grade book, with the subjects of each, and what
they may keep there as its homeroom teacher.

Teachers see only the classes and subjects they are assigned (plus the classes
they lead, for conduct); the principal and the office see every class of the
year. The window's pickers and tabs follow these rules, and so can the CLI and
sync; the services check the same rights again (``app.gradebook.access``).
Everything is returned as frozen values.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy.orm import Session

from app import school
from app.db import Actor
from app.gradebook import access, assignments, catalogue
from app.permissions import Perm, Role, can
from app.students.classes import list_classes
from app.students.validation import grade_of_class


@dataclass(frozen=True)
class SubjectChoice:
    """A subject the picker offers for a class."""

    id: uuid.UUID
    name: str
    comment_only: bool


@dataclass(frozen=True)
class ClassChoice:
    """A class the picker offers; ``homeroom`` when the actor leads it."""

    id: uuid.UUID
    name: str
    grade: int
    school_year: str
    homeroom: bool
    homeroom_name: str
    subjects: tuple[SubjectChoice, ...]


@dataclass(frozen=True)
class YearChoices:
    """The school years to pick from and the current one."""

    names: tuple[str, ...]
    current: str | None


def is_class_teacher(actor: Actor) -> bool:
    """Whether the actor only sees their own assignments (a teacher without supervision)."""
    return actor.role == Role.TEACHER and not access.supervises(actor)


def sees_homeroom_tabs(actor: Actor, choice: ClassChoice) -> bool:
    """Whether the class's own sheets (conduct, qualities and competencies) are shown:
    to its homeroom teacher, and to everyone who is not limited to their own classes."""
    return choice.homeroom or not is_class_teacher(actor)


def keeps_homeroom_records(actor: Actor, choice: ClassChoice) -> bool:
    """Whether the actor may record the class's conduct, ratings, re-test choices and
    summer conduct: its homeroom teacher or a supervisor (``access.require_homeroom``)."""
    return choice.homeroom or access.supervises(actor)


def load_years(session: Session) -> YearChoices:
    """School years, newest first, and the current one."""
    years = sorted((y.name for y in school.list_years(session)), reverse=True)
    current = school.current_year(session)
    return YearChoices(tuple(years), current.name if current else None)


def _subject(info: catalogue.SubjectInfo) -> SubjectChoice:
    return SubjectChoice(info.id, info.name, info.comment_only)


def _teacher_classes(session: Session, actor: Actor, year: str) -> tuple[ClassChoice, ...]:
    """A teacher's assigned classes (only the assigned subjects) and the classes they lead."""
    comment_only = {s.id: s.comment_only for s in catalogue.list_subjects(session, year)}
    led = {c.id: c for c in list_classes(session, actor, year)}
    subjects: dict[uuid.UUID, list[SubjectChoice]] = {}
    names: dict[uuid.UUID, str] = {}
    for a in assignments.my_assignments(session, actor, year):
        names[a.class_id] = a.class_name
        choice = SubjectChoice(a.subject_id, a.subject_name, comment_only.get(a.subject_id, False))
        subjects.setdefault(a.class_id, []).append(choice)
    for led_class in led.values():
        names.setdefault(led_class.id, led_class.name)
    out = []
    for class_id, name in names.items():
        info = led.get(class_id)
        out.append(
            ClassChoice(
                class_id,
                name,
                info.grade if info else (grade_of_class(name) or 0),
                year,
                info is not None,
                info.homeroom_teacher if info else "",
                tuple(subjects.get(class_id, ())),
            )
        )
    return tuple(sorted(out, key=lambda c: (c.grade, c.name)))


def load_classes(session: Session, actor: Actor, year: str) -> tuple[ClassChoice, ...]:
    """Classes of ``year`` the actor may open in the grade book, in grade order."""
    if not can(actor, Perm.VIEW_GRADES):
        return ()
    if is_class_teacher(actor):
        return _teacher_classes(session, actor, year)
    out = []
    for info in list_classes(session, actor, year):
        group = access.get_class(session, info.id)
        subjects = tuple(_subject(s) for s in catalogue.class_subjects(session, group))
        out.append(
            ClassChoice(
                info.id,
                info.name,
                info.grade,
                info.school_year,
                info.homeroom_username == actor.username,
                info.homeroom_teacher,
                subjects,
            )
        )
    return tuple(out)

"""Classes of a school year, homeroom teachers, enrolments and moves between classes."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app import journal, school
from app.accounts import User
from app.changes import Changes, carried
from app.db import Actor
from app.errors import Conflict, NotFound, ValidationError
from app.messages.students import M
from app.permissions import Perm, Role, require
from app.students import access
from app.students.changes import CLASS_CHANGES, MOVE_CHANGES
from app.students.models import ClassGroup, Enrolment, EventKind, Student, StudentEvent
from app.students.validation import grade_of_class, normalise_class_name

LEVEL_GRADES: dict[str, range] = {
    "tieu_hoc": range(1, 6),
    "thcs": range(6, 10),
    "thpt": range(10, 13),
}


@dataclass(frozen=True)
class Moved:
    """How many students a move put in another class (``enrol``, ``move_students``)."""

    count: int

    @property
    def changes(self) -> Changes:
        """Enrolments, class-change events and class sizes, or nothing when nobody moved."""
        return MOVE_CHANGES if self.count else Changes()


@dataclass(frozen=True)
class ClassInfo:
    """A class as lists show it."""

    id: uuid.UUID
    name: str
    school_year: str
    grade: int
    homeroom_teacher: str
    homeroom_username: str
    student_count: int
    changes: Changes = carried()  # set by create_class and set_homeroom


def school_grades(session: Session) -> list[int]:
    """Grades taught at this school, from its levels."""
    prof = school.require_profile(session)
    return [g for lv in prof.levels for g in LEVEL_GRADES.get(lv, range(0))]


def _teacher_id(session: Session, username: str | None) -> uuid.UUID | None:
    if not username:
        return None
    user = session.scalar(select(User).where(User.username == username.strip().lower()))
    if user is None or user.role not in (Role.TEACHER, Role.PRINCIPAL, Role.ADMIN):
        raise NotFound(M.teacher_not_found.format(user=username))
    return user.id


def create_class(
    session: Session,
    actor: Actor | None,
    name: str,
    *,
    year: str | None = None,
    homeroom: str | None = None,
) -> ClassInfo:
    """Add a class such as "6A1" to a year (default: the current one); the grade comes from the name."""
    require(actor, Perm.MANAGE_CLASSES)
    year = access.year_name(session, year)
    name = normalise_class_name(name)
    grade = grade_of_class(name)
    if grade is None:
        raise ValidationError(M.class_bad.format(field="Lớp", value=name))
    grades = school_grades(session)
    if grade not in grades:
        levels = school.require_profile(session).level_labels
        raise ValidationError(M.class_grade_bad.format(grade=grade, levels=levels))
    if session.scalar(
        select(ClassGroup.id).where(ClassGroup.name == name, ClassGroup.school_year == year)
    ):
        raise Conflict(M.class_exists.format(name=name, year=year))
    group = ClassGroup(
        id=uuid.uuid4(),
        name=name,
        school_year=year,
        grade=grade,
        homeroom_teacher_id=_teacher_id(session, homeroom),
        school_code=session.info.get("school_code", ""),
    )
    session.add(group)
    session.flush()
    return replace(class_info(session, group.id), changes=CLASS_CHANGES)


def class_info(session: Session, class_id: uuid.UUID) -> ClassInfo:
    """One class with its homeroom teacher and the number of students enrolled now."""
    rows = _class_rows(session, select(ClassGroup).where(ClassGroup.id == class_id))
    if not rows:
        raise NotFound(M.class_not_found_id)
    return rows[0]


def _class_rows(session: Session, stmt: object) -> list[ClassInfo]:
    counts = (
        select(Enrolment.class_id, func.count().label("n"))
        .where(Enrolment.end_date.is_(None))
        .group_by(Enrolment.class_id)
        .subquery()
    )
    full = (
        stmt.add_columns(User.full_name, User.username, counts.c.n)  # type: ignore[attr-defined]
        .outerjoin(User, User.id == ClassGroup.homeroom_teacher_id)
        .outerjoin(counts, counts.c.class_id == ClassGroup.id)
        .order_by(ClassGroup.grade, ClassGroup.name)
    )
    return [
        ClassInfo(c.id, c.name, c.school_year, c.grade, tname or "", uname or "", int(n or 0))
        for c, tname, uname, n in session.execute(full)
    ]


def list_classes(session: Session, actor: Actor | None, year: str | None = None) -> list[ClassInfo]:
    """Classes of a year in grade order; teachers see only the classes they lead."""
    require(actor, Perm.VIEW_STUDENTS)
    assert actor is not None
    year = access.year_name(session, year)
    stmt = select(ClassGroup).where(ClassGroup.school_year == year)
    if access.is_class_scoped(actor):
        stmt = stmt.where(ClassGroup.id.in_(access.own_class_ids(session, actor)))
    return _class_rows(session, stmt)


def class_by_name(session: Session, name: str, year: str) -> ClassGroup:
    """The class called ``name`` in ``year``, or ``NotFound``."""
    wanted = normalise_class_name(name)
    group = session.scalar(
        select(ClassGroup).where(ClassGroup.name == wanted, ClassGroup.school_year == year)
    )
    if group is None:
        raise NotFound(M.class_not_found.format(value=wanted, year=year))
    return group


HOMEROOM_ROLES = (Role.TEACHER, Role.PRINCIPAL, Role.ADMIN)


@dataclass(frozen=True)
class TeacherChoice:
    """An account that may lead a class."""

    username: str
    full_name: str


def homeroom_candidates(session: Session, actor: Actor | None) -> list[TeacherChoice]:
    """Active teachers (and principals, admins) who may lead a class, by name."""
    require(actor, Perm.MANAGE_CLASSES)
    rows = session.execute(
        select(User.username, User.full_name)
        .where(User.role.in_([r.value for r in HOMEROOM_ROLES]), User.active.is_(True))
        .order_by(User.full_name)
    )
    return [TeacherChoice(u, n) for u, n in rows]


def set_homeroom(
    session: Session, actor: Actor | None, class_id: uuid.UUID, username: str | None
) -> ClassInfo:
    """Assign (or clear, with None) the homeroom teacher of a class."""
    require(actor, Perm.MANAGE_CLASSES)
    group = session.get(ClassGroup, class_id)
    if group is None:
        raise NotFound(M.class_not_found_id)
    group.homeroom_teacher_id = _teacher_id(session, username)
    session.flush()
    return replace(class_info(session, class_id), changes=CLASS_CHANGES)


def default_start(session: Session, year: str, today: date | None = None) -> date:
    """Today if it falls in the school year, else the year's first day."""
    today = today or date.today()
    info = next((y for y in school.list_years(session) if y.name == year), None)
    if info is None or info.start_date <= today <= info.end_date:
        return today
    return info.start_date


def open_enrolment(
    session: Session, student_id: uuid.UUID, year: str | None = None
) -> Enrolment | None:
    """The student's current enrolment (in ``year`` if given)."""
    stmt = select(Enrolment).where(Enrolment.student_id == student_id, Enrolment.end_date.is_(None))
    if year:
        stmt = stmt.where(Enrolment.school_year == year)
    return session.scalar(stmt.order_by(Enrolment.start_date.desc()).limit(1))


def place_in_class(
    session: Session, student: Student, group: ClassGroup, on: date, reason: str = ""
) -> bool:
    """Enrol in ``group``, closing another open enrolment of that year (a class change); False if already there."""
    current = open_enrolment(session, student.id, group.school_year)
    if current is not None and current.class_id == group.id:
        return False
    if current is not None:
        current.end_date = max(current.start_date, on - timedelta(days=1))
        from_name = session.get(ClassGroup, current.class_id)
        session.add(
            StudentEvent(
                id=uuid.uuid4(),
                student_id=student.id,
                kind=EventKind.CLASS_CHANGE,
                event_date=on,
                school_year=group.school_year,
                reason=reason,
                details=f"{from_name.name if from_name else ''} → {group.name}",
                school_code=student.school_code,
            )
        )
    enrolment = Enrolment(
        id=uuid.uuid4(),
        student_id=student.id,
        class_id=group.id,
        school_year=group.school_year,
        start_date=on,
        school_code=student.school_code,
    )
    session.add(enrolment)
    if reason:
        journal.set_reason(session, enrolment, reason)
    session.flush()
    return True


def enrol(
    session: Session,
    actor: Actor | None,
    student_id: uuid.UUID,
    class_id: uuid.UUID,
    *,
    on: date | None = None,
    reason: str = "",
) -> Moved:
    """Put a student in a class (moving them if they were in another class that year)."""
    require(actor, Perm.EDIT_STUDENTS)
    student = session.get(Student, student_id)
    group = session.get(ClassGroup, class_id)
    if student is None:
        raise NotFound(M.student_not_found.format(code=student_id))
    if group is None:
        raise NotFound(M.class_not_found_id)
    start = on or default_start(session, group.school_year)
    return Moved(int(place_in_class(session, student, group, start, reason)))


def move_students(
    session: Session,
    actor: Actor | None,
    student_ids: Sequence[uuid.UUID],
    to_class_id: uuid.UUID,
    *,
    on: date | None = None,
    reason: str = "",
) -> Moved:
    """Move several students into one class; how many actually moved."""
    require(actor, Perm.EDIT_STUDENTS)
    moves = [enrol(session, actor, sid, to_class_id, on=on, reason=reason) for sid in student_ids]
    return Moved(sum(m.count for m in moves))

"""Teaching assignments: which teacher teaches which subject to which class."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from app.accounts import User
from app.changes import Changes
from app.db import Actor
from app.errors import Conflict, NotFound, ValidationError
from app.gradebook.access import get_class
from app.gradebook.catalogue import class_subjects
from app.gradebook.models import Subject, TeachingAssignment
from app.messages.gradebook import GRADEBOOK_MSG as M
from app.permissions import Perm, Role, require
from app.students.models import ClassGroup

ASSIGNMENTS = "teaching_assignment"
TEACHING_ROLES = frozenset({Role.TEACHER, Role.PRINCIPAL, Role.ADMIN})


@dataclass(frozen=True)
class AssignmentInfo:
    """One teaching assignment as lists show it."""

    id: uuid.UUID
    school_year: str
    class_id: uuid.UUID
    class_name: str
    subject_id: uuid.UUID
    subject_name: str
    teacher_id: uuid.UUID
    teacher_username: str
    teacher_name: str


def _teacher(session: Session, username: str) -> User:
    user = session.scalar(select(User).where(User.username == username.strip().lower()))
    if user is None or not user.active or user.role not in TEACHING_ROLES:
        raise NotFound(M.teacher_not_found.format(user=username))
    return user


def assign_teacher(
    session: Session, actor: Actor | None, class_id: uuid.UUID, subject_id: uuid.UUID, username: str
) -> AssignmentInfo:
    """Assign a teacher to a class × subject (the class fixes the school year)."""
    require(actor, Perm.MANAGE_CLASSES)
    group = get_class(session, class_id)
    if subject_id not in {s.id for s in class_subjects(session, group)}:
        raise ValidationError(M.subject_not_in_class.format(cls=group.name))
    teacher = _teacher(session, username)
    exists = select(TeachingAssignment.id).where(
        TeachingAssignment.class_id == class_id,
        TeachingAssignment.subject_id == subject_id,
        TeachingAssignment.teacher_id == teacher.id,
    )
    if session.scalar(exists):
        raise Conflict(M.assignment_exists.format(user=teacher.username, cls=group.name))
    row = TeachingAssignment(
        id=uuid.uuid4(),
        school_code=session.info.get("school_code", ""),
        class_id=class_id,
        subject_id=subject_id,
        teacher_id=teacher.id,
    )
    session.add(row)
    session.flush()
    return _infos(session, _base().where(TeachingAssignment.id == row.id))[0]


def unassign_teacher(session: Session, actor: Actor | None, assignment_id: uuid.UUID) -> Changes:
    """Remove a teaching assignment (recorded scores stay)."""
    require(actor, Perm.MANAGE_CLASSES)
    row = session.get(TeachingAssignment, assignment_id)
    if row is None:
        raise NotFound(M.assignment_not_found)
    session.delete(row)
    session.flush()
    return Changes.of(ASSIGNMENTS)


def _base() -> Select:
    return (
        select(TeachingAssignment, ClassGroup, Subject, User)
        .join(ClassGroup, ClassGroup.id == TeachingAssignment.class_id)
        .join(Subject, Subject.id == TeachingAssignment.subject_id)
        .join(User, User.id == TeachingAssignment.teacher_id)
        .order_by(ClassGroup.grade, ClassGroup.name, Subject.position, User.username)
    )


def _infos(session: Session, stmt: Select) -> list[AssignmentInfo]:
    return [
        AssignmentInfo(
            a.id,
            c.school_year,
            c.id,
            c.name,
            s.id,
            s.name,
            u.id,
            u.username,
            u.full_name,
        )
        for a, c, s, u in session.execute(stmt)
    ]


def list_assignments(
    session: Session,
    actor: Actor | None,
    year: str,
    *,
    class_id: uuid.UUID | None = None,
    teacher_username: str | None = None,
) -> list[AssignmentInfo]:
    """Assignments of a year, optionally of one class or one teacher."""
    require(actor, Perm.VIEW_GRADES)
    stmt = _base().where(ClassGroup.school_year == year)
    if class_id is not None:
        stmt = stmt.where(TeachingAssignment.class_id == class_id)
    if teacher_username:
        stmt = stmt.where(User.username == teacher_username.strip().lower())
    return _infos(session, stmt)


def my_assignments(session: Session, actor: Actor | None, year: str) -> list[AssignmentInfo]:
    """The acting teacher's own assignments of a year (the teacher's start page)."""
    require(actor, Perm.ENTER_GRADES)
    assert actor is not None
    if actor.user_id is None:
        return []
    stmt = _base().where(
        ClassGroup.school_year == year, TeachingAssignment.teacher_id == actor.user_id
    )
    return _infos(session, stmt)

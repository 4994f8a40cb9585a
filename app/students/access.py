"""Who may see which students: whole school for office roles, own homeroom classes for teachers."""

from __future__ import annotations

import uuid

from sqlalchemy import ColumnElement, select, true
from sqlalchemy.orm import Session

from app import school
from app.db import Actor
from app.errors import NotFound, PermissionDenied
from app.messages.students import M
from app.permissions import Perm, Role, can, require
from app.students.models import ClassGroup, Enrolment, Student


def is_class_scoped(actor: Actor | None) -> bool:
    """Teachers see only their own classes; everyone else with VIEW_STUDENTS sees all."""
    return actor is not None and actor.role == Role.TEACHER and not can(actor, Perm.EDIT_STUDENTS)


def own_class_ids(session: Session, actor: Actor) -> list[uuid.UUID]:
    """Classes the actor is homeroom teacher of (any year)."""
    if actor.user_id is None:
        return []
    stmt = select(ClassGroup.id).where(ClassGroup.homeroom_teacher_id == actor.user_id)
    return list(session.scalars(stmt))


def visibility(session: Session, actor: Actor | None) -> ColumnElement[bool] | None:
    """A WHERE clause limiting ``Student`` rows to those the actor may read (None: all)."""
    require(actor, Perm.VIEW_STUDENTS)
    assert actor is not None
    if not is_class_scoped(actor):
        return None
    classes = own_class_ids(session, actor)
    return Student.id.in_(select(Enrolment.student_id).where(Enrolment.class_id.in_(classes)))


def visible_students(session: Session, actor: Actor | None) -> ColumnElement[bool]:
    """``visibility`` as a clause that is always usable in ``where()``."""
    clause = visibility(session, actor)
    return true() if clause is None else clause


def require_student_visible(session: Session, actor: Actor | None, student_id: uuid.UUID) -> None:
    """Raise unless the actor may read this student."""
    require(actor, Perm.VIEW_STUDENTS)
    assert actor is not None
    if not is_class_scoped(actor):
        return
    stmt = select(Student.id).where(Student.id == student_id, visible_students(session, actor))
    if session.scalar(stmt) is None:
        raise PermissionDenied(M.not_your_class.format(user=actor.username))


def require_class_visible(session: Session, actor: Actor | None, class_id: uuid.UUID) -> None:
    """Raise unless the actor may read this class's list."""
    require(actor, Perm.VIEW_STUDENTS)
    assert actor is not None
    if is_class_scoped(actor) and class_id not in own_class_ids(session, actor):
        raise PermissionDenied(M.not_your_class.format(user=actor.username))


def year_name(session: Session, year: str | None) -> str:
    """``year`` checked to exist, or the current school year's name."""
    if year:
        first, second = school.parse_year(year)
        name = f"{first}-{second}"
        if name not in {y.name for y in school.list_years(session)}:
            raise NotFound(M.year_not_found.format(year=name))
        return name
    current = school.current_year(session)
    if current is None:
        raise NotFound(M.no_current_year)
    return current.name


def current_year_name(session: Session) -> str:
    """The current school year's name, or "" before one is set."""
    current = school.current_year(session)
    return current.name if current else ""


def year_start(year: str) -> int:
    """2025 for "2025-2026"."""
    return int(year[:4])

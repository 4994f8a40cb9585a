"""Who may see and change which grades: assignments, homeroom classes, locks.

- Viewing needs ``VIEW_GRADES``; a teacher sees only classes they teach or lead.
- Scores: ``ENTER_GRADES`` and a teaching assignment for the class × subject,
  unless the actor supervises (``LOCK_GRADES``: principal, admin).
- Conduct and absences: the class's homeroom teacher, or a supervisor.
- A locked semester: only a supervisor, and only with a written reason.
"""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db import Actor
from app.errors import NotFound, PermissionDenied, ValidationError
from app.gradebook.models import GradeLock, TeachingAssignment
from app.gradebook.terms import semester_label
from app.grading.scores import clean_text
from app.messages.gradebook import GRADEBOOK_MSG as M
from app.permissions import Perm, Role, can, require
from app.students.models import ClassGroup

MIN_REASON_LENGTH = 5


def supervises(actor: Actor | None) -> bool:
    """Principal-level rights over every class's grades (lock, unlock, change after lock)."""
    return can(actor, Perm.LOCK_GRADES)


def get_class(session: Session, class_id: uuid.UUID) -> ClassGroup:
    """A class row, or NotFound."""
    group = session.get(ClassGroup, class_id)
    if group is None:
        raise NotFound(M.class_not_found_id)
    return group


def is_homeroom(group: ClassGroup, actor: Actor | None) -> bool:
    """Whether ``actor`` is the homeroom teacher of ``group``."""
    return (
        actor is not None
        and actor.user_id is not None
        and (group.homeroom_teacher_id == actor.user_id)
    )


def teaches(
    session: Session, actor: Actor | None, class_id: uuid.UUID, subject_id: uuid.UUID | None = None
) -> bool:
    """Whether ``actor`` has a teaching assignment in the class (for the subject, if given)."""
    if actor is None or actor.user_id is None:
        return False
    stmt = select(TeachingAssignment.id).where(
        TeachingAssignment.class_id == class_id, TeachingAssignment.teacher_id == actor.user_id
    )
    if subject_id is not None:
        stmt = stmt.where(TeachingAssignment.subject_id == subject_id)
    return session.scalar(stmt.limit(1)) is not None


def _denied(actor: Actor | None, template: str, **fields: str) -> PermissionDenied:
    user = actor.username if actor else "(chưa đăng nhập)"
    return PermissionDenied(template.format(user=user, **fields))


def require_view(session: Session, actor: Actor | None, group: ClassGroup) -> None:
    """Raise unless the actor may read the class's grades."""
    require(actor, Perm.VIEW_GRADES)
    assert actor is not None
    if supervises(actor) or actor.role != Role.TEACHER:
        return
    if is_homeroom(group, actor) or teaches(session, actor, group.id):
        return
    raise _denied(actor, M.not_your_class, cls=group.name)


def require_subject_entry(
    session: Session, actor: Actor | None, group: ClassGroup, subject_id: uuid.UUID, subject: str
) -> None:
    """Raise unless the actor may enter this subject's scores in this class."""
    require(actor, Perm.ENTER_GRADES)
    if supervises(actor) or teaches(session, actor, group.id, subject_id):
        return
    raise _denied(actor, M.not_your_assignment, cls=group.name, subject=subject)


def may_enter_subject(
    session: Session, actor: Actor | None, group: ClassGroup, subject_id: uuid.UUID
) -> bool:
    """Whether the actor may enter this subject's scores (ignoring locks)."""
    if not can(actor, Perm.ENTER_GRADES):
        return False
    return supervises(actor) or teaches(session, actor, group.id, subject_id)


def require_homeroom(session: Session, actor: Actor | None, group: ClassGroup) -> None:
    """Raise unless the actor may enter the class's conduct and absences."""
    require(actor, Perm.ENTER_GRADES)
    if supervises(actor) or is_homeroom(group, actor):
        return
    raise _denied(actor, M.not_homeroom, cls=group.name)


def is_locked(session: Session, class_id: uuid.UUID, semester: int) -> bool:
    """Whether the class's semester is locked."""
    stmt = select(GradeLock.locked).where(
        GradeLock.class_id == class_id, GradeLock.semester == semester
    )
    return bool(session.scalar(stmt))


def edit_state(
    session: Session, actor: Actor | None, group: ClassGroup, semester: int, may: bool
) -> tuple[bool, bool]:
    """(locked, editable): ``may`` (the actor's right), unless locked to all but supervisors."""
    locked = is_locked(session, group.id, semester)
    return locked, may and (not locked or supervises(actor))


def locked_semesters(session: Session, class_id: uuid.UUID) -> frozenset[int]:
    """The semesters of a class that are locked now."""
    stmt = select(GradeLock.semester).where(
        GradeLock.class_id == class_id, GradeLock.locked.is_(True)
    )
    return frozenset(session.scalars(stmt))


def clean_reason(reason: str | None) -> str:
    """A written reason, NFC and trimmed; ValidationError when it is too short to mean anything."""
    text = clean_text(reason or "")
    if len(text) < MIN_REASON_LENGTH:
        raise ValidationError(M.reason_required.format(n=MIN_REASON_LENGTH))
    return text


def require_change_allowed(
    session: Session, actor: Actor | None, group: ClassGroup, semester: int, reason: str | None
) -> str | None:
    """For a locked semester: supervisor plus a reason (returned); None when not locked."""
    if not is_locked(session, group.id, semester):
        return clean_text(reason or "") or None
    label = semester_label(semester)
    if not supervises(actor):
        raise _denied(actor, M.locked_needs_principal, cls=group.name, semester=label)
    if not clean_text(reason or ""):
        raise ValidationError(M.locked_needs_reason.format(cls=group.name, semester=label))
    return clean_reason(reason)

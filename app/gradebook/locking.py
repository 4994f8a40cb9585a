"""Locking a class's semester (khóa sổ điểm) and unlocking it, both journalled with a reason."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import journal
from app.changes import Changes
from app.db import Actor, utcnow
from app.errors import Conflict
from app.gradebook import access, snapshots
from app.gradebook.models import GradeLock
from app.gradebook.terms import check_semester, semester_label
from app.gradebook.values import SEMESTERS
from app.grading.scores import clean_text
from app.messages.gradebook import GRADEBOOK_MSG as M
from app.permissions import Perm, require
from app.write_lock import lock_for_write

LOCKS = "grade_lock"


@dataclass(frozen=True)
class LockInfo:
    """The lock state of one class's semester and who last changed it."""

    class_id: uuid.UUID
    class_name: str
    semester: int
    locked: bool
    changed_at: datetime | None
    changed_by: str


def _row(session: Session, class_id: uuid.UUID, semester: int) -> GradeLock | None:
    stmt = select(GradeLock).where(GradeLock.class_id == class_id, GradeLock.semester == semester)
    return session.scalar(stmt)


def lock_semester(
    session: Session, actor: Actor | None, class_id: uuid.UUID, semester: int, reason: str = ""
) -> Changes:
    """Lock a class's semester and snapshot its computed results (principal only)."""
    require(actor, Perm.LOCK_GRADES)
    assert actor is not None
    check_semester(semester)
    lock_for_write(session)  # no grade is saved between the check below and the snapshot
    group = access.get_class(session, class_id)
    row = _row(session, class_id, semester)
    if row is not None and row.locked:
        raise Conflict(M.already_locked.format(cls=group.name, semester=semester_label(semester)))
    if row is None:
        row = GradeLock(
            id=uuid.uuid4(),
            school_code=session.info.get("school_code", ""),
            class_id=class_id,
            semester=semester,
        )
        session.add(row)
    why = clean_text(reason) or M.lock_reason_default
    row.locked, row.changed_at, row.changed_by = True, utcnow(), actor.username
    journal.set_reason(session, row, why)
    session.flush()
    snapshots.take(session, group, semester, why)
    return Changes.of(LOCKS, snapshots.SNAPSHOTS)


def unlock_semester(
    session: Session, actor: Actor | None, class_id: uuid.UUID, semester: int, reason: str
) -> Changes:
    """Unlock a class's semester; a written reason is required and journalled."""
    require(actor, Perm.LOCK_GRADES)
    assert actor is not None
    check_semester(semester)
    lock_for_write(session)
    group = access.get_class(session, class_id)
    why = access.clean_reason(reason)
    row = _row(session, class_id, semester)
    if row is None or not row.locked:
        raise Conflict(M.not_locked.format(cls=group.name, semester=semester_label(semester)))
    row.locked, row.changed_at, row.changed_by = False, utcnow(), actor.username
    journal.set_reason(session, row, why)
    session.flush()
    snapshots.drop(session, group, semester, why)
    return Changes.of(LOCKS, snapshots.SNAPSHOTS)


def lock_status(session: Session, actor: Actor | None, class_id: uuid.UUID) -> tuple[LockInfo, ...]:
    """Both semesters' lock state of a class."""
    group = access.get_class(session, class_id)
    access.require_view(session, actor, group)
    out = []
    for n in SEMESTERS:
        row = _row(session, class_id, n)
        out.append(
            LockInfo(
                class_id,
                group.name,
                n,
                bool(row and row.locked),
                row.changed_at if row else None,
                row.changed_by if row else "",
            )
        )
    return tuple(out)

"""A student's change history (the form's "Lịch sử thay đổi" tab), read through the journal's masks."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import journal_view
from app.db import Actor
from app.journal_read import JournalRecord
from app.students import access
from app.students.models import Guardian, Student, StudentEvent


def student_history(
    session: Session, actor: Actor | None, student_id: uuid.UUID, *, revealed: bool = False
) -> list[JournalRecord]:
    """Every journal entry about the student, their guardians and their events, oldest first.

    Sensitive values (personal IDs, health) are masked unless the actor may see
    them and ``revealed``: the caller read them with
    ``get_student_detail(include_sensitive=True)``, which journalled the access.
    """
    access.require_student_visible(session, actor, student_id)
    guardians = session.scalars(select(Guardian.id).where(Guardian.student_id == student_id))
    events = session.scalars(select(StudentEvent.id).where(StudentEvent.student_id == student_id))
    records = [
        (Student.__tablename__, str(student_id)),
        *((Guardian.__tablename__, str(g)) for g in guardians),
        *((StudentEvent.__tablename__, str(e)) for e in events),
    ]
    return journal_view.records_history(session, actor, records, revealed=revealed)

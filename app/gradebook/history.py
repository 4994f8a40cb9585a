"""A student's grade history from the journal: every change with old value, new value and reason."""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import journal
from app.db import Actor
from app.errors import NotFound, PermissionDenied
from app.gradebook import access
from app.gradebook.models import GradeLock, Subject, TeachingAssignment
from app.gradebook.primary.values import PRIMARY_KINDS, checkpoint_label
from app.gradebook.primary_entry import describe_pslot
from app.gradebook.terms import semester_label
from app.journal import JournalEntry
from app.messages.gradebook import GRADEBOOK_MSG as M
from app.permissions import Perm, Role, require
from app.students.models import ClassGroup, Enrolment, Student

RECORD_TYPES = (
    "assessment",
    "conduct_record",
    "summer_conduct",
    "retest_result",
    "retest_choice",
    "primary_rating",
    "primary_nomination",
)
FIELDS: dict[str, tuple[str, ...]] = {
    "assessment": ("value",),
    "conduct_record": ("conduct", "absent_excused", "absent_unexcused"),
    "summer_conduct": ("conduct",),
    "retest_result": ("value",),
    "retest_choice": ("subject_id",),
    "primary_rating": ("value",),
    "primary_nomination": ("achievement",),
    "grade_lock": ("locked",),
}
_NUMBER = re.compile(r"^[0-9]+(\.[0-9]+)?$")


@dataclass(frozen=True)
class HistoryEntry:
    """One changed value: when, who, what (subject · semester · column), old, new and why."""

    seq: int
    at: datetime
    username: str
    what: str
    op: str
    old: str
    new: str
    reason: str


def _shown(value: Any) -> str:
    """A journalled value for people: scores with a decimal comma, booleans as words."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return M.locked_word if value else M.unlocked_word
    text = str(value)
    return text.replace(".", ",") if _NUMBER.match(text) else text


def _require_student(
    session: Session, actor: Actor | None, student_id: uuid.UUID
) -> list[ClassGroup]:
    """The student's classes, after checking the actor may read the student's grades."""
    require(actor, Perm.VIEW_GRADES)
    assert actor is not None
    if session.get(Student, student_id) is None:
        raise NotFound(M.student_not_found.format(code=student_id))
    classes = list(
        session.scalars(
            select(ClassGroup)
            .join(Enrolment, Enrolment.class_id == ClassGroup.id)
            .where(Enrolment.student_id == student_id)
            .distinct()
        )
    )
    if actor.role == Role.TEACHER and not access.supervises(actor):
        taught = set(
            session.scalars(
                select(TeachingAssignment.class_id).where(
                    TeachingAssignment.teacher_id == actor.user_id
                )
            )
        )
        if not any(access.is_homeroom(g, actor) or g.id in taught for g in classes):
            raise PermissionDenied(M.not_your_student.format(user=actor.username))
    return classes


def _record_ids(session: Session, student_id: uuid.UUID) -> set[str]:
    """Ids of every grade-book row ever recorded for the student (deleted ones too)."""
    needle = f'%"student_id":"{student_id}"%'
    stmt = select(JournalEntry.entity_id).where(
        JournalEntry.entity_type.in_(RECORD_TYPES),
        JournalEntry.op.in_((journal.OP_INSERT, journal.OP_DELETE)),
        JournalEntry.changes.like(needle),
    )
    return set(session.scalars(stmt))


def _entries(session: Session, types: Iterable[str], ids: set[str]) -> list[JournalEntry]:
    if not ids:
        return []
    stmt = select(JournalEntry).where(
        JournalEntry.entity_type.in_(tuple(types)), JournalEntry.entity_id.in_(ids)
    )
    return list(session.scalars(stmt))


def _describe(
    entry_type: str,
    first: dict[str, Any],
    field: str,
    subjects: dict[str, str],
    classes: dict[str, str],
) -> str:
    """What a journalled field is about, in words."""
    semester = semester_label(int(first.get("semester", 0) or 0)) if "semester" in first else ""
    subject = subjects.get(str(first.get("subject_id")), "?")
    if entry_type == "assessment":
        kind, number = str(first.get("kind", "")), int(first.get("number", 1) or 1)
        if kind in PRIMARY_KINDS:
            return describe_pslot(subject, int(first.get("semester", 0) or 0), f"{kind}{number}")
        column = f"{kind}{number}" if kind == "TX" else kind
        return M.slot_label.format(subject=subject, semester=semester, column=column)
    if entry_type == "primary_rating":
        sem, checkpoint = int(first.get("semester", 2) or 2), int(first.get("checkpoint", 2) or 2)
        when = checkpoint_label(sem, checkpoint)
        return M.history_rating.format(name=first.get("name", "?"), when=when)
    if entry_type == "primary_nomination":
        return M.history_nomination
    if entry_type == "retest_choice":
        return M.history_retest_choice.format(subject=subject)
    if entry_type == "conduct_record":
        labels = {"conduct": M.column_conduct, "absent_excused": M.column_excused}
        return f"{labels.get(field, M.column_unexcused)} · {semester}"
    if entry_type == "summer_conduct":
        return M.history_summer
    if entry_type == "retest_result":
        return M.history_retest.format(subject=subject)
    cls = classes.get(str(first.get("class_id")), "?")
    return M.history_lock.format(cls=cls, semester=semester)


def grade_history(
    session: Session, actor: Actor | None, student_id: uuid.UUID
) -> tuple[HistoryEntry, ...]:
    """Every journalled change to the student's grades, conduct, re-tests and class locks, oldest first."""
    classes = _require_student(session, actor, student_id)
    rows = _entries(session, RECORD_TYPES, _record_ids(session, student_id))
    lock_ids = {
        str(i)
        for i in session.scalars(
            select(GradeLock.id).where(GradeLock.class_id.in_([c.id for c in classes]))
        )
    }
    rows += _entries(session, ("grade_lock",), lock_ids)
    rows.sort(key=lambda e: e.seq)
    subject_ids = set()
    first: dict[str, dict[str, Any]] = {}
    for row in rows:
        changes = json.loads(row.changes)
        if row.op in (journal.OP_INSERT, journal.OP_DELETE):
            first.setdefault(row.entity_id, changes)
            subject_ids.add(changes.get("subject_id"))
    subjects = {
        str(s.id): s.name
        for s in session.scalars(
            select(Subject).where(Subject.id.in_([uuid.UUID(x) for x in subject_ids if x]))
        )
    }
    class_names = {str(c.id): c.name for c in classes}
    return tuple(_flatten(rows, first, subjects, class_names))


def _flatten(
    rows: list[JournalEntry],
    first: dict[str, dict[str, Any]],
    subjects: dict[str, str],
    classes: dict[str, str],
) -> Iterable[HistoryEntry]:
    for row in rows:
        rec = journal.JournalRecord(
            row.seq,
            row.at if row.at.tzinfo else row.at.replace(tzinfo=UTC),
            row.username,
            row.entity_type,
            row.entity_id,
            row.op,
            json.loads(row.changes),
            row.reason,
        )
        wanted = FIELDS.get(row.entity_type, ())
        for rec_, field, old, new in journal.iter_changes([rec]):
            if field not in wanted:
                continue
            what = _describe(
                row.entity_type, first.get(row.entity_id, {}), field, subjects, classes
            )
            if field == "subject_id":  # a re-test choice: the subject's name, not its id
                old, new = subjects.get(str(old), old), subjects.get(str(new), new)
            yield HistoryEntry(
                rec_.seq,
                rec_.at,
                rec_.username,
                what,
                rec_.op,
                _shown(old),
                _shown(new),
                rec_.reason,
            )

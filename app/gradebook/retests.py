"""Re-tests (kiểm tra lại) for the students the rules flag; each entry recomputes the year result."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import journal
from app.changes import Changes
from app.db import Actor
from app.errors import ValidationError
from app.gradebook import access, snapshots
from app.gradebook.catalogue import class_subject
from app.gradebook.models import RetestResult
from app.gradebook.records import ClassRecords, load_class, student_year
from app.gradebook.results import ResultView, as_view
from app.gradebook.values import Kind, Slot, parse_cell, show_mark, show_stored
from app.grading import Level, evaluate_year, retest_eligible
from app.messages.gradebook import GRADEBOOK_MSG as M
from app.students.models import ClassGroup

RETESTS = "retest_result"


@dataclass(frozen=True)
class RetestSubject:
    """A subject a flagged student may re-test, with its year result and any re-test entered."""

    subject_id: uuid.UUID
    name: str
    comment_only: bool
    year_text: str
    retest_text: str


@dataclass(frozen=True)
class RetestLine:
    """A student flagged for re-tests, the eligible subjects and the current outcome."""

    student_id: uuid.UUID
    student_code: str
    full_name: str
    subjects: tuple[RetestSubject, ...]
    outcome: ResultView


@dataclass(frozen=True)
class RetestSaved:
    """What a re-test entry changed and the recomputed year result."""

    changes: Changes
    learning_after_retest: ResultView | None
    outcome: ResultView


def _lines(records: ClassRecords) -> list[RetestLine]:
    out = []
    for entry in records.roster:
        ev = evaluate_year(student_year(records, entry.student_id))
        if ev.learning_result.value is not Level.FAIL:
            continue
        subjects = []
        for subject, result in zip(records.subjects, ev.subjects, strict=True):
            if not retest_eligible(result).value:
                continue
            stored = records.retests.get((entry.student_id, subject.id))
            slot = Slot(Kind.FINAL)
            subjects.append(
                RetestSubject(
                    subject.id,
                    subject.name,
                    subject.comment_only,
                    show_mark(result.value),
                    show_stored(stored, slot, subject.comment_only) if stored else "",
                )
            )
        out.append(
            RetestLine(
                entry.student_id,
                entry.student_code,
                entry.full_name,
                tuple(subjects),
                as_view(ev.outcome) or ResultView(None),
            )
        )
    return out


def retest_sheet(
    session: Session, actor: Actor | None, class_id: uuid.UUID
) -> tuple[RetestLine, ...]:
    """Students of a class whose year learning result is Chưa đạt, with their re-test subjects."""
    group = access.get_class(session, class_id)
    access.require_view(session, actor, group)
    return tuple(_lines(load_class(session, group)))


def save_retest(
    session: Session,
    actor: Actor | None,
    class_id: uuid.UUID,
    subject_id: uuid.UUID,
    student_id: uuid.UUID,
    value: str,
    reason: str | None = None,
) -> RetestSaved:
    """Record (or clear, with "") a re-test result and return the recomputed year result."""
    group = access.get_class(session, class_id)
    subject = class_subject(session, group, subject_id)
    access.require_subject_entry(session, actor, group, subject_id, subject.name)
    records = load_class(session, group, student_ids=[student_id])
    if not records.roster:
        raise ValidationError(M.student_not_in_class.format(cls=group.name))
    entry = records.roster[0]
    parsed = parse_cell(value, Slot(Kind.FINAL), subject.comment_only)
    if parsed.value is None and parsed.reasons:
        detail = " ".join(parsed.reasons)
        raise ValidationError(M.field_invalid.format(who=entry.full_name, detail=detail))
    if parsed.value is not None:
        _require_flagged(records, entry.full_name, student_id, subject_id, subject.name)
    row = session.scalar(
        select(RetestResult).where(
            RetestResult.student_id == student_id, RetestResult.subject_id == subject_id
        )
    )
    changed = _set(session, group, student_id, subject_id, row, parsed.value)
    if changed is not None and reason:
        journal.set_reason(session, changed, reason)
    session.flush()
    changes = (
        Changes.of(RETESTS) | snapshots.refresh(session, group, [student_id])
        if changed
        else Changes()
    )
    fresh = evaluate_year(
        student_year(load_class(session, group, student_ids=[student_id]), student_id)
    )
    return RetestSaved(
        changes, as_view(fresh.learning_after_retest), as_view(fresh.outcome) or ResultView(None)
    )


def _require_flagged(
    records: ClassRecords, name: str, student_id: uuid.UUID, subject_id: uuid.UUID, subject: str
) -> None:
    """Raise unless the student's year learning is Chưa đạt and the subject may be re-tested."""
    ev = evaluate_year(student_year(records, student_id))
    if ev.learning_result.value is not Level.FAIL:
        raise ValidationError(M.retest_not_flagged.format(student=name))
    index = next(i for i, s in enumerate(records.subjects) if s.id == subject_id)
    check = retest_eligible(ev.subjects[index])
    if not check.value:
        raise ValidationError(
            M.retest_subject_not_eligible.format(
                student=name, subject=subject, why=check.reasons[0]
            )
        )


def _set(
    session: Session,
    group: ClassGroup,
    student_id: uuid.UUID,
    subject_id: uuid.UUID,
    row: RetestResult | None,
    stored: str | None,
) -> RetestResult | None:
    """Insert, update or delete the re-test row; returns the row changed, or None."""
    if stored is None:
        if row is not None:
            session.delete(row)
        return row
    if row is None:
        row = RetestResult(
            id=uuid.uuid4(),
            school_code=session.info.get("school_code", ""),
            student_id=student_id,
            class_id=group.id,
            subject_id=subject_id,
            school_year=group.school_year,
            value=stored,
        )
        session.add(row)
        return row
    if row.value == stored:
        return None
    row.value = stored
    return row

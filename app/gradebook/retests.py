"""Re-tests (kiểm tra lại) for the students the rules flag; each entry recomputes the year result.

A flagged student (year learning result Chưa đạt) chooses which eligible
subjects to re-test: scored subjects with ĐTBmcn < 5,0 and comment subjects at
Chưa đạt. ``choose_retests`` records the choice (homeroom teacher or a
supervisor); the year outcome then waits until every chosen subject has its
re-test result, and ``save_retest`` refuses a result for a subject that was not
chosen. A student with re-test results but no recorded choice (data from before
choices existed) counts the subjects entered as the choice. Both writes belong
to semester II: when it is locked they need a supervisor and a written reason.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import journal
from app.changes import Changes
from app.db import Actor
from app.errors import ValidationError
from app.gradebook import access, snapshots
from app.gradebook.catalogue import SubjectInfo, class_subject
from app.gradebook.models import RetestChoice, RetestResult
from app.gradebook.records import ClassRecords, RosterEntry, load_class, student_year
from app.gradebook.results import ResultView, as_view
from app.gradebook.rows import put_value, student_row
from app.gradebook.values import Kind, Slot, parse_cell, show_mark, show_stored
from app.grading import Level, SubjectResult, YearEvaluation, evaluate_year, retest_eligible
from app.messages.gradebook import GRADEBOOK_MSG as M
from app.messages.retests import RETEST_MSG as RM
from app.students.models import ClassGroup
from app.write_lock import lock_for_write

RETESTS = "retest_result"
CHOICES = "retest_choice"
RETEST_SEMESTER = 2
"""Re-tests and their choice are year-end records: the semester II lock covers them."""
_FINAL = Slot(Kind.FINAL)


@dataclass(frozen=True)
class RetestSubject:
    """A subject a flagged student may re-test, with its year result and any re-test entered.

    ``chosen`` is True for a subject the student chose to re-test; with no recorded
    choice, a subject that already has a re-test result counts as chosen.
    """

    subject_id: uuid.UUID
    name: str
    comment_only: bool
    year_text: str
    retest_text: str
    chosen: bool = False


@dataclass(frozen=True)
class RetestLine:
    """A student flagged for re-tests, the eligible subjects and the current outcome.

    ``choice_recorded`` says whether the choice was recorded (else it is implied by
    the results entered); ``waiting`` names the chosen subjects still without a result.
    """

    student_id: uuid.UUID
    student_code: str
    full_name: str
    subjects: tuple[RetestSubject, ...]
    outcome: ResultView
    choice_recorded: bool = False
    waiting: tuple[str, ...] = ()
    learning_after_retest: ResultView | None = None


@dataclass(frozen=True)
class RetestSaved:
    """What a re-test entry changed and the recomputed year result."""

    changes: Changes
    learning_after_retest: ResultView | None
    outcome: ResultView


def _evaluate(records: ClassRecords, student_id: uuid.UUID) -> YearEvaluation:
    """The rules engine's year evaluation of one student of loaded records."""
    return evaluate_year(student_year(records, student_id))


def _subject_line(
    records: ClassRecords,
    student_id: uuid.UUID,
    subject: SubjectInfo,
    result: SubjectResult,
    recorded: set[uuid.UUID] | None,
) -> RetestSubject:
    """One eligible subject of the sheet; with no recorded choice a result implies it."""
    stored = records.retests.get((student_id, subject.id))
    chosen = subject.id in recorded if recorded else stored is not None
    return RetestSubject(
        subject.id,
        subject.name,
        subject.comment_only,
        show_mark(result.value),
        show_stored(stored, _FINAL, subject.comment_only) if stored else "",
        chosen,
    )


def _line(records: ClassRecords, entry: RosterEntry, ev: YearEvaluation) -> RetestLine:
    """A flagged student's line: eligible subjects, what is chosen and still awaited."""
    recorded = records.retest_choices.get(entry.student_id)
    subjects = tuple(
        _subject_line(records, entry.student_id, subject, result, recorded)
        for subject, result in zip(records.subjects, ev.subjects, strict=True)
        if retest_eligible(result).value
    )
    waiting = tuple(s.name for s in subjects if s.chosen and not s.retest_text)
    return RetestLine(
        entry.student_id,
        entry.student_code,
        entry.full_name,
        subjects,
        as_view(ev.outcome) or ResultView(None),
        bool(recorded),
        waiting,
        as_view(ev.learning_after_retest),
    )


def _lines(records: ClassRecords) -> list[RetestLine]:
    """Lines of every student whose year learning result is Chưa đạt."""
    out = []
    for entry in records.roster:
        ev = _evaluate(records, entry.student_id)
        if ev.learning_result.value is Level.FAIL:
            out.append(_line(records, entry, ev))
    return out


def retest_sheet(
    session: Session, actor: Actor | None, class_id: uuid.UUID
) -> tuple[RetestLine, ...]:
    """Students of a class whose year learning result is Chưa đạt, with their re-test subjects."""
    group = access.get_class(session, class_id)
    access.require_view(session, actor, group)
    return tuple(_lines(load_class(session, group)))


def _student(
    session: Session, group: ClassGroup, student_id: uuid.UUID
) -> tuple[ClassRecords, RosterEntry]:
    """The class records of one student, or a ValidationError when they are not in the class."""
    records = load_class(session, group, student_ids=[student_id])
    if not records.roster:
        raise ValidationError(M.student_not_in_class.format(cls=group.name))
    return records, records.roster[0]


def _saved(session: Session, group: ClassGroup, student_id: uuid.UUID) -> RetestSaved:
    """The recomputed year result after a write (``changes`` filled in by the caller)."""
    fresh = _evaluate(load_class(session, group, student_ids=[student_id]), student_id)
    outcome = as_view(fresh.outcome) or ResultView(None)
    return RetestSaved(Changes(), as_view(fresh.learning_after_retest), outcome)


def save_retest(
    session: Session,
    actor: Actor | None,
    class_id: uuid.UUID,
    subject_id: uuid.UUID,
    student_id: uuid.UUID,
    value: str,
    reason: str | None = None,
) -> RetestSaved:
    """Record (or clear, with "") a re-test result and return the recomputed year result.

    A result needs a flagged student, an eligible subject and, once the student's
    choice is recorded, a chosen subject. Semester II locked: supervisor and reason.
    """
    lock_for_write(session)  # what is read next is current until this commits
    group = access.get_class(session, class_id)
    subject = class_subject(session, group, subject_id)
    access.require_subject_entry(session, actor, group, subject_id, subject.name)
    records, entry = _student(session, group, student_id)
    parsed = parse_cell(value, _FINAL, subject.comment_only)
    if parsed.value is None and parsed.reasons:
        detail = " ".join(parsed.reasons)
        raise ValidationError(M.field_invalid.format(who=entry.full_name, detail=detail))
    if parsed.value is not None:
        _require_flagged(records, entry.full_name, student_id, subject_id, subject.name)
        _require_chosen(records, entry.full_name, student_id, subject)
    why = access.require_change_allowed(session, actor, group, RETEST_SEMESTER, reason)
    row = session.scalar(
        select(RetestResult).where(
            RetestResult.student_id == student_id, RetestResult.subject_id == subject_id
        )
    )
    make = partial(student_row, session, RetestResult, group, student_id, subject_id=subject_id)
    changed = put_value(session, row, parsed.value, make, why)
    saved = _saved(session, group, student_id)
    if not changed:
        return saved
    changes = Changes.of(RETESTS) | snapshots.refresh(session, group, [student_id], why)
    return RetestSaved(changes, saved.learning_after_retest, saved.outcome)


def _require_flagged(
    records: ClassRecords, name: str, student_id: uuid.UUID, subject_id: uuid.UUID, subject: str
) -> None:
    """Raise unless the student's year learning is Chưa đạt and the subject may be re-tested."""
    ev = _evaluate(records, student_id)
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


def _names(records: ClassRecords, subject_ids: Iterable[uuid.UUID]) -> str:
    """Subject names in the class's subject order, comma-separated."""
    wanted = set(subject_ids)
    return ", ".join(s.name for s in records.subjects if s.id in wanted)


def _require_chosen(
    records: ClassRecords, name: str, student_id: uuid.UUID, subject: SubjectInfo
) -> None:
    """Raise when the student's choice is recorded and does not include the subject."""
    chosen = records.retest_choices.get(student_id)
    if chosen and subject.id not in chosen:
        raise ValidationError(
            RM.not_chosen.format(student=name, subject=subject.name, chosen=_names(records, chosen))
        )


def choose_retests(
    session: Session,
    actor: Actor | None,
    class_id: uuid.UUID,
    student_id: uuid.UUID,
    subject_ids: Iterable[uuid.UUID],
    reason: str | None = None,
) -> Changes:
    """Record the subjects a flagged student re-tests, replacing any previous choice.

    Homeroom teacher or supervisor; at least one subject, each eligible. A subject
    that already has a re-test result cannot be left out: the result must be
    cleared first (refused with a message, never dropped silently).
    """
    lock_for_write(session)  # what is read next is current until this commits
    group = access.get_class(session, class_id)
    access.require_homeroom(session, actor, group)
    records, entry = _student(session, group, student_id)
    wanted = list(dict.fromkeys(subject_ids))
    _check_choice(records, entry, wanted)
    why = access.require_change_allowed(session, actor, group, RETEST_SEMESTER, reason)
    current = {
        row.subject_id: row
        for row in session.scalars(
            select(RetestChoice).where(RetestChoice.student_id == student_id)
        )
        if any(s.id == row.subject_id for s in records.subjects)
    }
    changed: list[RetestChoice] = []
    for subject_id in sorted(set(current) - set(wanted), key=str):
        session.delete(current[subject_id])
        changed.append(current[subject_id])
    for subject_id in wanted:
        if subject_id not in current:
            row = student_row(session, RetestChoice, group, student_id, subject_id=subject_id)
            session.add(row)
            changed.append(row)
    if why:
        for row in changed:
            journal.set_reason(session, row, why)
    session.flush()
    if not changed:
        return Changes()
    return Changes.of(CHOICES) | snapshots.refresh(session, group, [student_id], why)


def _check_choice(records: ClassRecords, entry: RosterEntry, wanted: list[uuid.UUID]) -> None:
    """Raise unless the student is flagged and every wanted subject is eligible and keeps results."""
    name = entry.full_name
    if not wanted:
        raise ValidationError(RM.choose_none.format(student=name))
    ev = _evaluate(records, entry.student_id)
    if ev.learning_result.value is not Level.FAIL:
        raise ValidationError(M.retest_not_flagged.format(student=name))
    results = {s.id: (s, r) for s, r in zip(records.subjects, ev.subjects, strict=True)}
    for subject_id in wanted:
        if subject_id not in results:
            raise ValidationError(M.subject_not_in_class.format(cls=records.class_name))
        subject, result = results[subject_id]
        check = retest_eligible(result)
        if not check.value:
            raise ValidationError(
                RM.choose_subject_not_eligible.format(
                    student=name, subject=subject.name, why=check.reasons[0]
                )
            )
    for subject in records.subjects:
        stored = records.retests.get((entry.student_id, subject.id))
        if stored is not None and subject.id not in wanted:
            value = show_stored(stored, _FINAL, subject.comment_only)
            raise ValidationError(
                RM.choose_drops_result.format(student=name, subject=subject.name, value=value)
            )

"""Saving typed cells of a primary grid: validate everything first, then write, journalled.

Cells are ``assessment`` rows with the primary kinds (MD level, KT test
score, NX comment; ``number`` is the checkpoint). A cleared cell deletes its
row. A locked semester takes changes only from a supervisor with a reason.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import journal
from app.changes import Changes
from app.db import Actor
from app.gradebook import access, snapshots
from app.gradebook.catalogue import SubjectInfo, class_subject
from app.gradebook.entry import CellProblem, CellValidationError, SaveResult
from app.gradebook.models import Assessment
from app.gradebook.primary.grid import column_label
from app.gradebook.primary.records import require_primary
from app.gradebook.primary.values import (
    PKind,
    PSlot,
    checkpoint_label,
    parse_pcell,
    parse_pslot,
    subject_slots,
)
from app.gradebook.records import RosterEntry, roster
from app.gradebook.terms import check_semester, semester_label
from app.messages.gradebook import GRADEBOOK_MSG as GM
from app.messages.primary_entry import PRIMARY_ENTRY_MSG as M
from app.students.models import ClassGroup

ASSESSMENTS = "assessment"
_PRIMARY_KINDS = tuple(k.value for k in PKind)


@dataclass(frozen=True)
class PCellEdit:
    """What was typed in one cell: ``column`` is MD1, KT1, NX1, MD2, KT2 or NX2; "" clears it."""

    student_id: uuid.UUID
    column: str
    value: str

    @classmethod
    def of(cls, student_id: uuid.UUID, kind: str, checkpoint: int, value: str) -> PCellEdit:
        """A cell named by kind (MD/KT/NX) and checkpoint (1 mid, 2 end of semester)."""
        return cls(student_id, f"{kind.strip().upper()}{checkpoint}", value)


@dataclass(frozen=True)
class _Checked:
    student_id: uuid.UUID
    slot: PSlot
    stored: str | None


def _who(entry: RosterEntry | None, student_id: uuid.UUID) -> str:
    return f"{entry.full_name} ({entry.student_code})" if entry else str(student_id)


def _slot_problem(slot: PSlot, subject: SubjectInfo, grade: int, semester: int) -> str | None:
    """Why the subject has no such column in this grade, or None when it has it."""
    if slot in subject_slots(subject.name, not subject.comment_only, grade):
        return None
    if subject.comment_only:
        return M.no_test_subject.format(subject=subject.name)
    label = checkpoint_label(semester, slot.checkpoint)
    when = label[:1].lower() + label[1:]
    return M.no_test_checkpoint.format(subject=subject.name, grade=grade, when=when)


def check_pcells(
    session: Session,
    group: ClassGroup,
    subject: SubjectInfo,
    semester: int,
    edits: Sequence[PCellEdit],
) -> tuple[list[_Checked], list[CellProblem]]:
    """Parse every cell against the class roster and the subject's columns for the grade."""
    students = {r.student_id: r for r in roster(session, group.id, group.school_year)}
    slots = subject_slots(subject.name, not subject.comment_only, group.grade)
    allowed = ", ".join(s.key for s in slots)
    checked: dict[tuple[uuid.UUID, PSlot], _Checked] = {}
    problems: list[CellProblem] = []
    for edit in edits:
        entry = students.get(edit.student_id)
        who = _who(entry, edit.student_id)
        try:
            slot: PSlot | None = parse_pslot(edit.column)
        except ValueError:
            slot = None
        label = column_label(slot, semester) if slot else edit.column

        def refuse(reason: str, edit: PCellEdit = edit, who: str = who, label: str = label) -> None:
            problems.append(CellProblem(edit.student_id, who, label, edit.value, reason))

        if entry is None:
            refuse(GM.student_not_in_class.format(cls=group.name))
            continue
        if slot is None:
            refuse(M.column_unknown.format(allowed=allowed))
            continue
        parsed = parse_pcell(edit.value, slot)
        if parsed.value is None and parsed.reasons:
            refuse(" ".join(parsed.reasons))
            continue
        beyond = _slot_problem(slot, subject, group.grade, semester)
        if beyond and parsed.value is not None:
            refuse(beyond)
            continue
        checked[(edit.student_id, slot)] = _Checked(edit.student_id, slot, parsed.value)
    return list(checked.values()), problems


def save_cells(
    session: Session,
    actor: Actor | None,
    class_id: uuid.UUID,
    subject_id: uuid.UUID,
    semester: int,
    edits: Sequence[PCellEdit],
    reason: str | None = None,
) -> SaveResult:
    """Validate every cell, then write all of them or none; a locked semester needs a reason."""
    check_semester(semester)
    group = access.get_class(session, class_id)
    require_primary(group)
    subject = class_subject(session, group, subject_id)
    access.require_subject_entry(session, actor, group, subject_id, subject.name)
    checked, problems = check_pcells(session, group, subject, semester, edits)
    if problems:
        raise CellValidationError(problems)
    why = access.require_change_allowed(session, actor, group, semester, reason)
    counts = _write(session, group, subject, semester, checked, why)
    if not sum(counts[:3]):
        return SaveResult(Changes(), *counts)
    touched = {c.student_id for c in checked}
    changes = Changes.of(ASSESSMENTS) | snapshots.refresh(session, group, touched)
    return SaveResult(changes, *counts)


def _existing(
    session: Session, subject: SubjectInfo, semester: int, checked: Sequence[_Checked]
) -> dict[tuple[uuid.UUID, str, int], Assessment]:
    stmt = select(Assessment).where(
        Assessment.subject_id == subject.id,
        Assessment.semester == semester,
        Assessment.kind.in_(_PRIMARY_KINDS),
        Assessment.student_id.in_({c.student_id for c in checked}),
    )
    return {(a.student_id, a.kind, a.number): a for a in session.scalars(stmt)}


def _write(
    session: Session,
    group: ClassGroup,
    subject: SubjectInfo,
    semester: int,
    checked: Sequence[_Checked],
    reason: str | None,
) -> tuple[int, int, int, int]:
    """Insert, update or delete each checked cell; returns (inserted, updated, deleted, same)."""
    existing = _existing(session, subject, semester, checked) if checked else {}
    inserted = updated = deleted = same = 0
    for c in checked:
        row = existing.get((c.student_id, c.slot.kind.value, c.slot.checkpoint))
        if (row.value if row is not None else None) == c.stored:
            same += 1
            continue
        if row is None:
            row = Assessment(
                id=uuid.uuid4(),
                school_code=session.info.get("school_code", ""),
                student_id=c.student_id,
                class_id=group.id,
                subject_id=subject.id,
                school_year=group.school_year,
                semester=semester,
                kind=c.slot.kind.value,
                number=c.slot.checkpoint,
                value=c.stored,
            )
            session.add(row)
            inserted += 1
        elif c.stored is None:
            session.delete(row)
            deleted += 1
        else:
            row.value = c.stored
            updated += 1
        if reason:
            journal.set_reason(session, row, reason)
    session.flush()
    return inserted, updated, deleted, same


def describe_pslot(subject: str, semester: int, column: str) -> str:
    """ "Toán, Cuối năm, mức đạt được": how history and messages name a primary cell."""
    try:
        slot = parse_pslot(column)
    except ValueError:
        return M.slot_label.format(subject=subject, when=semester_label(semester), what=column)
    return M.slot_label.format(
        subject=subject,
        when=checkpoint_label(semester, slot.checkpoint),
        what=M.kind_words[slot.kind.value],
    )

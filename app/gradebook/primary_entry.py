"""Saving typed cells of a primary grid: validate everything first, then write, journalled.

Cells are ``assessment`` rows with the primary kinds (MD level, KT test
score, NX comment; ``number`` is the checkpoint). A cleared cell deletes its
row. A locked semester takes changes only from a supervisor with a reason.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from app.db import Actor
from app.gradebook.catalogue import SubjectInfo
from app.gradebook.entry import (
    CellProblem,
    CheckedCell,
    ColumnRules,
    SaveResult,
    check_edits,
    open_subject,
    save_checked,
)
from app.gradebook.primary.grid import column_label
from app.gradebook.primary.records import require_primary
from app.gradebook.primary.values import (
    PRIMARY_KINDS,
    PSlot,
    checkpoint_label,
    parse_pcell,
    parse_pslot,
    subject_slots,
)
from app.gradebook.terms import semester_label
from app.messages.primary_entry import PRIMARY_ENTRY_MSG as M
from app.students.models import ClassGroup


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


def slot_problem(slot: PSlot, subject: SubjectInfo, grade: int, semester: int) -> str | None:
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
) -> tuple[list[CheckedCell], list[CellProblem]]:
    """Parse every cell against the class roster and the subject's columns for the grade."""
    slots = subject_slots(subject.name, not subject.comment_only, group.grade)
    rules = ColumnRules(
        parse_pslot,
        parse_pcell,
        lambda slot: slot_problem(slot, subject, group.grade, semester),
        lambda slot: (slot.kind.value, slot.checkpoint),
        M.column_unknown.format(allowed=", ".join(s.key for s in slots)),
        lambda slot: column_label(slot, semester),
    )
    return check_edits(session, group, edits, rules)


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
    group, subject = open_subject(session, actor, class_id, subject_id, semester, require_primary)
    checked, problems = check_pcells(session, group, subject, semester, edits)
    return save_checked(
        session, actor, group, subject.id, semester, checked, problems, reason, PRIMARY_KINDS
    )


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

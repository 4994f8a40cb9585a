"""Saving typed cells of a grade grid: validate everything first, then write, journalled."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import journal
from app.changes import Changes
from app.db import Actor
from app.errors import ValidationError
from app.gradebook import access, snapshots
from app.gradebook.catalogue import SubjectInfo, class_subject
from app.gradebook.models import Assessment
from app.gradebook.records import RosterEntry, require_secondary, roster
from app.gradebook.terms import check_semester, semester_label
from app.gradebook.values import Kind, Slot, parse_cell, parse_slot, slot_problem
from app.messages.gradebook import GRADEBOOK_MSG as M
from app.students.models import ClassGroup

ASSESSMENTS = "assessment"


@dataclass(frozen=True)
class CellEdit:
    """What was typed in one cell: ``column`` is TX1…TXn, GK, CK or DG; "" clears the cell."""

    student_id: uuid.UUID
    column: str
    value: str

    @classmethod
    def of(cls, student_id: uuid.UUID, kind: str, number: int, value: str) -> CellEdit:
        """A cell named by kind and number (as in the long import format)."""
        return cls(student_id, Slot(Kind(kind.upper()), number).key, value)


@dataclass(frozen=True)
class CellProblem:
    """Why one typed cell was refused (the grid highlights it; the message names everything)."""

    student_id: uuid.UUID
    student: str
    column: str
    value: str
    reason: str

    @property
    def message(self) -> str:
        """One Vietnamese line: student, column, value and reason."""
        return M.cell_problem.format(
            student=self.student, column=self.column, value=self.value, reason=self.reason
        )


class CellValidationError(ValidationError):
    """Some cells were invalid; nothing was written. ``problems`` lists each one."""

    def __init__(self, problems: Sequence[CellProblem]) -> None:
        self.problems = tuple(problems)
        head = M.cells_invalid.format(count=len(self.problems))
        details = "\n".join(p.message for p in self.problems)
        super().__init__(f"{head} {self.problems[0].message}", details=details)


@dataclass(frozen=True)
class SaveResult:
    """What a save changed (the UI refreshes from ``changes``)."""

    changes: Changes
    inserted: int
    updated: int
    deleted: int
    unchanged: int


@dataclass(frozen=True)
class _Checked:
    student_id: uuid.UUID
    slot: Slot
    stored: str | None


def _student_label(entry: RosterEntry | None, student_id: uuid.UUID) -> str:
    if entry is None:
        return str(student_id)
    return f"{entry.full_name} ({entry.student_code})"


def check_cells(
    session: Session, group: ClassGroup, subject: SubjectInfo, cells: Sequence[CellEdit]
) -> tuple[list[_Checked], list[CellProblem]]:
    """Parse every cell against the class roster and the current catalogue."""
    students = {r.student_id: r for r in roster(session, group.id, group.school_year)}
    checked: dict[tuple[uuid.UUID, Slot], _Checked] = {}
    problems: list[CellProblem] = []
    for cell in cells:
        entry = students.get(cell.student_id)
        who = _student_label(entry, cell.student_id)

        def refuse(reason: str, cell: CellEdit = cell, who: str = who) -> None:
            problems.append(CellProblem(cell.student_id, who, cell.column, cell.value, reason))

        if entry is None:
            refuse(M.student_not_in_class.format(cls=group.name))
            continue
        try:
            slot = parse_slot(cell.column)
        except ValueError:
            refuse(M.column_unknown)
            continue
        parsed = parse_cell(cell.value, slot, subject.comment_only)
        if parsed.value is None and parsed.reasons:
            refuse(" ".join(parsed.reasons))
            continue
        beyond = slot_problem(slot, subject.regular_count)
        if beyond and parsed.value is not None:
            refuse(beyond)
            continue
        checked[(cell.student_id, slot)] = _Checked(cell.student_id, slot, parsed.value)
    return list(checked.values()), problems


def save_scores(
    session: Session,
    actor: Actor | None,
    class_id: uuid.UUID,
    subject_id: uuid.UUID,
    semester: int,
    cells: Sequence[CellEdit],
    reason: str | None = None,
) -> SaveResult:
    """Validate every cell, then write all of them or none; a locked semester needs a reason."""
    check_semester(semester)
    group = access.get_class(session, class_id)
    require_secondary(group)
    subject = class_subject(session, group, subject_id)
    access.require_subject_entry(session, actor, group, subject_id, subject.name)
    checked, problems = check_cells(session, group, subject, cells)
    if problems:
        raise CellValidationError(problems)
    why = access.require_change_allowed(session, actor, group, semester, reason)
    counts = _write(session, group, subject, semester, checked, why)
    changes = Changes.of(ASSESSMENTS) if sum(counts[:3]) else Changes()
    if sum(counts[:3]):
        touched = {c.student_id for c in checked}
        changes |= snapshots.refresh(session, group, touched)
    return SaveResult(changes, *counts)


def _write(
    session: Session,
    group: ClassGroup,
    subject: SubjectInfo,
    semester: int,
    checked: Sequence[_Checked],
    reason: str | None,
) -> tuple[int, int, int, int]:
    """Insert, update or delete each checked cell; returns (inserted, updated, deleted, same)."""
    existing = {
        (a.student_id, a.kind, a.number): a
        for a in session.scalars(
            select(Assessment).where(
                Assessment.subject_id == subject.id,
                Assessment.semester == semester,
                Assessment.student_id.in_({c.student_id for c in checked}),
            )
        )
    }
    inserted = updated = deleted = same = 0
    for c in checked:
        row = existing.get((c.student_id, c.slot.kind.value, c.slot.number))
        if row is not None and c.stored == row.value:
            same += 1
            continue
        if row is None and c.stored is None:
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
                number=c.slot.number,
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


def describe_slot(subject: str, semester: int, column: str) -> str:
    """ "Toán · Học kì I · TX1": how history and messages name a cell."""
    return M.slot_label.format(subject=subject, semester=semester_label(semester), column=column)

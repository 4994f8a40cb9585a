"""Saving typed cells of a grade grid: validate everything first, then write, journalled."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Generic, Protocol, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.changes import Changes
from app.db import Actor
from app.errors import ValidationError
from app.gradebook import access, snapshots
from app.gradebook.catalogue import SubjectInfo, class_subject
from app.gradebook.models import Assessment
from app.gradebook.records import RosterEntry, require_secondary, roster
from app.gradebook.rows import Counts, student_row, sync_values
from app.gradebook.terms import check_semester, semester_label
from app.gradebook.values import Kind, Slot, parse_cell, parse_slot, slot_problem
from app.grading.scores import Result
from app.messages.gradebook import GRADEBOOK_MSG as M
from app.students.models import ClassGroup
from app.write_lock import lock_for_write

ASSESSMENTS = "assessment"
S = TypeVar("S")


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
class CheckedCell:
    """A validated cell ready to write: its assessment kind and number, and the stored text."""

    student_id: uuid.UUID
    kind: str
    number: int
    stored: str | None


class TypedCell(Protocol):
    """What was typed in one cell of a TT22 or TT27 grid (``CellEdit``, ``PCellEdit``)."""

    @property
    def student_id(self) -> uuid.UUID: ...
    @property
    def column(self) -> str: ...
    @property
    def value(self) -> str: ...


@dataclass(frozen=True)
class ColumnRules(Generic[S]):
    """How a grid reads its columns: ``parse`` a column name (ValueError: none), then a value."""

    parse: Callable[[str], S]
    value: Callable[[str, S], Result[str | None]]
    beyond: Callable[[S], str | None]
    """Why the column takes no value under the current catalogue, or None."""
    cell: Callable[[S], tuple[str, int]]
    """The (kind, number) of the column's ``assessment`` row."""
    unknown: str
    """The reason given for a column name ``parse`` refuses."""
    label: Callable[[S], str] | None = None
    """How problems name the column (default: as typed)."""


def student_label(entry: RosterEntry | None, student_id: uuid.UUID) -> str:
    """ "Nguyễn Văn An (HS0001)" as messages name a student; the id when not in the class."""
    if entry is None:
        return str(student_id)
    return f"{entry.full_name} ({entry.student_code})"


def check_edits(
    session: Session, group: ClassGroup, edits: Sequence[TypedCell], rules: ColumnRules[S]
) -> tuple[list[CheckedCell], list[CellProblem]]:
    """Parse every cell against the class roster and the grid's ``rules`` (the last edit wins)."""
    students = {r.student_id: r for r in roster(session, group.id, group.school_year)}
    checked: dict[tuple[uuid.UUID, str, int], CheckedCell] = {}
    problems: list[CellProblem] = []
    for edit in edits:
        entry = students.get(edit.student_id)
        try:
            slot: S | None = rules.parse(edit.column)
        except ValueError:
            slot = None
        named = rules.label(slot) if rules.label and slot is not None else edit.column
        who = student_label(entry, edit.student_id)

        def refuse(reason: str, edit: TypedCell = edit, who: str = who, named: str = named) -> None:
            problems.append(CellProblem(edit.student_id, who, named, edit.value, reason))

        if entry is None:
            refuse(M.student_not_in_class.format(cls=group.name))
            continue
        if slot is None:
            refuse(rules.unknown)
            continue
        parsed = rules.value(edit.value, slot)
        if parsed.value is None and parsed.reasons:
            refuse(" ".join(parsed.reasons))
            continue
        beyond = rules.beyond(slot)
        if beyond and parsed.value is not None:
            refuse(beyond)
            continue
        kind, number = rules.cell(slot)
        checked[(edit.student_id, kind, number)] = CheckedCell(
            edit.student_id, kind, number, parsed.value
        )
    return list(checked.values()), problems


def check_cells(
    session: Session, group: ClassGroup, subject: SubjectInfo, cells: Sequence[CellEdit]
) -> tuple[list[CheckedCell], list[CellProblem]]:
    """Parse every cell against the class roster and the current catalogue."""
    rules = ColumnRules(
        parse_slot,
        lambda text, slot: parse_cell(text, slot, subject.comment_only),
        lambda slot: slot_problem(slot, subject.regular_count),
        lambda slot: (slot.kind.value, slot.number),
        M.column_unknown,
    )
    return check_edits(session, group, cells, rules)


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
    group, subject = open_subject(session, actor, class_id, subject_id, semester, require_secondary)
    checked, problems = check_cells(session, group, subject, cells)
    return save_checked(session, actor, group, subject.id, semester, checked, problems, reason)


def open_subject(
    session: Session,
    actor: Actor | None,
    class_id: uuid.UUID,
    subject_id: uuid.UUID,
    semester: int,
    require_level: Callable[[ClassGroup], None],
) -> tuple[ClassGroup, SubjectInfo]:
    """The class and subject of a write, once the semester, level and entry right are checked."""
    check_semester(semester)
    group = access.get_class(session, class_id)
    require_level(group)
    subject = class_subject(session, group, subject_id)
    access.require_subject_entry(session, actor, group, subject_id, subject.name)
    return group, subject


def save_checked(
    session: Session,
    actor: Actor | None,
    group: ClassGroup,
    subject_id: uuid.UUID,
    semester: int,
    checked: Sequence[CheckedCell],
    problems: Sequence[CellProblem],
    reason: str | None,
    kinds: Collection[str] | None = None,
) -> SaveResult:
    """Refuse any problem, check the lock, then write the cells (``kinds``: as ``write_cells``)."""
    write = partial(write_cells, session, group, subject_id, semester, checked, kinds=kinds)
    touched = {c.student_id for c in checked}
    return write_checked(
        session, actor, group, semester, reason, problems, write, ASSESSMENTS, touched
    )


def write_checked(
    session: Session,
    actor: Actor | None,
    group: ClassGroup,
    semester: int,
    reason: str | None,
    problems: Sequence[CellProblem],
    write: Callable[[str | None], Counts],
    entity: str,
    touched: Iterable[uuid.UUID],
) -> SaveResult:
    """All or nothing: raise on any problem, check the lock, ``write``, refresh the snapshots.

    The writers' lock is taken first (``app.write_lock``): the semester's lock and the
    rows ``write`` reads are the latest committed, and no other PC changes them before
    this commits (two PCs saving one cell save one after the other).
    """
    if problems:
        raise CellValidationError(problems)
    lock_for_write(session)
    why = access.require_change_allowed(session, actor, group, semester, reason)
    counts = write(why)
    if not sum(counts[:3]):
        return SaveResult(Changes(), *counts)
    return SaveResult(Changes.of(entity) | snapshots.refresh(session, group, touched, why), *counts)


def write_cells(
    session: Session,
    group: ClassGroup,
    subject_id: uuid.UUID,
    semester: int,
    checked: Sequence[CheckedCell],
    reason: str | None,
    kinds: Collection[str] | None = None,
) -> Counts:
    """Insert, update or delete each checked cell's ``assessment`` row, journalled with ``reason``.

    ``kinds`` limits the rows looked up to those kinds (the primary ones for a
    TT27 grid); returns (inserted, updated, deleted, unchanged).
    """
    existing: dict[tuple[uuid.UUID, str, int], Assessment] = {}
    if checked:
        stmt = select(Assessment).where(
            Assessment.subject_id == subject_id,
            Assessment.semester == semester,
            Assessment.student_id.in_({c.student_id for c in checked}),
        )
        if kinds is not None:
            stmt = stmt.where(Assessment.kind.in_(kinds))
        existing = {(a.student_id, a.kind, a.number): a for a in session.scalars(stmt)}

    def make(key: tuple[uuid.UUID, str, int], value: str) -> Assessment:
        sid, kind, number = key
        where = {"subject_id": subject_id, "semester": semester, "kind": kind, "number": number}
        return student_row(session, Assessment, group, sid, value=value, **where)

    wanted = [((c.student_id, c.kind, c.number), c.stored) for c in checked]
    return sync_values(session, existing, wanted, make, reason)


def describe_slot(subject: str, semester: int, column: str) -> str:
    """ "Toán · Học kì I · TX1": how history and messages name a cell."""
    return M.slot_label.format(subject=subject, semester=semester_label(semester), column=column)

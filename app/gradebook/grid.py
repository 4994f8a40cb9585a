"""The grade grid of one class × subject × semester: what the entry screen shows."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy.orm import Session

from app.db import Actor
from app.gradebook import access
from app.gradebook.catalogue import SubjectInfo, class_subject
from app.gradebook.records import ClassRecords, load_class, require_secondary, subject_scores
from app.gradebook.terms import check_semester
from app.gradebook.values import Kind, Slot, grid_slots, show_mark, show_stored
from app.grading import Mark, semester_result
from app.messages.gradebook import GRADEBOOK_MSG as M


@dataclass(frozen=True)
class GridColumn:
    """A column: its slot (TX1 … GK, CK, DG), label, and whether the catalogue requires it."""

    slot: Slot
    label: str
    required: bool

    @property
    def key(self) -> str:
        """TX1, GK, CK, DG."""
        return self.slot.key


@dataclass(frozen=True)
class GridCell:
    """One cell: stored text (canonical), display text and whether a required value is missing.

    ``extra``: a value in a column the subject no longer has (shown so it can be read and
    cleared). Primary grids use the same cell (``app.gradebook.primary.grid.PCell``).
    """

    key: str
    stored: str | None
    text: str
    missing: bool
    extra: bool = False


@dataclass(frozen=True)
class GridRow:
    """A student's row with the live semester result and the reasons behind it."""

    student_id: uuid.UUID
    student_code: str
    full_name: str
    current: bool
    cells: tuple[GridCell, ...]
    average: Mark | None
    average_text: str
    reasons: tuple[str, ...]

    def cell(self, key: str) -> GridCell:
        """The cell of column ``key`` (TX1, GK, …)."""
        return next(c for c in self.cells if c.key == key)


@dataclass(frozen=True)
class GradeGrid:
    """The whole grid; ``editable`` says whether this actor may type in it now."""

    class_id: uuid.UUID
    class_name: str
    school_year: str
    subject: SubjectInfo
    semester: int
    columns: tuple[GridColumn, ...]
    rows: tuple[GridRow, ...]
    locked: bool
    editable: bool

    @property
    def regular_count(self) -> int:
        """ĐĐGtx per semester under the current catalogue."""
        return self.subject.regular_count

    def fingerprint(self) -> str:
        """SHA-256 of every stored cell: equal iff no cell of the grid changed (sheet round trip)."""
        return fingerprint(self.class_id, self.subject.id, self.semester, self.rows)


class _StoredRow(Protocol):
    """A row of a TT22 or TT27 grid: the student and the cells."""

    @property
    def student_id(self) -> uuid.UUID: ...
    @property
    def cells(self) -> Sequence[GridCell]: ...


def fingerprint(
    class_id: uuid.UUID, subject_id: uuid.UUID, semester: int, rows: Iterable[_StoredRow]
) -> str:
    """SHA-256 over (student, column, stored) of every non-empty cell of a TT22 or TT27 grid."""
    cells = sorted(
        f"{row.student_id}\x1f{cell.key}\x1f{cell.stored}"
        for row in rows
        for cell in row.cells
        if cell.stored is not None
    )
    head = f"{class_id}\x1f{subject_id}\x1f{semester}"
    return hashlib.sha256("\x1e".join([head, *cells]).encode("utf-8")).hexdigest()


def _columns(records: ClassRecords, subject: SubjectInfo, semester: int) -> tuple[GridColumn, ...]:
    count = subject.regular_count
    stored = [
        n
        for (sid, subj, sem), cells in records.marks.items()
        if subj == subject.id and sem == semester
        for (k, n) in cells
        if k == Kind.REGULAR
    ]
    labels = {
        Kind.MIDTERM: M.column_midterm,
        Kind.FINAL: M.column_final,
        Kind.COMMENT: M.column_comment,
    }
    return tuple(
        GridColumn(
            slot,
            labels.get(slot.kind, slot.key),
            slot.kind is not Kind.REGULAR or slot.number <= count,
        )
        for slot in grid_slots(count, max(stored, default=0))
    )


def _row(
    records: ClassRecords,
    subject: SubjectInfo,
    semester: int,
    columns: tuple[GridColumn, ...],
    i: int,
) -> GridRow:
    entry = records.roster[i]
    stored = records.marks.get((entry.student_id, subject.id, semester), {})
    cells = []
    for col in columns:
        value = stored.get((col.slot.kind.value, col.slot.number))
        needed = col.required and col.slot.kind is not Kind.COMMENT
        cells.append(
            GridCell(
                col.key,
                value,
                show_stored(value, col.slot, subject.comment_only),
                needed and value is None,
                not col.required and value is not None,
            )
        )
    result = semester_result(subject_scores(records, entry.student_id, subject, semester))
    return GridRow(
        entry.student_id,
        entry.student_code,
        entry.full_name,
        entry.current,
        tuple(cells),
        result.value,
        show_mark(result.value),
        result.reasons,
    )


def grade_grid(
    session: Session, actor: Actor | None, class_id: uuid.UUID, subject_id: uuid.UUID, semester: int
) -> GradeGrid:
    """Students in name order, TX1..TXn/GK/CK/DG cells, missing flags and the live result."""
    check_semester(semester)
    group = access.get_class(session, class_id)
    require_secondary(group)
    access.require_view(session, actor, group)
    subject = class_subject(session, group, subject_id)
    records = load_class(session, group, subject_ids=[subject_id])
    columns = _columns(records, subject, semester)
    rows = tuple(_row(records, subject, semester, columns, i) for i in range(len(records.roster)))
    may_type = access.may_enter_subject(session, actor, group, subject_id)
    locked, editable = access.edit_state(session, actor, group, semester, may_type)
    return GradeGrid(
        group.id, group.name, group.school_year, subject, semester, columns, rows, locked, editable
    )

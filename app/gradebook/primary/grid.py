"""The primary (TT27) grid of one class × subject × semester: what the entry screen shows.

Columns per checkpoint (giữa học kì, cuối học kì): the level (Mức), the
periodic test (KT) where the subject has one, and the comment (Nhận xét).
Levels and tests are required; comments are optional; students who left the
class are never "missing". Nothing is computed here: TT27 sums up only at the
end of the year (``app.gradebook.primary.records``).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy.orm import Session

from app.db import Actor
from app.gradebook import access
from app.gradebook.catalogue import SubjectInfo, class_subject
from app.gradebook.grid import GridCell, fingerprint
from app.gradebook.primary.records import PrimaryRecords, load_primary, require_primary
from app.gradebook.primary.values import (
    PKind,
    PSlot,
    checkpoint_label,
    required,
    show_pstored,
    subject_slots,
)
from app.gradebook.terms import check_semester
from app.grading.scores import clean_text
from app.messages.primary_entry import PRIMARY_ENTRY_MSG as M


@dataclass(frozen=True)
class PColumn:
    """A column: its slot (MD1 … NX2), label ("Mức GK I") and whether a value is required."""

    slot: PSlot
    label: str
    required: bool

    @property
    def key(self) -> str:
        """MD1, KT1, NX1, MD2, KT2, NX2."""
        return self.slot.key

    @property
    def extra(self) -> bool:
        """A stored column the subject no longer has (shown so it can be read and cleared)."""
        return not self.required and self.slot.kind is not PKind.COMMENT


PCell = GridCell
"""One cell: stored text (canonical), display text (HTT/HT/CHT, scores) and the missing flag."""


@dataclass(frozen=True)
class PRow:
    """A student's row; ``current`` is False once the student left the class."""

    student_id: uuid.UUID
    student_code: str
    full_name: str
    current: bool
    cells: tuple[PCell, ...]

    def cell(self, key: str) -> PCell:
        """The cell of column ``key`` (MD1, KT2, …)."""
        return next(c for c in self.cells if c.key == key)


@dataclass(frozen=True)
class PrimaryGrid:
    """The whole grid; ``editable`` says whether this actor may type in it now."""

    class_id: uuid.UUID
    class_name: str
    school_year: str
    grade: int
    subject: SubjectInfo
    semester: int
    columns: tuple[PColumn, ...]
    rows: tuple[PRow, ...]
    locked: bool
    editable: bool
    fingerprint: str
    """SHA-256 of every stored cell: equal iff no cell of the grid changed (sheet round trip)."""

    def column(self, name: str) -> PColumn | None:
        """The column named by its key ("KT2") or label ("KT cuối năm"), else None."""
        return find_column(self.columns, name)


def short_when(semester: int, checkpoint: int) -> str:
    """GK I, CK I, GK II, cuối năm: ``checkpoint_label`` shortened for column headers."""
    text = checkpoint_label(semester, checkpoint)
    for long, short in M.when_short.items():
        text = text.replace(long, short)
    return text


def column_label(slot: PSlot, semester: int) -> str:
    """ "Mức GK I", "KT cuối năm", "Nhận xét CK I"."""
    template = {
        PKind.LEVEL: M.column_level,
        PKind.TEST: M.column_test,
        PKind.COMMENT: M.column_comment,
    }[slot.kind]
    return template.format(when=short_when(semester, slot.checkpoint))


def find_column(columns: Iterable[PColumn], name: str) -> PColumn | None:
    """The column whose key or label is ``name`` (case and spacing ignored)."""
    wanted = clean_text(name).casefold()
    wanted_key = wanted.replace(" ", "")
    for col in columns:
        if col.key.casefold() == wanted_key or col.label.casefold() == wanted:
            return col
    return None


def subject_columns(
    subject: SubjectInfo, grade: int, semester: int, stored: Iterable[PSlot] = ()
) -> tuple[PColumn, ...]:
    """The subject's columns for the grade, plus any stored column it no longer has."""
    slots = subject_slots(subject.name, not subject.comment_only, grade)
    extra = sorted(set(stored) - set(slots), key=lambda s: (s.checkpoint, s.kind.value))
    cols = [PColumn(s, column_label(s, semester), required(s)) for s in slots]
    cols += [PColumn(s, column_label(s, semester), False) for s in extra]
    return tuple(sorted(cols, key=lambda c: (c.slot.checkpoint, _KIND_ORDER[c.slot.kind])))


_KIND_ORDER = {PKind.LEVEL: 0, PKind.TEST: 1, PKind.COMMENT: 2}


def _stored_slots(records: PrimaryRecords, subject_id: uuid.UUID, semester: int) -> set[PSlot]:
    return {
        PSlot(PKind(kind), number)
        for (_, subj, sem), cells in records.marks.items()
        if subj == subject_id and sem == semester
        for (kind, number) in cells
    }


def _rows(
    records: PrimaryRecords, subject_id: uuid.UUID, semester: int, columns: tuple[PColumn, ...]
) -> tuple[PRow, ...]:
    rows = []
    for entry in records.roster:
        stored = records.marks.get((entry.student_id, subject_id, semester), {})
        cells = []
        for col in columns:
            value = stored.get((col.slot.kind.value, col.slot.checkpoint))
            cells.append(
                PCell(
                    col.key,
                    value,
                    show_pstored(value, col.slot),
                    col.required and entry.current and value is None,
                    col.extra and value is not None,
                )
            )
        rows.append(
            PRow(entry.student_id, entry.student_code, entry.full_name, entry.current, tuple(cells))
        )
    return tuple(rows)


def primary_grid(
    session: Session, actor: Actor | None, class_id: uuid.UUID, subject_id: uuid.UUID, semester: int
) -> PrimaryGrid:
    """Students in name order, MD/KT/NX cells per checkpoint, missing flags, lock and edit state."""
    check_semester(semester)
    group = access.get_class(session, class_id)
    require_primary(group)
    access.require_view(session, actor, group)
    subject = class_subject(session, group, subject_id)
    records = load_primary(session, group, subject_ids=[subject_id])
    columns = subject_columns(
        subject, group.grade, semester, _stored_slots(records, subject_id, semester)
    )
    rows = _rows(records, subject_id, semester, columns)
    may_type = access.may_enter_subject(session, actor, group, subject_id)
    locked, editable = access.edit_state(session, actor, group, semester, may_type)
    return PrimaryGrid(
        group.id,
        group.name,
        group.school_year,
        group.grade,
        subject,
        semester,
        columns,
        rows,
        locked,
        editable,
        fingerprint(group.id, subject_id, semester, rows),
    )

"""Primary (TT27) rows of the long import format: kinds MD, KT, NX and PC.

docs/long-format.md: for a primary student ``kind`` is MD (mức đạt được), KT
(điểm kiểm tra định kì) or NX (nhận xét) with ``subject`` a subject of the
class, or PC (phẩm chất, năng lực) with ``subject`` the quality or competency;
``index`` is the checkpoint: 1 giữa học kì, 2 cuối học kì (semester 2: cuối
năm). ``long_format.preview_long`` hands these rows here and refuses TT22
kinds for primary students; this module refuses primary kinds for the others.

What the primary teacher sheet shares with this module (``primary_change``,
``slot_refusal``) and the writes ``commit_sheet`` calls (``write_subject_batch``,
``write_ratings_batch``) live in ``primary_cells``; the writes are importable
from here too.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy.orm import Session

from app.db import Actor
from app.excel.cells import CellValue, clean_text
from app.gradebook import access
from app.gradebook.catalogue import SubjectInfo
from app.gradebook.primary.grid import column_label, primary_grid
from app.gradebook.primary.records import is_primary
from app.gradebook.primary.values import (
    CHECKPOINTS,
    PKind,
    PSlot,
    checkpoint_label,
    parse_pcell,
    parse_rating_cell,
    ratings_for,
    show_rating,
)
from app.gradebook.primary_ratings import find_rating, rating_sheet
from app.gradesheets.layout import shown_value, typed_text
from app.gradesheets.long_rows import Finder, LongFile, grid_changes
from app.gradesheets.model import Batch, BatchKind, CellChange
from app.gradesheets.primary_cells import (
    RATING_KIND,
    primary_change,
    rating_column,
    slot_refusal,
)
from app.gradesheets.primary_cells import write_ratings_batch as write_ratings_batch
from app.gradesheets.primary_cells import write_subject_batch as write_subject_batch
from app.gradesheets.sheet_grid import SheetRow, cell_change, grid_batch
from app.messages.gradesheets import GRADESHEETS_MSG as M
from app.messages.primary_sheets import PRIMARY_SHEETS_MSG as PM
from app.students.models import ClassGroup

PRIMARY_KINDS = (*(k.value for k in PKind), RATING_KIND)
RATINGS_SUBJECT_ID = uuid.UUID(int=0)
"""The placeholder subject of a ratings batch (ratings belong to no subject)."""

Rows = list[tuple[int, dict[str, CellValue]]]


def is_primary_kind(value: CellValue) -> bool:
    """Whether a ``kind`` cell names a primary kind (MD, KT, NX, PC)."""
    return clean_text(value).upper() in PRIMARY_KINDS


@dataclass(frozen=True)
class _PRow:
    """A primary row whose fields parsed; the student and subject are still to be found."""

    row: int
    code: str
    subject: str
    semester: int
    kind: str
    checkpoint: int
    value: CellValue
    year: str


@dataclass(frozen=True)
class _Target:
    """A row matched to a student's class and a subject (or a rating), with its stored value."""

    src: _PRow
    student_id: uuid.UUID
    group: ClassGroup
    subject: SubjectInfo | None
    name: str
    """The subject's or the quality/competency's canonical name."""
    new: str | None


def _parse(f: LongFile, row: int, values: dict[str, CellValue]) -> _PRow | None:
    col, refuse = f.table.headers, f.refuse
    head = f.head(row, values)
    index_text, bad = head.index, head.bad
    checkpoint = int(index_text) if index_text.isdigit() else 0
    if not index_text:
        bad = refuse(row, col["index"], "", PM.checkpoint_required)
    elif checkpoint not in CHECKPOINTS:
        bad = refuse(row, col["index"], index_text, PM.checkpoint_bad)
    bad = f.year_refused(row, head.year) or bad
    if bad or head.semester is None:
        return None
    kind = clean_text(values.get("kind")).upper()
    value = values.get("value")
    return _PRow(row, head.code, head.subject, head.semester, kind, checkpoint, value, head.year)


def _value(r: _PRow, group: ClassGroup, subject: SubjectInfo | None) -> tuple[str | None, str]:
    """(stored value, "") or (None, why the value is refused)."""
    text, why = typed_text(r.value)
    if why:
        return None, why
    if subject is None:
        parsed = parse_rating_cell(text)
    else:
        slot = PSlot(PKind(r.kind), r.checkpoint)
        parsed = parse_pcell(text, slot)
        beyond = slot_refusal(slot, subject, group.grade, r.semester)
        if beyond and parsed.value is not None:
            return None, beyond
    return parsed.value, " ".join(parsed.reasons)


def _place(session: Session, rows: list[_PRow], f: LongFile) -> list[_Target]:
    """Find each row's student, class and subject or rating; refuse what does not fit."""
    finder = Finder(session, rows)
    seen: dict[tuple[uuid.UUID, str, int, str, int], int] = {}
    col, refuse = f.table.headers, f.refuse
    out = []
    for r, (sid, _, group) in finder.located(rows, f):
        if not is_primary(group):
            why = PM.primary_kind_for_secondary.format(cls=group.name, kind=r.kind)
            refuse(r.row, col["kind"], r.kind, why)
            continue
        subject: SubjectInfo | None = None
        if r.kind == RATING_KIND:
            rating = find_rating(ratings_for(group.grade), r.subject)
            name = rating.name if rating else ""
            unknown = PM.rating_unknown.format(cls=group.name, grade=group.grade)
        else:
            subject = finder.subject(group, r.subject)
            name = subject.name if subject else ""
            unknown = M.subject_unknown.format(cls=group.name, grade=group.grade, year=r.year)
        if not name:
            refuse(r.row, col["subject"], r.subject, unknown)
            continue
        key = (sid, name, r.semester, r.kind, r.checkpoint)
        if key in seen:
            refuse(r.row, col["student_code"], r.code, PM.duplicate_row.format(row=seen[key]))
            continue
        seen[key] = r.row
        new, why = _value(r, group, subject)
        if new is None:
            refuse(r.row, col["value"], shown_value(r.value), why)
            continue
        out.append(_Target(r, sid, group, subject, name, new))
    return out


def _ratings_batch(group: ClassGroup, semester: int, locked: bool) -> Batch:
    """The batch of a class × semester of qualities and competencies (no subject)."""
    return Batch(
        group.id,
        group.name,
        group.school_year,
        RATINGS_SUBJECT_ID,
        PM.ratings_subject,
        semester,
        locked,
        BatchKind.RATINGS,
    )


def _subject_changes(
    session: Session, actor: Actor | None, items: list[_Target], sheet: str
) -> tuple[Batch, list[CellChange], int]:
    """One class × subject × semester: the grid now against the file's rows."""
    first = items[0]
    group, subject, semester = first.group, first.subject, first.src.semester
    assert subject is not None
    access.require_subject_entry(session, actor, group, subject.id, subject.name)
    grid = primary_grid(session, actor, group.id, subject.id, semester)
    batch = grid_batch(grid, BatchKind.PRIMARY)

    def change(t: _Target, row: SheetRow, old: str | None) -> CellChange:
        slot = PSlot(PKind(t.src.kind), t.src.checkpoint)
        heading = column_label(slot, semester)
        return primary_change(batch, row, slot, (sheet, t.src.row), old, t.new, heading)

    def cell(t: _Target) -> tuple[uuid.UUID, str, str | None]:
        return t.student_id, PSlot(PKind(t.src.kind), t.src.checkpoint).key, t.new

    changes, unchanged = grid_changes(grid, items, cell, change)
    return batch, changes, unchanged


def _rating_changes(
    session: Session, actor: Actor | None, items: list[_Target], sheet: str
) -> tuple[Batch, list[CellChange], int]:
    """One class × semester of qualities and competencies: stored ratings against the file."""
    group, semester = items[0].group, items[0].src.semester
    access.require_homeroom(session, actor, group)
    sheets = {
        cp: rating_sheet(session, actor, group.id, semester, cp)
        for cp in sorted({t.src.checkpoint for t in items})
    }
    batch = _ratings_batch(group, semester, next(iter(sheets.values())).locked)
    changes, unchanged = [], 0
    for t in items:
        cp = t.src.checkpoint
        line = next(x for x in sheets[cp].lines if x.student_id == t.student_id)
        current = line.values.get(t.name)
        if current == t.new:
            unchanged += 1
            continue
        heading = PM.rating_heading.format(name=t.name, when=checkpoint_label(semester, cp))
        where = (sheet, t.src.row)
        changes.append(
            cell_change(
                batch,
                line,
                rating_column(t.name, cp),
                where,
                current,
                t.new,
                show_rating,
                heading=heading,
            )
        )
    return batch, changes, unchanged


def preview_primary_rows(
    session: Session, actor: Actor | None, f: LongFile, rows: Rows
) -> tuple[list[Batch], list[CellChange], int]:
    """Validate primary long-format rows and diff them: (batches, changes, unchanged cells)."""
    parsed = [_parse(f, row, values) for row, values in rows]
    targets = _place(session, [p for p in parsed if p is not None], f)
    groups: dict[tuple[uuid.UUID, uuid.UUID | None, int], list[_Target]] = defaultdict(list)
    for t in targets:
        groups[(t.group.id, t.subject.id if t.subject else None, t.src.semester)].append(t)
    batches, changes, unchanged = [], [], 0
    for (_, subject_id, _), items in groups.items():
        compare = _subject_changes if subject_id is not None else _rating_changes
        batch, found, same = compare(session, actor, items, f.table.sheet.name)
        batches.append(batch)
        changes += found
        unchanged += same
    return batches, changes, unchanged

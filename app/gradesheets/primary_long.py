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

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db import Actor
from app.excel.cells import CellValue, clean_text, code_text
from app.excel.headers import Table
from app.gradebook import access
from app.gradebook.catalogue import SubjectInfo, class_subjects
from app.gradebook.primary.grid import column_label, primary_grid
from app.gradebook.primary.ratings import find_rating, rating_sheet
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
from app.gradesheets.layout import shown_value, typed_text
from app.gradesheets.long_format import SEMESTERS, Refuse, classes
from app.gradesheets.model import Batch, BatchKind, CellChange
from app.gradesheets.primary_cells import (
    RATING_KIND,
    primary_change,
    rating_column,
    slot_refusal,
)
from app.gradesheets.primary_cells import write_ratings_batch as write_ratings_batch
from app.gradesheets.primary_cells import write_subject_batch as write_subject_batch
from app.messages.gradesheets import GRADESHEETS_MSG as M
from app.messages.primary_sheets import PRIMARY_SHEETS_MSG as PM
from app.students.models import ClassGroup, Student

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


def _parse(
    table: Table,
    row: int,
    values: dict[str, CellValue],
    default_year: str,
    years: set[str],
    refuse: Refuse,
) -> _PRow | None:
    col = table.headers
    code = code_text(values.get("student_code"))
    subject = clean_text(values.get("subject"))
    sem_text = typed_text(values.get("semester"))[0].replace(" ", "").casefold()
    index_text = typed_text(values.get("index"))[0]
    year = clean_text(values.get("school_year")) or default_year
    bad = False
    for name, text in (("student_code", code), ("subject", subject)):
        if not text:
            bad = refuse(row, col[name], "", M.required_cell)
    semester = SEMESTERS.get(sem_text.removeprefix("họckì").removeprefix("họckỳ"))
    if semester is None:
        bad = refuse(row, col["semester"], sem_text, M.semester_bad)
    checkpoint = int(index_text) if index_text.isdigit() else 0
    if not index_text:
        bad = refuse(row, col["index"], "", PM.checkpoint_required)
    elif checkpoint not in CHECKPOINTS:
        bad = refuse(row, col["index"], index_text, PM.checkpoint_bad)
    if year not in years:
        where = col.get("school_year", "school_year")
        bad = refuse(row, where, year, M.year_bad.format(value=year))
    if bad or semester is None:
        return None
    kind = clean_text(values.get("kind")).upper()
    return _PRow(row, code, subject, semester, kind, checkpoint, values.get("value"), year)


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


def _place(session: Session, rows: list[_PRow], table: Table, refuse: Refuse) -> list[_Target]:
    """Find each row's student, class and subject or rating; refuse what does not fit."""
    codes = {r.code for r in rows}
    found = classes(session, codes, {r.year for r in rows})
    known = set(
        session.scalars(select(Student.student_code).where(Student.student_code.in_(codes)))
    )
    subjects: dict[uuid.UUID, list[SubjectInfo]] = {}
    seen: dict[tuple[uuid.UUID, str, int, str, int], int] = {}
    col = table.headers
    out = []
    for r in rows:
        if (r.code, r.year) not in found:
            why = M.student_no_class.format(year=r.year) if r.code in known else None
            refuse(r.row, col["student_code"], r.code, why or M.student_code_unknown)
            continue
        sid, _, group = found[(r.code, r.year)]
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
            if group.id not in subjects:
                subjects[group.id] = class_subjects(session, group)
            wanted = r.subject.casefold()
            subject = next(
                (
                    s
                    for s in subjects[group.id]
                    if wanted in (s.name.casefold(), s.short_name.casefold())
                ),
                None,
            )
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


def _batch(group: ClassGroup, subject: SubjectInfo | None, semester: int, locked: bool) -> Batch:
    if subject is None:
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
    return Batch(
        group.id,
        group.name,
        group.school_year,
        subject.id,
        subject.name,
        semester,
        locked,
        BatchKind.PRIMARY,
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
    batch = _batch(group, subject, semester, grid.locked)
    rows = {r.student_id: r for r in grid.rows}
    changes, unchanged = [], 0
    for t in items:
        slot = PSlot(PKind(t.src.kind), t.src.checkpoint)
        row = rows[t.student_id]
        current = next((c.stored for c in row.cells if c.key == slot.key), None)
        if current == t.new:
            unchanged += 1
            continue
        heading = column_label(slot, semester)
        where = (sheet, t.src.row)
        changes.append(primary_change(batch, row, slot, where, current, t.new, heading))
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
    batch = _batch(group, None, semester, next(iter(sheets.values())).locked)
    changes, unchanged = [], 0
    for t in items:
        cp = t.src.checkpoint
        line = next(x for x in sheets[cp].lines if x.student_id == t.student_id)
        current = line.values.get(t.name)
        if current == t.new:
            unchanged += 1
            continue
        heading = PM.rating_heading.format(name=t.name, when=checkpoint_label(semester, cp))
        changes.append(
            CellChange(
                batch,
                t.student_id,
                line.student_code,
                line.full_name,
                rating_column(t.name, cp),
                sheet,
                t.src.row,
                current,
                t.new,
                show_rating(current),
                show_rating(t.new),
                heading=heading,
            )
        )
    return batch, changes, unchanged


def preview_primary_rows(
    session: Session,
    actor: Actor | None,
    table: Table,
    rows: Rows,
    default_year: str,
    years: set[str],
    refuse: Refuse,
) -> tuple[list[Batch], list[CellChange], int]:
    """Validate primary long-format rows and diff them: (batches, changes, unchanged cells)."""
    parsed = [_parse(table, row, values, default_year, years, refuse) for row, values in rows]
    targets = _place(session, [p for p in parsed if p is not None], table, refuse)
    groups: dict[tuple[uuid.UUID, uuid.UUID | None, int], list[_Target]] = defaultdict(list)
    for t in targets:
        groups[(t.group.id, t.subject.id if t.subject else None, t.src.semester)].append(t)
    batches, changes, unchanged = [], [], 0
    for (_, subject_id, _), items in groups.items():
        compare = _subject_changes if subject_id is not None else _rating_changes
        batch, found, same = compare(session, actor, items, table.sheet.name)
        batches.append(batch)
        changes += found
        unchanged += same
    return batches, changes, unchanged

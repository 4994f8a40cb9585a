"""The long import format: one assessment per row, for data from other systems.

Columns (docs/long-format.md): ``student_code, subject, semester, kind, index,
value`` and optionally ``school_year``. CSV (UTF-8, comma, semicolon or tab) or
.xlsx. Every row is validated and located; the rows are grouped into
class × subject × semester grids and compared with the grade book. Writes nothing.
Rows of the primary kinds (MD, KT, NX, PC) go to ``primary_long``.
"""

from __future__ import annotations

import csv
import io
import uuid
from collections import defaultdict
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from sqlalchemy.orm import Session

from app import school
from app.db import Actor
from app.errors import ValidationError
from app.excel.cells import CellValue, clean_text
from app.excel.headers import Column, Layout, Table, find_table
from app.excel.reader import Limits, Sheet, read_workbook
from app.gradebook import access
from app.gradebook.catalogue import SubjectInfo
from app.gradebook.grid import grade_grid
from app.gradebook.primary.records import is_primary
from app.gradebook.values import Kind, Slot, parse_cell, show_stored, slot_problem
from app.gradesheets.layout import shown_value, typed_text
from app.gradesheets.long_rows import Finder, LongFile, Refuse, grid_changes
from app.gradesheets.model import Batch, CellChange, SheetKind, SheetPreview
from app.gradesheets.primary_long import is_primary_kind, preview_primary_rows
from app.gradesheets.sheet_grid import SheetRow, cell_change, grid_batch
from app.messages.gradesheets import GRADESHEETS_MSG as M
from app.messages.primary_sheets import PRIMARY_SHEETS_MSG as PM
from app.students.access import year_name
from app.students.models import ClassGroup

CSV_SUFFIXES = (".csv", ".txt", ".tsv")
_LIMITS = Limits()
LONG_LAYOUT = Layout(
    (
        Column("student_code", "student_code", ("Mã học sinh", "Mã HS"), required=True),
        Column("subject", "subject", ("Môn", "Môn học"), required=True),
        Column("semester", "semester", ("Học kì", "Học kỳ", "HK"), required=True),
        Column("kind", "kind", ("Loại", "Loại đánh giá"), required=True),
        Column("index", "index", ("Thứ tự", "Lần"), required=True),
        Column("value", "value", ("Điểm", "Giá trị", "Kết quả"), required=True),
        Column("school_year", "school_year", ("Năm học",)),
    ),
    min_matches=4,
)


@dataclass(frozen=True)
class _Row:
    """A row whose fields parsed; the student and subject are still to be found."""

    row: int
    code: str
    subject: str
    semester: int
    slot: Slot
    value: CellValue
    year: str


@dataclass(frozen=True)
class _Placed:
    """A row matched to a student's class and a subject, with its parsed value."""

    src: _Row
    student_id: uuid.UUID
    full_name: str
    group: ClassGroup
    subject: SubjectInfo
    new: str | None


def read_csv(path: Path, limits: Limits = _LIMITS) -> tuple[Sheet, list[str]]:
    """A CSV file as a sheet (UTF-8, else Windows-1258 with a notice); any of , ; or tab."""
    notices: list[str] = []
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ValidationError(M.long_csv_unreadable.format(file=path.name, detail=exc)) from exc
    if len(data) > limits.max_bytes:
        raise ValidationError(M.long_csv_unreadable.format(file=path.name, detail="quá lớn"))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1258", errors="replace")
        notices.append(M.long_csv_encoding.format(file=path.name))
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(text[:4096], ",;\t")
    except csv.Error:
        dialect = csv.excel
    rows: list[list[CellValue]] = [list(r) for r in csv.reader(io.StringIO(text), dialect)]
    return Sheet(path.name, rows), notices


def find_long_table(sheets: list[Sheet]) -> Table | None:
    """The first sheet whose header row names the long-format columns."""
    for sheet in sheets:
        table = find_table(sheet, LONG_LAYOUT)
        if table is not None and {"student_code", "value"} <= table.columns.keys():
            return table
    return None


def _parse_row(f: LongFile, row: int, values: dict[str, CellValue]) -> _Row | None:
    col, refuse = f.table.headers, f.refuse
    head = f.head(row, values)
    index_text, bad = head.index, head.bad
    kind_text = clean_text(values.get("kind")).upper()
    if kind_text not in {k.value for k in Kind}:
        refuse(row, col["kind"], kind_text, PM.kind_bad)
        return None
    kind = Kind(kind_text)
    number = int(index_text) if index_text.isdigit() else None
    if index_text and (number is None or number < 1):
        bad = refuse(row, col["index"], index_text, M.index_bad)
    elif kind is Kind.REGULAR and number is None:
        bad = refuse(row, col["index"], "", M.index_required)
    elif kind is not Kind.REGULAR and number not in (None, 1):
        bad = refuse(row, col["index"], index_text, M.index_only_one.format(kind=kind.value))
    bad = f.year_refused(row, head.year) or bad
    if bad or head.semester is None:
        return None
    slot = Slot(kind, number or 1)
    return _Row(row, head.code, head.subject, head.semester, slot, values.get("value"), head.year)


def _place(session: Session, rows: list[_Row], f: LongFile) -> list[_Placed]:
    finder = Finder(session, rows)
    seen: dict[tuple[uuid.UUID, uuid.UUID, int, str], int] = {}
    col, refuse = f.table.headers, f.refuse
    placed = []
    for r, (sid, name, group) in finder.located(rows, f):
        if is_primary(group):
            tt27 = PM.secondary_kind_for_primary.format(cls=group.name, kind=r.slot.kind.value)
            refuse(r.row, col["kind"], r.slot.kind.value, tt27)
            continue
        subject = finder.subject(group, r.subject)
        if subject is None:
            reason = M.subject_unknown.format(cls=group.name, grade=group.grade, year=r.year)
            refuse(r.row, col["subject"], r.subject, reason)
            continue
        key = (sid, subject.id, r.semester, r.slot.key)
        if key in seen:
            refuse(r.row, col["student_code"], r.code, M.duplicate_row.format(row=seen[key]))
            continue
        seen[key] = r.row
        text, why = typed_text(r.value)
        parsed = parse_cell(text, r.slot, subject.comment_only)
        problem = why or (" ".join(parsed.reasons) if parsed.value is None else None)
        problem = problem or slot_problem(r.slot, subject.regular_count)
        if problem:
            refuse(r.row, col["value"], shown_value(r.value), problem)
            continue
        placed.append(_Placed(r, sid, name, group, subject, parsed.value))
    return placed


def _compare(
    session: Session, actor: Actor | None, placed: list[_Placed], sheet: str
) -> tuple[list[Batch], list[CellChange], int]:
    by_grid: dict[tuple[uuid.UUID, uuid.UUID, int], list[_Placed]] = defaultdict(list)
    for p in placed:
        by_grid[(p.group.id, p.subject.id, p.src.semester)].append(p)
    batches, changes, unchanged = [], [], 0
    for (class_id, subject_id, semester), items in by_grid.items():
        group, subject = items[0].group, items[0].subject
        access.require_subject_entry(session, actor, group, subject_id, subject.name)
        grid = grade_grid(session, actor, class_id, subject_id, semester)
        batch = grid_batch(grid)
        batches.append(batch)

        def change(p: _Placed, row: SheetRow, old: str | None, batch: Batch = batch) -> CellChange:
            show = partial(show_stored, slot=p.src.slot, comment_only=p.subject.comment_only)
            return cell_change(batch, row, p.src.slot.key, (sheet, p.src.row), old, p.new, show)

        found, same = grid_changes(
            grid, items, lambda p: (p.student_id, p.src.slot.key, p.new), change
        )
        changes += found
        unchanged += same
    return batches, changes, unchanged


def _width(raw: list[CellValue]) -> int:
    """Cells up to the last non-empty one."""
    return max((i + 1 for i, v in enumerate(raw) if clean_text(v)), default=0)


def preview_long(
    session: Session, actor: Actor | None, path: Path | str, *, year: str | None = None
) -> SheetPreview:
    """Read, validate and diff a long-format CSV/XLSX; ``year`` when the file has no school_year."""
    path = Path(path)
    notices: list[str] = []
    if path.suffix.lower() in CSV_SUFFIXES:
        sheet, notices = read_csv(path)
        sheets = [sheet]
    else:
        sheets = read_workbook(path)
    table = find_long_table(sheets)
    if table is None:
        raise ValidationError(M.long_no_header.format(file=path.name))
    if missing := table.missing_required():
        raise ValidationError(
            M.long_missing_columns.format(
                file=path.name, columns=", ".join(missing), row=table.header_row + 1
            )
        )
    default_year = year_name(session, year)
    years = {y.name for y in school.list_years(session)}
    refuse = Refuse(table.sheet.name)
    f = LongFile(table, default_year, years, refuse)
    is_csv = path.suffix.lower() in CSV_SUFFIXES
    width = _width(table.sheet.rows[table.header_row])
    rows, primary_rows, blank = [], [], 0
    for row, values in table.rows():
        if is_csv and _width(table.sheet.rows[row - 1]) > width:
            refuse(
                row, table.headers["value"], shown_value(values.get("value")), M.csv_extra_fields
            )
            continue
        if not typed_text(values.get("value"))[0] and typed_text(values.get("value"))[1] is None:
            blank += 1
            continue
        if is_primary_kind(values.get("kind")):
            primary_rows.append((row, values))
            continue
        parsed = _parse_row(f, row, values)
        if parsed is not None:
            rows.append(parsed)
    placed = _place(session, rows, f)
    batches, changes, unchanged = _compare(session, actor, placed, table.sheet.name)
    if primary_rows:
        found = preview_primary_rows(session, actor, f, primary_rows)
        batches, changes, unchanged = batches + found[0], changes + found[1], unchanged + found[2]
    if blank:
        notices.append(M.long_blank_values.format(n=blank))
    if kept := table.legacy_kept_notice():
        notices.append(kept)
    if ignored := table.ignored_notice():
        notices.append(ignored)
    return SheetPreview(
        path,
        SheetKind.LONG,
        tuple(batches),
        tuple(changes),
        tuple(sorted(refuse.problems, key=lambda p: p.row)),
        unchanged,
        0,
        tuple(notices),
    )

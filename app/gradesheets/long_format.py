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
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import school
from app.db import Actor
from app.errors import ValidationError
from app.excel.cells import CellValue, clean_text, code_text
from app.excel.headers import Column, Layout, Table, find_table
from app.excel.reader import Limits, Sheet, read_workbook
from app.gradebook import access
from app.gradebook.catalogue import SubjectInfo, class_subjects
from app.gradebook.grid import grade_grid
from app.gradebook.primary.records import is_primary
from app.gradebook.values import Kind, Slot, parse_cell, show_stored, slot_problem
from app.gradesheets.layout import shown_value, typed_text
from app.gradesheets.model import Batch, CellChange, SheetKind, SheetPreview, SheetProblem
from app.messages.gradesheets import GRADESHEETS_MSG as M
from app.messages.primary_sheets import PRIMARY_SHEETS_MSG as PM
from app.students.access import year_name
from app.students.models import ClassGroup, Enrolment, Student

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
SEMESTERS = {"1": 1, "i": 1, "hk1": 1, "hki": 1, "2": 2, "ii": 2, "hk2": 2, "hkii": 2}


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


def _parse_row(
    table: Table,
    row: int,
    values: dict[str, CellValue],
    default_year: str,
    years: set[str],
    refuse: Refuse,
) -> _Row | None:
    col = table.headers
    code = code_text(values.get("student_code"))
    subject = clean_text(values.get("subject"))
    sem_text = typed_text(values.get("semester"))[0].replace(" ", "").casefold()
    kind_text = clean_text(values.get("kind")).upper()
    index_text = typed_text(values.get("index"))[0]
    year = clean_text(values.get("school_year")) or default_year
    bad = False
    for field, text in (("student_code", code), ("subject", subject)):
        if not text:
            bad = refuse(row, col[field], "", M.required_cell)
    semester = SEMESTERS.get(sem_text.removeprefix("họckì").removeprefix("họckỳ"))
    if semester is None:
        bad = refuse(row, col["semester"], sem_text, M.semester_bad)
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
    if year not in years:
        bad = refuse(
            row, col.get("school_year", "school_year"), year, M.year_bad.format(value=year)
        )
    if bad or semester is None:
        return None
    return _Row(row, code, subject, semester, Slot(kind, number or 1), values.get("value"), year)


class Refuse:
    """Collects located problems; calling it records one and returns True (for ``bad = …``)."""

    def __init__(self, sheet: str) -> None:
        self.sheet = sheet
        self.problems: list[SheetProblem] = []

    def __call__(self, row: int, column: str, value: str, reason: str) -> bool:
        self.problems.append(SheetProblem(self.sheet, row, column, value, reason))
        return True


def classes(
    session: Session, codes: set[str], years: set[str]
) -> dict[tuple[str, str], tuple[uuid.UUID, str, ClassGroup]]:
    """(code, year) → (student id, name, class): the class the student is, or was last, in."""
    stmt = (
        select(Student.id, Student.student_code, Student.full_name, ClassGroup)
        .join(Enrolment, Enrolment.student_id == Student.id)
        .join(ClassGroup, ClassGroup.id == Enrolment.class_id)
        .where(Student.student_code.in_(codes), ClassGroup.school_year.in_(years))
        .order_by(Enrolment.end_date.is_not(None), Enrolment.start_date.desc())
    )
    out: dict[tuple[str, str], tuple[uuid.UUID, str, ClassGroup]] = {}
    for sid, code, name, group in session.execute(stmt):
        out.setdefault((code, group.school_year), (sid, name, group))
    return out


def _place(session: Session, rows: list[_Row], table: Table, refuse: Refuse) -> list[_Placed]:
    codes = {r.code for r in rows}
    found = classes(session, codes, {r.year for r in rows})
    known = set(
        session.scalars(select(Student.student_code).where(Student.student_code.in_(codes)))
    )
    subjects: dict[uuid.UUID, list[SubjectInfo]] = {}
    seen: dict[tuple[uuid.UUID, uuid.UUID, int, str], int] = {}
    col = table.headers
    placed = []
    for r in rows:
        if (r.code, r.year) not in found:
            reason = (
                M.student_no_class.format(year=r.year)
                if r.code in known
                else M.student_code_unknown
            )
            refuse(r.row, col["student_code"], r.code, reason)
            continue
        sid, name, group = found[(r.code, r.year)]
        if is_primary(group):
            tt27 = PM.secondary_kind_for_primary.format(cls=group.name, kind=r.slot.kind.value)
            refuse(r.row, col["kind"], r.slot.kind.value, tt27)
            continue
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
        batch = Batch(
            class_id, group.name, group.school_year, subject_id, subject.name, semester, grid.locked
        )
        batches.append(batch)
        rows = {r.student_id: r for r in grid.rows}
        for p in items:
            key = p.src.slot.key
            current = rows[p.student_id].cell(key).stored
            if current == p.new:
                unchanged += 1
                continue
            slot, comment_only = p.src.slot, subject.comment_only
            changes.append(
                CellChange(
                    batch,
                    p.student_id,
                    p.src.code,
                    p.full_name,
                    key,
                    sheet,
                    p.src.row,
                    current,
                    p.new,
                    show_stored(current, slot, comment_only),
                    show_stored(p.new, slot, comment_only),
                )
            )
    return batches, changes, unchanged


def _width(raw: list[CellValue]) -> int:
    """Cells up to the last non-empty one."""
    return max((i + 1 for i, v in enumerate(raw) if clean_text(v)), default=0)


def preview_long(
    session: Session, actor: Actor | None, path: Path | str, *, year: str | None = None
) -> SheetPreview:
    """Read, validate and diff a long-format CSV/XLSX; ``year`` when the file has no school_year."""
    from app.gradesheets.primary_long import is_primary_kind, preview_primary_rows  # builds on us

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
        parsed = _parse_row(table, row, values, default_year, years, refuse)
        if parsed is not None:
            rows.append(parsed)
    placed = _place(session, rows, table, refuse)
    batches, changes, unchanged = _compare(session, actor, placed, table.sheet.name)
    if primary_rows:
        found = preview_primary_rows(
            session, actor, table, primary_rows, default_year, years, refuse
        )
        batches, changes, unchanged = batches + found[0], changes + found[1], unchanged + found[2]
    if blank:
        notices.append(M.long_blank_values.format(n=blank))
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

"""Preview a teacher sheet coming back: validate every cell, diff it, flag conflicts.

Writes nothing. The hidden sheet says which class, subject and semester the
file belongs to and what every cell held at export time; comparing that with
the file and with the grade book now gives, per cell: unchanged, a change, a
change made in the app only (kept), or a conflict (changed in both).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import python_calamine as calamine
from sqlalchemy.orm import Session

from app import school
from app.db import Actor
from app.errors import ValidationError
from app.excel.cells import CellValue, clean_text, code_text
from app.excel.headers import Column, Layout, Table, find_table, header_key
from app.excel.reader import Sheet, read_workbook
from app.gradebook import access
from app.gradebook.catalogue import SubjectInfo, class_subject
from app.gradebook.grid import GradeGrid, GridRow, grade_grid
from app.gradebook.primary.records import is_primary
from app.gradebook.terms import semester_label
from app.gradebook.values import parse_cell, parse_slot, show_stored, slot_problem
from app.gradesheets import layout as L
from app.gradesheets.model import Batch, CellChange, SheetKind, SheetPreview, SheetProblem
from app.gradesheets.teacher_export import grid_fingerprint
from app.messages.gradesheets import GRADESHEETS_MSG as M
from app.students.models import ClassGroup

_FIXED = ("no", "code", "name")


def read_meta(path: Path) -> L.SheetMeta | None:
    """The hidden sheet's metadata and exported grid; None when the file has no such sheet."""
    try:
        with path.open("rb") as fh:
            book = calamine.CalamineWorkbook.from_filelike(fh)
            if L.META_SHEET not in book.sheet_names:
                return None
            rows = book.get_sheet_by_name(L.META_SHEET).to_python(skip_empty_area=False)
    except (calamine.CalamineError, OSError) as exc:  # read_workbook has vetted the file
        raise ValidationError(M.meta_damaged.format(file=path.name, detail=exc)) from exc
    return _parse_meta(path, rows)


def _parse_meta(path: Path, rows: list[list[Any]]) -> L.SheetMeta:
    values: dict[str, str] = {}
    header: list[str] | None = None
    students: list[tuple[uuid.UUID, str, str]] = []
    base: dict[uuid.UUID, dict[str, str | None]] = {}
    try:
        for raw in rows:
            cells = [clean_text(v) for v in raw]
            if header is not None:
                if not any(cells):
                    continue
                cells += [""] * (len(header) - len(cells))
                sid = uuid.UUID(cells[0])
                students.append((sid, cells[1], cells[2]))
                base[sid] = {k: cells[i] or None for i, k in enumerate(header) if i >= 3}
            elif cells and cells[0] == "student_id":
                header = cells
            elif len(cells) >= 2 and cells[0] in L.META_KEYS:
                values[cells[0]] = cells[1]
    except ValueError as exc:
        raise ValidationError(M.meta_damaged.format(file=path.name, detail=exc)) from exc
    return L.SheetMeta(values, tuple(students), base)


def _check_meta(meta: L.SheetMeta, file: str) -> None:
    """Right format and version, and the recorded grid matches its fingerprint."""
    if meta.values.get("format") != L.FORMAT:
        raise ValidationError(M.not_a_sheet.format(file=file))
    if meta.values.get("version") != L.VERSION:
        raise ValidationError(M.meta_version.format(file=file, version=meta.values.get("version")))
    try:
        fp = L.fingerprint(
            meta.uuid("class_id"),
            meta.uuid("subject_id"),
            meta.semester,
            meta.columns,
            ((sid, [meta.base[sid].get(k) for k in meta.columns]) for sid, _, _ in meta.students),
        )
    except ValueError as exc:
        raise ValidationError(M.meta_damaged.format(file=file, detail=exc)) from exc
    if fp != meta.values.get("fingerprint"):
        raise ValidationError(M.meta_damaged.format(file=file, detail="dấu kiểm không khớp"))


def _resolve(session: Session, meta: L.SheetMeta, file: str) -> tuple[ClassGroup, SubjectInfo]:
    """The school, class and subject the file names, or a refusal naming them."""
    profile = school.require_profile(session)
    code = meta.values.get("school_code", "")
    if code != profile.code:
        other = f"{meta.values.get('school_name', '?')}, mã {code}"
        raise ValidationError(M.other_school.format(file=file, other=other, school=profile.name))
    cls, year = meta.values.get("class_name", "?"), meta.values.get("school_year", "?")
    group = session.get(ClassGroup, meta.uuid("class_id"))
    if group is None:
        raise ValidationError(M.class_gone.format(file=file, cls=cls, year=year))
    if (group.name, group.school_year) != (cls, year):
        raise ValidationError(
            M.class_renamed.format(
                file=file, sheet_cls=cls, sheet_year=year, cls=group.name, year=group.school_year
            )
        )
    try:
        subject = class_subject(session, group, meta.uuid("subject_id"))
    except ValidationError as exc:
        name = meta.values.get("subject_name", "?")
        raise ValidationError(M.subject_gone.format(file=file, subject=name, cls=cls)) from exc
    return group, subject


def _expectation(
    meta: L.SheetMeta, file: str, expect: tuple[uuid.UUID, uuid.UUID, int] | None
) -> None:
    """Refuse a sheet of another grid than the one the user is importing into."""
    if expect is None:
        return
    got = (meta.uuid("class_id"), meta.uuid("subject_id"), meta.semester)
    if got != expect:
        raise ValidationError(
            M.wrong_grid.format(
                file=file,
                subject=meta.values.get("subject_name", "?"),
                cls=meta.values.get("class_name", "?"),
                semester=meta.semester,
            )
        )


def _layout(meta: L.SheetMeta, grid: GradeGrid) -> Layout:
    labels = {c.key: c.label for c in grid.columns}
    columns = [
        Column("no", M.header_no),
        Column("code", M.header_code, ("Mã học sinh",), required=True),
        Column("name", M.header_name, ("Họ tên",)),
    ]
    columns += [Column(k, labels.get(k, k), (k,), required=True) for k in meta.columns]
    return Layout(tuple(columns), min_matches=3)


def data_sheet(sheets: list[Sheet], meta: L.SheetMeta, file: str) -> Sheet:
    """The sheet the metadata names (the only one if it was renamed); ValidationError if none."""
    wanted = meta.values.get("sheet_name", "")
    found = next((s for s in sheets if s.name == wanted), None)
    if found is None and len(sheets) == 1:
        return sheets[0]  # renamed; the header check below still applies
    if found is None:
        raise ValidationError(M.data_sheet_missing.format(file=file, sheet=wanted))
    return found


def _looks_like_ours(sheets: list[Sheet]) -> bool:
    """A visible table with our STT / Mã HS / Họ và tên header (hidden sheet removed)."""
    keys = {header_key(h) for h in (M.header_no, M.header_code, M.header_name)}
    for sheet in sheets:
        for row in sheet.rows[: L.HEADER_ROW + 5]:
            if keys <= {header_key(v) for v in row if isinstance(v, str)}:
                return True
    return False


@dataclass
class _Reading:
    """Accumulates the preview of one sheet."""

    grid: GradeGrid
    batch: Batch
    sheet: str
    changes: list[CellChange] = field(default_factory=list)
    problems: list[SheetProblem] = field(default_factory=list)
    unchanged: int = 0
    elsewhere: int = 0
    seen: dict[str, int] = field(default_factory=dict)
    """Student code → the first sheet row that named it."""

    def refuse(self, row: int, column: str, value: str, reason: str) -> None:
        self.problems.append(SheetProblem(self.sheet, row, column, value, reason))


def _student(
    rd: _Reading,
    meta: L.SheetMeta,
    table: Table,
    row: int,
    values: dict[str, CellValue],
) -> GridRow | None:
    """The grid row a sheet row belongs to, or None after recording why not."""
    code = code_text(values.get("code"))
    column = table.headers.get("code", M.header_code)
    if not code:
        rd.refuse(row, column, "", M.code_missing)
        return None
    if code in rd.seen:
        rd.refuse(row, column, code, M.code_duplicate.format(row=rd.seen[code]))
        return None
    rd.seen[code] = row
    exported = next(((sid, name) for sid, c, name in meta.students if c == code), None)
    if exported is None:
        rd.refuse(row, column, code, M.code_unknown)
        return None
    sid, exported_name = exported
    name = clean_text(values.get("name"))
    if name and name.casefold() != exported_name.casefold():
        rd.refuse(
            row,
            table.headers.get("name", M.header_name),
            name,
            M.name_mismatch.format(name=exported_name),
        )
        return None
    found = next((r for r in rd.grid.rows if r.student_id == sid), None)  # ≤ 60 rows
    if found is None:
        rd.refuse(row, column, code, M.student_left_roster)
    return found


def _cell(
    rd: _Reading,
    meta: L.SheetMeta,
    table: Table,
    row: int,
    grow: GridRow,
    key: str,
    raw: CellValue,
) -> None:
    """Validate one assessment cell and classify it against the export and the grade book."""
    column = table.headers.get(key, key)
    slot = parse_slot(key)
    comment_only = rd.grid.subject.comment_only
    text, why = L.typed_text(raw)
    if why:
        rd.refuse(row, column, L.shown_value(raw), why)
        return
    parsed = parse_cell(text, slot, comment_only)
    if parsed.value is None and parsed.reasons:
        rd.refuse(row, column, L.shown_value(raw), " ".join(parsed.reasons))
        return
    new = parsed.value
    current = next((c.stored for c in grow.cells if c.key == key), None)  # None: column gone
    base = meta.base.get(grow.student_id, {}).get(key)
    if new == current:
        rd.unchanged += 1
        return
    if new == base:
        rd.elsewhere += 1
        return
    beyond = slot_problem(slot, rd.grid.regular_count)
    if beyond and new is not None:
        rd.refuse(row, column, L.shown_value(raw), beyond)
        return
    show = lambda v: show_stored(v, slot, comment_only)  # noqa: E731
    rd.changes.append(
        CellChange(
            rd.batch,
            grow.student_id,
            grow.student_code,
            grow.full_name,
            key,
            rd.sheet,
            row,
            current,
            new,
            show(current),
            show(new),
            base,
            show(base),
            conflict=current != base,
        )
    )


def _read_rows(rd: _Reading, meta: L.SheetMeta, table: Table) -> None:
    for row, values in table.rows():
        grow = _student(rd, meta, table, row, values)
        if grow is None:
            continue
        for key in meta.columns:
            _cell(rd, meta, table, row, grow, key, values.get(key))


def preview_sheet(
    session: Session,
    actor: Actor | None,
    path: Path | str,
    *,
    expect: tuple[uuid.UUID, uuid.UUID, int] | None = None,
) -> SheetPreview:
    """Read and check a returned teacher sheet; ``expect`` = (class, subject, semester) if known."""
    path = Path(path)
    sheets = read_workbook(path)
    meta = read_meta(path)
    if meta is None:
        template = M.meta_removed if _looks_like_ours(sheets) else M.not_a_sheet
        raise ValidationError(template.format(file=path.name))
    _check_meta(meta, path.name)
    _expectation(meta, path.name, expect)
    group, subject = _resolve(session, meta, path.name)
    if is_primary(group):
        from app.gradesheets.primary_sheet import preview_primary_sheet  # it builds on this module

        return preview_primary_sheet(session, actor, path, sheets, meta, group, subject)
    access.require_subject_entry(session, actor, group, subject.id, subject.name)
    grid = grade_grid(session, actor, group.id, subject.id, meta.semester)
    sheet = data_sheet(sheets, meta, path.name)
    table = find_table(sheet, _layout(meta, grid))
    if table is None or "code" not in table.columns:
        raise ValidationError(M.header_missing.format(sheet=sheet.name, file=path.name))
    if missing := table.missing_required():
        raise ValidationError(
            M.column_missing.format(sheet=sheet.name, file=path.name, columns=", ".join(missing))
        )
    batch = Batch(
        group.id,
        group.name,
        group.school_year,
        subject.id,
        subject.name,
        grid.semester,
        grid.locked,
    )
    rd = _Reading(grid, batch, sheet.name)
    _read_rows(rd, meta, table)
    return SheetPreview(
        path,
        SheetKind.TEACHER,
        (batch,),
        tuple(rd.changes),
        tuple(rd.problems),
        rd.unchanged,
        rd.elsewhere,
        _notices(rd, meta),
    )


def _notices(rd: _Reading, meta: L.SheetMeta) -> tuple[str, ...]:
    out = []
    if grid_fingerprint(rd.grid) == meta.values.get("fingerprint"):
        out.append(
            M.unchanged_since_export.format(at=local_time(meta.values.get("exported_at", "")))
        )
    if rd.elsewhere:
        out.append(M.changed_elsewhere.format(n=rd.elsewhere))
    if rd.grid.locked:
        sem = semester_label(rd.grid.semester)
        out.append(M.locked_notice.format(semester=sem, cls=rd.grid.class_name))
    return tuple(out)


def local_time(stamp: str) -> str:
    """An ISO time as dd/mm/yyyy HH:MM in local time ("?" when unreadable)."""
    try:
        return f"{datetime.fromisoformat(stamp).astimezone():%d/%m/%Y %H:%M}"
    except ValueError:
        return "?"

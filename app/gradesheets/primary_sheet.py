"""The primary (TT27) teacher sheet: export one class × subject × semester, read it back.

The same file as the TT22 sheet (``teacher_export`` / ``teacher_import``),
written by ``primary_sheet_export`` (``export_primary_sheet``,
``primary_fingerprint``, importable from here too); this module reads a
returned sheet: every cell validated, diffed against the grade book and the
export, conflicts flagged. ``export_sheet`` and ``preview_sheet`` hand primary
classes here; ``commit_sheet`` writes a primary batch through
``primary_cells.write_subject_batch`` (the grade book's ``save_cells``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.orm import Session

from app.db import Actor
from app.errors import ValidationError
from app.excel.cells import CellValue, clean_text, code_text
from app.excel.headers import Column, Layout, Table, find_table
from app.excel.reader import Sheet
from app.gradebook import access
from app.gradebook.catalogue import SubjectInfo
from app.gradebook.primary.grid import PrimaryGrid, PRow, column_label, primary_grid
from app.gradebook.primary.values import parse_pcell, parse_pslot
from app.gradebook.terms import semester_label
from app.gradesheets import layout as L
from app.gradesheets.model import (
    Batch,
    BatchKind,
    CellChange,
    SheetKind,
    SheetPreview,
    SheetProblem,
)
from app.gradesheets.primary_cells import primary_change, slot_refusal
from app.gradesheets.primary_sheet_export import export_primary_sheet as export_primary_sheet
from app.gradesheets.primary_sheet_export import primary_fingerprint
from app.gradesheets.teacher_import import data_sheet, local_time
from app.messages.gradesheets import GRADESHEETS_MSG as M
from app.students.models import ClassGroup


@dataclass
class _Reading:
    """Accumulates the preview of one primary sheet."""

    grid: PrimaryGrid
    batch: Batch
    sheet: str
    labels: dict[str, str]
    """Column key → header (the grid's label, or the one a stale column had)."""
    changes: list[CellChange] = field(default_factory=list)
    problems: list[SheetProblem] = field(default_factory=list)
    unchanged: int = 0
    elsewhere: int = 0
    seen: dict[str, int] = field(default_factory=dict)
    """Student code → the first sheet row that named it."""

    def refuse(self, row: int, column: str, value: str, reason: str) -> None:
        self.problems.append(SheetProblem(self.sheet, row, column, value, reason))


def _labels(meta: L.SheetMeta, grid: PrimaryGrid, file: str) -> dict[str, str]:
    out = {c.key: c.label for c in grid.columns}
    for key in meta.columns:
        try:
            out.setdefault(key, column_label(parse_pslot(key), grid.semester))
        except ValueError as exc:
            raise ValidationError(M.meta_damaged.format(file=file, detail=key)) from exc
    return out


def _table_layout(meta: L.SheetMeta, labels: dict[str, str]) -> Layout:
    columns = [
        Column("no", M.header_no),
        Column("code", M.header_code, ("Mã học sinh",), required=True),
        Column("name", M.header_name, ("Họ tên",)),
    ]
    columns += [Column(k, labels[k], (k,), required=True) for k in meta.columns]
    return Layout(tuple(columns), min_matches=3)


def _student(
    rd: _Reading, meta: L.SheetMeta, table: Table, row: int, values: dict[str, CellValue]
) -> PRow | None:
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
        where = table.headers.get("name", M.header_name)
        rd.refuse(row, where, name, M.name_mismatch.format(name=exported_name))
        return None
    found = next((r for r in rd.grid.rows if r.student_id == sid), None)
    if found is None:
        rd.refuse(row, column, code, M.student_left_roster)
    return found


def _cell(
    rd: _Reading, meta: L.SheetMeta, table: Table, row: int, prow: PRow, key: str, raw: CellValue
) -> None:
    """Validate one cell and classify it against the export and the grade book."""
    column = table.headers.get(key, key)
    slot = parse_pslot(key)
    text, why = L.typed_text(raw)  # why: a date or true/false, never a level or a score
    parsed = parse_pcell(text, slot)
    if why or (parsed.value is None and parsed.reasons):
        rd.refuse(row, column, L.shown_value(raw), why or " ".join(parsed.reasons))
        return
    new = parsed.value
    current = next((c.stored for c in prow.cells if c.key == key), None)
    base = meta.base.get(prow.student_id, {}).get(key)
    if new == current:
        rd.unchanged += 1
        return
    if new == base:
        rd.elsewhere += 1
        return
    grid = rd.grid
    beyond = slot_refusal(slot, grid.subject, grid.grade, grid.semester)
    if beyond and new is not None:
        rd.refuse(row, column, L.shown_value(raw), beyond)
        return
    where, heading = (rd.sheet, row), rd.labels[key]
    change = primary_change(
        rd.batch, prow, slot, where, current, new, heading, base, conflict=current != base
    )
    rd.changes.append(change)


def preview_primary_sheet(
    session: Session,
    actor: Actor | None,
    path: Path,
    sheets: list[Sheet],
    meta: L.SheetMeta,
    group: ClassGroup,
    subject: SubjectInfo,
) -> SheetPreview:
    """Validate, diff and flag conflicts of a returned primary sheet (its metadata already checked)."""
    access.require_subject_entry(session, actor, group, subject.id, subject.name)
    grid = primary_grid(session, actor, group.id, subject.id, meta.semester)
    sheet = data_sheet(sheets, meta, path.name)
    labels = _labels(meta, grid, path.name)
    table = find_table(sheet, _table_layout(meta, labels))
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
        BatchKind.PRIMARY,
    )
    rd = _Reading(grid, batch, sheet.name, labels)
    for row, values in table.rows():
        if (prow := _student(rd, meta, table, row, values)) is not None:
            for key in meta.columns:
                _cell(rd, meta, table, row, prow, key, values.get(key))
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
    if primary_fingerprint(rd.grid) == meta.values.get("fingerprint"):
        out.append(
            M.unchanged_since_export.format(at=local_time(meta.values.get("exported_at", "")))
        )
    if rd.elsewhere:
        out.append(M.changed_elsewhere.format(n=rd.elsewhere))
    if rd.grid.locked:
        sem = semester_label(rd.grid.semester)
        out.append(M.locked_notice.format(semester=sem, cls=rd.grid.class_name))
    return tuple(out)

"""Reading a returned teacher sheet, whichever grid (TT22 or TT27) it was exported from.

``teacher_import`` (TT22) and ``primary_sheet`` (TT27) find the data sheet and
its table (``data_sheet``, ``sheet_layout``, ``sheet_table``), then
``read_rows`` finds each row's student and hands every exported cell to their
own reader, which gives ``read_cell`` the column's rules: the cell is
validated, then compared with the grade book now and with the value exported
(unchanged, changed in the app only, a change, or a conflict). ``Reading``
collects the preview. Writes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Generic, TypeVar

from app.errors import ValidationError
from app.excel.cells import CellValue, clean_text, code_text
from app.excel.headers import Column, Layout, Table, find_table
from app.excel.reader import Sheet
from app.gradebook.terms import semester_label
from app.gradesheets import layout as L
from app.gradesheets.model import (
    Batch,
    BatchKind,
    CellChange,
    SheetKind,
    SheetPreview,
)
from app.gradesheets.sheet_grid import SheetColumn, SheetGrid, SheetRow, cell_change, grid_batch
from app.gradesheets.sheet_writer import grid_fingerprint
from app.grading.scores import Result
from app.importing.located import Problem
from app.messages.gradesheets import GRADESHEETS_MSG as M

G = TypeVar("G", bound=SheetGrid[SheetColumn])


def sheet_layout(meta: L.SheetMeta, labels: Mapping[str, str]) -> Layout:
    """The visible table: STT, Mã HS, Họ và tên, then the exported columns under their headers."""
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


@dataclass(frozen=True)
class CellRules:
    """How one column of a sheet reads: parse typed text, refuse a value, show a stored one."""

    parse: Callable[[str], Result[str | None]]
    beyond: Callable[[], str | None]
    """Why the column takes no value now (a stale column), or None."""
    show: Callable[[str | None], str]
    column: str
    """The change's column key."""
    heading: str = ""


@dataclass
class Reading(Generic[G]):
    """Accumulates the preview of one teacher sheet (of a TT22 or TT27 grid)."""

    grid: G
    batch: Batch
    sheet: str
    labels: dict[str, str] = field(default_factory=dict)
    """Column key → header (the grid's label, or the one a stale column had)."""
    changes: list[CellChange] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    unchanged: int = 0
    elsewhere: int = 0
    seen: dict[str, int] = field(default_factory=dict)
    """Student code → the first sheet row that named it."""

    def refuse(self, row: int, column: str, value: str, reason: str) -> None:
        """Record a located problem."""
        self.problems.append(Problem(self.sheet, row, column, value, reason))

    def preview(self, path: Path, meta: L.SheetMeta) -> SheetPreview:
        """The preview read so far, with its notices."""
        return SheetPreview(
            path,
            SheetKind.TEACHER,
            (self.batch,),
            tuple(self.changes),
            tuple(self.problems),
            self.unchanged,
            self.elsewhere,
            _notices(self, meta),
        )


def _student(
    rd: Reading[G],
    meta: L.SheetMeta,
    table: Table,
    row: int,
    values: dict[str, CellValue],
) -> SheetRow | None:
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


def compare_cell(
    rd: Reading[G], meta: L.SheetMeta, grow: SheetRow, key: str, new: str | None
) -> tuple[str | None, str | None] | None:
    """(now, as exported) of a cell the file changes; None (counted) if unchanged or app-only."""
    current = next((c.stored for c in grow.cells if c.key == key), None)  # None: column gone
    base = meta.base.get(grow.student_id, {}).get(key)
    if new == current:
        rd.unchanged += 1
        return None
    if new == base:
        rd.elsewhere += 1
        return None
    return current, base


def read_cell(
    rd: Reading[G],
    meta: L.SheetMeta,
    table: Table,
    where: tuple[int, str],
    grow: SheetRow,
    raw: CellValue,
    rules: CellRules,
) -> None:
    """Validate one cell (``where``: sheet row, column key) and classify it against the
    export and the grade book: unchanged, changed in the app only, a change or a conflict."""
    row, key = where
    column = table.headers.get(key, key)
    text, why = L.typed_text(raw)  # why: a date or true/false, never a score or a level
    if why:
        rd.refuse(row, column, L.shown_value(raw), why)
        return
    parsed = rules.parse(text)
    if parsed.value is None and parsed.reasons:
        rd.refuse(row, column, L.shown_value(raw), " ".join(parsed.reasons))
        return
    found = compare_cell(rd, meta, grow, key, parsed.value)
    if found is None:
        return
    (current, base), new = found, parsed.value
    beyond = rules.beyond()
    if beyond and new is not None:
        rd.refuse(row, column, L.shown_value(raw), beyond)
        return
    change = cell_change(
        rd.batch,
        grow,
        rules.column,
        (rd.sheet, row),
        current,
        new,
        rules.show,
        base,
        conflict=current != base,
        heading=rules.heading,
    )
    rd.changes.append(change)


def read_sheet(
    path: Path,
    sheets: list[Sheet],
    meta: L.SheetMeta,
    grid: G,
    kind: BatchKind,
    labels: Callable[[], dict[str, str]],
    rules: Callable[[Reading[G], str], CellRules],
) -> SheetPreview:
    """The preview of a returned sheet of ``grid``: its data sheet, then the table headed by
    ``labels`` (column key → header), then every row read with the columns' ``rules``."""
    sheet = data_sheet(sheets, meta, path.name)
    headers = labels()
    table = sheet_table(sheet, path.name, sheet_layout(meta, headers))
    rd = Reading(grid, grid_batch(grid, kind), sheet.name, headers)
    read_rows(rd, meta, table, rules)
    pv = rd.preview(path, meta)
    if kept := table.legacy_kept_notice():
        pv = replace(pv, notices=(*pv.notices, kept))
    return pv


def read_rows(
    rd: Reading[G],
    meta: L.SheetMeta,
    table: Table,
    rules: Callable[[Reading[G], str], CellRules],
) -> None:
    """Each sheet row's student, then ``read_cell`` on each exported column with its ``rules``."""
    for row, values in table.rows():
        grow = _student(rd, meta, table, row, values)
        if grow is None:
            continue
        for key in meta.columns:
            read_cell(rd, meta, table, (row, key), grow, values.get(key), rules(rd, key))


def sheet_table(sheet: Sheet, file: str, layout: Layout) -> Table:
    """The data sheet's table, or a refusal naming a missing header or column."""
    table = find_table(sheet, layout)
    if table is None or "code" not in table.columns:
        raise ValidationError(M.header_missing.format(sheet=sheet.name, file=file))
    if missing := table.missing_required():
        raise ValidationError(
            M.column_missing.format(sheet=sheet.name, file=file, columns=", ".join(missing))
        )
    return table


def _notices(rd: Reading[G], meta: L.SheetMeta) -> tuple[str, ...]:
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

"""The teacher grade sheet (.xlsx) both kinds of grid share: layout, protection, hidden sheet.

One sheet per class × subject × semester. The visible sheet has a title block,
one row per student in Vietnamese name order and the assessment columns
pre-filled with the current values. The sheet is protected: only the
assessment cells are unlocked, and they carry data validation. A "veryHidden"
sheet carries the ids, the columns, every cell's value as exported and a
fingerprint of that grid, so the import can refuse a foreign file and detect
cells changed in the app since the export.

A kind of grid says what it puts in the sheet with a ``SheetLook``:
``teacher_export`` (TT22 scores) and ``primary_sheet_export`` (TT27) both call
``write_sheet``; ``sheet_reading`` compares a returned file with ``grid_fingerprint``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Generic, TypeVar

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation
from sqlalchemy.orm import Session

from app import school
from app.db import Actor
from app.excel import writer
from app.gradebook.assignments import list_assignments
from app.gradebook.terms import semester_label
from app.gradesheets import documents as D
from app.gradesheets import layout as L
from app.gradesheets.sheet_grid import SheetCell, SheetColumn, SheetGrid
from app.messages.gradesheets import GRADESHEETS_MSG as M

FONT = writer.FONT_NAME
FIXED_FILL = PatternFill("solid", fgColor="F2F2F2")
FIXED_WIDTHS = [5.0, 14.0, 28.0]
"""STT, Mã HS, Họ và tên."""
BAD_TITLE = str.maketrans({ch: " " for ch in "[]:*?/\\'"})
C = TypeVar("C", bound=SheetColumn)


@dataclass(frozen=True)
class ExportedSheet:
    """What ``export_sheet`` wrote."""

    path: Path
    class_name: str
    subject_name: str
    semester: int
    students: int
    columns: tuple[str, ...]
    fingerprint: str


def sheet_title(grid: SheetGrid[SheetColumn]) -> str:
    """ "6A1 Toán HK1": a legal sheet name of at most 31 characters."""
    text = f"{grid.class_name} {grid.subject.label} HK{grid.semester}".translate(BAD_TITLE)
    return " ".join(text.split())[:31]


def _teachers(session: Session, actor: Actor | None, grid: SheetGrid[SheetColumn]) -> str:
    """The names of the grid's subject teachers, comma-separated ("" when none is assigned)."""
    found = list_assignments(session, actor, grid.school_year, class_id=grid.class_id)
    names = [a.teacher_name or a.teacher_username for a in found if a.subject_id == grid.subject.id]
    return ", ".join(dict.fromkeys(names))


def _title_block(
    ws: Any,
    grid: SheetGrid[SheetColumn],
    school_name: str,
    teacher: str,
    title: str,
    help_text: str,
    help_height: float,
) -> None:
    """Rows 1–6 across the table: school, title, semester and year, teacher, help lines."""
    sem = semester_label(grid.semester)
    lines = [
        (school_name.upper(), Font(name=FONT, size=12, bold=True), "left"),
        (title, Font(name=FONT, size=14, bold=True), "center"),
        (
            M.sheet_subtitle.format(semester=sem, year=grid.school_year),
            Font(name=FONT, size=12),
            "center",
        ),
        (
            M.sheet_teacher.format(teacher=teacher) if teacher else M.sheet_teacher_blank,
            Font(name=FONT, size=12),
            "left",
        ),
        (help_text, Font(name=FONT, size=11, italic=True), "left"),
        (M.sheet_help_return, Font(name=FONT, size=11, italic=True), "left"),
    ]
    last = get_column_letter(L.FIXED_COLUMNS + len(grid.columns))
    for r, (text, font, align) in enumerate(lines, start=1):
        c = writer.cell(ws, text)
        ws.append([c])
        c.font = font
        c.alignment = Alignment(horizontal=align, vertical="center", wrap_text=True)
        ws.merge_cells(f"A{r}:{last}{r}")
    ws.row_dimensions[5].height = help_height


def _write_table(
    ws: Any,
    grid: SheetGrid[C],
    value: Callable[[C, SheetCell], Any],
    wrap: Callable[[C], bool],
) -> None:
    """The header row, then one row per student: fixed cells shaded, assessment cells unlocked."""
    labels = [M.header_no, M.header_code, M.header_name] + [c.label for c in grid.columns]
    D.header_cells(ws, labels)
    for i, row in enumerate(grid.rows, start=1):
        fixed = [
            writer.cell(ws, i, writer.Kind.NUMBER),
            writer.cell(ws, row.student_code, writer.Kind.CODE),
            writer.cell(ws, row.full_name),
        ]
        marks = []
        for col, cell in zip(grid.columns, row.cells, strict=True):
            pre = value(col, cell)
            kind = writer.Kind.NUMBER if isinstance(pre, int | float) else writer.Kind.TEXT
            marks.append(writer.cell(ws, pre, kind))
        ws.append(fixed + marks)
        for c in fixed:
            c.font, c.fill, c.border = Font(name=FONT, size=12), FIXED_FILL, D.BORDER
        for c, col in zip(marks, grid.columns, strict=True):
            c.font, c.border = Font(name=FONT, size=12), D.BORDER
            c.protection = Protection(locked=False)
            wrapped = wrap(col)
            c.alignment = Alignment(horizontal="left" if wrapped else "center", wrap_text=wrapped)


def _add_validations(ws: Any, grid: SheetGrid[C], rule: Callable[[C, str], DataValidation]) -> None:
    """Each assessment column's rule (given its top cell) over the student rows.

    Warnings, not blocks: a teacher on an English-locale Excel may type 8,5 as
    text, or a level in full, which the import accepts; it validates every cell anyway.
    """
    first, last = L.FIRST_DATA_ROW, L.FIRST_DATA_ROW + max(len(grid.rows), 1) - 1
    for j, col in enumerate(grid.columns, start=L.FIXED_COLUMNS + 1):
        letter = get_column_letter(j)
        top = f"{letter}{first}"
        dv = rule(col, top)
        dv.allow_blank, dv.showErrorMessage, dv.errorStyle = True, True, "warning"
        dv.add(f"{top}:{letter}{last}")
        ws.add_data_validation(dv)


def _protect(ws: Any, widths: list[float], header_height: float | None = None) -> None:
    """Column widths, frozen header, A4 landscape, and the structure locked (cells as set)."""
    D.widths(ws, widths)
    if header_height is not None:
        ws.row_dimensions[L.HEADER_ROW].height = header_height
    ws.freeze_panes = f"{get_column_letter(L.FIXED_COLUMNS + 1)}{L.FIRST_DATA_ROW}"
    D.page_setup(ws, landscape_page=True, header_rows=(L.HEADER_ROW, L.HEADER_ROW))
    # Structure locked, scores unlocked; resizing rows and columns stays allowed. No
    # password: this prevents accidents, it is not security (the import checks everything).
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False


def _meta(wb: Workbook, values: dict[str, str], grid: SheetGrid[SheetColumn]) -> None:
    ws = wb.create_sheet(L.META_SHEET)
    ws.append([writer.cell(ws, M.meta_warning)])
    for key in L.META_KEYS:
        ws.append([writer.cell(ws, key), writer.cell(ws, values[key], writer.Kind.CODE)])
    for _ in range(L.META_TABLE_ROW - 2 - len(L.META_KEYS)):
        ws.append([])
    keys = [c.key for c in grid.columns]
    ws.append([writer.cell(ws, h) for h in ("student_id", "student_code", "full_name", *keys)])
    for row in grid.rows:
        ids = [str(row.student_id), row.student_code, row.full_name]
        stored = [c.stored for c in row.cells]
        ws.append([writer.cell(ws, v, writer.Kind.CODE) for v in ids + stored])
    ws.sheet_state = "veryHidden"
    ws.protection.sheet = True


def grid_fingerprint(grid: SheetGrid[SheetColumn]) -> str:
    """The fingerprint of a grid's stored values (what the hidden sheet records)."""
    return L.fingerprint(
        grid.class_id,
        grid.subject.id,
        grid.semester,
        [c.key for c in grid.columns],
        ((r.student_id, [c.stored for c in r.cells]) for r in grid.rows),
    )


def _save(
    wb: Workbook,
    ws: Any,
    grid: SheetGrid[SheetColumn],
    profile: school.SchoolProfile,
    actor: Actor | None,
    path: Path | str,
) -> ExportedSheet:
    """Add the hidden sheet (ids, columns, values as exported, fingerprint), lock, save."""
    fp = grid_fingerprint(grid)
    columns = tuple(c.key for c in grid.columns)
    values = {
        "format": L.FORMAT,
        "version": L.VERSION,
        "school_code": profile.code,
        "school_name": profile.name,
        "class_id": str(grid.class_id),
        "class_name": grid.class_name,
        "school_year": grid.school_year,
        "subject_id": str(grid.subject.id),
        "subject_name": grid.subject.name,
        "semester": str(grid.semester),
        "comment_only": "1" if grid.subject.comment_only else "0",
        "columns": ",".join(columns),
        "sheet_name": ws.title,
        "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "exported_by": actor.username if actor else "",
        "fingerprint": fp,
    }
    _meta(wb, values, grid)
    wb.security = WorkbookProtection(lockStructure=True)
    out = writer.save_workbook(wb, path)
    return ExportedSheet(
        out, grid.class_name, grid.subject.name, grid.semester, len(grid.rows), columns, fp
    )


@dataclass(frozen=True)
class SheetLook(Generic[C]):
    """What a kind of grid (TT22, TT27) puts in the shared teacher sheet."""

    title: str
    help_text: str
    help_height: float
    """Height of the help line (row 5)."""
    value: Callable[[C, SheetCell], Any]
    """A cell's pre-filled value (numbers as numbers)."""
    wrap: Callable[[C], bool]
    """Whether a column's cells wrap (comments)."""
    rule: Callable[[C, str], DataValidation]
    """A column's validation, given its top cell."""
    widths: list[float]
    """The assessment columns' widths (the fixed ones are ``FIXED_WIDTHS``)."""
    header_height: float | None = None


def write_sheet(
    session: Session,
    actor: Actor | None,
    grid: SheetGrid[C],
    look: SheetLook[C],
    path: Path | str,
) -> ExportedSheet:
    """Write a grid's teacher sheet: title block, table, rules, protection, hidden sheet."""
    profile = school.require_profile(session)
    wb = Workbook()
    ws = wb.active
    ws.title = sheet_title(grid)
    teacher = _teachers(session, actor, grid)
    _title_block(ws, grid, profile.name, teacher, look.title, look.help_text, look.help_height)
    _write_table(ws, grid, look.value, look.wrap)
    _add_validations(ws, grid, look.rule)
    _protect(ws, FIXED_WIDTHS + look.widths, look.header_height)
    return _save(wb, ws, grid, profile, actor, path)

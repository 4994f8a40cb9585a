"""Export of the primary (TT27) teacher sheet: one class × subject × semester.

The same file as the TT22 sheet (``teacher_export``): the title block, the
header at ``layout.HEADER_ROW``, a protected structure with only the assessment
cells unlocked, and the "veryHidden" ``_truongso`` sheet with the ids, the
columns (MD1, KT1, NX1, MD2, KT2, NX2), every cell as exported and the layout
fingerprint (``primary_fingerprint``, which the import in ``primary_sheet``
compares). Levels get an HTT/HT/CHT dropdown, tests a whole number 0–10 rule,
comments a length limit.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, Protection
from openpyxl.utils import get_column_letter
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation
from sqlalchemy.orm import Session

from app import school
from app.db import Actor
from app.excel import writer
from app.gradebook.assignments import list_assignments
from app.gradebook.primary.grid import PColumn, PrimaryGrid, primary_grid
from app.gradebook.primary.values import COMMENT_MAX_LENGTH, PKind, show_pstored
from app.gradebook.terms import semester_label
from app.gradesheets import documents as D
from app.gradesheets import layout as L
from app.gradesheets.teacher_export import BAD_TITLE, FIXED_FILL, FONT, ExportedSheet
from app.messages.gradesheets import GRADESHEETS_MSG as M
from app.messages.primary_sheets import PRIMARY_SHEETS_MSG as PM

_WIDTHS = {"no": 5.0, "code": 14.0, "name": 28.0, "MD": 9.0, "KT": 8.0, "NX": 36.0}
LEVEL_CHOICES = ("HTT", "HT", "CHT")


def sheet_title(grid: PrimaryGrid) -> str:
    """ "4A Toán HK1": a legal sheet name of at most 31 characters."""
    text = f"{grid.class_name} {grid.subject.label} HK{grid.semester}".translate(BAD_TITLE)
    return " ".join(text.split())[:31]


def primary_fingerprint(grid: PrimaryGrid) -> str:
    """The layout fingerprint of a grid's stored values (what the hidden sheet records)."""
    return L.fingerprint(
        grid.class_id,
        grid.subject.id,
        grid.semester,
        [c.key for c in grid.columns],
        ((r.student_id, [c.stored for c in r.cells]) for r in grid.rows),
    )


def _teachers(session: Session, actor: Actor | None, grid: PrimaryGrid) -> str:
    found = list_assignments(session, actor, grid.school_year, class_id=grid.class_id)
    names = [a.teacher_name or a.teacher_username for a in found if a.subject_id == grid.subject.id]
    return ", ".join(dict.fromkeys(names))


def _sheet_value(stored: str | None, col: PColumn) -> Any:
    """A cell's pre-filled value: HTT/HT/CHT, test scores as numbers, comments as text."""
    if stored is None:
        return None
    if col.slot.kind is PKind.TEST and stored.isdigit():
        return int(stored)
    return show_pstored(stored, col.slot)


def _title_block(ws: Any, grid: PrimaryGrid, school_name: str, teacher: str, width: int) -> None:
    tested = any(c.slot.kind is PKind.TEST for c in grid.columns)
    help_text = (PM.sheet_help if tested else PM.sheet_help_levels).format(limit=COMMENT_MAX_LENGTH)
    title = PM.sheet_title.format(subject=grid.subject.name.upper(), cls=grid.class_name)
    subtitle = M.sheet_subtitle.format(
        semester=semester_label(grid.semester), year=grid.school_year
    )
    lines = [
        (school_name.upper(), Font(name=FONT, size=12, bold=True), "left"),
        (title, Font(name=FONT, size=14, bold=True), "center"),
        (subtitle, Font(name=FONT, size=12), "center"),
        (
            M.sheet_teacher.format(teacher=teacher) if teacher else M.sheet_teacher_blank,
            Font(name=FONT, size=12),
            "left",
        ),
        (help_text, Font(name=FONT, size=11, italic=True), "left"),
        (M.sheet_help_return, Font(name=FONT, size=11, italic=True), "left"),
    ]
    last = get_column_letter(width)
    for r, (text, font, align) in enumerate(lines, start=1):
        c = writer.cell(ws, text)
        ws.append([c])
        c.font = font
        c.alignment = Alignment(horizontal=align, vertical="center", wrap_text=True)
        ws.merge_cells(f"A{r}:{last}{r}")
    ws.row_dimensions[5].height = 48


def _rows(ws: Any, grid: PrimaryGrid) -> None:
    for i, row in enumerate(grid.rows, start=1):
        fixed = [
            writer.cell(ws, i, writer.Kind.NUMBER),
            writer.cell(ws, row.student_code, writer.Kind.CODE),
            writer.cell(ws, row.full_name),
        ]
        marks = []
        for col, cell in zip(grid.columns, row.cells, strict=True):
            value = _sheet_value(cell.stored, col)
            kind = writer.Kind.NUMBER if isinstance(value, int) else writer.Kind.TEXT
            marks.append(writer.cell(ws, value, kind))
        ws.append(fixed + marks)
        for c in fixed:
            c.font, c.fill, c.border = Font(name=FONT, size=12), FIXED_FILL, D.BORDER
        for c, col in zip(marks, grid.columns, strict=True):
            c.font, c.border = Font(name=FONT, size=12), D.BORDER
            c.protection = Protection(locked=False)
            wrap = col.slot.kind is PKind.COMMENT
            c.alignment = Alignment(horizontal="left" if wrap else "center", wrap_text=wrap)


def _rule(kind: PKind) -> DataValidation:
    """HTT/HT/CHT dropdown, a whole number 0–10, or the comment length limit."""
    if kind is PKind.LEVEL:
        dv = DataValidation(type="list", formula1=f'"{",".join(LEVEL_CHOICES)}"')
        dv.errorTitle, dv.error = PM.level_rule_title, PM.level_rule
    elif kind is PKind.TEST:
        dv = DataValidation(type="whole", operator="between", formula1="0", formula2="10")
        dv.errorTitle, dv.error = PM.test_rule_title, PM.test_rule
    else:
        limit = str(COMMENT_MAX_LENGTH)
        dv = DataValidation(type="textLength", operator="lessThanOrEqual", formula1=limit)
        dv.errorTitle = M.comment_rule_title
        dv.error = M.comment_rule.format(limit=COMMENT_MAX_LENGTH)
    # Warnings, not blocks: "Hoàn thành tốt" typed in full is fine; the import checks every cell.
    dv.allow_blank, dv.showErrorMessage, dv.errorStyle = True, True, "warning"
    return dv


def _validations(ws: Any, grid: PrimaryGrid) -> None:
    first, last = L.FIRST_DATA_ROW, L.FIRST_DATA_ROW + max(len(grid.rows), 1) - 1
    for j, col in enumerate(grid.columns, start=L.FIXED_COLUMNS + 1):
        letter = get_column_letter(j)
        dv = _rule(col.slot.kind)
        dv.add(f"{letter}{first}:{letter}{last}")
        ws.add_data_validation(dv)


def _layout(ws: Any, grid: PrimaryGrid) -> None:
    widths = [_WIDTHS["no"], _WIDTHS["code"], _WIDTHS["name"]]
    widths += [_WIDTHS[c.slot.kind.value] for c in grid.columns]
    D.widths(ws, widths)
    ws.row_dimensions[L.HEADER_ROW].height = 32
    ws.freeze_panes = f"{get_column_letter(L.FIXED_COLUMNS + 1)}{L.FIRST_DATA_ROW}"
    D.page_setup(ws, landscape_page=True, header_rows=(L.HEADER_ROW, L.HEADER_ROW))
    ws.protection.sheet = True  # no password: against accidents; the import checks everything
    ws.protection.formatColumns = False
    ws.protection.formatRows = False


def _meta(wb: Workbook, values: dict[str, str], grid: PrimaryGrid) -> None:
    ws = wb.create_sheet(L.META_SHEET)
    ws.append([writer.cell(ws, M.meta_warning)])
    for key in L.META_KEYS:
        ws.append([writer.cell(ws, key), writer.cell(ws, values[key], writer.Kind.CODE)])
    for _ in range(L.META_TABLE_ROW - 2 - len(L.META_KEYS)):
        ws.append([])
    keys = [c.key for c in grid.columns]
    ws.append([writer.cell(ws, h) for h in ("student_id", "student_code", "full_name", *keys)])
    for row in grid.rows:
        cells: list[str | None] = [str(row.student_id), row.student_code, row.full_name]
        cells += [c.stored for c in row.cells]
        ws.append([writer.cell(ws, v, writer.Kind.CODE) for v in cells])
    ws.sheet_state = "veryHidden"
    ws.protection.sheet = True


def export_primary_sheet(
    session: Session,
    actor: Actor | None,
    class_id: uuid.UUID,
    subject_id: uuid.UUID,
    semester: int,
    path: Path | str,
) -> ExportedSheet:
    """Write the teacher sheet of one primary class × subject × semester."""
    grid = primary_grid(session, actor, class_id, subject_id, semester)
    profile = school.require_profile(session)
    wb = Workbook()
    ws = wb.active
    ws.title = sheet_title(grid)
    _title_block(
        ws, grid, profile.name, _teachers(session, actor, grid), L.FIXED_COLUMNS + len(grid.columns)
    )
    D.header_cells(
        ws, [M.header_no, M.header_code, M.header_name, *(c.label for c in grid.columns)]
    )
    _rows(ws, grid)
    _validations(ws, grid)
    _layout(ws, grid)
    fp = primary_fingerprint(grid)
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
        out, grid.class_name, grid.subject.name, semester, len(grid.rows), columns, fp
    )

"""Shared pieces of the printed and spreadsheet outputs: the NĐ 30 header, titled .xlsx tables."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.accounts import User
from app.excel import writer
from app.students.models import ClassGroup

_THIN = Side(style="thin", color="808080")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
HEAD_FILL = PatternFill("solid", fgColor="DDEBF7")


def homeroom_name(session: Session, group: ClassGroup) -> str:
    """Full name of a class's homeroom teacher, or "" (signed by hand)."""
    if group.homeroom_teacher_id is None:
        return ""
    return session.scalar(select(User.full_name).where(User.id == group.homeroom_teacher_id)) or ""


def title_rows(ws: Any, lines: Sequence[tuple[str, bool, int]], width: int) -> None:
    """Title lines merged across ``width`` columns: (text, bold, size), centred except the first."""
    last = get_column_letter(max(width, 1))
    for i, (text, bold, size) in enumerate(lines):
        c = writer.cell(ws, text)
        ws.append([c])
        c.font = Font(name=writer.FONT_NAME, size=size, bold=bold)
        c.alignment = Alignment(horizontal="left" if i == 0 else "center", vertical="center")
        ws.merge_cells(f"A{ws.max_row}:{last}{ws.max_row}")
    ws.append([])


def header_cells(ws: Any, labels: Sequence[str]) -> None:
    """A bold, bordered, shaded header row."""
    cells = [writer.cell(ws, text, bold=True) for text in labels]
    ws.append(cells)
    for c in cells:
        c.fill, c.border = HEAD_FILL, BORDER
        c.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)


def body_row(
    ws: Any, values: Sequence[Any], kinds: Sequence[writer.Kind], number_format: str = "0.0"
) -> None:
    """A bordered data row: numbers keep ``number_format`` (Excel shows 8,5 in Vietnamese)."""
    cells = [writer.cell(ws, v, k) for v, k in zip(values, kinds, strict=True)]
    ws.append(cells)
    for c, v in zip(cells, values, strict=True):
        c.border = BORDER
        if v is None or v == "":
            c.font = Font(name=writer.FONT_NAME, size=12)
        if isinstance(v, float):
            c.number_format = number_format
            c.alignment = Alignment(horizontal="center")
        elif isinstance(v, int):
            c.alignment = Alignment(horizontal="center")


def widths(ws: Any, values: Sequence[float]) -> None:
    """Column widths in characters."""
    for j, w in enumerate(values, start=1):
        ws.column_dimensions[get_column_letter(j)].width = w


def page_setup(ws: Any, *, landscape_page: bool, header_rows: tuple[int, int]) -> None:
    """A4, fitted to the page width, the header rows (first, last) repeated on every printed page."""
    ws.page_setup.orientation = "landscape" if landscape_page else "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{header_rows[0]}:{header_rows[1]}"

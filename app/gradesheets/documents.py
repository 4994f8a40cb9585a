"""Shared pieces of the printed and spreadsheet outputs: the NĐ 30 header, titled .xlsx tables,
the cells, counts tables and signatures of the class result sheets (TT22 and TT27) in PDF."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.accounts import User
from app.excel import writer
from app.gradebook import access
from app.printing import nd30
from app.printing.school_header import doc_header
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


def pdf_cell(text: str, size: float, *, bold: bool = False, align: str = "center") -> Paragraph:
    """A PDF table cell: lines joined by <br/>, escaped."""
    font = nd30.SERIF_BOLD if bold else nd30.SERIF
    markup = "<br/>".join(escape(line) for line in text.split("\n"))
    return Paragraph(markup, nd30.style(size, font=font, align=align, leading=size * 1.18))


def grid_style(
    spans: Sequence[tuple[Any, ...]],
    padding: tuple[float, float, float],
    extra: Sequence[tuple[Any, ...]] = (),
) -> TableStyle:
    """A ruled PDF table, vertically centred: ``spans``, then ``extra`` commands, then the
    padding (top, bottom, left and right)."""
    top, bottom, side = padding
    return TableStyle(
        [
            *spans,
            ("GRID", (0, 0), (-1, -1), 0.5, "#000000"),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            *extra,
            ("TOPPADDING", (0, 0), (-1, -1), top),
            ("BOTTOMPADDING", (0, 0), (-1, -1), bottom),
            ("LEFTPADDING", (0, 0), (-1, -1), side),
            ("RIGHTPADDING", (0, 0), (-1, -1), side),
        ]
    )


def stat_table(
    head: Sequence[str],
    rows: Sequence[Sequence[str]],
    widths_mm: Sequence[float],
    *,
    size: float,
    head_size: float,
) -> Table:
    """A small bordered PDF counts table: a bold header, then rows titled on the left."""
    data = [[pdf_cell(h, head_size, bold=True) for h in head]]
    data += [
        [pdf_cell(row[0], size, align="left")] + [pdf_cell(v, size) for v in row[1:]]
        for row in rows
    ]
    t = Table(data, colWidths=[w * mm for w in widths_mm], hAlign="LEFT")
    style = [("GRID", (0, 0), (-1, -1), 0.5, "#000000"), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]
    t.setStyle(TableStyle(style))
    return t


def class_result_pdf(
    session: Session,
    class_id: uuid.UUID,
    path: Path | str,
    on: date | None,
    heading: tuple[str, str],
    table: Callable[[float], Flowable],
    legend: Flowable,
    counts: Callable[[float], Flowable],
) -> Path:
    """A class result sheet on A4 landscape under the NĐ 30 header (``heading``: title and
    subtitle): the table, its legend and the counts (both built for the text width in mm),
    signed by the homeroom teacher and the principal."""
    header, principal = doc_header(session, on or date.today())
    doc = nd30.Nd30Document(path, header, landscape=True)
    total_mm = doc.width / mm
    body = [table(total_mm), Spacer(1, 1.5 * mm), legend, counts(total_mm)]
    group = access.get_class(session, class_id)
    signers = [
        nd30.Signer("Giáo viên chủ nhiệm", homeroom_name(session, group), "(Ký, ghi rõ họ tên)"),
        nd30.Signer("Hiệu trưởng", principal),
    ]
    title, subtitle = heading
    return doc.build(title, body, subtitle=subtitle, signers=signers, keep_last_with_signers=True)

"""What both transcript layouts draw with: styles, marks, tables, the stamp boxes.

The last page of a transcript ends with three boxes for the visible signatures
(homeroom teacher, principal, school seal). ``SignatureBlock(anchored=True)`` always
stands at the bottom of the text frame, so its boxes are at the fixed rectangles
``stamp_boxes(layout)`` gives, on the last page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from app.printing.fonts import SERIF, SERIF_BOLD, SERIF_ITALIC, register_fonts
from app.transcripts.layout import TranscriptLayout
from app.transcripts.record import Mark

HOMEROOM, PRINCIPAL, SEAL = "homeroom", "principal", "seal"
ROLES = (HOMEROOM, PRINCIPAL, SEAL)
"""The signing roles, in signing order (DOMAIN §4)."""


@dataclass(frozen=True)
class Box:
    """A rectangle on a page in PDF points, origin at the bottom left; ``page`` counts from 0."""

    page: int
    x: float
    y: float
    width: float
    height: float

    @property
    def rect(self) -> tuple[float, float, float, float]:
        """(x1, y1, x2, y2), as pyHanko's ``SigFieldSpec(box=...)`` takes it."""
        return (self.x, self.y, self.x + self.width, self.y + self.height)


def format_mark(mark: Mark) -> str:
    """ "8,5" for a score (one decimal, comma), the label as it is, "" for not recorded."""
    if mark is None:
        return ""
    if isinstance(mark, Decimal):
        return f"{mark:.1f}".replace(".", ",")
    return mark


def format_decimal(value: Decimal | None, unit: str) -> str:
    """ "132,5 cm": a measure with a comma, or a blank line to fill in."""
    if value is None:
        return "……"
    text = f"{value:f}".replace(".", ",")
    return f"{text} {unit}"


@dataclass(frozen=True)
class Styles:
    """The paragraph styles of one layout, made once."""

    body: ParagraphStyle
    identity: ParagraphStyle
    identity_value: ParagraphStyle
    bold: ParagraphStyle
    italic: ParagraphStyle
    heading: ParagraphStyle
    title: ParagraphStyle
    subtitle: ParagraphStyle
    cell: ParagraphStyle
    cell_center: ParagraphStyle
    cell_head: ParagraphStyle
    sign_title: ParagraphStyle
    sign_note: ParagraphStyle


@cache
def styles(layout: TranscriptLayout) -> Styles:
    """The paragraph styles of ``layout`` in the bundled serif font."""
    register_fonts()
    z = layout.sizes

    def st(name: str, size: float, font: str = SERIF, align: int = TA_LEFT) -> ParagraphStyle:
        return ParagraphStyle(
            f"hb-{name}", fontName=font, fontSize=size, leading=size * z.leading, alignment=align
        )

    return Styles(
        body=st("body", z.body),
        identity=st("identity", z.identity),
        identity_value=st("identity-v", z.identity, SERIF_BOLD),
        bold=st("bold", z.body, SERIF_BOLD),
        italic=st("italic", z.body, SERIF_ITALIC),
        heading=st("heading", z.heading, SERIF_BOLD, TA_CENTER),
        title=st("title", z.title, SERIF_BOLD, TA_CENTER),
        subtitle=st("subtitle", z.subtitle, SERIF_BOLD, TA_CENTER),
        cell=st("cell", z.table),
        cell_center=st("cell-c", z.table, SERIF, TA_CENTER),
        cell_head=st("cell-h", z.table, SERIF_BOLD, TA_CENTER),
        sign_title=st("sign-t", z.body - 1, SERIF_BOLD, TA_CENTER),
        sign_note=st("sign-n", z.body - 2, SERIF_ITALIC, TA_CENTER),
    )


def para(text: str, st: ParagraphStyle) -> Paragraph:
    """Plain text as a paragraph (escaped; a newline starts a new line, runs of spaces stay)."""
    return Paragraph(escape(text).replace("  ", "\u00a0 ").replace("\n", "<br/>"), st)


def labelled(label: str, value: str, st: ParagraphStyle) -> Paragraph:
    """ "<b>Khen thưởng:</b> value", wrapped."""
    return Paragraph(f"<b>{escape(label)}:</b> {escape(value)}", st)


_GRID = [
    ("GRID", (0, 0), (-1, -1), 0.5, "#000000"),
    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ("TOPPADDING", (0, 0), (-1, -1), 2),
    ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ("LEFTPADDING", (0, 0), (-1, -1), 3),
    ("RIGHTPADDING", (0, 0), (-1, -1), 3),
]


def grid_table(
    layout: TranscriptLayout,
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    widths_mm: Sequence[float],
    centered: Sequence[int] = (),
) -> Table:
    """A bordered table whose rows wrap and never split; the header row repeats on each page.

    ``centered`` columns hold short values (marks, levels, counts): plain centred text,
    which is cheaper to lay out than a paragraph; the other cells wrap."""
    s = styles(layout)
    data: list[list[Any]] = [[para(h, s.cell_head) for h in headers]]
    for row in rows:
        data.append([v if i in centered else para(v, s.cell) for i, v in enumerate(row)])
    table = Table(data, colWidths=[w * mm for w in widths_mm], repeatRows=1, splitInRow=0)
    size = layout.sizes.table
    plain: list[tuple[Any, ...]] = [
        ("FONT", (i, 1), (i, -1), s.cell.fontName, size) for i in centered
    ]
    plain += [("ALIGN", (i, 1), (i, -1), "CENTER") for i in centered]
    table.setStyle(TableStyle([*_GRID, *plain]))
    return table


class TableWithClosing(Flowable):  # type: ignore[misc]
    """A table and the lines that close it (corrections, confirmation), which always stand
    with the table's last rows: when the table ends near the bottom of a page, its last rows
    go over with the closing, never the closing alone. The table still splits between rows
    only, repeating its header row."""

    def __init__(self, table: Table, closing: Sequence[Flowable]) -> None:
        super().__init__()
        self.table, self.closing = table, list(closing)
        self._sizes: list[float] = []

    def _closing_height(self, avail_width: float) -> float:
        self._sizes = [f.wrap(avail_width, 1e6)[1] for f in self.closing]
        return sum(self._sizes)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        _, table_h = self.table.wrap(avail_width, avail_height)
        self._table_h = table_h
        return avail_width, table_h + self._closing_height(avail_width)

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        _, table_h = self.table.wrap(avail_width, avail_height)
        room = (
            avail_height
            if table_h > avail_height
            else avail_height - self._closing_height(avail_width)
        )
        parts = self.table.split(avail_width, room) if room > 0 else []
        if len(parts) != 2:
            return []  # not one row fits with what must follow it: all of it to the next page
        return [parts[0], TableWithClosing(parts[1], self.closing)]

    def draw(self) -> None:
        y = sum(self._sizes)
        self.table.drawOn(self.canv, 0, y)
        for flowable, height in zip(self.closing, self._sizes, strict=True):
            y -= height
            flowable.drawOn(self.canv, 0, y)


@dataclass(frozen=True)
class Signer:
    """One column of a signature block: title lines, the note under them, the name."""

    title: tuple[str, ...]
    note: str
    name: str


def stamp_geometry(layout: TranscriptLayout, columns: int) -> list[tuple[float, float]]:
    """(x, width) of each column of a signature block, in points from the page's left edge."""
    m, b = layout.margins, layout.boxes
    text_width = (layout.page_size[0] - m.left - m.right) * mm
    width = (text_width - (columns - 1) * b.gap * mm) / columns
    return [(m.left * mm + i * (width + b.gap * mm), width) for i in range(columns)]


def stamp_boxes(layout: TranscriptLayout, last_page: int) -> dict[str, Box]:
    """Where the three visible signatures go on the last page (index ``last_page``)."""
    b = layout.boxes
    y = (layout.margins.bottom + b.below) * mm
    return {
        role: Box(last_page, x, y, width, b.height * mm)
        for role, (x, width) in zip(ROLES, stamp_geometry(layout, 3), strict=True)
    }


class SignatureBlock(Flowable):  # type: ignore[misc]
    """The date line and signature columns closing a page.

    ``anchored``: the block takes the rest of the page and draws itself at its bottom (the
    last page's stamp boxes, at ``stamp_boxes``); if the rest is too short it moves to a new
    page. Otherwise it flows like any block, with room to sign by hand."""

    def __init__(
        self,
        layout: TranscriptLayout,
        signers: Sequence[Signer],
        date_line: str = "",
        *,
        anchored: bool = False,
    ) -> None:
        super().__init__()
        self.layout, self.signers, self.date_line = layout, list(signers), date_line
        self.anchored = anchored
        b = layout.boxes
        self.space = (b.height if anchored else b.hand_space) * mm
        self.height = (b.date if date_line else 0) * mm + b.titles * mm + self.space + b.below * mm
        self._avail = 0.0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        if self.anchored and avail_height >= self.height:
            self._avail = avail_height
            return avail_width, avail_height
        self._avail = self.height
        return avail_width, self.height

    def draw(self) -> None:
        c, layout, b = self.canv, self.layout, self.layout.boxes
        s = styles(layout)
        left = layout.margins.left * mm
        cols = stamp_geometry(layout, len(self.signers))
        box_y = b.below * mm
        top = box_y + self.space + b.titles * mm
        if self.date_line:
            first, last = cols[1 if len(cols) > 2 else -1], cols[-1]
            centre = (first[0] + last[0] + last[1]) / 2 - left
            size = layout.sizes.body
            half = c.stringWidth(self.date_line, SERIF_ITALIC, size) / 2
            centre = min(centre, last[0] + last[1] - left - half)  # never past the margin
            c.setFont(SERIF_ITALIC, size)
            c.drawCentredString(centre, top + 1.5 * mm, self.date_line)
        for signer, (x, width) in zip(self.signers, cols, strict=True):
            x -= left
            title = para("\n".join(signer.title), s.sign_title)
            _, th = title.wrap(width, b.titles * mm)
            title.drawOn(c, x, top - th)
            note = para(signer.note, s.sign_note)
            _, nh = note.wrap(width, b.titles * mm)
            note.drawOn(c, x, top - th - nh)
            if self.anchored:
                c.saveState()
                c.setStrokeColorRGB(0.6, 0.6, 0.6)
                c.setLineWidth(0.4)
                c.setDash(2, 2)
                c.rect(x, box_y, width, self.space)
                c.restoreState()
            name = para(signer.name, s.sign_title)
            _, h = name.wrap(width, b.below * mm)
            name.drawOn(c, x, box_y - h - 1)

"""What both transcript layouts draw with: styles, marks, tables, the QR footer, the stamp boxes.

Every page of a transcript ends with the same footer: a QR code (``qr_payload``) on the
left, the check data beside it and "Trang x/y" on the right. The page count is known only
when the last page is laid out, so ``FooterCanvas`` keeps each page and draws the footers
when the document is saved; the QR code is one PDF form drawn on every page.

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

import segno
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from app.printing.fonts import SERIF, SERIF_BOLD, SERIF_ITALIC, register_fonts
from app.transcripts.layout import TranscriptLayout
from app.transcripts.record import Mark

QR_FORMAT = "TSHB1"
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


def qr_payload(school: str, student: str, years: Sequence[str], version: int, digest: str) -> str:
    """The text of the QR code on every page of a transcript.

    Format (version 1 of the format, all ASCII but the codes as the school wrote them)::

        TSHB1|<school code>|<student code>|<years>|v<version>|<sha256>

    - ``TSHB1``: "Trường Số học bạ", format 1; a later format changes the number;
    - ``<years>``: the school years the file covers, in order, joined by "," — one year
      for a yearly file ("2025-2026"), several for the whole transcript;
    - ``v<version>``: the transcript's version (1, then 2 after a correction…);
    - ``<sha256>``: 64 lowercase hex digits, the SHA-256 of the transcript's canonical data
      (computed by the caller, the same data as the JSON export), so a printed copy can be
      checked against the app.

    A "|" inside a field would break the format, so it is printed as "/".
    """

    def clean(text: str) -> str:
        return text.replace("|", "/").strip()

    return "|".join(
        [
            QR_FORMAT,
            clean(school),
            clean(student),
            ",".join(clean(y) for y in years),
            f"v{version}",
            digest.lower(),
        ]
    )


def qr_matrix(payload: str) -> tuple[tuple[bool, ...], ...]:
    """The QR code's modules (True = dark), no quiet zone: error level M, never a micro QR."""
    code = segno.make(payload, error="m", micro=False, boost_error=False)
    return tuple(tuple(bool(v) for v in row) for row in code.matrix)


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
    """A bordered table whose rows wrap and never split; the header row repeats on each page."""
    s = styles(layout)
    data: list[list[Any]] = [[para(h, s.cell_head) for h in headers]]
    for row in rows:
        data.append(
            [para(v, s.cell_center if i in centered else s.cell) for i, v in enumerate(row)]
        )
    table = Table(data, colWidths=[w * mm for w in widths_mm], repeatRows=1, splitInRow=0)
    table.setStyle(TableStyle(_GRID))
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
            c.setFont(SERIF_ITALIC, layout.sizes.body)
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


@dataclass(frozen=True)
class FooterInfo:
    """What each page's footer shows."""

    payload: str
    check_lines: tuple[str, ...]
    hash_line: str


class SegmentStart(Flowable):  # type: ignore[misc]
    """Takes no room; marks the page it lands on as the first of transcript ``index``."""

    def __init__(self, index: int) -> None:
        super().__init__()
        self.index = index

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.canv.segment = self.index


class FooterCanvas(Canvas):  # type: ignore[misc]
    """A canvas that draws every page's footer (QR, check data, "Trang x/y") when saved.

    One file may hold several transcripts (a class's print file): ``SegmentStart`` marks
    where each begins, and pages are numbered and QR-coded per transcript."""

    def __init__(
        self, *args: Any, footers: Sequence[FooterInfo], layout: TranscriptLayout, **kw: Any
    ) -> None:
        super().__init__(*args, **kw)
        self._pages: list[dict[str, Any]] = []
        self._footers, self._layout = list(footers), layout
        self.segment = 0

    def showPage(self) -> None:  # noqa: N802 (reportlab's name)
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        segments = [state["segment"] for state in self._pages]
        for index, footer in enumerate(self._footers):
            if index in segments:
                self._define_qr(f"transcript-qr-{index}", footer.payload)
        number = 0
        for i, state in enumerate(self._pages):
            self.__dict__.update(state)
            number = 1 if i == 0 or segments[i - 1] != self.segment else number + 1
            self._draw_footer(number, segments.count(self.segment))
            super().showPage()
        super().save()

    def _define_qr(self, name: str, payload: str) -> None:
        matrix = qr_matrix(payload)
        size = self._layout.footer.qr_size * mm
        module = size / len(matrix)
        self.beginForm(name, 0, 0, size, size)
        self.setFillColorRGB(0, 0, 0)
        for r, row in enumerate(matrix):
            y = size - (r + 1) * module
            start = None
            for col, dark in enumerate((*row, False)):
                if dark and start is None:
                    start = col
                elif not dark and start is not None:
                    self.rect(start * module, y, (col - start) * module, module, 0, 1)
                    start = None
        self.endForm()

    def _draw_footer(self, number: int, total: int) -> None:
        layout, f = self._layout, self._layout.footer
        footer, m = self._footers[self.segment], layout.margins
        self.saveState()
        self.translate(m.left * mm, f.qr_bottom * mm)
        self.doForm(f"transcript-qr-{self.segment}")
        self.restoreState()
        size = layout.sizes.footer
        x = (m.left + f.qr_size + f.text_gap) * mm
        y = (f.qr_bottom + f.qr_size / 2) * mm
        self.setFont(SERIF, size)
        lines = [*footer.check_lines, footer.hash_line]
        for i, line in enumerate(lines):
            self.drawString(x, y + (len(lines) / 2 - i - 0.8) * size * 1.2, line)
        self.setFont(SERIF, layout.sizes.body - 1)
        right = (layout.page_size[0] - m.right) * mm
        self.drawRightString(right, y - 3, layout.words.page.format(page=number, pages=total))

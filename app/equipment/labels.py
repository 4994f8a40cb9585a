"""Sheets of QR-code labels for equipment (issue 11 §5): one PDF, A4 label paper.

Each label shows the item's QR code (encoding its code, nothing else: a keyboard-wedge
scanner types exactly the code), the code in large bold text, the short name (shrunk,
then wrapped, then cut with "…" to fit), the room when given, and the school's name in
small print at the bottom. Label papers are rows of ``LAYOUTS``: another paper is one
more ``SheetLayout``. ``start_at`` skips the labels already peeled off a used sheet.

``arrange`` is the pure part (where each line and the QR code go on one label, in points
from the label's bottom-left corner); ``render_labels`` draws it with reportlab and
``write_labels`` writes the PDF whole or not at all.
"""

from __future__ import annotations

import io
import math
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import segno
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from app.atomic_file import written_beside
from app.errors import ValidationError
from app.messages.equipment_labels import EQUIPMENT_LABELS_MSG as MSG
from app.printing.fonts import SERIF, SERIF_BOLD, register_fonts, text_width

A4_MM = (210.0, 297.0)
LEADING = 1.15  # line height / font size
ASCENT, DESCENT = 0.9, 0.22  # of Liberation Serif, per point of size (rounded up)
ELLIPSIS = "…"


@dataclass(frozen=True)
class Label:
    """What one label shows."""

    code: str
    short_name: str
    school_name: str
    room: str | None = None


class Insets(NamedTuple):
    """Blank space inside a label on each side, in mm."""

    left: float
    bottom: float
    right: float
    top: float


@dataclass(frozen=True)
class SheetLayout:
    """A sheet of label paper, in millimetres: ``columns`` × ``rows`` labels of ``label_width``
    × ``label_height``, the first one ``margin_left`` and ``margin_top`` from the page's
    corner, ``gap_x`` and ``gap_y`` between labels; ``padding`` is the blank edge kept inside
    each label, and nothing is drawn within ``page_edge`` of the paper's edge (most printers
    cannot print there: papers cut edge to edge get wider blanks on their outer labels)."""

    name: str
    columns: int
    rows: int
    label_width: float
    label_height: float
    margin_left: float = 0.0
    margin_top: float = 0.0
    gap_x: float = 0.0
    gap_y: float = 0.0
    padding: float = 3.0
    page_edge: float = 4.0
    page_size: tuple[float, float] = A4_MM

    @property
    def per_sheet(self) -> int:
        """Labels on one sheet."""
        return self.columns * self.rows

    @property
    def title(self) -> str:
        """ "A4, 3 × 8 nhãn 70 × 37 mm", as a paper chooser lists it."""

        def num(v: float) -> str:
            return f"{v:g}".replace(".", ",")

        return MSG.layout_title.format(columns=self.columns, rows=self.rows,
                                       width=num(self.label_width), height=num(self.label_height))  # fmt: skip

    def label_origin(self, slot: int) -> tuple[float, float]:
        """Bottom-left corner of label ``slot`` (0-based, row by row) on its page, in points."""
        row, col = divmod(slot, self.columns)
        x = self.margin_left + col * (self.label_width + self.gap_x)
        top = self.page_size[1] - self.margin_top - row * (self.label_height + self.gap_y)
        return x * mm, (top - self.label_height) * mm

    def insets(self, slot: int | None = None) -> Insets:
        """The blank kept inside label ``slot`` on each side, in mm: ``padding``, or more where
        the label lies closer than ``page_edge`` to the paper's edge. None: an inner label."""
        pad = self.padding
        if slot is None:
            return Insets(pad, pad, pad, pad)
        x, y = (v / mm for v in self.label_origin(slot))
        page_w, page_h = self.page_size

        def keep(distance: float) -> float:
            return max(pad, self.page_edge - distance)

        return Insets(keep(x), keep(y), keep(page_w - x - self.label_width),
                      keep(page_h - y - self.label_height))  # fmt: skip


LAYOUTS: dict[str, SheetLayout] = {
    layout.name: layout
    for layout in (
        # 24 labels 70 × 37 mm, edge to edge across (the common "A4 24 nhãn" paper).
        SheetLayout("3x8", 3, 8, 70.0, 37.0, margin_top=0.5),
        # 40 labels 52,5 × 29,7 mm, the whole sheet cut in a grid.
        SheetLayout("4x10", 4, 10, 52.5, 29.7, padding=2.5),
        # 21 labels 70 × 42,3 mm.
        SheetLayout("3x7", 3, 7, 70.0, 42.3, margin_top=0.45),
        # 14 labels 99,1 × 38,1 mm with rounded corners, 2,5 mm apart across.
        SheetLayout("2x7", 2, 7, 99.1, 38.1, margin_left=4.65, margin_top=15.15, gap_x=2.5),
    )
}
DEFAULT_LAYOUT = "3x8"


def layout_named(name: str) -> SheetLayout:
    """The layout called ``name`` ("3x8"…); a clear message when there is none."""
    layout = LAYOUTS.get(name.strip().lower().replace("×", "x").replace(" ", ""))
    if layout is None:
        raise ValidationError(MSG.unknown_layout.format(name=name, names=", ".join(LAYOUTS)))
    return layout


@dataclass(frozen=True)
class TextLine:
    """One line of text on a label: baseline at (``x``, ``y``) points from its bottom-left."""

    text: str
    font: str
    size: float
    x: float
    y: float


@dataclass(frozen=True)
class Arrangement:
    """Where everything goes on one label, in points from its bottom-left corner."""

    qr_x: float
    qr_y: float
    qr_size: float
    lines: tuple[TextLine, ...]


@dataclass(frozen=True)
class _Block:
    lines: tuple[str, ...]
    font: str
    size: float

    @property
    def height(self) -> float:
        return len(self.lines) * self.size * LEADING


def _wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """Greedy word wrap; a word wider than the line is broken between letters."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if text_width(candidate, font, size) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        current = ""
        for char in word:
            if current and text_width(current + char, font, size) > width:
                lines.append(current)
                current = ""
            current += char
    if current:
        lines.append(current)
    return lines


def _cut(line: str, font: str, size: float, width: float) -> str:
    """``line`` shortened with "…" until it fits ``width``."""
    while line and text_width(line + ELLIPSIS, font, size) > width:
        line = line[:-1].rstrip()
    return line + ELLIPSIS


def fit_text(
    text: str, font: str, *, width: float, largest: float, smallest: float, max_lines: int
) -> _Block:
    """The largest size (half-point steps) at which ``text`` wraps into ``max_lines`` lines
    of ``width``; at ``smallest`` the last line is cut with "…"."""
    size = largest
    while True:
        lines = _wrap(text, font, size, width)
        if len(lines) <= max_lines:
            return _Block(tuple(lines), font, size)
        if size - 0.5 < smallest:
            kept = [*lines[: max_lines - 1], _cut(lines[max_lines - 1], font, size, width)]
            return _Block(tuple(kept), font, size)
        size -= 0.5


def fit_in_height(
    text: str, font: str, *, width: float, height: float, largest: float, smallest: float
) -> _Block:
    """The largest size (half-point steps) at which ``text`` wraps into lines of ``width``
    that stack within ``height``; at ``smallest`` what does not fit is cut with "…"."""
    size = largest
    while size - 0.5 >= smallest:
        block = _Block(tuple(_wrap(text, font, size, width)), font, size)
        if block.height <= height:
            return block
        size -= 0.5
    max_lines = max(1, math.floor(height / (size * LEADING)))
    return fit_text(text, font, width=width, largest=size, smallest=size, max_lines=max_lines)


def _clean(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def arrange(label: Label, layout: SheetLayout, slot: int | None = None) -> Arrangement:
    """Place the QR code and the text of ``label`` on label ``slot`` of ``layout`` (None: an
    inner label, away from the paper's edge)."""
    register_fonts()
    w, h = layout.label_width * mm, layout.label_height * mm
    in_left, bottom, in_right, in_top = (v * mm for v in layout.insets(slot))
    qr = min(h - bottom - in_top, 0.45 * w)
    left = in_left + qr + layout.padding * mm
    width = w - left - in_right
    top = h - in_top
    scale = h / (37.0 * mm)  # sizes are chosen for a 37 mm label
    code = fit_text(_clean(label.code), SERIF_BOLD, width=width, largest=15 * scale,
                    smallest=6.0, max_lines=2)  # fmt: skip
    school = fit_text(_clean(label.school_name), SERIF, width=width, largest=6.5 * scale,
                      smallest=4.5, max_lines=2)  # fmt: skip
    tail = [school]
    if label.room and label.room.strip():
        room = _clean(label.room)
        if not room.casefold().startswith("phòng"):
            room = MSG.room_prefix.format(room=room)
        tail.insert(0, fit_text(room, SERIF, width=width, largest=7 * scale, smallest=5,
                                max_lines=1))  # fmt: skip
    room_for_name = (top - bottom) - code.height - sum(b.height for b in tail) - 2 * scale
    name = fit_in_height(_clean(label.short_name), SERIF, width=width, height=room_for_name,
                         largest=10.5 * scale, smallest=5.5)  # fmt: skip

    lines: list[TextLine] = []

    def place(block: _Block, start: float) -> float:
        y = start
        for text in block.lines:
            y -= block.size * LEADING
            lines.append(TextLine(text, block.font, block.size, left, y + DESCENT * block.size))
        return y

    below_code = place(code, top)
    place(name, below_code - scale)
    place_tail = bottom + sum(b.height for b in tail)
    for block in tail:
        place_tail = place(block, place_tail)
    return Arrangement(in_left, bottom + (top - bottom - qr) / 2, qr, tuple(lines))


def qr_matrix(code: str) -> tuple[tuple[bool, ...], ...]:
    """The QR code of ``code`` (True = dark), no quiet zone: error level M, never micro."""
    made = segno.make(code, error="m", micro=False, boost_error=False)
    return tuple(tuple(bool(v) for v in row) for row in made.matrix)


def _draw_qr(canvas: Canvas, code: str, x: float, y: float, size: float) -> None:
    matrix = qr_matrix(code)
    module = size / len(matrix)
    canvas.setFillColorRGB(0, 0, 0)
    for r, row in enumerate(matrix):
        row_y = y + size - (r + 1) * module
        start = None
        for col, dark in enumerate((*row, False)):
            if dark and start is None:
                start = col
            elif not dark and start is not None:
                canvas.rect(x + start * module, row_y, (col - start) * module, module, 0, 1)
                start = None


def pages_needed(count: int, layout: SheetLayout, start_at: int = 1) -> int:
    """Sheets used by ``count`` labels starting at position ``start_at`` of the first."""
    return math.ceil((start_at - 1 + count) / layout.per_sheet) if count else 0


def _check(labels: Sequence[Label], layout: SheetLayout, start_at: int) -> None:
    if not labels:
        raise ValidationError(MSG.no_labels)
    if not 1 <= start_at <= layout.per_sheet:
        raise ValidationError(MSG.bad_start.format(last=layout.per_sheet, layout=layout.title))
    for label in labels:
        if not label.code.strip():
            raise ValidationError(MSG.empty_code.format(name=label.short_name))


def render_labels(
    labels: Sequence[Label], layout: SheetLayout, *, start_at: int = 1, outline: bool = False
) -> bytes:
    """The PDF of ``labels`` on ``layout`` sheets, the first at position ``start_at`` (1 =
    top left, row by row); ``outline`` draws each label's edge (for plain paper or a test
    print)."""
    _check(labels, layout, start_at)
    register_fonts()
    out = io.BytesIO()
    page_w, page_h = layout.page_size
    canvas = Canvas(out, pagesize=(page_w * mm, page_h * mm), invariant=True)
    canvas.setTitle("Nhãn thiết bị")
    canvas.setCreator("Trường Số")
    page = 0
    for index, label in enumerate(labels):
        position = start_at - 1 + index
        if position // layout.per_sheet > page:
            canvas.showPage()
            page += 1
        x, y = layout.label_origin(position % layout.per_sheet)
        placed = arrange(label, layout, position % layout.per_sheet)
        if outline:
            canvas.setStrokeColorRGB(0.75, 0.75, 0.75)
            canvas.setLineWidth(0.3)
            canvas.rect(x, y, layout.label_width * mm, layout.label_height * mm, 1, 0)
        _draw_qr(canvas, label.code.strip(), x + placed.qr_x, y + placed.qr_y, placed.qr_size)
        for line in placed.lines:
            canvas.setFont(line.font, line.size)
            canvas.drawString(x + line.x, y + line.y, line.text)
    canvas.showPage()
    canvas.save()
    return out.getvalue()


def write_labels(
    path: Path,
    labels: Sequence[Label],
    layout: SheetLayout,
    *,
    start_at: int = 1,
    outline: bool = False,
) -> int:
    """Write the label sheets to ``path`` whole or not at all; returns the number of pages."""
    data = render_labels(labels, layout, start_at=start_at, outline=outline)
    with written_beside(path) as tmp:
        tmp.write_bytes(data)
    return pages_needed(len(labels), layout, start_at)

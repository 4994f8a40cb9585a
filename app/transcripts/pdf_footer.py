"""The footer of every transcript page: a QR code, the check data, "Trang x/y".

The QR code (``qr_payload``) sits on the left, the same data as text beside it, the page
number on the right. The page count is known only when the last page is laid out, so
``FooterCanvas`` keeps each page and draws the footers when the document is saved; the QR
code is one PDF form, drawn once and shown on every page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import segno
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from app.printing.fonts import SERIF
from app.transcripts.layout import TranscriptLayout

QR_FORMAT = "TSHB1"


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

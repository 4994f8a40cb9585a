"""Printed documents in the NĐ 30/2020/NĐ-CP layout (DOMAIN §8), with reportlab.

One reusable frame for every printout (class lists, grade sheets, transcripts):

- A4 portrait; margins top/bottom 20 mm, left 30 mm, right 15 mm.
- Header: top left the parent body in capitals, then the school in bold capitals
  with a short rule under it; top right "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" (bold)
  above "Độc lập - Tự do - Hạnh phúc" (bold, underlined), then the italic place
  and date line ("Quảng Phú, ngày 05 tháng 9 năm 2025").
- Page numbers centred in the top margin from page 2 on.
- ``data_table`` splits over pages and repeats its header row; ``Signer`` blocks
  close the document.

Usage::

    doc = Nd30Document(path, DocHeader("SỞ GD&ĐT THANH HÓA", "TRƯỜNG THCS KIM ĐỒNG", "Quảng Phú"))
    doc.build("DANH SÁCH HỌC SINH LỚP 6A1", [data_table(...)], subtitle="Năm học 2025-2026",
              signers=[Signer("HIỆU TRƯỞNG", "Lê Văn Minh")])
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from app.atomic_file import written_beside
from app.errors import StorageError
from app.messages.excel import EXCEL_MSG
from app.printing.fonts import SERIF, SERIF_BOLD, SERIF_ITALIC, register_fonts, text_width

NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
HEADER_SIZE = 12.5
MOTTO_SIZE = 13
BODY_SIZE = 13
TABLE_SIZE = 12
_ALIGN = {"left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT}


@dataclass(frozen=True)
class Margins:
    """Page margins in millimetres (NĐ 30: top/bottom 20–25, left 30–35, right 15–20)."""

    top: float = 20
    bottom: float = 20
    left: float = 30
    right: float = 15


TEXT_WIDTH_MM = 210 - Margins.left - Margins.right
"""Usable width of an A4 portrait page with the default margins (165 mm)."""


@dataclass(frozen=True)
class DocHeader:
    """Who issues the document, where and when (``on=None`` prints blanks to fill by hand)."""

    authority: str
    organisation: str
    place: str = ""
    on: date | None = None
    number: str = ""


@dataclass(frozen=True)
class Signer:
    """One signature column: title in capitals, the signing note, then the name."""

    title: str
    name: str = ""
    note: str = "(Ký, ghi rõ họ tên, đóng dấu)"


def place_date(place: str, on: date | None) -> str:
    """ "Quảng Phú, ngày 05 tháng 02 năm 2026": zero before days < 10 and months 1–2 (NĐ 30)."""
    if on is None:
        return EXCEL_MSG.place_date_blank.format(place=place or "……………")
    month = f"{on.month:02d}" if on.month < 3 else str(on.month)
    return EXCEL_MSG.place_date.format(
        place=place or "……………", day=f"{on.day:02d}", month=month, year=on.year
    )


def style(
    size: float = BODY_SIZE,
    *,
    font: str = SERIF,
    align: str = "left",
    leading: float | None = None,
    space_after: float = 0,
) -> ParagraphStyle:
    """A paragraph style in the bundled serif font."""
    register_fonts()
    return ParagraphStyle(
        f"nd30-{font}-{size}-{align}",
        fontName=font,
        fontSize=size,
        leading=leading or size * 1.2,
        alignment=_ALIGN.get(align, TA_JUSTIFY),
        spaceAfter=space_after,
    )


def para(text: str, st: ParagraphStyle) -> Paragraph:
    """A paragraph of plain text (escaped, so "GD&ĐT" or "<" print as typed)."""
    return Paragraph(escape(text), st)


class Rule(Flowable):
    """A centred horizontal line of a given width (the rules under the header lines)."""

    def __init__(self, width: float, thickness: float = 0.6, space: float = 3) -> None:
        super().__init__()
        self.rule_width = width
        self.thickness = thickness
        self.space = space
        self._avail = width

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self._avail = avail_width
        return avail_width, self.space * 2

    def draw(self) -> None:
        x = (self._avail - self.rule_width) / 2
        y = self.space * 1.3  # nearer the text above than the text below, clear of descenders
        self.canv.setLineWidth(self.thickness)
        self.canv.line(x, y, x + self.rule_width, y)


def header_block(header: DocHeader, width: float, *, with_date: bool = True) -> Table:
    """The two-column NĐ 30 header: issuing body on the left, national motto on the right.

    ``with_date=False`` leaves out the place and date line (a transcript dates its pages
    at their signatures)."""
    nation_w = text_width(NATION, SERIF_BOLD, HEADER_SIZE)
    motto_w = text_width(MOTTO, SERIF_BOLD, MOTTO_SIZE)
    right_w = min(max(nation_w, motto_w) + 8 * mm, width * 0.62)
    left_w = width - right_w
    org = header.organisation.upper()
    org_w = min(text_width(org, SERIF_BOLD, HEADER_SIZE), left_w - 4 * mm)
    left: list[Flowable] = [
        para(header.authority.upper(), style(HEADER_SIZE, align="center")),
        para(org, style(HEADER_SIZE, font=SERIF_BOLD, align="center")),
        Rule(max(org_w / 3, 20 * mm)),
    ]
    if header.number:
        left.append(para(header.number, style(BODY_SIZE, align="center")))
    right: list[Flowable] = [
        para(NATION, style(HEADER_SIZE, font=SERIF_BOLD, align="center")),
        para(MOTTO, style(MOTTO_SIZE, font=SERIF_BOLD, align="center")),
        Rule(motto_w),
    ]
    if with_date:
        right.append(Spacer(1, 3 * mm))
        right.append(
            para(
                place_date(header.place, header.on),
                style(BODY_SIZE, font=SERIF_ITALIC, align="center"),
            )
        )
    t = Table([[left, right]], colWidths=[left_w, right_w])
    t.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), SERIF, HEADER_SIZE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return t


def data_table(
    headers: Sequence[str],
    rows: Sequence[Sequence[Any]],
    widths_mm: Sequence[float],
    *,
    align: Sequence[str] | None = None,
    size: float = TABLE_SIZE,
) -> Table:
    """A bordered table that splits across pages and repeats its header row on each."""
    head_style = style(size, font=SERIF_BOLD, align="center", leading=size * 1.15)
    aligns = list(align or ["left"] * len(headers))
    cell_styles = [style(size, align=a, leading=size * 1.15) for a in aligns]
    data: list[list[Any]] = [[para(h, head_style) for h in headers]]
    for row in rows:
        data.append([para("" if v is None else str(v), cell_styles[i]) for i, v in enumerate(row)])
    t = Table(data, colWidths=[w * mm for w in widths_mm], repeatRows=1)
    t.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), SERIF, size),
                ("GRID", (0, 0), (-1, -1), 0.5, "#000000"),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return t


def signature_block(signers: Sequence[Signer], width: float) -> Flowable:
    """Signature columns side by side (the last one on the right), kept on one page."""
    cols = max(len(signers), 2)
    cells: list[list[Flowable]] = [[] for _ in range(cols)]
    for i, s in enumerate(signers):
        slot = cols - len(signers) + i
        cells[slot] = [
            para(s.title.upper(), style(BODY_SIZE, font=SERIF_BOLD, align="center")),
            para(s.note, style(BODY_SIZE - 1, font=SERIF_ITALIC, align="center")),
            Spacer(1, 24 * mm),
            para(s.name, style(BODY_SIZE, font=SERIF_BOLD, align="center")),
        ]
    t = Table([cells], colWidths=[width / cols] * cols)
    t.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), SERIF), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return KeepTogether([Spacer(1, 6 * mm), t])


def unwrap(flowable: Flowable) -> list[Flowable]:
    """The parts of a ``KeepTogether``, to keep them together with more.

    A ``KeepTogether`` inside another reports an unbounded height, which makes
    reportlab start a new page every time; so blocks are merged, never nested.
    """
    if isinstance(flowable, KeepTogether):
        return list(getattr(flowable, "_content", [flowable]))
    return [flowable]


def closing(last: list[Flowable], signatures: Flowable) -> Flowable:
    """The last block of a document kept on the page of the signatures (never a page of signatures alone)."""
    return KeepTogether([part for f in [*last, signatures] for part in unwrap(f)])


class Nd30Document:
    """An A4 document with the NĐ 30 header, page numbers and signature blocks.

    Portrait by default. ``landscape=True`` is for tables too wide for a portrait
    page: NĐ 30/2020/NĐ-CP, Phụ lục I, Phần I, mục 3 allows "trình bày theo chiều
    rộng" when the text holds tables that are not separate appendices. The margins
    stay those of NĐ 30 either way.
    """

    def __init__(
        self,
        path: Path | str,
        header: DocHeader,
        margins: Margins = Margins(),
        *,
        landscape: bool = False,
    ) -> None:
        register_fonts()
        self.path = Path(path)
        self.header = header
        self.margins = margins
        self.pagesize = (A4[1], A4[0]) if landscape else A4

    @property
    def width(self) -> float:
        """Usable text width in points."""
        return float(self.pagesize[0] - (self.margins.left + self.margins.right) * mm)

    def build(
        self,
        title: str,
        body: Sequence[Flowable],
        *,
        subtitle: str = "",
        signers: Sequence[Signer] = (),
        keep_last_with_signers: bool = False,
    ) -> Path:
        """Lay out header, title, ``body`` and signatures, and write the PDF.

        ``keep_last_with_signers`` moves the last body block (a short summary)
        onto the signatures' page, so they never stand alone; leave it off when
        the last block is a long table, which would otherwise leave page 1 bare.
        """
        story: list[Flowable] = [header_block(self.header, self.width), Spacer(1, 8 * mm)]
        story.append(para(title, style(14, font=SERIF_BOLD, align="center", leading=18)))
        if subtitle:
            story.append(para(subtitle, style(BODY_SIZE, align="center")))
        story.append(Spacer(1, 5 * mm))
        rest = list(body)
        last = [rest.pop()] if rest and signers and keep_last_with_signers else []
        story.extend(rest)
        if signers:
            story.append(closing(last, signature_block(signers, self.width)))
        try:
            with written_beside(self.path) as tmp:
                doc = SimpleDocTemplate(
                    str(tmp),
                    pagesize=self.pagesize,
                    topMargin=self.margins.top * mm,
                    bottomMargin=self.margins.bottom * mm,
                    leftMargin=self.margins.left * mm,
                    rightMargin=self.margins.right * mm,
                    title=title,
                    author=self.header.organisation,
                    creator="Trường Số",
                )
                doc.build(
                    story,
                    onLaterPages=self._page_number,
                    # Start pages in our font so the PDF never references an unembedded Helvetica.
                    canvasmaker=partial(Canvas, initialFontName=SERIF, lang="vi"),
                )
        except OSError as exc:
            raise StorageError(EXCEL_MSG.write_failed.format(path=self.path, detail=exc)) from exc
        return self.path

    def _page_number(self, canvas: Any, doc: Any) -> None:
        """Page number centred in the top margin (never on page 1: onLaterPages)."""
        canvas.saveState()
        canvas.setFont(SERIF, BODY_SIZE)
        x = doc.leftMargin + doc.width / 2
        y = self.pagesize[1] - self.margins.top * mm / 2 - 2
        canvas.drawCentredString(x, y, str(doc.page))
        canvas.restoreState()

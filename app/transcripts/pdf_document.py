"""A transcript as a PDF: the identity page, then each year's pages in the record's layout.

``render_transcript(record, data_hash)`` gives the bytes of one transcript (all its years,
or those named); ``render_many`` puts several in one file (a class's print file), each
numbered "Trang x/y" on its own. The last page of each ends with the three stamp boxes;
``signature_boxes(pdf)`` says where they are, for the visible signatures.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial

from reportlab.lib.units import mm
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    PageBreak,
    PageTemplate,
    Spacer,
    Table,
    TableStyle,
)

from app.errors import NotFound, ValidationError
from app.messages.transcript_pdf import TRANSCRIPT_PDF_MSG as M
from app.printing import nd30
from app.progress import Progress, check_cancel
from app.transcripts import pdf_primary, pdf_secondary
from app.transcripts.layout import DEFAULT_LAYOUT, TranscriptLayout
from app.transcripts.pdf_common import (
    Box,
    SignatureBlock,
    Signer,
    TableWithClosing,
    grid_table,
    para,
    stamp_boxes,
    styles,
)
from app.transcripts.pdf_footer import FooterCanvas, FooterInfo, SegmentStart, qr_payload
from app.transcripts.record import Level, TranscriptRecord, YearPage


@dataclass(frozen=True)
class Options:
    """How to draw one transcript: which years, and who signs for the principal."""

    years: tuple[str, ...] | None = None  # None: every year of the record
    deputy: str = ""  # a deputy's name: signs "KT. HIỆU TRƯỞNG / PHÓ HIỆU TRƯỞNG"


def chosen_years(record: TranscriptRecord, years: Sequence[str] | None) -> tuple[YearPage, ...]:
    """The record's year pages named by ``years`` (all when None), in the record's order."""
    name = record.identity.full_name
    if years is None:
        pages = record.years
    else:
        known = {y.school_year for y in record.years}
        for wanted in years:
            if wanted not in known:
                raise NotFound(M.year_missing.format(name=name, year=wanted))
        pages = tuple(y for y in record.years if y.school_year in set(years))
    if not pages:
        raise ValidationError(M.no_years.format(name=name))
    return pages


def _level_name(record: TranscriptRecord, layout: TranscriptLayout) -> str:
    w = layout.words
    if record.level is Level.PRIMARY:
        return w.level_primary
    return w.level_upper if max(y.grade for y in record.years) >= 10 else w.level_lower


def _identity_value(record: TranscriptRecord, key: str) -> str:
    value = getattr(record.identity, key)
    if key == "date_of_birth":
        return value.strftime("%d/%m/%Y") if value else ""
    return str(value or "")


def identity_page(
    record: TranscriptRecord, options: Options, layout: TranscriptLayout
) -> list[Flowable]:
    """The first page: NĐ 30 header, title, identity lines, "Quá trình học tập"."""
    s, w, school = styles(layout), layout.words, record.school
    text_width = (layout.page_size[0] - layout.margins.left - layout.margins.right) * mm
    header = nd30.DocHeader(school.parent_body, school.name, school.place)
    story: list[Flowable] = [
        nd30.header_block(header, text_width, with_date=False),
        Spacer(1, 6 * mm),
        para(w.title, s.title),
        Spacer(1, 2 * mm),
        para(_level_name(record, layout), s.subtitle),
        Spacer(1, 4 * mm),
    ]
    if record.version > 1:
        text = w.correction.format(version=record.version, reason=record.correction_reason)
        story += [para(text, s.italic), Spacer(1, 3 * mm)]
    rows = [(label, _identity_value(record, key)) for key, label in w.identity_labels]
    story.append(identity_lines(layout, rows, text_width))
    story += [Spacer(1, 4 * mm), para(w.process_title, s.heading), Spacer(1, 2 * mm)]
    proc = [
        [
            p.school_year + (" (*)" if p.entered_by_hand else ""),
            p.class_name,
            p.school_name,
            p.principal,
        ]
        for p in record.process
    ]
    closing: list[Flowable] = []
    if any(p.entered_by_hand for p in record.process):
        closing += [Spacer(1, 1 * mm), para(w.by_hand_note, s.cell)]
    last = chosen_years(record, options.years)[-1]
    date_line = nd30.place_date(school.place, record.prepared_on)
    closing += [
        Spacer(1, 2 * mm),
        SignatureBlock(
            layout, [Signer((), "", ""), signing_principal(layout, last, options.deputy)], date_line
        ),
    ]
    table = grid_table(layout, w.process_headers, proc, layout.process_columns, centered=(0, 1))
    story.append(TableWithClosing(table, closing))
    return story


def identity_lines(
    layout: TranscriptLayout, rows: Sequence[tuple[str, str]], width: float
) -> Flowable:
    """The identity lines: label and value side by side, no borders, long values wrapping."""
    s = styles(layout)
    label_w = layout.identity_label_width * mm
    data = [[para(f"{label}:", s.identity), para(value, s.identity_value)] for label, value in rows]
    table = Table(data, colWidths=[label_w, width - label_w])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0.5),
            ]
        )
    )
    return table


def signing_principal(layout: TranscriptLayout, page: YearPage, deputy: str = "") -> Signer:
    """The year's principal under "HIỆU TRƯỞNG", or the deputy named ``deputy`` under
    "KT. HIỆU TRƯỞNG" over "PHÓ HIỆU TRƯỞNG"."""
    w = layout.words
    if deputy:
        return Signer(w.deputy, w.principal_note, deputy)
    return Signer((w.principal,), w.principal_note, page.principal)


def transcript_story(
    record: TranscriptRecord, options: Options, layout: TranscriptLayout
) -> list[Flowable]:
    """Every flowable of one transcript, the last year's closing anchored at its last page."""
    pages = chosen_years(record, options.years)
    story = identity_page(record, options, layout)
    draw = pdf_primary.year_pages if record.level is Level.PRIMARY else pdf_secondary.year_pages
    for i, page in enumerate(pages):
        corrections = _corrections(record, page)
        story.append(PageBreak())
        story += draw(
            record,
            page,
            layout,
            last=i == len(pages) - 1,
            principal=signing_principal(
                layout, page, options.deputy if i == len(pages) - 1 else ""
            ),
            corrections=corrections,
        )
    return story


def _corrections(record: TranscriptRecord, page: YearPage) -> int:
    index = record.years.index(page)
    counts = record.corrections_on_pages
    return counts[index] if index < len(counts) else 0


def footer_info(
    record: TranscriptRecord, data_hash: str, options: Options, layout: TranscriptLayout
) -> FooterInfo:
    """The footer of a transcript's pages: its QR payload and the same data as text."""
    years = [y.school_year for y in chosen_years(record, options.years)]
    student = record.identity.student_code
    w = layout.words
    return FooterInfo(
        qr_payload(record.school.code, student, years, record.version, data_hash),
        tuple(
            line.format(
                school=record.school.code,
                student=student,
                years=", ".join(years),
                version=record.version,
            )
            for line in w.check_lines
        ),
        w.hash_line.format(digest=data_hash.lower()),
    )


class _Checkpoint(Flowable):  # type: ignore[misc]
    """Takes no room; when the layout reaches it, reports how many transcripts are laid out
    and stops the build if the user asked to (``Cancelled``)."""

    def __init__(self, progress: Progress, done: int, total: int) -> None:
        super().__init__()
        self.progress, self.done, self.total = progress, done, total

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        check_cancel(self.progress)
        self.progress.update(self.done, self.total, M.drawing, M.students)
        return 0, 0

    def draw(self) -> None:
        return None


def render_many(
    items: Sequence[tuple[TranscriptRecord, str, Options]],
    layout: TranscriptLayout = DEFAULT_LAYOUT,
    *,
    title: str = "",
    progress: Progress | None = None,
) -> bytes:
    """Several transcripts in one PDF, each from a new page, numbered and QR-coded on its own.

    With a ``progress``, the layout reports each transcript it reaches and stops on Hủy."""
    if not items:
        raise ValidationError(M.nothing_to_print)
    story: list[Flowable] = []
    footers = []
    for index, (record, data_hash, options) in enumerate(items):
        if index:
            story.append(PageBreak())
        if progress is not None:
            story.append(_Checkpoint(progress, index, len(items)))
        story.append(SegmentStart(index))
        story += transcript_story(record, options, layout)
        footers.append(footer_info(record, data_hash, options, layout))
    out = io.BytesIO()
    m = layout.margins
    width, height = layout.page_size[0] * mm, layout.page_size[1] * mm
    frame = Frame(
        m.left * mm,
        m.bottom * mm,
        width - (m.left + m.right) * mm,
        height - (m.top + m.bottom) * mm,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id="body",
    )
    first = items[0][0]
    doc = BaseDocTemplate(
        out,
        pagesize=(width, height),
        pageTemplates=[PageTemplate("page", [frame])],
        title=title or f"{layout.words.title} {first.identity.full_name}",
        author=first.school.name,
        creator="Trường Số",
        # our font from the first page, so the PDF never references an unembedded Helvetica
        initialFontName=styles(layout).body.fontName,
        lang="vi",
        invariant=True,  # the same record and hash give the same bytes, years later too
    )
    doc.build(story, canvasmaker=partial(FooterCanvas, footers=footers, layout=layout))
    if progress is not None:
        progress.update(len(items), len(items), M.drawing, M.students)
    return out.getvalue()


def render_transcript(
    record: TranscriptRecord,
    data_hash: str,
    *,
    years: Sequence[str] | None = None,
    deputy: str = "",
    layout: TranscriptLayout = DEFAULT_LAYOUT,
) -> bytes:
    """One student's transcript as PDF bytes: every year, or only ``years``.

    ``data_hash`` is the SHA-256 (hex) of the record's canonical data; it goes into the
    QR code and the footer of every page. ``deputy``, a deputy principal's name, signs in
    the principal's place: "KT. HIỆU TRƯỞNG / PHÓ HIỆU TRƯỞNG" over the principal's box of
    the last page and on the identity page."""
    options = Options(tuple(years) if years is not None else None, deputy)
    return render_many([(record, data_hash, options)], layout)


_COUNT = re.compile(rb"/Type\s*/Pages\b[^>]*?/Count\s+(\d+)|/Count\s+(\d+)[^>]*?/Type\s*/Pages\b")


def page_count(pdf: bytes) -> int:
    """How many pages a PDF this module wrote has (its page tree's count)."""
    counts = [int(a or b) for a, b in _COUNT.findall(pdf)]
    if not counts:
        raise ValidationError(M.not_a_transcript)
    return max(counts)


def signature_boxes(pdf: bytes, layout: TranscriptLayout = DEFAULT_LAYOUT) -> dict[str, Box]:
    """Where the visible signatures go in one rendered transcript: role → box.

    Roles ``"homeroom"``, ``"principal"``, ``"seal"`` (signing order); every box is on the
    last page (``Box.page``, from 0) at the bottom of the text, in PDF points
    (``Box.rect`` = x1, y1, x2, y2). Works on the bytes ``render_transcript`` gave, and on
    them after signatures were added (an incremental update keeps the page tree)."""
    return stamp_boxes(layout, page_count(pdf) - 1)

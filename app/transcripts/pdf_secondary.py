"""The THCS/THPT year pages (annex of TT 22/2021, DOMAIN §4): subjects, then the summary.

The subject page lists every subject and educational activity with its semester, year and
re-assessment results and the subject teacher who confirms them; it ends with "Trong
trang này có … chỗ được sửa chữa" and the homeroom teacher's and principal's confirmation.
The summary page gives conduct, learning and absences per term, the re-assessments, the
outcome, certificates, competitions, commendations and the homeroom teacher's comment.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Spacer

from app.printing import nd30
from app.transcripts.layout import TranscriptLayout
from app.transcripts.pdf_common import (
    SignatureBlock,
    Signer,
    TableWithClosing,
    format_mark,
    grid_table,
    labelled,
    para,
    styles,
)
from app.transcripts.record import TranscriptRecord, YearPage


def year_heading(record: TranscriptRecord, page: YearPage, layout: TranscriptLayout) -> str:
    """ "Họ và tên: …    Lớp: …    Năm học: …"."""
    return layout.words.year_heading.format(
        name=record.identity.full_name, class_name=page.class_name, year=page.school_year
    )


def listed(items: tuple[str, ...], layout: TranscriptLayout) -> str:
    """Several entries joined by "; ", or "Không"."""
    return "; ".join(items) if items else layout.words.none


def signers(
    page: YearPage, layout: TranscriptLayout, principal: Signer, *, seal: bool
) -> list[Signer]:
    """Homeroom teacher, principal (and the school seal on the last page)."""
    w = layout.words
    out = [Signer((w.homeroom,), w.sign_note, page.homeroom_teacher), principal]
    if seal:
        out.append(Signer((w.seal,), w.seal_note, page.school_name))
    return out


def subject_page(
    record: TranscriptRecord, page: YearPage, layout: TranscriptLayout, corrections: int
) -> list[Flowable]:
    """The subject table of a year, the corrections line and the confirmation."""
    s, w, c = styles(layout), layout.words, layout.secondary
    rows = [
        [
            line.name,
            format_mark(line.semester_1),
            format_mark(line.semester_2),
            format_mark(line.year),
            format_mark(line.retest),
            line.teacher,
        ]
        for line in page.subjects
    ]
    widths = (c.subject, c.semester_1, c.semester_2, c.year, c.retest, c.teacher)
    return [
        para(w.subject_title, s.heading),
        Spacer(1, 1 * mm),
        para(year_heading(record, page, layout), s.cell_center),
        Spacer(1, 3 * mm),
        TableWithClosing(
            grid_table(layout, w.subject_headers, rows, widths, centered=(1, 2, 3, 4)),
            [
                Spacer(1, 2 * mm),
                para(w.corrections.format(count=corrections), s.italic),
                Spacer(1, 2 * mm),
                SignatureBlock(
                    layout,
                    [
                        Signer((w.confirm_homeroom,), w.sign_note, page.homeroom_teacher),
                        Signer((w.confirm_principal,), w.principal_note, page.principal),
                    ],
                ),
            ],
        ),
    ]


def summary_page(
    record: TranscriptRecord,
    page: YearPage,
    layout: TranscriptLayout,
    *,
    last: bool,
    principal: Signer,
) -> list[Flowable]:
    """The year's results: the term table, re-assessments, outcome, awards, comment, signatures."""
    s, w, c = styles(layout), layout.words, layout.summary
    rows = [
        [
            t.term,
            t.conduct or "",
            t.learning or "",
            "" if t.absences is None else str(t.absences),
        ]
        for t in page.terms
    ] or [[term, "", "", ""] for term in w.terms]  # not recorded: the rows stay, blank
    widths = (c.term, c.conduct, c.learning, c.absences)
    lines = [
        (w.conduct_after_summer, page.conduct_after_summer or ""),
        (w.learning_after_retest, page.learning_after_retest or ""),
        (w.outcome, page.outcome),
    ]
    if page.completion:
        lines.append((w.completion, page.completion))
    lines += [
        (w.certificates, listed(page.certificates, layout)),
        (w.competitions, listed(page.competitions, layout)),
        (w.commendations, listed(page.commendations, layout)),
        (w.homeroom_comment, page.homeroom_comment),
    ]
    story: list[Flowable] = [
        para(w.summary_title, s.heading),
        Spacer(1, 1 * mm),
        para(year_heading(record, page, layout), s.cell_center),
        Spacer(1, 3 * mm),
        grid_table(layout, w.summary_headers, rows, widths, centered=(1, 2, 3)),
        Spacer(1, 3 * mm),
    ]
    for label, value in lines:
        story += [labelled(label, value, s.body), Spacer(1, 1.5 * mm)]
    date_line = nd30.place_date(record.school.place, page.signed_on)
    story.append(Spacer(1, 3 * mm))
    story.append(
        SignatureBlock(
            layout, signers(page, layout, principal, seal=last), date_line, anchored=last
        )
    )
    return story


def year_pages(
    record: TranscriptRecord,
    page: YearPage,
    layout: TranscriptLayout,
    *,
    last: bool,
    principal: Signer,
    corrections: int,
) -> list[Flowable]:
    """A year of a THCS/THPT transcript: the subject page, then the summary page."""
    return [
        *subject_page(record, page, layout, corrections),
        PageBreak(),
        *summary_page(record, page, layout, last=last, principal=principal),
    ]

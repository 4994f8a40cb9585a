"""The primary year page (annex 1 of TT 27/2020, DOMAIN §4): six sections and the confirmation.

A heading (student, class, year, school, commune, province), height, weight and days
absent; then 1. subjects and activities (level T/H/C, periodic test score, comment),
2. qualities, 3. competencies (T/Đ/C with a comment), 4. the overall result,
5. commendations, 6. programme completion; the date, homeroom teacher and principal.
"""

from __future__ import annotations

from decimal import Decimal

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table

from app.printing import nd30
from app.transcripts.layout import TranscriptLayout
from app.transcripts.pdf_common import (
    SignatureBlock,
    Signer,
    format_decimal,
    grid_table,
    para,
    styles,
)
from app.transcripts.pdf_secondary import listed, signers
from app.transcripts.record import Rating, TranscriptRecord, YearPage


def test_score(score: Decimal | None) -> str:
    """A periodic test score: "9" (TT 27 scores are whole), "8,5" if one ever is not."""
    if score is None:
        return ""
    if score == score.to_integral_value():
        return str(int(score))
    return f"{score:.1f}".replace(".", ",")


def _count(value: int | None) -> str:
    return "……" if value is None else str(value)


def _ratings(
    layout: TranscriptLayout, headers: tuple[str, ...], items: tuple[Rating, ...]
) -> Table:
    c = layout.primary
    rows = [[r.name, r.level or "", r.comment] for r in items]
    widths = (c.rating_name, c.rating_level, c.rating_comment)
    return grid_table(layout, headers, rows, widths, centered=(1,))


def year_pages(
    record: TranscriptRecord,
    page: YearPage,
    layout: TranscriptLayout,
    *,
    last: bool,
    principal: Signer,
    corrections: int,
) -> list[Flowable]:
    """A year of a primary transcript: the six sections, then the confirmation."""
    s, w, c = styles(layout), layout.words, layout.primary
    school = record.school
    heading = w.primary_heading.format(
        name=record.identity.full_name,
        class_name=page.class_name,
        year=page.school_year,
        school=page.school_name,
        commune=school.commune,
        province=school.province,
    )
    health = w.primary_health.format(
        height=format_decimal(page.height_cm, "cm"),
        weight=format_decimal(page.weight_kg, "kg"),
        excused=_count(page.days_absent_excused),
        unexcused=_count(page.days_absent_unexcused),
    )
    subjects = [
        [line.name, line.level or "", test_score(line.test_score), line.comment]
        for line in page.subjects
    ]
    sections = w.primary_sections

    def section(n: int) -> list[Flowable]:
        return [Spacer(1, 3 * mm), para(sections[n], s.bold), Spacer(1, 1.5 * mm)]

    story: list[Flowable] = [
        para(w.primary_title.format(year=page.school_year), s.heading),
        Spacer(1, 1 * mm),
        para(heading, s.cell_center),
        Spacer(1, 1.5 * mm),
        para(health, s.cell_center),
        *section(0),
        grid_table(
            layout,
            w.primary_subject_headers,
            subjects,
            (c.subject, c.level, c.test_score, c.comment),
            centered=(1, 2),
        ),
        *section(1),
        _ratings(layout, w.quality_headers, page.qualities),
        *section(2),
        _ratings(layout, w.competency_headers, page.competencies),
    ]
    story.append(KeepTogether([*section(3), para(page.overall, s.body)]))
    story += [*section(4), para(listed(page.commendations, layout), s.body)]
    story += [*section(5), para(page.completion or w.none, s.body)]
    if page.homeroom_comment:
        story += [Spacer(1, 2 * mm), para(page.homeroom_comment, s.italic)]
    date_line = nd30.place_date(school.place, page.signed_on)
    story.append(Spacer(1, 3 * mm))
    story.append(
        SignatureBlock(
            layout, signers(page, layout, principal, seal=last), date_line, anchored=last
        )
    )
    return story

"""The primary (TT27) class result sheet as an NĐ 30 PDF on A4 landscape.

The rows and counts come from ``primary_result_rows``; the column names are
printed upright so 30-odd narrow columns fit.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table
from sqlalchemy.orm import Session

from app.db import Actor
from app.gradebook.primary.outcome import PrimaryOutcome, is_completed
from app.gradebook.primary.results import PrimaryClassSummary, primary_summary
from app.gradesheets import documents as D
from app.gradesheets import primary_result_rows as R
from app.gradesheets.result_rows import share
from app.messages.primary_results import PRIMARY_RESULTS_MSG as M
from app.printing import nd30

SIZE = 7.0
HEAD_SIZE = 7.0


class UprightLabel(Flowable):
    """A column name printed bottom to top, so narrow columns keep whole names."""

    def __init__(self, text: str, size: float = HEAD_SIZE) -> None:
        super().__init__()
        self.text, self.size, self.font = text, size, nd30.SERIF_BOLD

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        """As wide as one line, as tall as the text."""
        self.width = self.size * 1.25
        self.height = nd30.text_width(self.text, self.font, self.size) + 3
        return self.width, self.height

    def draw(self) -> None:
        """Rotate a quarter turn left; the baseline runs up the middle of the box."""
        c = self.canv
        c.saveState()
        c.setFont(self.font, self.size)
        c.rotate(90)
        c.drawString(1.5, -(self.width / 2 + self.size * 0.35), self.text)
        c.restoreState()


def _p(text: str, size: float = SIZE, *, bold: bool = False, align: str = "center") -> Paragraph:
    """A table cell: lines joined by <br/>, escaped."""
    return D.pdf_cell(text, size, bold=bold, align=align)


def _pdf_widths(summary: PrimaryClassSummary, total_mm: float) -> list[float]:
    """Column widths in mm: the subjects share what the fixed columns leave."""
    tested = R.subjects_tested(summary)
    n_subject = len(tested) + sum(tested)
    tail = [16.0, 15.0, 15.0] if summary.is_year else []
    ratings = [4.6] * len(summary.rating_names)
    fixed = [6.0, 32.0]
    subject = (total_mm - sum(fixed) - sum(ratings) - sum(tail)) / max(n_subject, 1)
    return fixed + [subject] * n_subject + ratings + tail


def _pdf_header(summary: PrimaryClassSummary) -> tuple[list[list[Any]], list[tuple[Any, ...]]]:
    """Three header rows and their spans."""
    tested = R.subjects_tested(summary)
    n_subject = len(tested) + sum(tested)
    tail = R.year_headers(summary)
    head = [_p("STT", HEAD_SIZE, bold=True), _p("Họ và tên", HEAD_SIZE, bold=True)]
    top: list[Any] = [*head, _p(f"{M.sheet_subjects}\n({summary.checkpoint_label})", bold=True)]
    top += [""] * (n_subject - 1)
    names: list[Any] = ["", ""]
    kinds: list[Any] = ["", ""]
    spans: list[tuple[Any, ...]] = [("SPAN", (0, 0), (0, 2)), ("SPAN", (1, 0), (1, 2))]
    spans.append(("SPAN", (2, 0), (1 + n_subject, 0)))
    col = 2
    for s, with_test in zip(summary.subjects, tested, strict=True):
        names += [UprightLabel(s.name), ""] if with_test else [UprightLabel(s.name)]
        kinds += [_p(M.sheet_level), _p(M.sheet_test)] if with_test else [_p(M.sheet_level)]
        if with_test:
            spans.append(("SPAN", (col, 1), (col + 1, 1)))
        col += 2 if with_test else 1
    for group, span in R.rating_groups(summary):
        top += [_p(group, HEAD_SIZE, bold=True)] + [""] * (span - 1)
        spans.append(("SPAN", (col, 0), (col + span - 1, 0)))
        col += span
    first_rating = col - len(summary.rating_names)
    names += [UprightLabel(n) for n in summary.rating_names]
    kinds += [""] * len(summary.rating_names)
    spans += [("SPAN", (j, 1), (j, 2)) for j in range(first_rating, col)]
    top += [_p(t, HEAD_SIZE, bold=True) for t in tail]
    names += [""] * len(tail)
    kinds += [""] * len(tail)
    spans += [("SPAN", (j, 0), (j, 2)) for j in range(col, col + len(tail))]
    return [top, names, kinds], spans


def _pdf_cells(r: R.SheetRow, year: bool) -> list[Any]:
    """A student's printed row."""
    st = r.student
    name = st.full_name + ("" if st.current else " (*)")
    cells: list[Any] = [_p(str(r.no)), _p(name, align="left")]
    cells += [_p("" if v is None else str(v)) for v in r.subjects]
    cells += [_p(v) for v in r.ratings]
    if year:
        done = r.outcome and is_completed(PrimaryOutcome(r.outcome))
        outcome = (M.sheet_outcome_yes if done else M.sheet_outcome_no) if r.outcome else ""
        result = r.result or M.sheet_not_rated
        cells += [_p(result), _p(outcome), _p(R.SHORT_AWARD.get(r.award, ""))]
    return cells


def _pdf_table(summary: PrimaryClassSummary, rows: list[R.SheetRow], total_mm: float) -> Table:
    """The main table; its three header rows repeat on every page."""
    header, spans = _pdf_header(summary)
    data = header + [_pdf_cells(r, summary.is_year) for r in rows]
    t = Table(data, colWidths=[w * mm for w in _pdf_widths(summary, total_mm)], repeatRows=3)
    names_down = [("VALIGN", (0, 1), (-1, 1), "BOTTOM"), ("ALIGN", (0, 0), (-1, -1), "CENTER")]
    t.setStyle(D.grid_style(spans, (1.2, 2, 1), names_down))
    return t


def _stat_table(head: list[str], rows: list[list[str]], widths_mm: Sequence[float]) -> Table:
    """A small bordered counts table."""
    return D.stat_table(head, rows, widths_mm, size=SIZE, head_size=SIZE)


def _pdf_statistics(summary: PrimaryClassSummary, rows: list[R.SheetRow], total_mm: float) -> Any:
    """The counts block printed above the signatures."""
    stats = R.statistics(summary, rows)
    body: list[Flowable] = [Spacer(1, 2 * mm)]
    body.append(
        nd30.para(M.sheet_total.format(n=stats.total), nd30.style(10, font=nd30.SERIF_BOLD))
    )
    body.append(Spacer(1, 1.5 * mm))
    if summary.is_year:
        head = R.year_statistics_header(summary)
        body.append(
            _stat_table(
                ["", *head], [[M.sheet_count, *R.year_statistics(stats)]], [28] + [24] * len(head)
            )
        )
        body.append(Spacer(1, 2 * mm))
    labels = [s.label for s in summary.subjects]
    level_rows = [
        [level or M.sheet_not_entered, *[share(c[level], stats.total) for c in stats.levels]]
        for level in (*R.SHORT_LEVEL.values(), "")
    ]
    each = min((total_mm - 28) / max(len(labels), 1), 24)
    body.append(_stat_table([M.sheet_level_long, *labels], level_rows, [28] + [each] * len(labels)))
    return KeepTogether(body)


def _legend(summary: PrimaryClassSummary, rows: list[R.SheetRow]) -> Paragraph:
    """What the abbreviations mean, and why a semester sheet has no result."""
    parts = [M.sheet_legend]
    if summary.is_year:
        parts.append(M.sheet_legend_award)
    else:
        parts.append(M.sheet_legend_semester)
    if any(not r.student.current for r in rows):
        parts.append(M.sheet_left_note)
    return nd30.para(" ".join(parts), nd30.style(9, font=nd30.SERIF_ITALIC))


def primary_result_sheet_pdf(
    session: Session,
    actor: Actor | None,
    class_id: uuid.UUID,
    path: Path | str,
    semester: int | None = None,
    *,
    on: date | None = None,
) -> Path:
    """The primary class result sheet as an NĐ 30 PDF on A4 landscape."""
    summary = primary_summary(session, actor, class_id, semester)
    rows = R.sheet_rows(summary)
    table = partial(_pdf_table, summary, rows)
    counts = partial(_pdf_statistics, summary, rows)
    heading = (M.sheet_title, R.scope_text(summary))
    return D.class_result_pdf(
        session, class_id, path, on, heading, table, _legend(summary, rows), counts
    )

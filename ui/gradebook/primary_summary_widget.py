"""The "Tổng hợp" tab of a primary class: levels, tests, qualities and competencies, year result.

Hovering a cell shows its details (every checkpoint of a subject, each
rating, the reasons of a result); the panel under the table spells out the
selected student's year result, outcome and commendation with their reasons,
the class's nomination and the subjects' comments.
"""

from __future__ import annotations

import html
from collections import Counter

from PySide6.QtWidgets import QWidget
from sqlalchemy.orm import Session

from app.gradebook.choices import ClassChoice
from app.gradebook.primary.results import (
    PrimaryClassSummary,
    PrimaryStudentSummary,
    primary_summary,
)
from app.gradebook.results import ResultView
from app.grading.primary import PrimaryResult
from ui.gradebook.primary_entry_widget import header_width
from ui.gradebook.primary_summary_model import (
    Part,
    PrimarySummaryModel,
    compact_reasons,
    ratings_text,
    subject_lines,
)
from ui.gradebook.results_tab import RESULT_ENTITIES
from ui.gradebook.summary_widget import SummaryWidget, block_html, details_html, reasons_html
from ui.pages import PageContext

WIDTHS = {
    Part.NUMBER: 40,
    Part.NAME: 170,
    Part.SUBJECT: 44,
    Part.RATINGS: 80,
    Part.RESULT: 120,
    Part.OUTCOME: 60,
    Part.COMMENDATION: 90,
}
"""Least widths; a column grows to fit its header and its cells."""


def _block(title: str, view: ResultView | None, empty: str = "chưa xét được") -> str:
    value = view.text if view and view.text else empty
    reasons = compact_reasons(view.reasons, view.value is not None) if view else []
    return block_html(title, value, reasons)


def student_details(student: PrimaryStudentSummary, summary: PrimaryClassSummary) -> str:
    """The selected student's results with their reasons, as HTML for the detail panel."""
    if summary.is_year:
        first = _block("Kết quả giáo dục", student.result) + _block(
            "Hoàn thành chương trình", student.outcome
        )
        award = _block("Khen thưởng", student.commendation)
    else:
        reasons = student.result.reasons if student.result else ()
        first = "<b>Kết quả giáo dục:</b> chỉ xét vào cuối năm" + reasons_html(reasons)
        award = ""
    ratings = (
        f"<b>Phẩm chất, năng lực ({html.escape(summary.checkpoint_label)}):</b> "
        f"{html.escape(ratings_text(student))}" + reasons_html(list(student.rating_missing))
    )
    notes = []
    for view in student.subjects:
        lines = subject_lines(view, (summary.checkpoint_label,))
        if lines:
            notes.append(f"{view.name} — {'; '.join(lines)}")
    subjects = f"<b>Các môn ({html.escape(summary.checkpoint_label)}):</b>" + (
        reasons_html(notes) if notes else " chưa nhập<br/>"
    )
    columns = [first + ratings, award + subjects]
    return details_html(student.full_name, student.student_code, columns)


def counts_text(summary: PrimaryClassSummary) -> str:
    """A one-line count of year results ("Hoàn thành tốt: 12 · …"), or of levels for semester I."""
    if not summary.is_year:
        return f"Học kì I — {summary.checkpoint_label}: TT27 chỉ xét kết quả giáo dục cuối năm"
    results = Counter((s.result.text if s.result else "") for s in summary.students)
    parts = [f"{r.value}: {results[r.value]}" for r in PrimaryResult if results.get(r.value)]
    if results.get(""):
        parts.append(f"chưa đủ dữ liệu: {results['']}")
    return "Kết quả giáo dục — " + " · ".join(parts) if parts else ""


class PrimarySummaryWidget(SummaryWidget):
    """A primary class's results for semester I, semester II or the year, recomputed on load."""

    model: PrimarySummaryModel
    entities = RESULT_ENTITIES
    splitter_sizes = (440, 200)

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, PrimarySummaryModel(), parent)

    def load_summary(self, session: Session, choice: ClassChoice) -> PrimaryClassSummary:
        return primary_summary(session, self.ctx.actor, choice.id, self.semester())

    def counts(self, summary: PrimaryClassSummary) -> str:
        return counts_text(summary)

    def student_details(self, student: PrimaryStudentSummary, summary: PrimaryClassSummary) -> str:
        return student_details(student, summary)

    def column_width(self, section: int, part: Part) -> int:
        needed = header_width(self.table, section)
        if part is not Part.NAME:
            needed = max(needed, self.table.sizeHintForColumn(section))
        return max(WIDTHS[part], needed)

"""The "Tổng hợp lớp" tab: every student's subject results, learning, conduct, absences, outcome.

Hovering a cell shows the reasons behind its value; the panel under the table
spells out the selected student's learning result, conduct, absences, outcome
and commendation with their reasons (why Khá and not Tốt, e.g. "Toán 6,4 < 6,5").
"""

from __future__ import annotations

import html
from collections import Counter

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton, QWidget
from sqlalchemy.orm import Session

from app.gradebook.choices import ClassChoice
from app.gradebook.results import ClassSummary, ResultView, StudentSummary, class_summary
from ui import icons
from ui.gradebook.class_summary_model import (
    ClassSummaryModel,
    Part,
    absent_total,
    conduct_view,
    learning_view,
)
from ui.gradebook.grade_history_dialog import GradeHistoryDialog
from ui.gradebook.summary_widget import SummaryWidget, block_html, details_html
from ui.pages import PageContext

LEVELS = ("Tốt", "Khá", "Đạt", "Chưa đạt")
WIDTHS = {
    Part.NUMBER: 40,
    Part.NAME: 180,
    Part.SUBJECT: 46,
    Part.LEARNING: 70,
    Part.CONDUCT: 70,
    Part.ABSENT: 46,
    Part.OUTCOME: 128,
    Part.COMMENDATION: 128,
}
"""Least widths; a column grows to fit its header (subjects: and their cells)."""


def _block(title: str, view: ResultView | None) -> str:
    value = view.text if view and view.text else "chưa tính được"
    return block_html(title, value, view.reasons if view else ())


def student_details(student: StudentSummary, semester: int | None) -> str:
    """The selected student's results with their reasons, as HTML for the detail panel."""
    total = absent_total(student, semester)
    absent = f"{total} buổi" if total is not None else "chưa nhập"
    columns = [
        _block("Kết quả học tập", learning_view(student, semester)),
        _block("Kết quả rèn luyện", conduct_view(student, semester)) + f"<b>Nghỉ học:</b> {absent}",
    ]
    if semester is None:
        extra = _block("Kết quả cuối năm", student.outcome) + _block(
            "Khen thưởng", student.commendation
        )
        if student.retest_subjects:
            names = html.escape(", ".join(student.retest_subjects))
            extra += f"<b>Môn được kiểm tra lại:</b> {names}"
        columns.append(extra)
    return details_html(student.full_name, student.student_code, columns)


def counts_text(summary: ClassSummary) -> str:
    """A one-line count of learning results (and outcomes for the year)."""
    learning = Counter(
        (learning_view(s, summary.semester) or ResultView(None)).text or ""
        for s in summary.students
    )
    parts = [f"{level}: {learning[level]}" for level in LEVELS if learning.get(level)]
    if learning.get(""):
        parts.append(f"chưa đủ dữ liệu: {learning['']}")
    text = "Học tập — " + " · ".join(parts) if parts else ""
    if summary.semester is None:
        outcomes = Counter((s.outcome.text if s.outcome else "") for s in summary.students)
        shown = [f"{k}: {v}" for k, v in sorted(outcomes.items()) if k]
        if shown:
            text += "    Cuối năm — " + " · ".join(shown)
    return text


class ClassSummaryWidget(SummaryWidget):
    """A class's results for a semester or the year, recomputed from the recorded assessments."""

    model: ClassSummaryModel

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, ClassSummaryModel(), parent)

    def extra_tools(self) -> list[QWidget]:
        self.history_button = QPushButton(icons.icon("clock"), self.tr("Lịch sử điểm"))
        return [self.history_button]

    def _connect(self) -> None:
        super()._connect()
        self.history_button.clicked.connect(self._on_history_clicked)

    def load_summary(self, session: Session, choice: ClassChoice) -> ClassSummary:
        return class_summary(
            session, self.ctx.actor, choice.id, choice.school_year, self.semester()
        )

    def counts(self, summary: ClassSummary) -> str:
        return counts_text(summary)

    def student_details(self, student: StudentSummary, summary: ClassSummary) -> str:
        return student_details(student, self.semester())

    def student_selected(self, student: StudentSummary | None) -> None:
        self.history_button.setEnabled(student is not None)

    def column_width(self, section: int, part: Part) -> int:
        label = str(self.model.headerData(section, Qt.Orientation.Horizontal))
        needed = self.table.horizontalHeader().fontMetrics().horizontalAdvance(label) + 22
        if part is Part.SUBJECT:
            needed = max(needed, self.table.sizeHintForColumn(section))
        return max(WIDTHS[part], needed)

    def _on_history_clicked(self) -> None:
        student = self.model.student_at(self._selected_row())
        if student is None:
            return
        GradeHistoryDialog.show_for(
            self, self.ctx.db, self.ctx.actor, student.student_id, student.full_name
        )

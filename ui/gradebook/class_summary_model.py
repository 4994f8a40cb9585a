"""The class summary (bảng tổng hợp) as a read-only table: one row per student.

Columns: STT, Họ và tên, one per subject (short name), then Học tập, Rèn
luyện, Nghỉ (buổi) and, for the whole year, Kết quả and Khen thưởng. Every
computed cell carries its reasons in the tooltip; "–" means not computable yet.
"""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtGui import QColor

from app.gradebook.results import ClassSummary, ResultView, StudentSummary, SubjectSummary
from app.grading import Commendation, CommentGrade
from ui import style
from ui.gradebook.entry_model import tooltip_lines
from ui.gradebook.summary_model import (
    BAD_FG,
    GOOD_FG,
    NONE_TEXT,
    Part,
    SummaryColumn,
    SummaryModel,
    lead_columns,
)

WARN_FG = QColor(style.WARN)
PASS_MARK = Decimal("5.0")
"""Subject results below this are shown in red (they may lead to a re-test)."""
_BAD_WORDS = ("Chưa đạt", "Ở lại lớp")
_WARN_WORDS = ("Kiểm tra lại", "Rèn luyện trong hè")
_GOOD_WORDS = ("Tốt", "Lên lớp", "Học sinh Xuất sắc", "Học sinh Giỏi")


def _columns(summary: ClassSummary) -> list[SummaryColumn]:
    cols = lead_columns()
    cols += [
        SummaryColumn(Part.SUBJECT, s.label, s.name, i) for i, s in enumerate(summary.subjects)
    ]
    cols += [
        SummaryColumn(Part.LEARNING, "Học tập", "Kết quả học tập (Tốt/Khá/Đạt/Chưa đạt)"),
        SummaryColumn(Part.CONDUCT, "Rèn luyện", "Kết quả rèn luyện (Tốt/Khá/Đạt/Chưa đạt)"),
        SummaryColumn(Part.ABSENT, "Nghỉ", "Số buổi nghỉ (có phép + không phép)"),
    ]
    if summary.semester is None:
        cols += [
            SummaryColumn(Part.OUTCOME, "Cuối năm", "Lên lớp, kiểm tra lại, rèn luyện hè, ở lại"),
            SummaryColumn(Part.COMMENDATION, "Khen thưởng", "Học sinh Xuất sắc / Học sinh Giỏi"),
        ]
    return cols


def subject_result(subject: SubjectSummary, semester: int | None) -> ResultView | None:
    """The subject's result for the scope (for the year: after any re-test)."""
    if semester == 1:
        return subject.semester_1
    if semester == 2:
        return subject.semester_2
    return subject.after_retest or subject.year


def subject_view(subject: SubjectSummary, semester: int | None) -> tuple[str, tuple[str, ...]]:
    """A subject cell for the scope: (text, reasons); the year shows any re-test as "4,2 → 6"."""
    view = subject.year if semester is None else subject_result(subject, semester)
    text = view.text if view and view.text else NONE_TEXT
    reasons = view.reasons if view else ()
    if semester is None and subject.retest is not None:
        after = subject.after_retest
        text = f"{text} → {subject.retest.text}"
        reasons = (*reasons, *(after.reasons if after else ()))
    return text, reasons


def learning_view(student: StudentSummary, semester: int | None) -> ResultView | None:
    """The learning result of the scope (after re-tests for the year)."""
    if semester == 1:
        return student.learning_1
    if semester == 2:
        return student.learning_2
    after, year = student.learning_after_retest, student.learning_year
    if after is not None and after.value is None and year is not None:
        # re-tests pending: keep showing the year's level, with what it waits for
        return ResultView(year.value, year.reasons + after.reasons)
    return after or year


def conduct_view(student: StudentSummary, semester: int | None) -> ResultView | None:
    """The conduct result of the scope (after summer training for the year)."""
    if semester == 1:
        return student.conduct_1
    if semester == 2:
        return student.conduct_2
    return student.conduct_after_summer or student.conduct_year


def absent_total(student: StudentSummary, semester: int | None) -> int | None:
    """Half-day sessions absent in the scope (None: not entered)."""
    if semester == 1:
        return student.absences_1.total if student.absences_1 else None
    if semester == 2:
        return student.absences_2.total if student.absences_2 else None
    return student.absences_year


class ClassSummaryModel(SummaryModel[ClassSummary, StudentSummary]):
    """Rows are the summary's students in name order."""

    bold_parts = (Part.LEARNING, Part.OUTCOME)

    def summary_columns(self, summary: ClassSummary) -> list[SummaryColumn]:
        return _columns(summary)

    def cell_text(self, student: StudentSummary, col: SummaryColumn) -> str:
        return self._cell(student, col)[0]

    def _cell(self, student: StudentSummary, col: SummaryColumn) -> tuple[str, tuple[str, ...]]:
        assert self._summary is not None
        semester = self._summary.semester
        if col.part is Part.SUBJECT:
            return subject_view(student.subjects[col.subject], semester)
        if col.part is Part.ABSENT:
            total = absent_total(student, semester)
            return (str(total), ()) if total is not None else (NONE_TEXT, ())
        view = {
            Part.LEARNING: learning_view(student, semester),
            Part.CONDUCT: conduct_view(student, semester),
            Part.OUTCOME: student.outcome,
            Part.COMMENDATION: student.commendation,
        }[col.part]
        if view is None:
            return NONE_TEXT, ()
        if col.part is Part.COMMENDATION and view.value == Commendation.NONE.value:
            return "", view.reasons
        return view.text or NONE_TEXT, view.reasons

    def cell_tooltip(self, student: StudentSummary, col: SummaryColumn) -> str | None:
        text, reasons = self._cell(student, col)
        if not reasons:
            return None
        head = col.tooltip if col.part is Part.SUBJECT else col.label
        if text == NONE_TEXT:
            head = self.tr("{what}: chưa tính được").format(what=head)
        else:
            head = f"{head}: {text}"
        return tooltip_lines(reasons, head)

    def cell_foreground(
        self, student: StudentSummary, col: SummaryColumn, text: str
    ) -> QColor | None:
        if col.part is Part.SUBJECT:
            assert self._summary is not None
            view = subject_result(student.subjects[col.subject], self._summary.semester)
            value = view.value if view else None
            low = isinstance(value, Decimal) and value < PASS_MARK
            return BAD_FG if low or value == CommentGrade.FAIL.value else None
        if any(text.startswith(w) for w in _BAD_WORDS):
            return BAD_FG
        if any(text.startswith(w) for w in _WARN_WORDS):
            return WARN_FG
        if col.part in (Part.OUTCOME, Part.COMMENDATION) and text in _GOOD_WORDS:
            return GOOD_FG
        return None

"""The class summary (bảng tổng hợp) as a read-only table: one row per student.

Columns: STT, Họ và tên, one per subject (short name), then Học tập, Rèn
luyện, Nghỉ (buổi) and, for the whole year, Kết quả and Khen thưởng. Every
computed cell carries its reasons in the tooltip; "–" means not computable yet.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from app.gradebook.results import ClassSummary, ResultView, StudentSummary, SubjectSummary
from app.grading import Commendation, CommentGrade
from ui import style
from ui.gradebook.entry_model import CENTER, LEFT, RIGHT, tooltip_lines

_Index = QModelIndex | QPersistentModelIndex
NONE_TEXT = "–"
GOOD_FG = QColor(style.OK)
BAD_FG = QColor(style.BAD)
WARN_FG = QColor(style.WARN)
MUTED_FG = QColor(style.MUTED)
RESULT_BG = QColor("#f3f6fa")
PASS_MARK = Decimal("5.0")
"""Subject results below this are shown in red (they may lead to a re-test)."""
_BAD_WORDS = ("Chưa đạt", "Ở lại lớp")
_WARN_WORDS = ("Kiểm tra lại", "Rèn luyện trong hè")
_GOOD_WORDS = ("Tốt", "Lên lớp", "Học sinh Xuất sắc", "Học sinh Giỏi")


class Part(Enum):
    """What a summary column shows."""

    NUMBER = "number"
    NAME = "name"
    SUBJECT = "subject"
    LEARNING = "learning"
    CONDUCT = "conduct"
    ABSENT = "absent"
    OUTCOME = "outcome"
    COMMENDATION = "commendation"


@dataclass(frozen=True)
class SummaryColumn:
    """A column: what it shows, its header, tooltip and (for subjects) the subject's index."""

    part: Part
    label: str
    tooltip: str = ""
    subject: int = -1


def _columns(summary: ClassSummary) -> list[SummaryColumn]:
    cols = [SummaryColumn(Part.NUMBER, "STT"), SummaryColumn(Part.NAME, "Họ và tên")]
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


class ClassSummaryModel(QAbstractTableModel):
    """Rows are the summary's students in name order."""

    def __init__(self) -> None:
        super().__init__()
        self._summary: ClassSummary | None = None
        self._columns: list[SummaryColumn] = []

    @property
    def summary(self) -> ClassSummary | None:
        """The summary shown."""
        return self._summary

    def set_summary(self, summary: ClassSummary | None) -> None:
        """Show ``summary``."""
        self.beginResetModel()
        self._summary = summary
        self._columns = _columns(summary) if summary else []
        self.endResetModel()

    def column(self, section: int) -> SummaryColumn:
        """The column at ``section``."""
        return self._columns[section]

    def student_at(self, row: int) -> StudentSummary | None:
        """The student of ``row``."""
        if self._summary is None or not 0 <= row < len(self._summary.students):
            return None
        return self._summary.students[row]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        if parent.isValid() or self._summary is None:
            return 0
        return len(self._summary.students)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._columns)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self._columns):
            return None
        col = self._columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.tr(col.label)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tr(col.tooltip) if col.tooltip else None
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        student = self.student_at(index.row()) if index.isValid() else None
        if student is None:
            return None
        col = self._columns[index.column()]
        text, reasons = self._cell(index.row(), student, col)
        if role == Qt.ItemDataRole.DisplayRole:
            return text
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(student, col, text, reasons)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return {Part.NAME: LEFT, Part.NUMBER: RIGHT}.get(col.part, CENTER)
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._foreground(col, text, student)
        if role == Qt.ItemDataRole.BackgroundRole and col.part not in (
            Part.NUMBER,
            Part.NAME,
            Part.SUBJECT,
        ):
            return RESULT_BG
        if role == Qt.ItemDataRole.FontRole and col.part in (Part.LEARNING, Part.OUTCOME):
            font = QFont()
            font.setBold(True)
            return font
        return None

    def _cell(
        self, row: int, student: StudentSummary, col: SummaryColumn
    ) -> tuple[str, tuple[str, ...]]:
        assert self._summary is not None
        semester = self._summary.semester
        if col.part is Part.NUMBER:
            return str(row + 1), ()
        if col.part is Part.NAME:
            return student.full_name, ()
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

    def _tooltip(
        self, student: StudentSummary, col: SummaryColumn, text: str, reasons: tuple[str, ...]
    ) -> str | None:
        if col.part is Part.NAME:
            return (
                None if student.current else self.tr("Đã chuyển lớp, chuyển trường hoặc thôi học.")
            )
        if col.part is Part.NUMBER or not reasons:
            return None
        head = col.tooltip if col.part is Part.SUBJECT else col.label
        if text == NONE_TEXT:
            head = self.tr("{what}: chưa tính được").format(what=head)
        else:
            head = f"{head}: {text}"
        return tooltip_lines(reasons, head)

    def _foreground(self, col: SummaryColumn, text: str, student: StudentSummary) -> QColor | None:
        if col.part is Part.NAME:
            return None if student.current else MUTED_FG
        if text == NONE_TEXT or col.part is Part.NUMBER:
            return MUTED_FG
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

"""What the two class summaries' table models share (TT22 "Tổng hợp lớp", TT27 "Tổng hợp").

One read-only row per student in name order: STT (right, muted), the name
(muted with a note once the student left the class), then the level's subject
and result columns. Result columns have a pale background; "–" means not
computable or not entered yet and is muted. A subclass lists the columns and
says what each of its cells shows, explains on hover and how it is coloured.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any, Generic, TypeVar, cast

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from app.gradebook.primary.results import PrimaryClassSummary, PrimaryStudentSummary
from app.gradebook.results import ClassSummary, StudentSummary
from ui import style
from ui.gradebook.column_model import ColumnTableModel
from ui.gradebook.entry_model import CENTER, LEFT, RIGHT

_Index = QModelIndex | QPersistentModelIndex
NONE_TEXT = "–"
GOOD_FG = QColor(style.OK)
BAD_FG = QColor(style.BAD)
MUTED_FG = QColor(style.MUTED)
RESULT_BG = QColor("#f3f6fa")
SummaryT = TypeVar("SummaryT", ClassSummary, PrimaryClassSummary)
StudentT = TypeVar("StudentT", StudentSummary, PrimaryStudentSummary)


class Part(Enum):
    """What a summary column shows (each level's summary uses some of these)."""

    NUMBER = "number"
    NAME = "name"
    SUBJECT = "subject"
    LEARNING = "learning"
    CONDUCT = "conduct"
    ABSENT = "absent"
    RATINGS = "ratings"
    RESULT = "result"
    OUTCOME = "outcome"
    COMMENDATION = "commendation"


_PLAIN = (Part.NUMBER, Part.NAME, Part.SUBJECT)
"""Parts shown without the result background."""


@dataclass(frozen=True)
class SummaryColumn:
    """A column: what it shows, its header, tooltip and (for subjects) the subject's index."""

    part: Part
    label: str
    tooltip: str = ""
    subject: int = -1


def lead_columns() -> list[SummaryColumn]:
    """STT and Họ và tên, the columns every summary starts with."""
    return [SummaryColumn(Part.NUMBER, "STT"), SummaryColumn(Part.NAME, "Họ và tên")]


class SummaryModel(ColumnTableModel[SummaryColumn], Generic[SummaryT, StudentT]):
    """Rows are the summary's students in name order."""

    bold_parts: tuple[Part, ...] = ()
    """Parts shown in bold (the main result)."""

    def __init__(self) -> None:
        super().__init__()
        self._summary: SummaryT | None = None

    # ------------------------------------------------------------ subclass hooks

    def summary_columns(self, summary: SummaryT) -> list[SummaryColumn]:
        """The columns a summary is shown with."""
        raise NotImplementedError

    def cell_text(self, student: StudentT, col: SummaryColumn) -> str:
        """What a subject or result cell shows."""
        raise NotImplementedError

    def cell_tooltip(self, student: StudentT, col: SummaryColumn) -> str | None:
        """The details or reasons of a subject or result cell."""
        raise NotImplementedError

    def cell_foreground(self, student: StudentT, col: SummaryColumn, text: str) -> QColor | None:
        """The colour of a subject or result cell that is not "–"."""
        return None

    # ------------------------------------------------------------ the summary

    @property
    def summary(self) -> SummaryT | None:
        """The summary shown."""
        return self._summary

    def set_summary(self, summary: SummaryT | None) -> None:
        """Show ``summary``."""
        self.beginResetModel()
        self._summary = summary
        self._columns = self.summary_columns(summary) if summary else []
        self.endResetModel()

    def student_at(self, row: int) -> StudentT | None:
        """The student of ``row``."""
        if self._summary is None or not 0 <= row < len(self._summary.students):
            return None
        return cast(StudentT, self._summary.students[row])

    # ------------------------------------------------------------ Qt model

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        if parent.isValid() or self._summary is None:
            return 0
        return len(self._summary.students)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        student = self.student_at(index.row()) if index.isValid() else None
        if student is None:
            return None
        col = self._columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(index.row(), student, col)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(student, col)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return {Part.NAME: LEFT, Part.NUMBER: RIGHT}.get(col.part, CENTER)
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._foreground(index.row(), student, col)
        if role == Qt.ItemDataRole.BackgroundRole and col.part not in _PLAIN:
            return RESULT_BG
        if role == Qt.ItemDataRole.FontRole and col.part in self.bold_parts:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def _text(self, row: int, student: StudentT, col: SummaryColumn) -> str:
        if col.part is Part.NUMBER:
            return str(row + 1)
        if col.part is Part.NAME:
            return student.full_name
        return self.cell_text(student, col)

    def _tooltip(self, student: StudentT, col: SummaryColumn) -> str | None:
        if col.part is Part.NAME:
            return (
                None if student.current else self.tr("Đã chuyển lớp, chuyển trường hoặc thôi học.")
            )
        if col.part is Part.NUMBER:
            return None
        return self.cell_tooltip(student, col)

    def _foreground(self, row: int, student: StudentT, col: SummaryColumn) -> QColor | None:
        if col.part is Part.NAME:
            return None if student.current else MUTED_FG
        text = self._text(row, student, col)
        if text == NONE_TEXT or col.part is Part.NUMBER:
            return MUTED_FG
        return self.cell_foreground(student, col, text)

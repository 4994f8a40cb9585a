"""A student's grade history: every change to scores, conduct, re-tests and class locks.

Newest first, with the old and new value, who changed it and the reason
(``app.gradebook.history.grade_history`` reads it from the journal).
"""

from __future__ import annotations

import uuid
from enum import IntEnum
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app import labels
from app.db import Actor, Database
from app.errors import AppError
from app.gradebook.history import HistoryEntry, grade_history
from ui import errors
from ui.screen import resize_to_fit
from ui.table_model import Index, RowTableModel
from ui.widgets import PageHeader, configure_table


class HistoryColumn(IntEnum):
    """Columns of the grade history table."""

    AT = 0
    USER = 1
    WHAT = 2
    OLD = 3
    NEW = 4
    REASON = 5


HEADERS = {
    HistoryColumn.AT: "Thời điểm",
    HistoryColumn.USER: "Người thực hiện",
    HistoryColumn.WHAT: "Nội dung",
    HistoryColumn.OLD: "Giá trị cũ",
    HistoryColumn.NEW: "Giá trị mới",
    HistoryColumn.REASON: "Lý do",
}


class GradeHistoryModel(RowTableModel):
    """One row per changed value, newest first."""

    def __init__(self, entries: tuple[HistoryEntry, ...] = ()) -> None:
        super().__init__([HEADERS[c] for c in HistoryColumn], reversed(entries))

    def cell(self, entry: HistoryEntry, col: int, role: int, index: Index) -> Any:
        column = HistoryColumn(col)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(entry, column)
        if role == Qt.ItemDataRole.ToolTipRole and column in (
            HistoryColumn.WHAT,
            HistoryColumn.OLD,
            HistoryColumn.NEW,
            HistoryColumn.REASON,
        ):
            return self._text(entry, column) or None
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (
            HistoryColumn.OLD,
            HistoryColumn.NEW,
        ):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def _text(self, entry: HistoryEntry, column: HistoryColumn) -> str:
        if column == HistoryColumn.AT:
            return labels.format_datetime(entry.at)
        if column == HistoryColumn.USER:
            return entry.username or "—"
        if column == HistoryColumn.WHAT:
            return entry.what
        if column == HistoryColumn.OLD:
            return entry.old or "—"
        if column == HistoryColumn.NEW:
            return entry.new or "—"
        return entry.reason


class GradeHistoryDialog(QDialog):
    """The grade history of one student."""

    def __init__(
        self, parent: QWidget | None, entries: tuple[HistoryEntry, ...], student: str
    ) -> None:
        super().__init__(parent)
        self.model = GradeHistoryModel(entries)
        self.setWindowTitle(self.tr("Lịch sử điểm"))
        resize_to_fit(self, 980, 540)
        self._build(student, len(entries))
        self.buttons.rejected.connect(self.reject)

    def _build(self, student: str, count: int) -> None:
        header = PageHeader(
            self.tr("Lịch sử điểm — {name}").format(name=student),
            self.tr(
                "{n} lần thay đổi điểm, rèn luyện, kiểm tra lại và khóa sổ, mới nhất ở trên."
            ).format(n=count),
        )
        self.table = QTableView()
        self.table.setModel(self.model)
        configure_table(self.table)
        head = self.table.horizontalHeader()
        head.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        head.setSectionResizeMode(HistoryColumn.WHAT, QHeaderView.ResizeMode.Stretch)
        for column, width in (
            (HistoryColumn.OLD, 130),
            (HistoryColumn.NEW, 130),
            (HistoryColumn.REASON, 260),
        ):
            head.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            self.table.setColumnWidth(column, width)
        self.empty_label = QLabel(self.tr("Chưa có thay đổi nào được ghi cho học sinh này."))
        self.empty_label.setObjectName("muted")
        self.empty_label.setVisible(count == 0)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Đóng"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 16, 18, 12)
        layout.addWidget(header)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.buttons)

    @classmethod
    def show_for(
        cls,
        parent: QWidget | None,
        db: Database,
        actor: Actor,
        student_id: uuid.UUID,
        student: str,
    ) -> None:
        """Read the student's grade history and show it modally."""
        try:
            with db.read(actor) as s:
                entries = grade_history(s, actor, student_id)
        except AppError as exc:
            errors.show_error(parent, exc)
            return
        cls(parent, entries, student).exec()

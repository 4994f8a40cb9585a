"""The year's CĐS tasks as a read-only table (the tab edits one task at a time below it)."""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from app.cds.tasks import TaskRow, YearTasks
from app.cds.tasks_models import TaskState

Index = QModelIndex | QPersistentModelIndex
STATE_COLOURS = {TaskState.DONE: "#1e7a3a", TaskState.DOING: "#9a6700",
                 TaskState.NOT_APPLICABLE: "#6b7280"}  # fmt: skip


class TCol(IntEnum):
    CODE = 0
    TITLE = 1
    SOURCE = 2
    RESPONSIBLE = 3
    DUE = 4
    STATE = 5
    NOTE = 6
    EVIDENCE = 7
    FACTS = 8


HEADERS = ("Mã", "Nhiệm vụ", "Căn cứ", "Người phụ trách", "Hạn", "Trạng thái", "Ghi chú",
           "Minh chứng", "Phần mềm biết")  # fmt: skip


class TasksModel(QAbstractTableModel):
    """A row per task of the year."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.tasks: YearTasks | None = None
        self.rows: tuple[TaskRow, ...] = ()

    def set_tasks(self, tasks: YearTasks | None) -> None:
        self.beginResetModel()
        self.tasks = tasks
        self.rows = tasks.rows if tasks else ()
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(TCol)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # fmt: skip
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r, col = self.rows[index.row()], TCol(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(r, col)
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == TCol.SOURCE:
                return f"{r.citation}\n«{r.quote}»"
            if col == TCol.DUE and r.overdue:
                return f"Quá hạn. {r.due_note}".strip()
            if col == TCol.FACTS:
                return "\n".join(f"{f.label}: {f.text}" for f in r.facts)
            return self._text(r, col)
        if role == Qt.ItemDataRole.ForegroundRole:
            if col == TCol.DUE and r.overdue:
                return QBrush(QColor("#b42318"))
            if col == TCol.STATE and r.state in STATE_COLOURS:
                return QBrush(QColor(STATE_COLOURS[r.state]))
        if role == Qt.ItemDataRole.FontRole and col == TCol.DUE and r.overdue:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def _text(self, r: TaskRow, col: TCol) -> str:
        if col == TCol.CODE:
            return r.code
        if col == TCol.TITLE:
            return r.title
        if col == TCol.SOURCE:
            return r.citation
        if col == TCol.RESPONSIBLE:
            return r.responsible
        if col == TCol.DUE:
            return r.due.strftime("%d/%m/%Y") if r.due else ""  # red and bold when overdue
        if col == TCol.STATE:
            return r.state_label
        if col == TCol.NOTE:
            return r.note
        if col == TCol.EVIDENCE:
            return f"{len(r.evidence)} tệp" if r.evidence else ""
        return "; ".join(f.text for f in r.facts)

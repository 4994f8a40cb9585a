"""Table models over journal records: one row per entry, and one row per changed field."""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

import ui.gradebook  # noqa: F401  (names the grade book's tables and fields in Vietnamese)
import ui.students  # noqa: F401  (names the student tables and fields in Vietnamese)
from app.journal import OP_EVENT, OP_UPDATE, JournalRecord, iter_changes
from ui import labels

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
_Index = QModelIndex | QPersistentModelIndex
_NAME_FIELDS = ("full_name", "name", "username", "code")


class Column(IntEnum):
    """Columns of the journal table."""

    SEQ = 0
    AT = 1
    USER = 2
    OP = 3
    ENTITY = 4
    SUMMARY = 5
    REASON = 6


HEADERS = {
    Column.SEQ: "Số",
    Column.AT: "Thời điểm",
    Column.USER: "Người thực hiện",
    Column.OP: "Thao tác",
    Column.ENTITY: "Đối tượng",
    Column.SUMMARY: "Nội dung",
    Column.REASON: "Lý do",
}


def summary(rec: JournalRecord) -> str:
    """One line saying what changed: the fields of an update, the name of a new record."""
    if rec.op == OP_EVENT:
        return labels.event_label(str(rec.changes.get("event", "")))
    if rec.op == OP_UPDATE:
        return ", ".join(labels.field_label(k) for k in sorted(rec.changes))
    for key in _NAME_FIELDS:
        if rec.changes.get(key):
            return str(rec.changes[key])
    return ""


class JournalModel(QAbstractTableModel):
    """Rows are ``JournalRecord``s, newest first, as ``journal.query`` returns them."""

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[JournalRecord] = []

    def set_rows(self, rows: list[JournalRecord]) -> None:
        """Replace every row."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def record_at(self, row: int) -> JournalRecord | None:
        """The entry shown in ``row``."""
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(Column)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.tr(HEADERS[Column(section)]) if 0 <= section < len(Column) else None
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        rec = self._rows[index.row()]
        column = Column(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(rec, column)
        if role == SORT_ROLE:
            return rec.seq if column in (Column.SEQ, Column.AT) else self._display(rec, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == Column.SEQ:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    @staticmethod
    def _display(rec: JournalRecord, column: Column) -> str:
        if column == Column.SEQ:
            return str(rec.seq)
        if column == Column.AT:
            return labels.format_datetime(rec.at, seconds=True)
        if column == Column.USER:
            return rec.username or "—"
        if column == Column.OP:
            return labels.op_label(rec.op)
        if column == Column.ENTITY:
            return labels.entity_label(rec.entity_type)
        if column == Column.SUMMARY:
            return summary(rec)
        return rec.reason


class ChangeColumn(IntEnum):
    """Columns of the per-field history table."""

    AT = 0
    USER = 1
    OP = 2
    FIELD = 3
    OLD = 4
    NEW = 5
    REASON = 6


CHANGE_HEADERS = {
    ChangeColumn.AT: "Thời điểm",
    ChangeColumn.USER: "Người thực hiện",
    ChangeColumn.OP: "Thao tác",
    ChangeColumn.FIELD: "Thông tin",
    ChangeColumn.OLD: "Giá trị cũ",
    ChangeColumn.NEW: "Giá trị mới",
    ChangeColumn.REASON: "Lý do",
}


_PER_ENTRY = (ChangeColumn.AT, ChangeColumn.USER, ChangeColumn.OP, ChangeColumn.REASON)


class ChangesModel(QAbstractTableModel):
    """One row per changed field: who, when, which field, old → new, and why."""

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[tuple[JournalRecord, str, Any, Any]] = []

    def set_records(self, records: list[JournalRecord]) -> None:
        """Show the fields changed by ``records``."""
        self.beginResetModel()
        self._rows = list(iter_changes(records))
        self.endResetModel()

    def _repeats(self, index: _Index) -> bool:
        """Whether the row belongs to the same entry as the row above (shown once)."""
        row = index.row()
        return row > 0 and self._rows[row - 1][0].seq == self._rows[row][0].seq

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(ChangeColumn)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(ChangeColumn):
            return self.tr(CHANGE_HEADERS[ChangeColumn(section)])
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        if role not in (Qt.ItemDataRole.DisplayRole, SORT_ROLE, Qt.ItemDataRole.ToolTipRole):
            return None
        rec, key, old, new = self._rows[index.row()]
        column = ChangeColumn(index.column())
        if role == SORT_ROLE and column == ChangeColumn.AT:
            return rec.seq
        if column in _PER_ENTRY and role == Qt.ItemDataRole.DisplayRole and self._repeats(index):
            return ""
        if column == ChangeColumn.AT:
            return labels.format_datetime(rec.at, seconds=True)
        if column == ChangeColumn.USER:
            return rec.username or "—"
        if column == ChangeColumn.OP:
            return labels.op_label(rec.op)
        if column == ChangeColumn.FIELD:
            return labels.field_label(key)
        if column == ChangeColumn.OLD:
            return labels.format_value(key, old) if rec.op != "insert" else ""
        if column == ChangeColumn.NEW:
            return labels.format_value(key, new) if rec.op != "delete" else ""
        return rec.reason

"""Table models over journal records: one row per entry, and one row per changed field."""

from __future__ import annotations

from collections.abc import Mapping
from enum import IntEnum
from typing import Any

from PySide6.QtCore import Qt

from app import labels
from app.journal import JournalRecord, iter_changes
from ui.table_model import Index, RowTableModel

SORT_ROLE = Qt.ItemDataRole.UserRole + 1


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


class JournalModel(RowTableModel):
    """Rows are ``JournalRecord``s, newest first, as ``journal.query`` returns them.

    The "Nội dung" column is ``labels.describe_entry``: never empty, the records an
    entry points at named through the names given with the rows.
    """

    def __init__(self) -> None:
        super().__init__([HEADERS[c] for c in Column])
        self._names: Mapping[str, str] = {}

    def set_records(self, records: list[JournalRecord], names: Mapping[str, str]) -> None:
        """Show ``records``; ``names`` (id → name) names what they point at."""
        self._names = names
        self.set_rows(records)

    def record_at(self, row: int) -> JournalRecord | None:
        """The entry shown in ``row``."""
        record: JournalRecord | None = self.row_at(row)
        return record

    def cell(self, rec: JournalRecord, col: int, role: int, index: Index) -> Any:
        column = Column(col)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(rec, column)
        if role == Qt.ItemDataRole.ToolTipRole and column in (Column.SUMMARY, Column.REASON):
            return self._display(rec, column) or None
        if role == SORT_ROLE:
            return rec.seq if column in (Column.SEQ, Column.AT) else self._display(rec, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == Column.SEQ:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _display(self, rec: JournalRecord, column: Column) -> str:
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
            return labels.describe_entry(rec, self._names)
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


class ChangesModel(RowTableModel):
    """One row per changed field: who, when, which field, old → new, and why."""

    def __init__(self) -> None:
        super().__init__([CHANGE_HEADERS[c] for c in ChangeColumn])
        self._names: Mapping[str, str] = {}

    def set_records(
        self, records: list[JournalRecord], names: Mapping[str, str] | None = None
    ) -> None:
        """Show the fields changed by ``records``; ``names`` (id → name) names the records
        a value points at (a class, a teacher) instead of its id."""
        self._names = names or {}
        self.set_rows(iter_changes(records))

    def _value(self, key: str, value: Any) -> str:
        if isinstance(value, str) and value in self._names:
            return self._names[value]
        return labels.format_value(key, value)

    def _repeats(self, index: Index) -> bool:
        """Whether the row belongs to the same entry as the row above (shown once)."""
        row = index.row()
        return row > 0 and self._rows[row - 1][0].seq == self._rows[row][0].seq

    def cell(
        self, change: tuple[JournalRecord, str, Any, Any], col: int, role: int, index: Index
    ) -> Any:
        if role not in (Qt.ItemDataRole.DisplayRole, SORT_ROLE, Qt.ItemDataRole.ToolTipRole):
            return None
        rec, key, old, new = change
        column = ChangeColumn(col)
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
            return labels.field_label(key, rec.entity_type)
        if column == ChangeColumn.OLD:
            return self._value(key, old) if rec.op != "insert" else ""
        if column == ChangeColumn.NEW:
            return self._value(key, new) if rec.op != "delete" else ""
        return rec.reason

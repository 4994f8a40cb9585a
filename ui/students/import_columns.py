"""The import preview's column tab: how each header of the file was read, or that it is ignored."""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from app.students.importer import ColumnUse, ImportPreview
from ui import style
from ui.table_model import Index, RowTableModel


class UseColumn(IntEnum):
    """Columns of the column-mapping table."""

    SHEET = 0
    COLUMN = 1
    HEADER = 2
    FIELD = 3
    NOTE = 4


HEADERS = {
    UseColumn.SHEET: "Trang tính",
    UseColumn.COLUMN: "Cột",
    UseColumn.HEADER: "Tiêu đề trong tệp",
    UseColumn.FIELD: "Nhập vào",
    UseColumn.NOTE: "Ghi chú",
}


class ColumnUseModel(RowTableModel):
    """One row per header cell of every table read; ignored columns in the warning colour."""

    def __init__(self) -> None:
        super().__init__([HEADERS[c] for c in UseColumn])

    def set_preview(self, pv: ImportPreview | None) -> None:
        """Show a preview's column mapping (or nothing)."""
        self.set_rows(pv.columns if pv is not None else ())

    def cell(self, row: ColumnUse, col: int, role: int, index: Index) -> Any:
        column = UseColumn(col)
        if role == Qt.ItemDataRole.DisplayRole:
            return {
                UseColumn.SHEET: row.sheet,
                UseColumn.COLUMN: row.letter,
                UseColumn.HEADER: row.header,
                UseColumn.FIELD: row.label,
                UseColumn.NOTE: row.note,
            }[column]
        if role == Qt.ItemDataRole.ToolTipRole and column == UseColumn.NOTE and row.note:
            return row.note
        if role == Qt.ItemDataRole.ForegroundRole and column == UseColumn.FIELD and not row.field:
            return QColor(style.WARN)
        return None

"""Table model of an import preview: one row per data row of the file, with what will happen.

At most one file's rows (the importer caps it), filtered by action by
rebuilding the visible list; no proxy model.
"""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from app.students import format_date, label
from app.students.importer import ACTION_LABELS, Action, ImportPreview, PreviewRow
from ui import style
from ui.table_model import Index, RowTableModel

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
WARNINGS = "warnings"


class PreviewColumn(IntEnum):
    """Columns of the preview table."""

    SHEET = 0
    ROW = 1
    ACTION = 2
    NAME = 3
    DATE_OF_BIRTH = 4
    CLASS = 5
    NOTE = 6


HEADERS = {
    PreviewColumn.SHEET: "Trang tính",
    PreviewColumn.ROW: "Dòng",
    PreviewColumn.ACTION: "Kết quả",
    PreviewColumn.NAME: "Họ và tên",
    PreviewColumn.DATE_OF_BIRTH: "Ngày sinh",
    PreviewColumn.CLASS: "Lớp",
    PreviewColumn.NOTE: "Lý do / ghi chú",
}
ACTION_COLORS = {
    Action.INSERT: style.OK,
    Action.UPDATE: style.ACCENT,
    Action.UNCHANGED: style.MUTED,
    Action.REJECTED: style.BAD,
}


def note(row: PreviewRow) -> str:
    """Why a row is rejected (column, value, reason), its warnings, or what an update changes."""
    if row.errors:
        return "; ".join(f"{p.column}: {p.reason}" for p in row.errors)
    parts = [f"{p.column}: {p.reason}" for p in row.warnings]
    if row.action is Action.UPDATE and row.changed:
        changed = ", ".join(label(f) for f in row.changed)
        parts.insert(
            0, f"Sửa {changed}" + (f" (mã {row.student_code})" if row.student_code else "")
        )
    return "; ".join(parts)


class ImportPreviewModel(RowTableModel):
    """Rows of an ``ImportPreview``; ``show_only`` an action (or warnings) narrows the list."""

    def __init__(self) -> None:
        super().__init__([HEADERS[c] for c in PreviewColumn])
        self._all: tuple[PreviewRow, ...] = ()
        self._only = ""

    def set_preview(self, pv: ImportPreview | None) -> None:
        """Show a new preview (or nothing)."""
        self._all = pv.rows if pv is not None else ()
        self._refilter()

    def show_only(self, what: str) -> None:
        """ "" for every row, an ``Action`` value, or ``WARNINGS``."""
        self._only = what
        self._refilter()

    def _refilter(self) -> None:
        if not self._only:
            self.set_rows(self._all)
        elif self._only == WARNINGS:
            self.set_rows(r for r in self._all if r.warnings and r.action is not Action.REJECTED)
        else:
            self.set_rows(r for r in self._all if r.action.value == self._only)

    def cell(self, row: PreviewRow, col: int, role: int, index: Index) -> Any:
        column = PreviewColumn(col)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == Qt.ItemDataRole.ToolTipRole and column == PreviewColumn.NOTE:
            return "\n".join(p.message for p in row.problems) or None
        if role == SORT_ROLE:
            return row.row if column == PreviewColumn.ROW else self._display(row, column)
        if role == Qt.ItemDataRole.ForegroundRole and column in (
            PreviewColumn.ACTION,
            PreviewColumn.NOTE,
        ):
            if column == PreviewColumn.NOTE and row.action is not Action.REJECTED:
                return QColor(style.WARN) if row.warnings else None
            return QColor(ACTION_COLORS[row.action])
        if role == Qt.ItemDataRole.TextAlignmentRole and column == PreviewColumn.ROW:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    @staticmethod
    def _display(row: PreviewRow, column: PreviewColumn) -> str:
        v = row.value
        if column == PreviewColumn.SHEET:
            return row.sheet
        if column == PreviewColumn.ROW:
            return str(row.row)
        if column == PreviewColumn.ACTION:
            return ACTION_LABELS[row.action]
        if column == PreviewColumn.NAME:
            return v.full_name or ""
        if column == PreviewColumn.DATE_OF_BIRTH:
            return format_date(v.date_of_birth)
        if column == PreviewColumn.CLASS:
            return v.class_name or ""
        return note(row)

"""The tables of the sheet-import preview: refused cells, changes, and conflicts to decide."""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import Qt

from app.gradesheets import CellChange, Choice, Problem
from app.messages.gradesheets import GRADESHEETS_MSG as GM
from ui.table_model import Index, RowTableModel

CHOICE_LABELS = {
    None: "— Chọn —",
    Choice.TAKE_SHEET: "Lấy giá trị trong tệp",
    Choice.KEEP_CURRENT: "Giữ giá trị trong phần mềm",
}


def _shown(text: str) -> str:
    return text or GM.empty_value


class ProblemColumn(IntEnum):
    """Where a refused cell is and why."""

    SHEET = 0
    ROW = 1
    COLUMN = 2
    VALUE = 3
    REASON = 4


class ProblemModel(RowTableModel):
    """Each refused cell, located in the file."""

    def __init__(self) -> None:
        super().__init__(["Trang tính", "Dòng", "Cột", "Giá trị", "Lý do"])

    def cell(self, p: Problem, col: int, role: int, index: Index) -> Any:
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            return p.message
        return {
            ProblemColumn.SHEET: p.sheet,
            ProblemColumn.ROW: str(p.row),
            ProblemColumn.COLUMN: p.column,
            ProblemColumn.VALUE: p.value,
            ProblemColumn.REASON: p.reason,
        }[ProblemColumn(col)]


class ChangeColumn(IntEnum):
    """A cell the file changes."""

    GRID = 0
    STUDENT = 1
    COLUMN = 2
    OLD = 3
    NEW = 4


class ChangeModel(RowTableModel):
    """The cells the file changes, old → new."""

    def __init__(self) -> None:
        super().__init__(["Lớp · Môn · Học kì", "Học sinh", "Cột", "Hiện tại", "Trong tệp"])

    def cell(self, c: CellChange, col: int, role: int, index: Index) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole:
            return c.message
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        return {
            ChangeColumn.GRID: f"{c.batch.class_name} · {c.batch.subject_name} · HK{c.batch.semester}",
            ChangeColumn.STUDENT: f"{c.full_name} ({c.student_code})",
            ChangeColumn.COLUMN: c.label,
            ChangeColumn.OLD: _shown(c.old_text),
            ChangeColumn.NEW: _shown(c.new_text),
        }[ChangeColumn(col)]


class ConflictColumn(IntEnum):
    """A cell changed both in the file and in the app since the export."""

    STUDENT = 0
    WHERE = 1
    BASE = 2
    OLD = 3
    NEW = 4
    CHOICE = 5


class ConflictModel(RowTableModel):
    """The conflicts; the choice column holds a picker (set by the dialog)."""

    def __init__(self) -> None:
        super().__init__(
            [
                "Học sinh",
                "Môn · Học kì · Cột",
                "Lúc xuất tệp",
                "Trong phần mềm",
                "Trong tệp",
                "Chọn",
            ]
        )

    def cell(self, c: CellChange, col: int, role: int, index: Index) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole:
            return c.message
        if role != Qt.ItemDataRole.DisplayRole or col == ConflictColumn.CHOICE:
            return None
        return {
            ConflictColumn.STUDENT: f"{c.full_name} ({c.student_code})",
            ConflictColumn.WHERE: f"{c.batch.subject_name} · HK{c.batch.semester} · {c.label}",
            ConflictColumn.BASE: _shown(c.base_text),
            ConflictColumn.OLD: _shown(c.old_text),
            ConflictColumn.NEW: _shown(c.new_text),
        }[ConflictColumn(col)]

"""The assignment grid as a table model: a row per class, the homeroom column, a column per
subject; unsaved edits kept beside what was loaded until the page saves them.

Column indices: 0 is the homeroom teacher (GVCN), then the subjects in the grid's order.
``TEACHERS_ROLE`` holds a cell's usernames (a tuple); a cell the class does not study is
grey and cannot be edited. Edited cells are bold on a yellow ground until saved.
"""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont

from app.assignments.grid import HOMEROOM, AssignmentGrid, CellChange

TEACHERS_ROLE = Qt.ItemDataRole.UserRole + 1
_EDITED = QBrush(QColor("#fff4c2"))
_NOT_STUDIED = QBrush(QColor("#eceff3"))
Index = QModelIndex | QPersistentModelIndex


class AssignmentGridModel(QAbstractTableModel):
    """Classes × (GVCN, subjects) → teachers, with pending edits."""

    edits_changed = Signal()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.grid: AssignmentGrid | None = None
        self.keys: list[str] = []
        self.pending: dict[tuple[uuid.UUID, str], tuple[str, ...]] = {}
        self._bold = QFont()
        self._bold.setBold(True)

    # ------------------------------------------------------------ loading

    def set_grid(self, grid: AssignmentGrid | None) -> None:
        """Show ``grid``; drops every pending edit."""
        self.beginResetModel()
        self.grid = grid
        self.keys = [HOMEROOM, *(s.name for s in grid.subjects)] if grid else []
        self.pending = {}
        self.endResetModel()
        self.edits_changed.emit()

    # ------------------------------------------------------------ Qt model

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() or self.grid is None else len(self.grid.classes)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.keys)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        grid = self.grid
        if grid is None or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        if orientation == Qt.Orientation.Vertical:
            if not 0 <= section < len(grid.classes):
                return None
            return grid.classes[section].name
        if not 0 <= section < len(self.keys):
            return None
        if section == 0:
            return (
                self.tr("GVCN")
                if role == Qt.ItemDataRole.DisplayRole
                else self.tr("Giáo viên chủ nhiệm")
            )
        subject = grid.subjects[section - 1]
        return subject.label if role == Qt.ItemDataRole.DisplayRole else subject.name

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.studied(index.row(), index.column()):
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self.grid is None:
            return None
        row, col = index.row(), index.column()
        studied = self.studied(row, col)
        edited = self.cell_key(row, col) in self.pending
        if role == TEACHERS_ROLE:
            return self.teachers(row, col)
        if role == Qt.ItemDataRole.DisplayRole:
            names = [self._name(u) for u in self.teachers(row, col)]
            return ", ".join(names) if studied else ""
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, col) if studied else self.tr("Lớp không học môn này")
        if role == Qt.ItemDataRole.BackgroundRole:
            return _EDITED if edited else None if studied else _NOT_STUDIED
        if role == Qt.ItemDataRole.FontRole and edited:
            return self._bold
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if not index.isValid() or role not in (Qt.ItemDataRole.EditRole, TEACHERS_ROLE):
            return False
        if not self.studied(index.row(), index.column()):
            return False
        self.set_cell(index.row(), index.column(), tuple(value or ()))
        return True

    # ------------------------------------------------------------ cells

    def cell_key(self, row: int, col: int) -> tuple[uuid.UUID, str]:
        assert self.grid is not None
        return self.grid.classes[row].id, self.keys[col]

    def studied(self, row: int, col: int) -> bool:
        if self.grid is None or not (
            0 <= row < len(self.grid.classes) and 0 <= col < len(self.keys)
        ):
            return False
        return self.grid.classes[row].studies(self.keys[col])

    def saved(self, row: int, col: int) -> tuple[str, ...]:
        assert self.grid is not None
        class_id, subject = self.cell_key(row, col)
        return self.grid.teachers_of(class_id, subject)

    def teachers(self, row: int, col: int) -> tuple[str, ...]:
        key = self.cell_key(row, col)
        return self.pending.get(key, self.saved(row, col))

    def set_cell(self, row: int, col: int, teachers: tuple[str, ...]) -> None:
        """Put ``teachers`` in a cell as an unsaved edit (or drop the edit when it is as saved)."""
        key = self.cell_key(row, col)
        wanted = tuple(sorted(dict.fromkeys(teachers)))
        if wanted == self.saved(row, col):
            self.pending.pop(key, None)
        else:
            self.pending[key] = wanted
        index = self.index(row, col)
        self.dataChanged.emit(index, index)
        self.edits_changed.emit()

    def apply(self, changes: list[CellChange]) -> int:
        """Put a list of changes (a copy from last year) in the grid as unsaved edits."""
        if self.grid is None:
            return 0
        rows = {c.id: r for r, c in enumerate(self.grid.classes)}
        cols = {k: i for i, k in enumerate(self.keys)}
        done = 0
        for ch in changes:
            if ch.class_id in rows and ch.subject in cols:
                self.set_cell(rows[ch.class_id], cols[ch.subject], ch.teachers)
                done += 1
        return done

    def pending_changes(self) -> list[CellChange]:
        return [CellChange(c, s, t) for (c, s), t in self.pending.items()]

    def discard(self) -> None:
        self.set_grid(self.grid)

    def _name(self, username: str) -> str:
        assert self.grid is not None
        found = next((t for t in self.grid.teachers if t.username == username), None)
        return found.full_name or username if found else username

    def _tooltip(self, row: int, col: int) -> str:
        assert self.grid is not None
        class_id, subject = self.cell_key(row, col)
        lines = [self.grid.label_of(u) for u in self.teachers(row, col)] or [
            self.tr("(chưa phân công)")
        ]
        if (class_id, subject) in self.grid.graded:
            lines.append(
                self.tr(
                    "Môn đã có điểm: đổi giáo viên không làm mất điểm, "
                    "lịch sử điểm vẫn ghi người đã nhập."
                )
            )
        if self.cell_key(row, col) in self.pending:
            lines.append(self.tr("Chưa lưu."))
        return "\n".join(lines)

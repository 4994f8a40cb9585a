"""The shared core of the grade book's entry tables: typed edits kept until "Lưu".

A subclass describes its columns and rows, how a typed text is checked
(``check``) and what a computed column shows. This base keeps the edits not
yet saved, checks each one at once, and paints the states every sheet shares:

- a value that is not saved yet: pale blue, bold;
- an invalid value: red, with its reason in the tooltip (it is never saved);
- a required value still missing: amber;
- a computed, read-only column: grey.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QFont

from app.labels import nfc
from ui import style
from ui.gradebook.column_model import ColumnTableModel

Index = QModelIndex | QPersistentModelIndex
PROBLEM_ROLE = Qt.ItemDataRole.UserRole + 20
"""The reason an entered value is invalid (None when it is fine)."""
STATE_ROLE = Qt.ItemDataRole.UserRole + 21
"""A cell's ``CellState`` name: "pending", "invalid", "missing" or ""."""

PENDING_BG = QColor("#dcebfb")
INVALID_BG = QColor("#fbd9d6")
MISSING_BG = QColor("#fff1d6")
COMPUTED_BG = QColor("#eef1f5")
MUTED_FG = QColor(style.MUTED)
INVALID_FG = QColor(style.BAD)
CENTER = int(Qt.AlignmentFlag.AlignCenter)
LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
MAX_TOOLTIP_LINES = 12


class ColumnKind(Enum):
    """What a column holds."""

    NUMBER = "number"
    NAME = "name"
    INPUT = "input"
    TEXT_INPUT = "text_input"
    COMPUTED = "computed"
    INFO = "info"

    @property
    def editable(self) -> bool:
        """Whether cells of this kind take typed values."""
        return self in (ColumnKind.INPUT, ColumnKind.TEXT_INPUT)


@dataclass(frozen=True)
class EntryColumn:
    """One column: its key (TX1, GK, conduct …), header, tooltip and whether a value is required."""

    kind: ColumnKind
    key: str
    label: str
    tooltip: str = ""
    required: bool = False
    left: bool = False
    """Align left (names, subjects) instead of centred."""


@dataclass(frozen=True)
class Checked:
    """A typed text after checking: what would be saved, what is shown, or why it is refused."""

    stored: str | None
    text: str
    problem: str | None = None


@dataclass(frozen=True)
class Edit:
    """A typed, not yet saved value of one cell."""

    typed: str
    checked: Checked


def tooltip_lines(lines: tuple[str, ...] | list[str], head: str = "") -> str:
    """Reasons as tooltip lines, cut after a dozen with a count of the rest."""
    shown = list(lines[:MAX_TOOLTIP_LINES])
    if len(lines) > MAX_TOOLTIP_LINES:
        shown.append(f"… và {len(lines) - MAX_TOOLTIP_LINES} lý do khác")
    return "\n".join(([head] if head else []) + shown)


class EntryModel(ColumnTableModel[EntryColumn]):
    """Rows of students, typed edits per (row, column key), and the state of each cell."""

    edits_changed = Signal()
    editable_changed = Signal(bool)

    def __init__(self) -> None:
        super().__init__()
        self._edits: dict[tuple[int, str], Edit] = {}
        self._editable = False

    # ------------------------------------------------------------ subclass hooks

    def row_total(self) -> int:
        """Number of rows."""
        return 0

    def base(self, row: int, key: str) -> tuple[str | None, str]:
        """The saved value of a cell: (stored text, display text)."""
        return None, ""

    def check(self, row: int, key: str, text: str) -> Checked:
        """Check a typed text for a cell."""
        return Checked(text or None, text)

    def computed(self, row: int, key: str) -> tuple[str, str, bool]:
        """A computed or info cell: (text, tooltip, whether it is a problem)."""
        return "", "", False

    def row_label(self, row: int) -> tuple[str, bool]:
        """The name shown in the row and whether the student is still in the class."""
        return "", True

    def row_edited(self, row: int) -> None:
        """Called after a row's edits changed (recompute live values here)."""

    def cell_editable(self, row: int, key: str) -> bool:
        """Whether one input cell takes values (beyond the sheet-wide ``editable``)."""
        return True

    # ------------------------------------------------------------ state

    @property
    def editable(self) -> bool:
        """Whether typing is allowed at all (rights, lock)."""
        return self._editable

    def set_editable(self, editable: bool) -> None:
        """Allow or forbid typing."""
        if editable != self._editable:
            self._editable = editable
            self.editable_changed.emit(editable)

    def column_of(self, key: str) -> int:
        """The section of the column with ``key`` (-1 when there is none)."""
        return next((i for i, c in enumerate(self._columns) if c.key == key), -1)

    def input_sections(self) -> list[int]:
        """Sections that take typed values, left to right."""
        return [i for i, c in enumerate(self._columns) if c.kind.editable]

    def reset_columns(self, columns: list[EntryColumn]) -> None:
        """Replace columns and drop every edit (call between begin/endResetModel)."""
        self._columns = list(columns)
        self._edits.clear()

    def effective(self, row: int, key: str) -> tuple[str | None, str | None]:
        """(stored value after edits, problem) of a cell: what a save would write."""
        edit = self._edits.get((row, key))
        if edit is None:
            return self.base(row, key)[0], None
        return edit.checked.stored, edit.checked.problem

    def edit_at(self, row: int, key: str) -> Edit | None:
        """The unsaved edit of a cell, if any."""
        return self._edits.get((row, key))

    def pending(self) -> dict[tuple[int, str], Edit]:
        """Every unsaved edit, keyed by (row, column key)."""
        return dict(self._edits)

    def row_has_edits(self, row: int) -> bool:
        """Whether any cell of ``row`` holds an unsaved value."""
        return any(r == row for r, _ in self._edits)

    def pending_count(self) -> int:
        """How many cells hold an unsaved value."""
        return len(self._edits)

    def invalid_cells(self) -> list[tuple[int, str, str]]:
        """(row, column key, reason) of every invalid typed value, top to bottom."""
        return sorted(
            (row, key, e.checked.problem)
            for (row, key), e in self._edits.items()
            if e.checked.problem is not None
        )

    def discard_edits(self) -> None:
        """Forget every unsaved edit."""
        rows = {row for row, _ in self._edits}
        self._edits.clear()
        for row in rows:
            self._row_changed(row)
        self.edits_changed.emit()

    def is_missing(self, row: int, key: str) -> bool:
        """Whether a required cell is empty (after edits); a student who left never misses one."""
        col = self._columns[self.column_of(key)]
        if not col.required or not self.row_label(row)[1]:
            return False
        stored, problem = self.effective(row, key)
        return stored is None and problem is None

    # ------------------------------------------------------------ editing

    def set_texts(self, cells: list[tuple[int, int, str]]) -> int:
        """Type several cells at once (paste, delete); returns how many were taken."""
        taken = 0
        rows: set[int] = set()
        for row, section, text in cells:
            if self._apply(row, section, text):
                taken += 1
                rows.add(row)
        for row in rows:
            self._row_changed(row)
        if rows:
            self.edits_changed.emit()
        return taken

    def _apply(self, row: int, section: int, text: str) -> bool:
        if not (0 <= row < self.row_total() and 0 <= section < len(self._columns)):
            return False
        col = self._columns[section]
        if not (self._editable and col.kind.editable and self.cell_editable(row, col.key)):
            return False
        typed = " ".join(nfc(text).split()) if col.kind is ColumnKind.INPUT else nfc(text).strip()
        checked = self.check(row, col.key, typed)
        stored = self.base(row, col.key)[0]
        if checked.problem is None and checked.stored == stored:
            self._edits.pop((row, col.key), None)
        else:
            self._edits[(row, col.key)] = Edit(typed, checked)
        return True

    def mark_problem(self, row: int, key: str, reason: str) -> None:
        """Flag a cell as refused (e.g. by the service on save) with ``reason``."""
        edit = self._edits.get((row, key))
        typed = edit.typed if edit else self.base(row, key)[1]
        self._edits[(row, key)] = Edit(typed, Checked(None, typed, reason))
        self._row_changed(row)
        self.edits_changed.emit()

    def _row_changed(self, row: int) -> None:
        self.row_edited(row)
        if self._columns:
            last = len(self._columns) - 1
            self.dataChanged.emit(self.index(row, 0), self.index(row, last))

    # ------------------------------------------------------------ Qt model

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else self.row_total()

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        col = self._columns[index.column()]
        if self._editable and col.kind.editable and self.cell_editable(index.row(), col.key):
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def setData(  # noqa: N802
        self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole
    ) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        return self.set_texts([(index.row(), index.column(), str(value or ""))]) == 1

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < self.row_total():
            return None
        col = self._columns[index.column()]
        row = index.row()
        if col.kind is ColumnKind.NUMBER:
            return self._number_data(row, role)
        if col.kind is ColumnKind.NAME:
            return self._name_data(row, role)
        if col.kind.editable:
            return self._input_data(row, col, role)
        return self._computed_data(row, col, role)

    def _number_data(self, row: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return str(row + 1)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return RIGHT
        if role == Qt.ItemDataRole.ForegroundRole:
            return MUTED_FG
        return None

    def _name_data(self, row: int, role: int) -> Any:
        name, current = self.row_label(row)
        if role == Qt.ItemDataRole.DisplayRole:
            return name
        if role == Qt.ItemDataRole.ForegroundRole and not current:
            return MUTED_FG
        if role == Qt.ItemDataRole.ToolTipRole and not current:
            return self.tr("Học sinh đã chuyển lớp, chuyển trường hoặc thôi học.")
        return None

    def _input_data(self, row: int, col: EntryColumn, role: int) -> Any:
        edit = self._edits.get((row, col.key))
        problem = edit.checked.problem if edit else None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if edit is None:
                return self.base(row, col.key)[1]
            return edit.typed if problem else edit.checked.text
        if role == PROBLEM_ROLE:
            return problem
        if role == STATE_ROLE:
            return self._state(row, col, edit)
        if role == Qt.ItemDataRole.BackgroundRole:
            return {"invalid": INVALID_BG, "pending": PENDING_BG, "missing": MISSING_BG}.get(
                self._state(row, col, edit)
            )
        if role == Qt.ItemDataRole.ForegroundRole and problem:
            return INVALID_FG
        if role == Qt.ItemDataRole.FontRole and edit is not None:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return LEFT if col.kind is ColumnKind.TEXT_INPUT else CENTER
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._input_tooltip(row, col, edit)
        return None

    def _state(self, row: int, col: EntryColumn, edit: Edit | None) -> str:
        if edit is not None:
            return "invalid" if edit.checked.problem else "pending"
        return "missing" if self.is_missing(row, col.key) else ""

    def _input_tooltip(self, row: int, col: EntryColumn, edit: Edit | None) -> str | None:
        if edit is not None and edit.checked.problem:
            return self.tr("Không hợp lệ, sẽ không được lưu: {reason}").format(
                reason=edit.checked.problem
            )
        if edit is not None:
            saved = self.base(row, col.key)[1] or self.tr("(trống)")
            return self.tr("Chưa lưu. Giá trị đã lưu: {old}").format(old=saved)
        if self.is_missing(row, col.key):
            return self.tr("Chưa có {column} (bắt buộc).").format(column=col.label)
        text = self.base(row, col.key)[1]
        return text if col.kind is ColumnKind.TEXT_INPUT and text else None

    def _computed_data(self, row: int, col: EntryColumn, role: int) -> Any:
        if role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
            Qt.ItemDataRole.BackgroundRole,
            Qt.ItemDataRole.ForegroundRole,
            Qt.ItemDataRole.FontRole,
            Qt.ItemDataRole.TextAlignmentRole,
        ):
            return None
        text, tip, bad = self.computed(row, col.key)
        if role == Qt.ItemDataRole.DisplayRole:
            return text
        if role == Qt.ItemDataRole.ToolTipRole:
            return tip or None
        if role == Qt.ItemDataRole.BackgroundRole:
            return COMPUTED_BG if col.kind is ColumnKind.COMPUTED else None
        if role == Qt.ItemDataRole.ForegroundRole:
            return INVALID_FG if bad else None
        if role == Qt.ItemDataRole.FontRole and col.kind is ColumnKind.COMPUTED:
            font = QFont()
            font.setBold(True)
            return font
        return LEFT if col.left else CENTER

"""A keyboard-first table for the grade book's entry models, the way teachers use Excel.

- typing in a cell starts editing it (the typed key replaces the value);
- Enter saves the cell into the grid and moves down, Shift+Enter up;
- Tab moves right to the next cell that takes a value (wrapping to the next
  row), Shift+Tab left; arrows move freely; computed columns are skipped;
- Delete or Backspace clears the selected cells;
- Ctrl+V pastes a column or block copied from Excel (tab/newline separated);
  one copied value fills every selected cell;
- Ctrl+C copies the selected block the same way; Ctrl+S asks to save.

While typing, the editor turns red as soon as the text is not a valid value,
and ``problem_shown`` carries the reason so the page can show it under the grid.
"""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QGuiApplication, QKeyEvent, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from app.gradebook.values import COMMENT_MAX_LENGTH
from ui import style
from ui.gradebook.entry_model import PROBLEM_ROLE, ColumnKind, EntryModel
from ui.table_fit import show_full_text

_Index = QModelIndex | QPersistentModelIndex
_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
_BAD_EDITOR = "QLineEdit { background: #fbd9d6; color: #b3261e; }"
_BAD_SELECTED = QColor("#f2b8b2")


class Move(Enum):
    """Where the cursor goes after a cell is left."""

    STAY = "stay"
    DOWN = "down"
    UP = "up"
    RIGHT = "right"
    LEFT = "left"


_EDITOR_KEYS = {
    Qt.Key.Key_Tab: Move.RIGHT,
    Qt.Key.Key_Backtab: Move.LEFT,
    Qt.Key.Key_Down: Move.DOWN,
    Qt.Key.Key_Up: Move.UP,
}


def parse_clipboard(text: str) -> list[list[str]]:
    """Rows of cells from text copied out of a spreadsheet (tabs between cells, newlines between rows)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    while lines and not lines[-1].strip():
        lines.pop()
    return [[_unquote(cell) for cell in line.split("\t")] for line in lines]


def _unquote(cell: str) -> str:
    cell = cell.strip()
    if len(cell) >= 2 and cell[0] == cell[-1] == '"':
        return cell[1:-1].replace('""', '"')
    return cell


class EntryDelegate(QStyledItemDelegate):
    """A plain line editor that checks as you type and leaves the cell the way Excel does."""

    def __init__(self, view: GradeGridView) -> None:
        super().__init__(view)
        self._view = view

    def createEditor(  # noqa: N802
        self, parent: QWidget, option: QStyleOptionViewItem, index: _Index
    ) -> QWidget:
        editor = QLineEdit(parent)
        editor.setFrame(False)
        model = self._view.entry_model()
        wide = model is not None and model.column(index.column()).kind is ColumnKind.TEXT_INPUT
        editor.setMaxLength(COMMENT_MAX_LENGTH if wide else 40)
        if not wide:
            editor.setAlignment(Qt.AlignmentFlag.AlignCenter)
        target = QPersistentModelIndex(index)
        editor.textEdited.connect(lambda text: self._on_editor_text_edited(editor, target, text))
        return editor

    def initStyleOption(self, option: QStyleOptionViewItem, index: _Index) -> None:  # noqa: N802
        """Keep an invalid cell red even when it is selected."""
        super().initStyleOption(option, index)
        if index.data(PROBLEM_ROLE):
            option.palette.setColor(QPalette.ColorRole.Highlight, _BAD_SELECTED)
            option.palette.setColor(QPalette.ColorRole.HighlightedText, QColor(style.BAD))

    def setEditorData(self, editor: QWidget, index: _Index) -> None:  # noqa: N802
        assert isinstance(editor, QLineEdit)
        editor.setText(str(index.data(Qt.ItemDataRole.EditRole) or ""))

    def setModelData(  # noqa: N802
        self, editor: QWidget, model: QAbstractItemModel, index: _Index
    ) -> None:
        assert isinstance(editor, QLineEdit)
        model.setData(index, editor.text(), Qt.ItemDataRole.EditRole)

    def _on_editor_text_edited(
        self, editor: QLineEdit, index: QPersistentModelIndex, text: str
    ) -> None:
        model = self._view.entry_model()
        if model is None or not index.isValid():
            return
        key = model.column(index.column()).key
        problem = model.check(index.row(), key, text.strip()).problem if text.strip() else None
        editor.setStyleSheet(_BAD_EDITOR if problem else "")
        editor.setToolTip(problem or "")
        self._view.problem_shown.emit(problem or "")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if not isinstance(watched, QLineEdit) or event.type() != QEvent.Type.KeyPress:
            return super().eventFilter(watched, event)
        assert isinstance(event, QKeyEvent)
        key = Qt.Key(event.key())
        shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        if key in _ENTER:
            self._leave(watched, Move.UP if shift else Move.DOWN)
            return True
        if key in _EDITOR_KEYS:
            self._leave(watched, _EDITOR_KEYS[key])
            return True
        if key == Qt.Key.Key_Escape:
            self.closeEditor.emit(watched, QAbstractItemDelegate.EndEditHint.RevertModelCache)
            self._view.problem_shown.emit("")
            return True
        return super().eventFilter(watched, event)

    def _leave(self, editor: QLineEdit, move: Move) -> None:
        """Write the editor's text into the model, close it and move the cursor."""
        self.commitData.emit(editor)
        self.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.NoHint)
        self._view.move_cursor(move)


class GradeGridView(QTableView):
    """The entry table: Excel-like keys, paste and copy, clear with Delete."""

    problem_shown = Signal(str)
    """The reason the value under the cursor (or being typed) is invalid; "" when fine."""
    pasted = Signal(int, int)
    """(cells taken, cells left out because they fell outside the grid)."""
    save_requested = Signal()
    """Ctrl+S pressed in the grid (when no window shortcut took it first)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setItemDelegate(EntryDelegate(self))
        show_full_text(self)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setTabKeyNavigation(True)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(28)
        self.horizontalHeader().setHighlightSections(False)

    def entry_model(self) -> EntryModel | None:
        """The model as an ``EntryModel`` (None before one is set)."""
        model = self.model()
        return model if isinstance(model, EntryModel) else None

    # ------------------------------------------------------------ moving

    def move_cursor(self, move: Move) -> None:
        """Put the cursor on the next cell in direction ``move``."""
        model = self.entry_model()
        current = self.currentIndex()
        if model is None or not current.isValid() or move is Move.STAY:
            return
        row, col = current.row(), current.column()
        if move in (Move.DOWN, Move.UP):
            row = min(max(row + (1 if move is Move.DOWN else -1), 0), model.rowCount() - 1)
        else:
            row, col = self._sideways(model, row, col, move is Move.RIGHT)
        target = model.index(row, col)
        self.setCurrentIndex(target)
        self.scrollTo(target)

    def _sideways(self, model: EntryModel, row: int, col: int, right: bool) -> tuple[int, int]:
        """The next input cell to the right (or left), wrapping to the next (previous) row."""
        inputs = model.input_sections() or list(range(model.columnCount()))
        if right:
            later = [c for c in inputs if c > col]
            if later:
                return row, later[0]
            return (row + 1, inputs[0]) if row + 1 < model.rowCount() else (row, col)
        earlier = [c for c in inputs if c < col]
        if earlier:
            return row, earlier[-1]
        return (row - 1, inputs[-1]) if row > 0 else (row, col)

    # ------------------------------------------------------------ keys

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if self.state() == QAbstractItemView.State.EditingState:
            super().keyPressEvent(event)
            return
        key = Qt.Key(event.key())
        shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        if key in _ENTER:
            self.move_cursor(Move.UP if shift else Move.DOWN)
        elif key == Qt.Key.Key_Tab:
            self.move_cursor(Move.RIGHT)
        elif key == Qt.Key.Key_Backtab:
            self.move_cursor(Move.LEFT)
        elif key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.clear_selected()
        elif event.matches(QKeySequence.StandardKey.Paste):
            self.paste_text(QGuiApplication.clipboard().text())
        elif event.matches(QKeySequence.StandardKey.Save):
            self.save_requested.emit()
        elif event.matches(QKeySequence.StandardKey.Copy):
            QGuiApplication.clipboard().setText(self.selected_text())
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def currentChanged(self, current: _Index, previous: _Index) -> None:  # noqa: N802
        super().currentChanged(current, previous)
        problem = current.data(PROBLEM_ROLE) if current.isValid() else None
        self.problem_shown.emit(str(problem or ""))

    # ------------------------------------------------------------ clipboard and delete

    def _selected(self) -> list[QModelIndex]:
        indexes = self.selectionModel().selectedIndexes() if self.selectionModel() else []
        if not indexes and self.currentIndex().isValid():
            indexes = [self.currentIndex()]
        return sorted(indexes, key=lambda i: (i.row(), i.column()))

    def clear_selected(self) -> int:
        """Clear every selected input cell; returns how many were cleared."""
        model = self.entry_model()
        if model is None:
            return 0
        cells = [(i.row(), i.column(), "") for i in self._selected()]
        return model.set_texts(cells)

    def selected_text(self) -> str:
        """The selected block as tab/newline separated text."""
        indexes = self._selected()
        if not indexes:
            return ""
        rows = sorted({i.row() for i in indexes})
        cols = sorted({i.column() for i in indexes})
        model = self.model()
        lines = ["\t".join(str(model.index(r, c).data() or "") for c in cols) for r in rows]
        return "\n".join(lines)

    def paste_text(self, text: str) -> int:
        """Paste spreadsheet text at the cursor; returns how many cells were taken."""
        model = self.entry_model()
        current = self.currentIndex()
        block = parse_clipboard(text)
        if model is None or not current.isValid() or not block:
            return 0
        if len(block) == 1 and len(block[0]) == 1 and len(self._selected()) > 1:
            cells = [(i.row(), i.column(), block[0][0]) for i in self._selected()]
            taken = model.set_texts(cells)
            self.pasted.emit(taken, 0)
            return taken
        inputs = [c for c in model.input_sections() if c >= current.column()]
        cells, left_out = [], 0
        for i, values in enumerate(block):
            row = current.row() + i
            for j, value in enumerate(values):
                if row < model.rowCount() and j < len(inputs):
                    cells.append((row, inputs[j], value))
                else:
                    left_out += 1
        taken = model.set_texts(cells)
        self.pasted.emit(taken, left_out)
        return taken

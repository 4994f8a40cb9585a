"""The frame every entry sheet shares: tools, Lưu/Bỏ thay đổi, unsaved count, the grid, legend.

Unsaved edits are made obvious three ways: the cells are tinted and bold, the
count stays next to the Lưu button ("3 ô chưa lưu"), and the tab that owns the
panel marks its title. Ctrl+S anywhere in the panel asks to save. A sheet the
user may not type in (a principal on an open semester, a teacher on a class or
subject not theirs, anyone on a locked one) shows no Lưu or Bỏ thay đổi, and
no "Chưa lưu" in the legend: it reads as what it is, a page to look at.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ui import icons
from ui.flow_layout import FlowLayout
from ui.gradebook.entry_model import (
    COMPUTED_BG,
    INVALID_BG,
    MISSING_BG,
    PENDING_BG,
    PROBLEM_ROLE,
    EntryModel,
)
from ui.gradebook.grade_grid_view import GradeGridView
from ui.table_fit import show_empty_text
from ui.widgets import ErrorLabel

_LEGEND = (
    (PENDING_BG, "Chưa lưu"),
    (INVALID_BG, "Không hợp lệ (không được lưu)"),
    (MISSING_BG, "Còn thiếu"),
    (COMPUTED_BG, "Tự tính"),
)


def _swatch(color: str, text: str) -> QWidget:
    box = QWidget()
    layout = QHBoxLayout(box)
    layout.setContentsMargins(0, 0, 12, 0)
    layout.setSpacing(5)
    chip = QLabel()
    chip.setFixedSize(14, 14)
    chip.setStyleSheet(f"background: {color}; border: 1px solid #c5ccd6; border-radius: 2px;")
    label = QLabel(text)
    label.setObjectName("muted")
    layout.addWidget(chip)
    layout.addWidget(label)
    return box


class EntryPanel(QWidget):
    """An entry grid with its save controls; the owner adds tools and does the saving."""

    save_requested = Signal()
    discard_requested = Signal()

    def __init__(self, model: EntryModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self._legend_shown = True
        self._build()
        self._connect()
        self.update_state()

    def _build(self) -> None:
        self.tools = QHBoxLayout()
        self.tools.setSpacing(8)
        self.pending_label = QLabel()
        self.pending_label.setObjectName("statusWarn")
        self.discard_button = QPushButton(self.tr("Bỏ thay đổi"))
        self.save_button = QPushButton(icons.icon("save", "#ffffff"), self.tr("Lưu"))
        self.save_button.setObjectName("primary")
        self.save_button.setToolTip(self.tr("Lưu các ô đã nhập (Ctrl+S)"))
        tools_box = QWidget()
        tools_box.setLayout(self.tools)
        self.tools.setContentsMargins(0, 0, 0, 0)
        top = FlowLayout()
        top.addWidget(tools_box)
        top.add_stretch()
        top.addWidget(self.pending_label)
        top.addWidget(self.discard_button)
        top.addWidget(self.save_button)
        self.banner = QLabel()
        self.banner.setObjectName("warningBanner")
        self.banner.setWordWrap(True)
        self.banner.setVisible(False)
        self.view = GradeGridView()
        self.view.setModel(self.model)
        show_empty_text(self.view, self.tr("Chưa có học sinh nào để hiện ở đây."))
        self.problem_label = ErrorLabel()
        self.status_label = QLabel()
        self.status_label.setObjectName("muted")
        self.status_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        legend = FlowLayout(h_spacing=0, v_spacing=2)
        self.swatches = [_swatch(color.name(), self.tr(text)) for color, text in _LEGEND]
        for swatch in self.swatches:
            legend.addWidget(swatch)
        legend.add_stretch()
        legend.addWidget(self.status_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addLayout(top)
        layout.addWidget(self.banner)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.problem_label)
        layout.addLayout(legend)

    def _connect(self) -> None:
        self.save_button.clicked.connect(self.save_requested)
        self.discard_button.clicked.connect(self.discard_requested)
        self.model.edits_changed.connect(self.update_state)
        self.model.editable_changed.connect(self.update_state)
        self.model.modelReset.connect(self.update_state)
        self.view.problem_shown.connect(self._on_view_problem_shown)
        self.view.pasted.connect(self._on_view_pasted)
        self.view.save_requested.connect(self.save_requested)
        shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.save_requested)

    def set_banner(self, text: str) -> None:
        """Show a notice above the grid (hidden when empty)."""
        self.banner.setText(text)
        self.banner.setVisible(bool(text))

    def show_legend(self, shown: bool) -> None:
        """Show or hide the colour legend (a second panel on the same tab leaves it out)."""
        self._legend_shown = shown
        for swatch in self.swatches:
            swatch.setVisible(shown)
        self.update_state()

    def set_empty_text(self, text: str) -> None:
        """What the grid says while it has no rows."""
        show_empty_text(self.view, text)

    def set_status(self, text: str) -> None:
        """A short note at the bottom right (e.g. when the sheet was last saved)."""
        self.status_label.setText(text)

    def update_state(self) -> None:
        """Refresh the unsaved count and the buttons."""
        count = self.model.pending_count()
        invalid = len(self.model.invalid_cells())
        text = self.tr("{n} ô chưa lưu").format(n=count) if count else ""
        if invalid:
            text += self.tr(" · {n} ô không hợp lệ").format(n=invalid)
        self.pending_label.setText(text)
        self.save_button.setEnabled(count > 0 and self.model.editable)
        self.discard_button.setEnabled(count > 0)
        self._show_edit_controls(self.model.editable or count > 0)
        current = self.view.currentIndex()
        if current.isValid():
            self.view.problem_shown.emit(str(current.data(PROBLEM_ROLE) or ""))

    def _show_edit_controls(self, shown: bool) -> None:
        """Lưu, Bỏ thay đổi and the legend's "Chưa lưu" only where typing is possible (a save
        in progress, which makes the sheet read-only for its duration, keeps them)."""
        for widget in (self.pending_label, self.discard_button, self.save_button):
            widget.setVisible(shown)
        self.swatches[0].setVisible(shown and self._legend_shown)
        self.swatches[1].setVisible(shown and self._legend_shown)

    def focus_cell(self, row: int, key: str) -> None:
        """Put the cursor on a cell and the keyboard focus in the grid."""
        col = self.model.column_of(key)
        if col < 0 or row < 0:
            return
        index = self.model.index(row, col)
        self.view.setCurrentIndex(index)
        self.view.scrollTo(index)
        self.view.setFocus()

    def focus_first_input(self) -> None:
        """Put the cursor on the first cell that takes a value."""
        inputs = self.model.input_sections()
        if inputs and self.model.rowCount():
            self.focus_cell(0, self.model.column(inputs[0]).key)

    def cursor_cell(self) -> tuple[int, str] | None:
        """(row, column key) of the cursor, to put it back after a reload."""
        index = self.view.currentIndex()
        if not index.isValid():
            return None
        return index.row(), self.model.column(index.column()).key

    def restore_cursor_cell(self, where: tuple[int, str] | None) -> None:
        """Put the cursor back where ``cursor_cell`` found it (if that cell still exists)."""
        if where is not None and where[0] < self.model.rowCount():
            self.focus_cell(*where)

    def _on_view_problem_shown(self, reason: str) -> None:
        """Show the reason under the grid, naming the student and the column."""
        index = self.view.currentIndex()
        if reason and index.isValid():
            name = self.model.row_label(index.row())[0]
            column = self.model.column(index.column()).label
            reason = f"{name} · {column}: {reason}"
        self.problem_label.show_message(reason)

    def _on_view_pasted(self, taken: int, left_out: int) -> None:
        text = self.tr("Đã dán {n} ô.").format(n=taken)
        if left_out:
            text += self.tr(" {n} giá trị nằm ngoài bảng nên bị bỏ qua.").format(n=left_out)
        self.set_status(text)

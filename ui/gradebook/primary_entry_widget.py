"""The "Nhập đánh giá" tab of a primary class: one grid per class × subject × semester (TT27).

Typed with the keyboard like the secondary grid (Enter down, Tab right, Ctrl+V
pastes a column from Excel, Ctrl+S saves): levels HTT/HT/CHT, periodic-test
scores 0–10 (integers) and comments per checkpoint. "Điền mức" fills the
selected level cells at once (most of a class usually has the same level).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QFont, QFontMetrics
from PySide6.QtWidgets import QMenu, QPushButton, QTableView, QWidget

from app.gradebook.primary.grid import PrimaryGrid, primary_grid
from app.gradebook.primary.values import PKind
from app.gradebook.primary_entry import save_cells
from ui.gradebook.entry_model import ColumnKind
from ui.gradebook.grade_grid_view import GradeGridView
from ui.gradebook.primary_grid_model import PrimaryGridModel
from ui.gradebook.subject_entry import SubjectEntryWidget
from ui.pages import PageContext

NAME_WIDTH = 200
LEVEL_WIDTH = 96
TEST_WIDTH = 72
COMMENT_WIDTH = 220
LEVEL_CHOICES = (
    ("HTT", "Hoàn thành tốt (HTT)"),
    ("HT", "Hoàn thành (HT)"),
    ("CHT", "Chưa hoàn thành (CHT)"),
)


def fill_menu_button(
    parent: QWidget, text: str, tip: str, choices: Sequence[tuple[str, str]]
) -> tuple[QPushButton, QMenu]:
    """A button with a menu of values to fill the selected cells with."""
    button = QPushButton(text, parent)
    button.setToolTip(tip)
    menu = QMenu(button)
    for value, label in choices:
        action = menu.addAction(label)
        action.setData(value)
    button.setMenu(menu)
    return button, menu


def fill_selected(view: GradeGridView, sections: Sequence[int], value: str) -> int:
    """Type ``value`` into the selected cells of ``sections`` (or the current one); returns the count."""
    model = view.entry_model()
    if model is None:
        return 0
    selection = view.selectionModel()
    indexes = selection.selectedIndexes() if selection else []
    if not indexes and view.currentIndex().isValid():
        indexes = [view.currentIndex()]
    cells = [(i.row(), i.column(), value) for i in indexes if i.column() in sections]
    return model.set_texts(cells)


def header_width(view: QTableView, section: int, padding: int = 22) -> int:
    """Width that shows a column's (bold, maybe two-line) header without clipping."""
    font = QFont(view.horizontalHeader().font())
    font.setBold(True)
    metrics = QFontMetrics(font)
    label = str(view.model().headerData(section, Qt.Orientation.Horizontal) or "")
    return max(metrics.horizontalAdvance(line) for line in label.split("\n")) + padding


class PrimaryEntryWidget(SubjectEntryWidget):
    """Pick a subject of the primary class; the grid shows the semester chosen on the page."""

    grid_model: PrimaryGridModel
    load_grid = staticmethod(primary_grid)
    save_edits = staticmethod(save_cells)
    name_width = NAME_WIDTH
    sheet_title = "Bảng đánh giá"
    where_text = "Sổ theo dõi chất lượng giáo dục lớp {cls} {semester}"
    history_text = "Lịch sử đánh giá"
    history_tip = "Mọi lần sửa của học sinh đang chọn: giá trị cũ, mới, người sửa, lý do"
    locked_text = "{where} đã khóa: chỉ Ban giám hiệu được sửa, kèm lý do. Bảng chỉ để xem."
    read_only_text = "Bạn chỉ được xem bảng này (không được phân công dạy môn này)."

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, PrimaryGridModel(), parent)

    def extra_tools(self) -> list[QWidget]:
        self.fill_button, self.fill_menu = fill_menu_button(
            self,
            self.tr("Điền mức"),
            self.tr("Điền mức đạt được cho các ô mức đang chọn (chọn cả cột rồi điền)"),
            [(value, self.tr(label)) for value, label in LEVEL_CHOICES],
        )
        return [self.fill_button]

    def _build(self) -> None:
        super()._build()
        self.panel.swatches[-1].setVisible(False)  # nothing is computed in a TT27 grid

    def _connect(self) -> None:
        super()._connect()
        self.fill_menu.triggered.connect(self._on_fill_triggered)
        self.grid_model.edits_changed.connect(self._show_counts)

    # ------------------------------------------------------------ showing

    def value_width(self, section: int, kind: ColumnKind) -> int | None:
        view = self.panel.view
        slot = self.grid_model.slot_at(section)
        if kind is ColumnKind.TEXT_INPUT:
            return COMMENT_WIDTH
        if slot is not None and slot.kind is PKind.TEST:
            return max(TEST_WIDTH, header_width(view, section))
        return max(LEVEL_WIDTH, header_width(view, section))

    def state_shown(self, grid: Any) -> None:
        self.fill_button.setEnabled(grid is not None and grid.editable)
        self._show_counts()

    def typing_hint(self, grid: PrimaryGrid) -> str:
        if any(c.slot.kind is PKind.TEST for c in grid.columns):
            return self.tr(
                "Mức đạt được: gõ HTT, HT hoặc CHT (hoặc cả chữ: Hoàn thành tốt…). "
                "Điểm kiểm tra định kì là số nguyên từ 0 đến 10. Nhận xét không bắt buộc."
            )
        return self.tr(
            "Môn đánh giá bằng nhận xét, không có bài kiểm tra định kì. Mức đạt được: "
            "gõ HTT, HT hoặc CHT (hoặc cả chữ: Hoàn thành tốt…)."
        )

    def _show_counts(self) -> None:
        """How many required cells are still empty, at the bottom right."""
        if self.grid_model.grid is None:
            self.panel.set_status("")
            return
        missing = self.grid_model.missing_count()
        self.panel.set_status(
            self.tr("Còn {n} ô bắt buộc chưa nhập.").format(n=missing)
            if missing
            else self.tr("Đã nhập đủ mức đạt được và điểm kiểm tra.")
        )

    # ------------------------------------------------------------ filling

    def _on_fill_triggered(self, action: QAction) -> None:
        value = str(action.data())
        taken = fill_selected(self.panel.view, self.grid_model.level_sections(), value)
        if not taken:
            self.panel.problem_label.show_message(
                self.tr("Hãy chọn các ô ở cột mức đạt được trước khi điền.")
            )

    # ------------------------------------------------------------ sheet hooks

    def problem_key(self, column: str) -> str:
        grid = self.grid_model.grid
        found = grid.column(column) if grid else None
        return found.key if found else column.upper()

"""The "Nhập đánh giá" tab of a primary class: one grid per class × subject × semester (TT27).

Typed with the keyboard like the secondary grid (Enter down, Tab right, Ctrl+V
pastes a column from Excel, Ctrl+S saves): levels HTT/HT/CHT, periodic-test
scores 0–10 (integers) and comments per checkpoint. "Điền mức" fills the
selected level cells at once (most of a class usually has the same level).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QFont, QFontMetrics
from PySide6.QtWidgets import (
    QComboBox,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QTableView,
    QWidget,
)
from sqlalchemy.orm import Session

from app.errors import AppError
from app.gradebook.entry import ASSESSMENTS, SaveResult
from app.gradebook.locking import LOCKS
from app.gradebook.primary.entry import save_cells
from app.gradebook.primary.grid import PrimaryGrid, primary_grid
from app.gradebook.primary.values import PKind
from app.gradebook.terms import semester_label
from ui import errors, icons
from ui.gradebook.choices import ClassChoice
from ui.gradebook.combo import find_data
from ui.gradebook.entry_model import ColumnKind
from ui.gradebook.grade_grid_view import GradeGridView
from ui.gradebook.grade_history_dialog import GradeHistoryDialog
from ui.gradebook.primary_grid_model import PrimaryGridModel
from ui.gradebook.sheet import SheetWidget, Writer
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


class PrimaryEntryWidget(SheetWidget):
    """Pick a subject of the primary class; the grid shows the semester chosen on the page."""

    entities = (ASSESSMENTS, LOCKS, "subject", "teaching_assignment")

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        self.grid_model = PrimaryGridModel()
        super().__init__(ctx, self.grid_model, parent)
        self._class: ClassChoice | None = None
        self._semester = 1
        self._build()
        self._connect()

    def _build(self) -> None:
        self.subject_label = QLabel(self.tr("Môn học:"))
        self.subject_combo = QComboBox()
        self.subject_combo.setMinimumWidth(240)
        self.fill_button, self.fill_menu = fill_menu_button(
            self,
            self.tr("Điền mức"),
            self.tr("Điền mức đạt được cho các ô mức đang chọn (chọn cả cột rồi điền)"),
            [(value, self.tr(label)) for value, label in LEVEL_CHOICES],
        )
        self.history_button = QPushButton(icons.icon("clock"), self.tr("Lịch sử đánh giá"))
        self.history_button.setToolTip(
            self.tr("Mọi lần sửa của học sinh đang chọn: giá trị cũ, mới, người sửa, lý do")
        )
        tools = self.panel.tools
        tools.addWidget(self.subject_label)
        tools.addWidget(self.subject_combo)
        tools.addSpacing(8)
        tools.addWidget(self.fill_button)
        tools.addWidget(self.history_button)
        self.panel.swatches[-1].setVisible(False)  # nothing is computed in a TT27 grid

    def _connect(self) -> None:
        self.subject_combo.activated.connect(self._on_subject_activated)
        self.history_button.clicked.connect(self._on_history_clicked)
        self.fill_menu.triggered.connect(self._on_fill_triggered)
        self.grid_model.edits_changed.connect(self._show_counts)

    # ------------------------------------------------------------ choosing

    def set_scope(self, choice: ClassChoice | None, semester: int) -> None:
        """Show ``choice``'s subjects (keeping the subject picked if the class has it) and load."""
        previous = self.subject_id()
        self._class, self._semester = choice, semester
        self.subject_combo.clear()
        for subject in choice.subjects if choice else ():
            self.subject_combo.addItem(subject.name, subject.id)
        index = find_data(self.subject_combo, previous) if previous else -1
        self.subject_combo.setCurrentIndex(max(index, 0) if self.subject_combo.count() else -1)
        self.reload()

    def subject_id(self) -> uuid.UUID | None:
        """The subject picked."""
        data = self.subject_combo.currentData()
        return data if isinstance(data, uuid.UUID) else None

    def select_subject(self, subject_id: uuid.UUID) -> None:
        """Pick a subject (without asking about unsaved edits; for the page and tests)."""
        index = find_data(self.subject_combo, subject_id)
        if index >= 0 and index != self.subject_combo.currentIndex():
            self.subject_combo.setCurrentIndex(index)
            self.reload()

    def _on_subject_activated(self, index: int) -> None:
        wanted = self.subject_combo.itemData(index)
        grid = self.grid_model.grid
        shown = grid.subject.id if grid else None
        if wanted == shown:
            return

        def back() -> None:
            self.subject_combo.setCurrentIndex(find_data(self.subject_combo, shown))

        self.request_leave(self.reload, back)

    # ------------------------------------------------------------ loading

    def reload(self) -> None:
        """Read the grid of the class, subject and semester picked."""
        subject = self.subject_id()
        if self._class is None or subject is None:
            self.grid_model.set_grid(None)
            self._show_state(None)
            return
        try:
            with self.ctx.db.read(self.ctx.actor) as s:
                grid = primary_grid(s, self.ctx.actor, self._class.id, subject, self._semester)
        except AppError as exc:
            self.grid_model.set_grid(None)
            self._show_state(None)
            errors.show_error(self, exc)
            return
        self.grid_model.set_grid(grid)
        self._size_columns()
        self._show_state(grid)

    def _size_columns(self) -> None:
        view = self.panel.view
        header = view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for section in range(self.grid_model.columnCount()):
            kind = self.grid_model.column(section).kind
            slot = self.grid_model.slot_at(section)
            if kind is ColumnKind.NUMBER:
                view.setColumnWidth(section, 44)
            elif kind is ColumnKind.NAME:
                view.setColumnWidth(section, NAME_WIDTH)
            elif kind is ColumnKind.TEXT_INPUT:
                view.setColumnWidth(section, COMMENT_WIDTH)
                header.setSectionResizeMode(section, QHeaderView.ResizeMode.Stretch)
            elif slot is not None and slot.kind is PKind.TEST:
                view.setColumnWidth(section, max(TEST_WIDTH, header_width(view, section)))
            else:
                view.setColumnWidth(section, max(LEVEL_WIDTH, header_width(view, section)))

    def _show_state(self, grid: PrimaryGrid | None) -> None:
        """The banner: why the grid is read-only, or how to type in it."""
        self.history_button.setEnabled(grid is not None and bool(grid.rows))
        self.fill_button.setEnabled(grid is not None and grid.editable)
        self._show_counts()
        if self._class is not None and not self._class.subjects:
            self.panel.set_banner(
                self.tr("Bạn không được phân công dạy môn nào ở lớp {cls}.").format(
                    cls=self._class.name
                )
            )
            return
        if grid is None:
            self.panel.set_banner("")
            return
        self.panel.set_banner(self._banner(grid))

    def _banner(self, grid: PrimaryGrid) -> str:
        where = self.tr("Sổ theo dõi chất lượng giáo dục lớp {cls} {semester}").format(
            cls=grid.class_name, semester=semester_label(grid.semester)
        )
        if grid.locked and grid.editable:
            text = self.tr(
                "{where} đã khóa. Bạn vẫn sửa được vì thuộc Ban giám hiệu; "
                "khi lưu phải ghi rõ lý do."
            )
        elif grid.locked:
            text = self.tr(
                "{where} đã khóa: chỉ Ban giám hiệu được sửa, kèm lý do. Bảng chỉ để xem."
            )
        elif not grid.editable:
            text = self.tr("Bạn chỉ được xem bảng này (không được phân công dạy môn này).")
        elif any(c.slot.kind is PKind.TEST for c in grid.columns):
            text = self.tr(
                "Mức đạt được: gõ HTT, HT hoặc CHT (hoặc cả chữ: Hoàn thành tốt…). "
                "Điểm kiểm tra định kì là số nguyên từ 0 đến 10. Nhận xét không bắt buộc."
            )
        else:
            text = self.tr(
                "Môn đánh giá bằng nhận xét, không có bài kiểm tra định kì. Mức đạt được: "
                "gõ HTT, HT hoặc CHT (hoặc cả chữ: Hoàn thành tốt…)."
            )
        return text.format(where=where)

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

    def locked(self) -> bool:
        grid = self.grid_model.grid
        return bool(grid and grid.locked)

    def sheet_name(self) -> str:
        grid = self.grid_model.grid
        if grid is None:
            return self.tr("Bảng đánh giá")
        return self.tr("Bảng đánh giá {subject} lớp {cls}, {semester}").format(
            subject=grid.subject.name, cls=grid.class_name, semester=semester_label(grid.semester)
        )

    def writer(self) -> Writer | None:
        grid = self.grid_model.grid
        if grid is None:
            return None
        edits = self.grid_model.pending_edits()
        actor = self.ctx.actor

        def write(session: Session, reason: str | None) -> SaveResult:
            return save_cells(
                session, actor, grid.class_id, grid.subject.id, grid.semester, edits, reason
            )

        return write

    def student_row(self, student_id: uuid.UUID) -> int:
        return self.grid_model.row_of(student_id)

    def problem_key(self, column: str) -> str:
        grid = self.grid_model.grid
        found = grid.column(column) if grid else None
        return found.key if found else column.upper()

    # ------------------------------------------------------------ history

    def _on_history_clicked(self) -> None:
        row = self.panel.view.currentIndex().row()
        student = self.grid_model.student_at(max(row, 0))
        if student is None:
            return
        GradeHistoryDialog.show_for(
            self, self.ctx.db, self.ctx.actor, student.student_id, student.full_name
        )

"""What the two subject entry tabs share: TT22 "Nhập điểm" and TT27 "Nhập đánh giá".

Both pick a subject of the class (the semester comes from the page), read one
class × subject × semester grid, say in the banner why it is read-only or how
to type in it, save the valid edits in one unit of work and show the selected
student's history. A subclass names its grid service and save service (same
signatures for both levels), words its banner and sizes its value columns.
"""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtWidgets import QComboBox, QHeaderView, QLabel, QPushButton, QWidget
from sqlalchemy.orm import Session

from app.db import Actor
from app.errors import AppError
from app.gradebook.choices import ClassChoice
from app.gradebook.entry import ASSESSMENTS, SaveResult
from app.gradebook.locking import LOCKS
from app.gradebook.terms import semester_label
from ui import errors, icons
from ui.gradebook.combo import find_data
from ui.gradebook.entry_model import ColumnKind
from ui.gradebook.grade_history_dialog import GradeHistoryDialog
from ui.gradebook.sheet import SheetWidget, Writer
from ui.gradebook.subject_grid_model import SubjectGridModel
from ui.pages import PageContext
from ui.table_fit import fit_columns

NUMBER_WIDTH = 44
COMMENT_WIDTH = 220
"""A comment column's width when the grid has no room to spare (it grows with the window)."""


class SubjectEntryWidget(SheetWidget):
    """Pick a subject of the class; the grid shows the semester chosen on the page."""

    entities = (ASSESSMENTS, LOCKS, "subject", "teaching_assignment")
    name_width = 210
    sheet_title = "Bảng điểm"
    """How messages name the sheet ("Bảng điểm Toán lớp 6A1, Học kì I")."""
    where_text = "Sổ điểm lớp {cls} {semester}"
    history_text = "Lịch sử điểm"
    history_tip = "Mọi lần sửa điểm của học sinh đang chọn: giá trị cũ, mới, người sửa, lý do"
    locked_text = "{where} đã khóa: chỉ Ban giám hiệu được sửa, kèm lý do. Bảng điểm chỉ để xem."
    read_only_text = "Bạn chỉ được xem bảng điểm này (không được phân công nhập môn này)."

    def __init__(
        self,
        ctx: PageContext,
        model: SubjectGridModel[Any, Any, Any],
        parent: QWidget | None = None,
    ) -> None:
        self.grid_model = model
        super().__init__(ctx, model, parent)
        self._class: ClassChoice | None = None
        self._semester = 1
        self._build()
        self._connect()

    # ------------------------------------------------------------ subclass hooks

    @staticmethod
    def load_grid(
        session: Session, actor: Actor, class_id: uuid.UUID, subject_id: uuid.UUID, semester: int, /
    ) -> Any:
        """The grid service of the level (``grade_grid``, ``primary_grid``)."""
        raise NotImplementedError

    @staticmethod
    def save_edits(
        session: Session,
        actor: Actor,
        class_id: uuid.UUID,
        subject_id: uuid.UUID,
        semester: int,
        edits: Any,
        reason: str | None,
        /,
    ) -> SaveResult:
        """The save service of the level (``save_scores``, ``save_cells``)."""
        raise NotImplementedError

    def extra_tools(self) -> list[QWidget]:
        """Tools shown between the subject picker and the history button."""
        return []

    def value_width(self, section: int, kind: ColumnKind) -> int | None:
        """The width of a value or comment column (None: leave it as it is)."""
        return None

    def typing_hint(self, grid: Any) -> str:
        """The banner over an editable, unlocked grid: how to type in it ("" for none)."""
        return ""

    def state_shown(self, grid: Any) -> None:
        """Called when a grid (or None) has been shown, before the banner is set."""

    # ------------------------------------------------------------ building

    def _build(self) -> None:
        self.subject_label = QLabel(self.tr("Môn học:"))
        self.subject_combo = QComboBox()
        self.subject_combo.setMinimumWidth(240)
        extras = self.extra_tools()
        self.history_button = QPushButton(icons.icon("clock"), self.tr(self.history_text))
        self.history_button.setToolTip(self.tr(self.history_tip))
        tools = self.panel.tools
        tools.addWidget(self.subject_label)
        tools.addWidget(self.subject_combo)
        tools.addSpacing(8)
        for widget in extras:
            tools.addWidget(widget)
        tools.addWidget(self.history_button)

    def _connect(self) -> None:
        self.subject_combo.activated.connect(self._on_subject_activated)
        self.history_button.clicked.connect(self._on_history_clicked)

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
                grid = self.load_grid(s, self.ctx.actor, self._class.id, subject, self._semester)
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
            if kind is ColumnKind.NUMBER:
                width: int | None = NUMBER_WIDTH
            elif kind is ColumnKind.NAME:
                width = self.name_width
            else:
                width = self.value_width(section, kind)
            if width is None and kind is ColumnKind.TEXT_INPUT:
                width = COMMENT_WIDTH
            if width is not None:
                view.setColumnWidth(section, width)
        fit_columns(view)
        header.setStretchLastSection(True)  # wider on a wide screen; scrolls on a narrow one

    def _show_state(self, grid: Any) -> None:
        """The banner: why the grid is read-only, or how to type in it."""
        self.history_button.setEnabled(grid is not None and bool(grid.rows))
        self.state_shown(grid)
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

    def _banner(self, grid: Any) -> str:
        where = self.tr(self.where_text).format(
            cls=grid.class_name, semester=semester_label(grid.semester)
        )
        if grid.locked and grid.editable:
            text = self.tr(
                "{where} đã khóa. Bạn vẫn sửa được vì thuộc Ban giám hiệu; "
                "khi lưu phải ghi rõ lý do."
            )
        elif grid.locked:
            text = self.tr(self.locked_text)
        elif not grid.editable:
            text = self.tr(self.read_only_text)
        else:
            text = self.typing_hint(grid)
        return text.format(where=where)

    # ------------------------------------------------------------ sheet hooks

    def locked(self) -> bool:
        grid = self.grid_model.grid
        return bool(grid and grid.locked)

    def sheet_name(self) -> str:
        grid = self.grid_model.grid
        if grid is None:
            return self.tr(self.sheet_title)
        return self.tr("{sheet} {subject} lớp {cls}, {semester}").format(
            sheet=self.tr(self.sheet_title),
            subject=grid.subject.name,
            cls=grid.class_name,
            semester=semester_label(grid.semester),
        )

    def writer(self) -> Writer | None:
        grid = self.grid_model.grid
        if grid is None:
            return None
        edits = self.grid_model.pending_edits()
        actor, save = self.ctx.actor, self.save_edits

        def write(session: Session, reason: str | None) -> SaveResult:
            return save(
                session, actor, grid.class_id, grid.subject.id, grid.semester, edits, reason
            )

        return write

    def student_row(self, student_id: uuid.UUID) -> int:
        return self.grid_model.row_of(student_id)

    # ------------------------------------------------------------ history

    def _on_history_clicked(self) -> None:
        row = self.panel.view.currentIndex().row()
        student = self.grid_model.student_at(max(row, 0))
        if student is None:
            return
        GradeHistoryDialog.show_for(
            self, self.ctx.db, self.ctx.actor, student.student_id, student.full_name
        )

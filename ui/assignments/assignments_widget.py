"""The «Phân công» page: who teaches what in each class of a school year, and who leads it.

A row per class (its name in the row header), the homeroom column GVCN, then a column per
subject; a cell opens a combo of the active teachers. Select row or column headers (or some
cells), choose a teacher and «Điền cả hàng/cột» fills every cell selected. «Chép từ năm
trước…» puts last year's teachers in the empty cells (6A1 → 7A1 when classes moved up).
Edits stay in the grid (yellow) until «Lưu» writes them all in one unit of work; leaving the
page, or changing the year or grade, with unsaved edits asks Lưu / Không lưu / Hủy. Excel
export and import go through the same services as the CLI.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QWidget,
)

from app.assignments.copy_year import plan_copy
from app.assignments.grid import (
    AssignmentGrid,
    CellChange,
    GridSaved,
    change_lines,
    load_grid,
    save_grid,
)
from app.assignments.teachers import Teacher
from app.assignments.wording import change_text, plan_text
from app.changes import Changes
from app.errors import AppError
from app.messages.assignments import ASSIGN_MSG as M
from app.progress import Progress
from ui import errors, icons, ops
from ui.assignments import excel_flow
from ui.assignments.dialogs import (
    CopyDialog,
    TeacherDelegate,
    combo_teachers,
    fill_teacher_combo,
)
from ui.assignments.grid_model import AssignmentGridModel
from ui.confirm import leave_after_asking, show_status
from ui.flow_layout import FlowLayout, group
from ui.pages import PageContext
from ui.signals import bus
from ui.widgets import PageHeader, fill_years, page_layout

WATCHED = ("teaching_assignment", "class_group", "user_account", "subject", "class_elective")


def _noop() -> None:
    return None


class AssignmentsWidget(QWidget):
    """The teaching-assignment grid of one school year."""

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.model = AssignmentGridModel(self)
        self._saving = False
        self._shown: tuple[str, int | None] = ("", None)
        self._build()
        self._connect()
        self._load_years()

    # ------------------------------------------------------------ layout

    def _build(self) -> None:
        layout = page_layout(self)
        layout.addWidget(
            PageHeader(
                self.tr("Phân công giảng dạy"),
                self.tr("Giáo viên dạy từng môn ở từng lớp và giáo viên chủ nhiệm, theo năm học."),
            )
        )
        self.year_combo = QComboBox()
        self.grade_combo = QComboBox()
        self.teacher_combo = QComboBox()
        self.teacher_combo.setMinimumWidth(240)
        self.fill_button = QPushButton(self.tr("Điền cả hàng/cột"))
        self.fill_button.setToolTip(
            self.tr(
                "Bấm tiêu đề hàng (lớp) hoặc cột (môn) để chọn cả hàng, cả cột; chọn giáo viên "
                "rồi bấm để điền mọi ô đã chọn."
            )
        )
        self.copy_button = QPushButton(icons.icon("refresh"), self.tr("Chép từ năm trước…"))
        self.export_button = QPushButton(self.tr("Xuất Excel…"))
        self.import_button = QPushButton(self.tr("Nhập Excel…"))
        self.save_button = QPushButton(icons.icon("save", "#ffffff"), self.tr("Lưu"))
        self.save_button.setObjectName("primary")
        self.discard_button = QPushButton(self.tr("Bỏ thay đổi"))
        bar = FlowLayout()
        bar.addWidget(group(QLabel(self.tr("Năm học")), self.year_combo))
        bar.addWidget(group(QLabel(self.tr("Khối")), self.grade_combo))
        bar.add_spacing(12)
        bar.addWidget(self.copy_button)
        bar.addWidget(self.export_button)
        bar.addWidget(self.import_button)
        layout.addLayout(bar)
        fill_bar = QHBoxLayout()
        fill_bar.addWidget(QLabel(self.tr("Giáo viên")))
        fill_bar.addWidget(self.teacher_combo)
        fill_bar.addWidget(self.fill_button)
        hint = QLabel(self.tr("Bấm tên lớp hoặc tên môn để chọn cả hàng, cả cột."))
        hint.setObjectName("muted")
        hint.setWordWrap(True)  # never wider than the page
        fill_bar.addWidget(hint, 1)
        layout.addLayout(fill_bar)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setItemDelegate(TeacherDelegate(self._teachers, self.table))
        self.table.setSelectionMode(QTableView.SelectionMode.ExtendedSelection)
        self.table.setWordWrap(False)
        head = self.table.horizontalHeader()
        head.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        head.setDefaultSectionSize(128)
        head.setHighlightSections(True)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        layout.addWidget(self.table, 1)
        self.status_label = QLabel()
        self.status_label.setObjectName("muted")
        self.status_label.setWordWrap(True)
        foot = QHBoxLayout()
        foot.addWidget(self.status_label, 1)
        foot.addWidget(self.discard_button)
        foot.addWidget(self.save_button)
        layout.addLayout(foot)

    def _connect(self) -> None:
        self.year_combo.activated.connect(lambda _i: self._on_filter_changed())
        self.grade_combo.activated.connect(lambda _i: self._on_filter_changed())
        self.fill_button.clicked.connect(self._on_fill_clicked)
        self.copy_button.clicked.connect(self._on_copy_clicked)
        self.export_button.clicked.connect(
            lambda: excel_flow.export_grid_file(self, self.ctx, self.year, self._report)
        )
        self.import_button.clicked.connect(
            lambda: excel_flow.import_grid_file(
                self, self.ctx, self.year, self._report, self.reload
            )
        )
        self.save_button.clicked.connect(lambda: self.save())
        self.discard_button.clicked.connect(self._on_discard_clicked)
        self.model.edits_changed.connect(self._update_state)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_state())
        bus.changed.connect(self._on_bus_changed)
        self.table.installEventFilter(self)
        save = QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self)
        save.activated.connect(lambda: self.save())

    # ------------------------------------------------------------ data

    @property
    def year(self) -> str:
        return str(self.year_combo.currentData() or "")

    @property
    def grade(self) -> int | None:
        data = self.grade_combo.currentData()
        return int(data) if data else None

    def _teachers(self) -> tuple[Teacher, ...]:
        return self.model.grid.teachers if self.model.grid else ()

    def _load_years(self) -> None:
        fill_years(self.year_combo, self.ctx.db, self.ctx.actor)
        self.reload()

    def reload(self) -> None:
        """Read the grid of the year and grade chosen (drops unsaved edits)."""
        grid: AssignmentGrid | None = None
        if self.year:
            with self.ctx.db.read(self.ctx.actor) as s:
                whole = load_grid(s, self.ctx.actor, self.year)
                grid = (
                    load_grid(s, self.ctx.actor, self.year, grade=self.grade)
                    if self.grade
                    else whole
                )
            self._fill_grades(sorted({c.grade for c in whole.classes}))
        self.model.set_grid(grid)
        self._shown = (self.year, self.grade)
        fill_teacher_combo(self.teacher_combo, self._teachers())
        self._update_state()

    def _fill_grades(self, grades: list[int]) -> None:
        chosen = self.grade
        self.grade_combo.clear()
        self.grade_combo.addItem(self.tr("Tất cả"), 0)
        for g in grades:
            self.grade_combo.addItem(str(g), g)
        self.grade_combo.setCurrentIndex(max(0, self.grade_combo.findData(chosen or 0)))

    def _update_state(self) -> None:
        n = len(self.model.pending)
        grid = self.model.grid
        self.save_button.setEnabled(n > 0 and not self._saving)
        self.discard_button.setEnabled(n > 0 and not self._saving)
        self.fill_button.setEnabled(self.table.selectionModel().hasSelection())
        self.export_button.setEnabled(grid is not None and n == 0)
        self.import_button.setEnabled(grid is not None and n == 0)
        if grid is None:
            self.status_label.setText(self.tr("Chưa có năm học."))
        elif not grid.classes:
            self.status_label.setText(
                self.tr("Năm học này chưa có lớp: tạo lớp ở trang «Lớp học».")
            )
        elif n:
            self.status_label.setText(self.tr("{n} ô chưa lưu (nền vàng).").format(n=n))
        else:
            filled = sum(1 for c in grid.classes for s in c.subjects if grid.teachers_of(c.id, s))
            self.status_label.setText(
                self.tr("{classes} lớp; {filled}/{cells} ô đã có giáo viên.").format(
                    classes=len(grid.classes), filled=filled, cells=grid.cell_count
                )
            )

    # ------------------------------------------------------------ leaving

    def has_unsaved(self) -> bool:
        """Whether edits wait to be saved."""
        return bool(self.model.pending)

    def request_leave(self, proceed: Callable[[], None], stay: Callable[[], None] = _noop) -> None:
        """Run ``proceed`` once unsaved edits are saved or dropped; ``stay`` on Hủy."""
        if not self.has_unsaved():
            proceed()
            return
        text = self.tr("Bảng phân công năm học {year} có {n} ô chưa lưu. Lưu lại các thay đổi này?")
        leave_after_asking(
            self, text.format(year=self._shown[0], n=len(self.model.pending)),
            save=lambda then, failed: self.save(then=then, failed=failed),
            discard=self.model.discard, proceed=proceed, stay=stay,
        )  # fmt: skip

    def _on_filter_changed(self) -> None:
        wanted = (self.year, self.grade)
        if wanted == self._shown:
            return

        def back() -> None:
            year, grade = self._shown
            self.year_combo.setCurrentIndex(self.year_combo.findData(year))
            self.grade_combo.setCurrentIndex(max(0, self.grade_combo.findData(grade or 0)))

        self.request_leave(self.reload, back)

    def _report(self, text: str) -> None:
        self.status_label.setText(text)
        show_status(self, text)

    def _on_discard_clicked(self) -> None:
        self.model.discard()
        self.status_label.setText(self.tr("Đã bỏ các thay đổi chưa lưu."))

    def _on_bus_changed(self, changes: Changes) -> None:
        if self._saving or self.has_unsaved() or not changes.touches(*WATCHED):
            return
        self.reload()

    # ------------------------------------------------------------ editing

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        """Delete (or Backspace) on the grid empties the selected cells, as unsaved edits."""
        if (
            watched is self.table
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
            and self.table.state() != QTableView.State.EditingState
        ):
            self._fill_selection(())
            return True
        return super().eventFilter(watched, event)

    def _on_fill_clicked(self) -> None:
        self._fill_selection(combo_teachers(self.teacher_combo))

    def _fill_selection(self, teachers: tuple[str, ...]) -> None:
        cells = sorted(
            {(i.row(), i.column()) for i in self.table.selectionModel().selectedIndexes()}
        )
        rows = {r for r, _c in cells}
        skipped_homeroom = False
        done = 0
        for row, col in cells:
            if not self.model.studied(row, col):
                continue
            if col == 0 and len(rows) > 1:
                skipped_homeroom = True
                continue
            self.model.set_cell(row, col, teachers)
            done += 1
        self.table.clearSelection()  # the filled cells show yellow
        note = (
            self.tr("Đã điền {n} ô; bấm «Lưu» để ghi.")
            if teachers
            else self.tr("Đã để trống {n} ô; bấm «Lưu» để ghi.")
        ).format(n=done)
        if skipped_homeroom:
            note += " " + self.tr("Cột GVCN không điền cho nhiều lớp một lúc: mỗi lớp một người.")
        self.status_label.setText(note)

    def _on_copy_clicked(self) -> None:
        year, actor = self.year, self.ctx.actor
        plans: dict[bool, list[CellChange]] = {}
        grade = self.grade
        shown = {c.id for c in self.model.grid.classes} if self.model.grid else set()

        def describe(same_name: bool) -> tuple[str, bool]:
            with self.ctx.db.read(actor) as s:
                try:
                    plan = plan_copy(s, actor, year, same_name=same_name)
                except AppError as exc:  # no year before: the dialog says so
                    return exc.message, False
                changes = [c for c in plan.changes if c.class_id in shown]
                lines = change_lines(load_grid(s, actor, year), changes)
            plans[same_name] = changes
            text = plan_text(plan) + change_text(lines)
            if grade:
                text.append(self.tr("Chỉ điền các lớp khối {grade} đang hiện.").format(grade=grade))
            text.append(self.tr("Sẽ điền {n} ô còn trống.").format(n=len(changes)))
            return "\n".join(text), bool(changes)

        same_name = CopyDialog.ask(self, describe)
        if same_name is None:
            return
        done = self.model.apply(plans.get(same_name, []))
        self.status_label.setText(
            self.tr("Đã điền {n} ô từ năm trước (nền vàng); xem lại rồi bấm «Lưu».").format(n=done)
        )

    # ------------------------------------------------------------ saving

    def save(self, then: Callable[[], None] = _noop, failed: Callable[[], None] = _noop) -> None:
        """Write every pending edit in one unit of work in the background, then ``then``."""
        if self._saving:
            return
        changes = self.model.pending_changes()
        if not changes:
            then()
            return
        db, actor, year = self.ctx.db, self.ctx.actor, self._shown[0]

        def job(progress: Progress) -> GridSaved:
            with db.uow(actor=actor) as s:
                return save_grid(s, actor, year, changes)

        def done(saved: GridSaved) -> None:
            self._saving = False
            self.reload()
            note = self.tr("Đã lưu {n} ô lúc {time}.").format(
                n=len(saved.lines), time=datetime.now().strftime("%H:%M")
            )
            if saved.graded:
                note += " " + M.graded_note.format(n=saved.graded)
            self.status_label.setText(note)
            show_status(self, note)
            then()

        def error(exc: BaseException) -> None:
            self._saving = False
            self._update_state()
            errors.show_error(self, exc)
            failed()

        self._saving = True
        self._update_state()
        ops.run(self, job, done, label=self.tr("Đang lưu phân công…"), on_error=error)

"""The "Lớp học" page: classes of a year, homeroom teachers, electives, moving students.

Left: the year's classes with their homeroom teacher and size, and the selected
class's elective subjects (chosen in ``ElectivesDialog`` for a grade that has
electives). Right: the active students of the selected class (a lazy
``StudentListModel``); select several and move them to another class of the
same year in one unit of work.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from app.changes import SCHOOL_YEAR, Changes
from app.gradebook import electives
from app.gradebook.catalogue import SUBJECTS
from app.numbers import thousands
from app.students import (
    ClassInfo,
    Status,
    StudentFilter,
    create_class,
    list_classes,
    move_students,
    set_homeroom,
)
from app.students.changes import STUDENT_ENTITIES
from app.students.classes import homeroom_candidates
from ui import icons, ops
from ui.confirm import Confirm
from ui.flow_layout import FlowLayout, group
from ui.pages import PageContext
from ui.rollover import rollover_button
from ui.signals import bus
from ui.students.class_dialogs import HomeroomDialog, NewClassDialog
from ui.students.electives_dialog import ElectivesDialog
from ui.students.student_list_model import Column, StudentListModel
from ui.widgets import PageHeader, configure_table, fill_years, page_layout

CLASS_HEADERS = ("Lớp", "Khối", "GV chủ nhiệm", "Sĩ số")


class ClassesWidget(QWidget):
    """Classes of one school year and the students in the selected one."""

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.classes: list[ClassInfo] = []
        self.elective_grades: frozenset[int] = frozenset()
        self.students = StudentListModel(ctx.db, ctx.actor, self)
        self._build()
        self._connect()
        self._load_years()

    # ------------------------------------------------------------ layout

    def _build(self) -> None:
        layout = page_layout(self)
        layout.addWidget(
            PageHeader(
                self.tr("Lớp học"),
                self.tr(
                    "Tạo lớp cho năm học, phân công giáo viên chủ nhiệm, chuyển học sinh giữa các lớp."
                ),
            )
        )
        self.year_combo = QComboBox()
        self.year_combo.setMinimumWidth(120)
        self.new_button = QPushButton(icons.icon("calendar", "#ffffff"), self.tr("Tạo lớp"))
        self.new_button.setObjectName("primary")
        self.homeroom_button = QPushButton(icons.icon("user-check"), self.tr("Phân công GVCN"))
        self.electives_button = QPushButton(icons.icon("check"), self.tr("Môn lựa chọn"))
        self.electives_button.setToolTip(
            self.tr("Chọn môn lựa chọn của lớp (khối có môn lựa chọn, ví dụ THPT: 4 môn)")
        )
        bar = FlowLayout()
        bar.addWidget(group(QLabel(self.tr("Năm học")), self.year_combo))
        bar.add_spacing(12)
        bar.addWidget(self.new_button)
        bar.addWidget(self.homeroom_button)
        bar.addWidget(self.electives_button)
        self.rollover_button = rollover_button(self.ctx, self)
        bar.addWidget(self.rollover_button)
        layout.addLayout(bar)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self._classes_panel())
        splitter.addWidget(self._students_panel())
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([400, 600])  # 2 : 3 from the start, not only of the space to spare
        splitter.setChildrenCollapsible(False)
        layout.addWidget(splitter, 1)

    def _classes_panel(self) -> QWidget:
        self.class_table = QTableWidget(0, len(CLASS_HEADERS))
        self.class_table.setHorizontalHeaderLabels([self.tr(h) for h in CLASS_HEADERS])
        teacher_header = self.class_table.horizontalHeaderItem(2)
        if teacher_header is not None:
            teacher_header.setToolTip(self.tr("Giáo viên chủ nhiệm"))
        configure_table(self.class_table)
        head = self.class_table.horizontalHeader()
        head.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        head.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.class_count_label = QLabel()
        self.class_count_label.setObjectName("muted")
        self.electives_label = QLabel()
        self.electives_label.setWordWrap(True)
        panel = QWidget()
        lay = QVBoxLayout(panel)
        lay.setContentsMargins(0, 0, 6, 0)
        lay.addWidget(self.class_table, 1)
        lay.addWidget(self.electives_label)
        lay.addWidget(self.class_count_label)
        return panel

    def _students_panel(self) -> QWidget:
        self.students_title = QLabel()
        self.students_title.setObjectName("cardTitle")
        self.student_table = QTableView()
        self.student_table.setModel(self.students)
        configure_table(self.student_table)
        self.student_table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        for column in (Column.STATUS, Column.CLASS):
            self.student_table.setColumnHidden(column, True)
        head = self.student_table.horizontalHeader()
        head.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        head.setSectionResizeMode(Column.FULL_NAME, QHeaderView.ResizeMode.Stretch)
        self.target_combo = QComboBox()
        self.target_combo.setMinimumWidth(110)
        self.move_button = QPushButton(icons.icon("refresh"), self.tr("Chuyển lớp"))
        self.move_label = QLabel()
        move_bar = FlowLayout()
        move_bar.addWidget(self.move_label)
        move_bar.add_stretch()
        move_bar.addWidget(group(QLabel(self.tr("sang lớp")), self.target_combo, self.move_button))
        panel = QWidget()
        lay = QVBoxLayout(panel)
        lay.setContentsMargins(6, 0, 0, 0)
        lay.addWidget(self.students_title)
        lay.addWidget(self.student_table, 1)
        lay.addLayout(move_bar)
        return panel

    def _connect(self) -> None:
        self.year_combo.currentIndexChanged.connect(self._on_year_changed)
        self.class_table.itemSelectionChanged.connect(self._on_class_selected)
        self.class_table.doubleClicked.connect(self._on_homeroom_clicked)
        self.student_table.selectionModel().selectionChanged.connect(self._update_move_bar)
        self.students.loaded.connect(self._update_move_bar)
        self.new_button.clicked.connect(self._on_new_clicked)
        self.homeroom_button.clicked.connect(self._on_homeroom_clicked)
        self.electives_button.clicked.connect(self._on_electives_clicked)
        self.move_button.clicked.connect(self._on_move_clicked)
        bus.changed.connect(self._on_bus_changed)

    # ------------------------------------------------------------ data

    @property
    def year(self) -> str:
        """The school year shown."""
        return str(self.year_combo.currentData() or "")

    def _load_years(self) -> None:
        fill_years(self.year_combo, self.ctx.db, self.ctx.actor, self.year)
        self.refresh()

    def refresh(self) -> None:
        """Reload the classes of the year, keeping the selected class."""
        selected = self.selected_class()
        self.classes = []
        self.elective_grades = frozenset()
        if self.year:
            with self.ctx.db.read(self.ctx.actor) as s:
                self.classes = list_classes(s, self.ctx.actor, self.year)
                self.elective_grades = electives.elective_grades(s, self.year)
        self.class_table.setRowCount(len(self.classes))
        for row, c in enumerate(self.classes):
            values = (c.name, str(c.grade), c.homeroom_teacher or "—", str(c.student_count))
            for col, value in enumerate(values):
                item = QTableWidgetItem(value)
                if col in (1, 3):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.class_table.setItem(row, col, item)
        self.class_count_label.setText(
            self.tr("{n} lớp, {s} học sinh đang học").format(
                n=thousands(len(self.classes)),
                s=thousands(sum(c.student_count for c in self.classes)),
            )
        )
        names = [c.name for c in self.classes]
        if selected is not None and selected.name in names:
            self.class_table.selectRow(names.index(selected.name))
        elif self.classes:
            self.class_table.selectRow(0)
        else:
            self._on_class_selected()

    def selected_class(self) -> ClassInfo | None:
        """The class selected on the left."""
        rows = self.class_table.selectionModel().selectedRows()
        return self.classes[rows[0].row()] if rows and rows[0].row() < len(self.classes) else None

    def selected_students(self) -> list[uuid.UUID]:
        """Ids of the students selected on the right."""
        rows = sorted(i.row() for i in self.student_table.selectionModel().selectedRows())
        return [r.id for r in (self.students.student_at(i) for i in rows) if r is not None]

    def _on_year_changed(self) -> None:
        self.refresh()

    def _on_class_selected(self) -> None:
        c = self.selected_class()
        self.homeroom_button.setEnabled(c is not None)
        self._show_electives()
        name = c.name if c else ""
        self.students_title.setText(
            self.tr("Học sinh lớp {name}").format(name=name) if c else self.tr("Chưa chọn lớp")
        )
        self.target_combo.clear()
        self.target_combo.addItems([x.name for x in self.classes if x is not c])
        class_id = c.id if c else uuid.UUID(int=0)  # no class: an empty list
        self.students.set_filter(
            StudentFilter(year=self.year or None, class_id=class_id, status=Status.ACTIVE)
        )

    def _show_electives(self) -> None:
        """The selected class's electives under the table (hidden for grades without any)."""
        c = self.selected_class()
        has = c is not None and c.grade in self.elective_grades
        self.electives_button.setEnabled(has)
        self.electives_label.setVisible(has)
        if c is None or not has:
            return
        with self.ctx.db.read(self.ctx.actor) as s:
            info = electives.class_electives(s, self.ctx.actor, c.id)
        names = ", ".join(o.name for o in info.chosen) or self.tr("chưa chọn")
        self.electives_label.setText(
            self.tr("Môn lựa chọn lớp {name} ({n}/{limit}): {names}").format(
                name=c.name, n=len(info.chosen), limit=info.maximum, names=names
            )
        )

    def _update_move_bar(self, *_args: object) -> None:
        n = len(self.student_table.selectionModel().selectedRows())
        self.move_label.setText(
            self.tr("Đã chọn {n} học sinh").format(n=n)
            if n
            else self.tr("Chọn học sinh (giữ Ctrl hoặc Shift để chọn nhiều)")
        )
        self.move_button.setEnabled(n > 0 and self.target_combo.count() > 0)

    def _on_bus_changed(self, changes: Changes) -> None:
        if changes.touches(SCHOOL_YEAR):
            self._load_years()
        elif changes.touches(*STUDENT_ENTITIES, SUBJECTS):
            self.refresh()
        elif changes.touches(electives.ELECTIVES):
            self._show_electives()

    # ------------------------------------------------------------ commands

    def _command(self, write: Callable[[Session], Changes], label: str) -> None:
        """Run ``write`` in one unit of work; the runner announces the changes it returns."""
        db, actor = self.ctx.db, self.ctx.actor

        def job(_progress: object) -> Changes:
            with db.uow(actor=actor, reason=label) as s:
                return write(s)

        ops.run(self, job, label=label)

    def _on_new_clicked(self) -> None:
        if not self.year:
            return
        with self.ctx.db.read(self.ctx.actor) as s:
            teachers = homeroom_candidates(s, self.ctx.actor)
        request = NewClassDialog.ask(self, self.year, teachers)
        if request is None:
            return
        actor, year = self.ctx.actor, self.year

        def write(s: Session) -> Changes:
            changes = Changes()
            for name in request.names:
                info = create_class(s, actor, name, year=year, homeroom=request.homeroom or None)
                changes |= info.changes
            return changes

        label = self.tr("Tạo lớp {names} năm học {year}").format(
            names=", ".join(request.names), year=year
        )
        self._command(write, label)

    def _on_homeroom_clicked(self) -> None:
        c = self.selected_class()
        if c is None:
            return
        with self.ctx.db.read(self.ctx.actor) as s:
            teachers = homeroom_candidates(s, self.ctx.actor)
        chosen = HomeroomDialog.ask(self, c.name, c.homeroom_username, teachers)
        if chosen is None or chosen == c.homeroom_username:
            return
        actor = self.ctx.actor
        self._command(
            lambda s: set_homeroom(s, actor, c.id, chosen or None).changes,
            self.tr("Phân công chủ nhiệm lớp {name}").format(name=c.name),
        )

    def _on_electives_clicked(self) -> None:
        c = self.selected_class()
        if c is None or c.grade not in self.elective_grades:
            return
        db, actor = self.ctx.db, self.ctx.actor
        with db.read(actor) as s:
            info = electives.class_electives(s, actor, c.id)
        choice = ElectivesDialog.ask(self, info)
        if choice is None:
            return
        label = self.tr("Môn lựa chọn lớp {name}").format(name=c.name)

        def job(_progress: object) -> Changes:
            with db.uow(actor=actor, reason=choice.reason or label) as s:
                saved = electives.set_electives(s, actor, c.id, choice.subject_ids, choice.reason)
            return saved.changes

        ops.run(self, job, label=label)

    def _on_move_clicked(self) -> None:
        source, ids = self.selected_class(), self.selected_students()
        target = next((c for c in self.classes if c.name == self.target_combo.currentText()), None)
        if source is None or target is None or not ids or target.id == source.id:
            return
        question = self.tr("Chuyển {n} học sinh từ lớp {a} sang lớp {b}?").format(
            n=len(ids), a=source.name, b=target.name
        )
        if not Confirm.ask(self, self.tr("Chuyển lớp"), question, self.tr("Chuyển lớp")):
            return
        actor = self.ctx.actor
        label = self.tr("Chuyển lớp {a} → {b}").format(a=source.name, b=target.name)

        def write(s: Session) -> Changes:
            return move_students(s, actor, ids, target.id, reason=label).changes

        self._command(write, label)

"""The "Học sinh" page: filter by year, class and status, search as you type, sort in SQL.

The table is a ``StudentListModel`` (lazy pages from SQL, never a proxy model).
When nothing matches, the table gives way to a message naming the filters that
hide the rows, with "Bỏ lọc" to clear them (``ui.empty_state``).
Commands (add, edit, transfer, withdraw, graduate, import, export) are offered
only to roles that hold the permission; the services check it again.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QTableView,
    QToolButton,
    QWidget,
)

from app.changes import SCHOOL_YEAR, Changes
from app.errors import AppError
from app.numbers import thousands
from app.permissions import Perm, can
from app.students import StudentFilter
from app.students.access import is_class_scoped
from app.students.changes import CLASS_GROUP, STUDENT_ENTITIES
from app.students.inputs import Status
from app.students.models import EVENT_LABELS, EventKind
from ui import errors, icons
from ui.empty_state import TableOrEmpty, no_match
from ui.flow_layout import FlowLayout
from ui.pages import PageContext
from ui.signals import bus
from ui.students.opened_filter import OpenedFilter
from ui.students.student_filter_bar import StudentFilterBar
from ui.students.student_list_model import SORT_FIELDS, Column, StudentListModel
from ui.widgets import PageHeader, configure_table, page_layout

SEARCH_DELAY_MS = 200


class StudentListWidget(QWidget):
    """The student list with its filters and actions."""

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.can_edit = can(ctx.actor, Perm.EDIT_STUDENTS)
        self.model = StudentListModel(ctx.db, ctx.actor, self)
        self.search_timer = QTimer(self)
        self.search_timer.setSingleShot(True)
        self.search_timer.setInterval(SEARCH_DELAY_MS)
        self._sort_column = Column.FULL_NAME
        self._sort_order = Qt.SortOrder.AscendingOrder
        self._pending: uuid.UUID | None = None  # a student to select once the list is read
        self._build()
        self._connect()
        self._load_years()
        self.apply_filter()

    # ------------------------------------------------------------ layout

    def _build(self) -> None:
        layout = page_layout(self)
        if self.can_edit:
            subtitle = self.tr("Hồ sơ học sinh toàn trường: tìm kiếm, lọc, xem và cập nhật.")
        elif is_class_scoped(self.ctx.actor):
            subtitle = self.tr("Học sinh các lớp bạn chủ nhiệm (chỉ xem).")
        else:
            subtitle = self.tr("Hồ sơ học sinh toàn trường (chỉ xem).")
        layout.addWidget(PageHeader(self.tr("Học sinh"), subtitle))
        self.filters = StudentFilterBar(self.ctx, self)
        f = self.filters
        self.year_combo, self.class_combo, self.status_combo = (
            f.year_combo,
            f.class_combo,
            f.status_combo,
        )
        self.search_edit, self.exact_check = f.search_edit, f.exact_check
        layout.addLayout(f.bar)
        self.opened_filter = OpenedFilter()  # a grade or a record gap asked by another page
        layout.addWidget(self.opened_filter)
        layout.addLayout(self._action_bar())
        self.table = QTableView()
        self.table.setModel(self.model)
        configure_table(self.table)
        self.table.verticalHeader().setDefaultSectionSize(26)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        head = self.table.horizontalHeader()
        widths = {Column.CODE: 140, Column.DATE_OF_BIRTH: 100, Column.SEX: 80, Column.CLASS: 80}
        for column, width in widths.items():
            head.resizeSection(column, width)
        head.setSectionResizeMode(Column.FULL_NAME, QHeaderView.ResizeMode.Stretch)
        head.resizeSection(Column.STATUS, 120)
        head.setSortIndicator(Column.FULL_NAME, Qt.SortOrder.AscendingOrder)
        head.setSortIndicatorShown(True)
        head.setSectionsClickable(True)
        self.rows_or_empty = TableOrEmpty(self.table)
        layout.addWidget(self.rows_or_empty, 1)
        self.count_label = QLabel()
        self.count_label.setObjectName("muted")
        self.error_label = QLabel()
        self.error_label.setObjectName("errorText")
        self.error_label.setVisible(False)
        self.error_label.setWordWrap(True)
        layout.addWidget(self.error_label)
        layout.addWidget(self.count_label)

    def _action_bar(self) -> FlowLayout:
        self.add_button = QPushButton(icons.icon("user-plus", "#ffffff"), self.tr("Thêm học sinh"))
        self.add_button.setObjectName("primary")
        self.open_button = QPushButton(
            icons.icon("edit" if self.can_edit else "user"),
            self.tr("Sửa hồ sơ") if self.can_edit else self.tr("Xem hồ sơ"),
        )
        self.events_button = QToolButton()
        self.events_button.setText(self.tr("Biến động"))
        self.events_button.setIcon(icons.icon("refresh"))
        self.events_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.events_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.events_menu = QMenu(self)
        self.event_actions: dict[str, QAction] = {}
        for kind in (EventKind.TRANSFER_IN, EventKind.TRANSFER_OUT, EventKind.WITHDRAWAL,
                     EventKind.GRADUATION, EventKind.SUSPENSION, EventKind.ENROLLED):  # fmt: skip
            text = EVENT_LABELS[kind] + ("…" if kind == EventKind.TRANSFER_IN else "")
            if kind == EventKind.ENROLLED:
                self.events_menu.addSeparator()
                text = "Nhập học lại…"
            self.event_actions[kind] = self.events_menu.addAction(self.tr(text))
            if kind == EventKind.TRANSFER_IN:
                self.events_menu.addSeparator()
        self.events_button.setMenu(self.events_menu)
        self.import_button = QPushButton(icons.icon("folder"), self.tr("Nhập từ Excel"))
        self.export_button = QPushButton(icons.icon("save"), self.tr("Xuất danh sách"))
        bar = FlowLayout()
        for w in (self.add_button, self.open_button, self.events_button):
            bar.addWidget(w)
        bar.add_stretch()
        bar.addWidget(self.import_button)
        bar.addWidget(self.export_button)
        for w in (self.add_button, self.events_button, self.import_button):
            w.setVisible(self.can_edit)
        return bar

    def _connect(self) -> None:
        self.filters.changed.connect(self.apply_filter)
        self.opened_filter.cleared.connect(self.apply_filter)
        self.filters.typed.connect(self._on_search_edited)
        self.filters.submitted.connect(self.apply_filter)
        self.search_timer.timeout.connect(self.apply_filter)
        self.rows_or_empty.empty.reset_requested.connect(self.filters.reset)
        self.rows_or_empty.empty.reset_requested.connect(self.opened_filter.clear)
        self.table.horizontalHeader().sortIndicatorChanged.connect(self._on_sort_changed)
        self.table.doubleClicked.connect(self._on_row_activated)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.table.verticalScrollBar().sliderPressed.connect(self.model.pause)
        self.table.verticalScrollBar().sliderReleased.connect(self.model.resume)
        self.model.loaded.connect(self._on_model_loaded)
        self.model.failed.connect(self._on_model_failed)
        self.add_button.clicked.connect(self._on_add_clicked)
        self.open_button.clicked.connect(self._on_open_clicked)
        for kind, action in self.event_actions.items():
            action.triggered.connect(lambda _=False, k=kind: self._on_event_chosen(k))
        self.import_button.clicked.connect(self._on_import_clicked)
        self.export_button.clicked.connect(self._on_export_clicked)
        bus.changed.connect(self._on_bus_changed)

    # ------------------------------------------------------------ filters

    def _load_years(self) -> None:
        self.filters.load_years()

    def current_filter(self) -> StudentFilter:
        """The filter the controls describe."""
        return self.opened_filter.narrow(self.filters.current_filter())

    def show_target(self, params: Mapping[str, str]) -> None:
        """Show the list another page asked for: ``year``, ``status``, ``grade``, ``gap``, or
        one ``student`` (selected once read)."""
        bar = self.filters
        bar.reset()
        for combo, key in ((bar.year_combo, "year"), (bar.status_combo, "status")):
            index = combo.findData(params.get(key, ""))
            if index >= 0:
                combo.setCurrentIndex(index)
        self.opened_filter.set_params(params)
        self._pending = uuid.UUID(params["student"]) if params.get("student") else None
        self.apply_filter()

    def apply_filter(self) -> None:
        """Query the list for the current controls (now, without waiting for the debounce)."""
        self.search_timer.stop()
        self.model.set_filter(self.current_filter())

    def _on_search_edited(self) -> None:
        self.search_timer.start()

    def _on_sort_changed(self, column: int, order: Qt.SortOrder) -> None:
        if Column(column) not in SORT_FIELDS:
            head = self.table.horizontalHeader()
            head.blockSignals(True)
            head.setSortIndicator(self._sort_column, self._sort_order)
            head.blockSignals(False)
            return
        self._sort_column, self._sort_order = Column(column), order
        self.model.sort(column, order)

    def _on_model_loaded(self, total: int) -> None:
        self.error_label.setVisible(False)
        flt = self.model.student_filter
        text = self.tr("{n} học sinh").format(n=thousands(total))
        if flt.search:
            text = self.tr("{n} học sinh khớp với “{q}”").format(n=thousands(total), q=flt.search)
        self.count_label.setText(text)
        self._show_rows_or_empty(total)
        if self._pending is not None and self.select(self._pending):
            self._pending = None
        self._update_buttons()

    def _show_rows_or_empty(self, total: int) -> None:
        if total:
            self.rows_or_empty.show_rows()
            return
        hiding = self.filters.narrowing(self.model.student_filter) + self.opened_filter.parts()
        if hiding:
            message = no_match(self.tr("học sinh"), hiding)
        elif self.model.student_filter.year:
            message = self.tr("Chưa có học sinh nào trong năm học {year}.").format(
                year=self.model.student_filter.year
            )
        else:
            message = self.tr("Chưa có học sinh nào.")
        self.rows_or_empty.show_empty(message, bool(hiding))

    def _on_model_failed(self, exc: BaseException) -> None:
        if isinstance(exc, AppError):
            self.error_label.setText(exc.message)
            self.error_label.setVisible(True)
        else:  # a bug: reported once painting is over
            QTimer.singleShot(0, lambda: errors.show_error(self, exc))

    def _on_bus_changed(self, changes: Changes) -> None:
        if changes.touches(SCHOOL_YEAR):
            self._load_years()
        elif changes.touches(CLASS_GROUP):
            self.filters.load_classes()
        if changes.touches(*STUDENT_ENTITIES, SCHOOL_YEAR):
            selected = self.selected_id()
            self.model.refresh()
            if selected is not None:
                self.select(selected)

    # ------------------------------------------------------------ selection

    def selected_id(self) -> uuid.UUID | None:
        """The id of the selected student."""
        rows = self.table.selectionModel().selectedRows()
        row = self.model.student_at(rows[0].row()) if rows else None
        return row.id if row else None

    def select(self, student_id: uuid.UUID) -> bool:
        """Select a student if their row has been read; True if selected."""
        row = self.model.row_of(student_id)
        if row >= 0:
            self.table.selectRow(row)
        return row >= 0

    def _update_buttons(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        row = self.model.student_at(rows[0].row()) if rows else None
        has = row is not None
        self.open_button.setEnabled(has)
        left = row is not None and row.status != Status.ACTIVE  # only they can come back
        for kind, action in self.event_actions.items():
            action.setEnabled(
                left if kind == EventKind.ENROLLED else has or kind == EventKind.TRANSFER_IN
            )

    # ------------------------------------------------------------ commands

    def _on_row_activated(self, _index: QModelIndex) -> None:
        self._on_open_clicked()

    def _on_add_clicked(self) -> None:
        from ui.students.student_dialog import StudentDialog

        saved = StudentDialog.ask(self, self.ctx.db, self.ctx.actor, None, self._class_name())
        if saved is not None:
            self.select(saved.id)

    def _on_open_clicked(self) -> None:
        from ui.students.student_dialog import StudentDialog

        sid = self.selected_id()
        if sid is None:
            return
        try:
            StudentDialog.ask(self, self.ctx.db, self.ctx.actor, sid)
        except AppError as exc:  # e.g. the record was removed or is no longer visible
            errors.show_error(self, exc)

    def _on_event_chosen(self, kind: str) -> None:
        from ui.students.student_event_dialog import run_event

        try:
            run_event(self, self.ctx, kind, self.selected_id(), self._class_name())
        except AppError as exc:
            errors.show_error(self, exc)

    def _on_import_clicked(self) -> None:
        from ui.students.import_wizard import ImportWizard

        ImportWizard.ask(self, self.ctx)

    def _on_export_clicked(self) -> None:
        from ui.students.export_dialog import ExportDialog

        ExportDialog.ask(self, self.ctx, self.year_combo.currentData() or None, self._class_name())

    def _class_name(self) -> str:
        return str(self.class_combo.currentData() or "")

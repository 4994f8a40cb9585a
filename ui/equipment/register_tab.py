"""The "Sổ thiết bị" tab: the register with its filters, the scanner box and the commands.

The search box filters as one types and takes a keyboard-wedge scan: a code typed fast and
Enter selects that line (ticking "Hiện cả thiết bị đã thanh lý" when the line is disposed);
an unknown code is said in the status line under the table, never in a dialog that would
stop the next scan, and the box keeps it selected so the next scan replaces it.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QItemSelectionModel, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.equipment import disposal
from app.equipment import register as reg
from app.equipment.codes import is_valid_code, normal_code
from app.equipment.models import CONDITION_LABELS
from app.equipment.ui_queries import serial_numbers
from app.labels import format_date
from app.messages.equipment_ui import EQUIPMENT_UI_MSG as M
from app.permissions import Perm, can
from app.progress import Progress
from ui import icons, ops
from ui.equipment.action_dialogs import DisposeDialog
from ui.equipment.disposal_flow import print_disposals
from ui.equipment.history import item_history_dialog
from ui.equipment.item_dialog import ItemDialog
from ui.equipment.labels_flow import print_labels
from ui.equipment.models import ItemCol, ItemsModel
from ui.flow_layout import FlowLayout
from ui.pages import PageContext
from ui.table_fit import fit_columns, show_empty_text
from ui.widgets import configure_table

FILTER_DELAY_MS = 250
"""The text filter waits this long after the last key, so a scan is not filtered per key."""
ALL = ""
NAME_WIDTH = 180
"""The name column's width before its content widens it (the columns scroll sideways)."""


class RegisterTab(QWidget):
    """The register; ``refresh`` re-reads it, keeping the filters and the selection."""

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.may_edit = can(ctx.actor, Perm.MANAGE_EQUIPMENT)
        self.may_dispose = can(ctx.actor, Perm.APPROVE_DISPOSAL)
        self.all_rows: list[reg.ItemRow] = []
        self.rooms: list[str] = []
        self.model = ItemsModel()
        self.filter_timer = QTimer(self)
        self.filter_timer.setSingleShot(True)
        self.filter_timer.setInterval(FILTER_DELAY_MS)
        self._build()
        self._connect()

    def _build(self) -> None:
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText(M.search_hint)
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setMinimumWidth(260)
        self.room_box = QComboBox()
        self.category_box = QComboBox()
        self.condition_box = QComboBox()
        self.condition_box.addItem(self.tr("Mọi tình trạng"), ALL)
        for key, text in CONDITION_LABELS.items():
            self.condition_box.addItem(text, key)
        self.disposed_check = QCheckBox(self.tr("Hiện cả thiết bị đã thanh lý"))
        filters = FlowLayout()
        for widget in (self.search_edit, self.room_box, self.category_box, self.condition_box,
                       self.disposed_check):  # fmt: skip
            filters.addWidget(widget)
        self.add_button = QPushButton(icons.icon("user-plus", "#ffffff"), self.tr("Thêm thiết bị…"))
        self.add_button.setObjectName("primary")
        self.edit_button = QPushButton(icons.icon("edit"), self.tr("Sửa…"))
        self.history_button = QPushButton(icons.icon("clock"), self.tr("Lịch sử…"))
        self.dispose_button = QPushButton(icons.icon("alert"), self.tr("Thanh lý…"))
        self.record_button = QPushButton(icons.icon("save"), self.tr("Biên bản thanh lý…"))
        self.record_button.setToolTip(M.disposal_record_tip)
        self.labels_button = QPushButton(icons.icon("save"), self.tr("In nhãn…"))
        self.labels_button.setToolTip(
            self.tr("In nhãn mã QR cho các dòng đang chọn (không chọn: mọi dòng đang hiện)")
        )
        self.count_label = QLabel()
        self.count_label.setObjectName("muted")
        buttons = FlowLayout()
        for button in (self.add_button, self.edit_button, self.history_button,
                       self.dispose_button, self.record_button, self.labels_button):  # fmt: skip
            buttons.addWidget(button)
        buttons.add_stretch()
        buttons.addWidget(self.count_label)
        for button in (self.add_button, self.edit_button, self.labels_button):
            button.setVisible(self.may_edit)
        if not self.may_dispose:
            self.dispose_button.setToolTip(M.no_disposal_right)
        self.read_only_label = QLabel(M.read_only)
        self.read_only_label.setObjectName("muted")
        self.read_only_label.setVisible(not self.may_edit)
        self.table = QTableView()
        self.table.setModel(self.model)
        configure_table(self.table)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.table.setColumnWidth(ItemCol.NAME, NAME_WIDTH)
        show_empty_text(self.table, self.tr("Không có thiết bị nào khớp bộ lọc."))
        self.status_label = QLabel()
        self.status_label.setObjectName("muted")
        self.status_label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(filters)
        layout.addLayout(buttons)
        layout.addWidget(self.read_only_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status_label)

    def _connect(self) -> None:
        self.search_edit.textChanged.connect(self._on_search_text_changed)
        self.search_edit.returnPressed.connect(self._on_search_return_pressed)
        self.filter_timer.timeout.connect(self.apply_filters)
        for box in (self.room_box, self.category_box, self.condition_box):
            box.currentIndexChanged.connect(self.apply_filters)
        self.disposed_check.toggled.connect(self.apply_filters)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.table.doubleClicked.connect(self._on_double_clicked)
        self.table.installEventFilter(self)
        self.add_button.clicked.connect(self._on_add_clicked)
        self.edit_button.clicked.connect(self._on_edit_clicked)
        self.history_button.clicked.connect(self._on_history_clicked)
        self.dispose_button.clicked.connect(self._on_dispose_clicked)
        self.labels_button.clicked.connect(self._on_labels_clicked)
        self.record_button.clicked.connect(lambda: print_disposals(
            self, self.ctx, [r.code for r in self.selected_rows() if r.disposed_on], self.say))  # fmt: skip

    # ------------------------------------------------------------ data

    def refresh(self) -> None:
        """Re-read every register line (disposed ones too: the filter hides them)."""
        actor = self.ctx.actor
        with self.ctx.db.read(actor) as s:
            self.all_rows = reg.list_items(s, actor, include_disposed=True)
            self.model.serials = serial_numbers(s, actor)
        self._fill_choices()
        self.apply_filters()

    def set_rooms(self, rooms: list[str]) -> None:
        """The rooms the filter and the forms offer (from the Phòng học tab)."""
        self.rooms = rooms
        self._fill_choices()

    def _fill_choices(self) -> None:
        categories = sorted({r.category for r in self.all_rows if r.category})
        for box, first, values in (
            (self.room_box, self.tr("Mọi phòng"), [*self.rooms, M.in_store.capitalize()]),
            (self.category_box, self.tr("Mọi nhóm"), categories),
        ):
            kept = box.currentData()
            box.blockSignals(True)
            box.clear()
            box.addItem(first, ALL)
            for value in values:
                box.addItem(value, value)
            box.setCurrentIndex(max(0, box.findData(kept)))
            box.blockSignals(False)

    def shown_rows(self) -> list[reg.ItemRow]:
        """The register lines the filters let through."""
        room, category = self.room_box.currentData(), self.category_box.currentData()
        condition, text = self.condition_box.currentData(), self.search_edit.text().strip().lower()
        store = M.in_store.capitalize()
        out = []
        for row in self.all_rows:
            if row.disposed_on is not None and not self.disposed_check.isChecked():
                continue
            if room and (row.room or store) != room:
                continue
            if category and row.category != category:
                continue
            if condition and (row.condition != condition or row.disposed_on is not None):
                continue
            if text and text not in self._haystack(row):
                continue
            out.append(row)
        return out

    def _haystack(self, row: reg.ItemRow) -> str:
        return " ".join((row.code, row.name, row.category, row.room, row.notes,
                         self.model.serials.get(row.code, ""))).lower()  # fmt: skip

    def apply_filters(self, *_args: object) -> None:
        """Show the lines the filters let through, keeping the selected ones selected."""
        self.filter_timer.stop()
        chosen = [r.code for r in self.selected_rows()]
        rows = self.shown_rows()
        self.model.set_rows(rows)
        fit_columns(self.table, maximum=130, skip=(ItemCol.NAME,))
        # the name takes what the other columns leave (a long one is elided, its tooltip whole)
        others = sum(self.table.columnWidth(c) for c in ItemCol if c != ItemCol.NAME)
        room = self.table.viewport().width() - others
        wanted = min(self.table.sizeHintForColumn(ItemCol.NAME), max(room, NAME_WIDTH))
        self.table.setColumnWidth(ItemCol.NAME, max(NAME_WIDTH, wanted))
        self.count_label.setText(M.shown_count.format(shown=len(rows), total=len(self.all_rows)))
        for code in chosen:
            self.select_code(code, clear=False)
        self._update_buttons()

    def selected_rows(self) -> list[reg.ItemRow]:
        return [self.model.row_at(i.row()) for i in self.table.selectionModel().selectedRows()]

    def select_code(self, code: str, clear: bool = True) -> bool:
        """Select (and scroll to) the line ``code`` when it is shown."""
        row = self.model.find(code)
        if row < 0:
            return False
        index = self.model.index(row, 0)
        flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
        if clear:
            flags |= QItemSelectionModel.SelectionFlag.Clear
        self.table.selectionModel().select(index, flags)
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.NoUpdate
        )
        self.table.scrollTo(index)
        return True

    def _update_buttons(self, *_args: object) -> None:
        chosen = self.selected_rows()
        one = chosen[0] if len(chosen) == 1 else None
        open_one = one is not None and one.disposed_on is None
        self.edit_button.setEnabled(open_one)
        self.history_button.setEnabled(one is not None)
        self.dispose_button.setEnabled(open_one and self.may_dispose)
        self.labels_button.setEnabled(bool(chosen) or self.model.rowCount() > 0)

    def say(self, text: str, bad: bool = False) -> None:
        """A line under the table (the scanner's answers, what was saved)."""
        self.status_label.setObjectName("errorText" if bad else "muted")
        self.status_label.style().unpolish(self.status_label)
        self.status_label.style().polish(self.status_label)
        self.status_label.setText(text)

    # ------------------------------------------------------------ the scanner

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        """A scan typed while the table has the focus goes to the search box."""
        if watched is self.table and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            plain = not event.modifiers() & ~(
                Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.KeypadModifier
            )
            if plain and event.text() and event.text().isprintable() and event.text() != " ":
                self.search_edit.setFocus()
                self.search_edit.insert(event.text())  # replaces a refused scan (selected)
                return True
        return super().eventFilter(watched, event)

    def _on_search_text_changed(self, _text: str) -> None:
        self.filter_timer.start()

    def _on_search_return_pressed(self) -> None:
        typed = self.search_edit.text()
        code = normal_code(typed)
        if not code:
            return
        found = next((r for r in self.all_rows if r.code == code), None)
        if found is None:  # a maker's barcode: the serial number of one unit
            serials = [c for c, sn in self.model.serials.items() if sn.upper() == code]
            found = next((r for r in self.all_rows if serials == [r.code]), None)
        if found is None:
            self.apply_filters()
            if is_valid_code(code) and any(c.isdigit() for c in code) and " " not in typed.strip():
                self.say(M.scan_unknown.format(code=code), bad=True)
                self.search_edit.selectAll()
            return
        self.search_edit.blockSignals(True)
        self.search_edit.clear()
        self.search_edit.blockSignals(False)
        if found.disposed_on is not None:
            self.disposed_check.blockSignals(True)
            self.disposed_check.setChecked(True)
            self.disposed_check.blockSignals(False)
        self.apply_filters()
        if not self.select_code(found.code):  # another filter hides it: show every line
            for box in (self.room_box, self.category_box, self.condition_box):
                box.blockSignals(True)
                box.setCurrentIndex(0)
                box.blockSignals(False)
            self.apply_filters()
            self.select_code(found.code)
        if found.disposed_on is not None:
            self.say(M.scan_found_disposed.format(code=found.code, name=found.name,
                                                  day=format_date(found.disposed_on)))  # fmt: skip
        else:
            self.say(M.scan_found.format(code=found.code, name=found.name,
                                         room=found.room or M.in_store))  # fmt: skip
        self.search_edit.setFocus()

    # ------------------------------------------------------------ commands

    def _categories(self) -> list[str]:
        return sorted({r.category for r in self.all_rows if r.category})

    def _on_double_clicked(self, *_args: object) -> None:
        chosen = self.selected_rows()
        if self.may_edit and chosen and chosen[0].disposed_on is None:
            self._on_edit_clicked()
        else:
            self._on_history_clicked()

    def _on_add_clicked(self) -> None:
        dialog = ItemDialog(self, self.ctx.db, self.ctx.actor, self.rooms, self._categories())
        if dialog.exec():  # the page re-reads on the changes announced
            self.say(dialog.result_text)

    def _on_edit_clicked(self) -> None:
        chosen = self.selected_rows()
        if len(chosen) != 1 or chosen[0].disposed_on is not None:
            return
        row = chosen[0]
        dialog = ItemDialog(self, self.ctx.db, self.ctx.actor, self.rooms, self._categories(),
                            row, self.model.serials.get(row.code, ""))  # fmt: skip
        if dialog.exec():  # the page re-reads on the changes announced
            self.say(dialog.result_text)

    def _on_history_clicked(self) -> None:
        chosen = self.selected_rows()
        if not chosen:
            return
        item_history_dialog(self, self.ctx.db, self.ctx.actor, chosen[0]).exec()

    def _on_dispose_clicked(self) -> None:
        chosen = self.selected_rows()
        if len(chosen) != 1 or not self.may_dispose:
            return
        row = chosen[0]
        reason = DisposeDialog.ask(self, row)
        if reason is None:
            return
        db, actor = self.ctx.db, self.ctx.actor

        def job(_p: Progress) -> object:
            with db.uow(actor=actor) as s:
                return disposal.dispose(s, actor, row.code, reason)

        def done(_result: object) -> None:
            self.say(M.disposed.format(code=row.code))

        ops.run(self, job, done, label=self.tr("Thanh lý thiết bị"))

    def _on_labels_clicked(self) -> None:
        rows = self.selected_rows() or self.model.rows()
        rows = [r for r in rows if r.disposed_on is None]
        if not rows:
            self.say(M.select_first, bad=True)
            return
        what = rows[0].code if len(rows) == 1 else f"{rows[0].code} … {rows[-1].code}"
        print_labels(self, self.ctx.db, self.ctx.actor, rows, what, "nhan-thiet-bi", self.say)

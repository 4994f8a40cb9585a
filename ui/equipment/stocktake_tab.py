"""The "Kiểm kê" tab of the Thiết bị page (issue 11 §4, decisions 028 and 029).

Above, the sessions (number, scope, opened, state, counts) and the commands; below, the
scanning view of the chosen session. A keyboard-wedge scanner types the code and Enter into
the large scan box, which stays focused: each read is one small transaction through
``app.equipment.stocktake.record_scan``, so a session closed half-way resumes with every scan.
An unknown or malformed label, a disposed unit or one of another room is said in red in the
status line with a beep, never in a dialog that would stop the scanning; a repeat is counted
quietly. "Xem kết quả" shows the reconciliation, and "Áp dụng" writes it on the runner.
Only the equipment officer (or an admin) opens, scans and applies; the others read and print.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.equipment import stocktake as stk
from app.equipment import stocktake_apply as stk_apply
from app.equipment import stocktake_print
from app.errors import AppError
from app.labels import format_datetime
from app.messages.equipment_stocktake_ui import STOCKTAKE_UI_MSG as M
from app.permissions import Perm, can
from app.progress import Progress
from ui import errors, ops
from ui.equipment.stocktake_dialogs import OpenStocktakeDialog, PreviewDialog, TickDialog
from ui.file_dialogs import SaveFileDialog
from ui.flow_layout import FlowLayout
from ui.pages import PageContext
from ui.style import BAD
from ui.widgets import configure_table

RECENT = 200
"""How many of the last reads the live list keeps."""

COLUMNS = ("Số", "Phạm vi", "Mở lúc", "Người mở", "Trạng thái", "Lượt quét", "Mã đã quét")


class StocktakeTab(QWidget):
    """The sessions and the scanning view; ``rooms`` gives the room names of the page."""

    def __init__(self, ctx: PageContext, rooms: Callable[[], list[str]]) -> None:
        super().__init__()
        self.ctx, self.rooms = ctx, rooms
        self.may_edit = can(ctx.actor, Perm.MANAGE_EQUIPMENT)
        self.sessions: list[stk.SessionInfo] = []
        self.current: stk.SessionInfo | None = None
        self.expected = 0
        self.open_button = QPushButton(self.tr("Mở đợt kiểm kê…"))
        self.open_button.setObjectName("primary")
        self.preview_button = QPushButton(self.tr("Xem kết quả…"))
        self.print_button = QPushButton(self.tr("In biên bản…"))
        if not self.may_edit:
            self.open_button.setEnabled(False)
            self.open_button.setToolTip(M.no_right)
        bar = FlowLayout()
        for button in (self.open_button, self.preview_button, self.print_button):
            bar.addWidget(button)
        bar.add_stretch()
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels([self.tr(c) for c in COLUMNS])
        configure_table(self.table)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.setMaximumHeight(150)
        self.scan_group = QGroupBox(self.tr("Quét nhãn"))
        self.scan_room_box = QComboBox()
        self.scan_room_label = QLabel(self.tr("Phòng đang kiểm kê:"))
        self.scan_edit = QLineEdit()
        self.scan_edit.setPlaceholderText(self.tr("Quét nhãn thiết bị (hoặc gõ mã rồi Enter)"))
        font = QFont(self.scan_edit.font())
        font.setPointSizeF(font.pointSizeF() * 1.6)
        self.scan_edit.setFont(font)
        self.scan_edit.setMinimumHeight(44)
        self.condition_box = QComboBox()
        self.condition_box.addItem(self.tr("Tình trạng: không ghi"), None)
        for key, label in stk.SCAN_CONDITIONS.items():
            self.condition_box.addItem(self.tr("Tình trạng: {label}").format(label=label), key)
        self.condition_box.setToolTip(self.tr("Tình trạng ghi cho lần quét tiếp theo"))
        self.tick_button = QPushButton(self.tr("Đánh dấu thiết bị không nhãn…"))
        self.counts_label = QLabel()
        bold = QFont(self.counts_label.font())
        bold.setBold(True)
        bold.setPointSizeF(bold.pointSizeF() * 1.2)
        self.counts_label.setFont(bold)
        self.counts_label.setWordWrap(True)
        self.status_label = QLabel()
        status_font = QFont(self.status_label.font())
        status_font.setPointSizeF(status_font.pointSizeF() * 1.15)
        self.status_label.setFont(status_font)
        self.status_label.setWordWrap(True)
        self.status_label.setObjectName("muted")
        self.recent_list = QListWidget()
        self._build_layout(bar)
        self._connect()
        self.refresh()

    def _build_layout(self, bar: FlowLayout) -> None:
        row = QHBoxLayout()
        row.addWidget(self.scan_room_label)
        row.addWidget(self.scan_room_box)
        row.addWidget(self.scan_edit, 1)
        row2 = QHBoxLayout()
        row2.addWidget(self.condition_box)
        row2.addWidget(self.tick_button)
        row2.addStretch(1)
        inner = QVBoxLayout(self.scan_group)
        inner.addLayout(row)
        inner.addLayout(row2)
        inner.addWidget(self.counts_label)
        inner.addWidget(self.status_label)
        inner.addWidget(self.recent_list, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(bar)
        layout.addWidget(self.table)
        layout.addWidget(self.scan_group, 1)

    def _connect(self) -> None:
        self.open_button.clicked.connect(self._on_open_clicked)
        self.preview_button.clicked.connect(self._on_preview_clicked)
        self.print_button.clicked.connect(self._on_print_clicked)
        self.tick_button.clicked.connect(self._on_tick_clicked)
        self.scan_edit.returnPressed.connect(self._on_scan_return_pressed)
        self.condition_box.activated.connect(self._on_condition_activated)
        self.table.itemSelectionChanged.connect(self._on_table_selection_changed)

    # ------------------------------------------------------------ reading

    def refresh(self) -> None:
        """Re-read the sessions; keep the chosen one (or choose the open one)."""
        actor = self.ctx.actor
        with self.ctx.db.read(actor) as s:
            self.sessions = stk.list_stocktakes(s, actor)
        keep = self.current.number if self.current else None
        if keep is None:
            keep = next((i.number for i in self.sessions if i.is_open), None)
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.sessions))
        for r, info in enumerate(self.sessions):
            self._fill_row(r, info)
        self.table.blockSignals(False)
        numbers = [i.number for i in self.sessions]
        if keep in numbers:
            self.table.selectRow(numbers.index(keep))
        self._on_table_selection_changed()

    def _fill_row(self, row: int, info: stk.SessionInfo) -> None:
        if not 0 <= row < self.table.rowCount():
            return
        values = (str(info.number), info.scope, format_datetime(info.opened_at),
                  info.opened_by, info.status_label, str(info.scans), str(info.codes))  # fmt: skip
        for column, value in enumerate(values):
            self.table.setItem(row, column, QTableWidgetItem(value))

    def _on_table_selection_changed(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        self.current = self.sessions[rows[0].row()] if rows else None
        self.expected = 0
        self._show_session()
        if self.current is not None:  # the register's count, read off the UI thread
            number = self.current.number

            def done(preview: stk_apply.Preview) -> None:
                if self.current is not None and self.current.number == number:
                    self.expected = preview.reconciliation.expected
                    self._show_counts(self.current)

            self._with_preview(number, done, quiet=True)

    def _with_preview(
        self, number: int, then: Callable[[stk_apply.Preview], None], *, quiet: bool = False
    ) -> None:
        """Read the reconciliation of session ``number`` on the runner, then ``then`` it."""
        db, actor = self.ctx.db, self.ctx.actor

        def job(_p: Progress) -> stk_apply.Preview:
            with db.read(actor) as s:
                return stk_apply.preview(s, actor, number)

        ops.run(self, job, then, label=self.tr("Đối chiếu với sổ thiết bị"), quiet=quiet)

    def _show_session(self) -> None:
        info = self.current
        self.preview_button.setEnabled(info is not None)
        self.print_button.setEnabled(info is not None)
        scanning = info is not None and info.is_open and self.may_edit
        for w in (self.scan_edit, self.condition_box, self.tick_button, self.scan_room_box):
            w.setEnabled(scanning)
            w.setToolTip("" if scanning else self._why_not(info))
        whole = info is not None and info.room is None
        self.scan_room_label.setVisible(whole)
        self.scan_room_box.setVisible(whole)
        if whole and self.scan_room_box.count() == 0:
            self.scan_room_box.addItems(self.rooms())
        if info is None:
            self.scan_group.setTitle(self.tr("Quét nhãn"))
            self.counts_label.clear()
            self.say(M.select_first if self.sessions else "")
            return
        self.scan_group.setTitle(self.tr("Quét nhãn — phiên số {number} ({scope})")
                                 .format(number=info.number, scope=info.scope))  # fmt: skip
        self._show_counts(info)
        if scanning:
            self.say(M.resumed.format(number=info.number, scope=info.scope, scans=info.scans))
            self.scan_edit.setFocus()
        else:
            self.say(self._why_not(info))

    def _why_not(self, info: stk.SessionInfo | None) -> str:
        if not self.may_edit:
            return M.no_right
        if info is not None and not info.is_open:
            return M.applied_read_only
        return M.select_first

    def _show_counts(self, info: stk.SessionInfo) -> None:
        text = M.counts if info.is_open else M.counts_closed
        self.counts_label.setText(text.format(codes=info.codes, expected=self.expected,
                                              scans=info.scans))  # fmt: skip

    def say(self, text: str, bad: bool = False) -> None:
        """Show ``text`` in the status line, red when ``bad``."""
        self.status_label.setObjectName("errorText" if bad else "muted")
        self.status_label.style().unpolish(self.status_label)
        self.status_label.style().polish(self.status_label)
        self.status_label.setText(text)

    # ------------------------------------------------------------ scanning

    def _on_scan_return_pressed(self) -> None:
        text = self.scan_edit.text()
        self.scan_edit.clear()
        self.scan(text)

    def scan(self, text: str, *, manual: bool = False) -> None:
        """Record one read (committed at once) and say what it was."""
        info = self.current
        if info is None or not info.is_open or not self.may_edit:
            return
        actor, number = self.ctx.actor, info.number
        room = self.scan_room_box.currentText() if info.room is None else None
        condition = self.condition_box.currentData()
        try:
            with self.ctx.db.uow(actor=actor) as s:
                result = stk.record_scan(s, actor, number, text, room=room,
                                         condition=condition, manual=manual)  # fmt: skip
            with self.ctx.db.read(actor) as s:
                self.current = stk.stocktake_status(s, actor, number)
        except AppError as exc:
            QApplication.beep()
            self.say(exc.message, bad=True)
            self.scan_edit.setFocus()
            return
        if result.recorded:
            self.condition_box.setCurrentIndex(0)
        self.recent_list.insertItem(0, result.message)
        if result.alert:
            self.recent_list.item(0).setForeground(QColor(BAD))
        while self.recent_list.count() > RECENT:
            self.recent_list.takeItem(self.recent_list.count() - 1)
        self._show_counts(self.current)
        chosen = self.table.selectionModel().selectedRows()
        if chosen:
            self._fill_row(chosen[0].row(), self.current)
        self.say(result.message, bad=result.alert)
        if result.alert:
            QApplication.beep()
        self.scan_edit.setFocus()

    def _on_condition_activated(self, _index: int) -> None:
        self.scan_edit.setFocus()  # the scanner types into the scan box, not the list

    def _on_tick_clicked(self) -> None:
        info = self.current
        if info is None:
            return

        def pick(preview: stk_apply.Preview) -> None:
            missing = [line for line in preview.lines if line.category == "missing"]
            if not missing:
                self.say(M.nothing_to_tick)
                return
            code = TickDialog.ask(self, missing)
            if code:
                self.scan(code, manual=True)

        self._with_preview(info.number, pick)

    # ------------------------------------------------------------ commands

    def _on_open_clicked(self) -> None:
        dialog = OpenStocktakeDialog(self, self.ctx.db, self.ctx.actor, self.rooms())
        if dialog.exec() and dialog.info is not None:
            info = dialog.info
            self.current = info
            self.recent_list.clear()
            self.refresh()
            self.say(M.opened.format(number=info.number, scope=info.scope))

    def _on_preview_clicked(self) -> None:
        info = self.current
        if info is None:
            return
        self._with_preview(info.number, lambda preview: self._review(info, preview))

    def _review(self, info: stk.SessionInfo, preview: stk_apply.Preview) -> None:
        """Show the result; apply it on the runner when the officer confirms."""
        actor, db = self.ctx.actor, self.ctx.db
        may_apply = self.may_edit and info.is_open
        move = PreviewDialog.ask(self, preview, may_apply, self._why_not(info))
        if move is None or not may_apply:
            return

        def job(_p: Progress) -> int:
            with db.uow(actor=actor) as s:
                return stk_apply.apply_stocktake(s, actor, preview, move_wrong_room=move)

        def done(n: int) -> None:
            self.refresh()
            self.say(M.applied.format(number=preview.number, n=n))

        def failed(exc: BaseException) -> None:
            if isinstance(exc, AppError):
                self.say(exc.message, bad=True)
            else:
                errors.show_error(self, exc)

        ops.run(self, job, done, label=self.tr("Áp dụng kết quả kiểm kê"), on_error=failed)

    def _on_print_clicked(self) -> None:
        info = self.current
        if info is None:
            return
        path = SaveFileDialog.ask(
            self, self.tr("Lưu biên bản kiểm kê (PDF)"),
            Path.home() / f"bien-ban-kiem-ke-{info.number:02d}.pdf", self.tr("Tệp PDF (*.pdf)"),
        )  # fmt: skip
        if path is None:
            return
        if path.suffix.lower() != ".pdf":
            path = path.with_suffix(".pdf")
        actor, db, number = self.ctx.actor, self.ctx.db, info.number

        def job(_p: Progress) -> Path:
            with db.read(actor) as s:
                return stocktake_print.write_record(s, actor, number, path)

        ops.run(self, job, lambda p: self.say(M.record_written.format(path=p)),
                label=self.tr("Ghi biên bản kiểm kê"))  # fmt: skip

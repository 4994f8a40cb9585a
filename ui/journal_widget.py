"""The journal viewer: filters over ``journal_view.entries``, the entry's fields old → new, verify.

Sensitive values (personal IDs, health) arrive masked. An actor who may see them
shows one entry's values with "Hiện thông tin nhạy cảm", which journals the access.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from PySide6.QtCore import QDate, QItemSelection, Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app import accounts, journal, journal_view, labels
from app.changes import Changes
from app.journal import OP_DELETE, OP_UPDATE, JournalFilter, JournalRecord, VerifyResult
from app.numbers import thousands
from app.permissions import Perm, can
from app.progress import Progress
from ui import errors, icons, ops
from ui.confirm import Notice
from ui.history_dialog import HistoryDialog
from ui.journal_model import ChangeColumn, ChangesModel, Column, JournalModel
from ui.pages import PageContext
from ui.signals import bus
from ui.widgets import Card, PageHeader, configure_table, page_layout

LIMIT = 500
TYPING_DELAY_MS = 300


def _day(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def _date_edit(day: QDate) -> QDateEdit:
    edit = QDateEdit(day)
    edit.setDisplayFormat("dd/MM/yyyy")
    edit.setCalendarPopup(True)
    edit.setEnabled(False)
    return edit


class JournalWidget(QWidget):
    """Newest entries first (up to ``LIMIT``), filtered in SQL."""

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.model = JournalModel()
        self.detail_model = ChangesModel()
        self._typing = QTimer(self)
        self._typing.setSingleShot(True)
        self._typing.setInterval(TYPING_DELAY_MS)
        self._build()
        self._connect()
        self._fill_choices()
        self.refresh()

    # ------------------------------------------------------------ layout

    def _build(self) -> None:
        layout = page_layout(self)
        self.verify_button = QPushButton(icons.icon("shield"), self.tr("Kiểm tra toàn vẹn"))
        head = QHBoxLayout()
        head.addWidget(
            PageHeader(
                self.tr("Nhật ký thay đổi"),
                self.tr("Mọi thay đổi dữ liệu: ai, lúc nào, sửa gì và vì sao."),
            ),
            1,
        )
        head.addWidget(self.verify_button, 0, Qt.AlignmentFlag.AlignBottom)
        layout.addLayout(head)
        layout.addLayout(self._filters())
        self.table = QTableView()
        self.table.setModel(self.model)
        configure_table(self.table)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(Column.SUMMARY, QHeaderView.ResizeMode.Stretch)
        self.count_label = QLabel()
        self.count_label.setObjectName("muted")
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(self._detail())
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.count_label)

    def _filters(self) -> QGridLayout:
        self.entity_combo = QComboBox()
        self.user_combo = QComboBox()
        self.user_combo.setEditable(True)
        user_edit = self.user_combo.lineEdit()
        if user_edit is not None:
            user_edit.setPlaceholderText(self.tr("Tất cả"))
        self.op_combo = QComboBox()
        self.op_combo.addItem(self.tr("Tất cả"), "")
        for op in (journal.OP_INSERT, journal.OP_UPDATE, journal.OP_DELETE, journal.OP_EVENT):
            self.op_combo.addItem(self.tr(labels.op_label(op)), op)
        today = QDate.currentDate()
        self.since_box = QCheckBox(self.tr("Từ ngày"))
        self.since_edit = _date_edit(today.addDays(-30))
        self.until_box = QCheckBox(self.tr("Đến ngày"))
        self.until_edit = _date_edit(today)
        self.text_edit = QLineEdit()
        self.text_edit.setPlaceholderText(self.tr("Tìm trong nội dung và lý do…"))
        self.text_edit.addAction(icons.icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.text_edit.setClearButtonEnabled(True)
        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        grid.addWidget(QLabel(self.tr("Đối tượng")), 0, 0)
        grid.addWidget(self.entity_combo, 0, 1)
        grid.addWidget(QLabel(self.tr("Người thực hiện")), 0, 2)
        grid.addWidget(self.user_combo, 0, 3)
        grid.addWidget(QLabel(self.tr("Thao tác")), 0, 4)
        grid.addWidget(self.op_combo, 0, 5)
        grid.addWidget(self.since_box, 1, 0)
        grid.addWidget(self.since_edit, 1, 1)
        grid.addWidget(self.until_box, 1, 2)
        grid.addWidget(self.until_edit, 1, 3)
        grid.addWidget(self.text_edit, 1, 4, 1, 2)
        for column in (1, 3, 5):
            grid.setColumnStretch(column, 1)
        return grid

    def _detail(self) -> Card:
        card = Card(self.tr("Chi tiết thay đổi"), "journal")
        self.history_button = QPushButton(icons.icon("clock"), self.tr("Lịch sử bản ghi này"))
        self.history_button.setEnabled(False)
        self.reveal_button = QPushButton(icons.icon("unlock"), self.tr("Hiện thông tin nhạy cảm"))
        self.reveal_button.setToolTip(
            self.tr(
                "Hiện số định danh và thông tin sức khỏe của mục này (việc xem được ghi nhật ký)"
            )
        )
        self.reveal_button.setVisible(can(self.ctx.actor, Perm.VIEW_SENSITIVE))
        self.reveal_button.setEnabled(False)
        card.head.addWidget(self.reveal_button)
        card.head.addWidget(self.history_button)
        self.detail_label = QLabel(self.tr("Chọn một dòng để xem chi tiết."))
        self.detail_label.setObjectName("muted")
        self.detail_label.setWordWrap(True)
        self.reason_label = QLabel()
        self.reason_label.setWordWrap(True)
        self.masked_label = QLabel()
        self.masked_label.setObjectName("muted")
        self.masked_label.setWordWrap(True)
        self.detail_table = QTableView()
        self.detail_table.setModel(self.detail_model)
        configure_table(self.detail_table)
        for column in (ChangeColumn.AT, ChangeColumn.USER, ChangeColumn.OP, ChangeColumn.REASON):
            self.detail_table.setColumnHidden(column, True)
        head = self.detail_table.horizontalHeader()
        head.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        head.setStretchLastSection(True)
        self.detail_table.setColumnWidth(ChangeColumn.FIELD, 200)
        self.detail_table.setColumnWidth(ChangeColumn.OLD, 280)
        box = QVBoxLayout()
        box.addWidget(self.detail_label)
        box.addWidget(self.reason_label)
        box.addWidget(self.detail_table, 1)
        box.addWidget(self.masked_label)
        card.body.addLayout(box)
        return card

    def _connect(self) -> None:
        for combo in (self.entity_combo, self.op_combo):
            combo.currentIndexChanged.connect(self._on_filter_changed)
        self.user_combo.currentTextChanged.connect(self._on_text_edited)
        self.text_edit.textChanged.connect(self._on_text_edited)
        for box in (self.since_box, self.until_box):
            box.toggled.connect(self._on_date_box_toggled)
        for edit in (self.since_edit, self.until_edit):
            edit.dateChanged.connect(self._on_filter_changed)
        self._typing.timeout.connect(self.refresh)
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.verify_button.clicked.connect(self._on_verify_clicked)
        self.history_button.clicked.connect(self._on_history_clicked)
        self.reveal_button.clicked.connect(self._on_reveal_clicked)
        bus.changed.connect(self._on_bus_changed)

    def _fill_choices(self) -> None:
        with self.ctx.db.read() as s:
            types = journal.entity_types(s)
            users = (
                [u.username for u in accounts.list_users(s, self.ctx.actor)]
                if can(self.ctx.actor, Perm.MANAGE_USERS)
                else []
            )
        current = self.entity_combo.currentData()
        self.entity_combo.blockSignals(True)
        self.entity_combo.clear()
        self.entity_combo.addItem(self.tr("Tất cả"), "")
        for name in sorted(types, key=labels.entity_label):
            self.entity_combo.addItem(self.tr(labels.entity_label(name)), name)
        self.entity_combo.setCurrentIndex(max(0, self.entity_combo.findData(current)))
        self.entity_combo.blockSignals(False)
        if self.user_combo.count() == 0:
            self.user_combo.blockSignals(True)
            self.user_combo.addItems(["", *users])
            self.user_combo.blockSignals(False)

    # ------------------------------------------------------------ data

    def current_filter(self) -> JournalFilter:
        """The filter the controls describe; dates are whole local days."""
        since = until = None
        if self.since_box.isChecked():
            since = datetime.combine(_day(self.since_edit.date()), time()).astimezone()
        if self.until_box.isChecked():
            day = _day(self.until_edit.date()) + timedelta(days=1)
            until = datetime.combine(day, time()).astimezone()
        return JournalFilter(
            entity_type=str(self.entity_combo.currentData() or ""),
            username=self.user_combo.currentText().strip().lower(),
            op=str(self.op_combo.currentData() or ""),
            since=since,
            until=until,
            text=labels.nfc(self.text_edit.text().strip()),
        )

    def refresh(self) -> None:
        """Run the query with the current filters."""
        actor = self.ctx.actor
        with self.ctx.db.read(actor) as s:
            rows = journal_view.entries(s, actor, self.current_filter(), limit=LIMIT)
        self.model.set_rows(rows)
        shown = len(rows)
        text = self.tr("{n} mục").format(n=thousands(shown))
        if shown >= LIMIT:
            text = self.tr("{n} mục mới nhất — thu hẹp bộ lọc để xem mục cũ hơn").format(
                n=thousands(shown)
            )
        self.count_label.setText(text)
        self._show_detail(None)

    def selected(self) -> JournalRecord | None:
        """The entry selected in the table."""
        rows = self.table.selectionModel().selectedRows()
        return self.model.record_at(rows[0].row()) if rows else None

    def _show_detail(self, rec: JournalRecord | None) -> None:
        self.history_button.setEnabled(rec is not None)
        self.reveal_button.setEnabled(rec is not None and bool(rec.masked))
        self.masked_label.setText(self._masked_note(rec))
        self.detail_model.set_records([rec] if rec else [])
        self.detail_table.setColumnHidden(ChangeColumn.OLD, rec is not None and rec.op != OP_UPDATE)
        self.detail_table.setColumnHidden(ChangeColumn.NEW, rec is not None and rec.op == OP_DELETE)
        if rec is None:
            self.detail_label.setText(self.tr("Chọn một dòng để xem chi tiết."))
            self.reason_label.setText("")
            return
        self.detail_label.setText(
            self.tr("Mục số {seq} · {op} {entity} · {time} · bởi {user}").format(
                seq=rec.seq,
                op=labels.op_label(rec.op).lower(),
                entity=labels.entity_label(rec.entity_type).lower(),
                time=labels.format_datetime(rec.at, seconds=True),
                user=rec.username or "—",
            )
        )
        self.reason_label.setText(
            self.tr("Lý do: {reason}").format(reason=rec.reason)
            if rec.reason
            else self.tr("Không ghi lý do.")
        )

    def _masked_note(self, rec: JournalRecord | None) -> str:
        if rec is None or not rec.masked:
            return ""
        if can(self.ctx.actor, Perm.VIEW_SENSITIVE):
            return self.tr("Giá trị số định danh và sức khỏe được ẩn cho đến khi bạn chọn hiện.")
        return self.tr(
            "Giá trị số định danh và sức khỏe được ẩn: tài khoản này không có quyền xem."
        )

    # ------------------------------------------------------------ slots

    def _on_filter_changed(self, *_args: object) -> None:
        self.refresh()

    def _on_text_edited(self, _text: str) -> None:
        self._typing.start()

    def _on_date_box_toggled(self, _checked: bool) -> None:
        self.since_edit.setEnabled(self.since_box.isChecked())
        self.until_edit.setEnabled(self.until_box.isChecked())
        self.refresh()

    def _on_selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self._show_detail(self.selected())

    def _on_bus_changed(self, changes: Changes) -> None:
        self._fill_choices()
        self.refresh()

    def _on_history_clicked(self) -> None:
        rec = self.selected()
        if rec is None:
            return
        HistoryDialog.show_for(
            self,
            self.ctx.db,
            self.ctx.actor,
            rec.entity_type,
            rec.entity_id,
            self.tr("{entity} {id}").format(
                entity=labels.entity_label(rec.entity_type), id=rec.entity_id[:8]
            ),
        )

    def _on_reveal_clicked(self) -> None:
        rec = self.selected()
        if rec is None or not rec.masked:
            return
        db, actor, seq = self.ctx.db, self.ctx.actor, rec.seq
        self.reveal_button.setEnabled(False)

        def job(progress: Progress) -> list[JournalRecord]:
            with db.uow(actor=actor) as s:
                return journal_view.reveal(s, actor, [seq])

        ops.run(
            self,
            job,
            self._on_revealed,
            label=self.tr("Đang mở thông tin nhạy cảm…"),
            on_error=self._on_reveal_failed,
        )

    def _on_revealed(self, records: list[JournalRecord]) -> None:
        current = self.selected()
        if records and current is not None and current.seq == records[0].seq:
            self._show_detail(records[0])

    def _on_reveal_failed(self, exc: BaseException) -> None:
        self._show_detail(self.selected())
        errors.show_error(self, exc)

    def _on_verify_clicked(self) -> None:
        db = self.ctx.db
        self.verify_button.setEnabled(False)

        def job(progress: Progress) -> VerifyResult:
            with db.read() as s:
                return journal.verify(s)

        ops.run(
            self,
            job,
            self._on_verify_done,
            label=self.tr("Đang kiểm tra chuỗi nhật ký…"),
            on_error=self._on_verify_failed,
        )

    def _on_verify_done(self, result: VerifyResult) -> None:
        self.verify_button.setEnabled(True)
        Notice.ask(self, self.tr("Kiểm tra toàn vẹn nhật ký"), result.message, not result.ok)

    def _on_verify_failed(self, exc: BaseException) -> None:
        self.verify_button.setEnabled(True)
        errors.show_error(self, exc)

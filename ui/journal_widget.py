"""The journal viewer: filters over ``journal_view.entries``, the entry's fields old → new, verify.

Sensitive values (personal IDs, health) arrive masked. An actor who may see them
shows one entry's values with "Hiện thông tin nhạy cảm", which logs the access.
Each entry is described in a line (``labels.describe_entry``, the records it
points at named). When the filters hide every entry, the list says which, with
"Bỏ lọc". Whoever manages accounts also gets the access log in a second tab
("Đăng nhập và truy cập", ``ui.access_log_widget``).
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QItemSelection, Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app import journal, journal_view, labels
from app.changes import Changes
from app.journal import OP_DELETE, OP_UPDATE, JournalFilter, JournalRecord, VerifyResult
from app.numbers import thousands
from app.permissions import Perm, can
from app.progress import Progress
from ui import errors, icons, ops
from ui.access_log_widget import AccessLogWidget
from ui.confirm import Notice
from ui.empty_state import TableOrEmpty, no_match
from ui.history_dialog import HistoryDialog
from ui.journal_filter_bar import JournalFilterBar
from ui.journal_model import ChangeColumn, ChangesModel, Column, JournalModel
from ui.pages import PageContext
from ui.signals import bus
from ui.widgets import Card, PageHeader, configure_table, page_layout

LIMIT = 500


class JournalWidget(QWidget):
    """Newest entries first (up to ``LIMIT``), filtered in SQL."""

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.model = JournalModel()
        self.detail_model = ChangesModel()
        self.names: dict[str, str] = {}
        self.filters = JournalFilterBar(ctx, self)
        f = self.filters
        self.entity_combo, self.user_combo, self.op_combo = f.entity_combo, f.user_combo, f.op_combo
        self.since_box, self.since_edit = f.since_box, f.since_edit
        self.until_box, self.until_edit = f.until_box, f.until_edit
        self.text_edit = f.text_edit
        self._build()
        self._connect()
        self.filters.fill_choices()
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
        changes = QWidget()
        box = QVBoxLayout(changes)
        box.setContentsMargins(0, 8, 0, 0)
        box.setSpacing(12)
        box.addLayout(self.filters.grid)
        self.table = QTableView()
        self.table.setModel(self.model)
        configure_table(self.table)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(Column.SUMMARY, QHeaderView.ResizeMode.Stretch)
        self.rows_or_empty = TableOrEmpty(self.table)
        self.count_label = QLabel()
        self.count_label.setObjectName("muted")
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.rows_or_empty)
        splitter.addWidget(self._detail())
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        box.addWidget(splitter, 1)
        box.addWidget(self.count_label)
        self.access_log: AccessLogWidget | None = None
        if not can(self.ctx.actor, Perm.MANAGE_USERS):
            layout.addWidget(changes, 1)
            return
        self.access_log = AccessLogWidget(self.ctx)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(changes, self.tr("Thay đổi dữ liệu"))
        self.tabs.addTab(self.access_log, self.tr("Đăng nhập và truy cập"))
        layout.addWidget(self.tabs, 1)

    def show_target(self, params: Mapping[str, str]) -> None:
        """Open the access log (``tab`` access) on an ``event``, when this account has it."""
        if params.get("tab") != "access" or self.access_log is None:
            return
        self.tabs.setCurrentWidget(self.access_log)
        combo = self.access_log.event_combo
        combo.setCurrentIndex(max(0, combo.findData(params.get("event", ""))))

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
        self.filters.changed.connect(self.refresh)
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.verify_button.clicked.connect(self._on_verify_clicked)
        self.history_button.clicked.connect(self._on_history_clicked)
        self.reveal_button.clicked.connect(self._on_reveal_clicked)
        self.rows_or_empty.empty.reset_requested.connect(self.filters.reset)
        bus.changed.connect(self._on_bus_changed)

    # ------------------------------------------------------------ data

    def current_filter(self) -> JournalFilter:
        """The filter the controls describe; dates are whole local days."""
        return self.filters.current_filter()

    def refresh(self) -> None:
        """Run the query with the current filters."""
        actor = self.ctx.actor
        with self.ctx.db.read(actor) as s:
            rows = journal_view.entries(s, actor, self.current_filter(), limit=LIMIT)
            self.names = journal_view.referenced_names(s, rows)
        self.model.set_records(rows, self.names)
        self._show_rows_or_empty(bool(rows))
        shown = len(rows)
        text = self.tr("{n} mục").format(n=thousands(shown))
        if shown >= LIMIT:
            text = self.tr("{n} mục mới nhất — thu hẹp bộ lọc để xem mục cũ hơn").format(
                n=thousands(shown)
            )
        self.count_label.setText(text)
        self._show_detail(None)

    def _show_rows_or_empty(self, any_rows: bool) -> None:
        if any_rows:
            self.rows_or_empty.show_rows()
            return
        narrowing = self.filters.narrowing()
        message = (
            no_match(self.tr("mục nhật ký"), narrowing)
            if narrowing
            else self.tr("Nhật ký chưa có mục nào.")
        )
        self.rows_or_empty.show_empty(message, bool(narrowing))

    def selected(self) -> JournalRecord | None:
        """The entry selected in the table."""
        rows = self.table.selectionModel().selectedRows()
        return self.model.record_at(rows[0].row()) if rows else None

    def _show_detail(self, rec: JournalRecord | None) -> None:
        self.history_button.setEnabled(rec is not None)
        self.reveal_button.setEnabled(rec is not None and bool(rec.masked))
        self.masked_label.setText(self._masked_note(rec))
        self.detail_model.set_records([rec] if rec else [], self.names)
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
            return self.tr(
                "Giá trị số định danh và sức khỏe được ẩn cho đến khi bạn chọn hiện "
                "(việc xem được ghi vào nhật ký truy cập)."
            )
        return self.tr(
            "Giá trị số định danh và sức khỏe được ẩn: tài khoản này không có quyền xem."
        )

    # ------------------------------------------------------------ slots

    def _on_selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self._show_detail(self.selected())

    def _on_bus_changed(self, changes: Changes) -> None:
        self.filters.fill_choices()
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

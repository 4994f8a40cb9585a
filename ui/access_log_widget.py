"""The access log, a tab of the journal page for whoever manages accounts (``Perm.MANAGE_USERS``).

Sign-ins, sign-outs, failed sign-ins, lock-outs, unlocks and views of sensitive
data (``app.access_log``), newest first, filtered by account and kind; each
entry described in a line by ``app.labels.describe_access``.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import IntEnum
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QComboBox, QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from app import access_log, accounts, journal_view, labels
from app.access_log import AccessFilter, AccessRecord
from app.numbers import thousands
from ui.empty_state import TableOrEmpty, no_match
from ui.flow_layout import FlowLayout, group
from ui.pages import PageContext
from ui.table_model import Index, RowTableModel
from ui.widgets import configure_table

LIMIT = 500


class AccessColumn(IntEnum):
    """Columns of the access-log table."""

    AT = 0
    USER = 1
    EVENT = 2
    DETAIL = 3


ACCESS_HEADERS = {
    AccessColumn.AT: "Thời điểm",
    AccessColumn.USER: "Tài khoản",
    AccessColumn.EVENT: "Sự kiện",
    AccessColumn.DETAIL: "Chi tiết",
}


class AccessLogModel(RowTableModel):
    """Rows are ``AccessRecord``s, newest first."""

    def __init__(self) -> None:
        super().__init__([ACCESS_HEADERS[c] for c in AccessColumn])
        self._names: Mapping[str, str] = {}

    def set_records(self, records: list[AccessRecord], names: Mapping[str, str]) -> None:
        """Show ``records``; ``names`` (id → name) names the records viewed."""
        self._names = names
        self.set_rows(records)

    def record_at(self, row: int) -> AccessRecord | None:
        """The entry shown in ``row``."""
        record: AccessRecord | None = self.row_at(row)
        return record

    def cell(self, rec: AccessRecord, col: int, role: int, index: Index) -> Any:
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        column = AccessColumn(col)
        if column == AccessColumn.AT:
            return labels.format_datetime(rec.at, seconds=True)
        if column == AccessColumn.USER:
            return rec.username or "—"
        if column == AccessColumn.EVENT:
            return access_log.event_label(rec.event)
        return labels.describe_access(rec, self._names)


class AccessLogWidget(QWidget):
    """Newest entries first (up to ``LIMIT``); read again each time the tab is shown."""

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.model = AccessLogModel()
        self._build()
        self._connect()

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.setSpacing(10)
        self.user_combo = QComboBox()
        self.user_combo.setMinimumWidth(140)
        self.user_combo.addItem(self.tr("Tất cả"), "")
        with self.ctx.db.read(self.ctx.actor) as s:
            for user in accounts.list_users(s, self.ctx.actor):
                self.user_combo.addItem(f"{user.username} — {user.full_name}", user.username)
        self.event_combo = QComboBox()
        self.event_combo.addItem(self.tr("Tất cả"), "")
        for event, text in access_log.EVENT_LABELS.items():
            self.event_combo.addItem(self.tr(text), str(event))
        bar = FlowLayout(h_spacing=14)
        bar.addWidget(group(QLabel(self.tr("Tài khoản")), self.user_combo))
        bar.addWidget(group(QLabel(self.tr("Sự kiện")), self.event_combo))
        layout.addLayout(bar)
        self.table = QTableView()
        self.table.setModel(self.model)
        configure_table(self.table)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(AccessColumn.DETAIL, QHeaderView.ResizeMode.Stretch)
        self.rows_or_empty = TableOrEmpty(self.table)
        layout.addWidget(self.rows_or_empty, 1)
        self.count_label = QLabel()
        self.count_label.setObjectName("muted")
        layout.addWidget(self.count_label)

    def _connect(self) -> None:
        self.user_combo.currentIndexChanged.connect(self._on_filter_changed)
        self.event_combo.currentIndexChanged.connect(self._on_filter_changed)
        self.rows_or_empty.empty.reset_requested.connect(self.reset_filters)

    def current_filter(self) -> AccessFilter:
        """The filter the controls describe."""
        return AccessFilter(
            username=str(self.user_combo.currentData() or ""),
            event=str(self.event_combo.currentData() or ""),
        )

    def narrowing(self) -> list[str]:
        """The chosen filters, as the empty message names them."""
        parts = []
        if self.user_combo.currentIndex() > 0:
            parts.append(self.tr("tài khoản {user}").format(user=self.user_combo.currentData()))
        if self.event_combo.currentIndex() > 0:
            parts.append(
                self.tr("sự kiện {event}").format(event=self.event_combo.currentText().lower())
            )
        return parts

    def refresh(self) -> None:
        """Read the entries the filters describe."""
        actor = self.ctx.actor
        with self.ctx.db.read(actor) as s:
            rows = access_log.entries(s, actor, self.current_filter(), limit=LIMIT)
            names = journal_view.record_names(s, ((r.entity_type, r.entity_id) for r in rows))
        self.model.set_records(rows, names)
        text = self.tr("{n} mục").format(n=thousands(len(rows)))
        if len(rows) >= LIMIT:
            text = self.tr("{n} mục mới nhất — thu hẹp bộ lọc để xem mục cũ hơn").format(
                n=thousands(len(rows))
            )
        self.count_label.setText(text)
        if rows:
            self.rows_or_empty.show_rows()
            return
        narrowing = self.narrowing()
        message = (
            no_match(self.tr("mục"), narrowing) if narrowing else self.tr("Nhật ký truy cập trống.")
        )
        self.rows_or_empty.show_empty(message, bool(narrowing))

    def reset_filters(self) -> None:
        """Every account, every kind."""
        for combo in (self.user_combo, self.event_combo):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.refresh()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        self.refresh()

    def _on_filter_changed(self, _index: int) -> None:
        self.refresh()

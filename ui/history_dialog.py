"""One record's history from the journal: who changed what, when, and why.

Any page can offer "Lịch sử thay đổi" with
``HistoryDialog.show_for(parent, db, actor, entity_type, entity_id, title)``;
the records come from ``app.journal_view``, so sensitive values are masked.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app import journal_view, labels
from app.db import Actor, Database
from app.journal import JournalRecord
from ui.journal_model import ChangeColumn, ChangesModel
from ui.screen import resize_to_fit
from ui.widgets import PageHeader, configure_table


class HistoryDialog(QDialog):
    """The change history of one record, oldest first."""

    def __init__(
        self, parent: QWidget | None, records: list[JournalRecord], entity_type: str, title: str
    ) -> None:
        super().__init__(parent)
        self.records = records
        self.model = ChangesModel()
        self.model.set_records(records)
        self.setWindowTitle(self.tr("Lịch sử thay đổi"))
        resize_to_fit(self, 940, 520)
        self._build(entity_type, title)
        self._connect()

    def _build(self, entity_type: str, title: str) -> None:
        subtitle = self.tr("{kind} · {count} lần thay đổi").format(
            kind=labels.entity_label(entity_type), count=len(self.records)
        )
        if self.records:
            first = self.records[0]
            subtitle += self.tr(" · tạo lúc {time} bởi {user}").format(
                time=labels.format_datetime(first.at), user=first.username or "—"
            )
        header = PageHeader(title, subtitle)
        self.table = QTableView()
        self.table.setModel(self.model)
        configure_table(self.table)
        head = self.table.horizontalHeader()
        head.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        head.setSectionResizeMode(ChangeColumn.NEW, QHeaderView.ResizeMode.Stretch)
        self.empty_label = QLabel(self.tr("Chưa có thay đổi nào được ghi cho bản ghi này."))
        self.empty_label.setObjectName("muted")
        self.empty_label.setVisible(not self.records)
        self.masked_label = QLabel(self.tr("Giá trị số định danh và sức khỏe được ẩn."))
        self.masked_label.setObjectName("muted")
        self.masked_label.setVisible(any(rec.masked for rec in self.records))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Đóng"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 16, 18, 12)
        layout.addWidget(header)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.masked_label)
        layout.addWidget(self.buttons)

    def _connect(self) -> None:
        self.buttons.rejected.connect(self.reject)

    @classmethod
    def show_for(
        cls,
        parent: QWidget | None,
        db: Database,
        actor: Actor,
        entity_type: str,
        entity_id: str,
        title: str,
    ) -> None:
        """Read the record's journal entries as ``actor`` may see them and show them modally."""
        with db.read(actor) as s:
            records = journal_view.history(s, actor, entity_type, entity_id)
        cls(parent, records, entity_type, title).exec()

"""One record's history from the journal: who changed what, when, and why.

Any page can offer "Lịch sử thay đổi" with
``HistoryDialog.show_for(parent, db, actor, entity_type, entity_id, title)``;
the records come from ``app.journal_view``, so sensitive values are masked. The
one rule of every screen: a role that may see them shows them with "Hiện", and
that view is logged (``journal_view.reveal``, the access log); others never can.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app import journal_view, labels
from app.db import Actor, Database
from app.journal import JournalRecord
from app.permissions import Perm, can
from app.progress import Progress
from ui import errors, icons, ops
from ui.journal_model import ChangeColumn, ChangesModel
from ui.screen import resize_to_fit
from ui.widgets import PageHeader, configure_table


class HistoryDialog(QDialog):
    """The change history of one record, oldest first.

    ``source`` (the database and the reader) lets a reader who may see sensitive
    values reveal them here.
    """

    def __init__(
        self,
        parent: QWidget | None,
        records: list[JournalRecord],
        entity_type: str,
        title: str,
        *,
        names: Mapping[str, str] | None = None,
        source: tuple[Database, Actor] | None = None,
    ) -> None:
        super().__init__(parent)
        self.records = records
        self.names = dict(names or {})
        self.source = source
        self.model = ChangesModel()
        self.model.set_records(records, self.names)
        self.setWindowTitle(self.tr("Lịch sử thay đổi"))
        resize_to_fit(self, 940, 520)
        self._build(entity_type, title)
        self._connect()
        self._show_masked()

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
        self.masked_label = QLabel()
        self.masked_label.setObjectName("muted")
        self.masked_label.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Đóng"))
        self.reveal_button = QPushButton(icons.icon("unlock"), self.tr("Hiện"))
        self.reveal_button.setToolTip(
            self.tr("Hiện số định danh và thông tin sức khỏe (việc xem được ghi nhật ký truy cập)")
        )
        self.buttons.addButton(self.reveal_button, QDialogButtonBox.ButtonRole.ActionRole)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 16, 18, 12)
        layout.addWidget(header)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.masked_label)
        layout.addWidget(self.buttons)

    def _connect(self) -> None:
        self.buttons.rejected.connect(self.reject)
        self.reveal_button.clicked.connect(self._on_reveal_clicked)

    @property
    def may_reveal(self) -> bool:
        """Whether the reader may show the masked values here."""
        return self.source is not None and can(self.source[1], Perm.VIEW_SENSITIVE)

    def _show_masked(self) -> None:
        masked = any(rec.masked for rec in self.records)
        self.reveal_button.setVisible(masked and self.may_reveal)
        self.reveal_button.setEnabled(True)
        self.masked_label.setVisible(masked)
        if self.may_reveal:
            self.masked_label.setText(
                self.tr("Giá trị số định danh và sức khỏe được ẩn cho đến khi bạn chọn “Hiện”.")
            )
        else:
            self.masked_label.setText(
                self.tr(
                    "Giá trị số định danh và sức khỏe được ẩn: tài khoản này không có quyền xem."
                )
            )

    def _on_reveal_clicked(self) -> None:
        if self.source is None or not self.may_reveal:
            return
        db, actor = self.source
        seqs = [rec.seq for rec in self.records if rec.masked]
        self.reveal_button.setEnabled(False)

        def job(progress: Progress) -> list[JournalRecord]:
            with db.uow(actor=actor) as s:
                return journal_view.reveal(s, actor, seqs)

        ops.run(
            self,
            job,
            self._on_revealed,
            label=self.tr("Đang mở thông tin nhạy cảm…"),
            on_error=self._on_reveal_failed,
        )

    def _on_revealed(self, shown: list[JournalRecord]) -> None:
        by_seq = {rec.seq: rec for rec in shown}
        self.records = [by_seq.get(rec.seq, rec) for rec in self.records]
        self.model.set_records(self.records, self.names)
        self._show_masked()

    def _on_reveal_failed(self, exc: BaseException) -> None:
        self.reveal_button.setEnabled(True)
        errors.show_error(self, exc)

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
            names = journal_view.referenced_names(s, records)
        cls(parent, records, entity_type, title, names=names, source=(db, actor)).exec()

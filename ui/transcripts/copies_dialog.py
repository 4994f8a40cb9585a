"""Cấp bản sao, trích lục: log one handing-out of an issued transcript, see the log, print it.

The log lists this student's earlier copies; "In sổ cấp bản sao" writes the whole school's
log (NĐ 30, landscape) to a PDF the secretary chooses, whole or not at all.
"""

from __future__ import annotations

import uuid
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.changes import Changes
from app.errors import AppError
from app.transcripts import copies
from app.transcripts.copies import CopyEntry, CopyInput
from app.transcripts.models import COPY_LABELS
from app.transcripts.queries import TranscriptRow
from ui import errors, ops
from ui.confirm import GuardedDialog, show_status
from ui.file_dialogs import SaveFileDialog
from ui.pages import PageContext
from ui.widgets import ErrorLabel, PageHeader, configure_table

LOG_HEADERS = ("Thời điểm", "Loại", "Cấp cho", "Mục đích", "Số bản", "Người cấp")


class CopiesDialog(GuardedDialog):
    """The handing-out form for one student's issued transcript, and the log under it."""

    def __init__(self, parent: QWidget | None, ctx: PageContext, row: TranscriptRow) -> None:
        super().__init__(parent)
        assert row.version is not None
        self.ctx = ctx
        self.row = row
        self._saving = False
        self.version_id: uuid.UUID = row.version.id
        self.setWindowTitle(self.tr("Cấp bản sao, trích lục học bạ"))
        self.setMinimumWidth(620)
        self._build()
        self._connect()
        self.load_log()
        self.form_state.keep([self.kind_combo, self.to_edit, self.purpose_edit, self.count_spin])

    def _build(self) -> None:
        self.kind_combo = QComboBox()
        for kind, label in COPY_LABELS.items():
            self.kind_combo.addItem(self.tr(label), kind)
        self.to_edit = QLineEdit()
        self.to_edit.setPlaceholderText(self.tr("Ví dụ: Bà Nguyễn Thị Hoa (mẹ học sinh)"))
        self.purpose_edit = QLineEdit()
        self.purpose_edit.setPlaceholderText(self.tr("Ví dụ: nộp hồ sơ chuyển trường"))
        self.count_spin = QSpinBox()
        self.count_spin.setRange(1, copies.MAX_COPIES)
        form = QFormLayout()
        form.addRow(self.tr("Loại:"), self.kind_combo)
        form.addRow(self.tr("Cấp cho:"), self.to_edit)
        form.addRow(self.tr("Mục đích:"), self.purpose_edit)
        form.addRow(self.tr("Số bản:"), self.count_spin)
        self.error_label = ErrorLabel()
        self.log_table = QTableWidget(0, len(LOG_HEADERS))
        self.log_table.setHorizontalHeaderLabels([self.tr(h) for h in LOG_HEADERS])
        configure_table(self.log_table)
        self.log_table.horizontalHeader().setStretchLastSection(True)
        self.print_button = QPushButton(self.tr("In sổ cấp bản sao…"))
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.save_button.setText(self.tr("Ghi vào sổ"))
        self.save_button.setObjectName("primary")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Đóng"))
        self.buttons.addButton(self.print_button, QDialogButtonBox.ButtonRole.ActionRole)
        v = self.row.version
        assert v is not None
        title = self.tr("{name} — năm học {year}, bản {n}").format(
            name=self.row.full_name, year=self.row.school_year, n=v.number
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 16, 18, 12)
        layout.addWidget(PageHeader(self.tr("Cấp bản sao, trích lục"), title))
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.log_table, 1)
        layout.addWidget(self.buttons)

    def _connect(self) -> None:
        self.buttons.accepted.connect(self.save_edits)
        self.buttons.rejected.connect(self.reject)
        self.print_button.clicked.connect(self._on_print_clicked)

    def unsaved_what(self) -> str:
        return self.tr("Lần cấp bản sao đang nhập")

    def load_log(self) -> None:
        """This student's earlier copies."""
        with self.ctx.db.read(self.ctx.actor) as s:
            entries = copies.list_copies(
                s, self.ctx.actor, student_id=self.row.student_id, year=self.row.school_year
            )
        self.log_table.setRowCount(len(entries))
        for r, e in enumerate(entries):
            for c, text in enumerate(_cells(e)):
                self.log_table.setItem(r, c, QTableWidgetItem(text))
        self.log_table.resizeColumnsToContents()

    def save_edits(self) -> None:
        """Write the entry (the form stays open with the message when it is not valid)."""
        if self._saving:
            return
        data = CopyInput(self.kind_combo.currentData(), self.to_edit.text(),
                         self.purpose_edit.text(), self.count_spin.value())  # fmt: skip
        ctx, version_id = self.ctx, self.version_id

        def job(_progress: object) -> Changes:
            with ctx.db.uow(ctx.actor) as s:
                return copies.log_copy(s, ctx.actor, version_id, data)

        self._saving = True
        ops.run(self, job, self._on_saved, label=self.tr("Đang ghi…"), on_error=self._on_failed)

    def busy(self) -> bool:
        return self._saving

    def _on_saved(self, _changes: Changes) -> None:
        self._saving = False
        show_status(self.parentWidget(), self.tr("Đã ghi vào sổ cấp bản sao."))
        self.form_state.keep([self.kind_combo, self.to_edit, self.purpose_edit, self.count_spin])
        self.accept()

    def _on_failed(self, exc: BaseException) -> None:
        self._saving = False
        if isinstance(exc, AppError):
            self.error_label.show_message(exc.message)
        else:
            errors.show_error(self, exc)

    def _on_print_clicked(self) -> None:
        dest = SaveFileDialog.ask(
            self, self.tr("Lưu sổ cấp bản sao"),
            Path.home() / f"so-cap-ban-sao_{self.row.school_year}.pdf",
            self.tr("Tệp PDF (*.pdf)"),
        )  # fmt: skip
        if dest is None:
            return
        ctx, year = self.ctx, self.row.school_year

        def job(_progress: object) -> Path:
            with ctx.db.read(ctx.actor) as s:
                return copies.print_copies(s, ctx.actor, dest, year=year)

        ops.run(self, job, lambda path: show_status(self.parentWidget(), str(path)),
                label=self.tr("Đang in sổ cấp bản sao…"))  # fmt: skip

    @classmethod
    def ask(cls, parent: QWidget | None, ctx: PageContext, row: TranscriptRow) -> bool:
        """True when an entry was written."""
        return cls(parent, ctx, row).exec() == GuardedDialog.DialogCode.Accepted


def _cells(e: CopyEntry) -> tuple[str, ...]:
    return (copies.local_time(e.issued_at), e.kind_label, e.issued_to, e.purpose,
            str(e.copies), e.issued_by_name)  # fmt: skip

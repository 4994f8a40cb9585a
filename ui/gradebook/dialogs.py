"""Small questions of the grade book: a written reason, what to do with unsaved edits, and
whether to lock a semester that still misses grades (the students listed).

``Unsaved`` is the shared answer of ``ui.confirm.UnsavedQuestion``.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.gradebook.access import MIN_REASON_LENGTH
from app.gradebook.missing import MissingGrades, MissingLine
from app.labels import nfc
from ui.confirm import Unsaved, UnsavedQuestion
from ui.screen import resize_to_fit
from ui.table_model import Index, RowTableModel
from ui.widgets import ErrorLabel, configure_table


def _tr(text: str) -> str:
    return QCoreApplication.translate("gradebook", text)


class ReasonDialog(QDialog):
    """Ask for a written reason (kept in the journal with the change)."""

    def __init__(self, parent: QWidget | None, title: str, text: str, action: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(480)
        self._build(text, action)
        self._connect()

    def _build(self, text: str, action: str) -> None:
        intro = QLabel(text)
        intro.setWordWrap(True)
        self.reason_edit = QPlainTextEdit()
        self.reason_edit.setPlaceholderText(
            self.tr("Ví dụ: Sửa điểm nhập nhầm theo đề nghị của giáo viên bộ môn")
        )
        self.reason_edit.setFixedHeight(90)
        self.error_label = ErrorLabel()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(action)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Hủy"))
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(QLabel(self.tr("Lý do (bắt buộc):")))
        layout.addWidget(self.reason_edit)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)

    def _connect(self) -> None:
        self.buttons.accepted.connect(self._on_ok_clicked)
        self.buttons.rejected.connect(self.reject)

    def reason(self) -> str:
        """The typed reason, NFC and trimmed."""
        return " ".join(nfc(self.reason_edit.toPlainText()).split())

    def _on_ok_clicked(self) -> None:
        if len(self.reason()) < MIN_REASON_LENGTH:
            self.error_label.show_message(
                self.tr("Hãy ghi rõ lý do (tối thiểu {n} ký tự).").format(n=MIN_REASON_LENGTH)
            )
            return
        self.accept()

    @classmethod
    def ask(
        cls, parent: QWidget | None, title: str, text: str, action: str = "Đồng ý"
    ) -> str | None:
        """The reason typed, or None when the user cancelled."""
        dialog = cls(parent, title, text, action)
        return dialog.reason() if dialog.exec() == QDialog.DialogCode.Accepted else None


class UnsavedDialog:
    """Lưu / Không lưu / Hủy before leaving a sheet with unsaved edits."""

    @classmethod
    def ask(cls, parent: QWidget | None, count: int, what: str) -> Unsaved:
        """The user's choice; closing the box counts as Hủy."""
        # Asked on switching sheets as on logout and exit: the question names no destination.
        text = _tr("{what} có {count} ô chưa lưu. Lưu lại các thay đổi này?")
        return UnsavedQuestion.ask(parent, text.format(what=what, count=count))


class MissingModel(RowTableModel):
    """One row per student and subject with something missing."""

    def __init__(self, lines: tuple[MissingLine, ...]) -> None:
        super().__init__(("Học sinh", "Mã học sinh", "Môn", "Còn thiếu"), lines)

    def cell(self, row: Any, column: int, role: int, index: Index) -> Any:
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        line: MissingLine = row
        if role == Qt.ItemDataRole.ToolTipRole:
            return line.text if column == 3 else None
        return (line.full_name, line.student_code, line.subject, ", ".join(line.columns))[column]


class LockDialog(QDialog):
    """Khóa sổ while grades are missing: who misses what, then Vẫn khóa sổ or Hủy."""

    def __init__(self, parent: QWidget | None, found: MissingGrades, question: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Khóa sổ điểm"))
        resize_to_fit(self, 760, 520)
        self.found = found
        summary = QLabel(found.summary)
        summary.setObjectName("warningBanner")
        summary.setWordWrap(True)
        self.model = MissingModel(found.lines)
        self.table = QTableView()
        self.table.setModel(self.model)
        configure_table(self.table)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setStretchLastSection(True)
        text = QLabel(question)
        text.setWordWrap(True)
        self.buttons = QDialogButtonBox()
        self.lock_button = self.buttons.addButton(
            self.tr("Vẫn khóa sổ"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        cancel = self.buttons.addButton(self.tr("Hủy"), QDialogButtonBox.ButtonRole.RejectRole)
        cancel.setDefault(True)  # locking an incomplete semester is the exception
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(text)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

    @classmethod
    def ask(cls, parent: QWidget | None, found: MissingGrades, question: str) -> bool:
        """True when the user locks anyway."""
        return cls(parent, found, question).exec() == QDialog.DialogCode.Accepted

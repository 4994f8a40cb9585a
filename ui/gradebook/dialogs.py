"""Small questions of the grade book: a written reason, and what to do with unsaved edits.

``Unsaved`` is the shared answer of ``ui.confirm.UnsavedQuestion``.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.gradebook.access import MIN_REASON_LENGTH
from app.labels import nfc
from ui.confirm import Unsaved, UnsavedQuestion
from ui.widgets import ErrorLabel


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

"""The reason of a correction (đính chính): asked before a signed transcript is prepared again."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from app.transcripts.service import MIN_REASON
from ui.widgets import PageHeader


class ReasonDialog(QDialog):
    """A message and a one-line reason, at least ``MIN_REASON`` characters."""

    def __init__(self, parent: QWidget | None, title: str, message: str, initial: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(520)
        label = QLabel(message)
        label.setWordWrap(True)
        label.setObjectName("warningBanner")
        self.reason_edit = QLineEdit(initial)
        self.reason_edit.setPlaceholderText(
            self.tr("Ví dụ: sửa điểm môn Toán theo biên bản chấm lại")
        )
        hint = QLabel(self.tr("Lý do được in trên bản đính chính và lưu vào nhật ký thay đổi."))
        hint.setObjectName("muted")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Lập bản đính chính"))
        self.ok_button.setObjectName("primary")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Hủy"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 16, 18, 12)
        layout.addWidget(PageHeader(title))
        layout.addWidget(label)
        layout.addWidget(QLabel(self.tr("Lý do đính chính:")))
        layout.addWidget(self.reason_edit)
        layout.addWidget(hint)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.reason_edit.textChanged.connect(self._on_text_changed)
        self._on_text_changed(initial)

    def _on_text_changed(self, text: str) -> None:
        self.ok_button.setEnabled(len(text.strip()) >= MIN_REASON)

    @classmethod
    def ask(cls, parent: QWidget | None, title: str, message: str, initial: str = "") -> str | None:
        """The reason, or None when cancelled."""
        dialog = cls(parent, title, message, initial)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.reason_edit.text().strip()

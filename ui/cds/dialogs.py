"""Small questions of the CĐS page, behind ``ask`` classmethods so tests patch one place:
a reason (overriding a pre-filled figure, withdrawing a file), a comment (the principal's
send-back, the authority's answer), and a picture shown in the app."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ui.widgets import ErrorLabel, ok_cancel_buttons


def _tr(text: str) -> str:
    return QCoreApplication.translate("cds", text)


class ReasonDialog(QDialog):
    """A text the user must write before the action goes on (a reason or a comment)."""

    def __init__(self, parent: QWidget | None, title: str, text: str, ok: str,
                 required: bool = True) -> None:  # fmt: skip
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(460)
        self._required = required
        label = QLabel(text)
        label.setWordWrap(True)
        self.edit = QPlainTextEdit()
        self.edit.setPlaceholderText(_tr("Ghi rõ lý do…") if required else _tr("Ý kiến (nếu có)"))
        self.edit.setFixedHeight(90)
        self.error = ErrorLabel()
        self.buttons = ok_cancel_buttons(ok)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.edit)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self._on_ok_clicked)
        self.buttons.rejected.connect(self.reject)

    def _on_ok_clicked(self) -> None:
        if self._required and not self.edit.toPlainText().strip():
            self.error.show_message(_tr("Cần ghi lý do trước khi tiếp tục."))
            return
        self.accept()

    @classmethod
    def ask(cls, parent: QWidget | None, title: str, text: str, ok: str,
            required: bool = True) -> str | None:  # fmt: skip
        """The text written, or None when cancelled."""
        dialog = cls(parent, title, text, ok, required)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.edit.toPlainText().strip()


class ImagePreview(QDialog):
    """A picture (a photo or a scan given as evidence) shown in the app."""

    def __init__(self, parent: QWidget | None, title: str, data: bytes) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        pixmap = QPixmap()
        pixmap.loadFromData(data)
        self.image = QLabel()
        self.image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        if pixmap.isNull():
            self.image.setText(_tr("Không hiển thị được ảnh này."))
        else:
            self.image.setPixmap(pixmap.scaled(900, 600, Qt.AspectRatioMode.KeepAspectRatio,
                                               Qt.TransformationMode.SmoothTransformation))  # fmt: skip
        area = QScrollArea()
        area.setWidget(self.image)
        area.setWidgetResizable(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(_tr("Đóng"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(area, 1)
        layout.addWidget(buttons)
        self.resize(720, 560)

    @classmethod
    def ask(cls, parent: QWidget | None, title: str, data: bytes) -> None:
        """Show the picture until closed."""
        cls(parent, title, data).exec()

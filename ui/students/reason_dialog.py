"""Asking why: identity changes and kept warnings need a reason, which goes into the journal."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from ui.widgets import PageHeader

COMMON_REASONS = (
    "Sửa theo giấy khai sinh",
    "Sửa theo dữ liệu định danh điện tử (VNeID)",
    "Sửa lỗi nhập liệu trước đây",
    "Theo đề nghị của cha mẹ học sinh, có giấy tờ kèm theo",
)


class ReasonDialog(QDialog):
    """A message saying what needs a reason, and an editable list of common reasons."""

    def __init__(self, parent: QWidget | None, title: str, message: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(520)
        self._build(title, message)
        self._connect()
        self._on_text_changed(self.reason_box.currentText())

    def _build(self, title: str, message: str) -> None:
        self.message_label = QLabel(message)
        self.message_label.setWordWrap(True)
        self.message_label.setObjectName("warningBanner")
        self.reason_box = QComboBox()
        self.reason_box.setEditable(True)
        self.reason_box.addItems([self.tr(r) for r in COMMON_REASONS])
        self.reason_box.setCurrentIndex(-1)
        self.reason_box.setEditText("")
        line = self.reason_box.lineEdit()
        assert line is not None
        line.setPlaceholderText(self.tr("Ghi lý do, ví dụ: sửa theo giấy khai sinh"))
        hint = QLabel(self.tr("Lý do được lưu vào nhật ký thay đổi cùng tên người sửa."))
        hint.setObjectName("muted")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Lưu với lý do này"))
        self.ok_button.setObjectName("primary")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Quay lại"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 16, 18, 12)
        layout.addWidget(PageHeader(title))
        layout.addWidget(self.message_label)
        layout.addWidget(QLabel(self.tr("Lý do:")))
        layout.addWidget(self.reason_box)
        layout.addWidget(hint)
        layout.addWidget(self.buttons)

    def _connect(self) -> None:
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.reason_box.editTextChanged.connect(self._on_text_changed)

    def _on_text_changed(self, text: str) -> None:
        self.ok_button.setEnabled(bool(text.strip()))

    @property
    def reason(self) -> str:
        """The reason as typed or chosen."""
        return self.reason_box.currentText().strip()

    @classmethod
    def ask(cls, parent: QWidget | None, title: str, message: str) -> str | None:
        """The reason, or None when the user went back."""
        dialog = cls(parent, title, message)
        if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.reason:
            return None
        return dialog.reason

"""Confirming a hub profile before it is kept: its name, address, validity and, large, its
fingerprint, which the person compares with what the authority gave them (typed back, or
ticked once read character by character)."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app import labels
from app.sync.hub_profile import HubProfile
from ui.widgets import field_name, form, value_label


def fingerprint_font(points: int) -> QFont:
    """A fixed-width font, so each character of a fingerprint reads apart."""
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    font.setPointSize(points)
    font.setBold(True)
    return font


def normalised(text: str) -> str:
    """A typed fingerprint as the profile writes it (case and spaces do not matter)."""
    return "".join(text.split()).upper()


class ProfileDialog(QDialog):
    """Shows one profile; Lưu hồ sơ only once the fingerprint was typed back or ticked."""

    def __init__(self, profile: HubProfile, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.profile = profile
        self.setWindowTitle(self.tr("Nhập hồ sơ máy chủ nhận"))
        self.setMinimumWidth(520)
        self._build()
        self._connect()
        self._update()

    def _build(self) -> None:
        intro = QLabel(
            self.tr(
                "Hãy đối chiếu dấu vân tay dưới đây với dấu vân tay cơ quan quản lý gửi cho nhà "
                "trường (trong công văn, hoặc gọi điện hỏi lại). Chỉ lưu khi hai dấu vân tay "
                "giống hệt nhau: nếu khác, tệp này không phải của cơ quan quản lý."
            )
        )
        intro.setWordWrap(True)
        rows = form()
        rows.addRow(field_name(self.tr("Máy chủ nhận")), value_label(self.profile.name))
        rows.addRow(field_name(self.tr("Địa chỉ")), value_label(self.profile.url))
        rows.addRow(
            field_name(self.tr("Hiệu lực đến")),
            value_label(labels.format_date(self.profile.valid_until)),
        )
        self.fingerprint_label = value_label(self.profile.fingerprint)
        self.fingerprint_label.setFont(fingerprint_font(20))
        self.typed = QLineEdit()
        self.typed.setFont(fingerprint_font(12))
        self.typed.setPlaceholderText(self.tr("Gõ dấu vân tay cơ quan quản lý gửi"))
        self.match_label = QLabel()
        self.ticked = QCheckBox(
            self.tr("Tôi đã đối chiếu từng ký tự: hai dấu vân tay giống hệt nhau.")
        )
        self.buttons = QDialogButtonBox()
        self.keep_button = self.buttons.addButton(
            self.tr("Lưu hồ sơ"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.keep_button.setObjectName("primary")
        self.buttons.addButton(self.tr("Hủy"), QDialogButtonBox.ButtonRole.RejectRole)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(rows)
        layout.addWidget(field_name(self.tr("Dấu vân tay")))
        layout.addWidget(self.fingerprint_label)
        layout.addWidget(self.typed)
        layout.addWidget(self.match_label)
        layout.addWidget(self.ticked)
        layout.addWidget(self.buttons)

    def _connect(self) -> None:
        self.typed.textChanged.connect(self._on_typed_changed)
        self.ticked.toggled.connect(self._on_ticked_toggled)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

    def _on_typed_changed(self, _text: str) -> None:
        self._update()

    def _on_ticked_toggled(self, _checked: bool) -> None:
        self._update()

    def _update(self) -> None:
        typed = normalised(self.typed.text())
        matches = typed == self.profile.fingerprint
        if not typed:
            self.match_label.setText("")
        elif matches:
            self.match_label.setObjectName("statusOk")
            self.match_label.setText(self.tr("Trùng khớp."))
        else:
            self.match_label.setObjectName("statusBad")
            self.match_label.setText(self.tr("Chưa trùng khớp."))
        self.match_label.style().unpolish(self.match_label)
        self.match_label.style().polish(self.match_label)
        self.keep_button.setEnabled(matches or self.ticked.isChecked())

    def confirmed(self) -> str:
        """The fingerprint the person confirmed: typed back, else the one they ticked as read."""
        typed = normalised(self.typed.text())
        return typed if typed else self.profile.fingerprint

    @classmethod
    def ask(cls, parent: QWidget | None, profile: HubProfile) -> str | None:
        """The confirmed fingerprint, or None when the person cancelled."""
        dialog = cls(profile, parent)
        return dialog.confirmed() if dialog.exec() == QDialog.DialogCode.Accepted else None

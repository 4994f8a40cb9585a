"""Add or edit a user account: username, full name, role and (for a new account) password.

Closing with something typed (Esc, Hủy, the title-bar X) asks Lưu / Không lưu / Hủy.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app import accounts
from app.accounts import UserInfo
from app.errors import ValidationError
from app.labels import nfc
from app.permissions import ROLE_LABELS, Role
from ui.confirm import GuardedDialog
from ui.password_dialog import policy_text
from ui.widgets import ErrorLabel


@dataclass(frozen=True)
class UserForm:
    """What the dialog collected; ``password`` is empty when editing."""

    username: str
    full_name: str
    role: str
    password: str = ""


class UserDialog(GuardedDialog):
    """The form; ``existing`` switches it to editing (username and password hidden)."""

    def __init__(
        self,
        parent: QWidget | None,
        existing: UserInfo | None = None,
        initial: UserForm | None = None,
        error: str = "",
    ) -> None:
        super().__init__(parent)
        self.existing = existing
        self.result_form: UserForm | None = None
        self.setWindowTitle(self.tr("Sửa tài khoản") if existing else self.tr("Thêm người dùng"))
        self.setMinimumWidth(440)
        self._build()
        self._connect()
        self._fill(initial, error)

    def _build(self) -> None:
        self.username_edit = QLineEdit()
        self.username_edit.setPlaceholderText(self.tr("chữ thường không dấu, ví dụ: gv.toan"))
        self.full_name_edit = QLineEdit()
        self.role_combo = QComboBox()
        for role in Role:
            self.role_combo.addItem(self.tr(ROLE_LABELS[role]), role.value)
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.confirm_edit = QLineEdit()
        self.confirm_edit.setEchoMode(QLineEdit.EchoMode.Password)
        policy = QLabel(policy_text(self))
        policy.setObjectName("muted")
        form = QFormLayout()
        form.addRow(self.tr("Tên đăng nhập"), self.username_edit)
        form.addRow(self.tr("Họ và tên"), self.full_name_edit)
        form.addRow(self.tr("Vai trò"), self.role_combo)
        if self.existing is None:
            form.addRow(self.tr("Mật khẩu"), self.password_edit)
            form.addRow(self.tr("Nhập lại mật khẩu"), self.confirm_edit)
            form.addRow("", policy)
        self.error_label = ErrorLabel()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Lưu"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Hủy"))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)

    def _connect(self) -> None:
        self.buttons.accepted.connect(self._on_ok_clicked)
        self.buttons.rejected.connect(self.reject)

    def _fill(self, initial: UserForm | None, error: str) -> None:
        """The stored account (or a new one's defaults), then what was typed before an error."""
        e = self.existing
        self._show(UserForm(e.username, e.full_name, e.role) if e else None)
        self.form_state.keep(self._inputs())
        if initial is not None:
            self._show(initial)
        self.username_edit.setReadOnly(e is not None)
        self.error_label.show_message(error)

    def _show(self, source: UserForm | None) -> None:
        if source is not None:
            self.username_edit.setText(source.username)
            self.full_name_edit.setText(source.full_name)
            self.role_combo.setCurrentIndex(max(0, self.role_combo.findData(source.role)))
        else:
            self.role_combo.setCurrentIndex(self.role_combo.findData(Role.TEACHER.value))

    def _inputs(self) -> list[QWidget]:
        shown: list[QWidget] = [self.username_edit, self.full_name_edit, self.role_combo]
        return shown + [self.password_edit, self.confirm_edit]

    def unsaved_what(self) -> str:
        """What the question names: "Tài khoản gv.toan" (or "Tài khoản mới")."""
        if self.existing is None:
            return self.tr("Tài khoản mới")
        return self.tr("Tài khoản {user}").format(user=self.existing.username)

    def save_edits(self) -> None:
        """Save as "Lưu" does (stays open while the form is not valid)."""
        self._on_ok_clicked()

    def form(self) -> UserForm:
        """The values as typed."""
        return UserForm(
            self.username_edit.text().strip().lower(),
            nfc(self.full_name_edit.text().strip()),
            str(self.role_combo.currentData()),
            self.password_edit.text() if self.existing is None else "",
        )

    def _on_ok_clicked(self) -> None:
        values = self.form()
        try:
            if not values.full_name:
                raise ValidationError(self.tr("Họ và tên không được để trống."))
            if self.existing is None:
                if self.password_edit.text() != self.confirm_edit.text():
                    raise ValidationError(self.tr("Hai lần nhập mật khẩu không khớp."))
                accounts.check_password_policy(values.password, values.username)
        except ValidationError as exc:
            self.error_label.show_message(exc.message)
            return
        self.result_form = values
        self.accept()

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        existing: UserInfo | None = None,
        initial: UserForm | None = None,
        error: str = "",
    ) -> UserForm | None:
        """The filled form, or None when cancelled."""
        dialog = cls(parent, existing, initial, error)
        dialog.exec()
        return dialog.result_form

"""Changing one's own password, and an admin setting another user's password."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app import accounts
from app.accounts import UserInfo
from app.db import Database
from app.errors import AppError, ValidationError
from ui.widgets import ErrorLabel


def _password_edit() -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setMinimumWidth(260)
    return edit


def policy_text(widget: QWidget) -> str:
    """The password policy, as the forms show it."""
    return widget.tr("Ít nhất {n} ký tự, gồm cả chữ cái và chữ số.").format(
        n=accounts.MIN_PASSWORD_LENGTH
    )


class ChangePasswordDialog(QDialog):
    """The user proves the current password and sets a new one."""

    def __init__(self, parent: QWidget | None, db: Database, user: UserInfo, forced: bool) -> None:
        super().__init__(parent)
        self.db = db
        self.user = user
        self.forced = forced
        self.setWindowTitle(self.tr("Đổi mật khẩu"))
        self._build()
        self._connect()

    def _build(self) -> None:
        intro = QLabel(
            self.tr("Mật khẩu của bạn vừa được đặt lại. Hãy chọn mật khẩu mới để tiếp tục.")
            if self.forced
            else self.tr("Đổi mật khẩu cho tài khoản {user}.").format(user=self.user.username)
        )
        intro.setWordWrap(True)
        self.current_edit = _password_edit()
        self.new_edit = _password_edit()
        self.confirm_edit = _password_edit()
        policy = QLabel(policy_text(self))
        policy.setObjectName("muted")
        form = QFormLayout()
        form.addRow(self.tr("Mật khẩu hiện tại"), self.current_edit)
        form.addRow(self.tr("Mật khẩu mới"), self.new_edit)
        form.addRow(self.tr("Nhập lại mật khẩu mới"), self.confirm_edit)
        form.addRow("", policy)
        self.error_label = ErrorLabel()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Đổi mật khẩu"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Hủy"))
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)

    def _connect(self) -> None:
        self.buttons.accepted.connect(self._on_ok_clicked)
        self.buttons.rejected.connect(self.reject)

    def _on_ok_clicked(self) -> None:
        if self.new_edit.text() != self.confirm_edit.text():
            self.error_label.show_message(self.tr("Hai lần nhập mật khẩu mới không khớp."))
            return
        actor = self.user.actor()
        try:
            with self.db.uow(actor=actor, reason="Người dùng đổi mật khẩu") as s:
                accounts.change_password(s, actor, self.current_edit.text(), self.new_edit.text())
        except AppError as exc:
            self.error_label.show_message(exc.message)
            return
        self.accept()

    @classmethod
    def ask(
        cls, parent: QWidget | None, db: Database, user: UserInfo, forced: bool = False
    ) -> bool:
        """True when the password was changed."""
        return cls(parent, db, user, forced).exec() == QDialog.DialogCode.Accepted


class ResetPasswordDialog(QDialog):
    """An admin types a new password for someone; they must change it at next login."""

    def __init__(self, parent: QWidget | None, username: str) -> None:
        super().__init__(parent)
        self.username = username
        self.password = ""
        self.setWindowTitle(self.tr("Đặt lại mật khẩu"))
        self._build()
        self._connect()

    def _build(self) -> None:
        intro = QLabel(
            self.tr(
                "Đặt mật khẩu mới cho tài khoản <b>{user}</b>. Người dùng sẽ phải đổi mật khẩu "
                "ở lần đăng nhập tới."
            ).format(user=self.username)
        )
        intro.setWordWrap(True)
        self.new_edit = _password_edit()
        self.confirm_edit = _password_edit()
        policy = QLabel(policy_text(self))
        policy.setObjectName("muted")
        form = QFormLayout()
        form.addRow(self.tr("Mật khẩu mới"), self.new_edit)
        form.addRow(self.tr("Nhập lại"), self.confirm_edit)
        form.addRow("", policy)
        self.error_label = ErrorLabel()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Đặt lại"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Hủy"))
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)

    def _connect(self) -> None:
        self.buttons.accepted.connect(self._on_ok_clicked)
        self.buttons.rejected.connect(self.reject)

    def _on_ok_clicked(self) -> None:
        try:
            if self.new_edit.text() != self.confirm_edit.text():
                raise ValidationError(self.tr("Hai lần nhập mật khẩu không khớp."))
            accounts.check_password_policy(self.new_edit.text(), self.username)
        except ValidationError as exc:
            self.error_label.show_message(exc.message)
            return
        self.password = self.new_edit.text()
        self.accept()

    @classmethod
    def ask(cls, parent: QWidget | None, username: str) -> str | None:
        """The new password, or None when cancelled."""
        dialog = cls(parent, username)
        return dialog.password if dialog.exec() == QDialog.DialogCode.Accepted else None

"""Login, also used to unlock the screen after the idle time (same user or another one).

At start the dialog is the first window, shown before the data layer is
imported (issue 17 §7): it takes the database or a function that waits for it
(``ui.startup.DataLoader.database``), and imports what logging in needs only
when the user logs in.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app import settings
from app.errors import AppError
from ui import icons, style
from ui.widgets import ErrorLabel

if TYPE_CHECKING:
    from app.accounts import UserInfo
    from app.db import Database

LAST_USER_KEY = "last_username"


def remember_username(username: str) -> None:
    """Offer ``username`` first at the next login on this PC."""
    current = settings.load()
    if current.extra.get(LAST_USER_KEY) != username:
        current.extra[LAST_USER_KEY] = username
        settings.save(current)


def _school_name(db: Database) -> str:
    from app import school

    with db.read() as s:
        prof = school.get_profile(s)
    return prof.name if prof else ""


class LoginDialog(QDialog):
    """Username and password; shows why a login failed (wrong, locked, disabled)."""

    def __init__(
        self,
        parent: QWidget | None,
        db: Database | Callable[[], Database | None],
        locked_user: str = "",
    ) -> None:
        super().__init__(parent)
        self._db_source = db
        self.locked_user = locked_user
        self.user: UserInfo | None = None
        self.setWindowTitle(self.tr("Khóa màn hình") if locked_user else self.tr("Đăng nhập"))
        self.setMinimumWidth(460)
        self._build()
        self._connect()
        self._fill()

    def _build(self) -> None:
        logo = QLabel()
        logo.setPixmap(icons.pixmap("lock" if self.locked_user else "school", 40, style.ACCENT))
        title = QLabel(self.tr("Trường Số"))
        title.setObjectName("pageTitle")
        source = self._db_source  # at start a function: the name comes with the database
        self.school_label = QLabel(
            self.tr("Đang mở dữ liệu…") if callable(source) else _school_name(source)
        )
        self.school_label.setObjectName("muted")
        self.school_label.setWordWrap(True)
        heading = QVBoxLayout()
        heading.setSpacing(2)
        heading.addWidget(title)
        heading.addWidget(self.school_label)
        top = QHBoxLayout()
        top.setSpacing(12)
        top.addWidget(logo, 0, Qt.AlignmentFlag.AlignTop)
        top.addLayout(heading, 1)
        self.note_label = QLabel(
            self.tr("Màn hình đang khóa. Nhập mật khẩu để tiếp tục, hoặc đổi người dùng.")
        )
        self.note_label.setWordWrap(True)
        self.note_label.setVisible(bool(self.locked_user))
        self.username_edit = QLineEdit()
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        form.addRow(self.tr("Tên đăng nhập"), self.username_edit)
        form.addRow(self.tr("Mật khẩu"), self.password_edit)
        self.error_label = ErrorLabel()
        self.buttons = QDialogButtonBox()
        self.login_button = QPushButton(self.tr("Đăng nhập"))
        self.login_button.setObjectName("primary")
        self.buttons.addButton(self.login_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.switch_button = QPushButton(self.tr("Đổi người dùng"))
        self.buttons.addButton(self.switch_button, QDialogButtonBox.ButtonRole.ResetRole)
        self.switch_button.setVisible(bool(self.locked_user))
        self.quit_button = self.buttons.addButton(
            self.tr("Thoát"), QDialogButtonBox.ButtonRole.RejectRole
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.setSpacing(12)
        layout.addLayout(top)
        layout.addWidget(self.note_label)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        for button in (self.switch_button, self.quit_button):
            button.setAutoDefault(False)
        self.login_button.setDefault(True)  # only once it belongs to the dialog

    def database_ready(self) -> None:
        """The database has opened (at start): the school's name instead of "Đang mở dữ liệu…"."""
        db = self.database()
        self.school_label.setText(_school_name(db) if db is not None else "")

    def database(self) -> Database | None:
        """The database, waiting for it at start; None when it could not be opened."""
        source = self._db_source
        return source() if callable(source) else source

    def _connect(self) -> None:
        self.login_button.clicked.connect(self._on_login_clicked)
        self.switch_button.clicked.connect(self._on_switch_clicked)
        self.quit_button.clicked.connect(self.reject)

    def _fill(self) -> None:
        if self.locked_user:
            self.username_edit.setText(self.locked_user)
            self.username_edit.setReadOnly(True)
            self.password_edit.setFocus()
            return
        last = settings.load().extra.get(LAST_USER_KEY, "")
        self.username_edit.setText(last)
        (self.password_edit if last else self.username_edit).setFocus()

    def _on_switch_clicked(self) -> None:
        self.locked_user = ""
        self.username_edit.setReadOnly(False)
        self.username_edit.clear()
        self.password_edit.clear()
        self.switch_button.setVisible(False)
        self.username_edit.setFocus()

    def _on_login_clicked(self) -> None:
        username = self.username_edit.text().strip()
        if not username:
            self.error_label.show_message(self.tr("Nhập tên đăng nhập."))
            return
        db = self.database()
        if db is None:  # it could not be opened: the caller says why
            self.reject()
            return
        from app import accounts
        from ui.password_dialog import ChangePasswordDialog

        try:
            user = accounts.login(db, username, self.password_edit.text())
        except AppError as exc:
            self.error_label.show_message(exc.message)
            self.password_edit.clear()
            self.password_edit.setFocus()
            return
        if user.must_change_password and not ChangePasswordDialog.ask(self, db, user, forced=True):
            self.error_label.show_message(self.tr("Bạn cần đặt mật khẩu mới để tiếp tục."))
            return
        self.error_label.clear_message()
        remember_username(user.username)
        self.user = user
        self.accept()

    @classmethod
    def ask(cls, parent: QWidget | None, db: Database, locked_user: str = "") -> UserInfo | None:
        """Log in; returns the user, or None when the dialog was closed."""
        dialog = cls(parent, db, locked_user)
        dialog.exec()
        return dialog.user

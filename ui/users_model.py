"""Table model of user accounts: a thin view over the ``UserInfo`` list the service returns."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import IntEnum
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from app import labels
from app.accounts import UserInfo
from ui import style
from ui.table_model import Index, RowTableModel

SORT_ROLE = Qt.ItemDataRole.UserRole + 1


class Column(IntEnum):
    """Columns of the users table."""

    USERNAME = 0
    FULL_NAME = 1
    ROLE = 2
    STATUS = 3
    LAST_LOGIN = 4


HEADERS = {
    Column.USERNAME: "Tên đăng nhập",
    Column.FULL_NAME: "Họ và tên",
    Column.ROLE: "Vai trò",
    Column.STATUS: "Trạng thái",
    Column.LAST_LOGIN: "Đăng nhập lần cuối",
}


def is_locked(user: UserInfo, now: datetime | None = None) -> bool:
    """Whether the account is locked out right now."""
    return user.locked_until is not None and user.locked_until > (now or datetime.now(UTC))


def status_text(user: UserInfo) -> str:
    """Vietnamese status of an account."""
    if not user.active:
        return "Đã vô hiệu hóa"
    if is_locked(user):
        assert user.locked_until is not None
        return f"Bị khóa đến {labels.local(user.locked_until):%H:%M}"
    if user.must_change_password:
        return "Phải đổi mật khẩu"
    return "Đang hoạt động"


class UsersModel(RowTableModel):
    """Rows are ``UserInfo``; DisplayRole is text, ``SORT_ROLE`` the raw value."""

    def __init__(self) -> None:
        super().__init__([HEADERS[c] for c in Column])

    def user_at(self, row: int) -> UserInfo | None:
        """The user shown in ``row``."""
        user: UserInfo | None = self.row_at(row)
        return user

    def row_of(self, username: str) -> int:
        """The row of ``username``, or -1."""
        return next((i for i, u in enumerate(self._rows) if u.username == username), -1)

    def cell(self, user: UserInfo, col: int, role: int, index: Index) -> Any:
        column = Column(col)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(user, column)
        if role == SORT_ROLE:
            return self._raw(user, column)
        if role == Qt.ItemDataRole.ForegroundRole:
            if not user.active:
                return QColor(style.MUTED)
            if column == Column.STATUS and is_locked(user):
                return QColor(style.BAD)
        return None

    @staticmethod
    def _display(user: UserInfo, column: Column) -> str:
        if column == Column.USERNAME:
            return user.username
        if column == Column.FULL_NAME:
            return user.full_name
        if column == Column.ROLE:
            return user.role_label
        if column == Column.STATUS:
            return status_text(user)
        return labels.format_datetime(user.last_login_at) or "—"

    @staticmethod
    def _raw(user: UserInfo, column: Column) -> Any:
        if column == Column.LAST_LOGIN:
            return user.last_login_at.timestamp() if user.last_login_at else 0.0
        if column == Column.STATUS:
            return 0 if not user.active else (1 if is_locked(user) else 2)
        return UsersModel._display(user, column)

"""The users page: adding, deactivating and unlocking go through app.accounts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app import accounts
from app.accounts import UserInfo
from app.db import utcnow
from app.permissions import Role
from app.runtime import Runtime
from tests.conftest import PASSWORD
from ui.confirm import Confirm
from ui.pages import PageContext
from ui.user_dialog import UserDialog, UserForm
from ui.users_model import Column, UsersModel
from ui.users_widget import UsersWidget


def _widget(qtbot: QtBot, runtime: Runtime, admin: UserInfo) -> UsersWidget:
    widget = UsersWidget(PageContext(runtime, admin))
    qtbot.addWidget(widget)
    widget.show()
    return widget


def test_add_user_through_the_dialog(
    qtbot: QtBot, runtime: Runtime, admin: UserInfo, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The form's values become a new account, listed and selected in the table."""
    form = UserForm("gv.hoa", "Nguyễn Thị Hoa", Role.TEACHER.value, "hoa12345")
    monkeypatch.setattr(UserDialog, "ask", classmethod(lambda cls, *a, **k: form))
    widget = _widget(qtbot, runtime, admin)
    before = widget.model.rowCount()
    qtbot.mouseClick(widget.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: widget.model.row_of("gv.hoa") >= 0)
    assert widget.model.rowCount() == before + 1
    row = widget.model.row_of("gv.hoa")
    assert widget.model.index(row, Column.ROLE).data() == "Giáo viên"
    selected = widget.selected()
    assert selected is not None and selected.username == "gv.hoa"
    assert accounts.login(runtime.db, "gv.hoa", "hoa12345").full_name == "Nguyễn Thị Hoa"


def test_duplicate_username_reopens_the_dialog_with_the_error(
    qtbot: QtBot, runtime: Runtime, admin: UserInfo, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A taken username comes back to the form, filled in, with the service's message."""
    calls: list[tuple[UserForm | None, str]] = []
    form = UserForm("u_teacher", "Người trùng tên", Role.TEACHER.value, "trung12345")

    def ask(cls: type, parent: object, existing: object, initial: UserForm | None, error: str):
        calls.append((initial, error))
        return form if len(calls) == 1 else None

    monkeypatch.setattr(UserDialog, "ask", classmethod(ask))
    widget = _widget(qtbot, runtime, admin)
    qtbot.mouseClick(widget.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(calls) == 2)
    assert calls[1] == (form, "Tên đăng nhập u_teacher đã tồn tại.")


def test_deactivate_and_unlock(
    qtbot: QtBot, runtime: Runtime, admin: UserInfo, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Deactivating asks first and disables login; unlocking lifts a lock-out."""
    for _ in range(accounts.MAX_FAILED_ATTEMPTS):
        with pytest.raises(accounts.AuthError):
            accounts.login(runtime.db, "u_secretary", "sai-mat-khau-9")
    monkeypatch.setattr(Confirm, "ask", classmethod(lambda cls, *a, **k: True))
    widget = _widget(qtbot, runtime, admin)

    widget.select("u_secretary")
    assert widget.unlock_button.isEnabled()
    qtbot.mouseClick(widget.unlock_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not widget.unlock_button.isEnabled())
    assert accounts.login(runtime.db, "u_secretary", PASSWORD).username == "u_secretary"

    widget.select("u_teacher")
    assert widget.active_button.text() == "Vô hiệu hóa"
    qtbot.mouseClick(widget.active_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: widget.active_button.text() == "Kích hoạt lại")
    with pytest.raises(accounts.AuthError, match="vô hiệu hóa"):
        accounts.login(runtime.db, "u_teacher", PASSWORD)


def test_users_model_passes_qtmodeltester(qtmodeltester, admin: UserInfo) -> None:  # type: ignore[no-untyped-def]
    """The users model obeys Qt's model contract."""
    model = UsersModel()
    locked = UserInfo(
        admin.id,
        "khoa",
        "Bị Khóa",
        "teacher",
        "Giáo viên",
        True,
        utcnow() + timedelta(minutes=5),
        False,
        None,
    )
    model.set_rows([admin, locked])
    qtmodeltester.check(model)
    assert model.index(1, Column.STATUS).data().startswith("Bị khóa đến")

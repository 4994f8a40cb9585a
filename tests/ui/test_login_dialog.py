"""The login dialog: failures are explained in the dialog, success returns the user."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app import accounts
from app.accounts import MAX_FAILED_ATTEMPTS
from app.messages import MSG
from tests.conftest import PASSWORD, Seeded
from tests.ui.helpers import type_into
from ui.login_dialog import LoginDialog
from ui.password_dialog import ChangePasswordDialog


def _dialog(qtbot: QtBot, seeded: Seeded, locked_user: str = "") -> LoginDialog:
    dialog = LoginDialog(None, seeded.db, locked_user)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _try(qtbot: QtBot, dialog: LoginDialog, username: str, password: str) -> None:
    if not dialog.username_edit.isReadOnly():
        dialog.username_edit.clear()
        type_into(dialog.username_edit, username)
    dialog.password_edit.clear()
    type_into(dialog.password_edit, password)
    qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)


def test_five_wrong_passwords_lock_the_account(qtbot: QtBot, ui_seeded: Seeded) -> None:
    """After 5 wrong passwords the dialog says the account is locked for 5 minutes."""
    dialog = _dialog(qtbot, ui_seeded)
    for _ in range(MAX_FAILED_ATTEMPTS - 1):
        _try(qtbot, dialog, "u_teacher", "sai-mat-khau-1")
        assert dialog.error_label.text() == MSG.login_failed
    _try(qtbot, dialog, "u_teacher", "sai-mat-khau-1")
    locked = MSG.login_locked.format(user="u_teacher", minutes=5)
    assert dialog.error_label.isVisible()
    assert dialog.error_label.text() == locked
    _try(qtbot, dialog, "u_teacher", PASSWORD)
    assert dialog.error_label.text().startswith("Tài khoản u_teacher đang bị khóa")
    assert dialog.user is None and dialog.isVisible()


def test_right_password_returns_the_user(qtbot: QtBot, ui_seeded: Seeded) -> None:
    """A correct password closes the dialog with the user's details."""
    dialog = _dialog(qtbot, ui_seeded)
    _try(qtbot, dialog, "u_secretary", PASSWORD)
    assert dialog.user is not None
    assert dialog.user.username == "u_secretary"
    assert not dialog.isVisible()


def test_reset_password_forces_a_change(
    qtbot: QtBot, ui_seeded: Seeded, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After an admin reset, logging in asks for a new password before letting the user in."""
    admin = ui_seeded.actor("admin")
    with ui_seeded.db.uow(actor=admin) as s:
        accounts.reset_password(s, admin, "u_teacher", "tamthoi2025")
    asked: list[str] = []

    def change(
        cls: type, parent: object, db: object, user: accounts.UserInfo, forced: bool
    ) -> bool:
        asked.append(user.username)
        return forced

    monkeypatch.setattr(ChangePasswordDialog, "ask", classmethod(change))
    dialog = _dialog(qtbot, ui_seeded)
    _try(qtbot, dialog, "u_teacher", "tamthoi2025")
    assert asked == ["u_teacher"]
    assert dialog.user is not None and dialog.user.username == "u_teacher"


def test_lock_mode_keeps_the_user_and_allows_switching(qtbot: QtBot, ui_seeded: Seeded) -> None:
    """The screen-lock variant fixes the username until "Đổi người dùng" is pressed."""
    dialog = _dialog(qtbot, ui_seeded, locked_user="u_principal")
    assert dialog.username_edit.isReadOnly()
    assert dialog.username_edit.text() == "u_principal"
    assert dialog.switch_button.isVisible()
    qtbot.mouseClick(dialog.switch_button, Qt.MouseButton.LeftButton)
    assert not dialog.username_edit.isReadOnly()
    _try(qtbot, dialog, "u_secretary", PASSWORD)
    assert dialog.user is not None and dialog.user.username == "u_secretary"


def test_change_password_dialog_checks_the_current_password(
    qtbot: QtBot, ui_seeded: Seeded
) -> None:
    """Changing one's password needs the current one; the new one then works."""
    user = accounts.login(ui_seeded.db, "u_teacher", PASSWORD)
    dialog = ChangePasswordDialog(None, ui_seeded.db, user, forced=False)
    qtbot.addWidget(dialog)
    dialog.show()
    type_into(dialog.current_edit, "khongdung1")
    type_into(dialog.new_edit, "matkhaumoi9")
    type_into(dialog.confirm_edit, "matkhaumoi9")
    dialog.buttons.accepted.emit()
    assert dialog.error_label.text() == MSG.wrong_current_password
    dialog.current_edit.clear()
    type_into(dialog.current_edit, PASSWORD)
    dialog.buttons.accepted.emit()
    assert not dialog.isVisible()
    assert accounts.login(ui_seeded.db, "u_teacher", "matkhaumoi9").username == "u_teacher"


def test_enter_in_lock_mode_logs_in(qtbot: QtBot, ui_seeded: Seeded) -> None:
    """Pressing Enter after the password unlocks; it never triggers "Đổi người dùng"."""
    dialog = _dialog(qtbot, ui_seeded, locked_user="u_principal")
    type_into(dialog.password_edit, PASSWORD)
    qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    assert dialog.user is not None and dialog.user.username == "u_principal"

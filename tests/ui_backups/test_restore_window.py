"""A restore from the Sao lưu dialog in the real main window, offscreen, on real backups: the
data becomes the backup's and the session ends; a damaged backup changes nothing and the window
carries on (its timers started again)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app import accounts
from app.accounts import UserInfo
from app.permissions import Role
from app.runtime import Runtime
from app.safety import backup, restore_points
from tests.conftest import PASSWORD, Seeded
from tests.ui.helpers import user_info
from tests.ui_backups.conftest import Boxes
from tests.ui_backups.test_backup_dialog import _dialog, _folder, _usernames
from ui.app import build_main_window
from ui.backup_dialog import BackupDialog
from ui.backup_model import Col
from ui.backup_restore import RestoreQuestion
from ui.main_window import MainWindow
from ui.settings_widget import SettingsWidget


def _window_with_dialog(
    qtbot: QtBot, runtime: Runtime, admin: UserInfo
) -> tuple[MainWindow, BackupDialog]:
    window = build_main_window(runtime, admin)
    qtbot.addWidget(window)
    window.show()
    page = window.open_page("settings")
    assert isinstance(page, SettingsWidget) and page.backups_button.isVisible()
    return window, _dialog(qtbot, window.ctx, page)


def test_a_restore_in_the_window_brings_back_the_backups_data(
    qtbot: QtBot,
    ui_seeded: Seeded,
    runtime: Runtime,
    admin: UserInfo,
    boxes: Boxes,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Back up, add an account, restore from the dialog in the real window: the warning names
    the backup's date and the restore point, the data is the backup's (the account is gone),
    the replaced file is a restore point, and the session ends so everyone logs in again."""
    window, dialog = _window_with_dialog(qtbot, runtime, admin)
    dialog.backup_button.click()
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1, timeout=20_000)
    with runtime.db.uow(actor=admin.actor()) as s:
        accounts.create_user(s, admin.actor(), "sau.sao.luu", "Người mới", Role.TEACHER, PASSWORD)
    asked: list[str] = []
    monkeypatch.setattr(
        RestoreQuestion, "ask", classmethod(lambda cls, parent, text: asked.append(text) or True)
    )
    when = dialog.model.index(0, Col.WHEN).data()
    with qtbot.waitSignal(window.logout_requested, timeout=30_000):
        dialog.restore_button.click()
    assert when in asked[0] and "điểm khôi phục" in asked[0]
    assert "sau.sao.luu" not in _usernames(runtime)
    assert [p.label for p in restore_points.list_points(db_path=runtime.db.path)] == [
        "truoc-khoi-phuc"
    ]
    assert any(
        n.startswith(f"Đã khôi phục dữ liệu từ bản sao lưu lúc {when}") for n in boxes.notices
    )
    assert not boxes.errors and not window.scheduler.timer.isActive()
    assert user_info(runtime.db, "admin").username == "admin"  # the window logs in again here


def test_a_damaged_backup_changes_nothing_and_the_window_carries_on(
    qtbot: QtBot,
    runtime: Runtime,
    admin: UserInfo,
    boxes: Boxes,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A backup with one changed byte is refused before anything is replaced: the error is
    said, the account added since is still there, no restore point, the timers run again."""
    made = backup.create_backup(runtime.db, admin.actor(), tmp_path / "a")
    raw = bytearray(made.path.read_bytes())
    raw[-40] ^= 0xFF
    made.path.write_bytes(bytes(raw))
    with runtime.db.uow(actor=admin.actor()) as s:
        accounts.create_user(s, admin.actor(), "van.con", "Vẫn còn", Role.TEACHER, PASSWORD)
    window, dialog = _window_with_dialog(qtbot, runtime, admin)
    window.start_background()
    _folder(monkeypatch, tmp_path / "a")
    dialog.browse_button.click()
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1)
    monkeypatch.setattr(RestoreQuestion, "ask", classmethod(lambda cls, parent, text: True))
    dialog.restore_button.click()
    qtbot.waitUntil(lambda: bool(boxes.errors), timeout=20_000)
    assert "van.con" in _usernames(runtime)
    assert restore_points.list_points() == []
    assert window.scheduler.timer.isActive() and dialog.isVisible() and dialog.isEnabled()

"""Settings are saved per PC; backups and the key export run from the window."""

from __future__ import annotations

from pathlib import Path

import pytest
import shiboken6
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from app import settings
from app.accounts import UserInfo
from app.changes import SETTINGS
from app.runtime import Runtime
from app.safety import backup
from ui.backup_actions import BackupScheduler
from ui.confirm import Notice
from ui.file_dialogs import SaveFileDialog
from ui.home_widget import HomeWidget
from ui.pages import PageContext
from ui.settings_widget import SettingsWidget
from ui.signals import bus


@pytest.fixture
def notices(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Messages shown through Notice.ask, instead of modal boxes."""
    shown: list[str] = []
    monkeypatch.setattr(
        Notice, "ask", classmethod(lambda cls, p, t, text, warning=False: shown.append(text))
    )
    return shown


def test_settings_are_saved_and_announced(
    qtbot: QtBot, runtime: Runtime, admin: UserInfo, tmp_path: Path, notices: list[str]
) -> None:
    """Saving writes idle minutes, backup folder and interval, and tells the window."""
    widget = SettingsWidget(PageContext(runtime, admin))
    qtbot.addWidget(widget)
    widget.idle_spin.setValue(5)
    widget.folder_edit.setText(str(tmp_path / "sao-luu"))
    widget.every_spin.setValue(12)
    with qtbot.waitSignal(bus.changed) as blocker:
        widget.save_button.click()
    assert blocker.args[0].touches(SETTINGS)
    saved = settings.load()
    assert (saved.idle_lock_minutes, saved.backup_every_hours) == (5, 12)
    assert saved.backup_dir == str(tmp_path / "sao-luu")
    assert notices == ["Đã lưu cài đặt."]


def test_teacher_cannot_change_settings(qtbot: QtBot, runtime: Runtime, teacher: UserInfo) -> None:
    """A teacher sees the settings read-only, without save or key export."""
    widget = SettingsWidget(PageContext(runtime, teacher))
    qtbot.addWidget(widget)
    widget.show()
    assert not widget.idle_spin.isEnabled()
    assert not widget.save_button.isVisible()
    assert not widget.export_button.isVisible()


def test_export_key_writes_the_key_file(
    qtbot: QtBot,
    runtime: Runtime,
    admin: UserInfo,
    tmp_path: Path,
    notices: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """ "Xuất khóa sao lưu…" writes a readable key file where the user chose."""
    target = tmp_path / "khoa.txt"
    monkeypatch.setattr(SaveFileDialog, "ask", classmethod(lambda cls, *a, **k: target))
    widget = SettingsWidget(PageContext(runtime, admin))
    qtbot.addWidget(widget)
    widget.export_button.click()
    qtbot.waitUntil(lambda: bool(notices))
    assert target.exists()
    assert "THCS0001" in target.read_text(encoding="utf-8")
    assert str(target) in notices[0]


def test_backup_now_from_home(qtbot: QtBot, runtime: Runtime, admin: UserInfo) -> None:
    """ "Sao lưu ngay" writes an encrypted backup and the home page shows its age."""
    home = HomeWidget(PageContext(runtime, admin))
    qtbot.addWidget(home)
    home.show()
    qtbot.waitUntil(lambda: home.backup_label.text().startswith("Chưa có bản sao lưu"))
    home.backup_button.click()
    qtbot.waitUntil(lambda: home.backup_label.text().startswith("Vừa xong (lúc "), timeout=20_000)
    latest = backup.latest_backup(settings.load().effective_backup_dir())
    assert latest is not None and latest.school_code == "THCS0001"
    assert home.backup_button.isEnabled()


def test_a_scheduled_backup_that_ends_after_its_window_closed_is_kept_quietly(
    qtbot: QtBot, runtime: Runtime
) -> None:
    """The window closes while the hourly backup is still being written: the backup is
    finished and kept, and its end raises nothing in the event loop (pytest-qt fails the test
    on any exception there)."""
    window = QWidget()
    scheduler = BackupScheduler(window, runtime.db)
    scheduler.run_now()
    op = scheduler._op
    assert op is not None and op.running
    shiboken6.delete(window)  # the scheduler, its child, goes with it
    assert not shiboken6.isValid(scheduler)
    qtbot.waitUntil(lambda: not op.running, timeout=20_000)
    latest = backup.latest_backup(settings.load().effective_backup_dir())
    assert latest is not None and latest.school_code == "THCS0001"

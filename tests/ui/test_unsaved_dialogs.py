"""Accounts, the school profile and the settings page never drop edits without asking (issue 17 §3)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from app import school, settings
from app.accounts import UserInfo
from app.runtime import Runtime
from ui.app import build_main_window
from ui.confirm import Notice, Unsaved, UnsavedQuestion
from ui.main_window import MainWindow
from ui.pages import PageContext
from ui.school_dialog import SchoolDialog
from ui.settings_widget import SettingsWidget
from ui.user_dialog import UserDialog, UserForm


@dataclass
class Questions:
    """The Lưu / Không lưu / Hủy questions asked, and the answers to give in turn."""

    asked: list[str] = field(default_factory=list)
    answers: list[Unsaved] = field(default_factory=list)


def _shows(window: MainWindow, page: QWidget) -> bool:
    """Whether the window shows ``page`` now."""
    shown = window.stack.currentWidget()
    return shown is not None and shown.isAncestorOf(page)


@pytest.fixture
def questions(monkeypatch: pytest.MonkeyPatch) -> Questions:
    """Answer the unsaved-edits question from ``answers`` (then Không lưu); notices are noted."""
    seen = Questions()

    def ask(cls: object, parent: object, text: str) -> Unsaved:
        seen.asked.append(text)
        return seen.answers.pop(0) if seen.answers else Unsaved.DISCARD

    monkeypatch.setattr(UnsavedQuestion, "ask", classmethod(ask))
    monkeypatch.setattr(Notice, "ask", classmethod(lambda cls, *a, **k: None))
    return seen


def test_user_dialog_asks_before_dropping_a_new_or_edited_account(
    qtbot: QtBot, questions: Questions, admin: UserInfo, teacher: UserInfo
) -> None:
    """A typed name asks (Không lưu returns nothing); an edited role is kept by Lưu; a form
    reopened after a refused save starts as edited; an untouched one closes silently."""
    new = UserDialog(None)
    qtbot.addWidget(new)
    new.reject()
    assert questions.asked == []
    new = UserDialog(None)
    qtbot.addWidget(new)
    new.full_name_edit.setText("Nguyễn Thị Lan")
    new.reject()
    assert questions.asked == ["Tài khoản mới có thay đổi chưa lưu. Lưu lại các thay đổi này?"]
    assert new.result_form is None
    edit = UserDialog(None, teacher)
    qtbot.addWidget(edit)
    edit.role_combo.setCurrentIndex(edit.role_combo.findData("principal"))
    questions.answers = [Unsaved.SAVE]
    edit.reject()
    assert edit.result_form == UserForm("u_teacher", teacher.full_name, "principal")
    again = UserDialog(None, None, UserForm("co.lan", "Nguyễn Thị Lan", "teacher"), "Đã có")
    qtbot.addWidget(again)
    questions.answers = [Unsaved.CANCEL]
    again.show()
    again.close()
    assert again.isVisible() and questions.asked[-1].startswith("Tài khoản mới")


def test_school_dialog_asks_and_lưu_stays_while_the_profile_is_not_valid(
    qtbot: QtBot, questions: Questions, runtime: Runtime
) -> None:
    """An emptied school name: Lưu shows why and stays; Hủy stays; Không lưu closes unchanged."""
    with runtime.db.read() as s:
        profile = school.require_profile(s)
    dialog = SchoolDialog(None, profile)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.form.name_edit.setText("")
    questions.answers = [Unsaved.SAVE, Unsaved.CANCEL, Unsaved.DISCARD]
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible() and dialog.error_label.text()
    assert dialog.result_profile is None
    dialog.close()
    assert dialog.isVisible()
    dialog.close()
    assert not dialog.isVisible() and dialog.result_profile is None
    assert (
        questions.asked == ["Hồ sơ nhà trường có thay đổi chưa lưu. Lưu lại các thay đổi này?"] * 3
    )


def test_leaving_the_settings_page_with_changes_asks(
    qtbot: QtBot, questions: Questions, runtime: Runtime, admin: UserInfo
) -> None:
    """Hủy keeps the page and the change; Không lưu opens the other page and shows the saved
    value again; Lưu saves, then opens the other page."""
    window = build_main_window(runtime, admin)
    qtbot.addWidget(window)
    window.show()
    page = window.open_page("settings")
    assert isinstance(page, SettingsWidget)
    before = settings.load().idle_lock_minutes
    page.idle_spin.setValue(before + 5)
    questions.answers = [Unsaved.CANCEL]
    window.nav.setCurrentRow(window.page_keys().index("home"))
    assert _shows(window, page)
    assert window.nav.currentRow() == window.page_keys().index("settings")
    assert page.idle_spin.value() == before + 5
    questions.answers = [Unsaved.DISCARD]
    window.nav.setCurrentRow(window.page_keys().index("home"))
    assert not _shows(window, page)
    assert page.idle_spin.value() == before
    window.open_page("settings")
    page.every_spin.setValue(7)
    questions.answers = [Unsaved.SAVE]
    window.nav.setCurrentRow(window.page_keys().index("home"))
    qtbot.waitUntil(lambda: not _shows(window, page), timeout=5000)
    assert settings.load().backup_every_hours == 7
    assert len(questions.asked) == 3 and questions.asked[0].startswith("Cài đặt có thay đổi")


def test_logging_out_with_changed_settings_asks(
    qtbot: QtBot, questions: Questions, runtime: Runtime, admin: UserInfo
) -> None:
    """Logout with a changed setting asks; Hủy stays logged in, Không lưu logs out."""
    window = build_main_window(runtime, admin)
    qtbot.addWidget(window)
    window.show()
    page = window.open_page("settings")
    assert isinstance(page, SettingsWidget)
    window.open_page("home")  # the settings page leaves nothing: no change yet
    window.open_page("settings")
    page.folder_edit.setText("/tmp/sao-luu-khac")
    logouts: list[bool] = []
    window.logout_requested.connect(lambda: logouts.append(True))
    questions.answers = [Unsaved.CANCEL, Unsaved.DISCARD]
    window.logout_action.trigger()
    assert logouts == []
    window.logout_action.trigger()
    assert logouts == [True] and settings.load().backup_dir != "/tmp/sao-luu-khac"


def test_teachers_never_get_the_settings_question(
    qtbot: QtBot, questions: Questions, runtime: Runtime, teacher: UserInfo
) -> None:
    """Someone who cannot save settings is never asked to save them."""
    widget = SettingsWidget(PageContext(runtime, teacher))
    qtbot.addWidget(widget)
    widget.idle_spin.setValue(widget.idle_spin.value() + 1)  # disabled for them, set by code
    assert not widget.has_unsaved()
    left: list[bool] = []
    widget.request_leave(lambda: left.append(True))
    assert left == [True] and questions.asked == []

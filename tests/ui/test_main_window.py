"""The main window shows only the pages a role may use, and locks itself when idle."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from app import school
from app.accounts import UserInfo
from app.changes import SCHOOL, Changes
from app.runtime import Runtime
from ui.app import build_main_window
from ui.home_widget import HomeWidget
from ui.login_dialog import LoginDialog
from ui.main_window import MainWindow
from ui.signals import bus


def _window(qtbot: QtBot, runtime: Runtime, user: UserInfo) -> MainWindow:
    window = build_main_window(runtime, user)
    qtbot.addWidget(window)
    window.show()
    return window


def test_admin_sees_users_and_journal(qtbot: QtBot, runtime: Runtime, admin: UserInfo) -> None:
    """An admin's navigation lists every page, the admin ones included, in order."""
    window = _window(qtbot, runtime, admin)
    assert window.page_keys() == [
        "home",
        "students",
        "classes",
        "assignments",
        "gradebook",
        "transcripts",
        "sync",
        "equipment",
        "cds",
        "users",
        "journal",
        "settings",
    ]
    titles = [window.nav.item(i).text() for i in range(window.nav.count())]
    assert titles == [
        "Trang chủ",
        "Học sinh",
        "Lớp học",
        "Phân công",
        "Sổ điểm",
        "Học bạ",
        "Đồng bộ",
        "Thiết bị",
        "Chuyển đổi số",
        "Người dùng",
        "Nhật ký thay đổi",
        "Cài đặt",
    ]


def test_teacher_sees_neither_users_nor_journal(
    qtbot: QtBot, runtime: Runtime, teacher: UserInfo
) -> None:
    """A teacher gets no user management and no journal viewer."""
    window = _window(qtbot, runtime, teacher)
    assert "users" not in window.page_keys()
    assert "journal" not in window.page_keys()
    assert window.page_keys()[0] == "home"
    assert not window.backup_action.isVisible()
    home = window.pages["home"]
    assert isinstance(home, HomeWidget) and not home.backup_button.isVisibleTo(home)
    qtbot.waitUntil(lambda: home.backup_label.text().startswith("Chưa có bản sao lưu nào"))
    assert "Hãy sao lưu ngay" not in home.backup_label.text()  # no button to do it with


def test_home_page_shows_school_user_and_database(
    qtbot: QtBot, runtime: Runtime, admin: UserInfo
) -> None:
    """The home page names the school, the logged-in user and the database file."""
    window = _window(qtbot, runtime, admin)
    home = window.pages["home"]
    assert isinstance(home, HomeWidget)
    assert home.school_values["name"].text() == "Trường THCS Kim Đồng"
    assert home.school_values["code"].text() == "THCS0001"
    assert home.year_label.text() == "Năm học 2025-2026"
    assert home.location_label.text() == str(runtime.db.path)
    no_backup = "Chưa có bản sao lưu nào. Hãy sao lưu ngay."
    qtbot.waitUntil(lambda: home.backup_label.text() == no_backup)
    assert "Quản trị" in window.user_status.text()


def test_pages_are_built_on_first_visit(qtbot: QtBot, runtime: Runtime, admin: UserInfo) -> None:
    """Only the home page is built at start; others are built when opened."""
    window = _window(qtbot, runtime, admin)
    assert list(window.pages) == ["home"]
    window.nav.setCurrentRow(window.page_keys().index("journal"))
    assert "journal" in window.pages
    current = window.stack.currentWidget()
    assert current is not None and current.isAncestorOf(window.pages["journal"])


def test_idle_lock_hides_content_until_password(
    qtbot: QtBot, runtime: Runtime, admin: UserInfo, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without input for the idle time the content is hidden and the password asked again."""
    window = _window(qtbot, runtime, admin)
    seen: list[bool] = []

    def unlock(cls: type, parent: MainWindow, db: object, locked_user: str = "") -> UserInfo:
        seen.append(parent.outer.currentWidget() is parent.lock_cover)
        assert locked_user == "admin"
        return admin

    monkeypatch.setattr(LoginDialog, "ask", classmethod(unlock))
    with qtbot.waitSignal(window.idle.idle, timeout=3000):
        window.idle.set_minutes(0.002, poll_ms=20)
    qtbot.waitUntil(lambda: bool(seen))
    assert seen == [True]
    assert window.outer.currentWidget() is window.content


def test_bus_change_refreshes_home(qtbot: QtBot, runtime: Runtime, admin: UserInfo) -> None:
    """A school change announced on the bus is shown without reopening the page."""
    window = _window(qtbot, runtime, admin)
    actor = admin.actor()
    with runtime.db.uow(actor=actor) as s:
        profile = school.require_profile(s)
        school.update_profile(
            s, actor, school.SchoolProfile(profile.code, "Trường THCS Kim Đồng mới", ("thcs",))
        )
    bus.announce(Changes.of(SCHOOL))
    home = window.pages["home"]
    assert isinstance(home, HomeWidget)
    assert home.school_values["name"].text() == "Trường THCS Kim Đồng mới"

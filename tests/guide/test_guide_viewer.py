"""Trợ giúp → Hướng dẫn sử dụng: F1 in the main window opens the guide at the page on screen."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QMenu, QWidget
from pytestqt.qtbot import QtBot

from app.accounts import UserInfo
from app.runtime import Runtime
from tests.ui.helpers import type_into
from ui.app import build_main_window
from ui.guide_viewer import GuideViewer, guide_file, open_guide
from ui.main_window import MainWindow

PAGES = ("students", "gradebook", "users", "settings")


def _heading(anchor: str) -> str:
    """The title of the guide's section ``anchor``, as the HTML writes it ("3. Học sinh")."""
    found = re.search(rf'<h2 id="{anchor}">([^<]*)</h2>', guide_file().read_text(encoding="utf-8"))
    assert found is not None, anchor
    return found.group(1)


def _window(qtbot: QtBot, runtime: Runtime, user: UserInfo) -> MainWindow:
    window = build_main_window(runtime, user)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def _press_f1(qtbot: QtBot, window: MainWindow) -> None:
    """F1 typed into the window, as the user does (the window active, its page focused)."""

    def active() -> bool:  # asked again: the platform may ignore a request made too early
        window.activateWindow()
        return QApplication.activeWindow() is window

    qtbot.waitUntil(active)
    target: QWidget = QApplication.focusWidget() or window
    qtbot.keyClick(target, Qt.Key.Key_F1)


def _guide(window: MainWindow) -> GuideViewer | None:
    """The window's guide, once F1 or the menu opened it."""
    return window.findChild(GuideViewer)


def _top_line(viewer: GuideViewer) -> str:
    """The text of the line at the top of the guide's visible area."""
    return viewer.browser.cursorForPosition(QPoint(4, 4)).block().text()


@pytest.mark.parametrize("key", PAGES)
def test_f1_opens_the_section_of_the_page(
    qtbot: QtBot, runtime: Runtime, admin: UserInfo, key: str
) -> None:
    """F1 on a page shows the guide scrolled to that page's section, its title at the top."""
    window = _window(qtbot, runtime, admin)
    window.open_page(key)
    _press_f1(qtbot, window)
    viewer = _guide(window)
    assert viewer is not None
    qtbot.waitUntil(viewer.isVisible)
    assert viewer.current_section() == f"page-{key}"
    assert _top_line(viewer) == _heading(f"page-{key}")


def test_help_menu_lists_the_guide_first(qtbot: QtBot, runtime: Runtime, admin: UserInfo) -> None:
    """Trợ giúp holds «Hướng dẫn sử dụng» (F1) above «Giới thiệu»; choosing it opens the guide."""
    window = _window(qtbot, runtime, admin)
    menu = next(m for m in window.menuBar().findChildren(QMenu) if m.title() == "Trợ &giúp")
    texts = [a.text() for a in menu.actions()]
    assert texts == ["Hướng dẫn sử dụng", "Giới thiệu"]
    action = window.findChild(QAction, "guideAction")
    assert action is not None and action.shortcut().toString() == "F1"
    window.open_page("equipment")
    action.trigger()
    viewer = _guide(window)
    assert viewer is not None and viewer.isVisible()
    assert viewer.current_section() == "page-equipment"


def test_f1_again_follows_the_page_and_back_returns(
    qtbot: QtBot, runtime: Runtime, admin: UserInfo
) -> None:
    """One guide window: F1 on another page moves it there; a link, then «Quay lại», comes back."""
    window = _window(qtbot, runtime, admin)
    window.open_page("home")
    _press_f1(qtbot, window)
    viewer = _guide(window)
    assert viewer is not None and viewer.current_section() == "page-home"
    assert _top_line(viewer) == _heading("page-home") == "2. Trang chủ"
    window.open_page("journal")
    viewer.hide()  # closed by the user; F1 opens the same window again
    _press_f1(qtbot, window)
    assert _guide(window) is viewer
    assert viewer.current_section() == "page-journal"
    viewer.contents_button.click()
    assert viewer.current_section() == "muc-luc"
    assert viewer.back_button.isEnabled()
    viewer.back_button.click()
    assert viewer.current_section() == "page-journal"


def test_search_finds_and_says_when_nothing_matches(
    qtbot: QtBot, runtime: Runtime, admin: UserInfo
) -> None:
    """The search box selects the next match, wraps to the top, and says when there is none."""
    window = _window(qtbot, runtime, admin)
    viewer = open_guide(window, "home")
    type_into(viewer.search_edit, "Khóa sổ")
    qtbot.keyClick(viewer.search_edit, Qt.Key.Key_Return)
    first = viewer.browser.textCursor()
    assert first.selectedText().lower() == "khóa sổ"  # not case-sensitive
    viewer.find_button.click()
    assert viewer.browser.textCursor().selectionStart() > first.selectionStart()
    assert viewer.search_status.isHidden()
    viewer.search_edit.clear()
    type_into(viewer.search_edit, "tàu vũ trụ")
    viewer.find_button.click()
    assert viewer.search_status.isVisible()
    assert viewer.search_status.text() == "Không thấy «tàu vũ trụ» trong hướng dẫn."

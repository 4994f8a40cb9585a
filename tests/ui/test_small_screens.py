"""Every page and dialog fits a 1024×768 monitor, for every role (issue 17 §1).

A maximised window on that screen has 1024×688 pixels inside (taskbar and
title bar taken off). Each role's window is given that size and every page is
opened in turn (the grade book on each tab, on a locked and an open semester,
for a primary, a THCS and a THPT class); the page's minimum size must fit the
space it gets, without scroll bars, and every button shown must lie wholly in
view. Dialogs are built directly, as their pages would build them.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from app.permissions import Role
from app.runtime import Runtime
from tests.ui.helpers import user_info
from tests.ui.small_screen import (
    SmallSchool,
    gradebook_problems,
    page_problems,
    settle,
    small_window,
    too_big,
)
from ui.app import build_main_window
from ui.main_window import DEFAULT_SIZE
from ui.screen import (
    SMALLEST_CLIENT,
    fitted,
    opens_maximised,
)
from ui.style import STYLESHEET


@pytest.mark.parametrize("role", [r.value for r in Role])
def test_every_page_fits_a_1024_by_768_screen(qtbot: QtBot, small: SmallSchool, role: str) -> None:
    """Each page of the role fits 1024×768 without scrolling, with every button in view."""
    window = small_window(qtbot, small, f"u_{role}")
    found = too_big(f"{role} window", window, SMALLEST_CLIENT)
    # The panel as the app styles it, under a long school name on two lines, as most real
    # names take.
    panel = window.nav.parentWidget()
    panel.setStyleSheet(STYLESHEET)
    subtitle = panel.findChild(QLabel, "navSubtitle")
    assert subtitle is not None
    subtitle.setText("Trường Tiểu học và Trung học cơ sở Nguyễn Văn Trỗi")
    settle(qtbot)
    last = window.nav.visualItemRect(window.nav.item(window.nav.count() - 1))
    if window.nav.verticalScrollBar().isVisible() or last.bottom() > window.nav.viewport().height():
        found.append(f"{role}: the list of pages ({window.nav.count()}) needs scrolling")
    for key in window.page_keys():
        window.open_page(key)
        settle(qtbot)
        if key == "gradebook":
            found += gradebook_problems(qtbot, window, role)
        else:
            found += page_problems(window, key, f"{role} {key}")
    assert not found, "\n".join(found)


def test_a_primary_homeroom_teacher_fits_at_1024(qtbot: QtBot, small: SmallSchool) -> None:
    """gv.cn's grade book (4A with its qualities tab) fits 1024×768 with every button in view."""
    window = small_window(qtbot, small, "gv.cn")
    window.open_page("gradebook")
    settle(qtbot)
    found = gradebook_problems(qtbot, window, "gv.cn")
    assert not found, "\n".join(found)


# ---------------------------------------------------------------- dialogs


def test_the_main_window_opens_within_the_screen(qtbot: QtBot, small: SmallSchool) -> None:
    """On this (small) test screen the window opens maximised and no larger than the screen."""
    window = build_main_window(Runtime(small.db), user_info(small.db, "u_secretary"))
    qtbot.addWidget(window)
    available = window.screen().availableGeometry().size()
    assert window.windowState() & Qt.WindowState.WindowMaximized
    assert window.size() == fitted(window.size(), available)


@pytest.mark.parametrize(
    ("available", "maximised", "size"),
    [
        (QSize(1024, 728), True, QSize(1008, 688)),
        (QSize(1366, 728), True, QSize(1200, 688)),
        (QSize(1600, 860), False, QSize(1200, 760)),
        (QSize(1920, 1040), False, QSize(1200, 760)),
        (QSize(1440, 780), True, QSize(1200, 740)),
    ],
)
def test_window_size_follows_the_screen(available: QSize, maximised: bool, size: QSize) -> None:
    """Maximised on screens up to 1366 wide or too small for 1200×760; never larger than the screen."""
    assert opens_maximised(DEFAULT_SIZE, available) is maximised
    assert fitted(DEFAULT_SIZE, available) == size

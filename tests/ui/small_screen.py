"""What the small-screen tests share: a school on a 1024×768 monitor and the checks.

A maximised window on that screen has 1024×688 pixels inside (taskbar and title bar
taken off); ``too_big`` and ``hidden_buttons`` say what does not fit.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QScrollArea,
    QTabWidget,
    QWidget,
)
from pytestqt.qtbot import QtBot

from app import school as school_profile
from app.db import Database
from app.gradebook import catalogue
from app.gradebook.locking import lock_semester
from app.runtime import Runtime
from app.students import create_class
from tests.conftest import Seeded
from tests.gradebook_primary.conftest import build_primary_school
from tests.ui.helpers import user_info
from tests.ui_gradebook.conftest import YEAR, build_school, build_template, copy_database
from ui import ops
from ui.app import build_main_window
from ui.main_window import MainWindow
from ui.pages import PageContext
from ui.screen import (
    FRAME,
    SMALLEST_CLIENT,
    SMALLEST_SCREEN,
    TASKBAR_HEIGHT,
)

DIALOG_ROOM = QSize(
    SMALLEST_SCREEN.width() - FRAME.width(),
    SMALLEST_SCREEN.height() - TASKBAR_HEIGHT - FRAME.height(),
)
"""The inside of the largest dialog a 1024×768 screen shows whole."""


@dataclass
class SmallSchool:
    """The grade-book test school plus class 4A (primary, TT27) and 10A1 (THPT), 6A1 HK I locked."""

    db: Database
    student_id: uuid.UUID
    thpt_class_id: uuid.UUID

    def ctx(self, username: str) -> PageContext:
        """What a page gets when ``username`` is logged in."""
        return PageContext(Runtime(self.db), user_info(self.db, username))


def _build(seeded: Seeded) -> SmallSchool:
    grades = build_school(seeded)
    build_primary_school(seeded)
    admin = seeded.actor("admin")
    with seeded.db.uow(actor=admin) as s:
        profile = school_profile.require_profile(s)
        school_profile.update_profile(s, admin, replace(profile, levels=(*profile.levels, "thpt")))
        catalogue.ensure_catalogue(s, admin, YEAR)
        thpt = create_class(s, admin, "10A1", year=YEAR)
        lock_semester(s, seeded.actor("principal"), grades.class_id, 1)
    return SmallSchool(seeded.db, next(iter(grades.students.values())), thpt.id)


@pytest.fixture(scope="module")
def _template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, SmallSchool]:
    """Build the school once for this module."""
    return build_template(tmp_path_factory, "small-screens", _build)


@pytest.fixture
def small(_template: tuple[Path, SmallSchool], tmp_path: Path) -> Iterator[SmallSchool]:
    """A fresh copy of the school for one test."""
    template, built = _template
    db = copy_database(template, tmp_path / "school.sqlite")
    yield replace(built, db=db)
    db.dispose()


# ---------------------------------------------------------------- what does not fit


def _name(widget: QWidget) -> str:
    text = widget.text() if isinstance(widget, QAbstractButton) else ""
    return f"{type(widget).__name__}({text or widget.objectName()!r})"


def too_big(what: str, widget: QWidget, room: QSize) -> list[str]:
    """``widget``'s minimum sizes that exceed ``room``."""
    found = []
    for kind, size in (
        ("minimumSizeHint", widget.minimumSizeHint()),
        ("minimumSize", widget.minimumSize()),
    ):
        if size.width() > room.width() or size.height() > room.height():
            found.append(
                f"{what}: {kind} {size.width()}×{size.height()} > {room.width()}×{room.height()}"
            )
    return found


def hidden_buttons(what: str, root: QWidget) -> list[str]:
    """Buttons shown on ``root`` that are cut off or lie outside what ``root`` shows."""
    found = []
    for button in root.findChildren(QAbstractButton):
        if not button.isVisible() or button.rect().isEmpty():
            continue
        seen = button.visibleRegion().boundingRect()
        corner = button.mapTo(root, button.rect().bottomRight())
        if seen != button.rect() or not root.rect().contains(corner):
            found.append(f"{what}: {_name(button)} is not wholly in view")
    return found


def settle(qtbot: QtBot) -> None:
    """Let background reads finish and layouts settle."""
    qtbot.waitUntil(lambda: ops.running() == 0, timeout=10_000)
    for _ in range(3):  # a size hint changed inside a nested layout settles over a few rounds
        QApplication.processEvents()


def page_problems(window: MainWindow, key: str, what: str) -> list[str]:
    """What does not fit on the page shown: its minimum size, scroll bars, cut-off buttons."""
    host = window.stack.currentWidget()
    assert isinstance(host, QScrollArea)
    page = window.pages[key]
    room = host.viewport().size()
    found = too_big(what, page, room)
    for bar in (host.horizontalScrollBar(), host.verticalScrollBar()):
        if bar.isVisible():
            found.append(f"{what}: the page scrolls ({bar.orientation().name})")
    return found + hidden_buttons(what, window)


# ---------------------------------------------------------------- pages


def small_window(qtbot: QtBot, school: SmallSchool, username: str) -> MainWindow:
    """``username``'s window at the inside of a maximised window on a 1024×768 screen."""
    window = build_main_window(Runtime(school.db), user_info(school.db, username))
    qtbot.addWidget(window)
    window.setWindowState(Qt.WindowState.WindowNoState)
    window.resize(SMALLEST_CLIENT)
    window.show()
    qtbot.waitExposed(window)
    return window


def gradebook_problems(qtbot: QtBot, window: MainWindow, role: str) -> list[str]:
    """Every class level, both semesters (I is locked for 6A1) and every tab of the grade book."""
    page = window.pages["gradebook"]
    found: list[str] = []
    for class_name in ("4A", "6A1", "10A1"):
        if page.class_combo.findText(class_name) < 0:  # type: ignore[attr-defined]
            continue
        for semester in (1, 2):
            page.select(class_name, semester)  # type: ignore[attr-defined]
            tabs: QTabWidget = page.tabs  # type: ignore[attr-defined]
            for index in range(tabs.count()):
                if not tabs.isTabVisible(index):
                    continue
                tabs.setCurrentIndex(index)
                settle(qtbot)
                what = f"{role} gradebook {class_name} HK{semester} {tabs.tabText(index)}"
                found += page_problems(window, "gradebook", what)
    return found

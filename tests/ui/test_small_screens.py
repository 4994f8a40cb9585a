"""Every page and dialog fits a 1024×768 monitor, for every role (issue 17 §1).

A maximised window on that screen has 1024×688 pixels inside (taskbar and
title bar taken off). Each role's window is given that size and every page is
opened in turn (the grade book on each tab, on a locked and an open semester,
for a primary, a THCS and a THPT class); the page's minimum size must fit the
space it gets, without scroll bars, and every button shown must lie wholly in
view. Dialogs are built directly, as their pages would build them.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDialog,
    QScrollArea,
    QTabWidget,
    QWidget,
)
from pytestqt.qtbot import QtBot

from app import school as school_profile
from app.db import Actor, Database
from app.gradebook import catalogue, electives
from app.gradebook.locking import lock_semester
from app.permissions import Role
from app.runtime import Runtime
from app.students import create_class, get_student_detail
from app.students.classes import TeacherChoice, homeroom_candidates
from app.students.models import EventKind
from tests.conftest import Seeded
from tests.gradebook_primary.conftest import build_primary_school
from tests.ui.helpers import user_info
from tests.ui_gradebook.conftest import YEAR, build_school, build_template, copy_database
from ui import ops
from ui.app import build_main_window
from ui.main_window import DEFAULT_SIZE, MainWindow
from ui.pages import PageContext
from ui.screen import (
    FRAME,
    SMALLEST_CLIENT,
    SMALLEST_SCREEN,
    TASKBAR_HEIGHT,
    fitted,
    opens_maximised,
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


@pytest.mark.parametrize("role", [r.value for r in Role])
def test_every_page_fits_a_1024_by_768_screen(qtbot: QtBot, small: SmallSchool, role: str) -> None:
    """Each page of the role fits 1024×768 without scrolling, with every button in view."""
    window = small_window(qtbot, small, f"u_{role}")
    found = too_big(f"{role} window", window, SMALLEST_CLIENT)
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


DialogFactory = Callable[[SmallSchool], QDialog]


def _student_dialog(role: str) -> DialogFactory:
    def build(school: SmallSchool) -> QDialog:
        from ui.students.student_dialog import StudentDialog

        ctx = school.ctx(f"u_{role}")
        return StudentDialog(None, school.db, ctx.actor, school.student_id)

    return build


def _new_student(school: SmallSchool) -> QDialog:
    from ui.students.student_dialog import StudentDialog

    return StudentDialog(None, school.db, school.ctx("u_secretary").actor, None, "6A1")


def _event(kind: str) -> DialogFactory:
    def build(school: SmallSchool) -> QDialog:
        from ui.students.student_event_dialog import StudentEventDialog

        ctx = school.ctx("u_secretary")
        student = None
        if kind != EventKind.TRANSFER_IN:
            with school.db.read(ctx.actor) as s:
                student = get_student_detail(s, ctx.actor, school.student_id)
        return StudentEventDialog(None, ctx, kind, student, "6A1")

    return build


def _teachers(school: SmallSchool, actor: Actor) -> list[TeacherChoice]:
    with school.db.read(actor) as s:
        return homeroom_candidates(s, actor)


def _new_class(school: SmallSchool) -> QDialog:
    from ui.students.class_dialogs import NewClassDialog

    actor = school.ctx("u_secretary").actor
    return NewClassDialog(None, YEAR, _teachers(school, actor))


def _homeroom(school: SmallSchool) -> QDialog:
    from ui.students.class_dialogs import HomeroomDialog

    actor = school.ctx("u_secretary").actor
    return HomeroomDialog(None, "6A1", "u_teacher", _teachers(school, actor))


def _electives(school: SmallSchool) -> QDialog:
    from ui.students.electives_dialog import ElectivesDialog

    actor = school.ctx("u_admin").actor
    with school.db.read(actor) as s:
        info = electives.class_electives(s, actor, school.thpt_class_id)
    return ElectivesDialog(None, info)


def _export(role: str) -> DialogFactory:
    def build(school: SmallSchool) -> QDialog:
        from ui.students.export_dialog import ExportDialog

        return ExportDialog(None, school.ctx(f"u_{role}"), YEAR, "6A1")

    return build


def _import(school: SmallSchool) -> QDialog:
    from ui.students.import_wizard import ImportWizard

    return ImportWizard(None, school.ctx("u_secretary"))


def _student_reason(school: SmallSchool) -> QDialog:
    from ui.students.reason_dialog import ReasonDialog

    return ReasonDialog(None, "Sửa số định danh", "Vì sao sửa số định danh của học sinh này?")


def _grade_reason(school: SmallSchool) -> QDialog:
    from ui.gradebook.dialogs import ReasonDialog

    return ReasonDialog(None, "Mở khóa sổ điểm", "Mở khóa sổ điểm lớp 6A1 Học kì I.", "Mở khóa")


def _lock_missing(school: SmallSchool) -> QDialog:
    from app.gradebook.missing import MissingGrades, MissingLine
    from ui.gradebook.dialogs import LockDialog

    subjects = ("Văn", "Toán", "NN1", "LS&ĐL", "KHTN", "HĐTN-HN", "GDĐP")
    lines = tuple(
        MissingLine(school.student_id, "79000701260070", "Nguyễn Thị Phương Thảo", s, ("TX4", "CK"))
        for s in subjects
    )
    question = "Khóa sổ điểm lớp 6A1 Học kì I? Sau khi khóa, giáo viên không sửa được điểm."
    return LockDialog(None, MissingGrades("6A1", 1, lines), question)


def _grade_history(school: SmallSchool) -> QDialog:
    from ui.gradebook.grade_history_dialog import GradeHistoryDialog

    return GradeHistoryDialog(None, (), "Nguyễn Văn Bảo")


def _history(school: SmallSchool) -> QDialog:
    from ui.history_dialog import HistoryDialog

    return HistoryDialog(None, [], "user", "u_teacher")


def _user(existing: bool) -> DialogFactory:
    def build(school: SmallSchool) -> QDialog:
        from ui.user_dialog import UserDialog

        return UserDialog(None, user_info(school.db, "u_teacher") if existing else None)

    return build


def _change_password(forced: bool) -> DialogFactory:
    def build(school: SmallSchool) -> QDialog:
        from ui.password_dialog import ChangePasswordDialog

        return ChangePasswordDialog(None, school.db, user_info(school.db, "u_teacher"), forced)

    return build


def _reset_password(school: SmallSchool) -> QDialog:
    from ui.password_dialog import ResetPasswordDialog

    return ResetPasswordDialog(None, "u_teacher")


def _school(school: SmallSchool) -> QDialog:
    from ui.school_dialog import SchoolDialog

    with school.db.read() as s:
        return SchoolDialog(None, school_profile.require_profile(s))


def _login(locked: bool) -> DialogFactory:
    def build(school: SmallSchool) -> QDialog:
        from ui.login_dialog import LoginDialog

        return LoginDialog(None, school.db, locked_user="u_teacher" if locked else "")

    return build


def _error(school: SmallSchool) -> QDialog:
    from ui.errors import ErrorDialog

    details = "\n".join(f'  File "ui/page.py", line {n}, in handler' for n in range(60))
    return ErrorDialog(None, "Lỗi", "Lỗi không mong muốn (RuntimeError).", details, "Nhật ký: …")


def _first_run(school: SmallSchool) -> QDialog:
    from ui.first_run_wizard import FirstRunWizard

    return FirstRunWizard(None, school.db)


EVENT_MENU = (
    EventKind.TRANSFER_IN,
    EventKind.TRANSFER_OUT,
    EventKind.WITHDRAWAL,
    EventKind.GRADUATION,
    EventKind.SUSPENSION,
)
"""The events the student page's Biến động menu offers."""

DIALOGS: dict[str, DialogFactory] = {
    "student (secretary)": _student_dialog("secretary"),
    "student (teacher, read only)": _student_dialog("teacher"),
    "new student": _new_student,
    **{f"event {kind}": _event(kind) for kind in EVENT_MENU},
    "new class": _new_class,
    "homeroom": _homeroom,
    "electives": _electives,
    "export (secretary)": _export("secretary"),
    "export (teacher)": _export("teacher"),
    "import wizard": _import,
    "reason (students)": _student_reason,
    "reason (grade book)": _grade_reason,
    "lock with grades missing": _lock_missing,
    "grade history": _grade_history,
    "history": _history,
    "new user": _user(False),
    "edit user": _user(True),
    "change password": _change_password(False),
    "change password (forced)": _change_password(True),
    "reset password": _reset_password,
    "school profile": _school,
    "login": _login(False),
    "login (screen locked)": _login(True),
    "error": _error,
    "first run": _first_run,
}


def _tab_widgets(dialog: QDialog) -> list[QTabWidget]:
    return [t for t in dialog.findChildren(QTabWidget) if t.isVisible()]


@pytest.mark.parametrize("name", list(DIALOGS))
def test_every_dialog_fits_a_1024_by_768_screen(
    qtbot: QtBot, small: SmallSchool, name: str
) -> None:
    """The dialog opens no larger than the screen, fits 1024×768, every tab's buttons in view."""
    dialog = DIALOGS[name](small)
    qtbot.addWidget(dialog)
    screen = dialog.screen().availableGeometry().size()
    assert dialog.size() == fitted(dialog.size(), screen), name
    found = too_big(name, dialog, DIALOG_ROOM)
    dialog.resize(dialog.size().boundedTo(DIALOG_ROOM))
    dialog.show()
    settle(qtbot)
    found += hidden_buttons(name, dialog)
    for tabs in _tab_widgets(dialog):
        for index in range(tabs.count()):
            tabs.setCurrentIndex(index)
            settle(qtbot)
            found += hidden_buttons(f"{name} / {tabs.tabText(index)}", dialog)
    dialog.reject()
    assert not found, "\n".join(found)


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

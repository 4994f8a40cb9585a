"""The home page's figures in the window (issue 12 §5): clicking one opens the list behind it."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import uuid  # noqa: E402
from datetime import date, timedelta  # noqa: E402

import pytest  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402
from pytestqt.qtbot import QtBot  # noqa: E402

from app.changes import Changes  # noqa: E402
from app.equipment.loan_models import LoanSlip, LoanStatus  # noqa: E402
from app.runtime import Runtime  # noqa: E402
from app.students.models import Guardian, Student  # noqa: E402
from tests.gradebook.conftest import GradeSchool  # noqa: E402
from tests.qt_gc import gui_thread_gc  # noqa: E402, F401  (GUI-thread garbage collection)
from tests.ui.helpers import user_info  # noqa: E402
from ui.app import build_main_window  # noqa: E402
from ui.home.figure_tile import FigureTile  # noqa: E402
from ui.home_widget import HomeWidget  # noqa: E402
from ui.main_window import MainWindow  # noqa: E402
from ui.signals import bus  # noqa: E402

pytestmark = pytest.mark.parametrize("seeded", ["sqlite"], indirect=True)


def _window(qtbot: QtBot, gs: GradeSchool, username: str) -> MainWindow:
    window = build_main_window(Runtime(gs.db), user_info(gs.db, username))
    qtbot.addWidget(window)
    home = window.pages["home"]
    assert isinstance(home, HomeWidget)
    qtbot.waitUntil(lambda: home.role_panel.page is not None, timeout=15_000)
    return window


def _tile(window: MainWindow, key: str) -> FigureTile:
    home = window.pages["home"]
    assert isinstance(home, HomeWidget)
    return home.role_panel.tiles[key]


def _shown(window: MainWindow) -> str:
    return window.specs[window.nav.currentRow()].key


def test_a_teachers_subject_opens_its_sheet_in_the_grade_book(
    qtbot: QtBot, gs: GradeSchool
) -> None:
    """u_teacher's «6A1 · Toán» tile opens the grade book on 6A1, the semester counted, Toán."""
    window = _window(qtbot, gs, "u_teacher")
    tile = _tile(window, "missing:6A1:Toán")
    assert tile.clickable and tile.value_label.text() == str(tile.figure.count)
    qtbot.mouseClick(tile, Qt.MouseButton.LeftButton)
    assert _shown(window) == "gradebook"
    book = window.pages["gradebook"]
    assert book.current_class().name == "6A1"  # type: ignore[attr-defined]
    assert str(book.semester()) == tile.figure.target.params["semester"]  # type: ignore[attr-defined, union-attr]
    assert book.current_subject() == gs.subjects["Toán"]  # type: ignore[attr-defined]


def test_a_record_gap_opens_the_student_list_filtered(qtbot: QtBot, gs: GradeSchool) -> None:
    """The secretary's «Chưa có số định danh» tile (4) opens the list narrowed to those 4, with
    the filter named; «Bỏ lọc» shows the whole year again."""
    window = _window(qtbot, gs, "u_secretary")
    tile = _tile(window, "no_personal_id")
    assert tile.figure.count == 4
    tile.setFocus()
    qtbot.keyClick(tile, Qt.Key.Key_Return)
    assert _shown(window) == "students"
    page = window.pages["students"]
    assert page.current_filter().gap == "personal_id"  # type: ignore[attr-defined]
    assert page.opened_filter.isVisibleTo(page)  # type: ignore[attr-defined]
    assert "Chưa có số định danh" in page.opened_filter.label.text()  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: page.count_label.text() == "4 học sinh")  # type: ignore[attr-defined]
    page.opened_filter.clear_button.click()  # type: ignore[attr-defined]
    assert page.current_filter().gap == ""  # type: ignore[attr-defined]


def test_loans_to_approve_open_the_lending_tab_on_that_state(qtbot: QtBot, gs: GradeSchool) -> None:
    """The equipment officer's «Phiếu mượn chờ duyệt» opens Mượn/trả showing the waiting slip."""
    with gs.db.uow(actor=gs.admin) as s:
        s.add(LoanSlip(id=uuid.uuid4(), school_code=s.info.get("school_code", ""), number=1,
                       borrower_id=gs.teacher.user_id, start_on=date.today(),
                       due_on=date.today() + timedelta(days=2), status=LoanStatus.PENDING))  # fmt: skip
    window = _window(qtbot, gs, "u_equipment_officer")
    tile = _tile(window, "loans_pending")
    assert tile.figure.count == 1
    qtbot.mouseClick(tile, Qt.MouseButton.LeftButton)
    assert _shown(window) == "equipment"
    page = window.pages["equipment"]
    assert page.tabs.currentWidget() is page.loans  # type: ignore[attr-defined]
    assert page.loans.status_box.currentData() == LoanStatus.PENDING  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: page.loans.count_label.text() == "1 phiếu")  # type: ignore[attr-defined]


def test_a_figure_whose_list_the_role_cannot_open_is_not_a_link(
    qtbot: QtBot, gs: GradeSchool
) -> None:
    """The IT coordinator has no Người dùng page: the locked-out tile stays a plain figure and a
    click leaves the home page shown; the journal tile opens the journal."""
    window = _window(qtbot, gs, "u_it_coordinator")
    locked = _tile(window, "locked_out")
    assert not locked.clickable and not _tile(window, "failed_logins").clickable
    qtbot.mouseClick(locked, Qt.MouseButton.LeftButton)
    assert _shown(window) == "home"
    qtbot.mouseClick(_tile(window, "journal"), Qt.MouseButton.LeftButton)
    assert _shown(window) == "journal"


def test_a_gap_nobody_has_shows_an_empty_list_naming_it(qtbot: QtBot, gs: GradeSchool) -> None:
    """Every student has a guardian's phone: the figure is 0, its list is empty and says which
    filter hides the students; «Bỏ lọc» there shows all four again."""
    with gs.db.uow(actor=gs.admin) as s:
        for sid in gs.students.values():
            s.add(Guardian(id=uuid.uuid4(), student_id=sid, relation="me", full_name="Lê Thị Mai",
                           phone="0912345678"))  # fmt: skip
    window = _window(qtbot, gs, "u_secretary")
    tile = _tile(window, "no_guardian_phone")
    assert tile.figure.count == 0
    qtbot.mouseClick(tile, Qt.MouseButton.LeftButton)
    page = window.pages["students"]
    empty = page.rows_or_empty  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: empty.showing_empty)
    assert "Chưa có số điện thoại người giám hộ" in empty.empty.message_label.text()
    empty.empty.reset_button.click()
    assert not page.opened_filter.isVisibleTo(page)  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: page.count_label.text() == "4 học sinh")  # type: ignore[attr-defined]


def test_failed_sign_ins_open_the_access_log_for_the_administrator(
    qtbot: QtBot, gs: GradeSchool
) -> None:
    """The administrator's «Đăng nhập sai» opens the journal's access-log tab on that event."""
    window = _window(qtbot, gs, "admin")
    qtbot.mouseClick(_tile(window, "failed_logins"), Qt.MouseButton.LeftButton)
    assert _shown(window) == "journal"
    page = window.pages["journal"]
    assert page.tabs.currentWidget() is page.access_log  # type: ignore[attr-defined]
    assert page.access_log.event_combo.currentData() == "sign_in_failed"  # type: ignore[attr-defined]


def test_figures_are_read_again_when_data_changes(qtbot: QtBot, gs: GradeSchool) -> None:
    """A student given an ID number elsewhere: once the change is announced, the secretary's
    «Chưa có số định danh» goes from 4 to 3 without leaving the page."""
    window = _window(qtbot, gs, "u_secretary")
    window.show()  # a hidden page only notes that it is out of date
    assert _tile(window, "no_personal_id").figure.count == 4
    with gs.db.uow(actor=gs.admin) as s:
        student = s.get(Student, gs.students["Lê Văn Anh"])
        assert student is not None
        student.personal_id = "038214000001"
    bus.changed.emit(Changes.of("student"))
    qtbot.waitUntil(lambda: _tile(window, "no_personal_id").figure.count == 3)
    assert _tile(window, "no_personal_id").value_label.text() == "3"

"""Feedback and states of the grade book (issue 17 §5): read-only sheets look read-only, Khóa sổ
lists the grades still missing and is enabled only where it applies, headers are not cut."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QHelpEvent, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QToolTip
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app import demo, migrate, setup
from app.db import Actor, Database, make_engine, sqlite_url
from app.gradebook.choices import load_classes
from app.gradebook.locking import lock_status
from app.gradebook.missing import MissingGrades, missing_grades
from app.runtime import Runtime
from app.school import current_year
from app.students.models import ClassGroup
from tests.ui.helpers import user_info
from tests.ui_gradebook.conftest import YEAR, GradeUi, wait_saved
from tests.ui_gradebook.test_page_and_lock import lock, page
from ui import style
from ui.confirm import Confirm
from ui.gradebook.conduct_widget import ConductWidget
from ui.gradebook.dialogs import LockDialog
from ui.gradebook.entry_panel import EntryPanel
from ui.gradebook.grade_entry_widget import GradeEntryWidget
from ui.gradebook.gradebook_widget import GradebookWidget
from ui.pages import PageContext
from ui.settings_widget import SettingsWidget


def _entry(qtbot: QtBot, school: GradeUi, username: str, subject: str) -> GradeEntryWidget:
    ctx = school.ctx(username)
    with school.db.read() as s:
        choice = next(c for c in load_classes(s, ctx.actor, YEAR) if c.id == school.class_id)
    widget = GradeEntryWidget(ctx)
    qtbot.addWidget(widget)
    widget.resize(1024, 600)
    widget.show()
    widget.set_scope(choice, 1)
    widget.select_subject(school.subjects[subject])
    return widget


def _edit_controls(panel: EntryPanel) -> list[bool]:
    """Whether Lưu, Bỏ thay đổi and the "Chưa lưu" legend are shown."""
    return [not w.isHidden() for w in (panel.save_button, panel.discard_button, panel.swatches[0])]


def test_read_only_sheets_show_no_save_or_discard(qtbot: QtBot, school: GradeUi) -> None:
    """The teacher's own subject has Lưu and Bỏ thay đổi; the secretary's view, a locked
    semester for the teacher and another class's conduct have neither (nor "Chưa lưu")."""
    own = _entry(qtbot, school, "u_teacher", "Toán")
    assert _edit_controls(own.panel) == [True, True, True]
    secretary = _entry(qtbot, school, "u_secretary", "Toán")
    assert _edit_controls(secretary.panel) == [False, False, False]
    assert "chỉ được xem" in secretary.panel.banner.text()
    van = school.ctx("gv.van")
    with school.db.read() as s:
        other = next(c for c in load_classes(s, van.actor, YEAR) if c.id == school.other_class_id)
    conduct = ConductWidget(van)
    qtbot.addWidget(conduct)
    conduct.set_scope(other, 1)
    assert _edit_controls(conduct.panel) == [False, False, False]  # not the homeroom teacher
    lock(school)
    locked = _entry(qtbot, school, "u_teacher", "Toán")
    assert _edit_controls(locked.panel) == [False, False, False]
    principal = _entry(qtbot, school, "u_principal", "Toán")
    assert _edit_controls(principal.panel) == [True, True, True]  # may correct, with a reason


def test_lock_buttons_follow_the_state_and_who_may_lock(qtbot: QtBot, school: GradeUi) -> None:
    """Open semester: Khóa sổ enabled, Mở khóa not; locked: the reverse; a teacher has neither."""
    principal = page(qtbot, school, "u_principal")
    bar = principal.lock_bar
    assert bar.lock_button.isEnabled() and not bar.unlock_button.isEnabled()
    lock(school)
    bar.reload()
    assert not bar.lock_button.isEnabled() and bar.unlock_button.isEnabled()
    teacher = page(qtbot, school, "u_teacher")
    assert teacher.lock_bar.lock_button.isHidden() and teacher.lock_bar.unlock_button.isHidden()


def test_the_lock_dialog_lists_each_line_and_hủy_is_the_default(
    qtbot: QtBot, school: GradeUi
) -> None:
    """The real dialog: the summary, one row per student and subject, Hủy as default button."""
    with school.db.read() as s:
        found = missing_grades(s, Actor.system("test"), school.class_id, 1)
    dialog = LockDialog(None, found, "Khóa sổ điểm lớp 6A1 Học kì I?")
    qtbot.addWidget(dialog)
    assert dialog.model.rowCount() == len(found.lines) > 0
    first = [dialog.model.index(0, c).data() for c in range(4)]
    line = found.lines[0]
    assert first == [line.full_name, line.student_code, line.subject, ", ".join(line.columns)]
    default = next(b for b in dialog.buttons.findChildren(QPushButton) if b.isDefault())
    assert default.text() == "Hủy"


@pytest.fixture
def demo_school(tmp_path: Path) -> Database:
    """The demo school (150 students): last year locked and complete, this year under way."""
    db = Database(make_engine(sqlite_url(tmp_path / "demo.sqlite")))
    migrate.upgrade(db.engine)
    demo.create_demo(db)
    demo.fill_demo(db, 150)
    setup.load_school_code(db)
    return db


@pytest.mark.slow
def test_khóa_sổ_on_the_demo_lists_the_students_missing_grades(
    qtbot: QtBot, demo_school: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As the principal on the demo: a class whose semester I misses grades shows exactly the
    list app.gradebook.missing computes (Hủy locks nothing, Vẫn khóa sổ locks); a complete
    class gets the plain confirmation."""
    db = demo_school
    system = Actor.system("test")
    with db.read() as s:
        year = current_year(s)
        assert year is not None
        classes = s.scalars(
            select(ClassGroup)
            .where(ClassGroup.school_year == year.name, ClassGroup.grade > 5)
            .order_by(ClassGroup.grade, ClassGroup.name)
        ).all()
        found = {g.name: missing_grades(s, system, g.id, 1) for g in classes}
        ids = {g.name: g.id for g in classes}
    incomplete = next(name for name, f in found.items() if f.lines)
    complete = next(name for name, f in found.items() if not f.lines)
    shown: list[MissingGrades] = []
    answers = [False, True]
    asked: list[str] = []

    def listing(cls: object, parent: object, found: MissingGrades, question: str) -> bool:
        shown.append(found)
        return answers.pop(0)

    def confirm(cls: object, parent: object, title: str, text: str, yes: str = "") -> bool:
        asked.append(text)
        return False

    monkeypatch.setattr(LockDialog, "ask", classmethod(listing))
    monkeypatch.setattr(Confirm, "ask", classmethod(confirm))
    widget = GradebookWidget(PageContext(Runtime(db), user_info(db, "hieutruong")))
    qtbot.addWidget(widget)
    widget.show()
    widget.select(incomplete, 1)
    bar = widget.lock_bar
    bar.lock_button.click()
    assert shown[0] == found[incomplete] and not bar.locked
    names = {line.full_name for line in shown[0].lines}
    assert len(names) == shown[0].students > 0
    bar.lock_button.click()
    wait_saved(qtbot)
    qtbot.waitUntil(lambda: bar.locked, timeout=5000)
    with db.read() as s:
        assert lock_status(s, system, ids[incomplete])[0].locked
    assert bar.unlock_button.isEnabled() and not bar.lock_button.isEnabled()
    widget.select(complete, 1)
    bar.lock_button.click()
    assert len(shown) == 2 and len(asked) == 1
    assert asked[0].startswith(f"Lớp {complete}, Học kì I: đã nhập đủ điểm và đánh giá.\n\n")


@pytest.mark.qt_log_ignore(
    "This plugin does not support propagateSizeHints", "This plugin does not support raise"
)
def test_grade_book_headers_fit_and_cut_cells_show_their_full_text(
    qtbot: QtBot, school: GradeUi
) -> None:
    """Conduct ("Nghỉ không phép") and summary headers are as wide as their text; a name cut
    short by a narrow column shows in full in its tooltip."""
    widget = page(qtbot, school, "u_principal")
    widget.resize(1024, 700)
    for tab in (widget.conduct, widget.summary):
        widget.tabs.setCurrentWidget(tab)
        view = tab.panel.view if hasattr(tab, "panel") else tab.table
        header = view.horizontalHeader()
        cut = [
            str(view.model().headerData(i, Qt.Orientation.Horizontal))
            for i in range(header.count())
            if header.sectionSize(i) < header.sectionSizeHint(i)
        ]
        assert cut == [], type(tab).__name__
    view = widget.conduct.panel.view
    view.setColumnWidth(1, 40)
    index = view.model().index(0, 1)
    rect = view.visualRect(index)
    event = QHelpEvent(
        QEvent.Type.ToolTip, rect.center(), view.viewport().mapToGlobal(rect.center())
    )
    QApplication.sendEvent(view.viewport(), event)
    assert QToolTip.text() == index.data()
    header = view.horizontalHeader()
    header.resizeSection(4, 30)
    at = QPoint(header.sectionViewportPosition(4) + 5, 5)
    QApplication.sendEvent(
        header.viewport(), QHelpEvent(QEvent.Type.ToolTip, at, header.viewport().mapToGlobal(at))
    )
    assert QToolTip.text().startswith("Nghỉ không phép")
    QToolTip.hideText()


def test_disabled_settings_look_disabled(qtbot: QtBot, school: GradeUi) -> None:
    """For a teacher the settings are greyed out (not black on white), with no folder chooser and
    no key-export row."""
    qapp = QApplication.instance()
    assert isinstance(qapp, QApplication)
    if not qapp.styleSheet():  # as the window does when it opens
        style.apply(qapp)
    widget = SettingsWidget(school.ctx("u_teacher"))
    qtbot.addWidget(widget)
    widget.show()
    spin = widget.idle_spin
    assert not spin.isEnabled()
    disabled = spin.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
    active = spin.palette().color(QPalette.ColorGroup.Active, QPalette.ColorRole.Text)
    assert disabled != active and disabled.name() == style.DISABLED_TEXT
    assert widget.folder_button.isHidden()
    assert "Khóa sao lưu" not in [label.text() for label in widget.findChildren(QLabel)]

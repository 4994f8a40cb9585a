"""Every dialog fits a 1024×768 monitor, for every role that opens it (issue 17 §1).

Dialogs are built directly, as their pages would build them; each must fit the room a
1024×768 screen gives it, with every button shown wholly in view.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtWidgets import (
    QDialog,
    QTabWidget,
)
from pytestqt.qtbot import QtBot

from app import school as school_profile
from app.db import Actor
from app.gradebook import electives
from app.students import get_student_detail
from app.students.classes import TeacherChoice, homeroom_candidates
from app.students.models import EventKind
from tests.ui.helpers import user_info
from tests.ui.small_screen import (
    DIALOG_ROOM,
    SmallSchool,
    hidden_buttons,
    settle,
    too_big,
)
from tests.ui_gradebook.conftest import YEAR
from ui.screen import (
    fitted,
)

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

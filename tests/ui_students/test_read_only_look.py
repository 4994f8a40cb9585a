"""A record the user may not edit looks read-only (issue 17 §5): grey fields, only "Đóng"."""

from __future__ import annotations

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from tests.ui_students.conftest import School
from ui import style
from ui.students.student_dialog import StudentDialog


def _background(field: QLineEdit) -> str:
    """The colour inside a text field, away from its text and frame."""
    image = field.grab().toImage()
    return image.pixelColor(QPoint(field.width() - 6, field.height() // 2)).name()


def test_a_teacher_sees_grey_fields_and_only_đóng(qtbot: QtBot, school: School) -> None:
    """The teacher's view of a record: fields greyed, no Lưu; the secretary's: white fields, the
    student code alone greyed (it never changes)."""
    qapp = QApplication.instance()
    assert isinstance(qapp, QApplication)
    if not qapp.styleSheet():  # as the window does when it opens
        style.apply(qapp)
    saved = school.add("Ngô Thị Hằng", "04/04/2014", "Nữ")
    shown = {}
    for role in ("teacher", "secretary"):
        dialog = StudentDialog(None, school.db, school.actor(role), saved.id)
        qtbot.addWidget(dialog)
        dialog.show()
        shown[role] = dialog
    teacher, secretary = shown["teacher"], shown["secretary"]
    assert _background(teacher.identity.name_edit) == style.DISABLED_BG
    assert _background(secretary.identity.name_edit) == "#ffffff"
    assert _background(secretary.identity.code_edit) == style.DISABLED_BG
    buttons = [b.text() for b in teacher.buttons.buttons()]
    assert buttons == ["Đóng"]

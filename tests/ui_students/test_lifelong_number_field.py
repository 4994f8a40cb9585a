"""The student form's "Mã hồ sơ học tập suốt đời": hidden with the personal ID, shown once
revealed, saved when edited (a GUI test, offscreen)."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from pytestqt.qtbot import QtBot

from app.students import make_personal_id
from tests.ui_students.conftest import School
from ui.students.student_dialog import StudentDialog


def test_lifelong_number_hidden_revealed_and_saved(qtbot: QtBot, school: School) -> None:
    """Hidden like the ID until revealed; typed and saved, it is stored; a picture for review."""
    pid = make_personal_id("038", date(2014, 9, 5), "nu", 31)
    saved = school.add("Trần Thị Mai", "05/09/2014", "Nữ", personal_id=pid)
    dialog = StudentDialog(None, school.db, school.actor("secretary"), saved.id)
    qtbot.addWidget(dialog)
    dialog.show()
    field = dialog.identity.lifelong_edit
    assert field.text() == "" and field.isReadOnly() and field.placeholderText() == "Đã ẩn"
    dialog.identity.reveal_button.click()
    qtbot.waitUntil(lambda: dialog.sensitive_shown, timeout=5000)
    assert not field.isReadOnly()
    field.setText(pid)
    picture = os.environ.get("TRUONGSO_SCREENSHOT_DIR")
    if picture:  # docs and reviews: the identity tab with the new field
        dialog.grab().save(str(Path(picture) / "student-lifelong-number.png"))
    dialog.save_button.click()
    qtbot.waitUntil(lambda: dialog.saved is not None, timeout=5000)
    assert school.detail(saved.id, sensitive=True).lifelong_record_number == pid
    assert school.detail(saved.id).lifelong_record_number is None

"""The student form's editable ethnicity and province boxes take names as people type them."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from tests.ui_students.conftest import Messages, School
from ui.students.student_dialog import StudentDialog


def _filled_dialog(qtbot: QtBot, school: School, ethnicity: str, province: str) -> StudentDialog:
    dialog = StudentDialog(None, school.db, school.actor("secretary"), None)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.identity.name_edit.setText("Ka Điệp")
    dialog.identity.dob_edit.setText("12/3/2014")
    dialog.identity.sex_combo.setCurrentText("Nữ")
    dialog.identity.class_combo.setCurrentText("6A1")
    for combo, typed in (
        (dialog.identity.ethnicity_combo, ethnicity),
        (dialog.address.province_combo, province),
    ):
        combo.clearEditText()
        qtbot.keyClicks(combo.lineEdit(), typed)  # through the box's completer (ASCII only)
    return dialog


def test_typed_other_name_and_province_abbreviation_are_saved_as_the_lists_name(
    qtbot: QtBot, school: School, messages: Messages
) -> None:
    """Typing "K'Ho" and "TP HCM" saves the Cơ-ho's code and "Thành phố Hồ Chí Minh"."""
    dialog = _filled_dialog(qtbot, school, "K'Ho", "TP HCM")
    dialog.save_button.click()
    qtbot.waitUntil(lambda: dialog.saved is not None, timeout=5000)
    d = school.detail(dialog.saved.id)  # type: ignore[union-attr]
    assert (d.ethnicity_code, d.address_province) == ("16", "Thành phố Hồ Chí Minh")
    assert messages.notices == []


def test_a_shared_other_name_is_shown_with_both_groups(qtbot: QtBot, school: School) -> None:
    """Typing "Chil" keeps the form open with an inline error offering Cơ-ho and Mnông."""
    dialog = _filled_dialog(qtbot, school, "Chil", "Lam Dong")
    dialog.save_button.click()
    assert "Cơ-ho hoặc Mnông" in dialog.error_label.text()
    assert dialog.saved is None and dialog.isVisible()

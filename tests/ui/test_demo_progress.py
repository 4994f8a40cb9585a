"""Creating the demo school from the wizard: counted progress, and Hủy leaves the database empty
(issue 17 §5)."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QProgressBar, QPushButton, QWizard
from pytestqt.qtbot import QtBot

from app import journal, school
from app.db import Database
from tests.ui.helpers import type_into
from tests.ui.test_first_run_wizard import _fill_school
from ui import first_run_wizard, ops
from ui.first_run_wizard import FirstRunWizard


def _to_last_page(qtbot: QtBot, db: Database) -> FirstRunWizard:
    wizard = FirstRunWizard(None, db)
    qtbot.addWidget(wizard)
    wizard.show()
    _fill_school(qtbot, wizard, "38000701")
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)
    page = wizard.admin_page
    for edit, text in ((page.username_edit, "admin"), (page.full_name_edit, "Quản trị"),
                       (page.password_edit, "thudemo123"), (page.confirm_edit, "thudemo123")):  # fmt: skip
        type_into(edit, text)
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)
    wizard.year_page.demo_box.setChecked(True)
    return wizard


@pytest.mark.slow
def test_cancelling_the_demo_leaves_an_empty_database_and_the_wizard_open(
    qtbot: QtBot, blank_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The progress dialog counts in a unit ("… học sinh", "… lớp"); Hủy there stops the job:
    no school, no journal entry, Hoàn tất enabled again to try once more."""
    monkeypatch.setattr(first_run_wizard, "DEMO_STUDENTS", 300)
    monkeypatch.setattr(ops, "SHOW_AFTER_MS", 0)
    wizard = _to_last_page(qtbot, blank_db)
    finish = wizard.button(QWizard.WizardButton.FinishButton)
    qtbot.mouseClick(finish, Qt.MouseButton.LeftButton)
    op = wizard._op
    assert op is not None
    qtbot.waitUntil(lambda: op.dialog is not None, timeout=5000)
    dialog = op.dialog
    assert dialog is not None
    bar = dialog.findChild(QProgressBar)
    qtbot.waitUntil(lambda: "học sinh" in dialog.labelText(), timeout=30_000)
    count = dialog.labelText().splitlines()[-1]
    assert re.fullmatch(r"[\d.]+/[\d.]+ học sinh", count) and bar.maximum() > 0
    [cancel] = [b for b in dialog.findChildren(QPushButton) if b.text() == "Hủy"]
    cancel.click()
    qtbot.waitUntil(lambda: wizard._op is None, timeout=60_000)
    assert not wizard.done_ok and finish.isEnabled()
    with blank_db.read() as s:
        assert school.get_profile(s) is None
        assert journal.verify(s).count == 0

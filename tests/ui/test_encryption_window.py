"""The encrypted database as the window meets it (decision 019): the setup wizard leaves the new
school's file encrypted, and a PC without the school's key says what to do instead of opening."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard
from pytestqt.qtbot import QtBot

from app import accounts, secrets, sqlite_files
from app.db import Database
from tests.ui.helpers import type_into
from tests.ui.test_first_run_wizard import _fill_school
from ui import app as ui_app
from ui.errors import ErrorDialog
from ui.first_run_wizard import FirstRunWizard


def _finish_wizard(qtbot: QtBot, db: Database) -> None:
    wizard = FirstRunWizard(None, db)
    qtbot.addWidget(wizard)
    wizard.show()
    _fill_school(qtbot, wizard, "38000702")
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)
    page = wizard.admin_page
    type_into(page.username_edit, "hieutruong")
    type_into(page.full_name_edit, "Trần Văn Bình")
    type_into(page.password_edit, "matkhau2025")
    type_into(page.confirm_edit, "matkhau2025")
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)
    wizard.year_page.year_combo.setCurrentText("2025-2026")
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.done_ok and not wizard.isVisible(), timeout=15_000)


def test_wizard_leaves_the_school_encrypted_and_a_keyless_pc_is_told(
    qtbot: QtBot, blank_db: Database, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Finishing the wizard encrypts the file (the login still works); on a PC without the
    key the window shows one message naming the school and ``key import``, and opens nothing."""
    monkeypatch.setenv(sqlite_files.ENCRYPT_ENV, "1")
    _finish_wizard(qtbot, blank_db)
    path = blank_db.path
    assert path is not None and sqlite_files.is_encrypted(path)
    assert "Lê Lợi".encode() not in path.read_bytes()
    assert accounts.login(blank_db, "hieutruong", "matkhau2025").username == "hieutruong"
    blank_db.dispose()

    monkeypatch.setenv("TRUONGSO_DATA_DIR", str(tmp_path / "may-khac"))
    secrets.reset_for_tests()
    secrets.use_memory_backend(shared=True)
    shown: list[str] = []
    monkeypatch.setattr(ErrorDialog, "ask", classmethod(lambda cls, p, t, m, *a: shown.append(m)))
    assert ui_app.open_database(f"sqlite:///{path}") is None
    assert len(shown) == 1 and "38000702" in shown[0] and "key import" in shown[0]
    if folder := os.environ.get("TRUONGSO_SCREENSHOT_DIR"):
        dialog = ErrorDialog(None, "Không thực hiện được", shown[0], "", "")
        qtbot.addWidget(dialog)
        dialog.show()
        dialog.grab().save(str(Path(folder) / "chua-co-khoa.png"))

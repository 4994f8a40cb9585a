"""The first-run wizard, driven like a user would: fields, Next, Finish."""

from __future__ import annotations

import unicodedata

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard
from pytestqt.qtbot import QtBot

from app import accounts, demo, school, settings
from app.db import Database
from app.messages import MSG
from app.permissions import Role
from tests.ui.helpers import type_into
from ui import first_run_wizard
from ui.first_run_wizard import FirstRunWizard
from ui.login_dialog import LAST_USER_KEY


def _wizard(qtbot: QtBot, db: Database) -> FirstRunWizard:
    wizard = FirstRunWizard(None, db)
    qtbot.addWidget(wizard)
    wizard.show()
    return wizard


def _fill_school(qtbot: QtBot, wizard: FirstRunWizard, code: str) -> None:
    form = wizard.school_page.form
    type_into(form.code_edit, code)
    type_into(form.name_edit, "Trường THCS Lê Lợi")
    form.level_boxes["thcs"].setChecked(True)
    form.level_boxes["thpt"].setChecked(True)
    form.province_combo.setCurrentIndex(form.province_combo.findText("Thanh Hóa"))
    type_into(form.commune_edit, "Xã Quảng Phú")
    type_into(form.authority_edit, "Sở Giáo dục và Đào tạo Thanh Hóa")
    type_into(form.principal_edit, unicodedata.normalize("NFD", "Nguyễn Thị Hoa"))


def _click(qtbot: QtBot, wizard: FirstRunWizard, which: QWizard.WizardButton) -> None:
    qtbot.mouseClick(wizard.button(which), Qt.MouseButton.LeftButton)


def test_wizard_creates_school_admin_and_year(qtbot: QtBot, blank_db: Database) -> None:
    """Filling the three pages and finishing writes the school, its admin and current year."""
    wizard = _wizard(qtbot, blank_db)
    _fill_school(qtbot, wizard, "38000701")
    _click(qtbot, wizard, QWizard.WizardButton.NextButton)
    assert wizard.currentPage() is wizard.admin_page
    page = wizard.admin_page
    type_into(page.username_edit, "hieupho")
    type_into(page.full_name_edit, "Trần Văn Bình")
    type_into(page.password_edit, "matkhau2025")
    type_into(page.confirm_edit, "matkhau2025")
    _click(qtbot, wizard, QWizard.WizardButton.NextButton)
    assert wizard.currentPage() is wizard.year_page
    wizard.year_page.year_combo.setCurrentText("2025-2026")
    _click(qtbot, wizard, QWizard.WizardButton.FinishButton)
    qtbot.waitUntil(lambda: wizard.done_ok and not wizard.isVisible(), timeout=10_000)

    with blank_db.read() as s:
        profile = school.get_profile(s)
        admin = accounts.get_user(s, "hieupho")
        year = school.current_year(s)
    assert profile is not None
    assert (profile.code, profile.name, profile.levels) == (
        "38000701",
        "Trường THCS Lê Lợi",
        ("thcs", "thpt"),
    )
    # typed decomposed (NFD), stored composed (NFC)
    assert (profile.province, profile.principal) == ("Thanh Hóa", "Nguyễn Thị Hoa")
    assert (admin.role, admin.full_name) == (Role.ADMIN, "Trần Văn Bình")
    assert accounts.login(blank_db, "hieupho", "matkhau2025").username == "hieupho"
    assert year is not None and year.name == "2025-2026"
    assert settings.load().extra[LAST_USER_KEY] == "hieupho"


def test_bad_school_code_shows_error_and_stays(qtbot: QtBot, blank_db: Database) -> None:
    """An invalid mã trường shows the Vietnamese message inline and does not advance."""
    wizard = _wizard(qtbot, blank_db)
    _fill_school(qtbot, wizard, "38-000 701!")
    _click(qtbot, wizard, QWizard.WizardButton.NextButton)
    assert wizard.currentPage() is wizard.school_page
    assert wizard.school_page.error_label.isVisible()
    assert wizard.school_page.error_label.text() == MSG.school_code_invalid
    with blank_db.read() as s:
        assert school.get_profile(s) is None


def test_weak_password_stays_on_admin_page(qtbot: QtBot, blank_db: Database) -> None:
    """The password policy is enforced on page 2 before anything is written."""
    wizard = _wizard(qtbot, blank_db)
    _fill_school(qtbot, wizard, "38000701")
    _click(qtbot, wizard, QWizard.WizardButton.NextButton)
    page = wizard.admin_page
    type_into(page.username_edit, "admin")
    type_into(page.full_name_edit, "Quản trị")
    type_into(page.password_edit, "chiconchu")
    type_into(page.confirm_edit, "chiconchu")
    _click(qtbot, wizard, QWizard.WizardButton.NextButton)
    assert wizard.currentPage() is page
    assert page.error_label.text() == MSG.password_needs_letter_digit


@pytest.mark.slow
def test_demo_choice_creates_demo_school(
    qtbot: QtBot, blank_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ticking the demo box creates the demo school, whose admin uses the chosen password."""
    monkeypatch.setattr(first_run_wizard, "DEMO_STUDENTS", 12)
    wizard = _wizard(qtbot, blank_db)
    _fill_school(qtbot, wizard, "38000701")
    _click(qtbot, wizard, QWizard.WizardButton.NextButton)
    page = wizard.admin_page
    for edit, text in (
        (page.username_edit, "admin"),
        (page.full_name_edit, "Quản trị"),
        (page.password_edit, "thudemo123"),
        (page.confirm_edit, "thudemo123"),
    ):
        type_into(edit, text)
    _click(qtbot, wizard, QWizard.WizardButton.NextButton)
    wizard.year_page.demo_box.setChecked(True)
    _click(qtbot, wizard, QWizard.WizardButton.FinishButton)
    qtbot.waitUntil(lambda: wizard.done_ok, timeout=60_000)
    with blank_db.read() as s:
        profile = school.get_profile(s)
    assert profile is not None and profile.code == demo.DEMO_PROFILE.code
    assert accounts.login(blank_db, "giaovu", "thudemo123").role == Role.SECRETARY

"""A full new school year from the UI alone, offscreen, on both year-end demo schools: the first-run
wizard builds the demo at the year's end, the principal opens «Chuyển năm học…» from Cài đặt,
previews, applies and makes the new year current; opened again, there is nothing left to do."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from datetime import date  # noqa: E402

import pytest  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QWidget, QWizard  # noqa: E402
from pytestqt.qtbot import QtBot  # noqa: E402
from sqlalchemy import select  # noqa: E402

from app import accounts, demo, school  # noqa: E402
from app.db import Database  # noqa: E402
from app.gradebook.access import is_locked  # noqa: E402
from app.rollover.years import next_year  # noqa: E402
from app.runtime import Runtime  # noqa: E402
from app.students.models import ClassGroup  # noqa: E402
from tests.qt_gc import gui_thread_gc  # noqa: F401  (GUI-thread garbage collection)
from tests.ui.conftest import blank_db  # noqa: F401
from tests.ui.helpers import type_into  # noqa: E402
from ui import first_run_wizard, ops  # noqa: E402
from ui.app import build_main_window  # noqa: E402
from ui.confirm import Confirm  # noqa: E402
from ui.errors import ErrorDialog  # noqa: E402
from ui.first_run_wizard import FirstRunWizard  # noqa: E402
from ui.pages import PageContext  # noqa: E402
from ui.rollover.wizard import RolloverWizard  # noqa: E402

pytestmark = [pytest.mark.slow, pytest.mark.gui]
PASSWORD = "thudemo123"
STUDENTS = 140


@pytest.fixture
def questions(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every question answered yes and recorded; an error dialog fails the test."""
    asked: list[str] = []

    def confirm(cls: object, p: object, t: str, text: str, yes: str = "") -> bool:
        asked.append(text)
        return True

    def error(cls: object, p: object, t: str, m: str, d: str = "", f: str = "") -> None:
        raise AssertionError(m)

    monkeypatch.setattr(Confirm, "ask", classmethod(confirm))
    monkeypatch.setattr(ErrorDialog, "ask", classmethod(error))
    return asked


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[RolloverWizard]:
    """The wizards the «Chuyển năm học…» button opens, shown without a modal loop."""
    shown: list[RolloverWizard] = []

    def ask(cls: type[RolloverWizard], parent: QWidget | None, ctx: PageContext) -> bool:
        wizard = cls(parent, ctx)
        wizard.show()
        shown.append(wizard)
        return False

    monkeypatch.setattr(RolloverWizard, "ask", classmethod(ask))
    return shown


def _first_run(qtbot: QtBot, db: Database, levels: str) -> None:
    """Three pages as a new user fills them, the demo box and «cuối năm học» ticked."""
    wizard = FirstRunWizard(None, db)
    qtbot.addWidget(wizard)
    wizard.show()
    form = wizard.school_page.form
    type_into(form.code_edit, "38000701")
    type_into(form.name_edit, "Trường THCS Lê Lợi")
    form.level_boxes["thcs"].setChecked(True)
    form.province_combo.setCurrentIndex(form.province_combo.findText("Thanh Hóa"))
    next_button = wizard.button(QWizard.WizardButton.NextButton)
    qtbot.mouseClick(next_button, Qt.MouseButton.LeftButton)
    page = wizard.admin_page
    for edit, text in ((page.username_edit, "admin"), (page.full_name_edit, "Quản trị"),
                       (page.password_edit, PASSWORD), (page.confirm_edit, PASSWORD)):  # fmt: skip
        type_into(edit, text)
    qtbot.mouseClick(next_button, Qt.MouseButton.LeftButton)
    year_page = wizard.year_page
    year_page.demo_box.setChecked(True)
    year_page.demo_kind.setCurrentIndex(year_page.demo_kind.findData(levels))
    year_page.year_end_box.setChecked(True)
    year = demo.year_end_year(date.today())
    assert year_page.year_combo.currentText() == year and year in year_page.demo_note.text()
    finish = wizard.button(QWizard.WizardButton.FinishButton)
    qtbot.mouseClick(finish, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.done_ok, timeout=120_000)


def _idle(qtbot: QtBot, wizard: RolloverWizard) -> None:
    qtbot.waitUntil(lambda: not wizard.busy and ops.running() == 0, timeout=120_000)


@pytest.mark.parametrize("levels", [demo.SECONDARY, demo.PRIMARY])
def test_new_year_from_the_ui_on_the_year_end_demo(
    qtbot: QtBot,
    blank_db: Database,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
    questions: list[str],
    opened: list[RolloverWizard],
    levels: str,
) -> None:
    """First run → year-end demo; the principal's Cài đặt → Chuyển năm học…: the preview flags
    no contradiction and names what waits; the apply places everyone else; the switch makes the
    next year current and locks the old one; reopened, the wizard has nothing to do."""
    monkeypatch.setattr(first_run_wizard, "DEMO_STUDENTS", STUDENTS)
    monkeypatch.setattr(first_run_wizard, "DEMO_PRIMARY_STUDENTS", STUDENTS)
    _first_run(qtbot, blank_db, levels)
    source = demo.year_end_year(date.today())
    target = next_year(source)
    principal = accounts.login(blank_db, "hieutruong", PASSWORD)
    window = build_main_window(Runtime(blank_db), principal)
    qtbot.addWidget(window)
    window.show()
    settings = window.open_page("settings")
    settings.rollover_button.click()  # type: ignore[attr-defined]
    wizard = opened[-1]
    assert wizard.source == source and target in wizard.target_label.text()
    wizard.next_button.click()
    _idle(qtbot, wizard)
    plan, page = wizard.plan, wizard.review
    assert plan is not None and wizard.next_button.text() == "Chuyển năm học"
    assert not page.warning.isVisible()  # locked year, results in: nothing to warn about
    reasons = [page.exceptions.item(r, 4).text() for r in range(page.exceptions.rowCount())]
    assert len(reasons) == len(plan.exceptions) and reasons
    assert not [r for r in reasons if "hãy kiểm tra lại" in r]
    assert any(r.startswith("Ở lại lớp") for r in reasons)
    if levels == demo.SECONDARY:
        assert any(r.startswith("Chờ kết quả kiểm tra lại") for r in reasons)
        assert any(r.startswith("Chờ kết quả rèn luyện trong hè") for r in reasons)
    wizard.next_button.click()
    _idle(qtbot, wizard)
    applied = wizard.applied
    assert applied is not None and applied.wrote and applied.graduated > 0
    assert wizard.progress_bar.value() == wizard.progress_bar.maximum()
    assert f"Năm học {target}" in wizard.result_label.text()
    wizard.switch_button.click()
    _idle(qtbot, wizard)
    assert wizard.switched and "khóa" in questions[-1]
    wizard.close_button.click()
    with blank_db.read() as s:
        current = school.current_year(s)
        assert current is not None and current.name == target
        old = list(s.scalars(select(ClassGroup.id).where(ClassGroup.school_year == source)))
        assert old and all(is_locked(s, class_id, 2) for class_id in old)
    settings.rollover_button.click()  # type: ignore[attr-defined]
    again = opened[-1]
    again.year_combo.setCurrentIndex(again.year_combo.findData(source))
    again.next_button.click()
    _idle(qtbot, again)
    assert again.next_button.text() == "Xếp lớp" and not again.next_button.isEnabled()
    assert "Không có gì để thay đổi" in again.review.warning.text()
    again.close_button.click()

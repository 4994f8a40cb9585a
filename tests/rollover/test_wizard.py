"""The «Chuyển năm học» wizard offscreen: preview, edit a class, apply with progress, switch the year."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from PySide6.QtWidgets import QComboBox  # noqa: E402
from pytestqt.qtbot import QtBot  # noqa: E402

from app import school  # noqa: E402
from app.db import Database  # noqa: E402
from app.gradebook.access import is_locked  # noqa: E402
from app.runtime import Runtime  # noqa: E402
from tests.conftest import seed  # noqa: E402
from tests.qt_gc import gui_thread_gc  # noqa: F401  (GUI-thread garbage collection)
from tests.rollover.conftest import NEXT, Rollover, build_rollover  # noqa: E402
from tests.rollover.test_rollover import _class_of, _year_end  # noqa: E402
from tests.ui.conftest import blank_db  # noqa: E402, F401
from tests.ui.helpers import user_info  # noqa: E402
from ui import ops  # noqa: E402
from ui.confirm import Confirm  # noqa: E402
from ui.errors import ErrorDialog  # noqa: E402
from ui.pages import PageContext  # noqa: E402
from ui.rollover.preview_page import HOMEROOM, NAME  # noqa: E402
from ui.rollover.wizard import RolloverWizard  # noqa: E402
from ui.students.classes_widget import ClassesWidget  # noqa: E402


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
def ro(blank_db: Database) -> Rollover:  # noqa: F811
    """The rollover school on SQLite with its year-end results entered."""
    built = build_rollover(seed(blank_db))
    _year_end(built)
    return built


def _ctx(ro: Rollover, role: str = "admin") -> PageContext:
    return PageContext(Runtime(ro.db), user_info(ro.db, f"u_{role}"))


def _idle(qtbot: QtBot, wizard: RolloverWizard) -> None:
    qtbot.waitUntil(lambda: not wizard.busy and ops.running() == 0, timeout=30_000)


def test_wizard_previews_edits_applies_and_switches(
    qtbot: QtBot, ro: Rollover, questions: list[str]
) -> None:
    """Preview lists the classes and every exception; a renamed class and a new homeroom are
    written after the confirmation, with a full progress bar; the switch locks the old year."""
    wizard = RolloverWizard(None, _ctx(ro))
    qtbot.addWidget(wizard)
    assert wizard.source == "2025-2026" and NEXT in wizard.target_label.text()
    wizard.next_button.click()
    _idle(qtbot, wizard)
    assert wizard.step == 1 and wizard.next_button.text() == "Chuyển năm học"
    page = wizard.review
    keys = [page.classes.item(r, NAME).text() for r in range(page.classes.rowCount())]
    assert keys == ["6A1", "7A1"]
    reasons = [page.exceptions.item(r, 4).text() for r in range(page.exceptions.rowCount())]
    assert len(reasons) == 4 and any("kiểm tra lại" in r for r in reasons)
    assert any("rèn luyện trong hè" in r for r in reasons)
    assert "lên lớp <b>1</b>" in page.summary.text()
    page.classes.item(1, NAME).setText("7A2")
    combo = page.classes.cellWidget(0, HOMEROOM)
    assert isinstance(combo, QComboBox)
    combo.setCurrentIndex(combo.findData("gv.khac"))
    wizard.next_button.click()
    _idle(qtbot, wizard)
    assert wizard.step == 2 and wizard.applied is not None and wizard.applied.wrote
    assert wizard.progress_bar.value() == wizard.progress_bar.maximum()
    assert "chờ kết quả" in wizard.result_label.text() and questions
    assert _class_of(ro, "Lê Văn Anh") == "7A2"
    assert wizard.switch_button.isVisibleTo(wizard)
    wizard.switch_button.click()
    _idle(qtbot, wizard)
    assert wizard.switched and "khóa" in questions[-1]
    with ro.db.read() as s:
        current = school.current_year(s)
        assert current is not None and current.name == NEXT
        assert is_locked(s, ro.gs.class_id, 2)


def test_a_second_run_offers_nothing(qtbot: QtBot, ro: Rollover, questions: list[str]) -> None:
    """After the apply, the preview says there is nothing to change and the button is off."""
    ro.apply()
    wizard = RolloverWizard(None, _ctx(ro))
    qtbot.addWidget(wizard)
    wizard.next_button.click()
    _idle(qtbot, wizard)
    assert wizard.step == 1 and wizard.next_button.text() == "Xếp lớp"
    assert not wizard.next_button.isEnabled()
    assert "Không có gì để thay đổi" in wizard.review.warning.text()


def test_classes_page_button_follows_the_role(qtbot: QtBot, ro: Rollover) -> None:
    """The admin may open the wizard from Lớp học; the secretary sees why the button is off."""
    admin = ClassesWidget(_ctx(ro, "admin"))
    qtbot.addWidget(admin)
    secretary = ClassesWidget(_ctx(ro, "secretary"))
    qtbot.addWidget(secretary)
    assert admin.rollover_button.isEnabled()
    assert not secretary.rollover_button.isEnabled()
    assert "Ban giám hiệu" in secretary.rollover_button.toolTip()


def test_a_year_without_results_says_nothing_will_move(
    qtbot: QtBot,
    blank_db: Database,  # noqa: F811
    questions: list[str],
) -> None:
    """No year-end results yet: every student waits with a reason, and the page says the apply
    would only create the year."""
    bare = build_rollover(seed(blank_db))
    wizard = RolloverWizard(None, _ctx(bare))
    qtbot.addWidget(wizard)
    wizard.next_button.click()
    _idle(qtbot, wizard)
    assert "chỉ tạo năm học 2026-2027" in wizard.review.warning.text()
    reasons = [
        wizard.review.exceptions.item(r, 4).text()
        for r in range(wizard.review.exceptions.rowCount())
    ]
    assert len(reasons) == 6 and all(r.startswith("Chưa đủ kết quả cả năm") for r in reasons)


def test_reopened_wizard_places_students_whose_result_arrived(
    qtbot: QtBot, ro: Rollover, questions: list[str]
) -> None:
    """After the summer re-tests, the same wizard offers «Xếp lớp» and places only that student."""
    from app.gradebook.retests import save_retest
    from tests.rollover.conftest import BAO

    ro.apply()
    gs = ro.gs
    with ro.db.uow(actor=ro.admin) as s:
        for subject in ("Toán", "Ngữ văn"):
            save_retest(s, ro.admin, gs.class_id, gs.subjects[subject], gs.students[BAO], "6")
    wizard = RolloverWizard(None, _ctx(ro))
    qtbot.addWidget(wizard)
    wizard.next_button.click()
    _idle(qtbot, wizard)
    assert wizard.next_button.text() == "Xếp lớp" and wizard.next_button.isEnabled()
    assert "lên lớp <b>1</b>" in wizard.review.summary.text()
    wizard.next_button.click()
    _idle(qtbot, wizard)
    assert wizard.applied is not None and wizard.applied.promoted == 1
    assert wizard.applied.classes_created == 0 and _class_of(ro, BAO) == "7A1"

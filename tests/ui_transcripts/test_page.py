"""The "Học bạ" page: the class with each student's state, who sees which classes, and a
class prepared and sent for signing from the page."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from app.transcripts import queries
from app.transcripts.models import State
from tests.transcripts.conftest import DemoSchool
from tests.ui.small_screen import settle
from tests.ui_transcripts.conftest import open_page
from ui.confirm import Confirm
from ui.transcripts.transcripts_model import Col


def _column(page: object, column: int) -> list[str]:
    model = page.model  # type: ignore[attr-defined]
    return [model.index(r, column).data() for r in range(model.rowCount())]


def test_the_class_is_listed_with_states_and_prepared_then_sent(
    qtbot: QtBot, school: DemoSchool, monkeypatch
) -> None:
    """The homeroom teacher sees 6A1 with every student "Chưa lập"; Lập học bạ (whole class,
    after a yes) makes drafts, Gửi ký turns them to "Chờ ký", as the database says."""
    page = open_page(qtbot, school, "gv.toan")
    assert [page.class_combo.itemText(i) for i in range(page.class_combo.count())] == ["6A1"]
    states = _column(page, Col.STATE)
    assert states and set(states) == {"Chưa lập"}
    assert page.prepare_button.isEnabled()
    assert not page.sign_button.isEnabled()
    assert page.sign_button.toolTip() == "Không có học bạ nào đang chờ ký."
    monkeypatch.setattr(Confirm, "ask", classmethod(lambda cls, *a, **k: True))
    page.prepare_button.click()
    qtbot.waitUntil(lambda: set(_column(page, Col.STATE)) == {"Nháp"}, timeout=60_000)
    assert set(_column(page, Col.VERSION)) == {"1"}
    page.submit_button.click()
    qtbot.waitUntil(lambda: set(_column(page, Col.STATE)) == {"Chờ ký"}, timeout=30_000)
    settle(qtbot)
    with school.db.read() as s:
        rows = queries.class_transcripts(s, school.actor("gv.toan"), school.class_id)
    assert {r.version.state for r in rows if r.version} == {State.AWAITING}
    assert page.sign_button.isEnabled()


def test_who_sees_which_classes_and_what_is_refused(qtbot: QtBot, school: DemoSchool) -> None:
    """A teacher of another class has no class to open; the secretary sees the school but
    cannot prepare or sign (the buttons say why); the principal may prepare."""
    other = open_page(qtbot, school, "gv.van")
    assert other.class_combo.count() == 0
    assert "không có lớp nào" in other.empty_text()
    secretary = open_page(qtbot, school, "giaovu")
    assert secretary.class_combo.count() > 1
    assert not secretary.prepare_button.isEnabled()
    assert secretary.prepare_button.toolTip()
    assert not secretary.sign_button.isEnabled()
    assert not secretary.reissue_button.isEnabled()
    principal = open_page(qtbot, school, "hieutruong")
    assert principal.prepare_button.isEnabled()
    assert principal.reissue_button.isEnabled()

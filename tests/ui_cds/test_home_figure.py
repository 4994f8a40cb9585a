"""The CĐS figure on the IT coordinator's and the principal's home pages: this year's state
and the days to the deadline, opening the «Chuyển đổi số» page on that year's phiếu."""

from __future__ import annotations

from datetime import date, datetime

from pytestqt.qtbot import QtBot

from app.cds import workflow
from app.home import home_page
from app.home.figures import Facts, Tone
from tests.ui.small_screen import settle
from tests.ui_cds.conftest import IT, LAST, YEAR, CdsUi, open_page

MAY_1 = Facts(today=date(2026, 5, 1), now=datetime(2026, 5, 1, 8, 0))


def test_the_coordinator_and_the_principal_see_the_phieu_state_and_days_left(
    school: CdsUi,
) -> None:
    """A draft 30 days before 31/5 asks for attention; once submitted the principal sees
    «Chờ BGH duyệt»; a teacher's page has no such figure."""
    it, head = school.actor("it_coordinator"), school.actor("principal")
    with school.db.read() as s:
        figure = home_page(s, it, MAY_1).figure("cds_state")
        teacher_keys = home_page(s, school.actor("teacher"), MAY_1).keys()
    assert (figure.value, figure.tone, figure.count) == ("Nháp", Tone.WARN, 30)
    assert "31/05/2026 (còn 30 ngày)" in figure.note
    assert figure.target is not None and figure.target.params == {"year": YEAR, "tab": "phieu"}
    assert "cds_state" not in teacher_keys
    with school.db.uow(actor=it) as s:
        workflow.apply(s, it, YEAR, "submit")
    with school.db.read() as s:
        page = home_page(s, head, MAY_1)
    assert page.figure("cds_state").value == "Chờ BGH duyệt"
    assert [sec.key for sec in page.sections][-2:] == ["cds", "data"]


def test_the_figure_opens_the_page_on_its_year_and_tab(qtbot: QtBot, school: CdsUi) -> None:
    """show_target with the figure's filter shows that year's phiếu, whatever was open."""
    page = open_page(qtbot, school, IT)
    page.year_combo.setCurrentIndex(page.year_combo.findData(LAST))
    page.year_combo.activated.emit(page.year_combo.currentIndex())
    page.tabs.setCurrentIndex(2)
    settle(qtbot)
    with school.db.read() as s:
        target = home_page(s, school.actor("it_coordinator"), MAY_1).figure("cds_state").target
    assert target is not None
    page.show_target(target.params)
    settle(qtbot)
    assert (page.year, page.tabs.currentIndex(), page.assessment.year) == (YEAR, 0, YEAR)

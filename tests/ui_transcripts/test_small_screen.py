"""The "Học bạ" page in the principal's window on a 1024×768 monitor: nothing cut off, no
scroll bar, every button in view, with a class in several states shown."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.runtime import Runtime
from app.transcripts import queries, service
from tests.transcripts.conftest import DemoSchool
from tests.ui.helpers import user_info
from tests.ui.small_screen import page_problems, settle
from ui.app import build_main_window
from ui.screen import SMALLEST_CLIENT


def test_the_page_fits_1024_by_768(qtbot: QtBot, school: DemoSchool) -> None:
    """Prepared and partly sent, the class's page fits the inside of a maximised window."""
    teacher = school.actor("gv.toan")
    with school.db.uow(actor=teacher) as s:
        service.prepare_class(s, teacher, school.class_id)
    with school.db.read() as s:
        first = queries.class_transcripts(s, teacher, school.class_id)[0]
    assert first.version is not None
    with school.db.uow(actor=teacher) as s:
        service.submit(s, teacher, first.version.id)
    for username in ("hieutruong", "gv.toan"):
        window = build_main_window(Runtime(school.db), user_info(school.db, username))
        qtbot.addWidget(window)
        window.setWindowState(Qt.WindowState.WindowNoState)
        window.resize(SMALLEST_CLIENT)
        window.show()
        qtbot.waitExposed(window)
        page = window.open_page("transcripts")
        page.select(school.year, school.class_name)  # type: ignore[attr-defined]
        settle(qtbot)
        assert page.model.rowCount() > 0  # type: ignore[attr-defined]
        assert page_problems(window, "transcripts", f"{username} Học bạ") == []

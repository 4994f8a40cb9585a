"""The page on both databases (SQLite and PostgreSQL, ``secondary``): a class prepared, sent
for signing and issued from the page once signed, the states read back from the database."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from app.transcripts import queries, service
from app.transcripts.models import SIGNING_ORDER, State
from tests.transcripts.conftest import DemoSchool, signature
from tests.ui.small_screen import settle
from tests.ui_transcripts.conftest import open_page
from ui.confirm import Confirm
from ui.transcripts.transcripts_model import Col


def _states(page: object) -> set[str]:
    model = page.model  # type: ignore[attr-defined]
    return {model.index(r, Col.STATE).data() for r in range(model.rowCount())}


def test_prepare_submit_issue_from_the_page(
    qtbot: QtBot,
    secondary: DemoSchool,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Lập học bạ and Gửi ký as the homeroom teacher, Phát hành as the principal once three
    signatures are recorded: every step shows on the page and is stored."""
    d = secondary
    monkeypatch.setattr(Confirm, "ask", classmethod(lambda cls, *a, **k: True))
    teacher_page = open_page(qtbot, d, "gv.toan")
    teacher_page.prepare_button.click()
    qtbot.waitUntil(lambda: _states(teacher_page) == {"Nháp"}, timeout=60_000)
    teacher_page.submit_button.click()
    qtbot.waitUntil(lambda: _states(teacher_page) == {"Chờ ký"}, timeout=60_000)
    teacher, principal = d.actor("gv.toan"), d.actor("hieutruong")
    with d.db.read() as s:
        ids = [r.version.id for r in queries.class_transcripts(s, teacher, d.class_id) if r.version]
    for role in SIGNING_ORDER:
        who = teacher if role == "homeroom" else principal
        with d.db.uow(actor=who) as s:
            service.record_signature(s, who, ids[0], signature(role))
    principal_page = open_page(qtbot, d, "hieutruong")
    assert principal_page.issue_button.isEnabled()
    principal_page.issue_button.click()
    qtbot.waitUntil(lambda: "Phát hành" in _states(principal_page), timeout=60_000)
    settle(qtbot)
    with d.db.read() as s:
        assert service.get_version(s, ids[0])[1].state == State.ISSUED
        assert service.get_version(s, ids[1])[1].state == State.AWAITING

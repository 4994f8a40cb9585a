"""The «Chuyển đổi số» page on the seeded THCS school: a real SQLite file with the test criteria
set (one criterion of each rule kind), last year's phiếu approved and this year's draft with
a pre-filled figure, built once per session and copied for each test; offscreen widgets."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import tempfile  # noqa: E402
from collections.abc import Iterator  # noqa: E402
from dataclasses import dataclass  # noqa: E402
from decimal import Decimal  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from pytestqt.qtbot import QtBot  # noqa: E402

from app import school as school_svc  # noqa: E402
from app.cds import assessment, set_store, workflow  # noqa: E402
from app.cds.prefill_types import Metric  # noqa: E402
from app.db import Actor, Database  # noqa: E402
from app.runtime import Runtime  # noqa: E402
from tests.cds.conftest import banded, write_set  # noqa: E402
from tests.conftest import Seeded  # noqa: E402
from tests.qt_gc import gui_thread_gc  # noqa: E402, F401  (GUI-thread garbage collection)
from tests.ui.helpers import user_info  # noqa: E402
from tests.ui.small_screen import settle  # noqa: E402
from tests.ui_gradebook.conftest import build_template, copy_database  # noqa: E402
from ui.cds.cds_widget import CdsWidget  # noqa: E402
from ui.pages import PageContext  # noqa: E402

YEAR, LAST = "2025-2026", "2024-2025"
IT, PRINCIPAL, TEACHER = "u_it_coordinator", "u_principal", "u_teacher"
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
SIGNED = Metric("transcripts_signed", "Học bạ số đã ký", Decimal("75.0"), "%",
                "3/4 học sinh có học bạ năm học đã ký = 75,0 %", True)  # fmt: skip


@dataclass
class CdsUi:
    """The school's database and its accounts by role."""

    db: Database
    actors: dict[str, Actor]

    def actor(self, role: str) -> Actor:
        return self.actors[role]


def _build(seeded: Seeded) -> dict[str, Actor]:
    admin, it, head = (seeded.actor(r) for r in ("admin", "it_coordinator", "principal"))
    folder = Path(tempfile.mkdtemp(prefix="cds-ui-"))
    with seeded.db.uow(actor=admin) as s:
        school_svc.add_year(s, admin, LAST)
    with seeded.db.uow(actor=it) as s:
        info = set_store.import_set(s, it, write_set(folder, banded()))
        for year in (LAST, YEAR):
            assessment.start(s, it, year, info.key, info.version)
        for code, value in (("A.1", "có"), ("A.2", "có"), ("A.3", "12"), ("B.1", "có")):
            assessment.set_answer(s, it, LAST, code, value=value)
        assessment.set_answer(s, it, LAST, "B.2", points="40")
        assessment.add_evidence(s, it, LAST, "A.1", "ke-hoach.pdf", PDF)
        workflow.apply(s, it, LAST, "submit")
    with seeded.db.uow(actor=head) as s:
        workflow.apply(s, head, LAST, "approve")
    with seeded.db.uow(actor=it) as s:
        # The transcripts metric as app.cds.prefill computes it on a school with signed học bạ
        # (this small school has none): the service stores it with its explanation.
        assessment.apply_metrics(s, it, YEAR, {"transcripts_signed": SIGNED})
        assessment.set_answer(s, it, YEAR, "B.2", points="30")
    return dict(seeded.actors)


@pytest.fixture(scope="session")
def _cds_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Actor]]:
    """Build the school once per session (password hashing is slow)."""
    return build_template(tmp_path_factory, "cds-ui", _build)


@pytest.fixture
def school(_cds_template: tuple[Path, dict[str, Actor]], tmp_path: Path) -> Iterator[CdsUi]:
    """A fresh copy of the school for one test."""
    template, actors = _cds_template
    db = copy_database(template, tmp_path / "school.sqlite")
    yield CdsUi(db, actors)
    db.dispose()


def open_page(qtbot: QtBot, school: CdsUi, username: str, size: tuple[int, int] = (1200, 720)
              ) -> CdsWidget:  # fmt: skip
    """The page as ``username`` sees it."""
    page = CdsWidget(PageContext(Runtime(school.db), user_info(school.db, username)))
    qtbot.addWidget(page)
    page.resize(*size)
    page.show()
    settle(qtbot)
    return page

"""The Đồng bộ page on the grade-book test school (class 6A1, a year of grades for one student):
a real SQLite file built once per session and copied for each test, a stand-in hub (its keys
and profile file, ``tests.sync.test_school_side.Hub``), offscreen widgets."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator  # noqa: E402
from dataclasses import dataclass  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from pytestqt.qtbot import QtBot  # noqa: E402

from app.db import Actor, Database  # noqa: E402
from app.runtime import Runtime  # noqa: E402
from app.sync import hub_profile  # noqa: E402
from tests.conftest import Seeded  # noqa: E402
from tests.gradebook.conftest import build_school, fill_year  # noqa: E402
from tests.qt_gc import gui_thread_gc  # noqa: E402, F401  (GUI-thread garbage collection)
from tests.sync.test_school_side import Hub  # noqa: E402
from tests.ui.helpers import user_info  # noqa: E402
from tests.ui.small_screen import settle  # noqa: E402
from tests.ui_gradebook.conftest import build_template, copy_database  # noqa: E402
from ui.pages import PageContext  # noqa: E402
from ui.sync.sync_widget import SyncWidget  # noqa: E402


@dataclass
class SyncSchool:
    """The school's database, its accounts and a hub whose profile may be kept."""

    db: Database
    actors: dict[str, Actor]
    hub: Hub

    def keep_profile(self) -> None:
        """Keep the hub's profile as the IT coordinator would (fingerprint confirmed)."""
        profile = hub_profile.read_profile_file(self.hub.profile)
        hub_profile.save_profile(profile, profile.fingerprint)


def _build(seeded: Seeded) -> dict[str, Actor]:
    gs = build_school(seeded)
    fill_year(gs, next(iter(gs.students)), {"Toán": "8"})
    return dict(seeded.actors)


@pytest.fixture(scope="session")
def _sync_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Actor]]:
    """Build the school once per session (password hashing is slow)."""
    return build_template(tmp_path_factory, "sync-ui", _build)


@pytest.fixture
def school(_sync_template: tuple[Path, dict[str, Actor]], tmp_path: Path) -> Iterator[SyncSchool]:
    """A fresh copy of the school for one test, with a new hub (no profile kept yet)."""
    template, actors = _sync_template
    db = copy_database(template, tmp_path / "school.sqlite")
    (tmp_path / "hub").mkdir()
    yield SyncSchool(db, actors, Hub(tmp_path / "hub"))
    db.dispose()


def open_page(qtbot: QtBot, school: SyncSchool, username: str) -> SyncWidget:
    """The page as ``username`` sees it."""
    page = SyncWidget(PageContext(Runtime(school.db), user_info(school.db, username)))
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.show()
    settle(qtbot)
    return page

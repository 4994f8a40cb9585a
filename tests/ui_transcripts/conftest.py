"""The "Học bạ" page on the demo school (last year's 6A1 locked, led by gv.toan), on a real
SQLite file built once per session and copied for each test; the signing test CA and token."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator  # noqa: E402
from dataclasses import replace  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from pytestqt.qtbot import QtBot  # noqa: E402

from app import demo  # noqa: E402
from app.db import sqlite_url  # noqa: E402
from app.runtime import Runtime  # noqa: E402
from tests.qt_gc import gui_thread_gc  # noqa: E402, F401  (GUI-thread garbage collection)
from tests.signing.conftest import pki  # noqa: E402, F401  (the CA, PKCS#12 files, SoftHSM2)
from tests.transcripts.conftest import (  # noqa: E402
    DemoSchool,
    build_demo,
    secondary,  # noqa: E402, F401  (SQLite and PostgreSQL)
)
from tests.ui.helpers import user_info  # noqa: E402
from tests.ui.small_screen import settle  # noqa: E402
from tests.ui_gradebook.conftest import copy_database  # noqa: E402
from ui.pages import PageContext  # noqa: E402
from ui.transcripts.transcripts_widget import TranscriptsWidget  # noqa: E402


@pytest.fixture(scope="session")
def _demo_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, DemoSchool]:
    """The THCS/THPT demo school, built once (the demo's accounts hash slowly)."""
    path = tmp_path_factory.mktemp("transcripts-ui") / "demo.sqlite"
    built = build_demo(sqlite_url(path), demo.SECONDARY, "6A1", "gv.toan")
    built.db.dispose()
    return path, built


@pytest.fixture
def school(_demo_template: tuple[Path, DemoSchool], tmp_path: Path) -> Iterator[DemoSchool]:
    """A fresh copy of the demo school for one test."""
    template, built = _demo_template
    db = copy_database(template, tmp_path / "school.sqlite")
    yield replace(built, db=db)
    db.dispose()


def open_page(qtbot: QtBot, d: DemoSchool, username: str) -> TranscriptsWidget:
    """The page as ``username`` sees it, showing last year's 6A1 when they may open it."""
    ctx = PageContext(Runtime(d.db), user_info(d.db, username))
    page = TranscriptsWidget(ctx)
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.show()
    if page.year_combo.findData(d.year) >= 0:
        page.select(d.year, d.class_name)
    settle(qtbot)
    return page

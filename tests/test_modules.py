"""The domain modules are wired into the core wherever a database is opened (decision 008)."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from app import hooks, journal_view, school
from app.db import Database, make_engine, sqlite_url
from app.gradebook import catalogue, terms
from tests.conftest import TEST_PROFILE, Seeded

ROOT = Path(__file__).resolve().parent.parent
NEW_YEAR = "2026-2027"

# A fresh interpreter: migrate an empty SQLite file, then set the school up (which adds
# its first year) with nothing imported but the core, plus the prelude under test.
SETUP_SCRIPT = """
import sys
{prelude}
from app import migrate, setup
from app.db import Database, make_engine, sqlite_url
from app.school import SchoolProfile

db = Database(make_engine(sqlite_url(sys.argv[1])))
migrate.upgrade(db.engine)
profile = SchoolProfile("THCS0001", "Trường THCS Kim Đồng", ("thcs",), "Thanh Hóa")
setup.initialize(db, setup.SetupRequest(profile, "admin", "Quản trị", "matkhau123", "2025-2026"))
"""


def _python(code: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_new_year_gets_the_grade_books_subjects_and_semesters(seeded: Seeded) -> None:
    """school.add_year (core) gives the year its catalogue and stored semesters via the hooks."""
    admin = seeded.actor("admin")
    with seeded.db.uow(actor=admin) as s:
        school.add_year(s, admin, NEW_YEAR)
    with seeded.db.read() as s:
        assert catalogue.list_subjects(s, NEW_YEAR, 6)
        assert all(sem.stored for sem in terms.list_semesters(s, NEW_YEAR))


def test_a_level_added_to_the_profile_gets_this_years_subjects(seeded: Seeded) -> None:
    """school.update_profile (core) gives the current year the subjects of a new level."""
    admin = seeded.actor("admin")
    with seeded.db.uow(actor=admin) as s:
        school.update_profile(s, admin, replace(TEST_PROFILE, levels=("thcs", "thpt")))
    with seeded.db.read() as s:
        assert catalogue.list_subjects(s, "2025-2026", 10)


def test_without_the_modules_a_year_is_refused_not_left_without_subjects(
    seeded: Seeded, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Hooks not installed: add_year raises and its unit of work writes nothing."""
    admin = seeded.actor("admin")
    monkeypatch.setattr(hooks, "_installed", None)
    with pytest.raises(RuntimeError, match="app.modules"), seeded.db.uow(actor=admin) as s:
        school.add_year(s, admin, NEW_YEAR)
    monkeypatch.undo()
    with seeded.db.read() as s:
        assert NEW_YEAR not in {y.name for y in school.list_years(s)}


def test_without_the_modules_the_journal_refuses_to_guess_what_is_sensitive(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Hooks not installed: the masks are not computed from a partial list of models."""
    journal_view.sensitive_fields.cache_clear()
    monkeypatch.setattr(hooks, "_installed", None)
    try:
        with pytest.raises(RuntimeError, match="app.modules"):
            journal_view.sensitive_fields()
    finally:
        monkeypatch.undo()
        journal_view.sensitive_fields.cache_clear()
    assert "student" in journal_view.sensitive_fields()


# How each entry point reaches a database. The command line and the window import the data
# layer only then (issue 17 §7: --help and the first window come before it).
ENTRIES = {
    "app.cli": "import argparse\nfrom app import cli\ncli.run(argparse.Namespace(func=lambda a, c: 0))",
    "app.selftest": "import app.selftest",
    "ui.app": (
        "import sys, tempfile\nfrom PySide6.QtWidgets import QApplication\n"
        "import ui.app\nfrom ui.startup import DataLoader\nqapp = QApplication(sys.argv)\n"
        "loader = DataLoader('sqlite:///' + tempfile.mkdtemp() + '/t.sqlite')\n"
        "loader.wait().close()"
    ),
}


@pytest.mark.slow
@pytest.mark.parametrize("entry", sorted(ENTRIES))
def test_every_entry_point_wires_the_modules(entry: str) -> None:
    """A fresh process that enters through an entry point has every module's hooks installed
    by the time it opens a database."""
    done = _python(f"{ENTRIES[entry]}\nfrom app import hooks\nhooks.installed()")
    assert done.returncode == 0, done.stderr


@pytest.mark.slow
def test_a_fresh_process_without_the_modules_fails_instead_of_skipping_the_catalogue(
    tmp_path: Path,
) -> None:
    """Setting up a school without app.modules fails loudly and writes nothing; with it, the
    first year has its subjects."""
    path = tmp_path / "bare.sqlite"
    done = _python(SETUP_SCRIPT.format(prelude=""), str(path))
    assert done.returncode != 0
    assert "app.modules was not imported" in done.stderr
    db = Database(make_engine(sqlite_url(path)))
    try:
        with db.read() as s:
            assert school.get_profile(s) is None
    finally:
        db.dispose()

    path = tmp_path / "composed.sqlite"
    done = _python(SETUP_SCRIPT.format(prelude="import app.modules"), str(path))
    assert done.returncode == 0, done.stderr
    db = Database(make_engine(sqlite_url(path)))
    try:
        with db.read() as s:
            assert catalogue.list_subjects(s, "2025-2026", 6)
    finally:
        db.dispose()

"""Grade-book GUI fixtures: offscreen Qt, a small THCS school, failure on Qt warnings.

Class 6A1 (homeroom ``u_teacher``, who also teaches it Toán) has four
students; class 6A2 has two and is taught Ngữ văn by ``gv.van``. Data goes in
through ``app.students`` and ``app.gradebook`` services on a database seeded
like ``seeded``: ``school`` copies one SQLite build per test (fast);
``school_on_backend`` builds it on each backend for the PostgreSQL variant.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import sqlite3  # noqa: E402
import uuid  # noqa: E402
from collections.abc import Iterator  # noqa: E402
from dataclasses import dataclass, replace  # noqa: E402
from datetime import date  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QLineEdit  # noqa: E402
from pytestqt.qtbot import QtBot  # noqa: E402

from app import accounts, migrate, setup  # noqa: E402
from app.db import Actor, Database, make_engine, sqlite_url  # noqa: E402
from app.gradebook import assignments, catalogue, terms  # noqa: E402
from app.gradebook.conduct import ConductEdit, save_conduct  # noqa: E402
from app.gradebook.entry import CellEdit, save_scores  # noqa: E402
from app.gradebook.grid import GradeGrid, grade_grid  # noqa: E402
from app.runtime import Runtime  # noqa: E402
from app.students import StudentInput, create_class, create_student  # noqa: E402
from tests.conftest import PASSWORD, Seeded, seed  # noqa: E402
from ui import ops  # noqa: E402
from ui.gradebook.grade_grid_view import GradeGridView  # noqa: E402
from ui.pages import PageContext  # noqa: E402

YEAR = "2025-2026"
NAMES_6A1 = ("Nguyễn Văn Bảo", "Trần Thị Ánh", "Lê Văn Anh", "Phạm Minh Châu")
"""In name order (given name first): Lê Văn Anh, Trần Thị Ánh, Nguyễn Văn Bảo, Phạm Minh Châu."""
NAMES_6A2 = ("Đỗ Thu Hà", "Vũ Đức Minh")
_HERE = Path(__file__).resolve().parent
_IGNORED_QT_MESSAGES = ("This plugin does not support propagateSizeHints",)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test in this folder fails when Qt logs a warning."""
    for item in items:
        if _HERE in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.qt_log_level_fail("WARNING"))
            item.add_marker(pytest.mark.qt_log_ignore(*_IGNORED_QT_MESSAGES))


@dataclass
class GradeUi:
    """The seeded school with classes 6A1 and 6A2 of 2025-2026."""

    seeded: Seeded
    class_id: uuid.UUID
    other_class_id: uuid.UUID
    students: dict[str, uuid.UUID]
    subjects: dict[str, uuid.UUID]

    @property
    def db(self) -> Database:
        return self.seeded.db

    def ctx(self, username: str) -> PageContext:
        """The page context of a logged-in account (``u_teacher``, ``u_principal``, ``gv.van`` …)."""
        with self.db.read() as s:
            return PageContext(Runtime(self.db), accounts.get_user(s, username))

    def grid(self, subject: str, semester: int = 1, class_id: uuid.UUID | None = None) -> GradeGrid:
        """The grid as stored in the database now."""
        system = Actor.system("test")
        with self.db.read() as s:
            return grade_grid(
                s, system, class_id or self.class_id, self.subjects[subject], semester
            )


def _student(name: str, cls: str) -> StudentInput:
    return StudentInput(full_name=name, date_of_birth=date(2014, 3, 1), sex="Nam", class_name=cls)


def build_school(seeded: Seeded) -> GradeUi:
    """Catalogue, semesters, two classes, six students and the teaching assignments."""
    db, system = seeded.db, Actor.system("test")
    with db.uow(actor=system) as s:
        catalogue.ensure_catalogue(s, system, YEAR)
        terms.ensure_semesters(s, system, YEAR)
        accounts.create_user(s, system, "gv.van", "Cô Văn", "teacher", PASSWORD)
        first = create_class(s, system, "6A1", year=YEAR, homeroom="u_teacher")
        second = create_class(s, system, "6A2", year=YEAR)
        students = {
            name: create_student(s, system, _student(name, cls), year=YEAR).id
            for cls, names in (("6A1", NAMES_6A1), ("6A2", NAMES_6A2))
            for name in names
        }
        subjects = {x.name: x.id for x in catalogue.list_subjects(s, YEAR, 6)}
        assignments.assign_teacher(s, system, first.id, subjects["Toán"], "u_teacher")
        assignments.assign_teacher(s, system, second.id, subjects["Ngữ văn"], "gv.van")
    return GradeUi(seeded, first.id, second.id, students, subjects)


@pytest.fixture(scope="session")
def _school_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, GradeUi]:
    """Build the school once per session on SQLite (password hashing is slow); tests copy it."""
    path = tmp_path_factory.mktemp("gradebook-ui") / "school.sqlite"
    db = Database(make_engine(sqlite_url(path)))
    migrate.upgrade(db.engine)
    built = build_school(seed(db))
    db.dispose()
    return path, built


@pytest.fixture
def school(_school_template: tuple[Path, GradeUi], tmp_path: Path) -> Iterator[GradeUi]:
    """A fresh copy of the SQLite school for one test."""
    template, built = _school_template
    target = tmp_path / "school.sqlite"
    source, copy = sqlite3.connect(template), sqlite3.connect(target)
    try:
        source.backup(copy)
    finally:
        copy.close()
        source.close()
    db = Database(make_engine(sqlite_url(target)))
    setup.load_school_code(db)
    yield replace(built, seeded=Seeded(db, dict(built.seeded.actors)))
    db.dispose()


@pytest.fixture
def school_on_backend(seeded: Seeded) -> GradeUi:
    """The same school built on each backend (SQLite, and PostgreSQL when configured)."""
    return build_school(seeded)


def wait_saved(qtbot: QtBot) -> None:
    """Wait until every background job (a save) has delivered its result."""
    qtbot.waitUntil(lambda: ops.running() == 0, timeout=10_000)


def type_cell(
    qtbot: QtBot, view: GradeGridView, text: str, key: Qt.Key = Qt.Key.Key_Return
) -> None:
    """Type ``text`` in the current cell as a user would, then press ``key`` (Enter, Tab …)."""
    qtbot.keyClicks(view, text[0])
    editor = view.focusWidget()
    assert isinstance(editor, QLineEdit), "typing a character should open the cell's editor"
    if text[1:]:
        qtbot.keyClicks(editor, text[1:])
    qtbot.keyClick(editor, key)


def fill_year(
    school: GradeUi,
    name: str,
    scores: dict[str, str],
    conduct: tuple[str, str] = ("Tốt", "Tốt"),
    semesters: tuple[int, ...] = (1, 2),
) -> None:
    """Give one 6A1 student every assessment: scored subjects at ``scores`` (default 8), others Đạt."""
    system = Actor.system("test")
    sid = school.students[name]
    with school.db.read() as s:
        subjects = catalogue.list_subjects(s, YEAR, 6)
    with school.db.uow(actor=system) as s:
        for subject in subjects:
            value = "Đ" if subject.comment_only else scores.get(subject.name, "8")
            columns = [f"TX{i}" for i in range(1, subject.regular_count + 1)] + ["GK", "CK"]
            for semester in semesters:
                cells = [CellEdit(sid, c, value) for c in columns]
                save_scores(s, system, school.class_id, subject.id, semester, cells)
        for semester in semesters:
            edit = ConductEdit(sid, conduct[semester - 1], "1", "0")
            save_conduct(s, system, school.class_id, semester, [edit])

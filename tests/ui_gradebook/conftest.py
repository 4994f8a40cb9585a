"""Grade-book GUI fixtures: offscreen Qt, a small THCS school, a small primary class, Qt warnings fail.

Class 6A1 (homeroom ``u_teacher``, who also teaches it Toán) has four
students; class 6A2 has two and is taught Ngữ văn by ``gv.van``. Data goes in
through ``app.students`` and ``app.gradebook`` services on a database seeded
like ``seeded``: ``school`` copies one SQLite build per test (fast);
``school_on_backend`` builds it on each backend for the PostgreSQL variant.

``primary`` and ``primary_on_backend`` do the same for the primary (TT27)
class 4A of ``tests.gradebook_primary.conftest``: ``gv.cn`` leads it and
teaches Tiếng Việt and Toán, ``u_teacher`` teaches Ngoại ngữ 1; its students
in name order are ``NAMES_4A``. ``type_cell`` types like a user, Vietnamese
letters included.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import sqlite3  # noqa: E402
import uuid  # noqa: E402
from collections.abc import Callable, Iterator  # noqa: E402
from dataclasses import dataclass, replace  # noqa: E402
from datetime import date  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any, TypeVar  # noqa: E402

import pytest  # noqa: E402
from PySide6.QtCore import QEvent, Qt  # noqa: E402
from PySide6.QtGui import QKeyEvent  # noqa: E402
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget  # noqa: E402
from pytestqt.qtbot import QtBot  # noqa: E402

from app import accounts, migrate, setup  # noqa: E402
from app.db import Actor, Database, make_engine, sqlite_url  # noqa: E402
from app.gradebook import assignments, catalogue, terms  # noqa: E402
from app.gradebook.choices import ClassChoice, load_classes  # noqa: E402
from app.gradebook.conduct import ConductEdit, save_conduct  # noqa: E402
from app.gradebook.entry import CellEdit, save_scores  # noqa: E402
from app.gradebook.grid import GradeGrid, grade_grid  # noqa: E402
from app.gradebook.locking import lock_semester  # noqa: E402
from app.gradebook.primary.grid import PrimaryGrid, primary_grid  # noqa: E402
from app.gradebook.primary.values import ratings_for  # noqa: E402
from app.gradebook.primary_entry import PCellEdit, save_cells  # noqa: E402
from app.gradebook.primary_ratings import RatingEdit, save_ratings  # noqa: E402
from app.runtime import Runtime  # noqa: E402
from app.students import StudentInput, create_class, create_student  # noqa: E402
from tests.conftest import PASSWORD, Seeded, seed  # noqa: E402
from tests.gradebook_primary.conftest import PrimarySchool, build_primary_school  # noqa: E402
from tests.qt_gc import gui_thread_gc  # noqa: F401  (GUI-thread garbage collection)
from ui import ops  # noqa: E402
from ui.gradebook.grade_grid_view import GradeGridView  # noqa: E402
from ui.gradebook.gradebook_widget import GradebookWidget  # noqa: E402
from ui.gradebook.primary_entry_widget import PrimaryEntryWidget  # noqa: E402
from ui.gradebook.summary_widget import SummaryWidget  # noqa: E402
from ui.pages import PageContext  # noqa: E402

YEAR = "2025-2026"
NAMES_6A1 = ("Nguyễn Văn Bảo", "Trần Thị Ánh", "Lê Văn Anh", "Phạm Minh Châu")
"""In name order (given name first): Lê Văn Anh, Trần Thị Ánh, Nguyễn Văn Bảo, Phạm Minh Châu."""
NAMES_6A2 = ("Đỗ Thu Hà", "Vũ Đức Minh")
NAMES_4A = ("Lê Văn Anh", "Trần Thị Ánh", "Nguyễn Văn Bảo", "Phạm Minh Châu")
"""The primary class 4A's students in name order."""
CTRL = Qt.KeyboardModifier.ControlModifier
T = TypeVar("T")


def page_context(db: Database, username: str) -> PageContext:
    """The page context of a logged-in account, as the main window hands it to a page."""
    with db.read() as s:
        return PageContext(Runtime(db), accounts.get_user(s, username))


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
        return page_context(self.db, username)

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


def build_template(
    factory: pytest.TempPathFactory, folder: str, build: Callable[[Seeded], T]
) -> tuple[Path, T]:
    """Build a school once on a migrated, seeded SQLite file (password hashing is slow)."""
    path = factory.mktemp(folder) / "school.sqlite"
    db = Database(make_engine(sqlite_url(path)))
    migrate.upgrade(db.engine)
    built = build(seed(db))
    db.dispose()
    return path, built


def copy_database(template: Path, target: Path) -> Database:
    """A fresh copy of a template SQLite file, opened with its school code loaded."""
    source, copy = sqlite3.connect(template), sqlite3.connect(target)
    try:
        source.backup(copy)
    finally:
        copy.close()
        source.close()
    db = Database(make_engine(sqlite_url(target)))
    setup.load_school_code(db)
    return db


@pytest.fixture(scope="session")
def _school_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, GradeUi]:
    """Build the school once per session on SQLite; tests copy it."""
    return build_template(tmp_path_factory, "gradebook-ui", build_school)


@pytest.fixture
def school(_school_template: tuple[Path, GradeUi], tmp_path: Path) -> Iterator[GradeUi]:
    """A fresh copy of the SQLite school for one test."""
    template, built = _school_template
    db = copy_database(template, tmp_path / "school.sqlite")
    yield replace(built, seeded=Seeded(db, dict(built.seeded.actors)))
    db.dispose()


@pytest.fixture
def school_on_backend(seeded: Seeded) -> GradeUi:
    """The same school built on each backend (SQLite, and PostgreSQL when configured)."""
    return build_school(seeded)


# ---------------------------------------------------------------- the primary class 4A


@dataclass
class PrimaryUi:
    """The primary school with helpers for the screens."""

    ps: PrimarySchool

    @property
    def db(self) -> Database:
        return self.ps.db

    def ctx(self, username: str) -> PageContext:
        """The page context of a logged-in account (``gv.cn``, ``u_principal`` …)."""
        return page_context(self.db, username)

    def choice(self, ctx: PageContext) -> ClassChoice:
        """Class 4A as the page's picker offers it to ``ctx``."""
        with self.db.read() as s:
            return next(c for c in load_classes(s, ctx.actor, YEAR) if c.id == self.ps.class_id)

    def grid(self, subject: str, semester: int = 1) -> PrimaryGrid:
        """The grid as stored in the database now."""
        with self.db.read() as s:
            return primary_grid(
                s, Actor.system("test"), self.ps.class_id, self.ps.subjects[subject], semester
            )

    def lock(self, semester: int) -> None:
        """The principal locks 4A's semester."""
        principal = self.ps.actor("principal")
        with self.db.uow(actor=principal) as s:
            lock_semester(s, principal, self.ps.class_id, semester)


@pytest.fixture(scope="session")
def _primary_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, PrimarySchool]:
    """Build the primary school once per session on SQLite; tests copy it."""
    return build_template(tmp_path_factory, "primary-ui", build_primary_school)


@pytest.fixture
def primary(_primary_template: tuple[Path, PrimarySchool], tmp_path: Path) -> Iterator[PrimaryUi]:
    """A fresh copy of the SQLite primary school for one test."""
    template, built = _primary_template
    db = copy_database(template, tmp_path / "school.sqlite")
    yield PrimaryUi(replace(built, seeded=Seeded(db, dict(built.seeded.actors))))
    db.dispose()


@pytest.fixture
def primary_on_backend(seeded: Seeded) -> PrimaryUi:
    """The same primary school built on each backend (SQLite, and PostgreSQL when configured)."""
    return PrimaryUi(build_primary_school(seeded))


# ---------------------------------------------------------------- acting as a user


def wait_saved(qtbot: QtBot) -> None:
    """Wait until every background job (a save) has delivered its result."""
    qtbot.waitUntil(lambda: ops.running() == 0, timeout=10_000)


def press_text(qtbot: QtBot, widget: QWidget, text: str) -> None:
    """Type ``text`` key by key; letters QTest cannot map (à, ư, Đ …) go as key events with text."""
    for ch in text:
        if ch.isascii():
            qtbot.keyClicks(widget, ch)
            continue
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, ch)
            QApplication.sendEvent(widget, event)


def type_cell(
    qtbot: QtBot, view: GradeGridView, text: str, key: Qt.Key = Qt.Key.Key_Return
) -> None:
    """Type ``text`` in the current cell as a user would (Vietnamese letters too), then ``key``."""
    press_text(qtbot, view, text[0])
    editor = view.focusWidget()
    assert isinstance(editor, QLineEdit), "typing a character should open the cell's editor"
    press_text(qtbot, editor, text[1:])
    assert editor.text() == text
    qtbot.keyClick(editor, key)


def shown(qtbot: QtBot, widget: QWidget, width: int = 1200) -> None:
    """Show a widget as a window, active, so key clicks reach it."""
    qtbot.addWidget(widget)
    widget.resize(width, 640)
    widget.show()
    widget.activateWindow()
    qtbot.waitActive(widget)


def primary_entry(
    qtbot: QtBot,
    primary: PrimaryUi,
    username: str = "gv.cn",
    subject: str = "Toán",
    semester: int = 1,
) -> PrimaryEntryWidget:
    """The primary entry tab of 4A, shown, with the cursor on the first cell."""
    ctx = primary.ctx(username)
    widget = PrimaryEntryWidget(ctx)
    shown(qtbot, widget)
    widget.set_scope(primary.choice(ctx), semester)
    widget.select_subject(primary.ps.subjects[subject])
    widget.panel.focus_first_input()
    return widget


def page(qtbot: QtBot, primary: PrimaryUi, username: str) -> GradebookWidget:
    """The grade-book page of ``username``, shown."""
    widget = GradebookWidget(primary.ctx(username))
    shown(qtbot, widget, 1300)
    return widget


def summary_cell(widget: SummaryWidget, row: int, part: Any, label: str = "") -> tuple:
    """(text, tooltip) of a summary cell: the first column showing ``part`` (named ``label``)."""
    model = widget.model
    section = next(
        i
        for i in range(model.columnCount())
        if model.column(i).part is part and (not label or model.column(i).label == label)
    )
    index = model.index(row, section)
    return index.data(), index.data(Qt.ItemDataRole.ToolTipRole)


# ---------------------------------------------------------------- data


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


def fill_year_end(
    primary: PrimaryUi, name: str, level: str = "HTT", test: str = "9", rating: str = "T"
) -> None:
    """Give a 4A student every end-of-year level, test and rating through the entry services."""
    system = Actor.system("test")
    sid = primary.ps.students[name]
    with primary.db.read() as s:
        subjects = catalogue.list_subjects(s, YEAR, 4)
    with primary.db.uow(actor=system) as s:
        for subject in subjects:
            edits = [PCellEdit(sid, "MD2", level)]
            if not subject.comment_only:
                edits.append(PCellEdit(sid, "KT2", test))
            save_cells(s, system, primary.ps.class_id, subject.id, 2, edits)
        ratings = [RatingEdit(sid, d.name, rating) for d in ratings_for(4)]
        save_ratings(s, system, primary.ps.class_id, 2, 2, ratings)

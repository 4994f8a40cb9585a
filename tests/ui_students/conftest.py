"""Fixtures of the student-screen tests: offscreen Qt, a seeded school with classes and students.

Every test here fails when Qt logs a warning, as in tests/ui. Modal notices,
yes/no questions and the unsaved-edits question (answered Không lưu) are
answered automatically (and recorded) so no test can hang on a message box;
dialogs under test are driven directly.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from dataclasses import dataclass, field  # noqa: E402

import pytest  # noqa: E402

from app import students as st  # noqa: E402
from app.db import Actor, Database  # noqa: E402
from app.runtime import Runtime  # noqa: E402
from app.students import demo_data  # noqa: E402
from tests.conftest import Seeded, seed  # noqa: E402
from tests.qt_gc import gui_thread_gc  # noqa: F401  (GUI-thread garbage collection)
from tests.ui.conftest import blank_db  # noqa: E402, F401
from tests.ui.helpers import user_info  # noqa: E402
from ui.confirm import Confirm, Notice, Unsaved, UnsavedQuestion  # noqa: E402
from ui.errors import ErrorDialog  # noqa: E402
from ui.pages import PageContext  # noqa: E402

CLASSES = ("6A1", "6A2", "7A1")


@dataclass
class Messages:
    """Notices, questions and error dialogs shown during a test."""

    notices: list[str] = field(default_factory=list)
    questions: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    unsaved: list[str] = field(default_factory=list)
    """The Lưu / Không lưu / Hủy questions asked."""
    unsaved_answers: list[Unsaved] = field(default_factory=list)
    """Answers to give them in turn (then Không lưu)."""


@pytest.fixture(autouse=True)
def messages(monkeypatch: pytest.MonkeyPatch) -> Messages:
    """Answer every Confirm with yes, every unsaved-edits question as told (else Không lưu),
    and close every Notice and error dialog, recording them."""
    seen = Messages()
    monkeypatch.setattr(
        Notice, "ask", classmethod(lambda cls, p, t, text, warning=False: seen.notices.append(text))
    )

    def confirm(cls: object, p: object, t: str, text: str, yes: str = "") -> bool:
        seen.questions.append(text)
        return True

    monkeypatch.setattr(Confirm, "ask", classmethod(confirm))

    def unsaved(cls: object, p: object, text: str) -> Unsaved:
        seen.unsaved.append(text)
        return seen.unsaved_answers.pop(0) if seen.unsaved_answers else Unsaved.DISCARD

    monkeypatch.setattr(UnsavedQuestion, "ask", classmethod(unsaved))
    monkeypatch.setattr(
        ErrorDialog, "ask", classmethod(lambda cls, p, t, m, d="", f="": seen.errors.append(m))
    )
    return seen


@dataclass
class School:
    """The seeded school (2025-2026, THCS) with classes 6A1 (homeroom: u_teacher), 6A2, 7A1."""

    seeded: Seeded
    classes: dict[str, st.ClassInfo]

    @property
    def db(self) -> Database:
        return self.seeded.db

    def actor(self, role: str) -> Actor:
        return self.seeded.actor(role)

    def ctx(self, role: str = "secretary") -> PageContext:
        """What a page gets when ``u_<role>`` is logged in."""
        return PageContext(Runtime(self.db), user_info(self.db, f"u_{role}"))

    def add_students(self, per_class: dict[str, int], seed: int = 7) -> int:
        """Realistic students through the bulk path; returns how many were added."""
        names = demo_data.DemoNames(seed=seed)
        rows = [
            demo_data.demo_student(names, name, int(name[0]), 2025)
            for name, n in per_class.items()
            for _ in range(n)
        ]
        sec = self.actor("secretary")
        with self.db.uow(actor=sec) as s:
            st.upsert_students(s, sec, rows, reason="Dữ liệu thử")
        return len(rows)

    def add(
        self, name: str, dob: str, sex: str, class_name: str = "6A1", **kw: object
    ) -> st.SavedStudent:
        """One student created as the secretary."""
        sec = self.actor("secretary")
        data = st.StudentInput(
            full_name=name,
            date_of_birth=st.parse_date(dob),
            sex=sex,
            class_name=class_name,
            **kw,  # type: ignore[arg-type]
        )
        with self.db.uow(actor=sec) as s:
            return st.create_student(s, sec, data)

    def detail(self, student_id: object, sensitive: bool = False) -> st.StudentDetail:
        """A student's record as the admin reads it (sensitive reads are journalled)."""
        admin = self.actor("admin")
        with self.db.uow(actor=admin) as s:
            return st.get_student_detail(s, admin, student_id, include_sensitive=sensitive)  # type: ignore[arg-type]


@pytest.fixture
def school(blank_db: Database) -> School:  # noqa: F811
    """The seeded school with its three classes and no students."""
    ui_seeded = seed(blank_db)
    sec = ui_seeded.actor("secretary")
    out: dict[str, st.ClassInfo] = {}
    with ui_seeded.db.uow(actor=sec) as s:
        for name in CLASSES:
            out[name] = st.create_class(
                s, sec, name, homeroom="u_teacher" if name == "6A1" else None
            )
    return School(ui_seeded, out)

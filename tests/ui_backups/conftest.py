"""Fixtures of the Sao lưu screen tests: offscreen Qt, the seeded test school in a real SQLite
file (tests/ui), message boxes answered and recorded so no test hangs on one."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from dataclasses import dataclass, field  # noqa: E402

import pytest  # noqa: E402

from tests.qt_gc import gui_thread_gc  # noqa: E402, F401  (GUI-thread garbage collection)
from tests.ui.conftest import _seeded_template, admin, runtime, teacher, ui_seeded  # noqa: E402, F401
from ui.confirm import Confirm, Notice  # noqa: E402
from ui.errors import ErrorDialog  # noqa: E402


@dataclass
class Boxes:
    """What the message boxes said, and the answer the next questions get."""

    notices: list[str] = field(default_factory=list)
    questions: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    answer: bool = True


@pytest.fixture
def boxes(monkeypatch: pytest.MonkeyPatch) -> Boxes:
    """Notices, questions (answered ``boxes.answer``) and error dialogs, recorded."""
    seen = Boxes()

    def confirm(cls: object, parent: object, title: str, text: str, yes: str = "") -> bool:
        seen.questions.append(text)
        return seen.answer

    def notice(cls: object, parent: object, title: str, text: str, warning: bool = False) -> None:
        seen.notices.append(text)

    monkeypatch.setattr(Confirm, "ask", classmethod(confirm))
    monkeypatch.setattr(Notice, "ask", classmethod(notice))
    monkeypatch.setattr(
        ErrorDialog,
        "ask",
        classmethod(lambda cls, parent, title, message, *a: seen.errors.append(message)),
    )
    return seen

"""What the core calls in the domain modules above it, installed once by ``app.modules``.

The core (``app.school``, ``app.journal_view``) sits below the domain modules
and may not import them (import-linter, decision 008), yet a new school year
must get the grade book's subjects and semesters, and the journal's masks must
know the sensitive fields of every module's models. ``app.modules`` imports
every domain module and calls ``install``; every entry point imports it
(``main.py``, ``app.cli``, ``ui.app``, ``app.selftest``, the tests, the bench
scripts). A process that opens a database without it gets a ``RuntimeError``
from ``installed()`` — never a year silently left without subjects, nor a
journal shown unmasked.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.orm import Session

from app.db import Actor

YearHook = Callable[[Session, Actor | None, str], object]
"""Called in the caller's unit of work with the actor and a school year's name ("2025-2026")."""

NOT_INSTALLED = (
    "app.modules was not imported: the domain modules are not wired into the core "
    "(a new year would get no subjects, the journal would not know every sensitive field)"
)


@dataclass(frozen=True)
class Hooks:
    """The domain modules' part in the core's commands."""

    year_added: tuple[YearHook, ...] = ()
    """After ``school.add_year``: the grade book gives the year its catalogue and semesters."""
    levels_changed: tuple[YearHook, ...] = ()
    """After ``school.update_profile``, with the current year: subjects of a level added now."""


_installed: Hooks | None = None


def install(hooks: Hooks) -> None:
    """Set the hooks (``app.modules`` does, once, at import; a test may swap them)."""
    global _installed
    _installed = hooks


def installed() -> Hooks:
    """The installed hooks; ``RuntimeError`` if ``app.modules`` was never imported."""
    if _installed is None:
        raise RuntimeError(NOT_INSTALLED)
    return _installed

"""What a main-window page is: its entry in the navigation and what it is built from.

A page module imports only this: ``PageContext`` (the open database and who is
logged in) for its widget, and ``PageSpec`` to describe itself. Which pages the
window has, in which order, is ``ui.navigation``, the one module that imports
every page; the pages never import it (an import-linter contract).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import QWidget

from app.accounts import UserInfo
from app.db import Actor, Database
from app.permissions import Perm
from app.runtime import Runtime


@dataclass(frozen=True)
class PageContext:
    """What a page gets: the open database (with its warnings) and who is logged in."""

    runtime: Runtime
    user: UserInfo

    @property
    def db(self) -> Database:
        return self.runtime.db

    @property
    def actor(self) -> Actor:
        return self.user.actor()

    @property
    def location(self) -> str:
        """Where the data lives: the SQLite file, or the server URL without its password."""
        path = self.runtime.db.path
        return str(path) if path is not None else self.runtime.db.url


@dataclass(frozen=True)
class PageSpec:
    """One entry of the navigation list."""

    key: str
    title: str
    icon: str
    perm: Perm | None
    factory: Callable[[PageContext], QWidget]

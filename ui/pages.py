"""What a main-window page is: its entry in the navigation and what it is built from.

A page module imports only this: ``PageContext`` (the open database and who is
logged in) for its widget, and ``PageSpec`` to describe itself. Which pages the
window has, in which order, is ``ui.navigation``, the one module that imports
every page; the pages never import it (an import-linter contract).

A page opens another one through ``PageContext.open_page(key, params)``: the window
shows that page and, if it offers ``show_target(params)``, hands it the filter (the
home page's figures open the list behind them this way).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
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
    navigate: Callable[[str, Mapping[str, str]], bool] | None = None
    """The window's ``open_target``: show a page with a filter (None outside a window)."""
    page_keys: tuple[str, ...] = ()
    """The pages this account's window has, in navigation order."""

    def open_page(self, key: str, params: Mapping[str, str] | None = None) -> bool:
        """Ask the window to show page ``key`` filtered by ``params``; False if it has none."""
        return self.navigate is not None and self.navigate(key, params or {})

    def has_page(self, key: str) -> bool:
        """Whether this account's window has page ``key``."""
        return key in self.page_keys

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

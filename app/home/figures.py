"""What a home page is made of: figures, each naming the list behind it.

A figure is a label, a value already written for the reader ("12", "3 ngày trước"), a
tone (whether it asks for attention) and a ``Target``: the navigation key of the page
that lists what was counted, with a filter that page understands. The window opens the
target when the figure is clicked; the services never know about widgets.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from app.numbers import thousands


class Tone(StrEnum):
    """How a figure is coloured: nothing to do, fine, worth a look, needs action."""

    PLAIN = ""
    OK = "ok"
    WARN = "warn"
    BAD = "bad"


@dataclass(frozen=True)
class Target:
    """A page of the window (its navigation key) and the filter to open it with."""

    page: str
    filter: tuple[tuple[str, str], ...] = ()

    @property
    def params(self) -> dict[str, str]:
        """The filter as a dict ("class": "6A1", "semester": "1"…)."""
        return dict(self.filter)


def target(page: str, **params: str | int | None) -> Target:
    """``Target("gradebook", (("class", "6A1"), ("semester", "1")))`` from keywords."""
    return Target(page, tuple((k, str(v)) for k, v in params.items() if v not in (None, "")))


@dataclass(frozen=True)
class Figure:
    """One number (or age, or state) on a home page and where its list is."""

    key: str
    label: str
    value: str
    target: Target | None = None
    note: str = ""
    tone: Tone = Tone.PLAIN
    count: int | None = None
    """The raw number when the figure counts something (tests and sorting read it)."""


@dataclass(frozen=True)
class Section:
    """A titled group of figures; ``empty`` says why there is none."""

    key: str
    title: str
    figures: tuple[Figure, ...]
    empty: str = ""
    lines: bool = False
    """Shown as a list of lines (who changed what, when) rather than as figures."""


@dataclass(frozen=True)
class Facts:
    """What a home page reads outside the database: the day, the backups, the file check.

    The caller reads them (``app.home.health.read_facts``), so the services stay plain
    queries and the tests can state them.
    """

    today: date
    now: datetime
    backup_at: datetime | None = None
    backup_every_hours: int = 24
    backups_here: bool = True
    """False on PostgreSQL: the server's own tools back it up."""
    checked_at: datetime | None = None
    """The last full integrity check of the SQLite file (None: never, or PostgreSQL)."""


@dataclass(frozen=True)
class HomePage:
    """Every section of one account's home page, in the order shown."""

    role: str
    sections: tuple[Section, ...] = field(default_factory=tuple)

    def figure(self, key: str) -> Figure:
        """The figure named ``key`` (KeyError when the page has none)."""
        for section in self.sections:
            for fig in section.figures:
                if fig.key == key:
                    return fig
        raise KeyError(key)

    def section(self, key: str) -> Section:
        """The section named ``key``."""
        return next(s for s in self.sections if s.key == key)

    def keys(self) -> list[str]:
        """Every figure's key, in order."""
        return [f.key for s in self.sections for f in s.figures]


def count_figure(
    key: str,
    label: str,
    n: int,
    where: Target | None,
    *,
    alarm: Tone = Tone.WARN,
    note: str = "",
) -> Figure:
    """A count: plain when zero, ``alarm`` otherwise (thousands with dots)."""
    return Figure(key, label, thousands(n), where, note, alarm if n else Tone.OK, n)

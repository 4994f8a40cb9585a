"""Which backups to delete: keep 7 daily and 4 weekly (a pure rule, tested on its own).

Kept: the newest backup of each of the ``days`` most recent days that have a
backup, and the newest of each of the ``weeks`` most recent ISO weeks that have
one. Counting days and weeks *that have backups* (not calendar days) means a
PC switched off for a month still keeps its last 7 + 4 backups. Everything
else is deleted. Times are compared as given: pass local times so "a day" is
the school's day.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from datetime import datetime
from pathlib import Path

DAYS = 7
WEEKS = 4


def _newest_per(
    items: list[tuple[Path, datetime]], key: Callable[[datetime], Hashable], count: int
) -> set[Path]:
    """The newest item of each of the ``count`` most recent groups."""
    newest: dict[Hashable, tuple[Path, datetime]] = {}
    for path, when in items:
        group = key(when)
        if group not in newest or when > newest[group][1]:
            newest[group] = (path, when)
    recent = sorted(newest.values(), key=lambda pw: pw[1], reverse=True)[:count]
    return {path for path, _ in recent}


def to_delete(
    items: Iterable[tuple[Path, datetime]], days: int = DAYS, weeks: int = WEEKS
) -> list[Path]:
    """The backups to delete, oldest first; everything else is kept."""
    items = list(items)
    keep = _newest_per(items, lambda d: d.date(), days)
    keep |= _newest_per(items, lambda d: d.isocalendar()[:2], weeks)
    doomed = [(p, w) for p, w in items if p not in keep]
    return [p for p, _ in sorted(doomed, key=lambda pw: pw[1])]

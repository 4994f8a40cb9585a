"""What a command changed, so the window refreshes only what it must (STYLE rules 8 and 24).

Every write service returns its ``Changes``, or a result that carries them in a
``changes`` field (a result type that queries return too carries none then).
The window's runner (``ui.ops``) announces what a job's result carries
(``changes_of``); no screen announces by hand. A count or an id comes back in a
small result that carries them too (``Moved``, ``GuardianAdded``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Changes:
    """The entity types a command touched (table names such as ``user_account``)."""

    entities: frozenset[str] = frozenset()

    @classmethod
    def of(cls, *entities: str) -> Changes:
        """Changes touching the named entity types."""
        return cls(frozenset(entities))

    def touches(self, *entities: str) -> bool:
        """Whether any of ``entities`` changed; an empty ``Changes`` touches nothing."""
        return bool(self.entities.intersection(entities))

    def __or__(self, other: Changes) -> Changes:
        return Changes(self.entities | other.entities)

    def __bool__(self) -> bool:
        return bool(self.entities)


def changes_of(result: object) -> Changes:
    """What a command's result says changed: the result itself, its ``changes``, or nothing."""
    if isinstance(result, Changes):
        return result
    value = getattr(result, "changes", None)
    return value if isinstance(value, Changes) else Changes()


def carried() -> Any:
    """A ``changes`` field for a result type that queries return too (empty unless a write
    filled it; ignored by ``==`` and ``repr``)."""
    return field(default=Changes(), compare=False, repr=False)


USERS = "user_account"
SCHOOL = "school"
SCHOOL_YEAR = "school_year"
SETTINGS = "settings"
BACKUP = "backup"
JOURNAL = "journal_entry"

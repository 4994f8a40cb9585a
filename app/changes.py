"""What a command changed, so the window refreshes only what it must (STYLE rule 8)."""

from __future__ import annotations

from dataclasses import dataclass


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


USERS = "user_account"
SCHOOL = "school"
SCHOOL_YEAR = "school_year"
SETTINGS = "settings"
BACKUP = "backup"
JOURNAL = "journal_entry"

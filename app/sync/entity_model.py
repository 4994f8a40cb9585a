"""One wire entity: how a table travels (its name, version, fields, what stays, its blobs).

The map of every table to its entity is ``app.sync.entities`` (decision 022).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

ENVELOPE = frozenset({"id", "school_code", "created_at", "updated_at"})
"""Columns every synced row has; the record id and the package's school carry them."""


@dataclass(frozen=True)
class Entity:
    """How one table travels: its wire name and version, and each column's fate."""

    name: str
    version: int
    table: str
    fields: Mapping[str, str]  # column → wire field
    stays: Mapping[str, str] = field(default_factory=dict)  # column → why it never leaves
    blobs: Mapping[str, str] = field(default_factory=dict)  # bytes column → its SHA-256 field

    @property
    def tag(self) -> str:
        """``student@1``."""
        return f"{self.name}@{self.version}"

    def to_wire(self, changes: Mapping[str, Any]) -> dict[str, Any]:
        """A journal entry's changes as wire fields: renamed, what stays dropped.

        Works on insert/delete snapshots (``{column: value}``) and on updates
        (``{column: [old, new]}``) alike."""
        return {self.fields[k]: v for k, v in changes.items() if k in self.fields}


def same(*columns: str) -> dict[str, str]:
    return {c: c for c in columns}

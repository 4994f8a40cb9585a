"""Each record's history in the journal chains: every old value is the value it replaced.

The hash chain (``journal.verify``) proves no entry was altered or removed; it
cannot tell whether what an entry *says* was true when it was written. Two PCs
saving one grade cell at once used to journal "5,1 → 1,2" when the cell already
held 5,2, or two deletes of one row: each entry intact, the story wrong. This
walks each record's entries in order (insert, updates, delete) and reports every
place where an entry's old value differs from what the previous one left, a
record inserted twice, or changed or deleted after its delete.

A record whose history begins before the journal did (no insert seen) is
checked from the first value the journal shows for each field. Redacted values
(password hashes) are not compared; sensitive ones (personal IDs, health) are
compared but never printed. Records are read one at a time, ordered by
type, id and number, so memory stays small whatever the journal's size.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db import Base
from app.journal_schema import OP_DELETE, OP_INSERT, OP_UPDATE, REDACTED, JournalEntry, Tracked
from app.labels import entity_label, field_label, format_value
from app.messages.record_history import HISTORY_MSG as M
from app.numbers import thousands

MAX_LISTED = 20
"""How many problems are kept (the count covers them all)."""
_UNKNOWN = object()


@dataclass(frozen=True)
class HistoryResult:
    """How many records were followed and where their histories do not chain."""

    records: int
    count: int = 0
    problems: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return self.count == 0

    @property
    def message(self) -> str:
        if self.ok:
            return M.ok.format(records=thousands(self.records))
        return M.broken.format(count=thousands(self.count), first=self.problems[0])


@dataclass
class _Record:
    """What the journal says one record holds now, as its entries are read in order."""

    what: str
    values: dict[str, Any] = field(default_factory=dict)
    complete: bool = False  # an insert was seen: a field it did not list holds None
    inserted_at: int = 0
    deleted_at: int = 0

    def held(self, name: str) -> Any:
        return self.values.get(name, None if self.complete else _UNKNOWN)


def _sensitive() -> dict[str, frozenset[str]]:
    """Table name → the columns whose values only some roles may see (never printed here)."""
    return {
        str(mapper.local_table.name): mapper.class_.__journal_sensitive__  # type: ignore[attr-defined]
        for mapper in Base.registry.mappers
        if issubclass(mapper.class_, Tracked)
    }


def _differs(said: Any, held: Any) -> bool:
    return held is not _UNKNOWN and REDACTED not in (said, held) and said != held


class HistoryWalk:
    """Follows one record after another; ``problems`` collects what does not chain."""

    def __init__(self) -> None:
        self.sensitive = _sensitive()
        self.count = 0
        self.problems: list[str] = []

    def _report(self, text: str) -> None:
        self.count += 1
        if len(self.problems) < MAX_LISTED:
            self.problems.append(text)

    def _shown(self, entity_type: str, name: str, value: Any) -> str:
        """A value as the journal viewer shows it; a sensitive one is not shown."""
        if value is None:
            return M.empty
        if name in self.sensitive.get(entity_type, ()):
            return M.hidden
        return f"«{format_value(name, value, entity_type)}»"

    def record(self, entity_type: str, entity_id: str, entries: Sequence[Any]) -> None:
        """Check one record's entries (seq, op, changes), oldest first."""
        rec = _Record(f"{entity_label(entity_type)} {entity_id}")
        shown = partial(self._shown, entity_type)
        for seq, op, text in entries:
            changes = json.loads(text)
            if op == OP_INSERT:
                self._insert(rec, seq, changes)
            elif op in (OP_UPDATE, OP_DELETE) and rec.deleted_at:
                word = M.op_update if op == OP_UPDATE else M.op_delete
                self._report(
                    M.after_delete.format(seq=seq, what=rec.what, op=word, since=rec.deleted_at)
                )
            elif op == OP_UPDATE:
                for name, (old, new) in changes.items():
                    if _differs(old, held := rec.held(name)):
                        self._report(
                            M.stale_old.format(
                                seq=seq, what=rec.what, field=field_label(name, entity_type),
                                said=shown(name, old), new=shown(name, new),
                                held=shown(name, held),
                            )
                        )  # fmt: skip
                    rec.values[name] = new
            elif op == OP_DELETE:
                for name, old in changes.items():
                    if _differs(old, held := rec.held(name)):
                        self._report(
                            M.stale_delete.format(
                                seq=seq, what=rec.what, field=field_label(name, entity_type),
                                said=shown(name, old), held=shown(name, held),
                            )
                        )  # fmt: skip
                        break
                rec.deleted_at = seq

    def _insert(self, rec: _Record, seq: int, changes: dict[str, Any]) -> None:
        if rec.inserted_at and not rec.deleted_at:
            self._report(M.inserted_twice.format(seq=seq, what=rec.what, since=rec.inserted_at))
        rec.values, rec.complete, rec.inserted_at, rec.deleted_at = dict(changes), True, seq, 0


def by_record(
    session: Session, batch: int = 5_000, types: Sequence[str] | None = None
) -> Iterator[tuple[str, str, list[Any]]]:
    """Every record's row changes (seq, op, changes), oldest first, one record at a time,
    ordered by type and id (``types``: only these entity types). Also read by
    ``app.safety.row_match``."""
    stmt = (
        select(
            JournalEntry.entity_type,
            JournalEntry.entity_id,
            JournalEntry.seq,
            JournalEntry.op,
            JournalEntry.changes,
        )
        .where(JournalEntry.op.in_((OP_INSERT, OP_UPDATE, OP_DELETE)))
        .order_by(JournalEntry.entity_type, JournalEntry.entity_id, JournalEntry.seq)
        .execution_options(yield_per=batch)
    )
    if types is not None:
        stmt = stmt.where(JournalEntry.entity_type.in_(types))
    key: tuple[str, str] | None = None
    entries: list[Any] = []
    for entity_type, entity_id, seq, op, changes in session.execute(stmt):
        if (entity_type, entity_id) != key:
            if key is not None:
                yield key[0], key[1], entries
            key, entries = (entity_type, entity_id), []
        entries.append((seq, op, changes))
    if key is not None:
        yield key[0], key[1], entries


def verify_histories(session: Session, batch: int = 5_000) -> HistoryResult:
    """Walk every record's journal entries; report where an old value is not what was held."""
    walk = HistoryWalk()
    records = 0
    for entity_type, entity_id, entries in by_record(session, batch):
        records += 1
        walk.record(entity_type, entity_id, entries)
    return HistoryResult(records, walk.count, tuple(walk.problems))

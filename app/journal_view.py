"""The journal as a person may read it: sensitive values masked unless seeing them is allowed.

Models declare their sensitive columns (``__journal_sensitive__``, beside the
redacted ones). Whoever reads the journal — the journal viewer, a record's
history, ``journal list`` — goes through this module with the actor, and sees
those values as ``MASKED``:

- always, without ``Perm.VIEW_SENSITIVE`` (the IT coordinator reads the journal
  but not students' personal IDs or health notes);
- with it, until the values are asked for through ``reveal``, which logs the
  access in the access log as the student form does (DOMAIN §7: access to
  sensitive fields is logged; ``app.access_log``).

The text filter matches only what the actor may see, so searching for a personal
ID does not tell who may not see it which entry holds it. ``app.journal_read``
stays the unmasked reader for checks, tests and services.
"""

from __future__ import annotations

import string
import uuid
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from functools import cache
from typing import Any

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from app import access_log, hooks, journal
from app.access_log import AccessEvent
from app.db import Actor, Base
from app.journal_read import JournalFilter, JournalRecord, by_seq
from app.journal_schema import Tracked, dumps
from app.messages import MSG
from app.permissions import Perm, can, require

MASKED = MSG.journal_masked
VIEW_EVENT = "view_sensitive"  # what older databases journalled when sensitive values were shown
SEARCH_BATCH = 500
EVERYTHING = JournalFilter()
_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


# ---------------------------------------------------------------- the rule


@cache
def sensitive_fields() -> Mapping[str, frozenset[str]]:
    """Sensitive columns by entity type (table name), as the models declare them.

    Every module's models are declared once ``app.modules`` installed the hooks;
    without it this raises rather than leave a module's fields unmasked.
    """
    hooks.installed()
    out: dict[str, frozenset[str]] = {}
    for mapper in Base.registry.mappers:
        cls = mapper.class_
        if issubclass(cls, Tracked) and cls.__journal_sensitive__:
            table: str = cls.__tablename__  # type: ignore[attr-defined]
            out[table] = frozenset(cls.__journal_sensitive__)
    return out


def masked_fields(
    actor: Actor | None, entity_type: str, *, revealed: bool = False
) -> frozenset[str]:
    """The fields of ``entity_type`` that ``actor`` is shown as ``MASKED``.

    Every sensitive one, unless the actor holds ``VIEW_SENSITIVE`` and the access
    was journalled (``revealed``).
    """
    if revealed and can(actor, Perm.VIEW_SENSITIVE):
        return frozenset()
    return sensitive_fields().get(entity_type, frozenset())


def _filled(value: Any) -> bool:
    return value is not None and value != ""


def _has_value(value: Any) -> bool:
    if isinstance(value, list):
        return any(_filled(v) for v in value)
    return _filled(value)


def _hide(value: Any) -> Any:
    if isinstance(value, list):  # an update's [old, new]
        return [MASKED if _filled(v) else v for v in value]
    return MASKED


def mask(rec: JournalRecord, fields: frozenset[str]) -> JournalRecord:
    """``rec`` with the values of ``fields`` replaced by ``MASKED`` (empty values stay empty)."""
    hidden = sorted(k for k, v in rec.changes.items() if k in fields and _has_value(v))
    if not hidden:
        return rec
    changes = {k: _hide(v) if k in hidden else v for k, v in rec.changes.items()}
    return replace(rec, changes=changes, masked=tuple(hidden))


def _shown(rec: JournalRecord, actor: Actor | None) -> JournalRecord:
    return mask(rec, masked_fields(actor, rec.entity_type))


# ---------------------------------------------------------------- queries


def entries(
    session: Session, actor: Actor | None, flt: JournalFilter = EVERYTHING, limit: int = 500
) -> list[JournalRecord]:
    """Newest entries first, filtered, with sensitive values masked (the journal viewer)."""
    require(actor, Perm.VIEW_JOURNAL)
    if not flt.text or can(actor, Perm.VIEW_SENSITIVE):
        return [_shown(r, actor) for r in journal.query(session, flt, limit)]
    fold = session.get_bind().dialect.name == "sqlite"  # LIKE ignores ASCII case there
    out: list[JournalRecord] = []
    page = flt
    while len(out) < limit:
        batch = journal.query(session, page, SEARCH_BATCH)
        for raw in batch:
            rec = _shown(raw, actor)
            if not rec.masked or _matches(rec, flt.text, fold):
                out.append(rec)
                if len(out) == limit:
                    break
        if len(batch) < SEARCH_BATCH:
            break
        page = replace(flt, before_seq=batch[-1].seq)
    return out


def _matches(rec: JournalRecord, text: str, fold: bool) -> bool:
    """Whether ``text`` is in what the reader is shown of ``rec``, as SQL LIKE would find it."""
    shown = (dumps(rec.changes), rec.reason or "")
    if fold:
        text = text.translate(_ASCII_LOWER)
        return any(text in part.translate(_ASCII_LOWER) for part in shown)
    return any(text in part for part in shown)


def history(
    session: Session, actor: Actor | None, entity_type: str, entity_id: str
) -> list[JournalRecord]:
    """Every entry about one record, oldest first, with sensitive values masked."""
    require(actor, Perm.VIEW_JOURNAL)
    return [_shown(r, actor) for r in journal.history(session, entity_type, entity_id)]


def records_history(
    session: Session, actor: Actor | None, records: Iterable[tuple[str, str]], *, revealed: bool
) -> list[JournalRecord]:
    """The entries about several records, oldest first, masked for ``actor``.

    For a module's own history screen, once it checked that the actor may read
    those records; ``revealed`` as in ``masked_fields``.
    """
    out = [
        mask(rec, masked_fields(actor, entity_type, revealed=revealed))
        for entity_type, entity_id in records
        for rec in journal.history(session, entity_type, entity_id)
    ]
    return sorted(out, key=lambda r: r.seq)


# ---------------------------------------------------------------- names of what entries point at

_NAME_COLUMNS = ("full_name", "name", "username", "code")


@cache
def _references() -> Mapping[str, Mapping[str, str]]:
    """For each table, its columns that point at another table's id (column → that table)."""
    out: dict[str, dict[str, str]] = {}
    for table in Base.metadata.tables.values():
        for column in table.columns:
            for fk in column.foreign_keys:
                if fk.column.name == "id":
                    out.setdefault(table.name, {})[column.name] = fk.column.table.name
    return out


def record_names(session: Session, records: Iterable[tuple[str, str]]) -> dict[str, str]:
    """The name (full name, name, username or code) of each (table, id) that has one, by id.

    Records since removed, and tables without a name, are left out.
    """
    wanted: dict[str, set[uuid.UUID]] = defaultdict(set)
    for table_name, record_id in records:
        try:
            wanted[table_name].add(uuid.UUID(str(record_id)))
        except ValueError:
            continue
    out: dict[str, str] = {}
    for table_name, ids in wanted.items():
        table: Table | None = Base.metadata.tables.get(table_name)
        name = next((c for c in _NAME_COLUMNS if table is not None and c in table.c), None)
        if table is None or name is None or "id" not in table.c:
            continue
        listed = sorted(ids)
        for start in range(0, len(listed), SEARCH_BATCH):
            stmt = select(table.c.id, table.c[name]).where(
                table.c.id.in_(listed[start : start + SEARCH_BATCH])
            )
            out.update((str(row[0]), str(row[1])) for row in session.execute(stmt))
    return out


def referenced_names(session: Session, records: Iterable[JournalRecord]) -> dict[str, str]:
    """The names of the records the entries point at (a student, a class, a subject, a user).

    For ``labels.describe_entry``: an enrolment reads "Học sinh: Lý Xuân Phúc, Lớp: 6A1".
    """
    refs = _references()
    pointed: list[tuple[str, str]] = []
    for rec in records:
        for column, target in refs.get(rec.entity_type, {}).items():
            value = rec.changes.get(column)
            for one in value if isinstance(value, list) else [value]:
                if isinstance(one, str) and one:
                    pointed.append((target, one))
    return record_names(session, pointed)


# ---------------------------------------------------------------- command


def reveal(session: Session, actor: Actor | None, seqs: Sequence[int]) -> list[JournalRecord]:
    """Entries ``seqs`` (in that order) with their sensitive values, logging the access.

    Needs ``VIEW_JOURNAL`` and ``VIEW_SENSITIVE``; logs one ``sensitive_viewed``
    access per record whose values are shown, naming the fields and the entries,
    so run it in a write unit of work.
    """
    require(actor, Perm.VIEW_JOURNAL)
    require(actor, Perm.VIEW_SENSITIVE)
    found = {rec.seq: rec for rec in by_seq(session, seqs)}
    shown: dict[tuple[str, str], tuple[set[str], list[int]]] = {}
    for rec in found.values():
        hidden = _shown(rec, None).masked
        if hidden:
            fields, numbers = shown.setdefault((rec.entity_type, rec.entity_id), (set(), []))
            fields.update(hidden)
            numbers.append(rec.seq)
    for (entity_type, entity_id), (fields, numbers) in shown.items():
        access_log.record(
            session,
            AccessEvent.SENSITIVE_VIEWED,
            actor,
            entity=(entity_type, entity_id),
            details={"fields": sorted(fields), "entries": sorted(numbers)},
        )
    return [found[s] for s in seqs if s in found]

"""Reading the change journal: the viewer's queries, a record's history, chain verification.

Split from ``app.journal`` (which writes it); ``app.journal`` re-exports these names.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import literal, select
from sqlalchemy.orm import Session

from app.db import Base
from app.journal_schema import (
    GENESIS_HASH,
    OP_DELETE,
    OP_UPDATE,
    JournalEntry,
    JournalHead,
    Tracked,
    entry_hash,
)
from app.messages import MSG
from app.numbers import thousands

# ---------------------------------------------------------------- reading

_IN_BATCH = 1_000  # numbers per IN (...) list, well under SQLite's bound-parameter limit


@dataclass(frozen=True)
class JournalRecord:
    """A journal entry as the UI and CLI see it."""

    seq: int
    at: datetime
    username: str
    entity_type: str
    entity_id: str
    op: str
    changes: dict[str, Any]
    reason: str
    # Fields whose values ``app.journal_view`` replaced by a placeholder for this reader.
    masked: tuple[str, ...] = ()


@dataclass(frozen=True)
class JournalFilter:
    """Filters of the journal viewer; empty fields match everything.

    ``text`` matches the changes and the reason literally; ``before_seq`` keeps
    entries numbered below it (to read on past a page).
    """

    entity_type: str = ""
    entity_id: str = ""
    username: str = ""
    op: str = ""
    since: datetime | None = None
    until: datetime | None = None
    text: str = ""
    before_seq: int | None = None


def _to_record(e: JournalEntry) -> JournalRecord:
    at = e.at if e.at.tzinfo else e.at.replace(tzinfo=UTC)
    return JournalRecord(
        e.seq, at, e.username, e.entity_type, e.entity_id, e.op, json.loads(e.changes), e.reason
    )


def query(
    session: Session, flt: JournalFilter = JournalFilter(), limit: int = 500
) -> list[JournalRecord]:
    """Newest entries first, filtered; values as stored (people read ``app.journal_view``)."""
    stmt = select(JournalEntry).order_by(JournalEntry.seq.desc()).limit(limit)
    if flt.entity_type:
        stmt = stmt.where(JournalEntry.entity_type == flt.entity_type)
    if flt.entity_id:
        stmt = stmt.where(JournalEntry.entity_id == flt.entity_id)
    if flt.username:
        stmt = stmt.where(JournalEntry.username == flt.username)
    if flt.op:
        stmt = stmt.where(JournalEntry.op == flt.op)
    if flt.since:
        stmt = stmt.where(JournalEntry.at >= flt.since)
    if flt.until:
        stmt = stmt.where(JournalEntry.at < flt.until)
    if flt.before_seq is not None:
        stmt = stmt.where(JournalEntry.seq < flt.before_seq)
    if flt.text:
        stmt = stmt.where(
            JournalEntry.changes.contains(flt.text, autoescape=True)
            | JournalEntry.reason.contains(flt.text, autoescape=True)
        )
    return [_to_record(e) for e in session.scalars(stmt)]


def history(session: Session, entity_type: str, entity_id: str) -> list[JournalRecord]:
    """Every entry about one record, oldest first: who, when, what and why (values as stored)."""
    stmt = (
        select(JournalEntry)
        .where(JournalEntry.entity_type == entity_type, JournalEntry.entity_id == entity_id)
        .order_by(JournalEntry.seq)
    )
    return [_to_record(e) for e in session.scalars(stmt)]


def by_seq(session: Session, seqs: Iterable[int]) -> list[JournalRecord]:
    """The entries numbered ``seqs`` that exist, oldest first (values as stored)."""
    wanted = sorted(set(seqs))
    out: list[JournalRecord] = []
    for start in range(0, len(wanted), _IN_BATCH):
        part = wanted[start : start + _IN_BATCH]
        stmt = select(JournalEntry).where(JournalEntry.seq.in_(part)).order_by(JournalEntry.seq)
        out.extend(_to_record(e) for e in session.scalars(stmt))
    return out


def entity_types(session: Session) -> list[str]:
    """Distinct entity types present, for the viewer's filter."""
    return list(
        session.scalars(
            select(JournalEntry.entity_type).distinct().order_by(JournalEntry.entity_type)
        )
    )


def head_seq(session: Session) -> int:
    """The number of the newest entry: changes whenever anything tracked is written."""
    return int(session.scalar(select(JournalHead.seq).where(JournalHead.id == 1)) or 0)


def since(session: Session, after_seq: int, limit: int = 10_000) -> list[JournalEntry]:
    """Entries after ``after_seq`` in order: the source of sync packages."""
    stmt = (
        select(JournalEntry)
        .where(JournalEntry.seq > after_seq)
        .order_by(JournalEntry.seq)
        .limit(limit)
    )
    return list(session.scalars(stmt))


# ---------------------------------------------------------------- verification


@dataclass(frozen=True)
class VerifyResult:
    """Outcome of a chain check: ``broken_at`` is the first bad entry number, if any."""

    count: int
    broken_at: int | None = None
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_at is None

    @property
    def message(self) -> str:
        if self.ok:
            return MSG.journal_ok.format(count=thousands(self.count))
        return MSG.journal_broken.format(seq=self.broken_at, reason=self.reason)


def verify(session: Session, batch: int = 5_000) -> VerifyResult:
    """Walk the chain and report the first altered, deleted or reordered entry."""
    cols = [c for c in JournalEntry.__table__.columns]
    expected_seq, prev, count = 1, GENESIS_HASH, 0
    last_seq = 0
    while True:
        rows = (
            session.execute(
                select(*cols)
                .where(JournalEntry.seq > last_seq)
                .order_by(JournalEntry.seq)
                .limit(batch)
            )
            .mappings()
            .all()
        )
        if not rows:
            break
        for row in rows:
            if row["seq"] != expected_seq:
                return VerifyResult(
                    count, expected_seq, MSG.journal_gap.format(expected=expected_seq)
                )
            if row["prev_hash"] != prev:
                return VerifyResult(count, row["seq"], MSG.journal_bad_link)
            if entry_hash(dict(row)) != row["hash"]:
                return VerifyResult(count, row["seq"], MSG.journal_bad_hash)
            prev = row["hash"]
            expected_seq += 1
            count += 1
        last_seq = rows[-1]["seq"]
    head = session.execute(select(JournalHead.seq, JournalHead.hash)).one_or_none()
    if head is None and count:  # the head row deleted: the newest entries could be gone too
        return VerifyResult(count, count, MSG.journal_head_missing)
    if head is not None and (head.seq != count or head.hash != prev):
        return VerifyResult(
            count, count + 1 if head.seq > count else count, MSG.journal_head_mismatch
        )
    if count == 0 and (table := _tracked_table_with_rows(session)) is not None:
        return VerifyResult(0, 1, MSG.journal_emptied.format(table=table))
    return VerifyResult(count)


def _tracked_table_with_rows(session: Session) -> str | None:
    """A journalled table that holds rows: with an empty journal, entries were deleted."""
    for mapper in Base.registry.mappers:
        if issubclass(mapper.class_, Tracked):
            table = mapper.local_table
            if session.execute(select(literal(1)).select_from(table).limit(1)).first():
                return str(getattr(table, "name", table))
    return None


def iter_changes(records: Iterable[JournalRecord]) -> Iterator[tuple[JournalRecord, str, Any, Any]]:
    """Flatten records into (record, field, old, new) rows for history tables."""
    for rec in records:
        if rec.op == OP_UPDATE:
            for key, (old, new) in sorted(rec.changes.items()):
                yield rec, key, old, new
        elif rec.op == OP_DELETE:
            for key, old in sorted(rec.changes.items()):
                yield rec, key, old, None
        else:
            for key, new in sorted(rec.changes.items()):
                yield rec, key, None, new

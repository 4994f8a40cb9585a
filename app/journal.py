"""The change journal: audit trail now, sync outbox later.

Every insert, update and delete of a tracked entity appends one entry in the
same transaction (a session ``after_flush`` hook records it, so services do not
have to). Entries are numbered without gaps and hash-chained: each stores the
previous entry's hash and the hash of its own content, so ``verify`` finds the
first row altered or deleted outside the app. A one-row ``journal_head`` holds
the last number and hash; locking it serialises writers on PostgreSQL.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any, cast

from sqlalchemy import (
    DateTime,
    Integer,
    String,
    Table,
    Text,
    event,
    insert,
    inspect,
    select,
    update,
)
from sqlalchemy.orm import Mapped, Session, mapped_column

from app import fastinsert
from app.db import Actor, Base, utcnow
from app.messages import MSG

GENESIS_HASH = "0" * 64
REDACTED = "***"

OP_INSERT = "insert"
OP_UPDATE = "update"
OP_DELETE = "delete"
OP_EVENT = "event"


class JournalEntry(Base):
    """One recorded change or event; never updated, never deleted by the app."""

    __tablename__ = "journal_entry"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    school_code: Mapped[str] = mapped_column(String(20), default="")
    user_id: Mapped[str] = mapped_column(String(36), default="")
    username: Mapped[str] = mapped_column(String(64), default="")
    entity_type: Mapped[str] = mapped_column(String(64), index=True)
    entity_id: Mapped[str] = mapped_column(String(64), index=True)
    op: Mapped[str] = mapped_column(String(16))
    changes: Mapped[str] = mapped_column(Text, default="{}")
    reason: Mapped[str] = mapped_column(Text, default="")
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class JournalHead(Base):
    """The single row that points at the newest entry (number and hash)."""

    __tablename__ = "journal_head"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    seq: Mapped[int] = mapped_column(Integer, default=0)
    hash: Mapped[str] = mapped_column(String(64), default=GENESIS_HASH)


class Tracked:
    """Mixin marking an ORM class whose changes are journalled.

    ``__journal_redact__`` names columns whose values must never be written to
    the journal (password hashes): the entry records that they changed.
    """

    __journal_redact__: frozenset[str] = frozenset()


# ---------------------------------------------------------------- values


def _plain(value: Any) -> Any:
    """A JSON-safe, dialect-independent form of a column value."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime):
        return format_time(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, bytes):
        return value.hex()
    return str(value)


def format_time(value: datetime) -> str:
    """Canonical UTC text of a timestamp; naive values (SQLite) are taken as UTC."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def dumps(data: Mapping[str, Any]) -> str:
    """Canonical JSON: sorted keys, no spaces, Unicode kept."""
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def entry_hash(row: Mapping[str, Any]) -> str:
    """SHA-256 over an entry's content and the previous hash."""
    parts = [
        str(row["seq"]),
        format_time(row["at"]),
        row["school_code"] or "",
        row["user_id"] or "",
        row["username"] or "",
        row["entity_type"],
        row["entity_id"],
        row["op"],
        row["changes"],
        row["reason"] or "",
        row["prev_hash"],
    ]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


# ---------------------------------------------------------------- writing


@dataclass
class _Pending:
    entity_type: str
    entity_id: str
    op: str
    changes: dict[str, Any]
    school_code: str
    reason: str | None = None


def _lock_head(session: Session) -> tuple[int, str]:
    head = session.execute(
        select(JournalHead.seq, JournalHead.hash).where(JournalHead.id == 1).with_for_update()
    ).one_or_none()
    if head is None:
        session.execute(insert(JournalHead).values(id=1, seq=0, hash=GENESIS_HASH))
        return 0, GENESIS_HASH
    return int(head.seq), str(head.hash)


def _append(session: Session, pending: Sequence[_Pending]) -> None:
    if not pending:
        return
    actor: Actor | None = session.info.get("actor")
    default_reason = session.info.get("reason") or ""
    default_school = session.info.get("school_code") or ""
    user_id = str(actor.user_id) if actor and actor.user_id else ""
    username = actor.username if actor else ""
    seq, prev = _lock_head(session)
    now = utcnow()
    # entry_hash(row), inlined so the parts every entry shares are formatted once; it must
    # hash exactly the same text (verify() recomputes every hash with entry_hash).
    at, who = format_time(now), f"{user_id}\x1f{username or ''}"
    encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode
    sha256 = hashlib.sha256
    rows = []
    for p in pending:
        seq += 1
        school = p.school_code or default_school
        changes = encode(p.changes)  # == dumps(p.changes)
        reason = p.reason if p.reason is not None else default_reason
        parts = (str(seq), at, school, who, p.entity_type, p.entity_id, p.op, changes,
                 reason or "", prev)  # fmt: skip
        digest = sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
        rows.append(
            (seq, now, school, user_id, username, p.entity_type, p.entity_id, p.op, changes,
             reason, prev, digest)
        )  # fmt: skip
        prev = digest
    # Pre-converted executemany: Core's per-row parameter processing costs more than SQLite.
    keys = ("seq", "at", "school_code", "user_id", "username", "entity_type", "entity_id", "op",
            "changes", "reason", "prev_hash", "hash")  # fmt: skip
    fastinsert.insert_values(session.connection(), cast(Table, JournalEntry.__table__), keys, rows)
    session.execute(update(JournalHead).where(JournalHead.id == 1).values(seq=seq, hash=prev))


def _entity_id(obj: Any) -> str:
    state = inspect(obj)
    key = state.identity or state.mapper.primary_key_from_instance(obj)
    return ",".join(str(k) for k in key if k is not None)


def _column_attrs(obj: Any) -> Iterator[tuple[str, Any]]:
    state = inspect(obj)
    for attr in state.mapper.column_attrs:
        yield attr.key, state.attrs[attr.key]


def _snapshot(obj: Tracked) -> dict[str, Any]:
    redact = obj.__journal_redact__
    loaded = inspect(obj).dict
    out: dict[str, Any] = {}
    for key, _attr in _column_attrs(obj):
        value = loaded.get(key)
        if value is None or key in ("id", "created_at", "updated_at"):
            continue
        out[key] = REDACTED if key in redact else _plain(value)
    return out


def _diff(obj: Tracked) -> dict[str, Any]:
    redact = obj.__journal_redact__
    out: dict[str, Any] = {}
    for key, attr in _column_attrs(obj):
        if key == "updated_at":
            continue
        hist = attr.history
        if not hist.has_changes():
            continue
        old = hist.deleted[0] if hist.deleted else None
        new = hist.added[0] if hist.added else None
        if old == new:
            continue
        out[key] = [REDACTED, REDACTED] if key in redact else [_plain(old), _plain(new)]
    return out


def _school(obj: Any) -> str:
    return str(getattr(obj, "school_code", "") or "")


@event.listens_for(Session, "after_flush")
def _record_flush(session: Session, _ctx: Any) -> None:
    reasons: dict[int, str] = session.info.get("reasons_by_obj", {})
    pending: list[_Pending] = []
    for obj in session.new:
        if isinstance(obj, Tracked):
            pending.append(
                _Pending(
                    type(obj).__tablename__,  # type: ignore[attr-defined]
                    _entity_id(obj),
                    OP_INSERT,
                    _snapshot(obj),
                    _school(obj),
                    reasons.get(id(obj)),
                )
            )
    for obj in session.dirty:
        if isinstance(obj, Tracked) and session.is_modified(obj, include_collections=False):
            diff = _diff(obj)
            if diff:
                pending.append(
                    _Pending(
                        type(obj).__tablename__,  # type: ignore[attr-defined]
                        _entity_id(obj),
                        OP_UPDATE,
                        diff,
                        _school(obj),
                        reasons.get(id(obj)),
                    )
                )
    for obj in session.deleted:
        if isinstance(obj, Tracked):
            pending.append(
                _Pending(
                    type(obj).__tablename__,  # type: ignore[attr-defined]
                    _entity_id(obj),
                    OP_DELETE,
                    _snapshot(obj),
                    _school(obj),
                    reasons.get(id(obj)),
                )
            )
    session.info.pop("reasons_by_obj", None)
    _append(session, pending)


def set_reason(session: Session, obj: Any, reason: str) -> None:
    """Attach a reason to the next journalled change of ``obj`` in this session."""
    session.info.setdefault("reasons_by_obj", {})[id(obj)] = reason


def record_event(
    session: Session,
    entity_type: str,
    entity_id: str,
    what: str,
    details: Mapping[str, Any] | None = None,
    reason: str = "",
) -> None:
    """Journal something that is not a row change: an access, a lock, a restore."""
    changes = {"event": what, **{k: _plain(v) for k, v in (details or {}).items()}}
    _append(
        session,
        [
            _Pending(
                entity_type,
                entity_id,
                OP_EVENT,
                changes,
                session.info.get("school_code", ""),
                reason,
            )
        ],
    )


def bulk_insert(session: Session, model: type[Any], rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert many tracked rows with one executemany and journal each one.

    The compact path for large imports: the same entries the ORM hook would
    write, at a fraction of its cost. Each row must already carry its ``id``.
    The rows are stored exactly as Core executemany would store them
    (``app.fastinsert``).
    """
    if not rows:
        return
    fastinsert.insert_rows(session.connection(), model.__table__, rows)
    redact: frozenset[str] = getattr(model, "__journal_redact__", frozenset())
    skip = {"id", "created_at", "updated_at"}
    # What _plain() does, looked up by exact type: str, int, bool and float stay as they are.
    same = {str, int, bool, float}
    known: dict[type, Callable[[Any], Any]] = {uuid.UUID: str, date: date.isoformat}
    table = model.__tablename__
    pending = []
    for row in rows:
        changes = {
            k: (
                REDACTED if k in redact else v if type(v) in same else known.get(type(v), _plain)(v)
            )
            for k, v in row.items()
            if v is not None and k not in skip
        }
        school = row.get("school_code")
        pending.append(_Pending(table, str(row["id"]), OP_INSERT, changes, str(school or "")))
    _append(session, pending)


# ---------------------------------------------------------------- reading


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


@dataclass(frozen=True)
class JournalFilter:
    """Filters of the journal viewer; empty fields match everything."""

    entity_type: str = ""
    entity_id: str = ""
    username: str = ""
    op: str = ""
    since: datetime | None = None
    until: datetime | None = None
    text: str = ""


def _to_record(e: JournalEntry) -> JournalRecord:
    at = e.at if e.at.tzinfo else e.at.replace(tzinfo=UTC)
    return JournalRecord(
        e.seq, at, e.username, e.entity_type, e.entity_id, e.op, json.loads(e.changes), e.reason
    )


def query(
    session: Session, flt: JournalFilter = JournalFilter(), limit: int = 500
) -> list[JournalRecord]:
    """Newest entries first, filtered for the journal viewer."""
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
    if flt.text:
        like = f"%{flt.text}%"
        stmt = stmt.where(JournalEntry.changes.like(like) | JournalEntry.reason.like(like))
    return [_to_record(e) for e in session.scalars(stmt)]


def history(session: Session, entity_type: str, entity_id: str) -> list[JournalRecord]:
    """Every entry about one record, oldest first: who, when, what and why."""
    stmt = (
        select(JournalEntry)
        .where(JournalEntry.entity_type == entity_type, JournalEntry.entity_id == entity_id)
        .order_by(JournalEntry.seq)
    )
    return [_to_record(e) for e in session.scalars(stmt)]


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
            return MSG.journal_ok.format(count=self.count)
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
    if head is not None and (head.seq != count or head.hash != prev):
        return VerifyResult(
            count, count + 1 if head.seq > count else count, MSG.journal_head_mismatch
        )
    return VerifyResult(count)


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

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
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Any, cast

from sqlalchemy import (
    Table,
    event,
    insert,
    inspect,
    select,
    update,
)
from sqlalchemy.orm import Session

from app import fastinsert, journal_seal
from app.db import Actor, utcnow
from app.errors import StorageError
from app.journal_schema import (
    GENESIS_HASH,
    OP_DELETE,
    OP_EVENT,
    OP_INSERT,
    OP_UPDATE,
    REDACTED,
    JournalEntry,
    JournalHead,
    Tracked,
    _plain,
    dumps,
    entry_hash,
    format_time,
)
from app.messages import MSG

# ---------------------------------------------------------------- writing


@dataclass
class _Pending:
    entity_type: str
    entity_id: str
    op: str
    changes: dict[str, Any]
    school_code: str
    reason: str | None = None


def _lock_head(session: Session) -> tuple[int, str, str | None]:
    """Lock the head (serialising writers) and return its number, hash and key id. A head
    without an epoch (a database older than migration 0013) gets its first one now."""
    head = session.execute(
        select(JournalHead.seq, JournalHead.hash, JournalHead.key_id, JournalHead.epoch)
        .where(JournalHead.id == 1)
        .with_for_update()
    ).one_or_none()
    if head is None:
        if session.execute(select(JournalEntry.seq).limit(1)).first() is not None:
            raise StorageError(MSG.journal_head_gone_write)  # never start a second chain
        session.execute(
            insert(JournalHead).values(id=1, seq=0, hash=GENESIS_HASH, epoch=str(uuid.uuid4()))
        )
        return 0, GENESIS_HASH, None
    if head.epoch is None:
        session.execute(
            update(JournalHead).where(JournalHead.id == 1).values(epoch=str(uuid.uuid4()))
        )
    return int(head.seq), str(head.hash), head.key_id


EPOCH_EVENT = "ky_moi"


def start_epoch(session: Session, why: str) -> str:
    """Start a new epoch of the journal (decision 022 §2): a restore took the journal back, so
    the numbers after it will be reused with other content. Journalled as an event naming the
    new epoch, the previous one and the number the journal went back to; returns the new one."""
    seq, _, _ = _lock_head(session)
    previous = session.scalar(select(JournalHead.epoch).where(JournalHead.id == 1))
    new = str(uuid.uuid4())
    session.execute(update(JournalHead).where(JournalHead.id == 1).values(epoch=new))
    record_event(
        session, "journal", new, EPOCH_EVENT,
        {"epoch": new, "previous": previous or "", "restored_to": seq}, why,
    )  # fmt: skip
    return new


def current_epoch(session: Session) -> str | None:
    """The journal's epoch now (None before its first write)."""
    return session.scalar(select(JournalHead.epoch).where(JournalHead.id == 1))


def _append(session: Session, pending: Sequence[_Pending]) -> None:
    if not pending:
        return
    actor: Actor | None = session.info.get("actor")
    default_reason = session.info.get("reason") or ""
    default_school = session.info.get("school_code") or ""
    user_id = str(actor.user_id) if actor and actor.user_id else ""
    username = actor.username if actor else ""
    seq, prev, key_id = _lock_head(session)
    seal = journal_seal.sealing_key(default_school or pending[0].school_code, key_id)
    mac = partial(journal_seal.entry_mac, seal) if seal is not None else lambda _s, _h: None
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
             reason, prev, digest, mac(seq, digest))
        )  # fmt: skip
        prev = digest
    # Pre-converted executemany: Core's per-row parameter processing costs more than SQLite.
    keys = ("seq", "at", "school_code", "user_id", "username", "entity_type", "entity_id", "op",
            "changes", "reason", "prev_hash", "hash", "mac")  # fmt: skip
    fastinsert.insert_values(session.connection(), cast(Table, JournalEntry.__table__), keys, rows)
    head: dict[str, Any] = {"seq": seq, "hash": prev, "mac": None}
    if seal is not None:
        head.update(mac=journal_seal.head_mac(seal, seq, prev), key_id=seal.key_id)
    session.execute(update(JournalHead).where(JournalHead.id == 1).values(**head))
    session.info["journal_head"] = (seq, prev, seal)  # for the anchor, after the commit


def _entity_id(obj: Any) -> str:
    state = inspect(obj)
    key = state.identity or state.mapper.primary_key_from_instance(obj)
    return ",".join(str(k) for k in key if k is not None)


def _column_attrs(obj: Any) -> Iterator[tuple[str, Any]]:
    state = inspect(obj)
    for attr in state.mapper.column_attrs:
        yield attr.key, state.attrs[attr.key]


def _snapshot(obj: Tracked) -> dict[str, Any]:
    redact, local = obj.__journal_redact__, obj.__journal_local__
    loaded = inspect(obj).dict
    out: dict[str, Any] = {}
    for key, _attr in _column_attrs(obj):
        value = loaded.get(key)
        if value is None or key in ("id", "created_at", "updated_at") or key in local:
            continue
        out[key] = REDACTED if key in redact else _plain(value)
    return out


def _diff(obj: Tracked) -> dict[str, Any]:
    redact, local = obj.__journal_redact__, obj.__journal_local__
    out: dict[str, Any] = {}
    for key, attr in _column_attrs(obj):
        if key == "updated_at" or key in local:
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


def bulk_insert(
    session: Session,
    model: type[Any],
    rows: Sequence[Mapping[str, Any]],
    reason: str | None = None,
) -> None:
    """Insert many tracked rows with one executemany and journal each one.

    The compact path for large imports: the same entries the ORM hook would
    write, at a fraction of its cost. Each row must already carry its ``id``.
    The rows are stored exactly as Core executemany would store them
    (``app.fastinsert``). ``reason``: the entries' (else the session's).
    """
    if not rows:
        return
    fastinsert.insert_rows(session.connection(), model.__table__, rows)
    _append(session, _inserts(model, rows, reason))


def record_inserted(
    session: Session, model: type[Any], rows: Sequence[Mapping[str, Any]], reason: str
) -> None:
    """Journal rows already stored as inserts, with ``reason`` (rows a table held before it
    was tracked: decision 022 §4). Each row is its columns' values as read from the table."""
    _append(session, _inserts(model, rows, reason))


def _inserts(
    model: type[Any], rows: Sequence[Mapping[str, Any]], reason: str | None
) -> list[_Pending]:
    """The insert entries the ORM hook would write for ``rows``."""
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
        pending.append(
            _Pending(table, str(row["id"]), OP_INSERT, changes, str(school or ""), reason)
        )
    return pending


# The reading side lives in its own module; these names stay importable from here.
from app.journal_read import (  # noqa: E402,I001
    JournalFilter,
    JournalRecord,
    VerifyResult,
    entity_types,
    head_seq,
    history,
    iter_changes,
    query,
    since,
    verify,
)

__all__ = [
    "GENESIS_HASH",
    "OP_DELETE",
    "OP_EVENT",
    "OP_INSERT",
    "OP_UPDATE",
    "REDACTED",
    "JournalEntry",
    "JournalFilter",
    "JournalHead",
    "JournalRecord",
    "Tracked",
    "VerifyResult",
    "bulk_insert",
    "current_epoch",
    "dumps",
    "entity_types",
    "entry_hash",
    "format_time",
    "head_seq",
    "history",
    "iter_changes",
    "query",
    "record_event",
    "record_inserted",
    "set_reason",
    "since",
    "start_epoch",
    "verify",
]

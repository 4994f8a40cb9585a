"""A package's content, built from a contiguous range of the journal (issue 10 §1, decision 022).

Each journal entry about a table that travels becomes one **wire change**, one JSON line:

    {"entity": "student@1", "id": "…", "event": "new", "version": 812, "at": "…Z",
     "fields": {"full_name": "K' Brơi", …}}

- ``event`` is ``new`` (an insert: every field), ``update`` (the changed fields, new values)
  or ``cancel`` (a delete: the last state);
- ``version`` is the entry's number in its epoch: it only grows for a record, so the receiver
  applies "highest version wins" and ignores a stale replay;
- fields that never leave the school are dropped (``app.sync.entities``), names are the
  entity's wire names, values the journal's canonical form.

Entries about what stays at the school (accounts, events such as a backup) are counted in
the manifest as ``skipped``, so the receiver knows the range has no gap. Files a change
names (a signed transcript's PDF) are **blobs**, by SHA-256, each included once. A range is
cut into payloads no larger than ``cap`` bytes, each a contiguous run of numbers; the head
hash and MAC at each payload's last entry go in its manifest.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import journal
from app.db import Base
from app.errors import ValidationError
from app.journal_schema import (
    OP_DELETE,
    OP_EVENT,
    OP_INSERT,
    OP_UPDATE,
    JournalEntry,
    format_time,
)
from app.messages.sync_payload import PAYLOAD_MSG as M
from app.progress import NullProgress, Progress, check_cancel
from app.sync.entities import Entity, entity_for

FORMAT = 1
DEFAULT_CAP = 5 * 1024 * 1024
EVENTS = {OP_INSERT: "new", OP_UPDATE: "update", OP_DELETE: "cancel"}
_BATCH = 2_000


@dataclass
class Payload:
    """One package's content: its manifest, its changes (JSON lines) and its blobs."""

    school: str
    epoch: str
    first: int
    last: int = 0
    lines: list[bytes] = field(default_factory=list)
    blobs: dict[str, bytes] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    skipped: int = 0
    head_hash: str = ""
    head_mac: str | None = None
    size: int = 0
    past_epochs: list[str] = field(default_factory=list)

    @property
    def entries(self) -> bytes:
        """``entries.jsonl``."""
        return b"".join(self.lines)

    @property
    def manifest(self) -> dict[str, Any]:
        """``manifest.json``: what the package holds and where its range ends in the chain."""
        return {
            "format": FORMAT,
            "school": self.school,
            "epoch": self.epoch,
            "from": self.first,
            "to": self.last,
            "changes": len(self.lines),
            "skipped": self.skipped,
            "entities": dict(sorted(self.counts.items())),
            "blobs": sorted(self.blobs),
            "head_hash": self.head_hash,
            "head_mac": self.head_mac,
            "entries_sha256": hashlib.sha256(self.entries).hexdigest(),
            "past_epochs": list(self.past_epochs),
        }


def past_epochs(session: Session) -> list[str]:
    """The epochs this journal was restored away from, oldest first (its epoch events): the
    hub knows from them that a package of one of those epochs is superseded, not new."""
    rows = session.scalars(
        select(JournalEntry.changes)
        .where(JournalEntry.entity_type == "journal", JournalEntry.op == OP_EVENT)
        .order_by(JournalEntry.seq)
    )
    out: list[str] = []
    for raw in rows:
        previous = json.loads(raw).get("previous") or ""
        if previous and previous not in out:
            out.append(previous)
    return out


def wire_change(entity: Entity, entry: JournalEntry) -> dict[str, Any]:
    """One journal entry as a wire change."""
    changes = json.loads(entry.changes)
    if entry.op == OP_UPDATE:
        changes = {k: pair[1] for k, pair in changes.items()}
    return {
        "entity": entity.tag,
        "id": entry.entity_id,
        "event": EVENTS[entry.op],
        "version": entry.seq,
        "at": format_time(entry.at),
        "fields": entity.to_wire(changes),
    }


def _blob(session: Session, entity: Entity, entry: JournalEntry) -> tuple[str, bytes] | None:
    """The bytes a ``new`` change names (a kept PDF), with their SHA-256."""
    if not entity.blobs or entry.op != OP_INSERT:
        return None
    table = Base.metadata.tables[entity.table]
    column = next(iter(entity.blobs))
    data = session.scalar(select(table.c[column]).where(table.c.id == uuid.UUID(entry.entity_id)))
    if data is None:
        return None
    data = bytes(data)
    return hashlib.sha256(data).hexdigest(), data


def _entries(session: Session, after: int, upto: int) -> Iterator[JournalEntry]:
    """Entries ``after+1 .. upto`` in order, read in batches (``journal.since``)."""
    last = after
    while last < upto:
        rows = [r for r in journal.since(session, last, _BATCH) if r.seq <= upto]
        if not rows:
            return
        yield from rows
        last = rows[-1].seq


def build_payloads(
    session: Session,
    school: str,
    epoch: str,
    after: int,
    upto: int,
    cap: int = DEFAULT_CAP,
    progress: Progress | None = None,
) -> list[Payload]:
    """The changes numbered ``after+1 .. upto``, cut into payloads of at most ``cap`` bytes.

    Numbers must be contiguous (the journal's chain guarantees it); a single change larger
    than ``cap`` is refused with a message naming it, never cut. ``progress`` counts the
    entries read; its Hủy stops before anything is written."""
    progress = progress or NullProgress()
    out: list[Payload] = []
    current = Payload(school, epoch, after + 1)
    expected = after + 1
    for entry in _entries(session, after, upto):
        if entry.seq != expected:
            raise ValidationError(M.gap.format(expected=expected, found=entry.seq))
        expected += 1
        if (entry.seq - after) % _BATCH == 1:
            check_cancel(progress)
            progress.update(entry.seq - after, upto - after, M.progress_reading, M.unit_entries)
        line = _line(session, entry)
        alone = _cost(line, None)
        if alone > cap:
            raise ValidationError(M.too_large.format(seq=entry.seq, size=alone, cap=cap))
        if current.size + _cost(line, current) > cap and current.last >= current.first:
            out.append(current)
            current = Payload(school, epoch, entry.seq)
        current.size += _cost(line, current)
        _add(current, entry, line)
    if expected - 1 != upto:
        raise ValidationError(M.gap.format(expected=expected, found=upto))
    if current.last >= current.first:
        out.append(current)
    return out


_Line = tuple[bytes, str, tuple[str, bytes] | None]


def _line(session: Session, entry: JournalEntry) -> _Line:
    """The entry's JSON line, its entity tag and its blob ("" and none when it stays)."""
    entity = entity_for(entry.entity_type) if entry.op in EVENTS else None
    if entity is None:
        return b"", "", None
    text = json.dumps(wire_change(entity, entry), ensure_ascii=False, sort_keys=True)
    return (text + "\n").encode("utf-8"), entity.tag, _blob(session, entity, entry)


def _cost(line: _Line, payload: Payload | None) -> int:
    """The bytes ``line`` adds to ``payload`` (its blob counts once per payload)."""
    blob = line[2]
    shared = blob is not None and payload is not None and blob[0] in payload.blobs
    return len(line[0]) + (len(blob[1]) if blob is not None and not shared else 0)


def _add(payload: Payload, entry: JournalEntry, line: _Line) -> None:
    data, tag, blob = line
    payload.last = entry.seq
    payload.head_hash, payload.head_mac = entry.hash, entry.mac
    if not data:
        payload.skipped += 1
        return
    payload.lines.append(data)
    payload.counts[tag] = payload.counts.get(tag, 0) + 1
    if blob is not None:
        payload.blobs.setdefault(blob[0], blob[1])

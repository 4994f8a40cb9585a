"""Applying one verified package's changes to the hub's records (issue 10 §4, decision 022 §3).

Checks first, writes after: the manifest must describe the package exactly (school, epoch,
range, counts, the SHA-256 of ``entries.jsonl``), every change must be well-formed and of
an entity version the hub reads, every blob it names must be in the package. Any failure
refuses the whole package (``Refused``) before a row is written.

Then, per record, the highest version wins: ``new`` and ``snapshot`` set every field,
``update`` merges the changed fields into what the hub holds, ``cancel`` marks the record
deleted with its last state. A change at or below the version the hub holds is a stale
replay and is skipped. Rows are read and written in batches (one SELECT per entity and
batch of ids, one executemany per kind of write).
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, String, and_, any_, bindparam, insert, select, update
from sqlalchemy.dialects.postgresql import ARRAY

from app.hub import schema as t
from app.messages.hub import HUB_MSG as M
from app.sync.entities import ENTITIES
from app.sync.receipt_file import EntryProblem

EVENTS = frozenset({"new", "update", "cancel", "snapshot"})
READABLE: Mapping[str, tuple[str, int]] = {e.tag: (e.name, e.version) for e in ENTITIES}
"""Entity tags this hub reads → (entity name, version). A later version gets its reader here."""
_BATCH = 1_000


class Refused(Exception):
    """The package cannot be applied; ``detail`` says why in Vietnamese."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


@dataclass(frozen=True)
class Change:
    entity: str
    entity_version: int
    record_id: str
    event: str
    version: int
    fields: dict[str, Any]


@dataclass
class Applied:
    """What applying did: counts per entity, stale replays skipped, per-entry problems."""

    counts: dict[str, int] = field(default_factory=dict)
    stale: int = 0
    problems: list[EntryProblem] = field(default_factory=list)


def check_manifest(manifest: Mapping[str, Any], header: Any, entries: bytes) -> None:
    """The manifest matches the header and the entries, field by field."""
    expected = {"school": header.school, "epoch": header.epoch, "from": header.seq_from,
                "to": header.seq_to}  # fmt: skip
    for name, value in expected.items():
        if manifest.get(name) != value:
            raise Refused(M.manifest_bad.format(field=name))
    if manifest.get("entries_sha256") != hashlib.sha256(entries).hexdigest():
        raise Refused(M.manifest_bad.format(field="entries_sha256"))
    changes, skipped = manifest.get("changes"), manifest.get("skipped")
    if not isinstance(changes, int) or not isinstance(skipped, int):
        raise Refused(M.manifest_bad.format(field="changes"))
    if changes + skipped != header.seq_to - header.seq_from + 1:
        raise Refused(M.manifest_bad.format(field="skipped"))


def parse_changes(entries: bytes, first: int, last: int, count: int) -> list[Change]:
    """Every line of ``entries.jsonl`` as a ``Change``; a bad line refuses the package."""
    out: list[Change] = []
    lines = entries.decode("utf-8", errors="strict").splitlines() if entries else []
    if len(lines) != count:
        raise Refused(M.manifest_bad.format(field="changes"))
    previous = first - 1
    for number, line in enumerate(lines, start=1):
        try:
            raw = json.loads(line)
        except ValueError as exc:
            raise Refused(M.entry_bad.format(line=number, field="json")) from exc
        out.append(_change(raw, number, previous, last))
        previous = out[-1].version
    return out


def _change(raw: Any, number: int, previous: int, last: int) -> Change:
    def bad(name: str) -> Refused:
        return Refused(M.entry_bad.format(line=number, field=name))

    if not isinstance(raw, dict):
        raise bad("json")
    tag = raw.get("entity")
    if not isinstance(tag, str):
        raise bad("entity")
    if tag not in READABLE:
        raise Refused(M.entity_unknown.format(entity=tag))
    record_id = raw.get("id")
    try:
        uuid.UUID(str(record_id))
    except ValueError as exc:
        raise bad("id") from exc
    if raw.get("event") not in EVENTS:
        raise bad("event")
    version = raw.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or not previous < version <= last:
        raise bad("version")
    fields = raw.get("fields")
    if not isinstance(fields, dict):
        raise bad("fields")
    name, entity_version = READABLE[tag]
    return Change(name, entity_version, str(record_id), raw["event"], version, fields)


def blob_names(changes: Iterable[Change]) -> set[str]:
    """The blobs the changes name (a kept PDF's SHA-256 field)."""
    wanted = {(e.name, f) for e in ENTITIES for f in e.blobs.values()}
    return {
        str(c.fields[f])
        for c in changes
        for n, f in wanted
        if c.entity == n and c.event != "cancel" and c.fields.get(f)
    }


def apply_changes(
    conn: Connection, school: str, epoch: str, package_id: str, changes: list[Change],
    now: datetime,
) -> Applied:  # fmt: skip
    """Write ``changes`` (already checked) to ``hub_record``; highest version wins."""
    result = Applied()
    for start in range(0, len(changes), _BATCH * 5):
        _apply_batch(conn, school, epoch, package_id, changes[start : start + _BATCH * 5],
                     now, result)  # fmt: skip
    return result


def _existing(
    conn: Connection, school: str, keys: set[tuple[str, str]]
) -> dict[tuple[str, str], dict[str, Any]]:
    by_entity: dict[str, list[str]] = {}
    for entity, record_id in keys:
        by_entity.setdefault(entity, []).append(record_id)
    r = t.record.c
    found: dict[tuple[str, str], dict[str, Any]] = {}
    postgres = conn.dialect.name == "postgresql"
    for entity, ids in by_entity.items():
        for start in range(0, len(ids), _BATCH):
            chunk = ids[start : start + _BATCH]
            # PostgreSQL: one array parameter, which the planner takes to the key's index even
            # on a partition loaded a moment ago (a long IN list made it filter the school's rows).
            wanted = (
                r.record_id == any_(bindparam("ids", chunk, type_=ARRAY(String)))
                if postgres
                else r.record_id.in_(chunk)
            )
            rows = conn.execute(
                select(r.record_id, r.epoch, r.version, r.fields, r.deleted).where(
                    r.school_code == school, r.entity == entity, wanted
                )
            )
            for row in rows:
                found[(entity, row.record_id)] = {
                    "epoch": row.epoch, "version": row.version, "fields": dict(row.fields),
                    "deleted": row.deleted,
                }  # fmt: skip
    return found


def _apply_batch(
    conn: Connection, school: str, epoch: str, package_id: str, changes: list[Change],
    now: datetime, result: Applied,
) -> None:  # fmt: skip
    keys = {(c.entity, c.record_id) for c in changes}
    existing = _existing(conn, school, keys)
    state: dict[tuple[str, str], dict[str, Any]] = {}
    for c in changes:
        key = (c.entity, c.record_id)
        held = state.get(key) or existing.get(key)
        if held is not None and held["epoch"] == epoch and held["version"] >= c.version:
            result.stale += 1
            continue
        if c.event in ("new", "snapshot") or held is None:
            if held is None and c.event in ("update", "cancel"):
                result.problems.append(EntryProblem(
                    c.version, M.problem_missing_record.format(event=c.event),
                    f"{c.entity}@{c.entity_version}", c.record_id,
                ))  # fmt: skip
            fields = dict(c.fields)
        else:
            fields = {**held["fields"], **c.fields}
        state[key] = {"epoch": epoch, "version": c.version, "fields": fields,
                      "deleted": c.event == "cancel", "entity_version": c.entity_version}  # fmt: skip
        tag = f"{c.entity}@{c.entity_version}"
        result.counts[tag] = result.counts.get(tag, 0) + 1
    inserts: list[dict[str, Any]] = []
    updates: list[dict[str, Any]] = []
    for (entity, record_id), s in state.items():
        row = {"school_code": school, "entity": entity, "record_id": record_id,
               "entity_version": s["entity_version"], "epoch": epoch, "version": s["version"],
               "fields": s["fields"], "deleted": s["deleted"], "package_id": package_id,
               "updated_at": now}  # fmt: skip
        (updates if (entity, record_id) in existing else inserts).append(row)
    if inserts:
        conn.execute(insert(t.record), inserts)
    if updates:
        r = t.record.c
        names = ("entity_version", "epoch", "version", "fields", "deleted", "package_id",
                 "updated_at")  # fmt: skip
        conn.execute(
            update(t.record)
            .where(
                and_(
                    r.school_code == bindparam("k_school"),
                    r.entity == bindparam("k_entity"),
                    r.record_id == bindparam("k_id"),
                )
            )  # fmt: skip
            .values({n: bindparam(f"v_{n}") for n in names}),
            [
                {
                    "k_school": u["school_code"],
                    "k_entity": u["entity"],
                    "k_id": u["record_id"],
                    **{f"v_{n}": u[n] for n in names},
                }
                for u in updates
            ],  # fmt: skip
        )

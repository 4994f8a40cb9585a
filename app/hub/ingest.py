"""The hub's file-based ingest (issue 10 §4): verify, decrypt, check, apply, answer.

``ingest_file`` takes one ``.tspkg``. Everything about one package happens in **one
transaction**: the package's row, its records, its blobs, the school's high-water mark and
the ledger entry are committed together or not at all, and the signed receipt is written
after the commit (a receipt never claims what was not committed; a crash before it is
repaired by the replay, which answers the same).

What a package gets (``ReceiptStatus``):
- **accepted**: applied; the high-water mark moves to its last number.
- **duplicate**: its numbers were applied before under another package id, nothing to do;
  or a package of an epoch the school restored away from (kept, never applied).
- **held**: a gap before it, or a school whose key the operator has not approved yet. Kept
  (bytes and all) and tried again at every ingest; nothing is lost.
- **baseline_needed**: a new epoch (the school restored a backup) whose start the hub has
  not got: the school sends the epoch from number 1 (its unconfirmed packages, re-exported).
- **rejected**: a check failed (signature, key, decryption, hash, zip, manifest, an entity
  the hub cannot read); kept in quarantine with the reason, tried again when it comes back.

A package id applied once answers the same stored receipt when replayed.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, delete, insert, literal, select, text, update

from app.db import make_engine, utcnow
from app.hub import schema as t
from app.hub.apply import (
    Refused,
    apply_changes,
    blob_names,
    check_manifest,
    parse_changes,
)
from app.hub.keys import HubKeys
from app.hub.ledger import append as ledger_append
from app.hub.receipts import SUPERSEDED, Decision, issue_receipt
from app.messages.hub import HUB_MSG as M
from app.sync.package_file import (
    Package,
    PackageHeader,
    PackageRejected,
    header_of,
    open_package,
    read_limit,
)
from app.sync.receipt_file import ReceiptStatus as S
from app.sync.school_key import fingerprint

KEPT = (S.HELD, S.BASELINE_NEEDED, S.REJECTED)
"""Statuses whose package bytes the hub keeps, to try again."""


@dataclass
class Hub:
    """The hub's database and keys."""

    engine: Engine
    keys: HubKeys

    @property
    def writer(self) -> Engine:
        """Write transactions: on SQLite they take the write lock at BEGIN, so two ingests
        wait for each other instead of failing when one upgrades its read to a write."""
        if self.engine.dialect.name == "sqlite":
            return self.engine.execution_options(sqlite_begin="BEGIN IMMEDIATE")
        return self.engine

    @classmethod
    def open(cls, url: str, keys: HubKeys) -> Hub:
        engine = make_engine(url)
        t.ensure_schema(engine)
        return cls(engine, keys)

    def dispose(self) -> None:
        self.engine.dispose()


@dataclass
class Outcome:
    """What happened to one file."""

    file: str
    status: str
    reason: str = ""
    school: str = ""
    package_id: str = ""
    receipt: bytes | None = None
    counts: dict[str, int] = field(default_factory=dict)


def _now(now: datetime | None) -> datetime:
    return now or utcnow()


def ingest_bytes(hub: Hub, data: bytes, name: str, now: datetime | None = None) -> Outcome:
    """One package's bytes through every check to a decision and a signed receipt."""
    now = _now(now)
    try:
        if len(data) > read_limit():
            raise PackageRejected("size", M.unreadable.format(file=name, detail=len(data)))
        header = header_of(data, name)
    except PackageRejected as exc:
        return _unreadable(hub, data, name, exc.message, now)
    with hub.writer.begin() as conn:
        _lock_school(conn, header.school)
        prior = conn.execute(
            select(t.package.c.status, t.package.c.receipt).where(
                t.package.c.package_id == header.package_id
            )
        ).one_or_none()
        if prior is not None and prior.status not in KEPT and prior.receipt:
            conn.execute(
                update(t.package).where(t.package.c.package_id == header.package_id)
                .values(attempts=t.package.c.attempts + 1)
            )  # fmt: skip
            return Outcome(name, prior.status, "", header.school, header.package_id,
                           prior.receipt.encode("utf-8"))  # fmt: skip
        decision, package, counts = _decide(hub, conn, header, data, name, now)
        receipt = issue_receipt(conn, hub.keys, header, decision, now)
        _store(conn, header, data, name, decision, receipt, counts, now, prior is not None)
        if decision.status in (S.ACCEPTED, S.DUPLICATE, SUPERSEDED):
            ledger_append(conn, header, decision, counts, now)
    return Outcome(name, str(decision.status), decision.reason, header.school,
                   header.package_id, receipt, counts)  # fmt: skip


def _unreadable(hub: Hub, data: bytes, name: str, detail: str, now: datetime) -> Outcome:
    digest = hashlib.sha256(data).hexdigest()
    reason = M.unreadable.format(file=Path(name).name, detail=detail)
    with hub.writer.begin() as conn:
        _lock_school(conn, f"unreadable:{digest}")
        if conn.scalar(select(t.unreadable.c.sha256).where(t.unreadable.c.sha256 == digest)):
            conn.execute(update(t.unreadable).where(t.unreadable.c.sha256 == digest)
                         .values(received_at=now))  # fmt: skip
        else:
            conn.execute(insert(t.unreadable).values(
                sha256=digest, file_name=Path(name).name[:260], reason=reason, size=len(data),
                data=data if len(data) <= read_limit() else None, received_at=now,
            ))  # fmt: skip
    return Outcome(name, str(S.REJECTED), reason)


def _lock_school(conn: Connection, code: str) -> None:
    """PostgreSQL: one school's packages are decided one at a time, from before the package's
    earlier answer is read (two workers with the same stick), even for a school not yet known."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(hashtext(:k))"), {"k": f"hub:{code}"})


def _school_row(conn: Connection, code: str) -> Any:
    query = select(t.school).where(t.school.c.code == code)
    if conn.dialect.name == "postgresql":
        query = query.with_for_update()  # one school's packages decided one at a time
    return conn.execute(query).one_or_none()


def _decide(
    hub: Hub, conn: Connection, header: PackageHeader, data: bytes, name: str, now: datetime
) -> tuple[Decision, Package | None, dict[str, int]]:
    row = _school_row(conn, header.school)
    claimed = _claimed_key(header)
    key = row.public_key if row is not None and row.approved_at is not None else claimed
    try:
        package = open_package(data, name, school_public_key=key, hub_private_key=hub.keys.crypt)
        check_manifest(package.manifest, header, package.entries)
        changes = parse_changes(package.entries, header.seq_from, header.seq_to,
                                package.manifest["changes"])  # fmt: skip
        missing = blob_names(changes) - set(package.blobs)
        if missing:
            raise Refused(M.blob_missing.format(sha256=sorted(missing)[0]))
    except PackageRejected as exc:
        return Decision(S.REJECTED, M.rejected.format(detail=exc.message)), None, {}
    except Refused as exc:
        return Decision(S.REJECTED, M.rejected.format(detail=exc.detail)), None, {}
    if row is None:
        conn.execute(insert(t.school).values(
            code=header.school, public_key=claimed, fingerprint=fingerprint(claimed),
            approved_at=None, approved_by="", epoch=None, high_water=None, chain_hash=None,
            past_epochs=[], first_seen_at=now, updated_at=now,
        ))  # fmt: skip
        row = _school_row(conn, header.school)
    elif row.approved_at is None and bytes(row.public_key) != claimed:
        conn.execute(update(t.school).where(t.school.c.code == header.school).values(
            public_key=claimed, fingerprint=fingerprint(claimed), updated_at=now))  # fmt: skip
    if row.approved_at is None:
        reason = M.held_not_approved.format(school=header.school, fingerprint=header.school_key)
        return Decision(S.HELD, reason), package, {}
    return _by_epoch(conn, row, header, package, changes, now)


def _claimed_key(header: PackageHeader) -> bytes:
    return base64.b64decode(header.school_public_key)


def _by_epoch(
    conn: Connection, row: Any, header: PackageHeader, package: Package, changes: list[Any],
    now: datetime,
) -> tuple[Decision, Package | None, dict[str, int]]:  # fmt: skip
    current, high = row.epoch, row.high_water or 0
    past = list(row.past_epochs or [])
    if header.epoch != current and header.epoch in past:
        return Decision(SUPERSEDED, M.superseded.format(epoch=header.epoch[:8])), package, {}
    if header.epoch != current:
        lineage = {e for e in package.manifest.get("past_epochs") or [] if isinstance(e, str)}
        related = current is None or bool(lineage & {current, *past})
        if not related and header.epoch != row.allowed_epoch:
            reason = M.held_unrelated.format(school=header.school, epoch=header.epoch)
            return Decision(S.HELD, reason), package, {}
        if header.seq_from != 1:
            return Decision(S.BASELINE_NEEDED,
                            M.baseline_needed.format(epoch=header.epoch[:8])), package, {}  # fmt: skip
        _new_epoch(conn, row, header, package, past, now)
        high = 0
    elif header.seq_to <= high:
        reason = M.duplicate.format(first=header.seq_from, last=header.seq_to)
        return Decision(S.DUPLICATE, reason), package, {}
    elif header.seq_from > high + 1:
        reason = M.held_gap.format(first=high + 1, last=header.seq_from - 1)
        return Decision(S.HELD, reason), package, {}
    fresh = [c for c in changes if c.version > high]
    applied = apply_changes(conn, header.school, header.epoch, header.package_id, fresh, now)
    _store_blobs(conn, header.school, package.blobs, now)
    conn.execute(update(t.school).where(t.school.c.code == header.school).values(
        high_water=header.seq_to, chain_hash=package.manifest.get("head_hash"),
        updated_at=now))  # fmt: skip
    return Decision(S.ACCEPTED, "", applied.problems), package, applied.counts


def _new_epoch(
    conn: Connection, row: Any, header: PackageHeader, package: Package, past: list[str],
    now: datetime,
) -> None:  # fmt: skip
    """The school restored: its records so far go to the archive, the new epoch starts empty."""
    r = t.record.c
    if row.epoch is not None:
        conn.execute(
            insert(t.record_archive).from_select(
                [
                    "school_code",
                    "entity",
                    "record_id",
                    "epoch",
                    "version",
                    "fields",
                    "deleted",
                    "package_id",
                    "archived_at",
                    "new_epoch",
                ],  # fmt: skip
                select(
                    r.school_code,
                    r.entity,
                    r.record_id,
                    r.epoch,
                    r.version,
                    r.fields,
                    r.deleted,
                    r.package_id,
                    literal(now, t.record_archive.c.archived_at.type),
                    literal(header.epoch),
                ).where(r.school_code == header.school),  # fmt: skip
            )
        )
        conn.execute(delete(t.record).where(r.school_code == header.school))
        past.append(row.epoch)
    lineage = package.manifest.get("past_epochs") or []
    past += [e for e in lineage if isinstance(e, str) and e not in past and e != header.epoch]
    conn.execute(update(t.school).where(t.school.c.code == header.school).values(
        epoch=header.epoch, high_water=0, chain_hash=None, past_epochs=past,
        updated_at=now))  # fmt: skip


def _store_blobs(conn: Connection, school: str, blobs: dict[str, bytes], now: datetime) -> None:
    if not blobs:
        return
    have = set(conn.scalars(select(t.blob.c.sha256).where(t.blob.c.sha256.in_(list(blobs)))))
    rows = [{"sha256": k, "size": len(v), "data": v, "school_code": school, "stored_at": now}
            for k, v in blobs.items() if k not in have]  # fmt: skip
    if rows:
        conn.execute(insert(t.blob), rows)


def _store(
    conn: Connection, header: PackageHeader, data: bytes, name: str, decision: Decision,
    receipt: bytes, counts: dict[str, int], now: datetime, known: bool,
) -> None:  # fmt: skip
    keep = decision.status in KEPT or decision.status == SUPERSEDED
    values = {
        "school_code": header.school, "epoch": header.epoch, "seq_from": header.seq_from,
        "seq_to": header.seq_to, "status": str(decision.status), "reason": decision.reason,
        "file_name": Path(name).name[:260], "size": len(data),
        "sha256": hashlib.sha256(data).hexdigest(), "data": data if keep else None,
        "receipt": receipt.decode("utf-8"), "counts": counts or None, "decided_at": now,
    }  # fmt: skip
    p = t.package.c
    if known:
        conn.execute(update(t.package).where(p.package_id == header.package_id)
                     .values(**values, attempts=p.attempts + 1))  # fmt: skip
    else:
        conn.execute(insert(t.package).values(package_id=header.package_id, attempts=1,
                                              received_at=now, **values))  # fmt: skip

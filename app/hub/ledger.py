"""The hub's own journal: one chained entry per package it decided (decision 022 §6).

The hub does not journal the rows it writes for a school (they are the school's changes, not
the hub's edits); it journals, per package, what it took: the school, the package, the epoch
and range, the school's chain hash at the end and the counts applied. Each entry's hash
covers the previous one, so the ledger cannot be shortened or edited unseen (``verify``).
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime

from sqlalchemy import Connection, insert, select, text

from app.hub import schema as t
from app.hub.receipts import Decision
from app.journal_schema import format_time
from app.sync.package_file import PackageHeader

GENESIS = "0" * 64


def _digest(prev: str, body: dict[str, object]) -> str:
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(prev.encode("ascii") + canonical.encode("utf-8")).hexdigest()


def _body(row: dict[str, object]) -> dict[str, object]:
    return {k: row[k] for k in ("seq", "at", "school_code", "package_id", "epoch", "seq_from",
                                "seq_to", "status", "chain_hash", "counts")}  # fmt: skip


def append(
    conn: Connection, header: PackageHeader, decision: Decision, counts: dict[str, int],
    now: datetime,
) -> None:  # fmt: skip
    """One entry for a package just decided, in the same transaction as what it did."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(hashtext('hub_ledger'))"))
    last = conn.execute(select(t.ledger.c.seq, t.ledger.c.hash).order_by(t.ledger.c.seq.desc())
                        .limit(1)).one_or_none()  # fmt: skip
    seq, prev = (last.seq + 1, last.hash) if last is not None else (1, GENESIS)
    chain = conn.scalar(select(t.school.c.chain_hash).where(t.school.c.code == header.school))
    row: dict[str, object] = {
        "seq": seq, "at": format_time(now), "school_code": header.school,
        "package_id": header.package_id, "epoch": header.epoch, "seq_from": header.seq_from,
        "seq_to": header.seq_to, "status": str(decision.status), "chain_hash": chain,
        "counts": dict(sorted(counts.items())),
    }  # fmt: skip
    digest = _digest(prev, _body(row))
    conn.execute(insert(t.ledger).values({**row, "at": now, "prev_hash": prev, "hash": digest}))


def verify(conn: Connection) -> tuple[bool, int]:
    """Whether every ledger entry chains to the one before; and how many there are."""
    prev, count = GENESIS, 0
    for row in conn.execute(select(t.ledger).order_by(t.ledger.c.seq)).mappings():
        body = dict(_body(dict(row)))
        body["at"] = format_time(row["at"])
        if row["prev_hash"] != prev or _digest(prev, body) != row["hash"]:
            return False, count
        prev, count = row["hash"], count + 1
    return True, count

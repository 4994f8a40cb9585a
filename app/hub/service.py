"""The hub operator's jobs: ingest a folder (a USB stick, a mailbox folder), release what was
held, approve a school's key, list schools and the packages that wait (issue 10 §4, §6).

Receipts are written to ``<root>/TruongSo/bienNhan/<school code>/<package id>.json``, whole
or not at all: the school takes them back from the same stick (``sync receipts``).
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select, update

from app.atomic_file import written_beside
from app.db import utcnow
from app.errors import NotFound, ValidationError
from app.hub import schema as t
from app.hub.ingest import Hub, Outcome, ingest_bytes
from app.messages.hub import HUB_MSG as M
from app.sync.package_file import PackageRejected, header_of, read_header, read_limit
from app.sync.receipt_file import ReceiptStatus as S

RECEIPTS = ("TruongSo", "bienNhan")
WAITING = (str(S.HELD), str(S.BASELINE_NEEDED))
UNREADABLE = "unreadable"


def receipt_path(root: Path, school: str, package_id: str) -> Path:
    return root.joinpath(*RECEIPTS, school, f"{package_id}.json")


def _write_receipt(root: Path | None, outcome: Outcome) -> None:
    if root is None or outcome.receipt is None or not outcome.package_id:
        return
    dest = receipt_path(root, outcome.school, outcome.package_id)
    dest.parent.mkdir(parents=True, exist_ok=True)
    with written_beside(dest, 0o644) as tmp:
        tmp.write_bytes(outcome.receipt)


def _order(path: Path) -> tuple[int, str, str, int, str]:
    """Files in journal order per school (a gap is then only a real gap)."""
    try:
        h = read_header(path)
        return (0, h.school, h.epoch, h.seq_from, path.name)
    except PackageRejected:
        return (1, "", "", 0, path.name)


def ingest_folder(
    hub: Hub, folder: Path, receipts_root: Path | None, now: datetime | None = None
) -> list[Outcome]:
    """Every ``.tspkg`` under ``folder``, then whatever they released; receipts written."""
    out: list[Outcome] = []
    for path in sorted(folder.rglob("*.tspkg"), key=_order):
        try:
            with open(path, "rb") as fh:
                data = fh.read(read_limit() + 1)
        except OSError as exc:
            out.append(Outcome(path.name, str(S.REJECTED),
                               M.unreadable.format(file=path, detail=exc.strerror or exc)))  # fmt: skip
            continue
        outcome = ingest_bytes(hub, data, str(path), now)
        _write_receipt(receipts_root, outcome)
        out.append(outcome)
    out += release_waiting(hub, receipts_root, now)
    return out


def release_waiting(
    hub: Hub, receipts_root: Path | None, now: datetime | None = None
) -> list[Outcome]:
    """Held packages tried again, in order, until none moves (a gap filled, a school
    approved); a new receipt for each that now has another answer."""
    out: list[Outcome] = []
    moved = True
    while moved:
        moved = False
        p = t.package.c
        with hub.engine.connect() as conn:
            waiting = conn.execute(
                select(p.package_id, p.status, p.reason, p.file_name)
                .where(p.status.in_(WAITING))
                .order_by(p.school_code, p.epoch, p.seq_from)  # fmt: skip
            ).all()
        for row in waiting:
            with hub.engine.connect() as conn:
                data = conn.scalar(select(p.data).where(p.package_id == row.package_id))
            if data is None:
                continue
            outcome = ingest_bytes(hub, bytes(data), row.file_name, now)
            if outcome.status != row.status:
                moved = True
            if outcome.status != row.status or outcome.reason != row.reason:
                # still held, but for another reason (approved, now a gap): the school hears it
                _write_receipt(receipts_root, outcome)
                out.append(outcome)
    return out


def retry(hub: Hub, package_id: str, receipts_root: Path | None) -> Outcome:
    """The operator fixed the cause of a rejected (or held) package: decide it again."""
    p = t.package.c
    with hub.engine.connect() as conn:
        row = conn.execute(select(p.data, p.file_name).where(p.package_id == package_id)).first()
    if row is None or row.data is None:
        raise NotFound(M.package_unknown.format(package=package_id))
    outcome = ingest_bytes(hub, bytes(row.data), row.file_name)
    _write_receipt(receipts_root, outcome)
    return outcome


def _kept_keys(conn: Any, code: str) -> dict[str, bytes]:
    """The signing keys (by fingerprint) in the headers of the school's kept packages: a school
    that lost its key sends its new one, which the operator approves by its fingerprint."""
    p = t.package.c
    keys: dict[str, bytes] = {}
    rows = conn.execute(select(p.data).where(p.school_code == code, p.data.is_not(None)))
    for (data,) in rows:
        try:
            header = header_of(bytes(data))
        except PackageRejected:
            continue
        keys.setdefault(header.school_key, base64.b64decode(header.school_public_key))
    return keys


def approve(hub: Hub, code: str, given: str, who: str, now: datetime | None = None) -> int:
    """Approve a school's key by the fingerprint its person read out; returns how many of its
    packages wait (``release_waiting`` then applies them). The fingerprint may be the key the
    hub has seen first, or a new key in a kept package (a PC that lost its keyring): that key
    then replaces the old, and the packages refused for the old key wait to be decided again."""
    s, p = t.school.c, t.package.c
    wanted = given.strip().upper()
    when = now or utcnow()
    with hub.writer.begin() as conn:
        row = conn.execute(select(s.fingerprint).where(s.code == code)).one_or_none()
        if row is None:
            raise NotFound(M.school_unknown.format(school=code))
        values: dict[str, Any] = {"approved_at": when, "approved_by": who, "updated_at": when}
        if wanted != row.fingerprint:
            key = _kept_keys(conn, code).get(wanted)
            if key is None:
                raise ValidationError(
                    M.approve_mismatch.format(given=given, school=code, actual=row.fingerprint)
                )
            values.update(public_key=key, fingerprint=wanted)
            conn.execute(update(t.package).where(
                p.school_code == code, p.status == str(S.REJECTED), p.data.is_not(None)
            ).values(status=str(S.HELD)))  # fmt: skip
        conn.execute(update(t.school).where(s.code == code).values(**values))
        held = conn.execute(
            select(p.package_id).where(p.school_code == code, p.status.in_(WAITING))
        ).all()
    return len(held)


def allow_new_start(hub: Hub, code: str, epoch: str, now: datetime | None = None) -> str:
    """The operator confirmed with the school that a database unrelated to the one the hub
    holds (a PC reinstalled from nothing) now speaks for it: its epoch may replace the
    school's records (the old ones go to the archive). ``epoch`` may be its first 8 digits."""
    p = t.package.c
    with hub.writer.begin() as conn:
        found = sorted({e for (e,) in conn.execute(
            select(p.epoch).where(p.school_code == code, p.status.in_(WAITING),
                                  p.epoch.startswith(epoch.strip().lower())))})  # fmt: skip
        if len(found) != 1:
            raise NotFound(M.new_start_unknown.format(school=code, epoch=epoch))
        conn.execute(update(t.school).where(t.school.c.code == code).values(
            allowed_epoch=found[0], updated_at=now or utcnow()))  # fmt: skip
    return found[0]


@dataclass(frozen=True)
class SchoolRow:
    code: str
    fingerprint: str
    approved: bool
    epoch: str | None
    high_water: int | None
    waiting: int
    rejected: int


def schools(hub: Hub) -> list[SchoolRow]:
    s, p = t.school.c, t.package.c
    with hub.engine.connect() as conn:
        counts: dict[tuple[str, str], int] = {}
        for code, status in conn.execute(select(p.school_code, p.status)):
            counts[(code, status)] = counts.get((code, status), 0) + 1
        rows = conn.execute(select(t.school).order_by(s.code)).all()
    return [
        SchoolRow(
            r.code,
            r.fingerprint,
            r.approved_at is not None,
            r.epoch,
            r.high_water,
            sum(counts.get((r.code, w), 0) for w in WAITING),
            counts.get((r.code, str(S.REJECTED)), 0),
        )  # fmt: skip
        for r in rows
    ]


def packages(hub: Hub, statuses: tuple[str, ...] | None = None) -> list[dict[str, Any]]:
    """Packages the hub holds, newest decision first (the operator's quarantine list)."""
    p = t.package.c
    query = select(p.package_id, p.school_code, p.epoch, p.seq_from, p.seq_to, p.status,
                   p.reason, p.attempts, p.decided_at, p.file_name)  # fmt: skip
    if statuses:
        query = query.where(p.status.in_(statuses))
    u = t.unreadable.c
    with hub.engine.connect() as conn:
        rows = [dict(r._mapping) for r in conn.execute(query)]
        if not statuses or UNREADABLE in statuses:  # no package id, but the operator sees them
            rows += [
                {"package_id": "", "school_code": "?", "epoch": "", "seq_from": 0, "seq_to": 0,
                 "status": UNREADABLE, "reason": r.reason, "attempts": 1,
                 "decided_at": r.received_at, "file_name": r.file_name}
                for r in conn.execute(select(u.file_name, u.reason, u.received_at))
            ]  # fmt: skip
    return sorted(rows, key=lambda r: _aware(r["decided_at"]), reverse=True)


def _aware(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment

"""The school's side of sync: make packages from the journal, hand them over on a USB stick or a
shared folder, take the hub's receipts back (issue 10 §1–§3).

- **Making** (``make_packages``): the journal after the last packaged number of this epoch,
  cut into payloads (``app.sync.payload``), each written as an encrypted, signed ``.tspkg``
  in the data folder's ``goi-di`` and put in the outbox. A file written but never queued (the
  PC died between the two) is removed at the next run and its range made again under a new
  package id: never sent, so never a duplicate at the hub.
- **USB / folder** (``export_to``): every package not yet confirmed is copied (whole or not
  at all) to ``TruongSo/guidi/<school code>/`` on the chosen drive or folder; those waiting
  are marked sent. Re-exporting is always safe: the hub is idempotent.
- **Receipts** (``import_receipts``): ``TruongSo/bienNhan/<school code>/*.json`` (and any
  lying flat in ``bienNhan``) verified with the hub
  profile's signing key before anything is marked; a receipt for another school or an
  unknown package is listed, never applied.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy import func, select

from app import journal, paths
from app.atomic_file import written_beside
from app.db import Actor, Database, utcnow
from app.errors import AppError
from app.messages.sync_payload import PAYLOAD_MSG as M
from app.permissions import Perm, require
from app.progress import NullProgress, Progress, check_cancel
from app.sync import outbox
from app.sync.hub_profile import require_profile
from app.sync.outbox import CONFIRMED, WAITING, OutboxPackage
from app.sync.package_file import write_package
from app.sync.payload import DEFAULT_CAP, build_payloads, past_epochs
from app.sync.receipt_check import keep_last_receipt
from app.sync.receipt_file import Receipt, read_receipt
from app.sync.reseal import reseal_stale
from app.sync.school_key import school_key

OUTGOING = "goi-di"
USB_OUT = ("TruongSo", "guidi")
USB_RECEIPTS = ("TruongSo", "bienNhan")


def outgoing_folder() -> Path:
    """Where made packages wait in the data folder."""
    return paths.data_dir() / OUTGOING


def _file_name(school: str, epoch: str, first: int, last: int, pid: uuid.UUID) -> str:
    return f"{school}_{epoch[:8]}_{first:09d}-{last:09d}_{pid}.tspkg"


def _remove_unqueued(db: Database) -> None:
    """Package files the outbox does not know (written, then the PC died before queueing)."""
    folder = outgoing_folder()
    if not folder.is_dir():
        return
    with db.read() as s:
        known = set(s.scalars(select(OutboxPackage.file_name)))
    for path in folder.glob("*.tspkg"):
        if path.name not in known:
            path.unlink(missing_ok=True)


def make_packages(
    db: Database, actor: Actor | None, cap: int = DEFAULT_CAP, progress: Progress | None = None
) -> list[uuid.UUID]:
    """Package every journal entry not yet packaged in this epoch; the new package ids.

    ``progress`` counts entries read, then packages written; Hủy stops between packages
    (those written stay queued, the next run goes on from there)."""
    require(actor, Perm.SYNC)
    progress = progress or NullProgress()
    profile = require_profile()
    _remove_unqueued(db)
    reseal_stale(db, actor, profile, outgoing_folder())
    school = db.school_code
    with db.read(actor) as s:
        epoch = journal.current_epoch(s)
        head = journal.head_seq(s)
        done = s.scalar(
            select(func.max(OutboxPackage.last_seq)).where(OutboxPackage.epoch == epoch)
        )
        if epoch is None or head <= (done or 0):
            return []
        payloads = build_payloads(s, school, epoch, done or 0, head, cap, progress)
        lineage = past_epochs(s)
    key = school_key(school)
    folder = outgoing_folder()
    folder.mkdir(parents=True, exist_ok=True)
    made = []
    for number, p in enumerate(payloads):
        p.past_epochs = lineage
        check_cancel(progress)
        progress.update(number, len(payloads), M.progress_writing, M.unit_packages)
        pid = uuid.uuid4()
        dest = folder / _file_name(school, epoch, p.first, p.last, pid)
        write_package(dest, school=school, epoch=epoch, seq_from=p.first, seq_to=p.last,
                      manifest=p.manifest, entries=p.entries, blobs=p.blobs, key=key,
                      hub_public=profile.encryption_key, package_id=str(pid),
                      max_bytes=cap + 256 * 1024)  # fmt: skip
        digest = hashlib.sha256(dest.read_bytes()).hexdigest()
        with db.uow(actor) as s:
            outbox.enqueue(s, pid, school, epoch, p.first, p.last, dest.name,
                           dest.stat().st_size, digest)  # fmt: skip
        made.append(pid)
    return made


@dataclass
class ExportResult:
    """What a USB export wrote."""

    folder: Path
    files: list[str] = field(default_factory=list)
    missing: list[tuple[str, str]] = field(default_factory=list)  # file, why it could not go


def export_to(
    db: Database,
    actor: Actor | None,
    root: Path,
    now: datetime | None = None,
    progress: Progress | None = None,
) -> ExportResult:
    """Copy every package not yet confirmed to ``root/TruongSo/guidi/<school>/``; ``progress``
    counts the packages copied, Hủy stops between two (each copied one is whole)."""
    require(actor, Perm.SYNC)
    progress = progress or NullProgress()
    now = now or utcnow()
    _remove_unqueued(db)
    reseal_stale(db, actor, require_profile(), outgoing_folder())  # gone or for an old hub key
    target = root.joinpath(*USB_OUT, db.school_code)
    target.mkdir(parents=True, exist_ok=True)
    result = ExportResult(target)
    with db.read(actor) as s:
        rows = s.scalars(
            select(OutboxPackage)
            .where(OutboxPackage.state != CONFIRMED)
            .order_by(OutboxPackage.epoch, OutboxPackage.first_seq)
        ).all()
        pending = [(r.id, r.file_name, r.state) for r in rows]
    for number, (pid, name, state) in enumerate(pending):
        check_cancel(progress)
        progress.update(number, len(pending), M.progress_copying, M.unit_packages)
        source = outgoing_folder() / name
        try:
            data = source.read_bytes()
        except OSError as exc:  # reported, and the others still go out
            result.missing.append((name, M.export_missing.format(reason=exc.strerror or exc)))
            continue
        with written_beside(target / name, 0o600) as part:
            part.write_bytes(data)
        result.files.append(name)
        if state == WAITING:
            with db.uow(actor) as s:
                outbox.sending(s, pid)
                outbox.sent(s, pid, now)
    return result


def _reason(receipt: Receipt) -> str:
    """The hub's reason, with the entries it could not apply cleanly (the first few)."""
    listed = [M.receipt_problem.format(seq=p.seq, problem=p.problem) for p in receipt.problems[:5]]
    more = len(receipt.problems) - len(listed)
    if more > 0:
        listed.append(M.receipt_problems_more.format(count=more))
    return " ".join([receipt.reason, *listed]).strip()


@dataclass
class ReceiptImport:
    """What the receipts said, and the files that could not be used (with why)."""

    applied: dict[str, str] = field(default_factory=dict)  # package id → status
    refused: list[tuple[str, str]] = field(default_factory=list)


def import_receipts(db: Database, actor: Actor | None, root: Path) -> ReceiptImport:
    """Read ``root/TruongSo/bienNhan/*.json``: each verified, then applied to the outbox."""
    require(actor, Perm.SYNC)
    profile = require_profile()
    folder = root.joinpath(*USB_RECEIPTS)
    out = ReceiptImport()
    # The hub writes TruongSo/bienNhan/<school>/…; a receipt sent by e-mail may lie flat.
    found = [*sorted(folder.glob("*.json")), *sorted((folder / db.school_code).glob("*.json"))]
    for path in found:
        try:
            receipt = read_receipt(path, profile.signing_key)
            if receipt.school != db.school_code:
                raise AppError(M.receipt_other_school.format(school=receipt.school))
            with db.uow(actor) as s:
                outbox.receipt(s, uuid.UUID(receipt.package_id), str(receipt.status),
                               _reason(receipt), utcnow())  # fmt: skip
                epoch = journal.current_epoch(s)
            keep_last_receipt(path, receipt, epoch)
        except (AppError, ValueError) as exc:
            out.refused.append((path.name, getattr(exc, "message", str(exc))))
            continue
        out.applied[receipt.package_id] = str(receipt.status)
    return out

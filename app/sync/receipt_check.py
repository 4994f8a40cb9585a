"""The school's journal against the hub's last receipt (issue 10 §1).

Each receipt carries the high-water mark the hub applied and the school's chain hash there.
The school keeps the signed receipt with the highest mark of its current epoch
(``bien-nhan-cuoi.json`` in the data folder, as the hub wrote it), and ``check`` compares its
own journal with it: the entry at that number must still have that hash. A journal rewritten
and re-chained from scratch, seals and all, still cannot match a hash the hub signed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import journal, paths
from app.atomic_file import written_beside
from app.errors import ValidationError
from app.journal_schema import JournalEntry
from app.messages.sync_payload import PAYLOAD_MSG as M
from app.sync.hub_profile import current_profile
from app.sync.receipt_file import Receipt, ReceiptStatus, read_receipt

LAST_RECEIPT = "bien-nhan-cuoi.json"


def last_receipt_path() -> Path:
    return paths.data_dir() / LAST_RECEIPT


def keep_last_receipt(source: Path, receipt: Receipt, epoch: str | None) -> None:
    """Keep ``source`` (already verified) when it marks further in the current epoch."""
    if (
        receipt.epoch != epoch
        or receipt.high_water is None
        or receipt.chain_hash is None
        or receipt.status not in (ReceiptStatus.ACCEPTED, ReceiptStatus.DUPLICATE)
    ):
        return
    kept = _kept()
    if kept is not None and kept.epoch == epoch and (kept.high_water or 0) >= receipt.high_water:
        return
    dest = last_receipt_path()
    dest.parent.mkdir(parents=True, exist_ok=True)
    with written_beside(dest, 0o600) as tmp:
        tmp.write_bytes(source.read_bytes())


def _kept() -> Receipt | None:
    profile = current_profile()
    path = last_receipt_path()
    if profile is None or not path.exists():
        return None
    try:
        return read_receipt(path, profile.signing_key)
    except ValidationError:
        return None


@dataclass(frozen=True)
class ReceiptCheck:
    ok: bool
    message: str


def verify_against_receipt(session: Session) -> ReceiptCheck:
    """The journal's entry at the last receipt's mark has the hash the hub signed."""
    path = last_receipt_path()
    if not path.exists():
        return ReceiptCheck(True, M.check_no_receipt)
    profile = current_profile()
    if profile is None:
        return ReceiptCheck(True, M.check_no_profile)
    try:
        receipt = read_receipt(path, profile.signing_key)
    except ValidationError as exc:
        return ReceiptCheck(False, M.check_receipt_bad.format(detail=exc.message))
    if receipt.epoch != journal.current_epoch(session):
        return ReceiptCheck(True, M.check_receipt_old_epoch)
    mark = receipt.high_water or 0
    found = session.scalar(select(JournalEntry.hash).where(JournalEntry.seq == mark))
    if found != receipt.chain_hash:
        return ReceiptCheck(False, M.check_receipt_mismatch.format(seq=mark))
    return ReceiptCheck(True, M.check_receipt_ok.format(seq=mark))

"""The hub's decision about one package, and the signed receipt that says it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import Connection, select

from app.hub import schema as t
from app.hub.keys import HubKeys
from app.journal_schema import format_time
from app.sync.package_file import PackageHeader
from app.sync.receipt_file import EntryProblem, Receipt, ReceiptStatus, receipt_bytes

SUPERSEDED = "superseded"
"""Kept for the record, never applied: the school restored away from its epoch. The receipt
says ``duplicate`` (nothing for the school to do) with the reason."""


@dataclass(frozen=True)
class Decision:
    status: str
    reason: str = ""
    problems: list[EntryProblem] = field(default_factory=list)

    @property
    def receipt_status(self) -> ReceiptStatus:
        return ReceiptStatus.DUPLICATE if self.status == SUPERSEDED else ReceiptStatus(self.status)


def issue_receipt(
    conn: Connection, keys: HubKeys, header: PackageHeader, decision: Decision, now: datetime
) -> bytes:
    """The signed receipt, with the school's high-water mark as it stands in this transaction."""
    row = conn.execute(
        select(t.school.c.epoch, t.school.c.high_water, t.school.c.chain_hash).where(
            t.school.c.code == header.school
        )
    ).one_or_none()
    high, chain = (row.high_water, row.chain_hash) if row is not None else (None, None)
    if row is None or row.epoch != header.epoch:
        high, chain = None, None
    receipt = Receipt(
        package_id=header.package_id,
        school=header.school,
        epoch=header.epoch,
        status=decision.receipt_status,
        issued_at=format_time(now)[:19] + "Z",
        reason=decision.reason,
        high_water=high or None,
        chain_hash=chain,
        problems=tuple(decision.problems),
    )
    return receipt_bytes(receipt, keys.sign)

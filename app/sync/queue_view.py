"""The outbox as the Đồng bộ panel and the home page read it (issue 10 §5): frozen rows, the
counts per state, the oldest package not yet confirmed, the receipts received.

Queries only: nothing here writes. Sizes and ages are written the Vietnamese way
("1,2 MB", "3 ngày"); the panel shows them as they are.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.db import Actor, utcnow
from app.errors import NotFound
from app.messages.sync_payload import PAYLOAD_MSG
from app.messages.sync_ui import SYNC_UI_MSG as M
from app.numbers import thousands
from app.permissions import Perm, can, require
from app.sync import outbox
from app.sync.outbox import (
    CONFIRMED,
    QUARANTINED,
    SENDING,
    SENT,
    STATE_LABELS,
    WAITING,
    OutboxPackage,
)

OUTBOX = OutboxPackage.__tablename__
"""The entity name the panel's commands carry in their ``Changes``."""
STATES = (WAITING, SENDING, SENT, CONFIRMED, QUARANTINED)
"""The states in the order a package goes through them (quarantine last)."""
LATE = timedelta(days=7)
"""An unconfirmed package older than this is shown in a warning colour on the home page."""


def human_size(size: int) -> str:
    """Bytes as a secretary reads them: "850 byte", "12 KB", "1,2 MB" (Vietnamese separators)."""
    if size < 1024:
        return M.size_bytes.format(n=size)
    if size < 1024 * 1024:
        return M.size_kb.format(n=thousands(round(size / 1024)))
    mb = size / (1024 * 1024)
    text = f"{mb:.1f}" if mb < 100 else thousands(round(mb))
    return M.size_mb.format(n=text.replace(".", ",") if mb < 100 else text)


def human_age(age: timedelta) -> str:
    """A duration in the largest whole unit: "vừa xong", "25 phút", "5 giờ", "3 ngày"."""
    minutes = int(age.total_seconds() // 60)
    if minutes < 1:
        return M.age_now
    if minutes < 60:
        return M.age_minutes.format(n=minutes)
    if minutes < 48 * 60:
        return M.age_hours.format(n=minutes // 60)
    return M.age_days.format(n=thousands(minutes // (24 * 60)))


def receipt_label(status: str) -> str:
    """The hub's answer in Vietnamese ("" when no receipt came yet)."""
    return M.receipt_labels.get(status, status)


@dataclass(frozen=True)
class QueueRow:
    """One package as the panel lists it."""

    package_id: uuid.UUID
    epoch: str
    first_seq: int
    last_seq: int
    file_name: str
    size: int
    sha256: str
    state: str
    attempts: int
    next_try_at: datetime | None
    last_error: str
    created_at: datetime
    sent_at: datetime | None
    confirmed_at: datetime | None
    receipt_status: str
    age: timedelta

    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.state]

    @property
    def range_text(self) -> str:
        return f"{thousands(self.first_seq)}–{thousands(self.last_seq)}"

    @property
    def entries(self) -> int:
        return self.last_seq - self.first_seq + 1

    @property
    def size_text(self) -> str:
        return human_size(self.size)

    @property
    def age_text(self) -> str:
        return human_age(self.age)

    @property
    def receipt_text(self) -> str:
        return receipt_label(self.receipt_status)


def _aware(moment: datetime | None) -> datetime | None:
    """SQLite gives naive UTC times back."""
    return moment.replace(tzinfo=UTC) if moment is not None and moment.tzinfo is None else moment


def _row(r: OutboxPackage, now: datetime) -> QueueRow:
    created = _aware(r.created_at) or now
    return QueueRow(
        package_id=r.id, epoch=r.epoch, first_seq=r.first_seq, last_seq=r.last_seq,
        file_name=r.file_name, size=r.size, sha256=r.sha256, state=r.state,
        attempts=r.attempts, next_try_at=_aware(r.next_try_at),
        last_error=r.last_error, created_at=created, sent_at=_aware(r.sent_at),
        confirmed_at=_aware(r.confirmed_at), receipt_status=r.receipt_status,
        age=max(now - created, timedelta(0)),
    )  # fmt: skip


def queue(
    session: Session, actor: Actor | None, state: str | None = None, now: datetime | None = None
) -> list[QueueRow]:
    """The packages (of one state, or all), in journal order."""
    require(actor, Perm.SYNC)
    now = now or utcnow()
    stmt = select(OutboxPackage).order_by(OutboxPackage.epoch, OutboxPackage.first_seq)
    if state is not None:
        stmt = stmt.where(OutboxPackage.state == state)
    return [_row(r, now) for r in session.scalars(stmt)]


def package(
    session: Session, actor: Actor | None, package_id: uuid.UUID, now: datetime | None = None
) -> QueueRow:
    """One package of the queue (``NotFound`` when the outbox does not know it)."""
    require(actor, Perm.SYNC)
    row = session.get(OutboxPackage, package_id)
    if row is None:
        raise NotFound(PAYLOAD_MSG.outbox_unknown.format(package=package_id))
    return _row(row, now or utcnow())


def counts(session: Session, actor: Actor | None) -> dict[str, int]:
    """How many packages are in each state (every state present, zero or not)."""
    require(actor, Perm.SYNC)
    found = dict(
        session.execute(
            select(OutboxPackage.state, func.count()).group_by(OutboxPackage.state)
        ).all()
    )
    return {state: int(found.get(state, 0)) for state in STATES}


def receipts(session: Session, actor: Actor | None, now: datetime | None = None) -> list[QueueRow]:
    """Packages the hub answered, newest answer first (a confirmation's time, else the send's)."""
    require(actor, Perm.SYNC)
    now = now or utcnow()
    rows = [
        _row(r, now)
        for r in session.scalars(select(OutboxPackage).where(OutboxPackage.receipt_status != ""))
    ]
    return sorted(
        rows, key=lambda r: (r.confirmed_at or r.sent_at or r.created_at, r.first_seq), reverse=True
    )


@dataclass(frozen=True)
class Oldest:
    """The home pages' figure: how long the oldest unconfirmed package has waited."""

    age: timedelta

    @property
    def late(self) -> bool:
        return self.age > LATE


def oldest_unconfirmed(
    session: Session, actor: Actor | None, now: datetime | None = None
) -> Oldest | None:
    """The oldest package not yet confirmed, for the home page (None: nothing waits, or
    ``actor`` does not send data)."""
    if not can(actor, Perm.SYNC):
        return None
    age = outbox.oldest_unsent_age(session, now or utcnow())
    return Oldest(max(age, timedelta(0))) if age is not None else None

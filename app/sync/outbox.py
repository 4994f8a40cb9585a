"""The outbox: every package made, and where it stands until the hub's receipt (issue 10 §2).

States: chờ gửi → đang gửi → đã gửi → đã xác nhận (the receipt said accepted or duplicate),
or cần xử lý (the hub rejected it, with its reason). Sending is at-least-once and the hub
is idempotent, so re-sending is always safe and a package id is never reused.

- **Back-off.** A failed send waits longer each time: 1 min, 2, 4… capped at 6 h, with ±20 %
  jitter so many schools do not retry in step. Retries never stop; the last error is kept
  in Vietnamese.
- **Clocks.** Order is by journal number, never by wall time. A next try further away than
  the cap (the PC's clock went back) counts as due now.
- **One bad package never blocks the others.** A rejected package leaves the queue for "cần
  xử lý"; the rest go on; the operator retries it once the cause is fixed.

The outbox is this PC's working state: it is not journalled and never travels
(``app.sync.entities.STAYS``).
"""

from __future__ import annotations

import random
import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import DateTime, Integer, String, Text, UniqueConstraint, Uuid, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from app.db import Base, utcnow
from app.errors import Conflict, NotFound
from app.messages.sync_payload import PAYLOAD_MSG as M

WAITING, SENDING, SENT, CONFIRMED, QUARANTINED = (
    "cho_gui", "dang_gui", "da_gui", "da_xac_nhan", "can_xu_ly",
)  # fmt: skip
STATE_LABELS = {
    WAITING: "Chờ gửi",
    SENDING: "Đang gửi",
    SENT: "Đã gửi",
    CONFIRMED: "Đã xác nhận",
    QUARANTINED: "Cần xử lý",
}
FIRST_WAIT = timedelta(minutes=1)
LONGEST_WAIT = timedelta(hours=6)
JITTER = 0.2


class OutboxPackage(Base):
    """One package made from the journal, and where it stands."""

    __tablename__ = "outbox_package"
    __table_args__ = (UniqueConstraint("epoch", "first_seq"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)  # the package id
    school_code: Mapped[str] = mapped_column(String(20))
    epoch: Mapped[str] = mapped_column(String(36))
    first_seq: Mapped[int] = mapped_column(Integer)
    last_seq: Mapped[int] = mapped_column(Integer)
    file_name: Mapped[str] = mapped_column(String(200))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    state: Mapped[str] = mapped_column(String(20), index=True, default=WAITING)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_try_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    last_error: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    confirmed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    receipt_status: Mapped[str] = mapped_column(String(20), default="")


def _aware(moment: datetime | None) -> datetime | None:
    """SQLite gives naive UTC times back."""
    return moment.replace(tzinfo=UTC) if moment is not None and moment.tzinfo is None else moment


def enqueue(
    session: Session,
    package_id: uuid.UUID,
    school: str,
    epoch: str,
    first: int,
    last: int,
    file_name: str,
    size: int,
    sha256: str,
) -> OutboxPackage:
    """A package just written: waiting to be sent."""
    row = OutboxPackage(
        id=package_id, school_code=school, epoch=epoch, first_seq=first, last_seq=last,
        file_name=file_name, size=size, sha256=sha256, state=WAITING, attempts=0,
        last_error="", created_at=utcnow(), receipt_status="",
    )  # fmt: skip
    session.add(row)
    session.flush()
    return row


def due(session: Session, now: datetime) -> list[OutboxPackage]:
    """What to send now, in journal order: waiting ones whose next try has come (or is
    further away than the longest wait: the clock went back)."""
    rows = session.scalars(
        select(OutboxPackage)
        .where(OutboxPackage.state == WAITING)
        .order_by(OutboxPackage.epoch, OutboxPackage.first_seq)
    ).all()
    out = []
    for row in rows:
        when = _aware(row.next_try_at)
        if when is None or when <= now or when - now > LONGEST_WAIT:
            out.append(row)
    return out


def _get(session: Session, package_id: uuid.UUID) -> OutboxPackage:
    row = session.get(OutboxPackage, package_id)
    if row is None:
        raise NotFound(M.outbox_unknown.format(package=package_id))
    return row


def backoff(attempts: int, rng: random.Random | None = None) -> timedelta:
    """How long to wait after ``attempts`` failed sends: doubling from a minute, capped, jittered."""
    base = min(FIRST_WAIT * (2 ** max(attempts - 1, 0)), LONGEST_WAIT)
    factor = 1 + (rng or random).uniform(-JITTER, JITTER)
    return min(base * factor, LONGEST_WAIT)


def sending(session: Session, package_id: uuid.UUID) -> None:
    """A send began."""
    row = _get(session, package_id)
    if row.state not in (WAITING, SENDING):
        raise Conflict(M.outbox_not_waiting.format(state=STATE_LABELS[row.state]))
    row.state = SENDING


def sent(session: Session, package_id: uuid.UUID, now: datetime) -> None:
    """Handed over (HTTP accepted it, or it was written to the USB folder)."""
    row = _get(session, package_id)
    row.state, row.sent_at, row.attempts, row.last_error = SENT, now, row.attempts + 1, ""


def failed(
    session: Session,
    package_id: uuid.UUID,
    error: str,
    now: datetime,
    rng: random.Random | None = None,
) -> None:
    """The send failed: back to waiting, with the error and the next try."""
    row = _get(session, package_id)
    row.attempts += 1
    row.state, row.last_error = WAITING, error
    row.next_try_at = now + backoff(row.attempts, rng)


def receipt(
    session: Session, package_id: uuid.UUID, status: str, reason: str, now: datetime
) -> None:
    """The hub's (verified) receipt: accepted or duplicate confirms; rejected quarantines with
    the hub's reason; held (a gap) keeps it sent with the reason. Applying one twice is harmless,
    and a confirmed package stays confirmed whatever an older receipt read after says."""
    row = _get(session, package_id)
    if row.state == CONFIRMED:
        return  # an older receipt read late (held, then accepted) never undoes a confirmation
    row.receipt_status = status
    if status in ("accepted", "duplicate"):
        # accepted with per-entry problems: the reason lists them (shown, never silently lost)
        row.state, row.confirmed_at, row.last_error = CONFIRMED, row.confirmed_at or now, reason
    elif status == "rejected":
        row.state, row.last_error = QUARANTINED, reason
    else:  # held, baseline_needed: the hub waits for something; the reason says what
        row.state, row.last_error = SENT, reason


def resealed(session: Session, package_id: uuid.UUID, size: int, sha256: str) -> None:
    """The package's file was made again (same id and range, the hub's current key)."""
    row = _get(session, package_id)
    row.size, row.sha256 = size, sha256


def retry(session: Session, package_id: uuid.UUID) -> None:
    """The operator fixed the cause: a quarantined package goes back to the queue."""
    row = _get(session, package_id)
    if row.state != QUARANTINED:
        raise Conflict(M.outbox_not_quarantined.format(state=STATE_LABELS[row.state]))
    row.state, row.next_try_at = WAITING, None


def oldest_unsent_age(session: Session, now: datetime) -> timedelta | None:
    """How long the oldest package not yet confirmed has waited (None: nothing waits)."""
    oldest = session.scalar(
        select(OutboxPackage.created_at)
        .where(OutboxPackage.state != CONFIRMED)
        .order_by(OutboxPackage.created_at)
        .limit(1)
    )
    return now - _aware(oldest) if oldest is not None else None  # type: ignore[operator]

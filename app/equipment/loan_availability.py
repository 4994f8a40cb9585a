"""Whether an item is free for a slip's slot: overlap with the other slips that hold it.

A slip holds its items while it waits for approval, is approved or is out (``HOLDING``);
a draft holds nothing. Two slips overlap when their dates meet and, if both are teaching
slots on the same day, they share a period; a long-term loan covers whole days. A slip
still out past its due date holds its items until they come back (to today, at least).
A serial item may be on one overlapping slip only; a counted row's quantities on the
overlapping slips may not add up to more than the register holds (decision 027).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app.accounts import User
from app.equipment.loan_models import HOLDING, LOAN_STATUS_LABELS, LoanKind, LoanLine, LoanSlip
from app.equipment.loan_models import LoanStatus as S
from app.equipment.loan_slots import slot_label, stored_periods
from app.equipment.models import CONDITION_LABELS, WORKING_CONDITIONS, EquipmentItem
from app.errors import Conflict, ValidationError
from app.messages.equipment_loans import EQUIPMENT_LOANS_MSG as M


@dataclass(frozen=True)
class Holder:
    """Another slip holding an item at the same time."""

    number: int
    owner: str
    when: str
    status: str
    quantity: int


def held_until(slip: LoanSlip, today: date) -> date:
    """The last day ``slip`` holds its items: its due date, or today while it is out late."""
    return max(slip.due_on, today) if slip.status == S.OUT else slip.due_on


def overlaps(a: LoanSlip, b: LoanSlip, today: date) -> bool:
    """Whether two slips need the same item at the same time."""
    if a.start_on > held_until(b, today) or b.start_on > held_until(a, today):
        return False
    late = (a.status == S.OUT and a.due_on < today) or (b.status == S.OUT and b.due_on < today)
    if a.kind == b.kind == LoanKind.PERIODS and a.start_on == b.start_on and not late:
        return bool(stored_periods(a.periods) & stored_periods(b.periods))
    return True


def holders(session: Session, slip: LoanSlip, item: EquipmentItem, today: date) -> list[Holder]:
    """The other slips holding ``item`` during ``slip``'s slot, by number."""
    stmt = (
        select(LoanSlip, LoanLine.quantity, User.full_name)
        .join(LoanLine, LoanLine.slip_id == LoanSlip.id)
        .join(User, User.id == LoanSlip.borrower_id)
        .where(
            LoanLine.item_id == item.id,
            LoanSlip.id != slip.id,
            LoanSlip.status.in_(HOLDING),
            LoanSlip.start_on <= max(slip.due_on, today),
            or_(LoanSlip.due_on >= slip.start_on, LoanSlip.status == S.OUT),
        )
        .order_by(LoanSlip.number)
    )
    out = []
    for other, quantity, owner in session.execute(stmt):
        if overlaps(slip, other, today):
            when = slot_label(other.kind, other.week, other.weekday, other.periods,
                              other.start_on, other.due_on)  # fmt: skip
            out.append(Holder(other.number, owner, when, LOAN_STATUS_LABELS[other.status],
                              quantity))  # fmt: skip
    return out


def check_usable(item: EquipmentItem) -> None:
    """Refuse a disposed item, or one not in working condition."""
    if item.disposed_on is not None:
        raise ValidationError(M.item_disposed.format(code=item.code))
    if item.condition not in WORKING_CONDITIONS:
        raise ValidationError(M.item_not_usable.format(
            code=item.code, name=item.name, condition=CONDITION_LABELS.get(item.condition, "")))  # fmt: skip


def check_available(
    session: Session, slip: LoanSlip, item: EquipmentItem, quantity: int, today: date
) -> None:
    """Refuse ``quantity`` of ``item`` on ``slip`` when other slips hold it then (Conflict)."""
    check_usable(item)
    others = holders(session, slip, item, today)
    if item.serial:
        if others:
            o = others[0]
            raise Conflict(M.serial_busy.format(code=item.code, name=item.name, other=o.number,
                                                owner=o.owner, when=o.when, status=o.status))  # fmt: skip
        return
    held = sum(o.quantity for o in others)
    if held + quantity > item.quantity:
        slips = ", ".join(f"phiếu số {o.number}: {o.quantity}" for o in others)
        raise Conflict(M.counted_over.format(
            code=item.code, name=item.name, total=item.quantity, unit=item.unit or "chiếc",
            held=held, slips=slips or "không có", asked=quantity))  # fmt: skip

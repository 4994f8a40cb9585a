"""Lending (mượn/trả): a teacher's slip from draft to return (issue 11 §3, decision 027).

nháp → chờ duyệt (the borrower submits) → đã duyệt (the equipment officer approves; or từ
chối with a reason) → đang mượn (handed out) → đã trả (each item's condition on return is
recorded on the line and, when it changed, on the item: journalled with the slip's number).
A draft, waiting or approved slip may be cancelled (hủy). Availability is checked when an
item is added, at submission and at approval (``loan_availability``); a slip is identified
to users by its number (phiếu mượn số 12).

Permissions: ``REQUEST_LOANS`` lets a teacher make, fill, submit and cancel their own slips
and see them; ``MANAGE_EQUIPMENT`` (the equipment officer) approves, refuses, hands out,
takes back and may make a slip for any borrower; ``VIEW_LOANS`` sees every slip.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.accounts import User
from app.changes import Changes
from app.db import Actor, utcnow
from app.equipment import loan_slots as slots
from app.equipment.codes import normal_code
from app.equipment.loan_availability import check_available, check_usable
from app.equipment.loan_models import LOAN_STATUS_LABELS, LoanKind, LoanLine, LoanSlip
from app.equipment.loan_models import LoanStatus as S
from app.equipment.models import CONDITION_LABELS, EquipmentItem
from app.equipment.register import item_by_code
from app.errors import AppError, NotFound, PermissionDenied, ValidationError
from app.journal import set_reason
from app.labels import nfc
from app.messages.equipment_loans import EQUIPMENT_LOANS_MSG as M
from app.permissions import Perm, can, require

SLIP = "equipment_loan"
LINE = "equipment_loan_line"
LOAN_CHANGES = Changes.of(SLIP, LINE)
ITEM_AND_LOAN_CHANGES = Changes.of(SLIP, LINE, "equipment_item")


@dataclass(frozen=True)
class SlipInput:
    """A new slip: a teaching slot (week, weekday, periods) or long-term (start to due)."""

    borrower: str = ""  # username; "" = the actor
    kind: str = LoanKind.PERIODS
    week: int | None = None
    weekday: int | None = None
    periods: str = ""
    start_on: date | None = None  # long-term: default today
    due_on: date | None = None
    class_name: str = ""
    subject: str = ""
    lesson: str = ""
    notes: str = ""


@dataclass(frozen=True)
class ScanResult:
    """What one scan did: ``ok`` False when nothing was added (the message says why)."""

    ok: bool
    code: str
    message: str
    scans: int = 0


def _today() -> date:
    return date.today()


def user_by_name(session: Session, username: str) -> User:
    user = session.scalar(select(User).where(User.username == username.strip()))
    if user is None:
        raise NotFound(M.borrower_not_found.format(username=username))
    return user


def slip_by_number(session: Session, number: int) -> LoanSlip:
    """The slip numbered ``number`` in this school (NotFound otherwise)."""
    school = session.info.get("school_code", "")
    stmt = select(LoanSlip).where(LoanSlip.school_code == school, LoanSlip.number == number)
    slip = session.scalar(stmt)
    if slip is None:
        raise NotFound(M.slip_not_found.format(number=number))
    return slip


def _owner_name(session: Session, slip: LoanSlip) -> str:
    user = session.get(User, slip.borrower_id)
    return user.full_name if user else ""


def check_own(session: Session, actor: Actor | None, slip: LoanSlip, perm: Perm) -> None:
    """Let ``actor`` act on ``slip``: with ``perm`` on any slip, or on their own as borrower."""
    if can(actor, perm):
        return
    require(actor, Perm.REQUEST_LOANS)
    if actor is None or actor.user_id != slip.borrower_id:
        raise PermissionDenied(M.not_own_slip.format(number=slip.number,
                                                     owner=_owner_name(session, slip)))  # fmt: skip


def _status(slip: LoanSlip, allowed: tuple[str, ...], action: str) -> None:
    if slip.status not in allowed:
        raise ValidationError(M.wrong_status.format(
            number=slip.number, status=LOAN_STATUS_LABELS[slip.status], action=action))  # fmt: skip


def _slot(session: Session, data: SlipInput) -> tuple[str, int | None, int | None, str, date, date]:
    year = slots.current_year(session)
    if data.kind == LoanKind.PERIODS:
        if data.week is None or data.weekday is None or not data.periods.strip():
            raise ValidationError(M.periods_required)
        day = slots.check_week(year, data.week, data.weekday)
        periods = slots.periods_text(slots.parse_periods(data.periods))
        return year.name, data.week, data.weekday, periods, day, day
    start = data.start_on or _today()
    if data.due_on is None:
        raise ValidationError(M.due_required)
    if data.due_on < start:
        raise ValidationError(M.due_before_start.format(due=data.due_on, start=start))
    week = slots.week_of(year.start_date, start)
    return year.name, week, None, "", start, data.due_on


def new_slip(session: Session, actor: Actor | None, data: SlipInput) -> LoanSlip:
    """Open a draft slip; only the equipment officer may open one for someone else."""
    require(actor, Perm.REQUEST_LOANS)
    if data.borrower and (actor is None or data.borrower != actor.username):
        require(actor, Perm.MANAGE_EQUIPMENT)
        borrower = user_by_name(session, data.borrower)
    else:
        borrower = user_by_name(session, actor.username if actor else "")
    year, week, weekday, periods, start, due = _slot(session, data)
    school = session.info.get("school_code", "")
    last = session.scalar(select(func.max(LoanSlip.number)).where(LoanSlip.school_code == school))
    slip = LoanSlip(
        school_code=school, number=(last or 0) + 1, borrower_id=borrower.id, kind=data.kind,
        school_year=year, week=week, weekday=weekday, periods=periods, start_on=start,
        due_on=due, class_name=nfc(data.class_name).strip(), subject=nfc(data.subject).strip(),
        lesson=nfc(data.lesson).strip(), status=S.DRAFT, notes=nfc(data.notes).strip(),
    )  # fmt: skip
    session.add(slip)
    session.flush()
    return slip


def _line(session: Session, slip: LoanSlip, item: EquipmentItem) -> LoanLine | None:
    return session.scalar(
        select(LoanLine).where(LoanLine.slip_id == slip.id, LoanLine.item_id == item.id)
    )


_FILLABLE = (S.DRAFT, S.PENDING, S.APPROVED)


def _check_fillable(actor: Actor | None, slip: LoanSlip) -> None:
    # The borrower fills a draft; the officer may add at the desk up to handing out.
    allowed = _FILLABLE if can(actor, Perm.MANAGE_EQUIPMENT) else (S.DRAFT,)
    _status(slip, allowed, "thêm thiết bị")


def add_item(
    session: Session, actor: Actor | None, number: int, code: str, quantity: int = 1
) -> LoanLine:
    """Put ``quantity`` of item ``code`` on slip ``number`` (a second add of a counted row
    sets its quantity); refused when the item is not free for the slip's slot."""
    slip = slip_by_number(session, number)
    check_own(session, actor, slip, Perm.MANAGE_EQUIPMENT)
    _check_fillable(actor, slip)
    item = item_by_code(session, code)
    if quantity < 1:
        raise ValidationError(M.quantity_bad.format(value=quantity))
    if item.serial and quantity != 1:
        raise ValidationError(M.serial_one.format(code=item.code))
    check_available(session, slip, item, quantity, _today())
    line = _line(session, slip, item)
    if line is None:
        line = LoanLine(school_code=slip.school_code, slip_id=slip.id, item_id=item.id,
                        quantity=quantity, scans=1)  # fmt: skip
        session.add(line)
    else:
        line.quantity = quantity
    session.flush()
    return line


def scanned_code(raw: str) -> str:
    """The code a keyboard-wedge scanner typed: spaces, tabs and line ends dropped, upper-cased."""
    return normal_code("".join(raw.split()))


def add_scanned(session: Session, actor: Actor | None, slip_no: int, raw_code: str) -> ScanResult:
    """Add the item whose label was scanned to the open slip ``slip_no``.

    Never raises for what a scan can get wrong: an unknown code, an item that is broken,
    disposed or booked elsewhere come back as ``ok=False`` with a Vietnamese message the
    window shows beside the scan box; a repeated scan is counted, not added twice.
    Permission and a slip that is not open still raise (they are not scanning mistakes).
    """
    slip = slip_by_number(session, slip_no)
    check_own(session, actor, slip, Perm.MANAGE_EQUIPMENT)
    _check_fillable(actor, slip)
    code = scanned_code(raw_code)
    if not code:
        return ScanResult(False, "", M.scan_empty)
    school = session.info.get("school_code", "")
    item = session.scalar(
        select(EquipmentItem).where(EquipmentItem.school_code == school, EquipmentItem.code == code)
    )
    if item is None:
        return ScanResult(False, code, M.scan_unknown.format(code=code))
    line = _line(session, slip, item)
    if line is not None:
        line.scans += 1
        session.flush()
        return ScanResult(True, code, M.scan_again.format(code=code, name=item.name,
                                                          scans=line.scans), line.scans)  # fmt: skip
    try:
        with session.begin_nested():
            check_available(session, slip, item, 1, _today())
            session.add(LoanLine(school_code=slip.school_code, slip_id=slip.id,
                                 item_id=item.id, quantity=1, scans=1))  # fmt: skip
            session.flush()
    except AppError as exc:
        return ScanResult(False, code, exc.message)
    return ScanResult(True, code, M.scan_added.format(code=code, name=item.name), 1)


def remove_item(session: Session, actor: Actor | None, number: int, code: str) -> Changes:
    """Take item ``code`` off a slip that is not yet handed out."""
    slip = slip_by_number(session, number)
    check_own(session, actor, slip, Perm.MANAGE_EQUIPMENT)
    _check_fillable(actor, slip)
    item = item_by_code(session, code)
    line = _line(session, slip, item)
    if line is None:
        raise NotFound(M.not_on_slip.format(code=item.code, number=number))
    session.delete(line)
    session.flush()
    return LOAN_CHANGES


def lines_of(session: Session, slip: LoanSlip) -> list[tuple[LoanLine, EquipmentItem]]:
    """A slip's lines with their items, by code."""
    stmt = (
        select(LoanLine, EquipmentItem)
        .join(EquipmentItem, EquipmentItem.id == LoanLine.item_id)
        .where(LoanLine.slip_id == slip.id)
        .order_by(EquipmentItem.code)
    )
    return [(line, item) for line, item in session.execute(stmt)]


def _recheck(session: Session, slip: LoanSlip) -> list[tuple[LoanLine, EquipmentItem]]:
    lines = lines_of(session, slip)
    if not lines:
        raise ValidationError(M.empty_slip.format(number=slip.number))
    for line, item in lines:
        check_available(session, slip, item, line.quantity, _today())
    return lines


def submit(session: Session, actor: Actor | None, number: int) -> Changes:
    """The borrower sends a draft for approval; its items are checked free again."""
    slip = slip_by_number(session, number)
    check_own(session, actor, slip, Perm.MANAGE_EQUIPMENT)
    _status(slip, (S.DRAFT,), "gửi duyệt")
    _recheck(session, slip)
    slip.status = S.PENDING
    session.flush()
    return LOAN_CHANGES


def approve(session: Session, actor: Actor | None, number: int) -> Changes:
    """The equipment officer approves a waiting slip (its items checked free once more)."""
    require(actor, Perm.MANAGE_EQUIPMENT)
    slip = slip_by_number(session, number)
    _status(slip, (S.PENDING,), "duyệt")
    _recheck(session, slip)
    slip.status = S.APPROVED
    slip.decided_by = actor.username if actor else ""
    slip.decided_at = utcnow()
    session.flush()
    return LOAN_CHANGES


def refuse(session: Session, actor: Actor | None, number: int, reason: str) -> Changes:
    """The equipment officer refuses a waiting slip, with a reason the borrower reads."""
    require(actor, Perm.MANAGE_EQUIPMENT)
    slip = slip_by_number(session, number)
    _status(slip, (S.PENDING,), "từ chối")
    why = nfc(reason).strip()
    if not why:
        raise ValidationError(M.refusal_reason_required.format(number=number))
    slip.status = S.REFUSED
    slip.refusal_reason = why
    slip.decided_by = actor.username if actor else ""
    slip.decided_at = utcnow()
    session.flush()
    return LOAN_CHANGES


def cancel(session: Session, actor: Actor | None, number: int) -> Changes:
    """The borrower (or the officer) cancels a slip that is not yet handed out."""
    slip = slip_by_number(session, number)
    check_own(session, actor, slip, Perm.MANAGE_EQUIPMENT)
    _status(slip, _FILLABLE, "hủy")
    slip.status = S.CANCELLED
    session.flush()
    return LOAN_CHANGES


def hand_out(session: Session, actor: Actor | None, number: int) -> Changes:
    """The officer hands the items of an approved slip over; each line keeps their condition."""
    require(actor, Perm.MANAGE_EQUIPMENT)
    slip = slip_by_number(session, number)
    _status(slip, (S.APPROVED,), "giao thiết bị")
    for line, item in lines_of(session, slip):
        check_usable(item)
        line.out_condition = item.condition
    slip.status = S.OUT
    slip.handed_out_at = utcnow()
    session.flush()
    return LOAN_CHANGES


def take_back(
    session: Session, actor: Actor | None, number: int, conditions: dict[str, str] | None = None
) -> Changes:
    """The officer takes a slip's items back; ``conditions`` maps a code to its condition on
    return (an item not named comes back as it went out). A changed condition is written
    to the item, journalled with the slip's number as the reason."""
    require(actor, Perm.MANAGE_EQUIPMENT)
    slip = slip_by_number(session, number)
    _status(slip, (S.OUT,), "nhận trả")
    given = {normal_code(k): v for k, v in (conditions or {}).items()}
    lines = lines_of(session, slip)
    on_slip = {item.code for _line, item in lines}
    for code, value in given.items():
        if code not in on_slip:
            raise ValidationError(M.not_on_slip.format(code=code, number=number))
        if value not in CONDITION_LABELS:
            choices = ", ".join(f"{k} ({v})" for k, v in CONDITION_LABELS.items())
            raise ValidationError(M.condition_unknown.format(value=value, choices=choices))
    for line, item in lines:
        back = given.get(item.code, line.out_condition or item.condition)
        line.return_condition = back
        if back != item.condition:
            set_reason(session, item, M.return_reason.format(
                number=number, old=CONDITION_LABELS.get(item.condition, item.condition),
                new=CONDITION_LABELS[back]))  # fmt: skip
            item.condition = back
    slip.status = S.RETURNED
    slip.returned_at = utcnow()
    session.flush()
    return ITEM_AND_LOAN_CHANGES


def slip_id_of(session: Session, number: int) -> uuid.UUID:
    """The key of slip ``number`` (for the journal's history of a slip)."""
    return slip_by_number(session, number).id

"""Stocktake sessions (kiểm kê, issue 11 §4): open, scan or tick one unit at a time, status.

Each scan is its own small transaction (the caller opens a unit of work per read), so a
session survives the app being closed or the PC restarted: ``status`` and the next ``scan``
carry on from the rows already written. A scan never stops the scanning with an error for
what it reads: a repeat is counted, an unknown or malformed label is recorded and answered
with a ``ScanResult`` whose ``message`` the screen shows and whose ``alert`` plays a sound.
Only a wrong use (a closed session, no room chosen in a whole-school session) is refused.

The reconciliation and its application are in ``stocktake_apply`` (decision 028).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.changes import Changes
from app.db import Actor, utcnow
from app.equipment.models import CONDITION_LABELS, Condition, EquipmentItem, Room
from app.equipment.reconcile import is_well_formed, normalise_code
from app.equipment.rooms import room_by_name
from app.equipment.stocktake_models import (
    STOCKTAKE_STATUS_LABELS,
    Stocktake,
    StocktakeScan,
    StocktakeStatus,
)
from app.errors import Conflict, NotFound, ValidationError
from app.labels import format_date, nfc
from app.messages.equipment_labels import RECONCILE_MSG
from app.messages.equipment_stocktake import STOCKTAKE_MSG as M
from app.permissions import Perm, require

STOCKTAKE = "equipment_stocktake"
STOCKTAKE_CHANGES = Changes.of(STOCKTAKE)
CODE_LENGTH = 80
SCAN_CONDITIONS = {k: v for k, v in CONDITION_LABELS.items() if k != Condition.MISSING}
"""Conditions an officer may note while scanning ("thất lạc" is what apply writes)."""


@dataclass(frozen=True)
class Member:
    """One member of the stocktake committee (ban kiểm kê)."""

    name: str
    role: str = ""


@dataclass(frozen=True)
class SessionInfo:
    """A session as lists and the status line show it."""

    number: int
    room: str | None  # None: the whole school
    scope: str
    place: str
    committee: tuple[Member, ...]
    opened_by: str
    opened_at: datetime
    status: str
    status_label: str
    applied_at: datetime | None
    scans: int
    codes: int

    @property
    def is_open(self) -> bool:
        return self.status == StocktakeStatus.OPEN


class ScanOutcome(StrEnum):
    """What one read was."""

    FOUND = "found"
    DUPLICATE = "duplicate"
    WRONG_ROOM = "wrong_room"
    DISPOSED = "disposed"
    NOT_REGISTERED = "not_registered"
    MALFORMED = "malformed"
    EMPTY = "empty"


@dataclass(frozen=True)
class ScanResult:
    """The answer to one read: what the screen says, and whether it beeps (``alert``)."""

    outcome: ScanOutcome
    code: str
    message: str
    alert: bool
    recorded: bool
    scans: int  # reads recorded in the session so far
    name: str = ""


def _school(session: Session) -> str:
    return str(session.info.get("school_code", ""))


def stocktake_by_number(session: Session, number: int) -> Stocktake:
    """The session numbered ``number`` (NotFound otherwise)."""
    row = session.scalar(
        select(Stocktake).where(Stocktake.school_code == _school(session),
                                Stocktake.number == number)
    )  # fmt: skip
    if row is None:
        raise NotFound(M.not_found.format(number=number))
    return row


def committee_of(row: Stocktake) -> tuple[Member, ...]:
    """The committee as stored (JSON pairs)."""
    return tuple(Member(n, r) for n, r in json.loads(row.committee or "[]"))


def room_names(session: Session) -> dict[uuid.UUID, str]:
    """Every room of the school by id."""
    stmt = select(Room.id, Room.name).where(Room.school_code == _school(session))
    return {rid: name for rid, name in session.execute(stmt)}


def scope_label(session: Session, row: Stocktake) -> str:
    """ "Phòng Tin 1" or "Toàn trường"."""
    room = session.get(Room, row.room_id) if row.room_id else None
    return room.name if room else M.whole_school


def check_open(row: Stocktake) -> None:
    if row.status != StocktakeStatus.OPEN:
        day = format_date(row.applied_at.date() if row.applied_at else None)
        raise ValidationError(M.closed.format(number=row.number, day=day))


def _info(session: Session, row: Stocktake) -> SessionInfo:
    scans, codes = session.execute(
        select(func.count(StocktakeScan.id), func.count(func.distinct(StocktakeScan.code)))
        .where(StocktakeScan.stocktake_id == row.id)
    ).one()  # fmt: skip
    room = scope_label(session, row) if row.room_id else None
    return SessionInfo(
        row.number, room, room or M.whole_school, row.place, committee_of(row), row.opened_by,
        row.opened_at, row.status, STOCKTAKE_STATUS_LABELS.get(row.status, row.status),
        row.applied_at, int(scans), int(codes),
    )  # fmt: skip


def open_stocktake(
    session: Session,
    actor: Actor | None,
    *,
    room: str | None,
    committee: Sequence[Member],
    place: str = "",
    notes: str = "",
) -> SessionInfo:
    """Open a session of ``room`` (None: the whole school) with its ``committee``."""
    require(actor, Perm.MANAGE_EQUIPMENT)
    members = [Member(nfc(m.name).strip(), nfc(m.role).strip()) for m in committee]
    if not members:
        raise ValidationError(M.committee_required)
    for n, m in enumerate(members, 1):
        if not m.name:
            raise ValidationError(M.member_name_required.format(n=n))
    room_id = room_by_name(session, room).id if room and room.strip() else None
    school = _school(session)
    busy = session.scalar(
        select(Stocktake).where(Stocktake.school_code == school,
                                Stocktake.status == StocktakeStatus.OPEN,
                                Stocktake.room_id.is_(None) if room_id is None
                                else Stocktake.room_id == room_id)
    )  # fmt: skip
    if busy is not None:
        raise Conflict(M.already_open.format(number=busy.number, scope=scope_label(session, busy)))
    last = session.scalar(select(func.max(Stocktake.number)).where(Stocktake.school_code == school))
    row = Stocktake(
        school_code=school, number=(last or 0) + 1, room_id=room_id,
        place=nfc(place).strip(), notes=nfc(notes).strip(),
        committee=json.dumps([[m.name, m.role] for m in members], ensure_ascii=False),
        opened_by=actor.full_name or actor.username if actor else "", opened_at=utcnow(),
        status=StocktakeStatus.OPEN,
    )  # fmt: skip
    session.add(row)
    session.flush()
    return _info(session, row)


def _scan_room(session: Session, row: Stocktake, room: str | None) -> uuid.UUID:
    if row.room_id is not None:
        return row.room_id
    if not room or not room.strip():
        raise ValidationError(M.room_needed)
    return room_by_name(session, room).id


def _check_condition(condition: str | None) -> None:
    if condition is not None and condition not in SCAN_CONDITIONS:
        choices = ", ".join(f"{k} ({v})" for k, v in SCAN_CONDITIONS.items())
        raise ValidationError(M.condition_bad.format(value=condition, choices=choices))


def _record(
    session: Session, actor: Actor | None, row: Stocktake, code: str, room_id: uuid.UUID,
    condition: str | None, *, manual: bool,
) -> int:  # fmt: skip
    last = session.scalar(
        select(func.max(StocktakeScan.seq)).where(StocktakeScan.stocktake_id == row.id)
    )
    seq = (last or 0) + 1
    session.add(StocktakeScan(
        school_code=row.school_code, stocktake_id=row.id, seq=seq, code=code[:CODE_LENGTH],
        room_id=room_id, scanned_at=utcnow(), condition=condition, manual=manual,
        scanned_by=actor.username if actor else "",
    ))  # fmt: skip
    session.flush()
    return seq


def record_scan(
    session: Session,
    actor: Actor | None,
    number: int,
    text: str,
    *,
    room: str | None = None,
    condition: str | None = None,
    manual: bool = False,
) -> ScanResult:
    """Record one read of a label in session ``number`` and say what it was.

    ``room`` is the room being counted in a whole-school session (a room's session has its
    own); ``condition`` the condition noted for the unit, if any."""
    require(actor, Perm.MANAGE_EQUIPMENT)
    row = stocktake_by_number(session, number)
    check_open(row)
    _check_condition(condition)
    code = normalise_code(text)[:CODE_LENGTH]
    if not code:
        count = _info(session, row).scans
        return ScanResult(ScanOutcome.EMPTY, "", M.scanned_empty, True, False, count)
    room_id = _scan_room(session, row, room)
    item = session.scalar(
        select(EquipmentItem).where(EquipmentItem.school_code == row.school_code,
                                    EquipmentItem.code == code)
    )  # fmt: skip
    if manual and item is None:
        raise NotFound(RECONCILE_MSG.scanned_not_registered.format(code=code))
    before = session.scalar(
        select(func.count(StocktakeScan.id)).where(StocktakeScan.stocktake_id == row.id,
                                                   StocktakeScan.code == code)
    )  # fmt: skip
    seq = _record(session, actor, row, code, room_id, condition, manual=manual)
    if item is None:
        if is_well_formed(code):
            msg = RECONCILE_MSG.scanned_not_registered.format(code=code)
            return ScanResult(ScanOutcome.NOT_REGISTERED, code, msg, True, True, seq)
        msg = RECONCILE_MSG.scanned_malformed.format(code=code)
        return ScanResult(ScanOutcome.MALFORMED, code, msg, True, True, seq)
    if item.disposed_on is not None:
        msg = M.scanned_disposed.format(code=code, name=item.name,
                                        day=format_date(item.disposed_on))  # fmt: skip
        return ScanResult(ScanOutcome.DISPOSED, code, msg, True, True, seq, item.name)
    if before:
        msg = M.scanned_duplicate.format(code=code, name=item.name, times=before + 1)
        return ScanResult(ScanOutcome.DUPLICATE, code, msg, False, True, seq, item.name)
    if item.room_id != room_id:
        names = room_names(session)
        registered = names.get(item.room_id, M.no_room) if item.room_id else M.no_room
        msg = M.scanned_wrong_room.format(code=code, name=item.name, room=registered,
                                          found=names.get(room_id, ""))  # fmt: skip
        return ScanResult(ScanOutcome.WRONG_ROOM, code, msg, True, True, seq, item.name)
    msg = M.scanned_found.format(code=code, name=item.name)
    return ScanResult(ScanOutcome.FOUND, code, msg, False, True, seq, item.name)


def tick(
    session: Session,
    actor: Actor | None,
    number: int,
    code: str,
    *,
    room: str | None = None,
    condition: str | None = None,
) -> ScanResult:
    """Tick by hand a registered unit that has no label (or whose label cannot be read)."""
    return record_scan(session, actor, number, code, room=room, condition=condition, manual=True)


def stocktake_status(session: Session, actor: Actor | None, number: int) -> SessionInfo:
    """Where session ``number`` stands: scans so far, distinct codes, open or applied."""
    require(actor, Perm.VIEW_EQUIPMENT)
    return _info(session, stocktake_by_number(session, number))


def list_stocktakes(session: Session, actor: Actor | None) -> list[SessionInfo]:
    """Every session of the school, newest first."""
    require(actor, Perm.VIEW_EQUIPMENT)
    rows = session.scalars(
        select(Stocktake).where(Stocktake.school_code == _school(session))
        .order_by(Stocktake.number.desc())
    )  # fmt: skip
    return [_info(session, r) for r in rows]

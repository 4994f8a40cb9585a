"""The register (sổ quản lý thiết bị): adding units, editing them, listing and their history.

Bulk add (decision 026): N identical units that are tracked one by one (``serial``:
computers, projectors, anything that gets its own label, loan and stocktake line) become N
rows with N consecutive codes; units counted together (rulers, test tubes, a set of
posters) become one row with quantity N. Computers are always serial, so the Informatics
ratio counts machines, each with its own working and internet flags.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, fields
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import journal_view
from app.changes import Changes, carried
from app.db import Actor
from app.equipment.codes import next_codes, normal_code
from app.equipment.models import CONDITION_LABELS, SOURCE_LABELS, EquipmentItem, Room, Source
from app.equipment.rooms import room_by_name
from app.errors import NotFound, ValidationError
from app.journal_read import JournalRecord
from app.labels import format_date, nfc
from app.messages.equipment import EQUIPMENT_MSG as M
from app.permissions import Perm, require

ITEM = "equipment_item"
ITEM_CHANGES = Changes.of(ITEM)
MAX_BULK = 1_000
"""Most units one bulk add takes (a typo of 10 000 computers is refused, not written)."""


@dataclass(frozen=True)
class ItemInput:
    """One kind of item to add, ``count`` units of it."""

    name: str
    count: int = 1
    serial: bool = True
    category: str = ""
    room: str = ""  # room name, "" for none (in store)
    unit: str = "chiếc"
    reference_id: uuid.UUID | None = None
    acquired_on: date | None = None
    funding: str = Source.BUDGET
    value_vnd: Decimal = Decimal(0)  # of one unit
    condition: str = "tot"
    is_computer: bool = False
    working: bool = True
    internet: bool = False
    serial_number: str = ""
    notes: str = ""


@dataclass(frozen=True)
class ItemEdit:
    """Fields to change on one item; ``None`` leaves a field as it is."""

    name: str | None = None
    category: str | None = None
    room: str | None = None
    quantity: int | None = None
    unit: str | None = None
    acquired_on: date | None = None
    funding: str | None = None
    value_vnd: Decimal | None = None
    condition: str | None = None
    working: bool | None = None
    internet: bool | None = None
    serial_number: str | None = None
    notes: str | None = None


@dataclass(frozen=True)
class ItemRow:
    """A register line as lists show it."""

    code: str
    name: str
    category: str
    room: str
    quantity: int
    unit: str
    serial: bool
    condition: str
    condition_label: str
    funding: str
    value_vnd: Decimal
    acquired_on: date | None
    is_computer: bool
    working: bool
    internet: bool
    disposed_on: date | None
    notes: str


@dataclass(frozen=True)
class Added:
    """The codes a bulk add handed out, in order."""

    codes: tuple[str, ...]
    changes: Changes = carried()


def _choices(labels: dict[str, str]) -> str:
    return ", ".join(f"{k} ({v})" for k, v in labels.items())


def check_money(value: Any) -> Decimal:
    """A value in đồng: a non-negative whole number (``1.500.000`` and ``1 500 000`` read too)."""
    text = str(value).strip().replace(" ", "").replace(".", "").replace(",", "")
    try:
        money = Decimal(text or "0")
    except InvalidOperation:
        raise ValidationError(M.value_bad.format(value=value)) from None
    if money < 0 or money != money.to_integral_value():
        raise ValidationError(M.value_bad.format(value=value))
    return money


def _check_codes(condition: str | None, funding: str | None) -> None:
    if condition is not None and condition not in CONDITION_LABELS:
        raise ValidationError(
            M.condition_bad.format(value=condition, choices=_choices(CONDITION_LABELS))
        )
    if funding is not None and funding not in SOURCE_LABELS:
        raise ValidationError(M.funding_bad.format(value=funding, choices=_choices(SOURCE_LABELS)))


def _room_id(session: Session, name: str) -> uuid.UUID | None:
    if not name.strip():
        return None
    return room_by_name(session, name).id


def add_items(session: Session, actor: Actor | None, data: ItemInput) -> Added:
    """Write ``data.count`` units into the register: N serial rows or one row of N."""
    require(actor, Perm.MANAGE_EQUIPMENT)
    name = nfc(data.name).strip()
    if not name:
        raise ValidationError(M.name_required)
    if not 1 <= data.count <= MAX_BULK:
        raise ValidationError(M.count_bad.format(limit=MAX_BULK, value=data.count))
    _check_codes(data.condition, data.funding)
    value = check_money(data.value_vnd)
    serial = data.serial or data.is_computer
    rows = data.count if serial else 1
    codes = next_codes(session, rows)
    room_id = _room_id(session, data.room)
    school = session.info.get("school_code", "")
    for code in codes:
        session.add(
            EquipmentItem(
                school_code=school, code=code, name=name, reference_id=data.reference_id,
                category=nfc(data.category).strip(), room_id=room_id, serial=serial,
                quantity=1 if serial else data.count, unit=nfc(data.unit).strip(),
                serial_number=data.serial_number.strip() if rows == 1 else "",
                acquired_on=data.acquired_on, funding=data.funding, value_vnd=value,
                condition=data.condition, is_computer=data.is_computer,
                working=data.working, internet=data.internet, notes=nfc(data.notes).strip(),
            )
        )  # fmt: skip
    session.flush()
    return Added(tuple(codes), ITEM_CHANGES)


def item_by_code(session: Session, code: str) -> EquipmentItem:
    """The register line with ``code`` (NotFound otherwise)."""
    school = session.info.get("school_code", "")
    code = normal_code(code)
    stmt = select(EquipmentItem).where(
        EquipmentItem.school_code == school, EquipmentItem.code == code
    )
    item = session.scalar(stmt)
    if item is None:
        raise NotFound(M.item_not_found.format(code=code))
    return item


def _open_item(session: Session, code: str) -> EquipmentItem:
    item = item_by_code(session, code)
    if item.disposed_on is not None:
        raise ValidationError(
            M.item_disposed.format(code=item.code, day=format_date(item.disposed_on))
        )
    return item


def edit_item(session: Session, actor: Actor | None, code: str, edit: ItemEdit) -> Changes:
    """Change some fields of one item; each change is journalled with the old value."""
    require(actor, Perm.MANAGE_EQUIPMENT)
    item = _open_item(session, code)
    _check_codes(edit.condition, edit.funding)
    if edit.quantity is not None:
        if item.serial and edit.quantity != 1:
            raise ValidationError(M.serial_one_unit.format(code=item.code))
        if edit.quantity < 1:
            raise ValidationError(M.count_bad.format(limit=MAX_BULK, value=edit.quantity))
    if edit.name is not None and not nfc(edit.name).strip():
        raise ValidationError(M.name_required)
    for f in fields(edit):
        value = getattr(edit, f.name)
        if value is None:
            continue
        if f.name == "room":
            item.room_id = _room_id(session, value)
        elif f.name == "value_vnd":
            item.value_vnd = check_money(value)
        else:
            setattr(item, f.name, nfc(value).strip() if isinstance(value, str) else value)
    session.flush()
    return ITEM_CHANGES


def list_items(
    session: Session,
    actor: Actor | None,
    *,
    room: str = "",
    condition: str = "",
    computers_only: bool = False,
    include_disposed: bool = False,
) -> list[ItemRow]:
    """Register lines by code, filtered in SQL; disposed ones only when asked."""
    require(actor, Perm.VIEW_EQUIPMENT)
    school = session.info.get("school_code", "")
    stmt = (
        select(EquipmentItem, Room.name)
        .outerjoin(Room, Room.id == EquipmentItem.room_id)
        .where(EquipmentItem.school_code == school)
        .order_by(EquipmentItem.code)
    )
    if room:
        stmt = stmt.where(EquipmentItem.room_id == _room_id(session, room))
    if condition:
        _check_codes(condition, None)
        stmt = stmt.where(EquipmentItem.condition == condition)
    if computers_only:
        stmt = stmt.where(EquipmentItem.is_computer.is_(True))
    if not include_disposed:
        stmt = stmt.where(EquipmentItem.disposed_on.is_(None))
    return [_row(i, room_name or "") for i, room_name in session.execute(stmt)]


def _row(i: EquipmentItem, room: str) -> ItemRow:
    return ItemRow(
        i.code, i.name, i.category, room, i.quantity, i.unit, i.serial, i.condition,
        CONDITION_LABELS.get(i.condition, i.condition), i.funding, Decimal(i.value_vnd),
        i.acquired_on, i.is_computer, i.working, i.internet, i.disposed_on, i.notes,
    )  # fmt: skip


def get_item(session: Session, actor: Actor | None, code: str) -> ItemRow:
    """One register line."""
    require(actor, Perm.VIEW_EQUIPMENT)
    item = item_by_code(session, code)
    room = session.get(Room, item.room_id) if item.room_id else None
    return _row(item, room.name if room else "")


def item_history(session: Session, actor: Actor | None, code: str) -> list[JournalRecord]:
    """Every journal entry about one item, oldest first (added, edited, moved, disposed)."""
    require(actor, Perm.VIEW_EQUIPMENT)
    item = item_by_code(session, code)
    return journal_view.records_history(session, actor, [(ITEM, str(item.id))], revealed=False)

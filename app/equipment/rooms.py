"""Rooms: classrooms, subject rooms, the computer room, the library, with capacity and
construction type (the statistics reports count rooms by kiên cố / bán kiên cố / tạm)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.changes import Changes
from app.db import Actor
from app.equipment.models import (
    CONSTRUCTION_LABELS,
    LEVEL_LABELS,
    ROOM_KIND_LABELS,
    Construction,
    EquipmentItem,
    Room,
)
from app.errors import Conflict, NotFound, ValidationError
from app.labels import nfc
from app.messages.equipment import EQUIPMENT_MSG as M
from app.permissions import Perm, require
from app.students.text import name_sort_key

ROOM = "room"
ROOM_CHANGES = Changes.of(ROOM)


@dataclass(frozen=True)
class RoomInput:
    """A room as the form or the command line gives it."""

    name: str
    kind: str
    capacity: int = 0
    construction: str = Construction.SOLID
    level: str = ""
    area_m2: Decimal | None = None
    notes: str = ""


@dataclass(frozen=True)
class RoomRow:
    """A room as lists show it, with how many register lines it holds."""

    name: str
    kind: str
    kind_label: str
    level: str
    capacity: int
    construction: str
    construction_label: str
    items: int


def _choices(labels: dict[str, str]) -> str:
    return ", ".join(f"{k} ({v})" for k, v in labels.items())


def _check(data: RoomInput) -> RoomInput:
    name = nfc(data.name).strip()
    if not name:
        raise ValidationError(M.room_name_required)
    if data.kind not in ROOM_KIND_LABELS:
        raise ValidationError(
            M.room_kind_bad.format(value=data.kind, choices=_choices(ROOM_KIND_LABELS))
        )
    if data.construction not in CONSTRUCTION_LABELS:
        raise ValidationError(
            M.construction_bad.format(
                value=data.construction, choices=_choices(CONSTRUCTION_LABELS)
            )
        )
    if data.level and data.level not in LEVEL_LABELS:
        raise ValidationError(M.level_bad.format(value=data.level, choices=_choices(LEVEL_LABELS)))
    if data.capacity < 0:
        raise ValidationError(M.capacity_bad.format(value=data.capacity))
    return RoomInput(name, data.kind, data.capacity, data.construction, data.level,
                     data.area_m2, nfc(data.notes).strip())  # fmt: skip


def room_by_name(session: Session, name: str) -> Room:
    """The room named ``name`` (NotFound otherwise)."""
    school = session.info.get("school_code", "")
    stmt = select(Room).where(Room.school_code == school, Room.name == nfc(name).strip())
    room = session.scalar(stmt)
    if room is None:
        raise NotFound(M.room_not_found.format(name=name))
    return room


def add_room(session: Session, actor: Actor | None, data: RoomInput) -> Changes:
    """Add a room (the equipment officer)."""
    require(actor, Perm.MANAGE_EQUIPMENT)
    data = _check(data)
    school = session.info.get("school_code", "")
    if session.scalar(select(Room.id).where(Room.school_code == school, Room.name == data.name)):
        raise Conflict(M.room_exists.format(name=data.name))
    session.add(
        Room(
            school_code=school,
            name=data.name,
            kind=data.kind,
            level=data.level,
            capacity=data.capacity,
            construction=data.construction,
            area_m2=data.area_m2,
            notes=data.notes,
        )  # fmt: skip
    )
    session.flush()
    return ROOM_CHANGES


def edit_room(session: Session, actor: Actor | None, name: str, data: RoomInput) -> Changes:
    """Change a room's name, kind, capacity, construction, level or notes (journalled)."""
    require(actor, Perm.MANAGE_EQUIPMENT)
    room = room_by_name(session, name)
    data = _check(data)
    if data.name != room.name:
        school = session.info.get("school_code", "")
        stmt = select(Room.id).where(Room.school_code == school, Room.name == data.name)
        if session.scalar(stmt):
            raise Conflict(M.room_exists.format(name=data.name))
    room.name, room.kind, room.capacity = data.name, data.kind, data.capacity
    room.construction, room.level, room.notes = data.construction, data.level, data.notes
    room.area_m2 = data.area_m2
    session.flush()
    return ROOM_CHANGES


def list_rooms(session: Session, actor: Actor | None) -> list[RoomRow]:
    """Every room, in Vietnamese order of names, with the number of register lines (not disposed) in it."""
    require(actor, Perm.VIEW_EQUIPMENT)
    school = session.info.get("school_code", "")
    held = (
        select(EquipmentItem.room_id, func.count().label("n"))
        .where(EquipmentItem.disposed_on.is_(None))
        .group_by(EquipmentItem.room_id)
        .subquery()
    )
    stmt = (
        select(Room, func.coalesce(held.c.n, 0))
        .outerjoin(held, held.c.room_id == Room.id)
        .where(Room.school_code == school)
    )
    rows = [
        RoomRow(
            r.name,
            r.kind,
            ROOM_KIND_LABELS[r.kind],
            r.level,
            r.capacity,
            r.construction,
            CONSTRUCTION_LABELS[r.construction],
            int(n),
        )  # fmt: skip
        for r, n in session.execute(stmt)
    ]
    return sorted(rows, key=_room_order)


def _room_order(row: RoomRow) -> str:
    """Vietnamese order with numbers by value: Phòng học 6A1 before Phòng học 10C1."""
    return name_sort_key("", re.sub(r"\d+", lambda m: m.group().zfill(6), row.name))

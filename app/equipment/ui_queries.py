"""Small reads the Thiết bị page needs beside the register's services: the serial numbers
of the register lines (searched and shown, not in ``ItemRow``), a room's area and notes (not
in ``RoomRow``) and the school's name for the labels. Read-only; the rights are those of viewing the register."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db import Actor
from app.equipment.models import EquipmentItem
from app.equipment.rooms import room_by_name
from app.permissions import Perm, require
from app.school import get_profile


def serial_numbers(session: Session, actor: Actor | None) -> dict[str, str]:
    """The serial number of every register line that has one, by code."""
    require(actor, Perm.VIEW_EQUIPMENT)
    school = session.info.get("school_code", "")
    stmt = select(EquipmentItem.code, EquipmentItem.serial_number).where(
        EquipmentItem.school_code == school, EquipmentItem.serial_number != ""
    )
    return {code: serial for code, serial in session.execute(stmt)}


def school_name(session: Session) -> str:
    """The school's name as the labels print it ("" before the school is set up)."""
    profile = get_profile(session)
    return profile.name if profile is not None else ""


def room_extra(session: Session, actor: Actor | None, name: str) -> tuple[Decimal | None, str]:
    """A room's area and notes (not in ``RoomRow``), so its form edits them as they are."""
    require(actor, Perm.VIEW_EQUIPMENT)
    room = room_by_name(session, name)
    return room.area_m2, room.notes

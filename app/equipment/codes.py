"""Register codes: TB-000123, generated per school, unique, never reused.

A counter row per school holds the last number handed out and only moves forward, so the
code of a disposed or deleted item is never given to another, and a code already taken
(typed in by hand, or brought by an import) is skipped. The row is locked for the rest of
the transaction (``FOR UPDATE`` on PostgreSQL; SQLite's single writer does the same).
"""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.equipment.models import EquipmentCodeSequence, EquipmentItem

PREFIX = "TB-"
WIDTH = 6
_CODE_RE = re.compile(r"^[A-Z0-9][A-Z0-9.\-/]{1,19}$")


def format_code(seq: int) -> str:
    """``TB-000123``; past a million items the number simply grows."""
    return f"{PREFIX}{seq:0{WIDTH}d}"


def normal_code(text: str) -> str:
    """A code as typed or scanned, trimmed and upper-cased (``tb-000123`` → ``TB-000123``)."""
    return text.strip().upper()


def is_valid_code(code: str) -> bool:
    """Letters, digits and . - / only, 2 to 20 characters: fits a label and a barcode."""
    return bool(_CODE_RE.match(code))


def _sequence(session: Session) -> EquipmentCodeSequence:
    school = session.info.get("school_code", "")
    stmt = select(EquipmentCodeSequence).where(EquipmentCodeSequence.school_code == school)
    row = session.scalar(stmt.with_for_update())
    if row is None:
        row = EquipmentCodeSequence(school_code=school, last_seq=0)
        session.add(row)
        session.flush()
    return row


def next_codes(session: Session, count: int) -> list[str]:
    """Hand out ``count`` new codes in order, skipping any already in the register."""
    if count <= 0:
        return []
    row = _sequence(session)
    school = session.info.get("school_code", "")
    out: list[str] = []
    seq = row.last_seq
    while len(out) < count:
        batch = [format_code(seq + i + 1) for i in range(count - len(out))]
        taken = set(
            session.scalars(
                select(EquipmentItem.code).where(
                    EquipmentItem.school_code == school, EquipmentItem.code.in_(batch)
                )
            )
        )
        out += [c for c in batch if c not in taken]
        seq += len(batch)
    row.last_seq = seq
    session.flush()
    return out

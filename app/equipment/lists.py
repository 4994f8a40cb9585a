"""Storing a minimum list: what a new version of a list would change, then writing it.

A list is identified by its circular, level and version. Importing a version that exists
replaces its lines: a line is matched by subject, grade and number in the circular, so a
register item linked to it stays linked; a line gone from the new file is removed, unless
register items point at it (then it is kept and the preview says so). A new version is a
new list beside the old ones (decision 026).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.changes import Changes
from app.db import Actor
from app.equipment.models import LEVEL_LABELS, EquipmentItem, EquipmentList, ReferenceItem
from app.equipment.reference import ReferenceRow
from app.errors import ValidationError
from app.labels import nfc
from app.messages.equipment import EQUIPMENT_MSG as M
from app.permissions import Perm, require

LIST_CHANGES = Changes.of("equipment_list", "equipment_reference_item")
_COPIED = ("name", "purpose", "description", "user", "unit", "quantity", "scope", "notes")


@dataclass(frozen=True)
class ListPlan:
    """What writing a list would do; computed without writing anything."""

    circular: str
    level: str
    version: str
    source: str
    rows: tuple[ReferenceRow, ...]
    exists: bool
    inserted: int
    updated: int
    unchanged: int
    removed: int
    kept_in_use: tuple[str, ...] = ()

    @property
    def level_label(self) -> str:
        return LEVEL_LABELS.get(self.level, self.level)

    def as_dict(self) -> dict[str, object]:
        return {
            "circular": self.circular, "level": self.level, "version": self.version,
            "source": self.source, "rows": len(self.rows), "exists": self.exists,
            "inserted": self.inserted, "updated": self.updated, "unchanged": self.unchanged,
            "removed": self.removed, "kept_in_use": list(self.kept_in_use),
        }  # fmt: skip


@dataclass(frozen=True)
class ListSummary:
    """A stored list as ``equipment lists`` shows it."""

    circular: str
    level: str
    version: str
    source: str
    items: int
    subjects: tuple[str, ...] = field(default=())


def _list(session: Session, circular: str, level: str, version: str) -> EquipmentList | None:
    school = session.info.get("school_code", "")
    stmt = select(EquipmentList).where(
        EquipmentList.school_code == school,
        EquipmentList.circular == circular,
        EquipmentList.level == level,
        EquipmentList.version == version,
    )
    return session.scalar(stmt)


def _linked(session: Session, ids: Sequence[uuid.UUID]) -> set[uuid.UUID]:
    if not ids:
        return set()
    stmt = select(EquipmentItem.reference_id).where(EquipmentItem.reference_id.in_(ids))
    return {i for i in session.scalars(stmt) if i is not None}


def plan_list(
    session: Session, rows: Sequence[ReferenceRow], version: str, source: str = ""
) -> ListPlan:
    """What storing ``rows`` (one circular, checked) as ``version`` would change."""
    version = nfc(version).strip()
    if not version:
        raise ValidationError(M.version_required)
    circulars = sorted({r.circular for r in rows})
    if len(circulars) > 1:
        raise ValidationError(M.several_circulars.format(circulars=", ".join(circulars)))
    circular = circulars[0] if circulars else ""
    level = rows[0].level if rows else ""
    stored = _list(session, circular, level, version)
    old = {} if stored is None else _items(session, stored.id)
    new_keys = {r.key for r in rows}
    inserted = updated = unchanged = 0
    for row in rows:
        item = old.get(row.key)
        if item is None:
            inserted += 1
        elif any(getattr(item, f) != getattr(row, f) for f in _COPIED):
            updated += 1
        else:
            unchanged += 1
    gone = [item for key, item in old.items() if key not in new_keys]
    in_use = _linked(session, [i.id for i in gone])
    kept = tuple(f"{i.subject} {i.grade}/{i.item_no} {i.name}" for i in gone if i.id in in_use)
    return ListPlan(circular, level, version, nfc(source).strip(), tuple(rows),
                    stored is not None, inserted, updated, unchanged,
                    len(gone) - len(kept), kept)  # fmt: skip


def _items(session: Session, list_id: uuid.UUID) -> dict[tuple[str, int, str], ReferenceItem]:
    stmt = select(ReferenceItem).where(ReferenceItem.list_id == list_id)
    return {(i.subject, i.grade, i.item_no): i for i in session.scalars(stmt)}


def apply_plan(session: Session, actor: Actor | None, plan: ListPlan) -> Changes:
    """Write a planned list: the list row, then its lines inserted, updated or removed."""
    require(actor, Perm.MANAGE_EQUIPMENT)
    school = session.info.get("school_code", "")
    stored = _list(session, plan.circular, plan.level, plan.version)
    if stored is None:
        stored = EquipmentList(school_code=school, circular=plan.circular, level=plan.level,
                               version=plan.version, source=plan.source)  # fmt: skip
        session.add(stored)
        session.flush()
    elif plan.source and stored.source != plan.source:
        stored.source = plan.source
    old = _items(session, stored.id)
    for row in plan.rows:
        item = old.pop(row.key, None)
        if item is None:
            item = ReferenceItem(school_code=school, list_id=stored.id, subject=row.subject,
                                 grade=row.grade, item_no=row.item_no)  # fmt: skip
            session.add(item)
        for f in _COPIED:
            if getattr(item, f, None) != getattr(row, f):
                setattr(item, f, getattr(row, f))
    in_use = _linked(session, [i.id for i in old.values()])
    for item in old.values():
        if item.id not in in_use:
            session.delete(item)
    session.flush()
    return LIST_CHANGES


def list_lists(session: Session, actor: Actor | None) -> list[ListSummary]:
    """The stored lists, by circular and version, with their number of lines and subjects."""
    require(actor, Perm.VIEW_EQUIPMENT)
    school = session.info.get("school_code", "")
    stmt = (
        select(EquipmentList, func.count(ReferenceItem.id))
        .outerjoin(ReferenceItem, ReferenceItem.list_id == EquipmentList.id)
        .where(EquipmentList.school_code == school)
        .group_by(EquipmentList.id)
        .order_by(EquipmentList.circular, EquipmentList.version)
    )
    out = []
    for lst, n in session.execute(stmt).all():
        subjects = session.scalars(
            select(ReferenceItem.subject).where(ReferenceItem.list_id == lst.id).distinct()
        )
        out.append(ListSummary(lst.circular, lst.level, lst.version, lst.source, int(n),
                               tuple(sorted(subjects))))  # fmt: skip
    return out

"""The end of a stocktake: the reconciliation preview, then its application in one transaction.

``preview`` feeds the register and the session's scans to ``reconcile`` (the pure core) and
names every line (code, name, register room, where found, condition). ``apply`` takes the
preview the officer confirmed and writes it, in the caller's single unit of work:

- a unit noted in another condition gets that condition;
- a unit marked "thất lạc" that turns up again gets the noted condition, or "tốt";
- a unit found in another room is moved there when the officer chose so;
- a unit not found gets the condition "thất lạc" (never deleted: decision 028);

each journalled with a reason naming the session ("Kiểm kê số 3 (Phòng Tin 1, 07/12/2026):
…"). Each unit is checked to be still as the preview saw it; one that changed since (disposed,
edited, moved) stops the whole application with a ``Conflict`` and the caller's rollback
leaves nothing changed. The session is then closed, its result frozen for the record.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.changes import Changes
from app.db import Actor, utcnow
from app.equipment.models import CONDITION_LABELS, Condition, EquipmentItem
from app.equipment.reconcile import (
    ConditionChange,
    Reconciliation,
    RegisterItem,
    Scan,
    reconcile,
)
from app.equipment.register import ITEM
from app.equipment.stocktake import (
    STOCKTAKE,
    check_open,
    room_names,
    stocktake_by_number,
)
from app.equipment.stocktake_models import Stocktake, StocktakeScan, StocktakeStatus
from app.errors import Conflict
from app.journal import set_reason
from app.labels import format_date, local
from app.messages.equipment_stocktake import STOCKTAKE_MSG as M
from app.permissions import Perm, require

APPLY_CHANGES = Changes.of(ITEM, STOCKTAKE)
CATEGORIES = ("found", "wrong_room", "missing", "condition", "disposed", "unknown")
CATEGORY_LABELS = {
    "found": M.cat_found, "wrong_room": M.cat_wrong_room, "missing": M.cat_missing,
    "condition": M.cat_condition, "disposed": M.cat_disposed, "unknown": M.cat_unknown,
}  # fmt: skip


@dataclass(frozen=True)
class Line:
    """One line of the result: a unit in one category, as the record prints it."""

    category: str
    code: str
    name: str
    room: str  # the register's room ("" none; for an unknown label, where it was read)
    found_in: str  # where it was scanned ("" not scanned)
    condition: str  # the register's condition label ("" unknown label)
    new_condition: str = ""  # the condition noted (the "condition" category)


@dataclass(frozen=True)
class Preview:
    """The reconciliation of a session with names, and the changes apply would write."""

    number: int
    scope: str
    reconciliation: Reconciliation
    lines: tuple[Line, ...]
    changes: tuple[ConditionChange, ...]  # conditions to write, recovered units included
    scans: int
    seen: dict[str, tuple[str, uuid.UUID | None]] = field(repr=False, default_factory=dict)
    """Each registered unit's condition and room as the preview read them."""

    def count(self, category: str) -> int:
        return sum(1 for line in self.lines if line.category == category)


def _items(session: Session, school: str) -> dict[str, EquipmentItem]:
    rows = session.scalars(select(EquipmentItem).where(EquipmentItem.school_code == school))
    return {i.code: i for i in rows}


def _label(condition: str) -> str:
    return CONDITION_LABELS.get(condition, condition)


def preview(session: Session, actor: Actor | None, number: int) -> Preview:
    """The reconciliation of session ``number`` as it stands (nothing written)."""
    require(actor, Perm.VIEW_EQUIPMENT)
    row = stocktake_by_number(session, number)
    return preview_of(session, row)


def preview_of(session: Session, row: Stocktake) -> Preview:
    names = room_names(session)
    items = _items(session, row.school_code)
    register = [
        RegisterItem(code, names.get(i.room_id) if i.room_id else None, i.condition,
                     "active" if i.disposed_on is None else "disposed")
        for code, i in items.items()
    ]  # fmt: skip
    scans = [
        Scan(s.code, names.get(s.room_id, "") if s.room_id else "", s.scanned_at, s.condition)
        for s in session.scalars(
            select(StocktakeScan).where(StocktakeScan.stocktake_id == row.id)
            .order_by(StocktakeScan.seq)
        )
    ]  # fmt: skip
    scope = names.get(row.room_id) if row.room_id else None
    rec = reconcile(register, scans, None if scope is None else [scope])
    changes = list(rec.condition_changes)
    noted = {c.code for c in changes}
    for code in (*rec.found, *(w.code for w in rec.wrong_room)):
        if items[code].condition == Condition.MISSING and code not in noted:
            changes.append(ConditionChange(code, Condition.MISSING, Condition.GOOD))
    changes.sort(key=lambda c: c.code)
    found_in = {w.code: w.scanned_room for w in rec.wrong_room}
    first_room = {s.code: s.room for s in reversed(scans)}

    def line(category: str, code: str, new: str = "") -> Line:
        i = items[code]
        room = names.get(i.room_id, "") if i.room_id else ""
        where = found_in.get(code, first_room.get(code, ""))
        return Line(category, code, i.name, room, where, _label(i.condition), new)

    lines = [line("found", c) for c in rec.found]
    lines += [line("wrong_room", w.code) for w in rec.wrong_room]
    lines += [line("missing", c) for c in rec.missing]
    lines += [line("condition", c.code, _label(c.after)) for c in changes]
    lines += [line("disposed", c) for c in rec.disposed]
    lines += [Line("unknown", u.code, u.reason.value, u.room, u.room, "") for u in rec.unknown]
    scope_name = scope or M.whole_school
    seen = {code: (i.condition, i.room_id) for code, i in items.items() if i.disposed_on is None}
    return Preview(row.number, scope_name, rec, tuple(lines), tuple(changes), rec.scans, seen)


def _check(
    item: EquipmentItem | None, code: str, seen: tuple[str, uuid.UUID | None] | None,
    names: dict[uuid.UUID, str],
) -> EquipmentItem:  # fmt: skip
    """The unit as the preview saw it, or a Conflict that undoes the whole application."""
    detail = ""
    if item is None or seen is None:
        detail = M.detail_gone
    elif item.disposed_on is not None:
        detail = M.detail_disposed
    elif item.condition != seen[0]:
        detail = M.detail_condition.format(now=_label(item.condition))
    elif item.room_id != seen[1]:
        now = names.get(item.room_id, M.no_room) if item.room_id else M.no_room
        detail = M.detail_room.format(now=now)
    if detail or item is None:
        raise Conflict(M.changed_since_preview.format(code=code, detail=detail))
    return item


def apply_stocktake(
    session: Session,
    actor: Actor | None,
    confirmed: Preview,
    *,
    move_wrong_room: bool = False,
    today: date | None = None,
) -> int:
    """Write the ``confirmed`` preview into the register and close the session; returns the
    number of units changed. Run it in one unit of work: a Conflict leaves nothing written."""
    require(actor, Perm.MANAGE_EQUIPMENT)
    row = stocktake_by_number(session, confirmed.number)
    check_open(row)
    now_scans = session.scalar(
        select(func.count(StocktakeScan.id)).where(StocktakeScan.stocktake_id == row.id)
    ) or 0  # fmt: skip
    if now_scans != confirmed.scans:
        raise Conflict(M.scans_since_preview.format(n=now_scans - confirmed.scans))
    names = room_names(session)
    by_name = {name: rid for rid, name in names.items()}
    items = _items(session, row.school_code)
    rec = confirmed.reconciliation
    # What each unit gets: {code: (reasons, new condition or None, new room or None)}
    plan: dict[str, tuple[list[str], str | None, uuid.UUID | None]] = {}
    for c in confirmed.changes:
        what = M.reason_condition.format(before=_label(c.before), after=_label(c.after))
        plan[c.code] = ([what], c.after, None)
    if move_wrong_room:
        for w in rec.wrong_room:
            reasons, cond, _ = plan.get(w.code, ([], None, None))
            plan[w.code] = ([*reasons, M.reason_moved.format(room=w.scanned_room)], cond,
                            by_name[w.scanned_room])  # fmt: skip
    for code in rec.missing:
        if confirmed.seen.get(code, ("", None))[0] != Condition.MISSING:
            plan[code] = ([M.reason_missing], Condition.MISSING, None)
    day = format_date(today or local(utcnow()).date())
    for code in sorted(plan):  # by code: a late refusal undoes the earlier units too
        reasons, condition, room = plan[code]
        item = _check(items.get(code), code, confirmed.seen.get(code), names)
        set_reason(session, item, M.reason.format(number=row.number, scope=confirmed.scope,
                                                  day=day, what="; ".join(reasons)))  # fmt: skip
        if condition is not None:
            item.condition = condition
        if room is not None:
            item.room_id = room
        session.flush()
    result = _result(confirmed, move_wrong_room)
    row.status = StocktakeStatus.APPLIED
    row.move_wrong_room = move_wrong_room
    row.applied_by = actor.full_name or actor.username if actor else ""
    row.applied_at = utcnow()
    row.result = result
    row.result_sha256 = hashlib.sha256(result.encode()).hexdigest()
    session.flush()
    return len(plan)


def _result(p: Preview, moved: bool) -> str:
    rec = p.reconciliation
    return json.dumps({
        "scope": p.scope, "expected": rec.expected, "scans": rec.scans,
        "duplicates": rec.duplicate_scans, "moved": moved,
        "lines": [[x.category, x.code, x.name, x.room, x.found_in, x.condition, x.new_condition]
                  for x in p.lines],
    }, ensure_ascii=False)  # fmt: skip


@dataclass(frozen=True)
class Frozen:
    """The result an applied session froze, as the record prints it."""

    scope: str
    expected: int
    scans: int
    duplicates: int
    moved: bool
    lines: tuple[Line, ...]


def frozen_result(row: Stocktake) -> Frozen:
    """The result an applied session froze (``apply_stocktake`` wrote it)."""
    data = json.loads(row.result)
    return Frozen(str(data["scope"]), int(data["expected"]), int(data["scans"]),
                  int(data["duplicates"]), bool(data["moved"]),
                  tuple(Line(*x) for x in data["lines"]))  # fmt: skip

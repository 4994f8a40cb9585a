"""The demo school's inventory (issue 11 §6): rooms, a register, loans in each state and one
applied stocktake, on SQLite and PostgreSQL; the integrity checks stay green on it."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import select

from app import checks, demo
from app.db import Database
from app.equipment import ratio, register, rooms
from app.equipment.loan_models import LoanSlip, LoanStatus
from app.equipment.models import Condition, RoomKind
from app.equipment.stocktake_models import Stocktake, StocktakeStatus

ADMIN = demo.DEMO_ACTOR


def test_the_demo_school_has_rooms_items_loans_and_a_stocktake(empty_db: Database) -> None:
    summary = demo.build_demo(empty_db, students=120)
    counts = summary.counts
    with empty_db.read() as s:
        kinds = Counter(r.kind for r in rooms.list_rooms(s, ADMIN))
        items = register.list_items(s, ADMIN)
        slips = Counter(s.scalars(select(LoanSlip.status)))
        (taken,) = s.scalars(select(Stocktake.status)).all()
        levels = ratio.computer_ratios(s, ADMIN)
    assert kinds[RoomKind.CLASSROOM] == counts["classes"] > 0
    assert kinds[RoomKind.COMPUTER] == 2 and kinds[RoomKind.LIBRARY] == 1
    assert kinds[RoomKind.SUBJECT] >= 4
    assert counts["equipment_items"] == len(items) > 300
    assert counts["equipment_units"] == sum(i.quantity for i in items) > 1000
    computers = [i for i in items if i.is_computer]
    assert len(computers) >= 80 and all(i.serial and i.quantity == 1 for i in computers)
    assert any(not i.working for i in computers) and any(not i.internet for i in computers)
    assert any(not i.serial and i.quantity > 100 for i in items)  # a counted row
    assert slips == Counter({LoanStatus.RETURNED: 1, LoanStatus.OUT: 2, LoanStatus.APPROVED: 1,
                             LoanStatus.PENDING: 1, LoanStatus.REFUSED: 1})  # fmt: skip
    assert taken == StocktakeStatus.APPLIED and counts["equipment_stocktake_changes"] == 2
    missing = [i for i in items if i.condition == Condition.MISSING]
    assert len(missing) == 1 and missing[0].room == "Phòng Tin học 1"
    assert [r.level for r in levels] == ["thcs", "thpt"] and all(r.computers > 30 for r in levels)
    assert all(c.ok for c in checks.run_checks(empty_db)), [
        c.message for c in checks.run_checks(empty_db) if not c.ok
    ]

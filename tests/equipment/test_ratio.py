"""The Informatics computer ratio per level, from the register and real enrolments."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as hs

from app.equipment import disposal, ratio, register
from app.errors import PermissionDenied
from tests.equipment.conftest import EquipmentSchool


def test_the_rule_against_each_levels_maximum() -> None:
    """Tiểu học: at most 3 (aim 2); THCS at most 2; THPT 1; no computers never meets."""
    assert ratio.level_ratio("tieu_hoc", 75, 30).meets  # 2.5
    assert not ratio.level_ratio("tieu_hoc", 100, 30).meets  # 3.33
    assert ratio.level_ratio("thcs", 90, 45).ratio == Decimal("2.00")
    assert not ratio.level_ratio("thcs", 91, 45).meets
    assert not ratio.level_ratio("thpt", 46, 45).meets
    assert not ratio.level_ratio("thpt", 10, 0).meets
    assert ratio.level_ratio("thpt", 0, 0).meets
    assert [ratio.level_of_grade(g) for g in (1, 5, 6, 9, 10, 12)] == [
        "tieu_hoc", "tieu_hoc", "thcs", "thcs", "thpt", "thpt"]  # fmt: skip


@given(hs.integers(0, 3000), hs.integers(1, 500))
def test_meeting_the_limit_is_students_at_most_limit_times_computers(s: int, c: int) -> None:
    """Whatever the rounding shows, "meets" agrees with the exact comparison (within 0.005)."""
    r = ratio.level_ratio("thcs", s, c)
    exact = Decimal(s) / Decimal(c)
    assert r.ratio is not None and abs(r.ratio - exact) <= Decimal("0.005")
    if exact <= 2:
        assert r.meets


def test_the_ratio_counts_working_computers_and_studying_students(school: EquipmentSchool) -> None:
    """5 THCS students; 2 working computers in the THCS room, 1 in a shared room, one not
    working, one broken, one disposed: 5 / 3 = 1,67 meets; one fewer working: 2,5 does not."""
    school.students("6A1", 3)
    school.students("7A1", 2)
    working = school.add("Máy tính", count=2, is_computer=True, room="Phòng Tin 1")
    school.add("Máy tính", is_computer=True, room="Phòng học 6A1")  # a room every level shares
    school.add("Máy tính", is_computer=True, room="Phòng Tin 1", working=False)
    school.add("Máy tính", is_computer=True, room="Phòng Tin 1", condition="hong")
    (old,) = school.add("Máy tính", is_computer=True, room="Phòng Tin 1")
    school.add("Máy chiếu", room="Phòng Tin 1")  # not a computer
    principal = school.actor("principal")
    with school.db.uow(actor=principal) as s:
        disposal.dispose(s, principal, old, "Hết khấu hao, hỏng")
    it = school.actor("it_coordinator")
    with school.db.read() as s:
        (thcs,) = ratio.computer_ratios(s, it)
    assert (thcs.level, thcs.students, thcs.computers) == ("thcs", 5, 3)
    assert thcs.ratio == Decimal("1.67") and thcs.meets
    with school.db.uow(actor=school.officer) as s:
        register.edit_item(s, school.officer, working[0], register.ItemEdit(working=False))
    with school.db.read() as s:
        (thcs,) = ratio.computer_ratios(s, it)
    assert thcs.computers == 2 and thcs.ratio == Decimal("2.50") and not thcs.meets


def test_the_secretary_does_not_read_equipment_figures(school: EquipmentSchool) -> None:
    """Reading the ratio needs the equipment view right (IT coordinator, principal, …)."""
    secretary = school.actor("secretary")
    with school.db.read() as s, pytest.raises(PermissionDenied):
        ratio.computer_ratios(s, secretary)

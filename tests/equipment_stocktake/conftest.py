"""Fixtures of the stocktake tests: the equipment school (tests/equipment) with items in two
rooms and a helper that opens sessions and scans as the officer, one transaction per read."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from app.equipment import stocktake as stk
from app.equipment import stocktake_apply as stk_apply
from tests.conftest import Seeded
from tests.equipment.conftest import EquipmentSchool
from tests.equipment.conftest import school as school  # noqa: F401  (the fixture, re-exported)

COMMITTEE = (stk.Member("Lê Văn Minh", "Hiệu trưởng, Trưởng ban"),
             stk.Member("Trần Thị Hòa", "Nhân viên thiết bị, Thư ký"),
             stk.Member("Phạm Quốc Việt", "Tổ trưởng Tổ Khoa học tự nhiên"))  # fmt: skip


@dataclass
class Counting:
    """The school with six computers in "Phòng Tin 1" (TB-000001…6) and two projectors in
    "Phòng học 6A1" (TB-000007, TB-000008)."""

    school: EquipmentSchool

    @property
    def officer(self):  # type: ignore[no-untyped-def]
        return self.school.officer

    def open(self, room: str | None = "Phòng Tin 1", **kw: object) -> int:
        with self.school.db.uow(actor=self.officer) as s:
            return stk.open_stocktake(s, self.officer, room=room, committee=COMMITTEE,
                                      **kw).number  # type: ignore[arg-type]  # fmt: skip

    def scan(self, number: int, *codes: str, **kw: object) -> list[stk.ScanResult]:
        out = []
        for code in codes:
            with self.school.db.uow(actor=self.officer) as s:
                out.append(stk.record_scan(s, self.officer, number, code, **kw))  # type: ignore[arg-type]
        return out

    def preview(self, number: int) -> stk_apply.Preview:
        with self.school.db.read(actor=self.officer) as s:
            return stk_apply.preview(s, self.officer, number)

    def apply(self, p: stk_apply.Preview, **kw: object) -> int:
        with self.school.db.uow(actor=self.officer) as s:
            return stk_apply.apply_stocktake(s, self.officer, p, **kw)  # type: ignore[arg-type]


@pytest.fixture
def counting(school: EquipmentSchool, seeded: Seeded) -> Counting:  # noqa: F811
    school.add("Máy tính để bàn", count=6, room="Phòng Tin 1", is_computer=True)
    school.add("Máy chiếu", count=2, room="Phòng học 6A1")
    return Counting(school)

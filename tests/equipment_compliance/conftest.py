"""Fixtures of the compliance report: the equipment school of ``tests/equipment`` with a small
made-up list (a test CSV: "Thiết bị thử …", never an official line) and items linked to it."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import select

from app.equipment import disposal, list_import
from app.equipment.models import ReferenceItem
from tests.equipment.conftest import EquipmentSchool, school  # noqa: F401  (the fixture)

CSV = """subject,grade,item_no,name,user,unit,quantity,scope
Toán,6,1,Bộ thước thử đo góc,GV,Bộ,1,lớp
Toán,6,2,Mô hình thử khối đa diện,HS,Cái,2,lớp
Toán,7,1,Bảng thử tọa độ,GV,Cái,3,lớp
Tin học,7,1,Máy chiếu thử,GV,Chiếc,1,trường
"""


@dataclass
class Stocked:
    """The school, its classes (6A1, 6A2, 7A1) and the list's lines by (subject, grade, no.)."""

    school: EquipmentSchool
    lines: dict[tuple[str, int, str], uuid.UUID]


def _line(st: Stocked, subject: str, grade: int, no: str) -> dict[str, object]:
    return {"reference_id": st.lines[(subject, grade, no)]}


@pytest.fixture
def stocked(school: EquipmentSchool, tmp_path: Path) -> Stocked:  # noqa: F811
    """Toán 6/1: 2 needed, 2 good units (đủ). Toán 6/2: 4 needed, a row of 3 good and a broken
    unit (thiếu 1). Toán 7/1: 3 needed, one good, one awaiting disposal, one slightly damaged
    but disposed (thiếu 2). Tin học 7/1 (per school): 1 needed, one slightly damaged (đủ)."""
    for name in ("6A1", "6A2", "7A1"):
        school.students(name, 1)
    path = tmp_path / "danh_muc_thu.csv"
    path.write_text(CSV, encoding="utf-8")
    list_import.import_list(school.db, school.officer, path, version="2021", circular="38/2021")
    with school.db.read() as s:
        lines = {(i.subject, i.grade, i.item_no): i.id for i in s.scalars(select(ReferenceItem))}
    st = Stocked(school, lines)
    school.add("Bộ thước đo góc", count=2, **_line(st, "Toán", 6, "1"))
    school.add("Mô hình khối đa diện", count=3, serial=False, **_line(st, "Toán", 6, "2"))
    school.add("Mô hình khối đa diện", condition="hong", **_line(st, "Toán", 6, "2"))
    school.add("Bảng tọa độ", **_line(st, "Toán", 7, "1"))
    school.add("Bảng tọa độ", condition="cho_thanh_ly", **_line(st, "Toán", 7, "1"))
    (gone,) = school.add("Bảng tọa độ", condition="hong_nhe", **_line(st, "Toán", 7, "1"))
    school.add("Máy chiếu", condition="hong_nhe", **_line(st, "Tin học", 7, "1"))
    school.add("Máy tính", count=2, is_computer=True, room="Phòng Tin 1")
    principal = school.actor("principal")
    with school.db.uow(actor=principal) as s:
        disposal.dispose(s, principal, gone, "Gãy, không sửa được")
    return st

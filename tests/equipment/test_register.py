"""The register: generated codes, bulk add, journalled edits and their history, rooms."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select

from app import journal_read
from app.equipment import register, rooms
from app.equipment.models import EquipmentCodeSequence, EquipmentItem, Room
from app.errors import Conflict, NotFound, PermissionDenied, ValidationError
from tests.equipment.conftest import EquipmentSchool


def test_codes_are_consecutive_unique_and_skip_a_taken_one(school: EquipmentSchool) -> None:
    """Codes follow TB-000001…; one already in the register is skipped, none is given twice."""
    first = school.add("Máy chiếu", count=2)
    assert first == ("TB-000001", "TB-000002")
    with school.db.uow(actor=school.officer) as s:  # a code typed in earlier by hand
        s.add(EquipmentItem(school_code=s.info["school_code"], code="TB-000004", name="Loa"))
    assert school.add("Máy chiếu", count=3) == ("TB-000003", "TB-000005", "TB-000006")
    with school.db.read() as s:
        codes = list(s.scalars(select(EquipmentItem.code)))
        seq = s.scalar(select(EquipmentCodeSequence.last_seq))
    assert len(codes) == len(set(codes)) == 6 and seq == 6


def test_bulk_add_serial_units_or_one_row_with_a_quantity(school: EquipmentSchool) -> None:
    """Serial units get a row and a code each; counted units one row with the quantity;
    a computer is serial even when asked otherwise."""
    serial = school.add("Bộ thí nghiệm điện", count=4, room="Phòng học 6A1",
                        value_vnd=Decimal("1500000"))  # fmt: skip
    counted = school.add("Thước thẳng 1 m", count=30, serial=False, unit="cái")
    computers = school.add("Máy tính để bàn", count=2, serial=False, is_computer=True)
    assert len(serial) == 4 and len(counted) == 1 and len(computers) == 2
    with school.db.read() as s:
        rows = {r.code: r for r in register.list_items(s, school.officer)}
    assert {rows[c].quantity for c in serial} == {1} and rows[counted[0]].quantity == 30
    assert all(rows[c].room == "Phòng học 6A1" for c in serial)
    assert rows[serial[0]].value_vnd == Decimal("1500000")
    assert rows[counted[0]].serial is False and all(rows[c].serial for c in computers)


def test_bad_input_is_refused_in_vietnamese(school: EquipmentSchool) -> None:
    """No name, a count of zero, an unknown room, a bad condition: refused, nothing written."""
    with pytest.raises(ValidationError, match="Tên thiết bị"):
        school.add("  ")
    with pytest.raises(ValidationError, match="Số lượng"):
        school.add("Máy chiếu", count=0)
    with pytest.raises(NotFound, match="Phòng Hóa"):
        school.add("Máy chiếu", room="Phòng Hóa")
    with pytest.raises(ValidationError, match="Tình trạng"):
        school.add("Máy chiếu", condition="mat")
    with pytest.raises(ValidationError, match="Nguyên giá"):
        register.check_money("12,5 triệu")
    with school.db.read() as s:
        assert s.scalars(select(EquipmentItem)).all() == []


def test_edits_are_journalled_and_read_back_as_history(school: EquipmentSchool) -> None:
    """Moving an item and changing its condition is in its history, old → new, with the reason."""
    (code,) = school.add("Máy chiếu Epson", room="Phòng học 6A1")
    with school.db.uow(actor=school.officer, reason="Chuyển sang phòng Tin") as s:
        register.edit_item(s, school.officer, code.lower(), register.ItemEdit(
            room="Phòng Tin 1", condition="hong_nhe"))  # fmt: skip
    with school.db.read() as s:
        history = register.item_history(s, school.actor("teacher"), code)
        item = register.get_item(s, school.officer, code)
    assert [r.op for r in history] == ["insert", "update"]
    update = history[1]
    assert update.reason == "Chuyển sang phòng Tin" and update.username == "u_equipment_officer"
    assert update.changes["condition"] == ["tot", "hong_nhe"]
    assert update.changes["room_id"][0] != update.changes["room_id"][1]
    assert item.room == "Phòng Tin 1" and item.condition_label == "Hỏng nhẹ"


def test_a_serial_unit_keeps_a_quantity_of_one(school: EquipmentSchool) -> None:
    """A serial-tracked unit cannot be given a quantity; a counted row can."""
    (unit,) = school.add("Máy chiếu")
    (pack,) = school.add("Ê ke", count=10, serial=False)
    with school.db.uow(actor=school.officer) as s:
        with pytest.raises(ValidationError, match="từng chiếc"):
            register.edit_item(s, school.officer, unit, register.ItemEdit(quantity=3))
        register.edit_item(s, school.officer, pack, register.ItemEdit(quantity=8))
    with school.db.read() as s:
        assert register.get_item(s, school.officer, pack).quantity == 8


def test_a_teacher_may_look_but_not_write(school: EquipmentSchool) -> None:
    """The service refuses a teacher's add, edit and room; the teacher still reads the list."""
    (code,) = school.add("Máy chiếu")
    teacher = school.actor("teacher")
    with school.db.uow(actor=teacher) as s:
        with pytest.raises(PermissionDenied, match="quản lý sổ thiết bị"):
            register.add_items(s, teacher, register.ItemInput("Loa"))
        with pytest.raises(PermissionDenied):
            register.edit_item(s, teacher, code, register.ItemEdit(notes="của tôi"))
        with pytest.raises(PermissionDenied):
            rooms.add_room(s, teacher, rooms.RoomInput("Kho 2", "kho"))
    with school.db.read() as s:
        assert [r.code for r in register.list_items(s, teacher)] == [code]
        assert register.get_item(s, teacher, code).notes == ""


@pytest.mark.parametrize("role", ["admin", "principal", "secretary", "teacher", "it_coordinator",
                                  "equipment_officer"])  # fmt: skip
def test_who_may_view_and_who_may_manage(school: EquipmentSchool, role: str) -> None:
    """Viewing: all but the secretary; managing: the equipment officer and the admin."""
    actor = school.actor(role)
    with school.db.uow(actor=actor) as s:
        try:
            rooms.list_rooms(s, actor)
            viewed = True
        except PermissionDenied:
            viewed = False
        try:
            register.add_items(s, actor, register.ItemInput("Bảng phụ"))
            managed = True
        except PermissionDenied:
            managed = False
    assert viewed is (role != "secretary")
    assert managed is (role in ("admin", "equipment_officer"))


def test_rooms_list_with_their_items_and_refuse_a_duplicate(school: EquipmentSchool) -> None:
    """Rooms are listed by name with their construction and how many lines they hold."""
    school.add("Máy tính", count=3, is_computer=True, room="Phòng Tin 1")
    with school.db.uow(actor=school.officer) as s:
        with pytest.raises(Conflict, match="Phòng Tin 1"):
            rooms.add_room(s, school.officer, rooms.RoomInput("Phòng Tin 1", "phong_hoc"))
        with pytest.raises(ValidationError, match="Loại công trình"):
            rooms.add_room(s, school.officer, rooms.RoomInput("Phòng X", "phong_hoc",
                                                              construction="go"))  # fmt: skip
    with school.db.read() as s:
        listed = rooms.list_rooms(s, school.officer)
    assert [(r.name, r.construction_label, r.items) for r in listed] == [
        ("Phòng học 6A1", "Bán kiên cố", 0),
        ("Phòng Tin 1", "Kiên cố", 3),
    ]


def test_a_room_edit_is_journalled_old_to_new(school: EquipmentSchool) -> None:
    """Rebuilding a room (bán kiên cố → kiên cố) is in the journal with the old value."""
    with school.db.uow(actor=school.officer, reason="Xây lại năm 2026") as s:
        rooms.edit_room(s, school.officer, "Phòng học 6A1", rooms.RoomInput(
            "Phòng học 6A1", "phong_hoc", 40, "kien_co"))  # fmt: skip
    with school.db.read() as s:
        room = s.scalar(select(Room).where(Room.name == "Phòng học 6A1"))
        assert room is not None
        entries = journal_read.history(s, "room", str(room.id))
    assert entries[-1].changes == {"capacity": [45, 40], "construction": ["ban_kien_co", "kien_co"]}
    assert entries[-1].reason == "Xây lại năm 2026"

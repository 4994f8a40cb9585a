"""The demo school's inventory (issue 11 §6): rooms, a register of some thousands of units,
loans in each state and one applied stocktake, written through the equipment services.

Deterministic (a fixed seed) and sized by the classes: each class has its classroom and its
furniture, so the small demos the tests build stay small. The names are ordinary school
equipment, not lines of an official minimum list.
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app import school
from app.db import Actor
from app.equipment import loans, rooms, stocktake, stocktake_apply
from app.equipment.loan_models import LoanKind
from app.equipment.models import (
    Condition,
    Construction,
    EquipmentItem,
    Room,
    RoomKind,
    Source,
)
from app.equipment.ratio import level_of_grade
from app.equipment.register import ItemInput, add_items, list_items
from app.progress import NullProgress, Progress, check_cancel

STEP = "Tạo sổ thiết bị mẫu"
STORE = "Kho thiết bị"
LIBRARY = "Thư viện"
COMPUTERS_PER_ROOM = 40
SECONDARY_LABS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Phòng Vật lí", ("Bộ thí nghiệm cơ học", "Bộ thí nghiệm điện học", "Bộ thí nghiệm quang học",
                      "Bộ thí nghiệm nhiệt học")),
    ("Phòng Hóa học", ("Bộ dụng cụ thí nghiệm hóa học", "Bộ giá đỡ và đèn cồn",
                       "Bộ mô hình phân tử")),
    ("Phòng Sinh học", ("Kính hiển vi quang học", "Bộ đồ mổ", "Bộ mô hình cơ thể người")),
    ("Phòng Công nghệ", ("Bộ dụng cụ cơ khí", "Bộ lắp ráp mạch điện", "Bộ dụng cụ trồng trọt")),
    ("Phòng Âm nhạc", ("Đàn phím điện tử", "Bộ nhạc cụ gõ")),
    ("Phòng Mĩ thuật", ("Giá vẽ", "Bộ tượng mẫu thạch cao")),
    ("Phòng Ngoại ngữ", ("Bộ tai nghe có micro", "Máy tính bảng học ngoại ngữ")),
)  # fmt: skip
PRIMARY_LABS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Phòng Khoa học - Công nghệ", ("Bộ thí nghiệm khoa học", "Bộ lắp ghép kĩ thuật")),
    ("Phòng Âm nhạc", ("Đàn phím điện tử", "Bộ nhạc cụ gõ")),
    ("Phòng Mĩ thuật", ("Giá vẽ", "Bộ tượng mẫu thạch cao")),
    ("Phòng Ngoại ngữ", ("Bộ tai nghe có micro", "Máy tính bảng học ngoại ngữ")),
)
COUNTED_LAB: tuple[tuple[str, int, str], ...] = (
    ("Ống nghiệm thủy tinh", 300, "cái"), ("Cốc thủy tinh chịu nhiệt 250 ml", 120, "cái"),
    ("Nhiệt kế", 40, "cái"), ("Thước thẳng 1 m", 40, "cái"), ("Tranh ảnh dạy học", 60, "tờ"),
)  # fmt: skip
LIBRARY_BOOKS: tuple[tuple[str, int], ...] = (
    ("Sách giáo khoa (bộ dùng chung)", 900), ("Sách tham khảo các môn", 1000),
    ("Truyện thiếu nhi và văn học", 800), ("Báo, tạp chí đóng tập", 150),
)  # fmt: skip


def _year_day(acquired_year: int, rng: random.Random) -> date:
    return date(acquired_year, rng.randint(6, 9), rng.randint(1, 28))


def _add(s: Session, actor: Actor, rng: random.Random, name: str, count: int, room: str,
         **kw: object) -> tuple[str, ...]:  # fmt: skip
    year = rng.choice((2019, 2020, 2021, 2022, 2023, 2024))
    data = ItemInput(name=name, count=count, room=room, acquired_on=_year_day(year, rng), **kw)  # type: ignore[arg-type]
    return add_items(s, actor, data).codes


def _rooms(s: Session, actor: Actor, classes: Sequence[str], levels: tuple[str, ...]) -> list[str]:
    """Classrooms, subject rooms, two computer rooms, the library and the store."""
    labs = PRIMARY_LABS if levels == ("tieu_hoc",) else SECONDARY_LABS
    for n, name in enumerate(classes):
        built = Construction.SEMI if n % 6 == 5 else Construction.SOLID
        grade = re.match(r"\d+", name)  # a class's room serves its level
        level = level_of_grade(int(grade.group())) if grade else ""
        rooms.add_room(
            s, actor, rooms.RoomInput(f"Phòng học {name}", RoomKind.CLASSROOM, 45, built, level)
        )
    for name, _ in labs:
        rooms.add_room(s, actor, rooms.RoomInput(name, RoomKind.SUBJECT, 45, Construction.SOLID))
    tin = [(f"Phòng Tin học {i + 1}", levels[i % len(levels)]) for i in range(2)]
    for name, level in tin:
        rooms.add_room(s, actor, rooms.RoomInput(name, RoomKind.COMPUTER, COMPUTERS_PER_ROOM,
                                                 Construction.SOLID, level))  # fmt: skip
    rooms.add_room(s, actor, rooms.RoomInput(LIBRARY, RoomKind.LIBRARY, 60, Construction.SOLID))
    rooms.add_room(s, actor, rooms.RoomInput(STORE, RoomKind.STORE, 0, Construction.SEMI))
    return [name for name, _ in tin]


def _items(
    s: Session, actor: Actor, rng: random.Random, classes: Sequence[str], tin: list[str],
    levels: tuple[str, ...], progress: Progress,
) -> dict[str, list[str]]:  # fmt: skip
    """The register; the codes worth lending or counting, by kind."""
    kept: dict[str, list[str]] = {"computers": [], "kits": [], "laptops": [], "projectors": []}
    total = len(classes) + 4
    for n, name in enumerate(classes):
        check_cancel(progress)
        progress.update(n, total, STEP, "phòng")
        room = f"Phòng học {name}"
        screen = "Ti vi thông minh 65 inch" if n % 2 else "Máy chiếu đa năng"
        _add(s, actor, rng, screen, 1, room, value_vnd=18_500_000, category="Thiết bị trình chiếu")
        _add(s, actor, rng, "Loa di động có micro", 1, room, value_vnd=2_300_000)
        _add(s, actor, rng, "Bộ bàn ghế giáo viên", 1, room, value_vnd=3_200_000, unit="bộ",
             category="Bàn ghế")  # fmt: skip
        _add(s, actor, rng, "Bộ bàn ghế học sinh 2 chỗ ngồi", 22, room, value_vnd=1_850_000,
             unit="bộ", category="Bàn ghế", condition=rng.choice(("tot", "tot", "hong_nhe")))  # fmt: skip
        _add(s, actor, rng, "Quạt trần", 4, room, serial=False, value_vnd=950_000)
        _add(s, actor, rng, "Bảng chống lóa", 1, room, serial=False, value_vnd=4_100_000)
    labs = PRIMARY_LABS if levels == ("tieu_hoc",) else SECONDARY_LABS
    progress.update(len(classes), total, STEP, "phòng")
    for lab, kits in labs:
        for kit in kits:
            kept["kits"] += _add(s, actor, rng, kit, 8, lab, unit="bộ", category="Thiết bị thực hành",
                                 value_vnd=rng.choice((1_200_000, 2_500_000, 4_800_000)))  # fmt: skip
        science = any(word in lab for word in ("Vật lí", "Hóa học", "Sinh học", "Khoa học"))
        counted = COUNTED_LAB[: 2 + len(kits)] if science else COUNTED_LAB[-1:]  # posters only
        for thing, count, unit in counted:
            _add(s, actor, rng, thing, count, lab, serial=False, unit=unit, value_vnd=35_000)
    for room in tin:
        progress.update(len(classes) + 1 + tin.index(room), total, STEP, "phòng")
        for k in range(COMPUTERS_PER_ROOM):
            broken = k % 13 == 12
            kept["computers"] += _add(
                s, actor, rng, "Máy tính để bàn", 1, room, is_computer=True, working=not broken,
                internet=k % 10 != 9, condition="hong" if broken else "tot",
                value_vnd=12_500_000, category="Máy tính",
                funding=Source.SOCIALISED if room.endswith("2") else Source.BUDGET,
            )  # fmt: skip
        _add(s, actor, rng, "Máy tính giáo viên", 1, room, is_computer=True, internet=True,
             value_vnd=15_000_000, category="Máy tính")  # fmt: skip
        kept["projectors"] += _add(s, actor, rng, "Máy chiếu đa năng", 1, room,
                                   value_vnd=18_500_000)  # fmt: skip
    progress.update(total - 1, total, STEP, "phòng")
    kept["laptops"] += _add(s, actor, rng, "Máy tính xách tay", 10, LIBRARY, is_computer=True,
                            internet=True, value_vnd=16_000_000, funding=Source.DONATION,
                            category="Máy tính")  # fmt: skip
    kept["projectors"] += _add(s, actor, rng, "Máy chiếu di động", 4, STORE, value_vnd=14_000_000)
    for book, count in LIBRARY_BOOKS:
        _add(s, actor, rng, book, count, LIBRARY, serial=False, unit="cuốn", value_vnd=45_000)
    _add(s, actor, rng, "Bàn ghế cũ chờ thanh lý", 15, STORE, serial=False, unit="bộ",
         condition=Condition.AWAITING_DISPOSAL)  # fmt: skip
    return kept


def _loans(s: Session, actor: Actor, teachers: Sequence[str], kept: dict[str, list[str]]) -> int:
    """Slips in each state: returned, out (one overdue), approved, waiting, refused."""
    if not teachers or len(kept["laptops"]) < 6 or len(kept["projectors"]) < 3:
        return 0
    today = date.today()
    who = [teachers[i % len(teachers)] for i in range(5)]
    plans = (  # (start, due, codes, what happens)
        (today - timedelta(days=20), today - timedelta(days=6), kept["laptops"][:3], "returned"),
        (today - timedelta(days=12), today - timedelta(days=2), kept["projectors"][:1], "out"),
        (today - timedelta(days=1), today + timedelta(days=6), kept["laptops"][3:5], "out"),
        (today + timedelta(days=2), today + timedelta(days=4), kept["projectors"][1:2], "approved"),
        (today + timedelta(days=3), today + timedelta(days=5), kept["laptops"][5:6], "pending"),
        (today + timedelta(days=3), today + timedelta(days=5), kept["projectors"][2:3], "refused"),
    )
    for n, (start, due, codes, state) in enumerate(plans):
        data = loans.SlipInput(borrower=who[n % len(who)], kind=LoanKind.LONG_TERM, start_on=start,
                               due_on=due, lesson="Dạy học và sinh hoạt chuyên môn")  # fmt: skip
        number = loans.new_slip(s, actor, data).number
        for code in codes:
            loans.add_item(s, actor, number, code)
        loans.submit(s, actor, number)
        if state == "pending":
            continue
        if state == "refused":
            loans.refuse(s, actor, number, "Máy chiếu đã xếp cho buổi họp toàn trường")
            continue
        loans.approve(s, actor, number)
        if state == "approved":
            continue
        loans.hand_out(s, actor, number)
        if state == "returned":
            loans.take_back(s, actor, number, {codes[0]: Condition.MINOR})
    return len(plans)


def _stocktake(s: Session, actor: Actor, room: str) -> int:
    """One stocktake of a computer room, applied: one machine not found, one found broken."""
    members = [stocktake.Member("Hoàng Văn Bình", "Nhân viên thiết bị"),
               stocktake.Member("Nguyễn Đức Thắng", "Giáo viên Tin học")]  # fmt: skip
    number = stocktake.open_stocktake(s, actor, room=room, committee=members).number
    codes = [i.code for i in list_items(s, actor, room=room)]
    for k, code in enumerate(codes[1:]):  # the first machine is not found
        stocktake.record_scan(s, actor, number, code,
                              condition=Condition.BROKEN if k == 3 else None)  # fmt: skip
    confirmed = stocktake_apply.preview(s, actor, number)
    return stocktake_apply.apply_stocktake(s, actor, confirmed)


def fill_inventory_in(
    s: Session,
    actor: Actor,
    classes: Sequence[str],
    teachers: Sequence[str],
    progress: Progress | None = None,
) -> dict[str, int]:
    """Rooms, the register, loans and one applied stocktake, in the caller's unit of work."""
    progress = progress or NullProgress()
    rng = random.Random(2025)
    levels = school.require_profile(s).levels
    tin = _rooms(s, actor, classes, levels)
    kept = _items(s, actor, rng, classes, tin, levels, progress)
    slips = _loans(s, actor, teachers, kept)
    changed = _stocktake(s, actor, tin[0])
    s.flush()
    items, units = s.execute(select(func.count(EquipmentItem.id),
                                    func.sum(EquipmentItem.quantity))).one()  # fmt: skip
    return {
        "rooms": s.scalar(select(func.count(Room.id))) or 0,
        "items": items or 0,
        "units": int(units or 0),
        "loans": slips,
        "stocktake_changes": changed,
    }

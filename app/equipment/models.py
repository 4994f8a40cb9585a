"""ORM models of equipment and facilities: rooms, the Ministry's minimum lists, the register.

Every row but the code counter is journalled (``journal.Tracked``), so an item's history is
read from the journal. The minimum lists (TT 37/38/39-2021) are data: a versioned
``EquipmentList`` holds its ``ReferenceItem`` rows, loaded from ``resources/equipment/`` or
imported from the school's spreadsheet (docs/equipment.md). A register item may point at the
list item it fulfils. Units of a kind are one row each when serial-tracked (computers,
projectors: each has its own code and label) or one row with a quantity (decision 026).
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    Uuid,
)
from sqlalchemy.orm import Mapped, mapped_column

from app import journal
from app.db import Base, SyncMixin


class RoomKind:
    """What a room is used for."""

    CLASSROOM = "phong_hoc"
    SUBJECT = "phong_bo_mon"
    COMPUTER = "phong_may_tinh"
    STUDIO = "phong_da_nang"
    LIBRARY = "thu_vien"
    STORE = "kho"


ROOM_KIND_LABELS: dict[str, str] = {
    RoomKind.CLASSROOM: "Phòng học",
    RoomKind.SUBJECT: "Phòng học bộ môn",
    RoomKind.COMPUTER: "Phòng máy tính",
    RoomKind.STUDIO: "Phòng đa năng",
    RoomKind.LIBRARY: "Thư viện",
    RoomKind.STORE: "Kho thiết bị",
}


class Construction:
    """Construction type, as the statistics reports count rooms."""

    SOLID = "kien_co"
    SEMI = "ban_kien_co"
    TEMPORARY = "tam"


CONSTRUCTION_LABELS: dict[str, str] = {
    Construction.SOLID: "Kiên cố",
    Construction.SEMI: "Bán kiên cố",
    Construction.TEMPORARY: "Tạm",
}


class Condition:
    """The state an item is in."""

    GOOD = "tot"
    MINOR = "hong_nhe"
    BROKEN = "hong"
    AWAITING_DISPOSAL = "cho_thanh_ly"
    MISSING = "that_lac"  # not found at a stocktake (decision 028)


CONDITION_LABELS: dict[str, str] = {
    Condition.GOOD: "Tốt",
    Condition.MINOR: "Hỏng nhẹ",
    Condition.BROKEN: "Hỏng",
    Condition.AWAITING_DISPOSAL: "Chờ thanh lý",
    Condition.MISSING: "Thất lạc",
}
WORKING_CONDITIONS = (Condition.GOOD, Condition.MINOR)
"""Conditions in which an item counts as usable (compliance, the computer ratio)."""


class Source:
    """Where the money came from."""

    BUDGET = "ngan_sach"
    SOCIALISED = "xa_hoi_hoa"
    DONATION = "tai_tro"


SOURCE_LABELS: dict[str, str] = {
    Source.BUDGET: "Ngân sách",
    Source.SOCIALISED: "Xã hội hóa",
    Source.DONATION: "Tài trợ",
}

USER_LABELS: dict[str, str] = {"GV": "Giáo viên", "HS": "Học sinh", "GV,HS": "Giáo viên, học sinh"}
SCOPE_LABELS: dict[str, str] = {"lop": "Theo lớp", "truong": "Theo trường"}
LEVEL_LABELS: dict[str, str] = {"tieu_hoc": "Tiểu học", "thcs": "THCS", "thpt": "THPT"}

JOURNAL_FIELDS: dict[str, str] = {
    "name": "Tên",
    "kind": "Loại phòng",
    "level": "Cấp học",
    "capacity": "Sức chứa (chỗ)",
    "construction": "Loại công trình",
    "area_m2": "Diện tích (m²)",
    "notes": "Ghi chú",
    "circular": "Thông tư",
    "version": "Phiên bản",
    "source": "Nguồn",
    "list_id": "Danh mục",
    "subject": "Môn học",
    "grade": "Lớp",
    "item_no": "Số thứ tự trong thông tư",
    "purpose": "Mục đích sử dụng",
    "description": "Mô tả",
    "user": "Đối tượng sử dụng",
    "unit": "Đơn vị tính",
    "quantity": "Số lượng",
    "scope": "Tính theo",
    "code": "Mã thiết bị",
    "reference_id": "Thiết bị trong danh mục tối thiểu",
    "category": "Nhóm thiết bị",
    "room_id": "Phòng",
    "serial": "Theo dõi từng chiếc",
    "serial_number": "Số sê-ri",
    "acquired_on": "Ngày nhận",
    "funding": "Nguồn kinh phí",
    "value_vnd": "Nguyên giá (đồng)",
    "condition": "Tình trạng",
    "is_computer": "Là máy tính",
    "working": "Máy hoạt động",
    "internet": "Có kết nối Internet",
    "disposed_on": "Ngày thanh lý",
    "disposal_reason": "Lý do thanh lý",
    "disposed_by": "Người duyệt thanh lý",
    "disposed_at": "Thời điểm duyệt thanh lý",
}


class Room(SyncMixin, journal.Tracked, Base):
    """A room of the school: a classroom, a subject room, the computer room, the library…"""

    __tablename__ = "room"
    __journal_label__ = "Phòng"
    __journal_fields__ = JOURNAL_FIELDS
    __journal_values__ = {
        "kind": ROOM_KIND_LABELS,
        "construction": CONSTRUCTION_LABELS,
        "level": LEVEL_LABELS,
    }
    __table_args__ = (UniqueConstraint("school_code", "name"),)

    name: Mapped[str] = mapped_column(String(80))
    kind: Mapped[str] = mapped_column(String(20))
    level: Mapped[str] = mapped_column(String(10), default="")  # "" = shared by every level
    capacity: Mapped[int] = mapped_column(Integer, default=0)
    construction: Mapped[str] = mapped_column(String(12), default=Construction.SOLID)
    area_m2: Mapped[Decimal | None] = mapped_column(Numeric(8, 2), nullable=True)
    notes: Mapped[str] = mapped_column(Text, default="")


class EquipmentList(SyncMixin, journal.Tracked, Base):
    """One version of a Ministry minimum list for one level (TT 38/2021, THCS, version …)."""

    __tablename__ = "equipment_list"
    __journal_label__ = "Danh mục thiết bị tối thiểu"
    __journal_fields__ = JOURNAL_FIELDS
    __journal_values__ = {"level": LEVEL_LABELS}
    __table_args__ = (UniqueConstraint("school_code", "circular", "level", "version"),)

    circular: Mapped[str] = mapped_column(String(40))
    level: Mapped[str] = mapped_column(String(10))
    version: Mapped[str] = mapped_column(String(40))
    source: Mapped[str] = mapped_column(Text, default="")


class ReferenceItem(SyncMixin, journal.Tracked, Base):
    """One line of a minimum list: subject, grade, the circular's number, name, quantity."""

    __tablename__ = "equipment_reference_item"
    __journal_label__ = "Thiết bị trong danh mục tối thiểu"
    __journal_fields__ = JOURNAL_FIELDS
    __journal_values__ = {"user": USER_LABELS, "scope": SCOPE_LABELS}
    __table_args__ = (UniqueConstraint("list_id", "subject", "grade", "item_no"),)

    list_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("equipment_list.id", ondelete="CASCADE"), index=True
    )
    subject: Mapped[str] = mapped_column(String(80))
    grade: Mapped[int] = mapped_column(Integer)  # 0 = every grade of the level
    item_no: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(300))
    purpose: Mapped[str] = mapped_column(Text, default="")
    description: Mapped[str] = mapped_column(Text, default="")
    user: Mapped[str] = mapped_column(String(10), default="")
    unit: Mapped[str] = mapped_column(String(30), default="")
    quantity: Mapped[int] = mapped_column(Integer, default=1)
    scope: Mapped[str] = mapped_column(String(10), default="lop")
    notes: Mapped[str] = mapped_column(Text, default="")


class EquipmentItem(SyncMixin, journal.Tracked, Base):
    """A line of the sổ quản lý thiết bị: one serial-tracked unit, or a quantity of a kind."""

    __tablename__ = "equipment_item"
    __journal_label__ = "Thiết bị"
    __journal_fields__ = JOURNAL_FIELDS
    __journal_values__ = {"condition": CONDITION_LABELS, "funding": SOURCE_LABELS}
    __table_args__ = (UniqueConstraint("school_code", "code"),)

    code: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(300))
    reference_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("equipment_reference_item.id", ondelete="SET NULL"), nullable=True,
        index=True,
    )  # fmt: skip
    category: Mapped[str] = mapped_column(String(80), default="")
    room_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("room.id", ondelete="SET NULL"), nullable=True, index=True
    )
    serial: Mapped[bool] = mapped_column(Boolean, default=True)
    quantity: Mapped[int] = mapped_column(Integer, default=1)
    unit: Mapped[str] = mapped_column(String(30), default="")
    serial_number: Mapped[str] = mapped_column(String(80), default="")
    acquired_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    funding: Mapped[str] = mapped_column(String(12), default=Source.BUDGET)
    value_vnd: Mapped[Decimal] = mapped_column(Numeric(15, 0), default=Decimal(0))
    condition: Mapped[str] = mapped_column(String(14), default=Condition.GOOD, index=True)
    is_computer: Mapped[bool] = mapped_column(Boolean, default=False)
    working: Mapped[bool] = mapped_column(Boolean, default=True)
    internet: Mapped[bool] = mapped_column(Boolean, default=False)
    notes: Mapped[str] = mapped_column(Text, default="")
    disposed_on: Mapped[date | None] = mapped_column(Date, nullable=True, index=True)
    disposal_reason: Mapped[str] = mapped_column(Text, default="")
    disposed_by: Mapped[str] = mapped_column(String(64), default="")
    disposed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class EquipmentCodeSequence(SyncMixin, Base):
    """The last register number handed out in this school (TB-000123); never goes back."""

    __tablename__ = "equipment_code_sequence"
    __table_args__ = (UniqueConstraint("school_code"),)
    __journal_label__ = "Bộ đếm mã thiết bị"

    last_seq: Mapped[int] = mapped_column(Integer, default=0)

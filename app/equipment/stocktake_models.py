"""ORM models of the stocktake (kiểm kê, issue 11 §4): a session and its scans.

A ``Stocktake`` is one session, of a room or of the whole school (``room_id`` None), opened
by the equipment officer with the committee (ban kiểm kê) named for the record. Each read of
a label, or each manual tick, is one ``StocktakeScan`` row written in its own transaction, so
a session closed with the app (or cut by a power failure) resumes with every scan it had.

The session row is journalled (``journal.Tracked``): opened, applied, and its frozen result.
Scans are working state, like the code counter: hundreds of reads a room, repeats included;
what they change in the register is journalled item by item when the session is applied
(decision 028). After ``apply`` the session is closed: ``result`` holds the reconciliation as
the record prints it, and neither the session nor its scans can change any more.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from app import journal
from app.db import Base, SyncMixin, utcnow


class StocktakeStatus:
    """Where a session is."""

    OPEN = "dang_kiem_ke"
    APPLIED = "da_ap_dung"


STOCKTAKE_STATUS_LABELS: dict[str, str] = {
    StocktakeStatus.OPEN: "Đang kiểm kê",
    StocktakeStatus.APPLIED: "Đã đối chiếu và cập nhật sổ",
}

STOCKTAKE_JOURNAL_FIELDS: dict[str, str] = {
    "number": "Số biên bản",
    "room_id": "Phòng kiểm kê",
    "place": "Địa điểm",
    "committee": "Ban kiểm kê",
    "opened_by": "Người mở phiên",
    "opened_at": "Thời điểm bắt đầu",
    "status": "Trạng thái",
    "move_wrong_room": "Chuyển thiết bị sai phòng về phòng thực tế",
    "applied_by": "Người áp dụng kết quả",
    "applied_at": "Thời điểm áp dụng",
    "result_sha256": "Mã kiểm tra kết quả đối chiếu (SHA-256)",
    "notes": "Ghi chú",
}


class Stocktake(SyncMixin, journal.Tracked, Base):
    """One stocktake session (phiên kiểm kê) and, once applied, its frozen result."""

    __tablename__ = "equipment_stocktake"
    __journal_label__ = "Kiểm kê thiết bị"
    __journal_fields__ = STOCKTAKE_JOURNAL_FIELDS
    __journal_values__ = {"status": STOCKTAKE_STATUS_LABELS}
    __journal_local__ = frozenset({"result"})  # journalled by result_sha256
    __table_args__ = (UniqueConstraint("school_code", "number"),)

    number: Mapped[int] = mapped_column(Integer)
    room_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("room.id", ondelete="RESTRICT"), nullable=True, index=True
    )  # None: the whole school
    place: Mapped[str] = mapped_column(String(200), default="")
    committee: Mapped[str] = mapped_column(Text, default="")  # JSON [[name, role], …]
    opened_by: Mapped[str] = mapped_column(String(64), default="")
    opened_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    status: Mapped[str] = mapped_column(String(14), default=StocktakeStatus.OPEN, index=True)
    move_wrong_room: Mapped[bool] = mapped_column(Boolean, default=False)
    applied_by: Mapped[str] = mapped_column(String(64), default="")
    applied_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    result: Mapped[str] = mapped_column(Text, default="")  # JSON, written by apply
    result_sha256: Mapped[str] = mapped_column(String(64), default="")
    notes: Mapped[str] = mapped_column(Text, default="")


class StocktakeScan(SyncMixin, Base):
    """One read of a label (or one manual tick) in a session, as it happened."""

    __tablename__ = "equipment_stocktake_scan"

    stocktake_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("equipment_stocktake.id", ondelete="CASCADE"), index=True
    )
    seq: Mapped[int] = mapped_column(Integer)  # 1, 2, … in the session, in reading order
    code: Mapped[str] = mapped_column(String(80))  # normalised, cut at 80 characters
    room_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("room.id", ondelete="RESTRICT"), nullable=True
    )  # the room the unit was found in
    scanned_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    condition: Mapped[str | None] = mapped_column(String(14), nullable=True)
    manual: Mapped[bool] = mapped_column(Boolean, default=False)  # ticked, not scanned
    scanned_by: Mapped[str] = mapped_column(String(64), default="")

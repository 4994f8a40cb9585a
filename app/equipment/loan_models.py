"""ORM models of lending (mượn/trả): a loan slip (phiếu mượn) and its lines (decision 027).

A slip is for one borrower (a teacher's account) and either a teaching slot — week of the
school year (tuần học), day (Thứ 2 … Chủ nhật) and period(s) (tiết 1–10) — or a long-term
loan from a date to a due date. ``start_on``/``due_on`` are stored for both kinds (a slot's
two dates are its day), so overlap and overdue checks are plain date comparisons in SQL.
A line is one register item: a serial unit (quantity 1) or some units of a counted row.
Both are journalled, so a slip's history (submitted, approved, handed out, returned) is read
from the journal like an item's.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from app import journal
from app.db import Base, SyncMixin
from app.equipment.models import CONDITION_LABELS


class LoanStatus:
    """Where a slip is in its life."""

    DRAFT = "nhap"
    PENDING = "cho_duyet"
    APPROVED = "da_duyet"
    OUT = "dang_muon"
    RETURNED = "da_tra"
    REFUSED = "tu_choi"
    CANCELLED = "huy"


LOAN_STATUS_LABELS: dict[str, str] = {
    LoanStatus.DRAFT: "Nháp",
    LoanStatus.PENDING: "Chờ duyệt",
    LoanStatus.APPROVED: "Đã duyệt",
    LoanStatus.OUT: "Đang mượn",
    LoanStatus.RETURNED: "Đã trả",
    LoanStatus.REFUSED: "Từ chối",
    LoanStatus.CANCELLED: "Hủy",
}
HOLDING = (LoanStatus.PENDING, LoanStatus.APPROVED, LoanStatus.OUT)
"""Statuses in which a slip holds its items (a draft holds nothing until it is submitted)."""


class LoanKind:
    """A teaching slot (week, day, periods) or a long-term loan to a date."""

    PERIODS = "tiet"
    LONG_TERM = "dai_han"


LOAN_KIND_LABELS: dict[str, str] = {
    LoanKind.PERIODS: "Theo tiết dạy",
    LoanKind.LONG_TERM: "Mượn dài hạn",
}

LOAN_JOURNAL_FIELDS: dict[str, str] = {
    "number": "Số phiếu",
    "borrower_id": "Người mượn",
    "kind": "Loại phiếu",
    "school_year": "Năm học",
    "week": "Tuần học",
    "weekday": "Thứ",
    "periods": "Tiết",
    "start_on": "Ngày mượn",
    "due_on": "Hạn trả",
    "class_name": "Lớp",
    "subject": "Môn",
    "lesson": "Tên bài dạy",
    "status": "Trạng thái",
    "decided_by": "Người duyệt",
    "decided_at": "Thời điểm duyệt",
    "refusal_reason": "Lý do từ chối",
    "handed_out_at": "Thời điểm giao",
    "returned_at": "Thời điểm trả",
    "notes": "Ghi chú",
    "slip_id": "Phiếu mượn",
    "item_id": "Thiết bị",
    "quantity": "Số lượng",
    "scans": "Số lần quét",
    "out_condition": "Tình trạng khi giao",
    "return_condition": "Tình trạng khi trả",
}


class LoanSlip(SyncMixin, journal.Tracked, Base):
    """A phiếu mượn thiết bị: who, for which slot or dates, which lesson, and its status."""

    __tablename__ = "equipment_loan"
    __journal_label__ = "Phiếu mượn thiết bị"
    __journal_fields__ = LOAN_JOURNAL_FIELDS
    __journal_values__ = {"status": LOAN_STATUS_LABELS, "kind": LOAN_KIND_LABELS}
    __table_args__ = (UniqueConstraint("school_code", "number"),)

    number: Mapped[int] = mapped_column(Integer)
    borrower_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("user_account.id"), index=True)
    kind: Mapped[str] = mapped_column(String(10), default=LoanKind.PERIODS)
    school_year: Mapped[str] = mapped_column(String(9), default="")
    week: Mapped[int | None] = mapped_column(Integer, nullable=True)
    weekday: Mapped[int | None] = mapped_column(Integer, nullable=True)  # 2 = Thứ 2 … 8 = CN
    periods: Mapped[str] = mapped_column(String(30), default="")  # "1,2" ("" = all day)
    start_on: Mapped[date] = mapped_column(Date, index=True)
    due_on: Mapped[date] = mapped_column(Date, index=True)
    class_name: Mapped[str] = mapped_column(String(40), default="")
    subject: Mapped[str] = mapped_column(String(80), default="", index=True)
    lesson: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(10), default=LoanStatus.DRAFT, index=True)
    decided_by: Mapped[str] = mapped_column(String(64), default="")
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    refusal_reason: Mapped[str] = mapped_column(Text, default="")
    handed_out_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    returned_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    notes: Mapped[str] = mapped_column(Text, default="")


class LoanLine(SyncMixin, journal.Tracked, Base):
    """One item on a slip: a serial unit, or ``quantity`` units of a counted row."""

    __tablename__ = "equipment_loan_line"
    __journal_label__ = "Thiết bị trong phiếu mượn"
    __journal_fields__ = LOAN_JOURNAL_FIELDS
    __journal_values__ = {"out_condition": CONDITION_LABELS, "return_condition": CONDITION_LABELS}
    __table_args__ = (UniqueConstraint("slip_id", "item_id"),)

    slip_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("equipment_loan.id", ondelete="CASCADE"), index=True
    )
    item_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("equipment_item.id"), index=True)
    quantity: Mapped[int] = mapped_column(Integer, default=1)
    scans: Mapped[int] = mapped_column(Integer, default=1)
    out_condition: Mapped[str] = mapped_column(String(14), default="")
    return_condition: Mapped[str] = mapped_column(String(14), default="")

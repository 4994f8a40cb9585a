"""Records still missing something the office must fill in: the home page counts them, the
student list filters by them (``StudentFilter.gap``)."""

from __future__ import annotations

from sqlalchemy import ColumnElement, and_, exists, or_, select

from app.students.inputs import Status
from app.students.models import Guardian, Student

PERSONAL_ID = "personal_id"
GUARDIAN_PHONE = "guardian_phone"

GAP_LABELS: dict[str, str] = {
    PERSONAL_ID: "Chưa có số định danh cá nhân",
    GUARDIAN_PHONE: "Chưa có số điện thoại người giám hộ",
}


def gap_clause(gap: str) -> ColumnElement[bool]:
    """Students still studying here whose record lacks ``gap`` (a key of ``GAP_LABELS``)."""
    studying = Student.status == Status.ACTIVE
    if gap == PERSONAL_ID:
        return and_(studying, or_(Student.personal_id.is_(None), Student.personal_id == ""))
    if gap == GUARDIAN_PHONE:
        phone = select(Guardian.id).where(Guardian.student_id == Student.id, Guardian.phone != "")
        return and_(studying, ~exists(phone))
    raise ValueError(f"unknown gap {gap!r}")

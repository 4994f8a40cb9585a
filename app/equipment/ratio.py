"""The Informatics computer ratio per level (DOMAIN §5), computed from the register and the
student counts, never typed.

Ministry maximums (2023-24 guidance): Tiểu học at most 2–3 students per computer (3 is the
limit, 2 the aim), THCS at most 2, THPT 1. A computer counts when it is in the register, not
disposed, in a working condition and marked working. A computer whose room belongs to a
level counts for that level; one in a room shared by every level (or in no room) counts for
each level of the school (decision 026). Students are those studying (status active) with an
open enrolment in a class of the current school year; a class's grade gives its level.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.db import Actor
from app.equipment.models import LEVEL_LABELS, WORKING_CONDITIONS, EquipmentItem, Room
from app.messages.equipment import EQUIPMENT_MSG as M
from app.permissions import Perm, require
from app.school import School
from app.students.access import current_year_name
from app.students.inputs import Status
from app.students.models import ClassGroup, Enrolment, Student

MAXIMUM: dict[str, tuple[Decimal, Decimal]] = {
    "tieu_hoc": (Decimal(2), Decimal(3)),
    "thcs": (Decimal(2), Decimal(2)),
    "thpt": (Decimal(1), Decimal(1)),
}
"""Students per computer: (the aim, the limit) per level."""


def level_of_grade(grade: int) -> str:
    """``tieu_hoc`` for grades 1–5, ``thcs`` for 6–9, ``thpt`` for 10–12."""
    return "tieu_hoc" if grade <= 5 else "thcs" if grade <= 9 else "thpt"


@dataclass(frozen=True)
class LevelRatio:
    """One level's figures."""

    level: str
    students: int
    computers: int
    ratio: Decimal | None  # students per computer, 2 decimals; None without computers
    aim: Decimal
    limit: Decimal

    @property
    def level_label(self) -> str:
        return LEVEL_LABELS[self.level]

    @property
    def meets(self) -> bool:
        """At or under the Ministry's limit (no students: nothing to meet)."""
        if self.students == 0:
            return True
        return self.ratio is not None and self.ratio <= self.limit

    @property
    def note(self) -> str:
        if self.students == 0:
            return M.no_students
        if self.ratio is None:
            return M.no_computers
        return ""


def level_ratio(level: str, students: int, computers: int) -> LevelRatio:
    """The pure rule: students per computer against the level's maximum."""
    aim, limit = MAXIMUM[level]
    ratio = None
    if computers > 0:
        ratio = (Decimal(students) / Decimal(computers)).quantize(
            Decimal("0.01"), rounding=ROUND_HALF_UP
        )
    return LevelRatio(level, students, computers, ratio, aim, limit)


def students_by_level(session: Session) -> dict[str, int]:
    """Students studying now, per level, from the current year's open enrolments."""
    year = current_year_name(session)
    stmt = (
        select(ClassGroup.grade, func.count(func.distinct(Enrolment.student_id)))
        .join(Enrolment, Enrolment.class_id == ClassGroup.id)
        .join(Student, Student.id == Enrolment.student_id)
        .where(
            ClassGroup.school_year == year,
            Enrolment.end_date.is_(None),
            Student.status == Status.ACTIVE,
        )
        .group_by(ClassGroup.grade)
    )
    out: dict[str, int] = {}
    for grade, n in session.execute(stmt):
        level = level_of_grade(int(grade))
        out[level] = out.get(level, 0) + int(n)
    return out


def computers_by_level(session: Session) -> dict[str, int]:
    """Working computers per room level (``""``: shared, or in no room)."""
    school = session.info.get("school_code", "")
    stmt = (
        select(Room.level, func.sum(EquipmentItem.quantity))
        .select_from(EquipmentItem)
        .outerjoin(Room, Room.id == EquipmentItem.room_id)
        .where(
            EquipmentItem.school_code == school,
            EquipmentItem.is_computer.is_(True),
            EquipmentItem.working.is_(True),
            EquipmentItem.disposed_on.is_(None),
            EquipmentItem.condition.in_(WORKING_CONDITIONS),
        )
        .group_by(Room.level)
    )
    out: dict[str, int] = {}
    for level, n in session.execute(stmt):
        out[level or ""] = out.get(level or "", 0) + int(n or 0)
    return out


def computer_ratios(session: Session, actor: Actor | None) -> list[LevelRatio]:
    """The ratio of each level the school teaches, in the order Tiểu học, THCS, THPT."""
    require(actor, Perm.VIEW_EQUIPMENT)
    school = session.scalar(select(School.levels))
    levels = [lv for lv in LEVEL_LABELS if lv in (school or "").split(",")]
    students = students_by_level(session)
    computers = computers_by_level(session)
    shared = computers.get("", 0)
    return [level_ratio(lv, students.get(lv, 0), computers.get(lv, 0) + shared) for lv in levels]

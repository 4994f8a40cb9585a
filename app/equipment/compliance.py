"""The compliance report: the Ministry's minimum lists against what the school holds (§5).

For each line of the newest version of each stored list (per circular and level, decision
026), the quantity the school needs is the line's quantity times the number of classes of
that grade in the current school year when the line counts per class (a line of grade 0,
"every grade", counts the classes of every grade of the level), or the line's quantity when
it counts per school. What the school holds is the sum of the quantities of the register
items linked to the line that are not disposed, in a working condition (``tốt`` or ``hỏng
nhẹ``: ``WORKING_CONDITIONS``, the same rule as the computer ratio) and not marked as not
working; broken, awaiting disposal or missing items do not count. A line is ``đủ`` when the
school holds at least what it needs, else ``thiếu N``. Totals are given per subject and
grade, and the Informatics computer ratio per level comes from ``app.equipment.ratio``.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.db import Actor
from app.equipment.models import (
    LEVEL_LABELS,
    SCOPE_LABELS,
    WORKING_CONDITIONS,
    EquipmentItem,
    EquipmentList,
    ReferenceItem,
)
from app.equipment.ratio import LevelRatio, computer_ratios, level_of_grade
from app.errors import ValidationError
from app.labels import nfc
from app.messages.equipment_compliance import COMPLIANCE_MSG as M
from app.permissions import Perm, require
from app.students.access import current_year_name
from app.students.models import ClassGroup

PER_CLASS = "lop"


@dataclass(frozen=True)
class Line:
    """One line of a minimum list with what the school needs and holds."""

    level: str
    circular: str
    subject: str
    grade: int  # 0: every grade of the level
    item_no: str
    name: str
    unit: str
    quantity: int
    scope: str
    classes: int  # classes the line counts (per-class lines); 0 for per-school lines
    required: int
    held: int

    @property
    def shortfall(self) -> int:
        return max(self.required - self.held, 0)

    @property
    def enough(self) -> bool:
        return self.shortfall == 0

    @property
    def status(self) -> str:
        """``Đủ`` or ``Thiếu 3``."""
        return M.status_enough if self.enough else M.status_short.format(n=self.shortfall)

    @property
    def grade_label(self) -> str:
        return M.every_grade if self.grade == 0 else str(self.grade)

    @property
    def norm(self) -> str:
        """``1 / lớp`` or ``2 / trường``: the line's quantity and what it counts by."""
        return M.norm_class.format(n=self.quantity) if self.scope == PER_CLASS else (
            M.norm_school.format(n=self.quantity))  # fmt: skip

    def as_dict(self) -> dict[str, object]:
        return {"level": self.level, "circular": self.circular, "subject": self.subject,
                "grade": self.grade, "item_no": self.item_no, "name": self.name,
                "unit": self.unit, "quantity": self.quantity, "scope": self.scope,
                "scope_label": SCOPE_LABELS.get(self.scope, self.scope),
                "classes": self.classes, "required": self.required, "held": self.held,
                "shortfall": self.shortfall, "status": self.status}  # fmt: skip


@dataclass(frozen=True)
class Total:
    """The lines of one subject and grade of a level, summed."""

    level: str
    subject: str
    grade: int
    lines: int
    enough: int
    required: int
    held: int
    shortfall: int

    @property
    def short_lines(self) -> int:
        return self.lines - self.enough

    @property
    def grade_label(self) -> str:
        return M.every_grade if self.grade == 0 else str(self.grade)

    def as_dict(self) -> dict[str, object]:
        return {**self.__dict__, "short_lines": self.short_lines}


@dataclass(frozen=True)
class Report:
    """The whole report: which lists, the lines, the totals and the computer ratio."""

    year: str
    lists: tuple[str, ...]  # "38/2021/TT-BGDĐT (THCS, bản 2021)"
    lines: tuple[Line, ...]
    totals: tuple[Total, ...]
    ratios: tuple[LevelRatio, ...]

    @property
    def levels(self) -> list[str]:
        """The levels that have lines, in the order Tiểu học, THCS, THPT."""
        present = {x.level for x in self.lines}
        return [lv for lv in LEVEL_LABELS if lv in present]

    @property
    def short_lines(self) -> int:
        return sum(1 for x in self.lines if not x.enough)

    def as_dict(self) -> dict[str, object]:
        return {"year": self.year, "lists": list(self.lists),
                "lines": [x.as_dict() for x in self.lines],
                "totals": [t.as_dict() for t in self.totals],
                "computer_ratio": [{"level": r.level, "students": r.students,
                                    "computers": r.computers,
                                    "students_per_computer": None if r.ratio is None
                                    else str(r.ratio),
                                    "limit": str(r.limit), "meets": r.meets}
                                   for r in self.ratios]}  # fmt: skip


def level_key(text: str) -> str:
    """``thcs`` for ``THCS``, ``thcs`` or ``Thcs``; a clear refusal for anything else."""
    wanted = nfc(text).strip().casefold()
    for key, label in LEVEL_LABELS.items():
        if wanted in (key, label.casefold()):
            return key
    raise ValidationError(M.level_bad.format(value=text, choices=", ".join(LEVEL_LABELS.values())))


def item_no_key(item_no: str) -> tuple[tuple[int, str], ...]:
    """Sort key of a circular's numbering: ``2`` before ``10``, ``3.1`` after ``3``."""
    return tuple(
        (int(p), "") if p.isdigit() else (1 << 30, p) for p in re.split(r"[.\s]+", item_no)
    )


def newest_lists(session: Session, level: str = "") -> list[EquipmentList]:
    """The newest stored version (last imported) of each circular and level."""
    school = session.info.get("school_code", "")
    stmt = select(EquipmentList).where(EquipmentList.school_code == school)
    if level:
        stmt = stmt.where(EquipmentList.level == level)
    newest: dict[tuple[str, str], EquipmentList] = {}
    for lst in session.scalars(stmt.order_by(EquipmentList.created_at, EquipmentList.version)):
        newest[(lst.circular, lst.level)] = lst
    return sorted(newest.values(), key=lambda x: (list(LEVEL_LABELS).index(x.level)
                                                  if x.level in LEVEL_LABELS else 9, x.circular))  # fmt: skip


def classes_by_grade(session: Session) -> dict[int, int]:
    """Classes of the current school year per grade."""
    school = session.info.get("school_code", "")
    stmt = (
        select(ClassGroup.grade, func.count(ClassGroup.id))
        .where(
            ClassGroup.school_code == school, ClassGroup.school_year == current_year_name(session)
        )
        .group_by(ClassGroup.grade)
    )
    return {int(g): int(n) for g, n in session.execute(stmt)}


def held_by_line(session: Session, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, int]:
    """Units in working condition, not disposed, linked to each of the list lines ``ids``."""
    if not ids:
        return {}
    stmt = (
        select(EquipmentItem.reference_id, func.sum(EquipmentItem.quantity))
        .where(
            EquipmentItem.reference_id.in_(ids),
            EquipmentItem.disposed_on.is_(None),
            EquipmentItem.condition.in_(WORKING_CONDITIONS),
            EquipmentItem.working.is_(True),
        )
        .group_by(EquipmentItem.reference_id)
    )
    return {rid: int(n or 0) for rid, n in session.execute(stmt) if rid is not None}


def classes_for(level: str, grade: int, classes: dict[int, int]) -> int:
    """Classes a per-class line counts: its grade's, or every grade of the level for grade 0."""
    if grade:
        return classes.get(grade, 0)
    return sum(n for g, n in classes.items() if level_of_grade(g) == level)


def _totals(lines: Sequence[Line]) -> list[Total]:
    groups: dict[tuple[str, str, int], list[Line]] = {}
    for x in lines:
        groups.setdefault((x.level, x.subject, x.grade), []).append(x)
    return [Total(lv, subj, grade, len(g), sum(1 for x in g if x.enough),
                  sum(x.required for x in g), sum(x.held for x in g), sum(x.shortfall for x in g))
            for (lv, subj, grade), g in groups.items()]  # fmt: skip


def compliance_report(session: Session, actor: Actor | None, level: str = "") -> Report:
    """The report for every level with a stored list, or for ``level`` (``thcs``…) only."""
    require(actor, Perm.VIEW_EQUIPMENT)
    level = level_key(level) if level else ""
    stored = newest_lists(session, level)
    if not stored:
        raise ValidationError(M.no_list_level.format(level=LEVEL_LABELS[level]) if level
                              else M.no_list)  # fmt: skip
    classes = classes_by_grade(session)
    by_list = {lst.id: lst for lst in stored}
    items = list(session.scalars(select(ReferenceItem).where(ReferenceItem.list_id.in_(by_list))))
    held = held_by_line(session, [i.id for i in items])
    lines = []
    for i in items:
        lst = by_list[i.list_id]
        n = classes_for(lst.level, i.grade, classes) if i.scope == PER_CLASS else 0
        required = i.quantity * n if i.scope == PER_CLASS else i.quantity
        lines.append(Line(lst.level, lst.circular, i.subject, i.grade, i.item_no, i.name, i.unit,
                          i.quantity, i.scope, n, required, held.get(i.id, 0)))  # fmt: skip
    order = list(LEVEL_LABELS)
    lines.sort(key=lambda x: (order.index(x.level) if x.level in order else 9, x.subject,
                              x.grade, item_no_key(x.item_no)))  # fmt: skip
    ratios = [r for r in computer_ratios(session, actor) if not level or r.level == level]
    names = tuple(M.list_name.format(circular=lst.circular, level=LEVEL_LABELS.get(lst.level, lst.level),
                                     version=lst.version) for lst in stored)  # fmt: skip
    return Report(current_year_name(session), names, tuple(lines), tuple(_totals(lines)),
                  tuple(ratios))  # fmt: skip

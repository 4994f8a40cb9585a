"""Copying last year's assignments onto this year's classes.

Classes are matched by the next grade's name first (6A1 last year → 7A1 this year: the
classes moved up and keep their teachers), then, for a class still without a source, by the
same name (a school that names classes by room or keeps them). ``same_name`` matches by name
only. Only empty cells are filled (what is already assigned this year stays), a subject
goes where this year's class studies the same subject name, and a teacher whose account no
longer teaches is left out. What could not be matched is reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.assignments.grid import (
    HOMEROOM,
    CellChange,
    GridSaved,
    load_grid,
    save_grid,
)
from app.db import Actor
from app.errors import ValidationError
from app.messages.assignments import ASSIGN_MSG as M
from app.permissions import Perm, require
from app.students.models import ClassGroup

_LEADING_GRADE = re.compile(r"^(\d+)(.*)$")


def next_grade_name(name: str) -> str | None:
    """'6A1' → '7A1', '9/2' → '10/2'; None for a name that does not start with its grade."""
    m = _LEADING_GRADE.match(name)
    return f"{int(m.group(1)) + 1}{m.group(2)}" if m else None


@dataclass(frozen=True)
class CopyPlan:
    """What copying would fill, and what it could not match."""

    previous_year: str
    year: str
    pairs: tuple[tuple[str, str], ...]
    """(last year's class, this year's class) in this year's order."""
    unmatched_previous: tuple[str, ...]
    without_source: tuple[str, ...]
    changes: tuple[CellChange, ...]
    kept: int
    """Cells that have a teacher already this year (left as they are)."""
    inactive: tuple[str, ...]
    """Teachers of last year left out: their accounts no longer teach."""


def previous_year(session: Session, year: str) -> str:
    """The latest year before ``year`` that has classes, or a ValidationError."""
    stmt = select(ClassGroup.school_year).where(ClassGroup.school_year < year).distinct()
    years = sorted(session.scalars(stmt))
    if not years:
        raise ValidationError(M.no_previous_year.format(year=year))
    return years[-1]


def match_classes(
    previous: list[str], current: list[str], *, same_name: bool = False
) -> list[tuple[str, str]]:
    """(last year's, this year's) class pairs: the next grade's name first, then the same name."""
    now = set(current)
    pairs: dict[str, str] = {}  # this year's class → last year's
    if not same_name:
        for name in previous:
            target = next_grade_name(name)
            if target in now and target not in pairs:
                pairs[target] = name
    used = set(pairs.values())
    for name in previous:
        if name in now and name not in pairs and name not in used:
            pairs[name] = name
            used.add(name)
    return [(pairs[c], c) for c in current if c in pairs]


def plan_copy(
    session: Session, actor: Actor | None, year: str, *, same_name: bool = False
) -> CopyPlan:
    """What copying the previous year's assignments into ``year`` would fill; writes nothing."""
    require(actor, Perm.MANAGE_CLASSES)
    before = previous_year(session, year)
    old, new = load_grid(session, actor, before), load_grid(session, actor, year)
    pairs = match_classes(
        [c.name for c in old.classes], [c.name for c in new.classes], same_name=same_name
    )
    changes: list[CellChange] = []
    kept = 0
    inactive: set[str] = set()
    teaching = {t.username for t in new.teachers if t.active}
    for source, target in pairs:
        src, dst = old.by_name(source), new.by_name(target)
        assert src is not None and dst is not None
        for subject in (HOMEROOM, *dst.subjects):
            wanted = old.teachers_of(src.id, subject) if src.studies(subject) else ()
            if not wanted:
                continue
            if new.teachers_of(dst.id, subject):
                kept += 1
                continue
            inactive.update(u for u in wanted if u not in teaching)
            usable = tuple(u for u in wanted if u in teaching)
            if usable:
                changes.append(CellChange(dst.id, subject, usable))
    matched_old = {s for s, _ in pairs}
    matched_new = {t for _, t in pairs}
    return CopyPlan(
        before,
        year,
        tuple(pairs),
        tuple(c.name for c in old.classes if c.name not in matched_old),
        tuple(c.name for c in new.classes if c.name not in matched_new),
        tuple(changes),
        kept,
        tuple(sorted(inactive)),
    )


def copy_previous(
    session: Session, actor: Actor | None, year: str, *, same_name: bool = False
) -> tuple[CopyPlan, GridSaved]:
    """Fill ``year``'s empty cells from the previous year in this unit of work."""
    plan = plan_copy(session, actor, year, same_name=same_name)
    return plan, save_grid(session, actor, year, plan.changes)

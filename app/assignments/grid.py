"""The teaching-assignment grid of a school year: classes × subjects → teachers, and saving it.

A column is a subject *name* (each grade has its own catalogue row, so "Toán" of grade 6 and
of grade 7 are one column); a class's cell exists only for the subjects it studies
(``catalogue.class_subjects``: the grade's active compulsory subjects and its electives).
``HOMEROOM`` is the column of the homeroom teacher. ``save_grid`` checks every change and
writes all of them or none; recorded grades are never touched, so the journal keeps who
entered each one whatever the assignments become.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.accounts import User
from app.assignments.teachers import Teacher, teacher_list
from app.changes import Changes
from app.db import Actor
from app.errors import ValidationError
from app.gradebook.assignments import ASSIGNMENTS
from app.gradebook.models import Assessment, ClassElective, Subject, TeachingAssignment
from app.messages.assignments import ASSIGN_MSG as M
from app.permissions import Perm, require
from app.students.changes import CLASS_GROUP
from app.students.models import ClassGroup

HOMEROOM = "__homeroom__"
"""The column key of the homeroom teacher (GVCN)."""
GRID_CHANGES = Changes.of(ASSIGNMENTS, CLASS_GROUP)
MAX_SHOWN = 20
_NUMBER = re.compile(r"(\d+)")


def class_sort_key(name: str) -> tuple[object, ...]:
    """'6A2' before '6A10' before '10A1': numbers compared as numbers."""
    return tuple(int(p) if p.isdigit() else p for p in _NUMBER.split(name))


@dataclass(frozen=True)
class GridClass:
    """A row: one class, its homeroom teacher, and the subjects it studies (name → id)."""

    id: uuid.UUID
    name: str
    grade: int
    homeroom: str
    subjects: dict[str, uuid.UUID] = field(hash=False)

    def studies(self, subject: str) -> bool:
        return subject == HOMEROOM or subject in self.subjects


@dataclass(frozen=True)
class GridSubject:
    """A column: a subject name and its short label."""

    name: str
    label: str


@dataclass(frozen=True)
class AssignmentGrid:
    """A year's assignments: rows, columns, the teachers of each cell, the accounts to choose."""

    year: str
    classes: tuple[GridClass, ...]
    subjects: tuple[GridSubject, ...]
    cells: dict[tuple[uuid.UUID, str], tuple[str, ...]]
    teachers: tuple[Teacher, ...]
    graded: frozenset[tuple[uuid.UUID, str]]
    """Cells whose class already has grades in the subject."""

    def teachers_of(self, class_id: uuid.UUID, subject: str) -> tuple[str, ...]:
        """The usernames in a cell (the homeroom teacher for ``HOMEROOM``)."""
        if subject == HOMEROOM:
            group = self.by_id(class_id)
            return (group.homeroom,) if group.homeroom else ()
        return self.cells.get((class_id, subject), ())

    def by_id(self, class_id: uuid.UUID) -> GridClass:
        return next(c for c in self.classes if c.id == class_id)

    def by_name(self, name: str) -> GridClass | None:
        return next((c for c in self.classes if c.name == name), None)

    def label_of(self, username: str) -> str:
        """'Nguyễn Thị Lan (gv.toan)' for a username (the username when unknown)."""
        found = next((t for t in self.teachers if t.username == username), None)
        return found.label if found else username

    def cell_text(self, class_id: uuid.UUID, subject: str) -> str:
        return "; ".join(self.label_of(u) for u in self.teachers_of(class_id, subject))

    @property
    def cell_count(self) -> int:
        return sum(len(c.subjects) for c in self.classes)


@dataclass(frozen=True)
class CellChange:
    """Set one cell to exactly these teachers (usernames; empty: nobody)."""

    class_id: uuid.UUID
    subject: str
    teachers: tuple[str, ...]


@dataclass(frozen=True)
class ChangeLine:
    """A cell that changed, for messages: class, column, before, after (usernames)."""

    class_name: str
    subject: str
    old: tuple[str, ...]
    new: tuple[str, ...]
    graded: bool


@dataclass(frozen=True)
class GridSaved:
    """What a save changed."""

    lines: tuple[ChangeLine, ...]
    changes: Changes = Changes()

    @property
    def graded(self) -> int:
        """Changed cells of subjects that already have grades."""
        return sum(1 for x in self.lines if x.graded)


def _subjects_by_class(
    session: Session, year: str, groups: Sequence[ClassGroup]
) -> dict[uuid.UUID, list[Subject]]:
    """What each class studies, as ``catalogue.class_subjects`` says, in two queries."""
    rows = list(
        session.scalars(
            select(Subject)
            .where(Subject.school_year == year, Subject.active.is_(True))
            .order_by(Subject.position, Subject.name)
        )
    )
    ids = [g.id for g in groups]
    chosen: dict[uuid.UUID, set[uuid.UUID]] = {}
    if ids:
        stmt = select(ClassElective.class_id, ClassElective.subject_id).where(
            ClassElective.class_id.in_(ids)
        )
        for cid, sid in session.execute(stmt):
            chosen.setdefault(cid, set()).add(sid)
    return {
        g.id: [
            s
            for s in rows
            if s.grade == g.grade and (not s.elective or s.id in chosen.get(g.id, ()))
        ]
        for g in groups
    }


def _columns(subjects: Iterable[Subject]) -> tuple[GridSubject, ...]:
    """One column per subject name, in catalogue order of the lowest grade teaching it."""
    first: dict[str, Subject] = {}
    for s in sorted(subjects, key=lambda s: (s.grade, s.position)):
        first.setdefault(s.name, s)
    ordered = sorted(first.values(), key=lambda s: (s.position, s.grade, s.name))
    return tuple(GridSubject(s.name, s.short_name or s.name) for s in ordered)


def load_grid(
    session: Session, actor: Actor | None, year: str, *, grade: int | None = None
) -> AssignmentGrid:
    """The year's grid (one grade's classes, if given)."""
    require(actor, Perm.MANAGE_CLASSES)
    stmt = select(ClassGroup).where(ClassGroup.school_year == year)
    if grade is not None:
        stmt = stmt.where(ClassGroup.grade == grade)
    groups = sorted(session.scalars(stmt), key=lambda g: (g.grade, class_sort_key(g.name)))
    studied = _subjects_by_class(session, year, groups)
    users: dict[uuid.UUID, str] = {i: u for i, u in session.execute(select(User.id, User.username))}
    classes = tuple(
        GridClass(
            g.id,
            g.name,
            g.grade,
            users.get(g.homeroom_teacher_id, "") if g.homeroom_teacher_id else "",
            {s.name: s.id for s in studied[g.id]},
        )
        for g in groups
    )
    names = {s.id: s.name for subjects in studied.values() for s in subjects}
    cells: dict[tuple[uuid.UUID, str], list[str]] = {}
    graded: set[tuple[uuid.UUID, str]] = set()
    ids = [g.id for g in groups]
    if ids:
        stmt2 = select(TeachingAssignment).where(TeachingAssignment.class_id.in_(ids))
        for a in session.scalars(stmt2):
            if a.subject_id in names:
                cells.setdefault((a.class_id, names[a.subject_id]), []).append(
                    users.get(a.teacher_id, "?")
                )
        marks = select(Assessment.class_id, Assessment.subject_id).where(
            Assessment.class_id.in_(ids)
        )
        graded = {(c, names[s]) for c, s in session.execute(marks.distinct()) if s in names}
    return AssignmentGrid(
        year,
        classes,
        _columns(s for subjects in studied.values() for s in subjects),
        {k: tuple(sorted(v)) for k, v in cells.items()},
        tuple(teacher_list(session)),
        frozenset(graded),
    )


def fill_row(
    grid: AssignmentGrid, class_id: uuid.UUID, teachers: Sequence[str]
) -> list[CellChange]:
    """Every subject the class studies set to ``teachers`` (cells already so are left out)."""
    group = grid.by_id(class_id)
    wanted = tuple(sorted(teachers))
    return [
        CellChange(class_id, s.name, wanted)
        for s in grid.subjects
        if s.name in group.subjects and grid.teachers_of(class_id, s.name) != wanted
    ]


def fill_column(grid: AssignmentGrid, subject: str, teachers: Sequence[str]) -> list[CellChange]:
    """The subject set to ``teachers`` in every class of the grid that studies it."""
    if subject == HOMEROOM:
        raise ValidationError(M.fill_homeroom)
    wanted = tuple(sorted(teachers))
    return [
        CellChange(c.id, subject, wanted)
        for c in grid.classes
        if subject in c.subjects and grid.teachers_of(c.id, subject) != wanted
    ]


def _check(
    grid: AssignmentGrid, changes: Sequence[CellChange]
) -> tuple[list[CellChange], list[str]]:
    """The changes that change something, and every refused one (located in words)."""
    may_add = {t.username for t in grid.teachers if t.active}
    accounts = {t.username for t in grid.teachers}
    known = {c.id for c in grid.classes}
    out: list[CellChange] = []
    problems: list[str] = []
    latest = {(ch.class_id, ch.subject): ch for ch in changes}  # the last change of a cell wins
    for ch in latest.values():
        if ch.class_id not in known:
            problems.append(M.class_not_in_year.format(cls=ch.class_id, year=grid.year))
            continue
        group = grid.by_id(ch.class_id)
        column = M.homeroom_column if ch.subject == HOMEROOM else ch.subject
        wanted = tuple(sorted(dict.fromkeys(ch.teachers)))
        old = grid.teachers_of(ch.class_id, ch.subject)

        reasons: list[str] = []
        if not group.studies(ch.subject):
            reasons.append(M.subject_not_studied.format(cls=group.name, subject=ch.subject))
        elif ch.subject == HOMEROOM and len(wanted) > 1:
            reasons.append(M.one_homeroom)
        elif wanted != old:
            for user in sorted(set(wanted) - set(old) - may_add):
                template = M.teacher_inactive if user in accounts else M.teacher_unknown
                reasons.append(template.format(user=user, text=user))
            out.append(CellChange(ch.class_id, ch.subject, wanted))
        problems += [M.cell_where.format(cls=group.name, subject=column, reason=r) for r in reasons]
    return out, problems


def change_lines(grid: AssignmentGrid, changes: Sequence[CellChange]) -> list[ChangeLine]:
    """What ``changes`` would change in ``grid`` (the last change of a cell wins), in words."""
    latest = {(ch.class_id, ch.subject): ch for ch in changes}
    out = []
    for ch in latest.values():
        old, new = grid.teachers_of(ch.class_id, ch.subject), tuple(sorted(set(ch.teachers)))
        if old != new:
            graded = (ch.class_id, ch.subject) in grid.graded
            out.append(ChangeLine(grid.by_id(ch.class_id).name, ch.subject, old, new, graded))
    return out


def save_grid(
    session: Session, actor: Actor | None, year: str, changes: Sequence[CellChange]
) -> GridSaved:
    """Write the cell changes in this unit of work: all of them, or none when one is refused."""
    require(actor, Perm.MANAGE_CLASSES)
    grid = load_grid(session, actor, year)
    todo, problems = _check(grid, changes)
    if problems:
        shown = "\n".join(problems[:MAX_SHOWN])
        raise ValidationError(M.refused.format(n=len(problems), problems=shown))
    ids = {u: i for u, i in session.execute(select(User.username, User.id))}
    lines = []
    for ch in todo:
        group = grid.by_id(ch.class_id)
        old = grid.teachers_of(ch.class_id, ch.subject)
        if ch.subject == HOMEROOM:
            row = session.get(ClassGroup, ch.class_id)
            assert row is not None
            row.homeroom_teacher_id = ids[ch.teachers[0]] if ch.teachers else None
        else:
            _write_cell(session, ch.class_id, group.subjects[ch.subject], old, ch.teachers, ids)
        graded = (ch.class_id, ch.subject) in grid.graded
        lines.append(ChangeLine(group.name, ch.subject, old, ch.teachers, graded))
    session.flush()
    return GridSaved(tuple(lines), GRID_CHANGES if lines else Changes())


def _write_cell(
    session: Session,
    class_id: uuid.UUID,
    subject_id: uuid.UUID,
    old: Sequence[str],
    new: Sequence[str],
    ids: dict[str, uuid.UUID],
) -> None:
    gone = {ids[u] for u in set(old) - set(new) if u in ids}
    if gone:
        stmt = select(TeachingAssignment).where(
            TeachingAssignment.class_id == class_id,
            TeachingAssignment.subject_id == subject_id,
            TeachingAssignment.teacher_id.in_(gone),
        )
        for row in session.scalars(stmt):
            session.delete(row)
    for user in set(new) - set(old):
        session.add(
            TeachingAssignment(
                id=uuid.uuid4(),
                school_code=session.info.get("school_code", ""),
                class_id=class_id,
                subject_id=subject_id,
                teacher_id=ids[user],
            )
        )

"""Missing grade cells per class and subject, for the home pages (principal, teacher).

The list shown before locking (``app.gradebook.missing``) loads one class at a time,
student by student. A home page sums a whole school, so secondary classes (TT22) are
counted in a handful of grouped queries: the students still in each class, the cells
filled per class × subject × column, the conduct levels given per class; what is missing
is students × required columns − filled, worked out per class × subject in Python (never
per student). Primary classes (TT27: levels, tests, qualities at two checkpoints) keep
their own rules: each is read through ``missing_grades``, a few queries per class.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, Row, Subquery, and_, func, or_, select
from sqlalchemy.orm import Session

from app.db import Actor
from app.gradebook.catalogue import SubjectInfo, info
from app.gradebook.missing import missing_grades
from app.gradebook.models import Assessment, ClassElective, ConductRecord, Subject
from app.gradebook.records import PRIMARY_LAST_GRADE
from app.gradebook.values import Kind
from app.messages.gradebook import GRADEBOOK_MSG as GM
from app.school import SchoolYear
from app.students.models import ClassGroup, Enrolment

Pair = tuple[uuid.UUID, uuid.UUID]
"""(class, subject)."""


@dataclass(frozen=True)
class MissingCount:
    """How many required values are still empty in one class × subject (or conduct)."""

    class_id: uuid.UUID
    class_name: str
    grade: int
    subject_id: uuid.UUID | None
    """None for the conduct level (secondary) or the qualities and competencies (primary)."""
    subject: str
    missing: int


@dataclass(frozen=True)
class Scope:
    """Which cells to count: every class, or a teacher's subjects and homeroom classes."""

    pairs: frozenset[Pair] | None = None
    """Only these class × subject pairs (None: every subject of the classes)."""
    homeroom: frozenset[uuid.UUID] | None = None
    """Conduct only in these classes (None: in every class)."""

    def classes(self) -> frozenset[uuid.UUID] | None:
        if self.pairs is None:
            return None
        return frozenset({c for c, _ in self.pairs} | (self.homeroom or frozenset()))


def _current(year: str, year_end: date | None, class_ids: list[uuid.UUID]) -> Subquery:
    """The (student, class) pairs of students still in one of ``class_ids`` (of ``year``)."""
    stayed: ColumnElement[bool] = Enrolment.end_date.is_(None)
    if year_end is not None:
        stayed = or_(stayed, Enrolment.end_date >= year_end)
    return (
        select(Enrolment.student_id, Enrolment.class_id)
        .where(Enrolment.school_year == year, Enrolment.class_id.in_(class_ids), stayed)
        .distinct()
        .subquery()
    )


def missing_counts(
    session: Session, actor: Actor | None, year: str, semester: int, scope: Scope = Scope()
) -> list[MissingCount]:
    """Every class × subject of ``year`` with values missing in ``semester``, most first.

    The caller checks who may read what (``Scope``); ``actor`` reads the primary classes.
    """
    classes = session.execute(
        select(ClassGroup.id, ClassGroup.name, ClassGroup.grade).where(
            ClassGroup.school_year == year
        )
    ).all()
    wanted = scope.classes()
    if wanted is not None:
        classes = [c for c in classes if c.id in wanted]
    secondary = [c for c in classes if c.grade > PRIMARY_LAST_GRADE]
    primary = [c for c in classes if c.grade <= PRIMARY_LAST_GRADE]
    out = _secondary(session, year, semester, secondary, scope) if secondary else []
    out += _primary(session, actor, semester, primary, scope)
    return sorted(out, key=lambda m: (-m.missing, m.grade, m.class_name, m.subject))


def _secondary(
    session: Session, year: str, semester: int, classes: Collection[Row], scope: Scope
) -> list[MissingCount]:
    year_end = session.scalar(select(SchoolYear.end_date).where(SchoolYear.name == year))
    ids = [c.id for c in classes]
    current = _current(year, year_end, ids)
    cur = current.c
    counts: dict[uuid.UUID, int] = dict(
        session.execute(
            select(cur.class_id, func.count()).where(cur.class_id.in_(ids)).group_by(cur.class_id)
        ).all()
    )
    subjects = _subjects(session, year, ids)
    filled = _filled(session, year, semester, current, ids)
    conduct = dict(
        session.execute(
            select(ConductRecord.class_id, func.count())
            .join(
                current,
                and_(
                    cur.student_id == ConductRecord.student_id,
                    cur.class_id == ConductRecord.class_id,
                ),
            )
            .where(
                ConductRecord.school_year == year,
                ConductRecord.semester == semester,
                ConductRecord.conduct.is_not(None),
            )
            .group_by(ConductRecord.class_id)
        ).all()
    )
    out: list[MissingCount] = []
    for c in classes:
        cid, name, grade = c.id, c.name, c.grade
        students = int(counts.get(cid, 0))
        if not students:
            continue
        for subject in subjects.get(cid, ()):
            if scope.pairs is not None and (cid, subject.id) not in scope.pairs:
                continue
            cells = filled.get((cid, subject.id), {})
            done = sum(n for (kind, number), n in cells.items() if _required(subject, kind, number))
            left = students * (subject.regular_count + 2) - done
            if left > 0:
                out.append(MissingCount(cid, name, grade, subject.id, subject.label, left))
        if scope.homeroom is None or cid in scope.homeroom:
            left = students - int(conduct.get(cid, 0))
            if left > 0:
                out.append(MissingCount(cid, name, grade, None, GM.missing_conduct, left))
    return out


def _required(subject: SubjectInfo, kind: str, number: int) -> bool:
    if kind == Kind.REGULAR:
        return 1 <= number <= subject.regular_count
    return kind in (Kind.MIDTERM, Kind.FINAL) and number == 1


def _subjects(
    session: Session, year: str, class_ids: list[uuid.UUID]
) -> dict[uuid.UUID, list[SubjectInfo]]:
    """Each class's subjects: the grade's active compulsory ones plus its electives."""
    rows = session.scalars(
        select(Subject)
        .where(Subject.school_year == year, Subject.active.is_(True))
        .order_by(Subject.position, Subject.name)
    )
    by_grade: dict[int, list[SubjectInfo]] = {}
    for row in rows:
        by_grade.setdefault(row.grade, []).append(info(row))
    chosen: dict[uuid.UUID, set[uuid.UUID]] = {}
    stmt = select(ClassElective.class_id, ClassElective.subject_id).where(
        ClassElective.class_id.in_(class_ids)
    )
    for cid, sid in session.execute(stmt):
        chosen.setdefault(cid, set()).add(sid)
    grades = dict(
        session.execute(
            select(ClassGroup.id, ClassGroup.grade).where(ClassGroup.id.in_(class_ids))
        ).all()
    )
    return {
        cid: [
            s for s in by_grade.get(grade, []) if not s.elective or s.id in chosen.get(cid, set())
        ]
        for cid, grade in grades.items()
    }


def _filled(
    session: Session, year: str, semester: int, current: Subquery, class_ids: list[uuid.UUID]
) -> dict[Pair, dict[tuple[str, int], int]]:
    """Cells with a value, per class × subject × column, of students still in the class."""
    cur = current.c
    stmt = (
        select(
            cur.class_id, Assessment.subject_id, Assessment.kind, Assessment.number, func.count()
        )
        .select_from(current)
        .join(Assessment, cur.student_id == Assessment.student_id)
        .where(
            cur.class_id.in_(class_ids),
            Assessment.school_year == year,
            Assessment.semester == semester,
            Assessment.kind.in_([Kind.REGULAR.value, Kind.MIDTERM.value, Kind.FINAL.value]),
        )
        .group_by(cur.class_id, Assessment.subject_id, Assessment.kind, Assessment.number)
    )
    out: dict[Pair, dict[tuple[str, int], int]] = {}
    for cid, sid, kind, number, n in session.execute(stmt):
        out.setdefault((cid, sid), {})[(kind, number)] = int(n)
    return out


def _primary(
    session: Session, actor: Actor | None, semester: int, classes: Collection[Row], scope: Scope
) -> list[MissingCount]:
    out: list[MissingCount] = []
    for c in classes:
        cid, grade = c.id, c.grade
        found = missing_grades(session, actor, cid, semester)
        allowed = None
        if scope.pairs is not None:
            allowed = {sid for (k, sid) in scope.pairs if k == cid}
        names = _primary_subject_ids(session, cid)
        per: dict[str, int] = {}
        for line in found.lines:
            per[line.subject] = per.get(line.subject, 0) + len(line.columns)
        for subject, n in per.items():
            sid = names.get(subject)
            if sid is None and scope.homeroom is not None and cid not in scope.homeroom:
                continue
            if sid is not None and allowed is not None and sid not in allowed:
                continue
            out.append(MissingCount(cid, found.class_name, grade, sid, subject, n))
    return out


def _primary_subject_ids(session: Session, class_id: uuid.UUID) -> dict[str, uuid.UUID]:
    group = session.get(ClassGroup, class_id)
    assert group is not None
    rows = session.scalars(
        select(Subject).where(
            Subject.school_year == group.school_year, Subject.grade == group.grade
        )
    )
    return {info(s).label: s.id for s in rows}

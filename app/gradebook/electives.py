"""A class's elective subjects (môn lựa chọn): the programme's limits, the choice, and setting it.

THPT classes (grades 10–12) study the compulsory subjects plus a set number of
the grade's elective subjects; primary grades 1–2 may add Ngoại ngữ 1 as an
optional subject. Which subjects are electives is the catalogue's ``elective``
flag (editable per school); how many a class studies comes from
``resources/subjects/elective_limits.csv`` and the display groups from
``elective_groups.csv``, both data with provenance (``[verify]``), so a change
in the programme is a data edit (docs/decisions/006-class-electives.md).

Rules, in ``choice_problem`` (pure, shared by the service and the dialog):
no subject twice, only the grade's electives (active, or already chosen), the count within the
limit, nothing changed while a semester of the class is locked, no elective
removed that already has scores, and a written reason to change a choice the
class already had. Setting the same choice again changes nothing.
"""

from __future__ import annotations

import csv
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app import journal
from app.changes import Changes
from app.db import Actor
from app.errors import ValidationError
from app.gradebook import access
from app.gradebook.catalogue import get_subject, grade_range
from app.gradebook.models import (
    Assessment,
    ClassElective,
    RetestResult,
    Subject,
    TeachingAssignment,
)
from app.gradebook.terms import semester_label
from app.grading.scores import clean_text
from app.messages.electives import ELECTIVES_MSG as M
from app.paths import resource
from app.permissions import Perm, can, require
from app.students.models import ClassGroup

ELECTIVES = "class_elective"
ASSIGNMENTS = "teaching_assignment"
LIMITS_FILE = ("subjects", "elective_limits.csv")
GROUPS_FILE = ("subjects", "elective_groups.csv")


@dataclass(frozen=True)
class ElectiveLimit:
    """How many electives a class of some grades studies (one row of elective_limits.csv)."""

    level: str
    grades: range
    minimum: int
    maximum: int
    provenance: str


@cache
def limits() -> tuple[ElectiveLimit, ...]:
    """Every row of the bundled limits file."""
    with resource(*LIMITS_FILE).open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    return tuple(
        ElectiveLimit(
            r["level"],
            grade_range(r["grades"]),
            int(r["min_count"]),
            int(r["max_count"]),
            clean_text(r["provenance"]),
        )
        for r in rows
    )


def limit_for(grade: int) -> ElectiveLimit | None:
    """The programme's limit for a grade, or None when the programme sets none."""
    return next((x for x in limits() if grade in x.grades), None)


@cache
def group_names() -> dict[tuple[str, str], str]:
    """(level, subject name) → display group, in the file's order (the order groups are shown in)."""
    with resource(*GROUPS_FILE).open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    return {(r["level"], clean_text(r["name"])): clean_text(r["group"]) for r in rows}


def group_of(level: str, name: str) -> str:
    """The display group of an elective; subjects the file does not list go under "Khác"."""
    return group_names().get((level, clean_text(name)), M.other_group)


@dataclass(frozen=True)
class ElectiveOption:
    """One elective subject a class may choose, and whether it has."""

    subject_id: uuid.UUID
    name: str
    short_name: str
    group: str
    chosen: bool
    active: bool
    scores: int
    """Assessments and re-test results recorded for this class in this subject."""


@dataclass(frozen=True)
class ClassElectives:
    """A class's elective choices, the options of its grade, and the limit that applies."""

    class_id: uuid.UUID
    class_name: str
    school_year: str
    grade: int
    minimum: int
    maximum: int
    provenance: str
    options: tuple[ElectiveOption, ...]
    locked: tuple[int, ...]
    """Semesters of the class whose grade book is locked."""

    @property
    def exact(self) -> bool:
        """Whether the class must study exactly ``maximum`` electives."""
        return self.minimum == self.maximum

    @property
    def chosen(self) -> tuple[ElectiveOption, ...]:
        """The electives the class studies now."""
        return tuple(o for o in self.options if o.chosen)

    @property
    def chosen_ids(self) -> frozenset[uuid.UUID]:
        """Ids of the electives the class studies now."""
        return frozenset(o.subject_id for o in self.chosen)

    def option(self, subject_id: uuid.UUID) -> ElectiveOption | None:
        """The option of a subject, or None when it is not one of the grade's electives."""
        return next((o for o in self.options if o.subject_id == subject_id), None)

    def grouped(self) -> tuple[tuple[str, tuple[ElectiveOption, ...]], ...]:
        """Options by display group, groups in the order they first appear."""
        groups: dict[str, list[ElectiveOption]] = {}
        for o in self.options:
            groups.setdefault(o.group, []).append(o)
        return tuple((name, tuple(items)) for name, items in groups.items())


@dataclass(frozen=True)
class ElectivesSaved:
    """What setting a class's electives changed (nothing when the choice was the same)."""

    changes: Changes
    class_name: str
    chosen: tuple[str, ...]
    added: tuple[str, ...]
    removed: tuple[str, ...]
    unassigned: int
    """Teaching assignments of removed electives that went with them."""


def count_problem(info: ClassElectives, count: int) -> str | None:
    """Why ``count`` electives break the class's limit, or None."""
    if info.minimum <= count <= info.maximum:
        return None
    offered = sum(1 for o in info.options if o.active)
    if offered < info.minimum:
        return M.too_few_offered.format(
            grade=info.grade, year=info.school_year, offered=offered, n=info.minimum
        )
    if info.exact:
        return M.count_exact.format(cls=info.class_name, n=info.maximum, count=count)
    return M.count_range.format(
        cls=info.class_name, low=info.minimum, high=info.maximum, count=count
    )


def choice_problem(
    info: ClassElectives, wanted: Sequence[uuid.UUID], reason: str = ""
) -> str | None:
    """Why ``wanted`` cannot become the class's electives, or None (pure: the dialog uses it too)."""
    seen: set[uuid.UUID] = set()
    for subject_id in wanted:
        option = info.option(subject_id)
        if option is None:
            return M.unknown_option.format(cls=info.class_name)
        if subject_id in seen:
            return M.chosen_twice.format(subject=option.name)
        seen.add(subject_id)
    problem = count_problem(info, len(seen))
    if problem or seen == info.chosen_ids:
        return problem
    if info.locked:
        semester = semester_label(info.locked[0])
        return M.locked.format(cls=info.class_name, semester=semester)
    for option in info.chosen:
        if option.subject_id not in seen and option.scores:
            return M.has_scores.format(
                subject=option.name, cls=info.class_name, count=option.scores
            )
    if info.chosen and len(clean_text(reason)) < access.MIN_REASON_LENGTH:
        return M.reason_needed.format(cls=info.class_name, n=access.MIN_REASON_LENGTH)
    return None


def _score_counts(session: Session, class_id: uuid.UUID) -> dict[uuid.UUID, int]:
    counts: dict[uuid.UUID, int] = {}
    for model in (Assessment, RetestResult):
        stmt = (
            select(model.subject_id, func.count())
            .where(model.class_id == class_id)
            .group_by(model.subject_id)
        )
        for subject_id, n in session.execute(stmt):
            counts[subject_id] = counts.get(subject_id, 0) + int(n)
    return counts


def _load(session: Session, group: ClassGroup) -> ClassElectives:
    chosen = set(
        session.scalars(select(ClassElective.subject_id).where(ClassElective.class_id == group.id))
    )
    stmt = select(Subject).where(
        Subject.school_year == group.school_year,
        Subject.grade == group.grade,
        Subject.elective.is_(True),
    )
    rows = [r for r in session.scalars(stmt) if r.active or r.id in chosen]
    order = {name: i for i, name in enumerate(dict.fromkeys(group_names().values()))}
    rows.sort(key=lambda r: (order.get(group_of(r.level, r.name), len(order)), r.position, r.name))
    counts = _score_counts(session, group.id)
    options = tuple(
        ElectiveOption(
            r.id,
            r.name,
            r.short_name,
            group_of(r.level, r.name),
            r.id in chosen,
            r.active,
            counts.get(r.id, 0),
        )
        for r in rows
    )
    limit = limit_for(group.grade)
    low, high = (limit.minimum, limit.maximum) if limit else (0, len(options))
    return ClassElectives(
        group.id,
        group.name,
        group.school_year,
        group.grade,
        low,
        high,
        limit.provenance if limit else M.no_limit,
        options,
        tuple(sorted(access.locked_semesters(session, group.id))),
    )


def elective_grades(session: Session, year: str) -> frozenset[int]:
    """Grades of ``year`` whose catalogue has active electives (where a choice can be made)."""
    stmt = select(Subject.grade).where(
        Subject.school_year == year, Subject.elective.is_(True), Subject.active.is_(True)
    )
    return frozenset(session.scalars(stmt.distinct()))


def class_electives(session: Session, actor: Actor | None, class_id: uuid.UUID) -> ClassElectives:
    """The class's electives, its grade's options and the limit (class managers, or its viewers)."""
    group = access.get_class(session, class_id)
    if not can(actor, Perm.MANAGE_CLASSES):
        access.require_view(session, actor, group)
    return _load(session, group)


def set_electives(
    session: Session,
    actor: Actor | None,
    class_id: uuid.UUID,
    subject_ids: Sequence[uuid.UUID],
    reason: str | None = None,
) -> ElectivesSaved:
    """Make ``subject_ids`` the class's electives (replacing the previous choice), within the rules.

    Every removed row and added row is journalled with the reason; teaching
    assignments of a removed elective go with it.
    """
    require(actor, Perm.MANAGE_CLASSES)
    group = access.get_class(session, class_id)
    info = _load(session, group)
    for subject_id in dict.fromkeys(subject_ids):
        if info.option(subject_id) is None:
            _refuse_subject(get_subject(session, subject_id), group)
    problem = choice_problem(info, subject_ids, reason or "")
    if problem:
        raise ValidationError(problem)
    wanted = set(subject_ids)
    if wanted == info.chosen_ids:
        names = tuple(o.name for o in info.chosen)
        return ElectivesSaved(Changes(), group.name, names, (), (), 0)
    why = clean_text(reason or "") or M.reason_default.format(cls=group.name)
    rows = list(session.scalars(select(ClassElective).where(ClassElective.class_id == group.id)))
    for row in rows:
        if row.subject_id not in wanted:
            journal.set_reason(session, row, why)
            session.delete(row)
    added = [o for o in info.options if o.subject_id in wanted and not o.chosen]
    for option in added:
        row = ClassElective(
            id=uuid.uuid4(),
            class_id=group.id,
            subject_id=option.subject_id,
            school_code=session.info.get("school_code", ""),
        )
        journal.set_reason(session, row, why)
        session.add(row)
    removed = [o for o in info.chosen if o.subject_id not in wanted]
    unassigned = _drop_assignments(session, group, [o.subject_id for o in removed], why)
    session.flush()
    changes = Changes.of(ELECTIVES) | (Changes.of(ASSIGNMENTS) if unassigned else Changes())
    return ElectivesSaved(
        changes,
        group.name,
        tuple(o.name for o in info.options if o.subject_id in wanted),
        tuple(o.name for o in added),
        tuple(o.name for o in removed),
        unassigned,
    )


def _refuse_subject(subject: Subject, group: ClassGroup) -> None:
    """Raise for a subject that is not one of the class's options (inactive, or no elective)."""
    same_grade = (subject.school_year, subject.grade) == (group.school_year, group.grade)
    if subject.elective and same_grade and not subject.active:
        raise ValidationError(M.not_active.format(subject=subject.name, year=group.school_year))
    raise ValidationError(M.not_an_elective.format(subject=subject.name, cls=group.name))


def _drop_assignments(
    session: Session, group: ClassGroup, subject_ids: list[uuid.UUID], why: str
) -> int:
    """Delete the class's teaching assignments of subjects it no longer studies."""
    if not subject_ids:
        return 0
    stmt = select(TeachingAssignment).where(
        TeachingAssignment.class_id == group.id, TeachingAssignment.subject_id.in_(subject_ids)
    )
    rows = list(session.scalars(stmt))
    for row in rows:
        journal.set_reason(session, row, why)
        session.delete(row)
    return len(rows)

"""The preview of a new school year: next year's classes and where each student goes.

The outcome of every student comes from the grade book's year-end lists
(``app.gradebook.lists``: TT22 promoted / repeat / re-test / summer training,
TT27 completed / not completed); nothing here recomputes a grading rule. The
plan is a query: it writes nothing, so the preview and the apply compute the
same thing, and a second run finds everyone already placed.
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import school
from app.accounts import User
from app.db import Actor
from app.errors import NotFound, ValidationError
from app.gradebook.lists import ResultLists, result_lists
from app.gradebook.models import GradeLock
from app.messages.rollover import ROLLOVER_MSG as M
from app.permissions import Perm, require
from app.rollover.years import check_years, is_final_grade, level_of, next_class_name
from app.students.inputs import STATUS_LABELS, Status
from app.students.models import ClassGroup, Enrolment, Student


class Action(StrEnum):
    """What the new year does with a student of the finished one."""

    PROMOTE = "promote"
    REPEAT = "repeat"
    GRADUATE = "graduate"
    WAIT = "wait"
    PLACED = "placed"
    LEFT = "left"


ACTION_LABELS: dict[Action, str] = {
    Action.PROMOTE: M.action_promote,
    Action.REPEAT: M.action_repeat,
    Action.GRADUATE: M.action_graduate,
    Action.WAIT: M.action_wait,
    Action.PLACED: M.action_placed,
    Action.LEFT: M.action_left,
}
WRITES = (Action.PROMOTE, Action.REPEAT, Action.GRADUATE)
"""The actions an apply carries out; the others change nothing."""


@dataclass(frozen=True)
class StudentMove:
    """One student of the finished year: the action, next year's class (proposal key) and why."""

    student_id: uuid.UUID
    student_code: str
    full_name: str
    from_class: str
    action: Action
    target: str
    reason: str
    exception: bool

    @property
    def action_label(self) -> str:
        """The action in Vietnamese."""
        return ACTION_LABELS[self.action]


@dataclass(frozen=True)
class ClassProposal:
    """A class of the new year: ``key`` is its proposed name and stays the same under edits."""

    key: str
    grade: int
    homeroom: str
    homeroom_name: str
    exists: bool
    sources: tuple[str, ...]
    promoted: int
    repeating: int
    already: int


@dataclass(frozen=True)
class RolloverPlan:
    """The preview: next year's classes, every student's move, whether the year exists."""

    source: str
    target: str
    target_exists: bool
    source_locked: bool
    classes: tuple[ClassProposal, ...]
    students: tuple[StudentMove, ...]

    def count(self, action: Action) -> int:
        """How many students get ``action``."""
        return sum(1 for m in self.students if m.action is action)

    @property
    def exceptions(self) -> tuple[StudentMove, ...]:
        """Every student not simply promoted, with the reason."""
        return tuple(m for m in self.students if m.exception)

    @property
    def waiting(self) -> tuple[StudentMove, ...]:
        """Students whose result is not known yet (re-test, summer training, missing grades)."""
        return tuple(m for m in self.students if m.action is Action.WAIT)

    @property
    def changes_nothing(self) -> bool:
        """True when an apply would write nothing (a second run)."""
        new_class = any(not c.exists for c in self.classes)
        moves = any(m.action in WRITES for m in self.students)
        return self.target_exists and not new_class and not moves


@dataclass(frozen=True)
class _Outcome:
    """A student's final outcome from the lists: the list key and its detail."""

    key: str
    detail: str


_FINAL_KEYS = ("promoted", "completed", "repeat", "not_completed")
_WAIT_KEYS = ("retest", "summer", "pending")


def outcomes(lists: ResultLists) -> dict[uuid.UUID, _Outcome]:
    """Each student's deciding list: a final decision first, then what they wait for."""
    found: dict[uuid.UUID, _Outcome] = {}
    for key in _FINAL_KEYS + _WAIT_KEYS:
        entries = getattr(lists, "summer_training" if key == "summer" else key)
        for entry in entries:
            found.setdefault(entry.student_id, _Outcome(key, entry.detail))
    return found


@dataclass(frozen=True)
class _Last:
    """A student's last class of the finished year and whether they stayed to its end."""

    group: ClassGroup
    stayed: bool


def _last_classes(session: Session, source: str, end: date) -> dict[uuid.UUID, _Last]:
    stmt = (
        select(Enrolment.student_id, Enrolment.end_date, ClassGroup)
        .join(ClassGroup, ClassGroup.id == Enrolment.class_id)
        .where(Enrolment.school_year == source)
        .order_by(Enrolment.start_date, Enrolment.created_at)
    )
    last: dict[uuid.UUID, _Last] = {}
    for sid, end_date, group in session.execute(stmt):
        last[sid] = _Last(group, end_date is None or end_date >= end)
    return last


def _teachers(session: Session, ids: Iterable[uuid.UUID | None]) -> dict[uuid.UUID, User]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    return {u.id: u for u in session.scalars(select(User).where(User.id.in_(wanted)))}


def source_locked(session: Session, source: str) -> bool:
    """Whether semester II of every class of the year is locked (the results are official)."""
    ids = set(session.scalars(select(ClassGroup.id).where(ClassGroup.school_year == source)))
    locked = set(
        session.scalars(
            select(GradeLock.class_id).where(
                GradeLock.class_id.in_(ids), GradeLock.semester == 2, GradeLock.locked.is_(True)
            )
        )
    )
    return bool(ids) and ids <= locked


class _Builder:
    """Collects the moves and the proposals of one plan."""

    def __init__(self, session: Session, source: str, target: str) -> None:
        self.session, self.source, self.target = session, source, target
        stmt = select(ClassGroup).where(ClassGroup.school_year == target)
        self.target_classes = {g.name: g for g in session.scalars(stmt)}
        self.target_by_id = {g.id: g for g in self.target_classes.values()}
        rows = session.execute(
            select(Enrolment.student_id, Enrolment.class_id).where(
                Enrolment.school_year == target, Enrolment.end_date.is_(None)
            )
        )
        self.placed = {sid: self.target_by_id[cid] for sid, cid in rows if cid in self.target_by_id}
        self.moves: list[StudentMove] = []
        self.keys: dict[str, int] = {}
        self.sources: dict[str, list[ClassGroup]] = {}

    def promotion_key(self, group: ClassGroup, students: Iterable[uuid.UUID]) -> str:
        """Where this class went up to: where its promoted students already are, else 6A1 → 7A1."""
        went = Counter(
            self.placed[sid].name
            for sid in students
            if sid in self.placed and self.placed[sid].grade == group.grade + 1
        )
        return went.most_common(1)[0][0] if went else next_class_name(group.name, group.grade)

    def propose(self, key: str, grade: int, group: ClassGroup) -> str:
        self.keys.setdefault(key, grade)
        self.sources.setdefault(key, [])
        if group not in self.sources[key]:
            self.sources[key].append(group)
        return key

    def add(self, student: Student, group: ClassGroup, action: Action, **kw: str) -> None:
        target = kw.get("target", "")
        exception = action not in (Action.PROMOTE, Action.GRADUATE) and not (
            action is Action.PLACED and not kw.get("conflict")
        )
        self.moves.append(
            StudentMove(
                student.id,
                student.student_code,
                student.full_name,
                group.name,
                action,
                target,
                kw["reason"],
                exception,
            )
        )


def build_plan(session: Session, actor: Actor | None, source: str, target: str) -> RolloverPlan:
    """The preview of moving ``source``'s students into ``target`` (which may not exist yet)."""
    require(actor, Perm.EDIT_SCHOOL)
    source, target = check_years(source, target)
    years = {y.name: y for y in school.list_years(session)}
    if source not in years:
        raise NotFound(M.source_missing.format(year=source))
    classes = list(
        session.scalars(
            select(ClassGroup)
            .where(ClassGroup.school_year == source)
            .order_by(ClassGroup.grade, ClassGroup.name)
        )
    )
    if not classes:
        raise ValidationError(M.source_empty.format(year=source))
    found = outcomes(result_lists(session, actor, source))
    last = _last_classes(session, source, years[source].end_date)
    students = {s.id: s for s in session.scalars(select(Student).where(Student.id.in_(list(last))))}
    b = _Builder(session, source, target)
    by_class: dict[uuid.UUID, list[uuid.UUID]] = {}
    for sid, entry in last.items():
        by_class.setdefault(entry.group.id, []).append(sid)
    for group in classes:
        members = sorted(
            by_class.get(group.id, []), key=lambda i: (students[i].sort_key, students[i].full_name)
        )
        up = b.promotion_key(group, members)
        for sid in members:
            _judge(b, students[sid], group, last[sid], found.get(sid), up)
    return _plan(b, years, classes)


def _judge(
    b: _Builder, student: Student, group: ClassGroup, last: _Last, out: _Outcome | None, up: str
) -> None:
    """Decide one student's move from their status, any class next year and their outcome."""
    if student.status != Status.ACTIVE:
        label = STATUS_LABELS.get(student.status, student.status)
        if student.status == Status.GRADUATED:
            b.add(student, group, Action.LEFT, reason=M.graduated_already.format(status=label))
        else:
            b.add(student, group, Action.LEFT, reason=M.left_status.format(status=label))
        return
    if not last.stayed:
        b.add(student, group, Action.LEFT, reason=M.left_no_class)
        return
    key = out.key if out else "pending"
    final = is_final_grade(group.grade)
    grade = {"promoted": group.grade + 1, "completed": group.grade + 1}.get(key, group.grade)
    placed = b.placed.get(student.id)
    if placed is not None:
        expected = grade if key in _FINAL_KEYS and not (final and grade > group.grade) else None
        conflict = expected is not None and placed.grade != expected
        text = (
            M.placed_conflict.format(
                target=placed.name,
                year=b.target,
                outcome=out.detail if out else "",
                expected=expected,
            )
            if conflict
            else M.placed.format(target=placed.name, year=b.target)
        )
        b.add(student, group, Action.PLACED, target=placed.name, reason=text,
              conflict="1" if conflict else "")  # fmt: skip
        return
    detail = out.detail if out else ""
    if key in ("promoted", "completed") and final:
        outcome = M.level_completed.get(level_of(group.grade), "")
        why = M.graduate.format(outcome=outcome, cls=group.name, year=b.source)
        b.add(student, group, Action.GRADUATE, reason=why)
    elif key in ("promoted", "completed"):
        target = b.propose(up, group.grade + 1, group)
        b.add(
            student, group, Action.PROMOTE, target=target, reason=M.promoted.format(target=target)
        )
    elif key in ("repeat", "not_completed"):
        target = b.propose(group.name, group.grade, group)
        why = M.repeat.format(target=target, detail=detail)
        b.add(student, group, Action.REPEAT, target=target, reason=why)
    else:
        template = {"retest": M.wait_retest, "summer": M.wait_summer}.get(key, M.wait_missing)
        why = template.format(detail=detail) if detail else M.wait_unknown
        b.add(student, group, Action.WAIT, reason=why)


def _plan(
    b: _Builder, years: dict[str, school.YearInfo], classes: list[ClassGroup]
) -> RolloverPlan:
    """The plan from the collected moves: one proposal per target class, in grade order."""
    counts: dict[str, Counter[Action]] = {k: Counter() for k in b.keys}
    for m in b.moves:
        if m.target in counts:
            counts[m.target][m.action] += 1
    already = Counter(m.target for m in b.moves if m.action is Action.PLACED)
    leaders = _teachers(
        b.session,
        [g.homeroom_teacher_id for g in classes]
        + [g.homeroom_teacher_id for g in b.target_classes.values()],
    )
    proposals = []
    for key, grade in sorted(b.keys.items(), key=lambda kv: (kv[1], kv[0])):
        existing = b.target_classes.get(key)
        sources = b.sources[key]
        up_from = [g for g in sources if g.grade < grade]
        if existing is not None:
            leader_id = existing.homeroom_teacher_id
        else:
            leader_id = up_from[0].homeroom_teacher_id if up_from else None
        leader = leaders.get(leader_id) if leader_id else None
        proposals.append(
            ClassProposal(
                key,
                grade,
                leader.username if leader else "",
                leader.full_name if leader else "",
                existing is not None,
                tuple(g.name for g in sources),
                counts[key][Action.PROMOTE],
                counts[key][Action.REPEAT],
                already.get(key, 0),
            )
        )
    return RolloverPlan(
        b.source,
        b.target,
        b.target in years,
        source_locked(b.session, b.source),
        tuple(proposals),
        tuple(b.moves),
    )

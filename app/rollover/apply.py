"""Carrying out a new school year's plan: one transaction after a restore point, journalled.

``apply_plan`` recomputes the plan inside the write (under the write lock), so what
is written is what the data says now, with the user's edits to the proposed
classes (names, homeroom teachers). It writes only what is missing: the year,
a class, a student's place; a second run writes nothing. Students still waiting
for a re-test or summer training are placed by the same call once their result is
saved (``place_waiting``). ``switch_year`` makes the new year current and locks the
finished one with the grade book's own locks.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import school
from app.accounts import User
from app.changes import SCHOOL_YEAR, Changes
from app.db import Actor, Database
from app.errors import Conflict, NotFound, ValidationError
from app.gradebook import access, catalogue, locking, terms
from app.gradebook.models import ClassElective, Subject
from app.importing.writing import write_after_restore_point
from app.messages.rollover import ROLLOVER_MSG as M
from app.permissions import Perm, require
from app.progress import NullProgress, Progress, check_cancel
from app.rollover.plan import Action, ClassProposal, RolloverPlan, StudentMove, build_plan
from app.students.changes import STUDENT_CHANGES
from app.students.classes import HOMEROOM_ROLES
from app.students.inputs import Status
from app.students.models import ClassGroup, Enrolment, EventKind, Student, StudentEvent
from app.students.validation import grade_of_class, normalise_class_name
from app.write_lock import lock_for_write


@dataclass(frozen=True)
class ClassEdit:
    """The user's change to a proposed class: a new name and/or homeroom (None keeps it)."""

    name: str | None = None
    homeroom: str | None = None
    """A username; "" leaves the class without a homeroom teacher."""


@dataclass(frozen=True)
class Applied:
    """What an apply (or a placing of waiting students) wrote."""

    source: str
    target: str
    year_created: bool
    classes_created: int
    promoted: int
    repeated: int
    graduated: int
    waiting: int
    restore_point: Path | None = None
    changes: Changes = field(default_factory=Changes)

    @property
    def wrote(self) -> bool:
        """Whether anything was written."""
        return bool(self.year_created or self.classes_created or self.promoted
                    or self.repeated or self.graduated)  # fmt: skip


def _final_names(plan: RolloverPlan, edits: Mapping[str, ClassEdit]) -> dict[str, str]:
    """Each proposal's name after the edits, checked: the right grade, unique, not taken."""
    unknown = set(edits) - {c.key for c in plan.classes}
    if unknown:
        raise ValidationError(M.unknown_proposal.format(key=sorted(unknown)[0]))
    names: dict[str, str] = {}
    for c in plan.classes:
        edit = edits.get(c.key)
        name = normalise_class_name(edit.name) if edit and edit.name else c.key
        if grade_of_class(name) != c.grade:
            example = f"{c.grade}{c.key[len(str(c.grade)) :]}"
            raise ValidationError(M.name_bad.format(name=name, grade=c.grade, example=example))
        if name in names.values():
            raise ValidationError(M.name_twice.format(name=name))
        names[c.key] = name
    return names


def _teacher_id(session: Session, username: str) -> uuid.UUID | None:
    if not username:
        return None
    user = session.scalar(select(User).where(User.username == username.strip().lower()))
    if user is None or user.role not in HOMEROOM_ROLES or not user.active:
        raise NotFound(M.teacher_not_found.format(user=username))
    return user.id


def homeroom_choices(session: Session, actor: Actor | None) -> list[tuple[str, str]]:
    """(username, full name) of the active accounts that may lead a class, by name."""
    require(actor, Perm.EDIT_SCHOOL)
    rows = session.execute(
        select(User.username, User.full_name)
        .where(User.role.in_([r.value for r in HOMEROOM_ROLES]), User.active.is_(True))
        .order_by(User.full_name)
    )
    return [(u, n) for u, n in rows]


def _target_classes(
    session: Session, plan: RolloverPlan, edits: Mapping[str, ClassEdit]
) -> tuple[dict[str, ClassGroup], int]:
    """The class of each proposal, created (or renamed, re-led) as edited; and how many are new."""
    names = _final_names(plan, edits)
    stmt = select(ClassGroup).where(ClassGroup.school_year == plan.target)
    existing = {g.name: g for g in session.scalars(stmt)}
    out: dict[str, ClassGroup] = {}
    created = 0
    for c in plan.classes:
        edit = edits.get(c.key) or ClassEdit()
        name = names[c.key]
        group = existing.get(c.key) if c.exists else None
        if group is None and name in existing:
            clash = existing[name]
            if clash.grade != c.grade:
                raise Conflict(M.name_taken.format(year=plan.target, name=name, grade=clash.grade))
            group = clash  # renamed onto a class of that grade that exists: students join it
        if group is None:
            group = ClassGroup(
                id=uuid.uuid4(),
                name=name,
                school_year=plan.target,
                grade=c.grade,
                homeroom_teacher_id=_teacher_id(session, c.homeroom),
                school_code=session.info.get("school_code", ""),
            )
            session.add(group)
            existing[name] = group
            created += 1
            session.flush()
            _copy_electives(session, plan, c, group)
        elif group.name != name:
            if name in existing and existing[name] is not group:
                raise Conflict(M.name_taken.format(year=plan.target, name=name, grade=c.grade))
            del existing[group.name]
            group.name = name
            existing[name] = group
        if edit.homeroom is not None:
            group.homeroom_teacher_id = _teacher_id(session, edit.homeroom)
        out[c.key] = group
    session.flush()
    return out, created


def _copy_electives(
    session: Session, plan: RolloverPlan, c: ClassProposal, group: ClassGroup
) -> None:
    """A new class going up keeps its electives (THPT combination): same names, next grade."""
    source = session.scalar(
        select(ClassGroup).where(
            ClassGroup.school_year == plan.source,
            ClassGroup.name.in_(c.sources),
            ClassGroup.grade < c.grade,
        )
    )
    if source is None:
        return
    names = select(Subject.name).join(ClassElective, ClassElective.subject_id == Subject.id)
    chosen = set(session.scalars(names.where(ClassElective.class_id == source.id)))
    if not chosen:
        return
    stmt = select(Subject.id).where(
        Subject.school_year == plan.target,
        Subject.grade == c.grade,
        Subject.elective.is_(True),
        Subject.name.in_(chosen),
    )
    for subject_id in session.scalars(stmt):
        session.add(
            ClassElective(
                id=uuid.uuid4(),
                class_id=group.id,
                subject_id=subject_id,
                school_code=group.school_code,
            )
        )


def _close(session: Session, sid: uuid.UUID, source: str, end: date) -> None:
    """Close the student's open enrolment of the finished year at its last day."""
    stmt = select(Enrolment).where(
        Enrolment.student_id == sid, Enrolment.school_year == source, Enrolment.end_date.is_(None)
    )
    for row in session.scalars(stmt):
        row.end_date = max(row.start_date, end)


def _enrol(session: Session, student: Student, group: ClassGroup, start: date) -> None:
    session.add(
        Enrolment(
            id=uuid.uuid4(),
            student_id=student.id,
            class_id=group.id,
            school_year=group.school_year,
            start_date=start,
            school_code=student.school_code,
        )
    )


def _graduate(
    session: Session, student: Student, move: StudentMove, source: str, end: date
) -> None:
    """The student leaves having completed the level: the event, the status, the class closed."""
    session.add(
        StudentEvent(
            id=uuid.uuid4(),
            student_id=student.id,
            kind=EventKind.GRADUATION,
            event_date=end,
            school_year=source,
            details=move.reason,
            school_code=student.school_code,
        )
    )
    student.status = Status.GRADUATED


def _ensure_year(session: Session, actor: Actor | None, target: str) -> bool:
    """Create the target year with its catalogue and semesters, or complete them; True if new."""
    if target in {y.name for y in school.list_years(session)}:
        catalogue.ensure_catalogue(session, actor, target)
        terms.ensure_semesters(session, actor, target)
        return False
    school.add_year(session, actor, target)  # the grade book's hook: catalogue and semesters
    return True


def apply_plan(
    session: Session,
    actor: Actor | None,
    source: str,
    target: str,
    edits: Mapping[str, ClassEdit] | None = None,
    *,
    progress: Progress | None = None,
    need_target: bool = False,
) -> Applied:
    """Write the plan of ``source`` → ``target`` as it stands now, with ``edits`` to its classes."""
    require(actor, Perm.EDIT_SCHOOL)
    progress = progress or NullProgress()
    lock_for_write(session)  # nobody saves a result between the plan and the writes
    plan = build_plan(session, actor, source, target)
    if need_target and not plan.target_exists:
        raise NotFound(M.target_missing.format(year=plan.target))
    created_year = _ensure_year(session, actor, plan.target)
    years = {y.name: y for y in school.list_years(session)}
    start_day, end = years[plan.target].start_date, years[plan.source].end_date
    groups, created = _target_classes(session, plan, edits or {})
    moves = [m for m in plan.students if m.action in (Action.PROMOTE, Action.REPEAT,
                                                       Action.GRADUATE)]  # fmt: skip
    students = {s.id: s for s in session.scalars(
        select(Student).where(Student.id.in_([m.student_id for m in moves])))}  # fmt: skip
    for n, move in enumerate(moves):
        if n % 50 == 0:
            check_cancel(progress)
            progress.update(n, len(moves), M.step_apply, M.unit_students)
        student = students[move.student_id]
        _close(session, student.id, plan.source, end)
        if move.action is Action.GRADUATE:
            _graduate(session, student, move, plan.source, end)
        else:
            _enrol(session, student, groups[move.target], start_day)
    progress.update(len(moves), len(moves), M.step_apply, M.unit_students)
    session.flush()
    touched = STUDENT_CHANGES | (Changes.of(SCHOOL_YEAR) if created_year else Changes())
    return Applied(
        plan.source,
        plan.target,
        created_year,
        created,
        plan.count(Action.PROMOTE),
        plan.count(Action.REPEAT),
        plan.count(Action.GRADUATE),
        plan.count(Action.WAIT),
        changes=touched if (created_year or created or moves) else Changes(),
    )


def run_rollover(
    db: Database,
    actor: Actor | None,
    source: str,
    target: str,
    edits: Mapping[str, ClassEdit] | None = None,
    *,
    progress: Progress | None = None,
    place_only: bool = False,
) -> Applied:
    """Take a restore point, then apply in one journalled transaction (``place_only``: the
    waiting students of a year already rolled over)."""
    why = (M.reason_place if place_only else M.reason_rollover).format(source=source, target=target)

    def write(s: Session) -> Applied:
        return apply_plan(s, actor, source, target, edits, progress=progress,
                          need_target=place_only)  # fmt: skip

    applied, point = write_after_restore_point(
        db, actor, write, restore_label=M.restore_label, why=why, progress=progress
    )
    return Applied(**{**applied.__dict__, "restore_point": point})


def switch_year(
    session: Session,
    actor: Actor | None,
    target: str,
    *,
    progress: Progress | None = None,
) -> tuple[Changes, str, int]:
    """Make ``target`` current and lock both semesters of every class of the year before it.

    Returns the changes, the finished year's name and how many classes were locked now.
    """
    require(actor, Perm.EDIT_SCHOOL)
    require(actor, Perm.LOCK_GRADES)
    progress = progress or NullProgress()
    first, second = school.parse_year(target)
    target, previous = f"{first}-{second}", f"{first - 1}-{first}"
    changes = school.set_current_year(session, actor, target)
    stmt = select(ClassGroup).where(ClassGroup.school_year == previous)
    groups = list(session.scalars(stmt.order_by(ClassGroup.grade, ClassGroup.name)))
    why = M.reason_lock.format(year=previous, target=target)
    locked = 0
    for n, group in enumerate(groups):
        check_cancel(progress)
        progress.update(n, len(groups), M.step_lock, M.unit_classes)
        newly = False
        for semester in (1, 2):
            if not access.is_locked(session, group.id, semester):
                changes = changes | locking.lock_semester(session, actor, group.id, semester, why)
                newly = True
        locked += newly
    progress.update(len(groups), len(groups), M.step_lock, M.unit_classes)
    return changes, previous, locked


def proposals_by_key(plan: RolloverPlan) -> dict[str, ClassProposal]:
    """The plan's proposed classes by key (for the wizard's edits)."""
    return {c.key: c for c in plan.classes}

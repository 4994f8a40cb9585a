"""Qualities and competencies (phẩm chất, năng lực) and the class's nominations, TT27.

The homeroom teacher (or a supervisor) rates each student at each checkpoint
(Tốt / Đạt / Cần cố gắng) and may nominate a student's outstanding achievement
for the year's commendation. A locked semester takes changes only from a
supervisor with a written reason (nominations belong to semester II).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import partial

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.changes import Changes
from app.db import Actor
from app.errors import ValidationError
from app.gradebook import access, snapshots
from app.gradebook.entry import CellProblem, SaveResult, student_label, write_checked
from app.gradebook.models import PrimaryNomination, PrimaryRating
from app.gradebook.primary.records import load_primary, require_primary
from app.gradebook.primary.values import (
    CHECKPOINTS,
    RatingDef,
    parse_rating_cell,
    ratings_for,
)
from app.gradebook.records import RosterEntry, roster
from app.gradebook.rows import Counts, put_value, student_row, sync_values
from app.gradebook.terms import check_semester
from app.grading.scores import clean_text
from app.messages.gradebook import GRADEBOOK_MSG as GM
from app.messages.primary_entry import PRIMARY_ENTRY_MSG as M
from app.permissions import Perm, can
from app.students.models import ClassGroup
from app.write_lock import lock_for_write

RATINGS = "primary_rating"
NOMINATIONS = "primary_nomination"
NOMINATION_SEMESTER = 2
"""A nomination is for the year: it follows the lock of semester II."""
ACHIEVEMENT_MAX_LENGTH = 500


@dataclass(frozen=True)
class RatingLine:
    """A student's ratings at one checkpoint: rating name → stored value or None."""

    student_id: uuid.UUID
    student_code: str
    full_name: str
    current: bool
    values: dict[str, str | None]

    @property
    def missing(self) -> tuple[str, ...]:
        """Names not rated yet (never any for a student who left the class)."""
        if not self.current:
            return ()
        return tuple(name for name, value in self.values.items() if value is None)


@dataclass(frozen=True)
class RatingSheet:
    """The class's ratings at one checkpoint; ``editable`` for this actor now."""

    class_id: uuid.UUID
    class_name: str
    school_year: str
    grade: int
    semester: int
    checkpoint: int
    names: tuple[RatingDef, ...]
    lines: tuple[RatingLine, ...]
    locked: bool
    editable: bool


@dataclass(frozen=True)
class RatingEdit:
    """One typed rating: ``name`` of a quality/competency (or its short name); "" clears it."""

    student_id: uuid.UUID
    name: str
    value: str


def check_checkpoint(checkpoint: int) -> int:
    """``checkpoint`` if it is 1 (giữa học kì) or 2 (cuối học kì), else a ValidationError."""
    if checkpoint not in CHECKPOINTS:
        raise ValidationError(M.checkpoint_invalid.format(value=checkpoint))
    return checkpoint


def may_rate(actor: Actor | None, group: ClassGroup) -> bool:
    """Whether the actor may rate the class (homeroom teacher or supervisor), ignoring locks."""
    if not can(actor, Perm.ENTER_GRADES):
        return False
    return access.supervises(actor) or access.is_homeroom(group, actor)


def find_rating(defs: Iterable[RatingDef], name: str) -> RatingDef | None:
    """The quality or competency called ``name`` or by its short name (case ignored)."""
    wanted = clean_text(name).casefold()
    return next((d for d in defs if wanted in (d.name.casefold(), d.short_name.casefold())), None)


def _checkpoint_class(
    session: Session, class_id: uuid.UUID, semester: int, checkpoint: int
) -> ClassGroup:
    """The primary class of a checkpoint's ratings, once semester and checkpoint are checked."""
    check_semester(semester)
    check_checkpoint(checkpoint)
    group = access.get_class(session, class_id)
    require_primary(group)
    return group


def rating_sheet(
    session: Session, actor: Actor | None, class_id: uuid.UUID, semester: int, checkpoint: int
) -> RatingSheet:
    """Every student's qualities and competencies at a checkpoint, in name order."""
    group = _checkpoint_class(session, class_id, semester, checkpoint)
    access.require_view(session, actor, group)
    records = load_primary(session, group, subject_ids=[])
    lines = tuple(
        RatingLine(
            e.student_id,
            e.student_code,
            e.full_name,
            e.current,
            {
                d.name: records.rating(e.student_id, semester, checkpoint, d.name)
                for d in records.rating_defs
            },
        )
        for e in records.roster
    )
    locked, editable = access.edit_state(session, actor, group, semester, may_rate(actor, group))
    return RatingSheet(
        group.id,
        group.name,
        group.school_year,
        group.grade,
        semester,
        checkpoint,
        records.rating_defs,
        lines,
        locked,
        editable,
    )


_Checked = dict[tuple[uuid.UUID, str], str | None]


def _check(
    group: ClassGroup, students: dict[uuid.UUID, RosterEntry], edits: Sequence[RatingEdit]
) -> tuple[_Checked, list[CellProblem]]:
    """Parse every edit: the student in the class, a rating of the grade, a valid value."""
    defs = ratings_for(group.grade)
    allowed = ", ".join(d.name for d in defs)
    checked: _Checked = {}
    problems: list[CellProblem] = []
    for edit in edits:
        entry = students.get(edit.student_id)
        who = student_label(entry, edit.student_id)
        found = find_rating(defs, edit.name)
        column = found.name if found else edit.name
        if entry is None:
            reason = GM.student_not_in_class.format(cls=group.name)
        elif found is None:
            reason = M.rating_unknown.format(grade=group.grade, name=edit.name, allowed=allowed)
        else:
            parsed = parse_rating_cell(edit.value)
            if not parsed.reasons:
                checked[(edit.student_id, column)] = parsed.value
                continue
            reason = " ".join(parsed.reasons)
        problems.append(CellProblem(edit.student_id, who, column, edit.value, reason))
    return checked, problems


def save_ratings(
    session: Session,
    actor: Actor | None,
    class_id: uuid.UUID,
    semester: int,
    checkpoint: int,
    edits: Sequence[RatingEdit],
    reason: str | None = None,
) -> SaveResult:
    """Validate every rating, then write all or none (homeroom teacher or supervisor)."""
    group = _checkpoint_class(session, class_id, semester, checkpoint)
    access.require_homeroom(session, actor, group)
    students = {r.student_id: r for r in roster(session, class_id, group.school_year)}
    checked, problems = _check(group, students, edits)
    write = partial(_write, session, group, semester, checkpoint, checked)
    touched = {sid for sid, _ in checked}
    return write_checked(session, actor, group, semester, reason, problems, write, RATINGS, touched)


def _write(
    session: Session,
    group: ClassGroup,
    semester: int,
    checkpoint: int,
    checked: _Checked,
    reason: str | None,
) -> Counts:
    """Insert, update or delete each rating; returns (inserted, updated, deleted, same)."""
    existing: dict[tuple[uuid.UUID, str], PrimaryRating] = {}
    if checked:
        stmt = select(PrimaryRating).where(
            PrimaryRating.student_id.in_({sid for sid, _ in checked}),
            PrimaryRating.school_year == group.school_year,
            PrimaryRating.semester == semester,
            PrimaryRating.checkpoint == checkpoint,
        )
        existing = {(r.student_id, r.name): r for r in session.scalars(stmt)}

    def make(key: tuple[uuid.UUID, str], value: str) -> PrimaryRating:
        sid, name = key
        where = {"semester": semester, "checkpoint": checkpoint, "name": name}
        return student_row(session, PrimaryRating, group, sid, value=value, **where)

    also = {"class_id": group.id}
    return sync_values(session, existing, checked.items(), make, reason, also=also)


def set_nomination(
    session: Session,
    actor: Actor | None,
    class_id: uuid.UUID,
    student_id: uuid.UUID,
    achievement: str,
    reason: str | None = None,
) -> Changes:
    """Nominate a student's outstanding achievement for the year ("" removes the nomination)."""
    lock_for_write(session)  # what is read next is current until this commits
    group = access.get_class(session, class_id)
    require_primary(group)
    access.require_homeroom(session, actor, group)
    entry = next(
        (r for r in roster(session, class_id, group.school_year) if r.student_id == student_id),
        None,
    )
    if entry is None:
        raise ValidationError(M.nomination_student.format(cls=group.name))
    text = clean_text(achievement or "")
    if len(text) > ACHIEVEMENT_MAX_LENGTH:
        raise ValidationError(
            M.nomination_too_long.format(student=entry.full_name, limit=ACHIEVEMENT_MAX_LENGTH)
        )
    why = access.require_change_allowed(session, actor, group, NOMINATION_SEMESTER, reason)
    row = session.scalar(
        select(PrimaryNomination).where(
            PrimaryNomination.student_id == student_id,
            PrimaryNomination.school_year == group.school_year,
        )
    )
    make = partial(student_row, session, PrimaryNomination, group, student_id)
    also = {"class_id": group.id}
    if not put_value(session, row, text or None, make, why, field="achievement", also=also):
        return Changes()
    return Changes.of(NOMINATIONS) | snapshots.refresh(session, group, [student_id], why)


def nominations(session: Session, actor: Actor | None, class_id: uuid.UUID) -> dict[uuid.UUID, str]:
    """Student id → nominated achievement, for the class's year."""
    group = access.get_class(session, class_id)
    require_primary(group)
    access.require_view(session, actor, group)
    return dict(load_primary(session, group, subject_ids=[]).nominations)

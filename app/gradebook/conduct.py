"""Conduct levels and absences (half-day sessions) per semester, and summer conduct results.

The homeroom teacher of the class (or a supervisor) enters them. A locked
semester needs a supervisor and a written reason, like scores.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import journal
from app.changes import Changes
from app.db import Actor
from app.errors import ValidationError
from app.gradebook import access, snapshots
from app.gradebook.entry import CellProblem, SaveResult, student_label, write_checked
from app.gradebook.models import ConductRecord, SummerConduct
from app.gradebook.records import RosterEntry, load_class, require_secondary, roster, student_year
from app.gradebook.rows import put_value, student_row
from app.gradebook.terms import check_semester
from app.gradebook.values import level_of, parse_level, parse_sessions
from app.grading import Level, conduct_year
from app.grading.scores import clean_text
from app.messages.gradebook import GRADEBOOK_MSG as M
from app.students.models import ClassGroup
from app.write_lock import lock_for_write

CONDUCT = "conduct_record"
SUMMER = "summer_conduct"
SUMMER_SEMESTER = 2
"""The summer result is a year-end record: the semester II lock covers it."""


@dataclass(frozen=True)
class ConductEdit:
    """One student's conduct line; None keeps the stored value, "" clears it."""

    student_id: uuid.UUID
    conduct: str | None = None
    absent_excused: str | int | None = None
    absent_unexcused: str | int | None = None


@dataclass(frozen=True)
class ConductLine:
    """A student's conduct line as the entry screen shows it."""

    student_id: uuid.UUID
    student_code: str
    full_name: str
    current: bool
    conduct: str | None
    absent_excused: int | None
    absent_unexcused: int | None

    @property
    def missing(self) -> bool:
        """True while the conduct level has not been entered."""
        return self.conduct is None


def conduct_sheet(
    session: Session, actor: Actor | None, class_id: uuid.UUID, semester: int
) -> tuple[ConductLine, ...]:
    """Every student's conduct and absences of a semester, in name order."""
    check_semester(semester)
    group = access.get_class(session, class_id)
    access.require_view(session, actor, group)
    records = load_class(session, group, subject_ids=[])
    lines = []
    for e in records.roster:
        row = records.conduct.get((e.student_id, semester))
        level = level_of(row.conduct) if row else None
        lines.append(
            ConductLine(
                e.student_id,
                e.student_code,
                e.full_name,
                e.current,
                level.label if level is not None else None,
                row.absent_excused if row else None,
                row.absent_unexcused if row else None,
            )
        )
    return tuple(lines)


_Parsed = dict[str, str | int | None]


def _check(
    edit: ConductEdit, entry: RosterEntry | None, group: ClassGroup
) -> tuple[_Parsed, list[CellProblem]]:
    """The fields an edit sets, parsed, and the problems found."""
    who = student_label(entry, edit.student_id)
    if entry is None:
        reason = M.student_not_in_class.format(cls=group.name)
        return {}, [CellProblem(edit.student_id, who, M.column_conduct, "", reason)]
    values: _Parsed = {}
    problems = []
    if edit.conduct is not None:
        level = parse_level(edit.conduct) if clean_text(edit.conduct) else None
        if level is not None and level.value is None:
            text = " ".join(level.reasons)
            problems.append(CellProblem(edit.student_id, who, M.column_conduct, edit.conduct, text))
        values["conduct"] = (
            level.value.label if level is not None and level.value is not None else None
        )
    for field, column in (
        ("absent_excused", M.column_excused),
        ("absent_unexcused", M.column_unexcused),
    ):
        raw = getattr(edit, field)
        if raw is None:
            continue
        parsed = parse_sessions(raw)
        if parsed.reasons:
            problems.append(CellProblem(edit.student_id, who, column, str(raw), parsed.reasons[0]))
        values[field] = parsed.value
    return values, problems


def save_conduct(
    session: Session,
    actor: Actor | None,
    class_id: uuid.UUID,
    semester: int,
    edits: Sequence[ConductEdit],
    reason: str | None = None,
) -> SaveResult:
    """Validate every line, then write them all (homeroom teacher or supervisor)."""
    check_semester(semester)
    group = access.get_class(session, class_id)
    require_secondary(group)
    access.require_homeroom(session, actor, group)
    students = {r.student_id: r for r in roster(session, class_id, group.school_year)}
    parsed: list[tuple[uuid.UUID, _Parsed]] = []
    problems: list[CellProblem] = []
    for edit in edits:
        values, found = _check(edit, students.get(edit.student_id), group)
        problems += found
        parsed.append((edit.student_id, values))
    write = partial(_write, session, group, semester, parsed)
    touched = [sid for sid, _ in parsed]
    return write_checked(session, actor, group, semester, reason, problems, write, CONDUCT, touched)


def _write(
    session: Session,
    group: ClassGroup,
    semester: int,
    parsed: Sequence[tuple[uuid.UUID, _Parsed]],
    reason: str | None,
) -> tuple[int, int, int, int]:
    existing = {
        r.student_id: r
        for r in session.scalars(
            select(ConductRecord).where(
                ConductRecord.student_id.in_([sid for sid, _ in parsed]),
                ConductRecord.school_year == group.school_year,
                ConductRecord.semester == semester,
            )
        )
    }
    inserted = updated = same = 0
    for sid, values in parsed:
        row = existing.get(sid)
        if row is None:
            if not any(v is not None for v in values.values()):
                same += 1
                continue
            row = student_row(session, ConductRecord, group, sid, semester=semester, **values)
            session.add(row)
            existing[sid] = row
            inserted += 1
        elif all(getattr(row, k) == v for k, v in values.items()):
            same += 1
            continue
        else:
            for key, value in values.items():
                setattr(row, key, value)
            row.class_id = group.id
            updated += 1
        if reason:
            journal.set_reason(session, row, reason)
    session.flush()
    return inserted, updated, 0, same


def save_summer_conduct(
    session: Session,
    actor: Actor | None,
    class_id: uuid.UUID,
    student_id: uuid.UUID,
    conduct: str,
    reason: str | None = None,
) -> Changes:
    """Record (or clear, with "") the conduct after summer training of a student who needed it.

    A year-end record: when semester II is locked it needs a supervisor and a reason.
    """
    lock_for_write(session)  # what is read next is current until this commits
    group = access.get_class(session, class_id)
    access.require_homeroom(session, actor, group)
    records = load_class(session, group, subject_ids=[], student_ids=[student_id])
    if not records.roster:
        raise ValidationError(M.student_not_in_class.format(cls=group.name))
    entry = records.roster[0]
    year = student_year(records, student_id)
    flagged = conduct_year(year.conduct_semester_1, year.conduct_semester_2).value
    level = parse_level(conduct) if clean_text(conduct) else None
    if level is not None and level.value is None:
        raise ValidationError(M.field_invalid.format(who=entry.full_name, detail=level.reasons[0]))
    if level is not None and flagged is not Level.FAIL:
        raise ValidationError(M.summer_not_flagged.format(student=entry.full_name))
    why = access.require_change_allowed(session, actor, group, SUMMER_SEMESTER, reason)
    row = session.scalar(
        select(SummerConduct).where(
            SummerConduct.student_id == student_id, SummerConduct.school_year == group.school_year
        )
    )
    label = level.value.label if level is not None and level.value is not None else None
    make = partial(student_row, session, SummerConduct, group, student_id)
    if not put_value(session, row, label, make, why, field="conduct"):
        return Changes()
    return Changes.of(SUMMER) | snapshots.refresh(session, group, [student_id], why)

"""Loading a class's recorded assessments and turning them into rules-engine inputs.

A few plain Core queries per class (roster, assessments, conduct, re-tests and
the subjects chosen for re-test, in one query) on
the session's connection, no ORM objects: this is the hot path of the live grid, the class summary, the
lock-time snapshot, ``check`` and ``bench/grading.py``.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import String, cast, null, select, type_coerce, union_all
from sqlalchemy.orm import Session

from app.errors import ValidationError
from app.gradebook.catalogue import SubjectInfo, class_subjects
from app.gradebook.models import (
    Assessment,
    ConductRecord,
    RetestChoice,
    RetestResult,
    SummerConduct,
)
from app.gradebook.values import Kind, level_of, to_mark
from app.grading import (
    Mark,
    SemesterEvaluation,
    StudentYear,
    SubjectScores,
    SubjectYear,
    YearEvaluation,
    evaluate_semester,
    evaluate_year,
)
from app.messages.gradebook import GRADEBOOK_MSG as M
from app.school import SchoolYear
from app.students.models import ClassGroup, Enrolment, Student

MarkKey = tuple[uuid.UUID, uuid.UUID, int]
"""(student, subject, semester)."""


@dataclass(frozen=True)
class RosterEntry:
    """A student of the class, in Vietnamese name order; ``current`` False once they left."""

    student_id: uuid.UUID
    student_code: str
    full_name: str
    current: bool


@dataclass(frozen=True)
class ConductRow:
    """Conduct and absences as recorded for one semester (None: not entered)."""

    conduct: str | None = None
    absent_excused: int | None = None
    absent_unexcused: int | None = None

    @property
    def absent_total(self) -> int | None:
        """Excused plus unexcused sessions, None when neither was entered."""
        if self.absent_excused is None and self.absent_unexcused is None:
            return None
        return (self.absent_excused or 0) + (self.absent_unexcused or 0)


@dataclass
class ClassRecords:
    """Everything recorded for one class's year, keyed for fast lookup."""

    class_id: uuid.UUID
    class_name: str
    school_year: str
    grade: int
    subjects: tuple[SubjectInfo, ...]
    roster: tuple[RosterEntry, ...]
    marks: dict[MarkKey, dict[tuple[str, int], str]] = field(default_factory=dict)
    conduct: dict[tuple[uuid.UUID, int], ConductRow] = field(default_factory=dict)
    summer: dict[uuid.UUID, str] = field(default_factory=dict)
    retests: dict[tuple[uuid.UUID, uuid.UUID], str] = field(default_factory=dict)
    retest_choices: dict[uuid.UUID, set[uuid.UUID]] = field(default_factory=dict)
    """student → subjects chosen for re-test (students without a recorded choice are absent)."""


PRIMARY_LAST_GRADE = 5


def require_secondary(group: ClassGroup) -> None:
    """Refuse primary classes: their TT27 assessment is not a TT22 grid (never compute it as one)."""
    if group.grade <= PRIMARY_LAST_GRADE:
        raise ValidationError(M.primary_not_supported.format(cls=group.name))


def _year_end(session: Session, year: str) -> date | None:
    return session.scalar(select(SchoolYear.end_date).where(SchoolYear.name == year))


def roster(session: Session, class_id: uuid.UUID, year: str) -> tuple[RosterEntry, ...]:
    """Every student enrolled in the class, in Vietnamese name order.

    ``current`` is True for students still in the class, or who stayed to the
    end of the school year; False for those who moved, transferred or left.
    """
    stmt = (
        select(Student.id, Student.student_code, Student.full_name, Enrolment.end_date)
        .join(Enrolment, Enrolment.student_id == Student.id)
        .where(Enrolment.class_id == class_id)
        .order_by(Student.sort_key, Student.full_name, Student.student_code)
    )
    year_end = _year_end(session, year)
    seen: dict[uuid.UUID, RosterEntry] = {}
    for sid, code, name, end in session.connection().execute(stmt):
        stayed = end is None or (year_end is not None and end >= year_end)
        current = stayed or (sid in seen and seen[sid].current)
        seen[sid] = RosterEntry(sid, code, name, current)
    return tuple(seen.values())


def load_class(
    session: Session,
    group: ClassGroup,
    *,
    subject_ids: Iterable[uuid.UUID] | None = None,
    student_ids: Iterable[uuid.UUID] | None = None,
) -> ClassRecords:
    """Load a class's subjects, roster and recorded values (optionally only some of them)."""
    require_secondary(group)
    subjects, students = class_scope(session, group, subject_ids, student_ids)
    records = ClassRecords(
        group.id, group.name, group.school_year, group.grade, tuple(subjects), students
    )
    ids = [r.student_id for r in students]
    if ids and subjects:
        load_marks(session, records.marks, ids, [s.id for s in subjects])
        _load_retests(session, records, ids)
    if ids:
        _load_conduct(session, records, ids)
    return records


def class_scope(
    session: Session,
    group: ClassGroup,
    subject_ids: Iterable[uuid.UUID] | None,
    student_ids: Iterable[uuid.UUID] | None,
) -> tuple[list[SubjectInfo], tuple[RosterEntry, ...]]:
    """The class's subjects and roster a loader reads (None: all), after flushing pending writes."""
    session.flush()
    subjects = class_subjects(session, group)
    if subject_ids is not None:
        wanted = set(subject_ids)
        subjects = [s for s in subjects if s.id in wanted]
    students = roster(session, group.id, group.school_year)
    if student_ids is not None:
        chosen = set(student_ids)
        students = tuple(r for r in students if r.student_id in chosen)
    return subjects, students


def _raw(column: Any) -> Any:
    """The id column read without conversion (hex text on SQLite, a UUID on PostgreSQL)."""
    return type_coerce(column, String)


def _lookup(ids: Iterable[uuid.UUID]) -> dict[object, uuid.UUID]:
    """Raw database forms of ids → the ids: building a UUID per row costs more than the row."""
    out: dict[object, uuid.UUID] = {}
    for value in ids:
        out[value] = out[value.hex] = out[str(value)] = value
    return out


def load_marks(
    session: Session,
    marks: dict[MarkKey, dict[tuple[str, int], str]],
    ids: list[uuid.UUID],
    subject_ids: list[uuid.UUID],
    kinds: Collection[str] | None = None,
) -> None:
    """Fill ``marks`` with the students' cells in those subjects (only ``kinds``, if given)."""
    stmt = select(
        _raw(Assessment.student_id),
        _raw(Assessment.subject_id),
        Assessment.semester,
        Assessment.kind,
        Assessment.number,
        Assessment.value,
    ).where(Assessment.student_id.in_(ids), Assessment.subject_id.in_(subject_ids))
    if kinds is not None:
        stmt = stmt.where(Assessment.kind.in_(kinds))
    students, subjects = _lookup(ids), _lookup(subject_ids)
    for student, subject, semester, kind, number, value in session.connection().execute(stmt):
        key = (students[student], subjects[subject], semester)
        cells = marks.get(key)
        if cells is None:
            cells = marks[key] = {}
        cells[(kind, number)] = value


def _load_conduct(session: Session, records: ClassRecords, ids: list[uuid.UUID]) -> None:
    stmt = select(
        ConductRecord.student_id,
        ConductRecord.semester,
        ConductRecord.conduct,
        ConductRecord.absent_excused,
        ConductRecord.absent_unexcused,
    ).where(ConductRecord.student_id.in_(ids), ConductRecord.school_year == records.school_year)
    for student, semester, conduct, excused, unexcused in session.connection().execute(stmt):
        records.conduct[(student, semester)] = ConductRow(conduct, excused, unexcused)
    summer = select(SummerConduct.student_id, SummerConduct.conduct).where(
        SummerConduct.student_id.in_(ids), SummerConduct.school_year == records.school_year
    )
    records.summer.update({sid: level for sid, level in session.connection().execute(summer)})


def _load_retests(session: Session, records: ClassRecords, ids: list[uuid.UUID]) -> None:
    """Re-test results and re-test choices, in one round trip (a choice row has no value)."""
    subject_ids = [s.id for s in records.subjects]
    results = select(RetestResult.student_id, RetestResult.subject_id, RetestResult.value).where(
        RetestResult.student_id.in_(ids), RetestResult.subject_id.in_(subject_ids)
    )
    choices = select(
        RetestChoice.student_id, RetestChoice.subject_id, cast(null(), String).label("value")
    ).where(RetestChoice.student_id.in_(ids), RetestChoice.subject_id.in_(subject_ids))
    chosen = records.retest_choices
    for student, subject, value in session.connection().execute(union_all(results, choices)):
        if value is None:
            chosen.setdefault(student, set()).add(subject)
        else:
            records.retests[(student, subject)] = value


_TX, _GK, _CK = Kind.REGULAR.value, Kind.MIDTERM.value, Kind.FINAL.value
_NO_CELLS: dict[tuple[str, int], str] = {}


def subject_scores(
    records: ClassRecords, student_id: uuid.UUID, subject: SubjectInfo, semester: int
) -> SubjectScores:
    """One subject's semester as the rules engine takes it (missing cells are None)."""
    cells = records.marks.get((student_id, subject.id, semester), _NO_CELLS)
    comment_only = subject.comment_only
    regular: list[Mark | None] = [None] * subject.regular_count
    midterm: Mark | None = None
    final: Mark | None = None
    for (kind, number), stored in cells.items():
        if kind == _TX and number >= 1:
            if number > len(regular):  # stored beyond the current count: the engine flags it
                regular += [None] * (number - len(regular))
            regular[number - 1] = to_mark(stored, comment_only)
        elif kind == _GK:
            midterm = to_mark(stored, comment_only)
        elif kind == _CK:
            final = to_mark(stored, comment_only)
    return SubjectScores(
        subject.name, subject.periods_per_year, comment_only, regular, midterm, final
    )


def comment_text(
    records: ClassRecords, student_id: uuid.UUID, subject_id: uuid.UUID, semester: int
) -> str:
    """The teacher's written comment (kind DG) on a subject, or ""."""
    cells = records.marks.get((student_id, subject_id, semester), {})
    return cells.get((Kind.COMMENT.value, 1), "")


def student_year(records: ClassRecords, student_id: uuid.UUID) -> StudentYear:
    """A student's whole year as the rules engine takes it (with the re-test choice, if any)."""
    subjects = []
    for subject in records.subjects:
        retest = records.retests.get((student_id, subject.id))
        subjects.append(
            SubjectYear(
                subject_scores(records, student_id, subject, 1),
                subject_scores(records, student_id, subject, 2),
                to_mark(retest, subject.comment_only) if retest is not None else None,
            )
        )
    first = records.conduct.get((student_id, 1), ConductRow())
    second = records.conduct.get((student_id, 2), ConductRow())
    return StudentYear(
        subjects,
        level_of(first.conduct),
        level_of(second.conduct),
        (first.absent_total or 0) + (second.absent_total or 0),
        level_of(records.summer.get(student_id)),
        chosen_subjects(records, student_id),
    )


def chosen_subjects(records: ClassRecords, student_id: uuid.UUID) -> frozenset[str] | None:
    """Names of the subjects a student chose to re-test; None when no choice is recorded."""
    chosen = records.retest_choices.get(student_id)
    if not chosen:
        return None
    return frozenset(s.name for s in records.subjects if s.id in chosen)


def evaluate_semester_of(
    records: ClassRecords, student_id: uuid.UUID, semester: int
) -> SemesterEvaluation:
    """The rules engine's semester evaluation of one student."""
    return evaluate_semester(
        [subject_scores(records, student_id, s, semester) for s in records.subjects]
    )


def evaluate_class_year(records: ClassRecords) -> dict[uuid.UUID, YearEvaluation]:
    """Year evaluation of every student of the class."""
    return {
        r.student_id: evaluate_year(student_year(records, r.student_id)) for r in records.roster
    }

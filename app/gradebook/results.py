"""Class results for a semester or the year: per subject, learning, conduct, absences, outcome.

Everything here is recomputed from the recorded assessments by ``app.grading``;
nothing is read from a stored summary.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from app.db import Actor
from app.errors import NotFound, ValidationError
from app.gradebook import access
from app.gradebook.catalogue import SubjectInfo
from app.gradebook.records import (
    ClassRecords,
    ConductRow,
    RosterEntry,
    comment_text,
    evaluate_semester_of,
    load_class,
    student_year,
)
from app.gradebook.terms import check_semester
from app.gradebook.values import level_of, show_mark, to_mark
from app.grading import (
    CommentGrade,
    Level,
    Result,
    SubjectResult,
    YearEvaluation,
    evaluate_year,
    retest_eligible,
)
from app.messages.gradebook import GRADEBOOK_MSG as M


@dataclass(frozen=True)
class ResultView:
    """A computed value (a score as Decimal, or a label such as Đạt, Tốt, Lên lớp) and its reasons."""

    value: Decimal | str | None
    reasons: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        """As people read it: "8,5", "Tốt"; "" when not computable yet."""
        if isinstance(self.value, Decimal):
            return show_mark(self.value)
        return self.value or ""

    def json(self) -> Any:
        """The value for JSON: a number for scores, a string for labels, null if not computable."""
        if isinstance(self.value, Decimal):
            return float(self.value)
        return self.value


def as_view(result: Result[Any] | SubjectResult | None) -> ResultView | None:
    """A rules-engine result as a view (CommentGrade, Level and enums become their labels)."""
    if result is None:
        return None
    value = result.value
    if isinstance(value, Level):
        return ResultView(value.label, result.reasons)
    if isinstance(value, CommentGrade):
        return ResultView(value.value, result.reasons)
    if value is None or isinstance(value, Decimal):
        return ResultView(value, result.reasons)
    return ResultView(str(getattr(value, "value", value)), result.reasons)


@dataclass(frozen=True)
class AbsenceView:
    """Half-day sessions absent in a semester (None: not entered)."""

    excused: int | None
    unexcused: int | None

    @property
    def total(self) -> int | None:
        """Excused plus unexcused, None when nothing was entered."""
        return ConductRow(None, self.excused, self.unexcused).absent_total


@dataclass(frozen=True)
class SubjectSummary:
    """One subject of one student: semester results, year result and any re-test."""

    subject_id: uuid.UUID
    name: str
    short_name: str
    comment_only: bool
    semester_1: ResultView | None
    semester_2: ResultView | None
    year: ResultView | None
    retest: ResultView | None
    after_retest: ResultView | None
    retest_eligible: bool
    """True when the student must re-test and this subject qualifies (ĐTBmcn < 5,0 or Chưa đạt)."""
    comments: tuple[str, str]


@dataclass(frozen=True)
class StudentSummary:
    """One student's results; the year fields are None in a one-semester summary."""

    student_id: uuid.UUID
    student_code: str
    full_name: str
    current: bool
    subjects: tuple[SubjectSummary, ...]
    learning_1: ResultView | None
    learning_2: ResultView | None
    learning_year: ResultView | None
    learning_after_retest: ResultView | None
    conduct_1: ResultView | None
    conduct_2: ResultView | None
    conduct_year: ResultView | None
    conduct_after_summer: ResultView | None
    absences_1: AbsenceView | None
    absences_2: AbsenceView | None
    absences_year: int | None
    outcome: ResultView | None
    commendation: ResultView | None
    retest_subjects: tuple[str, ...]


@dataclass(frozen=True)
class ClassSummary:
    """A class's results for one semester (``semester`` 1 or 2) or the whole year (None)."""

    class_id: uuid.UUID
    class_name: str
    school_year: str
    grade: int
    semester: int | None
    subjects: tuple[SubjectInfo, ...]
    students: tuple[StudentSummary, ...]
    locked: frozenset[int]


def _conduct_view(row: ConductRow | None) -> ResultView:
    level = level_of(row.conduct if row else None)
    if level is None:
        return ResultView(None, (M.conduct_not_entered,))
    return ResultView(level.label, (M.conduct_entered,))


def _absences(row: ConductRow | None) -> AbsenceView:
    row = row or ConductRow()
    return AbsenceView(row.absent_excused, row.absent_unexcused)


def _flagged(year: YearEvaluation | None) -> bool:
    """Whether the year learning result is Chưa đạt, so the student may re-test subjects."""
    return year is not None and year.learning_result.value is Level.FAIL


def _subjects(
    records: ClassRecords,
    entry: RosterEntry,
    semesters: dict[int, Any],
    year: YearEvaluation | None,
) -> tuple[SubjectSummary, ...]:
    out = []
    for i, subject in enumerate(records.subjects):
        per_sem = {n: as_view(ev.subjects[i]) for n, ev in semesters.items()}
        retest = records.retests.get((entry.student_id, subject.id))
        year_result = year.subjects[i] if year else None
        after = year.subjects_after_retest[i] if year and retest is not None else None
        retest_view = None
        if year and retest is not None:
            retest_view = ResultView(_retest_value(retest, subject.comment_only))
        out.append(
            SubjectSummary(
                subject.id,
                subject.name,
                subject.short_name,
                subject.comment_only,
                per_sem.get(1),
                per_sem.get(2),
                as_view(year_result),
                retest_view,
                as_view(after),
                bool(_flagged(year) and year_result and retest_eligible(year_result).value),
                (
                    comment_text(records, entry.student_id, subject.id, 1),
                    comment_text(records, entry.student_id, subject.id, 2),
                ),
            )
        )
    return tuple(out)


def _retest_value(stored: str, comment_only: bool) -> Decimal | str:
    mark = to_mark(stored, comment_only)
    return mark.value if isinstance(mark, CommentGrade) else mark


def student_summary(
    records: ClassRecords, entry: RosterEntry, semester: int | None
) -> StudentSummary:
    """Results of one student of a loaded class, for one semester or the year."""
    wanted = (semester,) if semester else (1, 2)
    semesters = {n: evaluate_semester_of(records, entry.student_id, n) for n in wanted}
    year = None if semester else evaluate_year(student_year(records, entry.student_id))
    rows = {n: records.conduct.get((entry.student_id, n)) for n in wanted}
    absences = {n: _absences(rows[n]) for n in wanted}
    year_absent = None
    if year is not None:
        totals = [a.total for a in absences.values() if a.total is not None]
        year_absent = sum(totals) if totals else None
    summer = year.conduct_after_summer if year else None
    return StudentSummary(
        entry.student_id,
        entry.student_code,
        entry.full_name,
        entry.current,
        _subjects(records, entry, semesters, year),
        as_view(semesters[1].learning_result) if 1 in semesters else None,
        as_view(semesters[2].learning_result) if 2 in semesters else None,
        as_view(year.learning_result) if year else None,
        as_view(year.learning_after_retest) if year else None,
        _conduct_view(rows[1]) if 1 in rows else None,
        _conduct_view(rows[2]) if 2 in rows else None,
        as_view(year.conduct) if year else None,
        as_view(summer),
        absences.get(1),
        absences.get(2),
        year_absent,
        as_view(year.outcome) if year else None,
        as_view(year.commendation) if year else None,
        tuple(year.retest_candidates.value) if year and _flagged(year) else (),
    )


def summarise(records: ClassRecords, semester: int | None, locked: frozenset[int]) -> ClassSummary:
    """The class summary of loaded records."""
    students = tuple(student_summary(records, e, semester) for e in records.roster)
    return ClassSummary(
        records.class_id,
        records.class_name,
        records.school_year,
        records.grade,
        semester,
        records.subjects,
        students,
        locked,
    )


def class_summary(
    session: Session,
    actor: Actor | None,
    class_id: uuid.UUID,
    year: str | None = None,
    semester: int | None = None,
) -> ClassSummary:
    """Per student: every subject's results, learning and conduct with reasons, absences, outcome."""
    if semester is not None:
        check_semester(semester)
    group = access.get_class(session, class_id)
    if year is not None and year != group.school_year:
        raise ValidationError(M.class_not_in_year.format(cls=group.name, year=year))
    access.require_view(session, actor, group)
    records = load_class(session, group)
    if not records.subjects:
        raise NotFound(M.catalogue_missing.format(year=group.school_year))
    return summarise(records, semester, access.locked_semesters(session, class_id))

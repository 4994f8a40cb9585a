"""A secondary student's whole semester or year, evaluated in one call for the UI and học bạ."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from app.grading.levels import (
    Commendation,
    Level,
    Outcome,
    commendation,
    conduct_year,
    learning_result,
    year_outcome,
)
from app.grading.scores import Result
from app.grading.secondary import (
    SubjectResult,
    SubjectScores,
    SubjectYear,
    apply_retest,
    retest_candidates,
    retest_eligible,
    semester_result,
    subject_year_result,
)
from app.messages.grading import GRADING_MSG as M
from app.messages.retests import RETEST_MSG as RM


@dataclass(frozen=True)
class StudentYear:
    """Everything the rules need about one student's school year (conduct set by the teacher)."""

    subjects: Sequence[SubjectYear]
    conduct_semester_1: Level | None = None
    conduct_semester_2: Level | None = None
    absent_sessions: int = 0
    conduct_after_summer: Level | None = None
    retest_subjects: frozenset[str] | None = None
    """Names of the subjects the student chose to re-test; None (or empty): no choice recorded,
    and any re-test results entered count as the choice (data from before choices existed)."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "subjects", tuple(self.subjects))


@dataclass(frozen=True)
class SemesterEvaluation:
    """Per-subject semester results and the semester learning result."""

    subjects: tuple[SubjectResult, ...]
    learning_result: Result[Level | None]


@dataclass(frozen=True)
class YearEvaluation:
    """Year results as the học bạ shows them; the after-* fields are None when not applicable."""

    subjects: tuple[SubjectResult, ...]
    learning_result: Result[Level | None]
    conduct: Result[Level | None]
    retest_candidates: Result[tuple[str, ...]]
    subjects_after_retest: tuple[SubjectResult, ...]
    learning_after_retest: Result[Level | None] | None
    conduct_after_summer: Result[Level | None] | None
    outcome: Result[Outcome | None]
    commendation: Result[Commendation | None]


def evaluate_semester(subjects: Sequence[SubjectScores]) -> SemesterEvaluation:
    """Semester results of every subject and the semester learning result."""
    results = tuple(semester_result(s) for s in subjects)
    return SemesterEvaluation(results, learning_result(results))


def _after_summer(
    conduct: Result[Level | None], after: Level | None
) -> Result[Level | None] | None:
    """Year conduct after summer training, when the student had to train and a level is set."""
    if after is None:
        return None
    if conduct.value is None:
        return conduct
    if conduct.value is not Level.FAIL:
        return Result(conduct.value, (M.summer_not_needed.format(level=conduct.value.label),))
    return Result(after, (M.summer_result.format(level=after.label),))


def _after_retest(
    student: StudentYear, results: tuple[SubjectResult, ...], learning: Result[Level | None]
) -> tuple[tuple[SubjectResult, ...], Result[Level | None] | None]:
    """Year results with re-tests applied and the re-evaluated learning result, if any re-test."""
    if student.retest_subjects:
        return _after_chosen(student, results, learning, student.retest_subjects)
    if all(s.retest is None for s in student.subjects):
        return results, None
    if learning.value is None:
        return results, learning
    if learning.value is not Level.FAIL:
        why = M.retest_not_needed.format(level=learning.value.label)
        return results, Result(learning.value, (why,))
    after = tuple(apply_retest(r, s.retest) for r, s in zip(results, student.subjects, strict=True))
    return after, learning_result(after)


def _noted(result: SubjectResult, note: str) -> SubjectResult:
    """The same subject result with one more reason."""
    return SubjectResult(result.subject_name, result.value, (*result.reasons, note))


def _after_chosen(
    student: StudentYear,
    results: tuple[SubjectResult, ...],
    learning: Result[Level | None],
    chosen: frozenset[str],
) -> tuple[tuple[SubjectResult, ...], Result[Level | None] | None]:
    """Only chosen, eligible subjects count; the level waits until each has its re-test result."""
    if learning.value is None:
        return results, learning
    if learning.value is not Level.FAIL:
        return results, Result(
            learning.value, (RM.choice_not_needed.format(level=learning.value.label),)
        )
    after: list[SubjectResult] = []
    waiting: list[str] = []
    notes: list[str] = []
    counted = 0
    for result, subject in zip(results, student.subjects, strict=True):
        name = result.subject_name
        note = None
        if name not in chosen:
            if subject.retest is not None:
                note = RM.not_chosen_ignored.format(subject=name)
        elif not (eligible := retest_eligible(result)).value:
            note = RM.chosen_not_eligible.format(subject=name, why=eligible.reasons[0])
        elif subject.retest is None:
            counted += 1
            waiting.append(RM.waiting.format(subject=name))
        else:
            counted += 1
            result = apply_retest(result, subject.retest)
        if note is not None:
            notes.append(note)
            result = _noted(result, note)
        after.append(result)
    known = {r.subject_name for r in results}
    notes += [RM.chosen_unknown.format(subject=name) for name in sorted(chosen - known)]
    if not counted:
        return tuple(after), Result(None, (*notes, RM.no_valid_choice))
    if waiting:
        return tuple(after), Result(None, (*waiting, *notes))
    level = learning_result(after)
    return tuple(after), Result(level.value, (*level.reasons, *notes))


def _outcome(
    student: StudentYear,
    conduct: Level | None,
    learning: Result[Level | None],
    retested: Result[Level | None] | None,
    retrained: bool,
) -> Result[Outcome | None]:
    """Year-end outcome; while chosen re-tests wait for results, "Kiểm tra lại" becomes pending."""
    absent = student.absent_sessions
    if retested is not None and (retested.value is not None or learning.value is None):
        return year_outcome(
            conduct, retested.value, absent, conduct_retrained=retrained, learning_retested=True
        )
    first = year_outcome(conduct, learning.value, absent, conduct_retrained=retrained)
    if retested is None or first.value not in _WAITING_OUTCOMES:
        return first
    value = first.value if first.value is Outcome.SUMMER_TRAINING else None
    return Result(value, (*first.reasons, *retested.reasons))


_WAITING_OUTCOMES = (Outcome.RETEST, Outcome.SUMMER_TRAINING, None)
"""Outcomes before re-test that a pending re-test leaves open (others are final already)."""


def evaluate_year(student: StudentYear) -> YearEvaluation:
    """Year results, learning result, conduct, re-tests, outcome and commendation of a student."""
    results = tuple(subject_year_result(s) for s in student.subjects)
    learning = learning_result(results)
    conduct = conduct_year(student.conduct_semester_1, student.conduct_semester_2)
    summer = _after_summer(conduct, student.conduct_after_summer)
    after, retested = _after_retest(student, results, learning)
    outcome = _outcome(
        student,
        summer.value if summer is not None else conduct.value,
        learning,
        retested,
        retrained=summer is not None,
    )
    return YearEvaluation(
        subjects=results,
        learning_result=learning,
        conduct=conduct,
        retest_candidates=retest_candidates(results),
        subjects_after_retest=after,
        learning_after_retest=retested,
        conduct_after_summer=summer,
        outcome=outcome,
        commendation=commendation(conduct.value, learning.value, results),
    )

"""TT22 subject results: regular-assessment counts, semester and year averages, re-tests."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from app.grading.scores import (
    CommentGrade,
    Mark,
    Result,
    format_mark,
    format_score,
    round_half_up,
    score_problem,
)
from app.messages.grading import GRADING_MSG as M

REGULAR_COUNT_BY_PERIODS: tuple[tuple[int, int], ...] = ((35, 2), (70, 3))
"""(max periods per year, ĐĐGtx per semester), checked in order [law]."""
REGULAR_COUNT_ABOVE = 4
"""ĐĐGtx per semester above the last bound (> 70 periods) [law]."""
COMMENT_ONLY_REGULAR_COUNT = 2
MIDTERM_WEIGHT = 2
FINAL_WEIGHT = 3
SEMESTER_2_WEIGHT = 2
RETEST_BELOW = Decimal("5.0")
"""A scored subject may be re-tested when its ĐTBmcn is below this."""


@dataclass(frozen=True)
class SubjectScores:
    """One subject's assessments in one semester as entered; None means not entered yet."""

    subject_name: str
    periods_per_year: int
    comment_only: bool = False
    regular: Sequence[Mark | None] = ()
    midterm: Mark | None = None
    final: Mark | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "regular", tuple(self.regular))


@dataclass(frozen=True)
class SubjectYear:
    """One subject over a school year: both semesters and an optional re-test result."""

    semester_1: SubjectScores
    semester_2: SubjectScores
    retest: Mark | None = None

    @property
    def subject_name(self) -> str:
        """The subject's name (taken from semester II)."""
        return self.semester_2.subject_name


@dataclass(frozen=True)
class SubjectResult:
    """A subject's semester or year result (average or Đạt/Chưa đạt) with its reasons."""

    subject_name: str
    value: Mark | None
    reasons: tuple[str, ...] = ()


def regular_count(periods_per_year: int, comment_only: bool = False) -> Result[int]:
    """Number of regular assessments (ĐĐGtx) per semester for a subject."""
    if periods_per_year < 1:
        raise ValueError(f"periods_per_year must be positive, got {periods_per_year}")
    if comment_only:
        count = COMMENT_ONLY_REGULAR_COUNT
        return Result(count, (M.regular_count_comment.format(count=count),))
    count = next(
        (n for bound, n in REGULAR_COUNT_BY_PERIODS if periods_per_year <= bound),
        REGULAR_COUNT_ABOVE,
    )
    return Result(count, (M.regular_count.format(periods=periods_per_year, count=count),))


def _slots(scores: SubjectScores, count: int) -> list[tuple[str, Mark | None]]:
    """The required assessments of a semester, labelled for messages, in entry order."""
    regular = list(scores.regular)[:count]
    regular += [None] * (count - len(regular))
    slots = [(M.label_regular.format(n=i + 1), mark) for i, mark in enumerate(regular)]
    if scores.comment_only:
        midterm, final = M.label_midterm_comment, M.label_final_comment
    else:
        midterm, final = M.label_midterm_score, M.label_final_score
    return [*slots, (midterm, scores.midterm), (final, scores.final)]


def _extras(scores: SubjectScores, count: int) -> list[str]:
    """Complaints about regular assessments entered beyond the required count."""
    return [
        M.extra_regular.format(n=i + 1, count=count)
        for i, mark in enumerate(scores.regular)
        if i >= count and mark is not None
    ]


def _mark_problem(mark: Mark, comment_only: bool) -> str | None:
    """Why an entered mark does not fit the subject's kind, or None."""
    if comment_only:
        return None if isinstance(mark, CommentGrade) else M.expected_comment
    return score_problem(mark)


def _slot_problems(slots: list[tuple[str, Mark | None]], comment_only: bool) -> list[str]:
    """Missing and invalid assessments among the required slots."""
    problems: list[str] = []
    for label, mark in slots:
        if mark is None:
            problems.append(M.missing.format(label=label))
        elif (detail := _mark_problem(mark, comment_only)) is not None:
            problems.append(M.invalid_value.format(label=label, detail=detail))
    return problems


def semester_average(scores: SubjectScores) -> Result[Decimal | None]:
    """ĐTBmhk = (ΣTX + 2·GK + 3·CK) / (nTX + 5), half-up to 1 decimal; None if incomplete."""
    if scores.comment_only:
        return Result(None, (M.comment_only_no_average,))
    count = regular_count(scores.periods_per_year).value
    slots = _slots(scores, count)
    problems = _slot_problems(slots, comment_only=False) + _extras(scores, count)
    if problems:
        return Result(None, tuple(problems))
    marks = [mark for _, mark in slots if isinstance(mark, Decimal)]
    regular, midterm, final = marks[:count], marks[count], marks[count + 1]
    total = sum(regular, Decimal(0)) + MIDTERM_WEIGHT * midterm + FINAL_WEIGHT * final
    divisor = count + MIDTERM_WEIGHT + FINAL_WEIGHT
    value = round_half_up(Fraction(total) / divisor)
    formula = M.semester_average.format(
        regular=" + ".join(format_score(s) for s in regular),
        midterm_weight=MIDTERM_WEIGHT,
        midterm=format_score(midterm),
        final_weight=FINAL_WEIGHT,
        final=format_score(final),
        divisor=divisor,
        value=format_score(value),
    )
    return Result(value, (formula,))


def comment_semester_result(scores: SubjectScores) -> Result[CommentGrade | None]:
    """Đạt iff every required assessment was made and all are Đạt; None while any is missing."""
    slots = _slots(scores, COMMENT_ONLY_REGULAR_COUNT)
    problems = _slot_problems(slots, comment_only=True)
    problems += _extras(scores, COMMENT_ONLY_REGULAR_COUNT)
    failed = [
        M.comment_failed_at.format(label=label)
        for label, mark in slots
        if mark is CommentGrade.FAIL
    ]
    if problems:
        return Result(None, tuple(problems + failed))
    if failed:
        return Result(CommentGrade.FAIL, tuple(failed))
    return Result(CommentGrade.PASS, (M.comment_all_pass.format(count=len(slots)),))


def semester_result(scores: SubjectScores) -> SubjectResult:
    """The semester result of one subject: ĐTBmhk, or Đạt/Chưa đạt for comment-only."""
    comment_only = scores.comment_only
    result: Result[Mark | None] = (
        comment_semester_result(scores) if comment_only else semester_average(scores)
    )
    return SubjectResult(scores.subject_name, result.value, result.reasons)


def year_average(semester_1: Decimal | None, semester_2: Decimal | None) -> Result[Decimal | None]:
    """ĐTBmcn = (ĐTBmhkI + 2·ĐTBmhkII) / 3, half-up to 1 decimal; None if a semester is missing."""
    missing = [
        M.missing_semester_average.format(semester=name)
        for name, value in (("I", semester_1), ("II", semester_2))
        if value is None
    ]
    if semester_1 is None or semester_2 is None:
        return Result(None, tuple(missing))
    weight = 1 + SEMESTER_2_WEIGHT
    value = round_half_up(Fraction(semester_1 + SEMESTER_2_WEIGHT * semester_2) / weight)
    formula = M.year_average.format(
        first=format_score(semester_1),
        second_weight=SEMESTER_2_WEIGHT,
        second=format_score(semester_2),
        divisor=weight,
        value=format_score(value),
    )
    return Result(value, (formula,))


def _prefixed(semester: str, reasons: tuple[str, ...]) -> tuple[str, ...]:
    """Reasons of one semester, prefixed with "Học kì I/II"."""
    return tuple(M.semester_reason.format(semester=semester, reason=r) for r in reasons)


def subject_year_result(subject: SubjectYear) -> SubjectResult:
    """The year result of one subject (before any re-test): ĐTBmcn or semester II Đạt/Chưa đạt."""
    first, second = subject.semester_1, subject.semester_2
    name = subject.subject_name
    if (first.subject_name, first.comment_only) != (second.subject_name, second.comment_only):
        mismatch = M.subject_mismatch.format(first=first.subject_name, second=second.subject_name)
        return SubjectResult(name, None, (mismatch,))
    if second.comment_only:
        result = comment_semester_result(second)
        if result.value is None:
            return SubjectResult(name, None, _prefixed("II", result.reasons))
        return SubjectResult(name, result.value, (M.comment_year.format(value=result.value),))
    average_1, average_2 = semester_average(first), semester_average(second)
    year = year_average(average_1.value, average_2.value)
    if year.value is None:
        failed = [(n, a) for n, a in (("I", average_1), ("II", average_2)) if a.value is None]
        reasons = tuple(r for n, a in failed for r in _prefixed(n, a.reasons))
        return SubjectResult(name, None, reasons)
    return SubjectResult(name, year.value, year.reasons)


def retest_eligible(result: SubjectResult) -> Result[bool]:
    """Whether a subject's year result allows a re-test (ĐTBmcn < 5,0 or Chưa đạt)."""
    value = result.value
    if value is None:
        return Result(False, (M.subject_no_result.format(subject=result.subject_name),))
    if isinstance(value, CommentGrade):
        eligible = value is CommentGrade.FAIL
        why = M.retest_comment_eligible if eligible else M.retest_comment_not_eligible
        return Result(eligible, (why,))
    eligible = value < RETEST_BELOW
    template = M.retest_scored_eligible if eligible else M.retest_scored_not_eligible
    why = template.format(value=format_score(value), threshold=format_score(RETEST_BELOW))
    return Result(eligible, (why,))


def retest_candidates(results: Sequence[SubjectResult]) -> Result[tuple[str, ...]]:
    """Subjects a student may choose to re-test, each with the reason it qualifies."""
    chosen = [(r.subject_name, retest_eligible(r)) for r in results]
    names = tuple(name for name, check in chosen if check.value)
    reasons = tuple(
        M.subject_reason.format(subject=name, reason=check.reasons[0])
        for name, check in chosen
        if check.value
    )
    return Result(names, reasons or (M.retest_none,))


def apply_retest(result: SubjectResult, retest: Mark | None) -> SubjectResult:
    """Replace an eligible subject's year result with its re-test result."""
    if retest is None:
        return result
    if result.value is None:
        return SubjectResult(result.subject_name, None, (*result.reasons, M.retest_no_year_result))
    year_shown = format_mark(result.value)
    if not retest_eligible(result).value:
        ignored = M.retest_not_eligible.format(year=year_shown)
        return SubjectResult(result.subject_name, result.value, (*result.reasons, ignored))
    detail = _mark_problem(retest, comment_only=isinstance(result.value, CommentGrade))
    if detail is not None:
        invalid = M.invalid_value.format(label=M.label_retest, detail=detail)
        return SubjectResult(result.subject_name, None, (*result.reasons, invalid))
    applied = M.retest_applied.format(retest=format_mark(retest), year=year_shown)
    return SubjectResult(result.subject_name, retest, (*result.reasons, applied))

"""TT22 subject results: regular-assessment counts, semester and year averages, re-tests."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import cast

from app.grading.scores import (
    TENTHS_TEXT,
    CommentGrade,
    Mark,
    Result,
    format_mark,
    format_score,
    half_up,
    round_half_up,
    score_problem,
    score_tenths,
    scores_tenths,
    tenths_decimal,
)
from app.messages.grading import GRADING_MSG as M

REGULAR_COUNT_BY_PERIODS: tuple[tuple[int, int], ...] = ((35, 2), (70, 3))
"""(max periods per year, ĐĐGtx per semester), checked in order [law]."""
REGULAR_COUNT_ABOVE = 4
"""ĐĐGtx per semester above the last bound (> 70 periods) [law]."""
COMMENT_ONLY_REGULAR_COUNT = 2
COMMENT_SLOTS = COMMENT_ONLY_REGULAR_COUNT + 2
"""Required assessments of a comment-only semester: the ĐĐGtx, mid-term and final."""
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
    count = _count(periods_per_year, comment_only)
    if comment_only:
        return Result(count, (M.regular_count_comment.format(count=count),))
    return Result(count, (M.regular_count.format(periods=periods_per_year, count=count),))


def _count(periods_per_year: int, comment_only: bool = False) -> int:
    """regular_count's value alone, without formatting its reason."""
    if periods_per_year < 1:
        raise ValueError(f"periods_per_year must be positive, got {periods_per_year}")
    if comment_only:
        return COMMENT_ONLY_REGULAR_COUNT
    for bound, n in REGULAR_COUNT_BY_PERIODS:
        if periods_per_year <= bound:
            return n
    return REGULAR_COUNT_ABOVE


def _required(scores: SubjectScores, count: int) -> tuple[Mark | None, ...] | None:
    """The required marks in slot order if all are entered and nothing extra is; else None."""
    regular = scores.regular
    if len(regular) < count or any(mark is not None for mark in regular[count:]):
        return None
    return (*regular[:count], scores.midterm, scores.final)


def _valid_scores(scores: SubjectScores, count: int) -> tuple[tuple[Decimal, ...], int] | None:
    """The required scores and ΣTX + 2·GK + 3·CK in tenths, if all are valid and none extra."""
    marks = _required(scores, count)
    if marks is None:
        return None
    tenths = scores_tenths(marks)
    if tenths is None:
        return None
    total = sum(tenths[:count]) + MIDTERM_WEIGHT * tenths[count] + FINAL_WEIGHT * tenths[count + 1]
    return cast(tuple[Decimal, ...], marks), total


def _semester_tenths(scores: SubjectScores) -> int | None:
    """ĐTBmhk in tenths of a complete, valid scored semester; None when it needs the full check."""
    count = _count(scores.periods_per_year)
    valid = _valid_scores(scores, count)
    if valid is None:
        return None
    return half_up(valid[1], count + MIDTERM_WEIGHT + FINAL_WEIGHT)


def _comment_value(scores: SubjectScores) -> CommentGrade | None:
    """Đạt/Chưa đạt of a complete, valid comment-only semester; None when it needs the full check."""
    marks = _required(scores, COMMENT_ONLY_REGULAR_COUNT)
    if marks is None or not all(isinstance(mark, CommentGrade) for mark in marks):
        return None
    return CommentGrade.FAIL if CommentGrade.FAIL in marks else CommentGrade.PASS


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
    count = _count(scores.periods_per_year)
    valid = _valid_scores(scores, count)
    if valid is None:
        slots = _slots(scores, count)
        problems = _slot_problems(slots, comment_only=False) + _extras(scores, count)
        return Result(None, tuple(problems))
    marks, total = valid
    divisor = count + MIDTERM_WEIGHT + FINAL_WEIGHT
    tenths = half_up(total, divisor)
    formula = M.semester_average.format(
        regular=" + ".join(format_score(s) for s in marks[:count]),
        midterm_weight=MIDTERM_WEIGHT,
        midterm=format_score(marks[count]),
        final_weight=FINAL_WEIGHT,
        final=format_score(marks[count + 1]),
        divisor=divisor,
        value=TENTHS_TEXT[tenths],
    )
    return Result(tenths_decimal(tenths), (formula,))


def comment_semester_result(scores: SubjectScores) -> Result[CommentGrade | None]:
    """Đạt iff every required assessment was made and all are Đạt; None while any is missing."""
    if _comment_value(scores) is CommentGrade.PASS:
        return Result(CommentGrade.PASS, (M.comment_all_pass.format(count=COMMENT_SLOTS),))
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
    first, second = score_tenths(semester_1), score_tenths(semester_2)
    if first is not None and second is not None:
        tenths = _year_tenths(first, second)
        value, shown = tenths_decimal(tenths), TENTHS_TEXT[tenths]
    else:
        weighted = semester_1 + SEMESTER_2_WEIGHT * semester_2
        value = round_half_up(Fraction(weighted) / (1 + SEMESTER_2_WEIGHT))
        shown = format_score(value)
    return Result(
        value, (_year_formula(format_score(semester_1), format_score(semester_2), shown),)
    )


def _year_tenths(first: int, second: int) -> int:
    """ĐTBmcn in tenths from the two ĐTBmhk in tenths."""
    return half_up(first + SEMESTER_2_WEIGHT * second, 1 + SEMESTER_2_WEIGHT)


def _year_formula(first: str, second: str, value: str) -> str:
    """The ĐTBmcn formula shown as the year result's reason, from formatted scores."""
    return M.year_average.format(
        first=first,
        second_weight=SEMESTER_2_WEIGHT,
        second=second,
        divisor=1 + SEMESTER_2_WEIGHT,
        value=value,
    )


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
        comment = _comment_value(second)
        if comment is None:
            result = comment_semester_result(second)
            if result.value is None:
                return SubjectResult(name, None, _prefixed("II", result.reasons))
            comment = result.value
        return SubjectResult(name, comment, (M.comment_year.format(value=comment),))
    tenths_1, tenths_2 = _semester_tenths(first), _semester_tenths(second)
    if tenths_1 is not None and tenths_2 is not None:
        tenths = _year_tenths(tenths_1, tenths_2)
        why = _year_formula(TENTHS_TEXT[tenths_1], TENTHS_TEXT[tenths_2], TENTHS_TEXT[tenths])
        return SubjectResult(name, tenths_decimal(tenths), (why,))
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
    eligible = _eligible(value)
    if isinstance(value, CommentGrade):
        why = M.retest_comment_eligible if eligible else M.retest_comment_not_eligible
        return Result(eligible, (why,))
    template = M.retest_scored_eligible if eligible else M.retest_scored_not_eligible
    why = template.format(value=format_score(value), threshold=format_score(RETEST_BELOW))
    return Result(eligible, (why,))


def retest_candidates(results: Sequence[SubjectResult]) -> Result[tuple[str, ...]]:
    """Subjects a student may choose to re-test, each with the reason it qualifies."""
    chosen = [r for r in results if r.value is not None and _eligible(r.value)]
    names = tuple(r.subject_name for r in chosen)
    reasons = tuple(
        M.subject_reason.format(subject=r.subject_name, reason=retest_eligible(r).reasons[0])
        for r in chosen
    )
    return Result(names, reasons or (M.retest_none,))


def _eligible(value: Mark) -> bool:
    """retest_eligible's value for a computed year result, without formatting its reason."""
    if isinstance(value, CommentGrade):
        return value is CommentGrade.FAIL
    return value < RETEST_BELOW


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

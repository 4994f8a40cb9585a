"""The optimised rules agree with straightforward reference versions (the pre-optimisation code).

The references below are the original, obviously-correct algorithms kept verbatim: the learning
result re-evaluates every rule with every subject replaced by its best mark, rounding goes through
``Fraction`` and ``math.floor``, averages sum Decimals. Hypothesis compares values AND reasons.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from app.grading import (
    LEARNING_RULES,
    CommentGrade,
    Level,
    LevelRule,
    Mark,
    Result,
    SubjectResult,
    SubjectScores,
    SubjectYear,
    format_score,
    learning_result,
    regular_count,
    retest_candidates,
    retest_eligible,
    round_half_up,
    score_problem,
    semester_average,
    subject_year_result,
    year_average,
)
from app.messages.grading import GRADING_MSG as M

D = Decimal
PASS, FAIL = CommentGrade.PASS, CommentGrade.FAIL


# --- Reference: learning result with the one-subject adjustment (original algorithm) ---------


def ref_rule_failures(rule: LevelRule, results: Sequence[SubjectResult]) -> list[str]:
    """Each condition of ``rule`` the results miss, as a short Vietnamese phrase."""
    scored = [(r.subject_name, r.value) for r in results if isinstance(r.value, Decimal)]
    fails = [r.subject_name for r in results if r.value is CommentGrade.FAIL]
    problems: list[str] = []
    if len(fails) > rule.max_comment_fails:
        problems.append(
            M.too_many_comment_fails.format(count=len(fails), subjects=", ".join(fails))
        )
    floor = format_score(rule.floor)
    problems += [
        M.below_floor.format(subject=name, value=format_score(value), floor=floor)
        for name, value in scored
        if value < rule.floor
    ]
    high = sum(1 for _, value in scored if value >= rule.high)
    if high < rule.min_high_count:
        threshold = format_score(rule.high)
        problems.append(
            M.too_few_high.format(count=high, threshold=threshold, needed=rule.min_high_count)
        )
    return problems


def ref_unadjusted_level(results: Sequence[SubjectResult]) -> tuple[Level, list[str]]:
    """The best level whose rule holds, with why each better level was missed."""
    reasons: list[str] = []
    for rule in LEARNING_RULES:
        failures = ref_rule_failures(rule, results)
        if not failures:
            return rule.level, [*reasons, M.level_met.format(level=rule.level.label)]
        label = rule.level.label
        reasons += [M.level_not_met.format(level=label, detail=f) for f in failures]
    return Level.FAIL, reasons


def ref_adjustment(results: Sequence[SubjectResult], level: Level) -> str | None:
    """Why one subject alone drags the level down ≥ 2 levels, or None (tries every subject)."""
    for i, result in enumerate(results):
        others = list(results)
        best: Mark = PASS if isinstance(result.value, CommentGrade) else D(10)
        others[i] = replace(result, value=best)
        would_be, _ = ref_unadjusted_level(others)
        if would_be - level >= 2:
            return M.level_adjusted.format(
                computed=level.label,
                adjusted=Level(level + 1).label,
                subject=result.subject_name,
                would_be=would_be.label,
            )
    return None


def ref_learning_result(results: Sequence[SubjectResult]) -> Result[Level | None]:
    """Semester or year learning result, computed the slow, obvious way."""
    if not results:
        return Result(None, (M.no_subjects,))
    missing: list[str] = []
    for r in results:
        if r.value is None:
            detail = [M.subject_reason.format(subject=r.subject_name, reason=x) for x in r.reasons]
            missing += detail or [M.subject_no_result.format(subject=r.subject_name)]
    if missing:
        return Result(None, tuple(missing))
    level, reasons = ref_unadjusted_level(results)
    adjustment = ref_adjustment(results, level)
    if adjustment is not None:
        return Result(Level(level + 1), (*reasons, adjustment))
    return Result(level, tuple(reasons))


# --- Reference: rounding, averages, re-test candidates --------------------------------------


def ref_round_half_up(value: Fraction) -> Decimal:
    """Half-up to one decimal through Fraction and math.floor (the original code)."""
    tenths = math.floor(abs(value) * 10 + Fraction(1, 2))
    signed = tenths if value >= 0 else -tenths
    return (Decimal(signed) / 10).quantize(Decimal("0.1"))


def ref_is_score(value: object) -> bool:
    """A finite Decimal in 0–10 with at most one decimal (numerically)."""
    return (
        isinstance(value, Decimal)
        and value.is_finite()
        and 0 <= value <= 10
        and value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP) == value
    )


def ref_semester(scores: SubjectScores) -> Result[Decimal | None] | None:
    """ĐTBmhk and its formula for a complete valid semester; None when it must be refused."""
    count = regular_count(scores.periods_per_year).value
    regular = scores.regular
    marks = [*regular[:count], scores.midterm, scores.final]
    extra = any(m is not None for m in regular[count:])
    if len(regular) < count or extra or not all(ref_is_score(m) for m in marks):
        return None
    decimals = [m for m in marks if isinstance(m, Decimal)]
    total = sum(decimals[:count], D(0)) + 2 * decimals[count] + 3 * decimals[count + 1]
    value = ref_round_half_up(Fraction(total) / (count + 5))
    formula = M.semester_average.format(
        regular=" + ".join(format_score(m) for m in decimals[:count]),
        midterm_weight=2,
        midterm=format_score(decimals[count]),
        final_weight=3,
        final=format_score(decimals[count + 1]),
        divisor=count + 5,
        value=format_score(value),
    )
    return Result(value, (formula,))


def ref_year(first: Decimal, second: Decimal) -> Result[Decimal | None]:
    """ĐTBmcn and its formula through Fraction."""
    value = ref_round_half_up(Fraction(first + 2 * second) / 3)
    formula = M.year_average.format(
        first=format_score(first),
        second_weight=2,
        second=format_score(second),
        divisor=3,
        value=format_score(value),
    )
    return Result(value, (formula,))


def ref_retest_candidates(results: Sequence[SubjectResult]) -> Result[tuple[str, ...]]:
    """Re-test candidates built from retest_eligible on every subject (the original code)."""
    chosen = [(r.subject_name, retest_eligible(r)) for r in results]
    names = tuple(name for name, check in chosen if check.value)
    reasons = tuple(
        M.subject_reason.format(subject=name, reason=check.reasons[0])
        for name, check in chosen
        if check.value
    )
    return Result(names, reasons or (M.retest_none,))


# --- Strategies ------------------------------------------------------------------------------

tenths = st.one_of(
    st.sampled_from([34, 35, 49, 50, 64, 65, 79, 80, 90, 100]),
    st.integers(min_value=0, max_value=100),
)
scores = st.builds(
    lambda t, form: [D(t) / 10, (D(t) / 10).quantize(D("0.01")), D(f"{t / 10:.1f}")][form],
    tenths,
    st.integers(min_value=0, max_value=2),
)
"""Valid scores in their different Decimal spellings: 8, 8.0, 8.00 (same value)."""
odd_marks = st.sampled_from(
    [D("8.55"), D(11), D(-1), D("NaN"), D("Infinity"), D("1E+1"), PASS, FAIL, None]
)
names = st.sampled_from(["Toán", "Ngữ văn", "Vật lí", "Hóa học", "Tin học", "GDTC"])


@st.composite
def subject_results(draw: st.DrawFn) -> list[SubjectResult]:
    """A student's subject results: around a level, with spread, some comments, rarely missing."""
    centre = draw(st.integers(min_value=20, max_value=100))
    spread = draw(st.integers(min_value=0, max_value=40))
    near = st.integers(max(0, centre - spread), min(100, centre + spread)).map(lambda t: D(t) / 10)
    value = st.one_of(near, near, near, scores, st.sampled_from([PASS, PASS, FAIL]))
    if draw(st.integers(min_value=0, max_value=19)) == 0:
        value = st.one_of(value, st.just(None))
    count = draw(st.integers(min_value=0, max_value=14))
    return [
        SubjectResult(draw(names), draw(value), draw(st.sampled_from([(), ("Thiếu ĐĐGtx 1",)])))
        for _ in range(count)
    ]


@st.composite
def semesters(draw: st.DrawFn) -> SubjectScores:
    """A scored semester, usually complete and valid, sometimes short, long or with odd marks."""
    periods = draw(st.sampled_from([35, 52, 70, 105, 140]))
    mark = st.one_of(scores, scores, scores, scores, scores, scores, scores, odd_marks)
    count = (2 if periods <= 35 else 3 if periods <= 70 else 4) + draw(
        st.sampled_from([0, 0, 0, 0, 0, -1, 1])
    )
    regular = [draw(mark) for _ in range(count)] + draw(st.sampled_from([[], [], [None]]))
    return SubjectScores("Toán", periods, False, regular, draw(mark), draw(mark))


# --- Tests -----------------------------------------------------------------------------------


@settings(max_examples=400)
@given(subject_results())
def test_learning_result_matches_reference(results: list[SubjectResult]) -> None:
    """Level, reasons and the adjustment message are exactly the original algorithm's."""
    found, expected = learning_result(results), ref_learning_result(results)
    assert found.value is expected.value
    assert found.reasons == expected.reasons


@given(st.lists(st.sampled_from([D("3.4"), D("8.0"), D("4.9"), FAIL, PASS]), max_size=10))
def test_learning_result_matches_reference_at_thresholds(values: list[Mark]) -> None:
    """Records made only of threshold marks (where adjustments happen) agree with the reference."""
    results = [SubjectResult(f"M{i}", v) for i, v in enumerate(values)]
    found, expected = learning_result(results), ref_learning_result(results)
    assert (found.value, found.reasons) == (expected.value, expected.reasons)


@given(st.integers(min_value=-2000, max_value=2000), st.integers(min_value=1, max_value=300))
def test_round_half_up_matches_fraction_reference(numerator: int, denominator: int) -> None:
    """Integer half-up rounding equals the Fraction/floor original, sign and exponent included."""
    found = round_half_up(Fraction(numerator, denominator))
    expected = ref_round_half_up(Fraction(numerator, denominator))
    assert (found, str(found)) == (expected, str(expected))


@settings(max_examples=300)
@given(semesters())
def test_semester_average_matches_reference(scores: SubjectScores) -> None:
    """ĐTBmhk and its formula match the Decimal/Fraction original; refused exactly when it did."""
    found, expected = semester_average(scores), ref_semester(scores)
    if expected is None:
        assert found.value is None
        assert found.reasons
    else:
        assert (str(found.value), found.reasons) == (str(expected.value), expected.reasons)


@given(scores, scores)
def test_year_average_matches_reference(first: Decimal, second: Decimal) -> None:
    """ĐTBmcn and its formula match the Fraction original for every spelling of the scores."""
    found, expected = year_average(first, second), ref_year(first, second)
    assert (str(found.value), found.reasons) == (str(expected.value), expected.reasons)


@settings(max_examples=300)
@given(semesters(), semesters())
def test_subject_year_result_matches_reference(first: SubjectScores, second: SubjectScores) -> None:
    """A scored subject's year result equals the reference chain semester → year averages."""
    found = subject_year_result(SubjectYear(first, second))
    one, two = ref_semester(first), ref_semester(second)
    if one is None or two is None or one.value is None or two.value is None:
        assert found.value is None
        assert found.reasons
        return
    expected = ref_year(one.value, two.value)
    assert (str(found.value), found.reasons) == (str(expected.value), expected.reasons)


@given(st.one_of(scores, odd_marks))
def test_score_problem_agrees_with_reference_validity(value: object) -> None:
    """The fast valid-score lookup accepts exactly the values the full checks accept."""
    assert (score_problem(value) is None) == ref_is_score(value)


@given(subject_results())
def test_retest_candidates_match_reference(results: list[SubjectResult]) -> None:
    """Re-test candidates and their reasons equal the original every-subject computation."""
    assert retest_candidates(results) == ref_retest_candidates(results)

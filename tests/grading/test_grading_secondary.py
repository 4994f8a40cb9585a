"""TT22 subject results: ĐĐGtx counts, semester/year averages, comment-only subjects, re-tests."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal, localcontext

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.grading import (
    CommentGrade,
    Mark,
    SubjectResult,
    SubjectScores,
    SubjectYear,
    apply_retest,
    comment_semester_result,
    regular_count,
    retest_candidates,
    retest_eligible,
    semester_average,
    semester_result,
    subject_year_result,
    year_average,
)

D = Decimal
PASS, FAIL = CommentGrade.PASS, CommentGrade.FAIL
scores = st.integers(min_value=0, max_value=100).map(lambda n: Decimal(n) / 10)
periods = st.sampled_from([35, 52, 70, 105, 140])


def scored(
    periods_per_year: int, regular: Sequence[Mark | None], midterm: Mark | None, final: Mark | None
) -> SubjectScores:
    """A scored subject's semester with the given marks."""
    return SubjectScores("Toán", periods_per_year, False, regular, midterm, final)


def comment(
    regular: Sequence[Mark | None], midterm: Mark | None, final: Mark | None
) -> SubjectScores:
    """A comment-only subject's semester with the given marks."""
    return SubjectScores("GDTC", 70, True, regular, midterm, final)


@pytest.mark.parametrize(
    ("periods_per_year", "comment_only", "expected"),
    [
        (1, False, 2),
        (35, False, 2),
        (36, False, 3),
        (52, False, 3),
        (70, False, 3),
        (71, False, 4),
        (105, False, 4),
        (140, False, 4),
        (140, True, 2),
        (35, True, 2),
    ],
)
def test_regular_count_follows_period_table(
    periods_per_year: int, comment_only: bool, expected: int
) -> None:
    """≤35 periods → 2 ĐĐGtx, ≤70 → 3, >70 → 4; comment-only subjects always 2."""
    result = regular_count(periods_per_year, comment_only)
    assert result.value == expected
    assert str(expected) in result.reasons[0]


def test_regular_count_rejects_non_positive_periods() -> None:
    """A subject without periods is a catalogue bug, not a rule case."""
    with pytest.raises(ValueError):
        regular_count(0)


@pytest.mark.parametrize(
    ("subject", "expected"),
    [
        (scored(35, [D(8), D(9)], D(7), D(8)), D("7.9")),
        (scored(140, [D(6), D(7), D(8), D(9)], D("7.5"), D(6)), D("7.0")),
    ],
)
def test_semester_average_worked_cases(subject: SubjectScores, expected: Decimal) -> None:
    """DOMAIN §2 worked cases: TX 8,9 GK 7 CK 8 → 7,9; TX 6,7,8,9 GK 7,5 CK 6 → 7,0."""
    result = semester_average(subject)
    assert result.value == expected
    assert str(result.value) == str(expected)


def test_semester_average_explains_its_formula() -> None:
    """The reason shows the formula with decimal commas, so a teacher can check it by hand."""
    result = semester_average(scored(140, [D(6), D(7), D(8), D(9)], D("7.5"), D(6)))
    assert result.reasons == ("ĐTBmhk = (6 + 7 + 8 + 9 + 2×7,5 + 3×6) / 9 = 7,0",)


def test_semester_average_tie_rounds_half_up() -> None:
    """62,8 / 8 = 7,85 exactly: the average is 7,9 (binary float rounding would give 7,8)."""
    result = semester_average(scored(70, [D(7), D("7.8"), D(8)], D(8), D(8)))
    assert result.value == D("7.9")


def test_year_average_worked_case() -> None:
    """DOMAIN §2 worked case: HK I 7,9 and HK II 8,3 → ĐTBmcn 8,2."""
    result = year_average(D("7.9"), D("8.3"))
    assert result.value == D("8.2")
    assert result.reasons == ("ĐTBmcn = (7,9 + 2×8,3) / 3 = 8,2",)


def test_missing_assessments_are_not_zero() -> None:
    """Missing marks make the average not computable and each one is named."""
    result = semester_average(scored(140, [D(8), D(9), None], D(7), None))
    assert result.value is None
    assert result.reasons == ("Thiếu ĐĐGtx 3", "Thiếu ĐĐGtx 4", "Thiếu điểm cuối kì")


def test_missing_midterm_is_named() -> None:
    """A missing mid-term is reported as such."""
    result = semester_average(scored(35, [D(8), D(9)], None, D(8)))
    assert result.reasons == ("Thiếu điểm giữa kì",)


def test_extra_regular_assessment_is_reported() -> None:
    """A third ĐĐGtx on a 35-period subject is flagged rather than silently averaged."""
    result = semester_average(scored(35, [D(8), D(9), D(10)], D(7), D(8)))
    assert result.value is None
    assert result.reasons[0].startswith("Thừa ĐĐGtx 3")


def test_trailing_empty_regular_slots_are_ignored() -> None:
    """Empty grid cells beyond the required count do not count as extra assessments."""
    result = semester_average(scored(35, [D(8), D(9), None, None], D(7), D(8)))
    assert result.value == D("7.9")


@pytest.mark.parametrize("bad", [D(11), D("8.25"), PASS])
def test_invalid_stored_score_blocks_average(bad: Mark) -> None:
    """An out-of-range, over-precise or wrong-kind mark is named instead of averaged."""
    result = semester_average(scored(35, [D(8), bad], D(7), D(8)))
    assert result.value is None
    assert result.reasons[0].startswith("Giá trị ĐĐGtx 2 không hợp lệ")


def test_comment_only_subject_has_no_average() -> None:
    """Asking for the ĐTBmhk of a comment-only subject says it has none."""
    assert semester_average(comment([PASS, PASS], PASS, PASS)).value is None


def test_comment_semester_all_pass() -> None:
    """A comment-only subject is Đạt when all 4 required assessments are Đạt."""
    result = comment_semester_result(comment([PASS, PASS], PASS, PASS))
    assert result.value is PASS


def test_comment_semester_one_fail() -> None:
    """Any Chưa đạt among the assessments makes the semester Chưa đạt, naming which one."""
    result = comment_semester_result(comment([PASS, FAIL], PASS, PASS))
    assert result.value is FAIL
    assert result.reasons == ("Chưa đạt ở ĐĐGtx 2",)


def test_comment_semester_missing_is_not_computable() -> None:
    """A missing comment assessment is not a Chưa đạt: the result waits and names the gap."""
    result = comment_semester_result(comment([PASS], PASS, None))
    assert result.value is None
    assert result.reasons == ("Thiếu ĐĐGtx 2", "Thiếu đánh giá cuối kì")


def test_comment_semester_rejects_scores() -> None:
    """A number entered for a comment-only subject is refused."""
    result = comment_semester_result(comment([PASS, D(8)], PASS, PASS))
    assert result.value is None


def test_semester_result_dispatches_on_subject_kind() -> None:
    """semester_result gives an average for scored subjects and Đạt/Chưa đạt otherwise."""
    assert semester_result(scored(35, [D(8), D(9)], D(7), D(8))).value == D("7.9")
    assert semester_result(comment([PASS, PASS], PASS, PASS)).value is PASS


def test_comment_year_is_semester_two() -> None:
    """A comment-only subject's year result is its semester II result, whatever semester I was."""
    year = SubjectYear(comment([FAIL, FAIL], FAIL, FAIL), comment([PASS, PASS], PASS, PASS))
    assert subject_year_result(year).value is PASS


def test_scored_year_result_combines_semesters() -> None:
    """A scored subject's year result is ĐTBmcn of its two semester averages."""
    first = scored(35, [D(8), D(9)], D(7), D(8))  # 7,9
    second = scored(35, [D(8), D(8)], D("8.5"), D("8.3"))  # (16 + 17 + 24,9) / 7 = 8,27 → 8,3
    assert subject_year_result(SubjectYear(first, second)).value == D("8.2")


def test_year_result_names_missing_semester_marks() -> None:
    """Missing marks propagate to the year with their semester: "Học kì I: Thiếu điểm cuối kì"."""
    first = scored(35, [D(8), D(9)], D(7), None)
    second = scored(35, [D(8), D(9)], D(7), D(8))
    result = subject_year_result(SubjectYear(first, second))
    assert result.value is None
    assert result.reasons == ("Học kì I: Thiếu điểm cuối kì",)


def test_year_average_needs_both_semesters() -> None:
    """ĐTBmcn is not computable without both semester averages."""
    assert year_average(None, D(8)).reasons == ("Thiếu ĐTBmhk học kì I",)


def test_year_result_refuses_mismatched_semesters() -> None:
    """Two semesters of different subjects are a data error, not averaged together."""
    first = SubjectScores("Toán", 35, False, [D(8), D(9)], D(7), D(8))
    second = SubjectScores("Ngữ văn", 35, False, [D(8), D(9)], D(7), D(8))
    assert subject_year_result(SubjectYear(first, second)).value is None


@pytest.mark.parametrize(
    ("value", "eligible"),
    [(D("4.9"), True), (D("5.0"), False), (D(0), True), (FAIL, True), (PASS, False), (None, False)],
)
def test_retest_eligibility(value: Mark | None, eligible: bool) -> None:
    """Only ĐTBmcn < 5,0 or a Chưa đạt comment subject may be re-tested."""
    assert retest_eligible(SubjectResult("Toán", value)).value is eligible


def test_retest_candidates_lists_eligible_subjects_with_reasons() -> None:
    """The candidate list names each eligible subject and why."""
    results = [
        SubjectResult("Toán", D("4.2")),
        SubjectResult("Ngữ văn", D("6.0")),
        SubjectResult("GDTC", FAIL),
    ]
    result = retest_candidates(results)
    assert result.value == ("Toán", "GDTC")
    assert result.reasons == ("Toán: ĐTBmcn 4,2 < 5,0", "GDTC: Cả năm Chưa đạt")


def test_apply_retest_replaces_year_result() -> None:
    """The re-test score replaces the subject's ĐTBmcn, even if lower, and says so."""
    after = apply_retest(SubjectResult("Toán", D("4.2")), D("6.5"))
    assert after.value == D("6.5")
    assert after.reasons[-1] == "Kiểm tra lại: 6,5 thay cho kết quả cả năm 4,2"
    assert apply_retest(SubjectResult("Toán", D("4.2")), D("3.0")).value == D("3.0")


def test_apply_retest_ignores_ineligible_subject() -> None:
    """A re-test on a subject with ĐTBmcn ≥ 5,0 is ignored with a reason."""
    after = apply_retest(SubjectResult("Toán", D("6.0")), D("9.0"))
    assert after.value == D("6.0")
    assert after.reasons[-1].startswith("Bỏ qua kết quả kiểm tra lại")


def test_apply_retest_rejects_wrong_kind() -> None:
    """A Đạt re-test on a scored subject is invalid and leaves no year result."""
    after = apply_retest(SubjectResult("Toán", D("4.0")), PASS)
    assert after.value is None


def test_apply_retest_on_comment_subject() -> None:
    """A comment-only subject at Chưa đạt takes its re-test Đạt."""
    assert apply_retest(SubjectResult("GDTC", FAIL), PASS).value is PASS


@st.composite
def semester_scores(draw: st.DrawFn) -> SubjectScores:
    """A complete scored semester for a random period count."""
    periods_per_year = draw(periods)
    count = regular_count(periods_per_year).value
    regular = draw(st.lists(scores, min_size=count, max_size=count))
    return scored(periods_per_year, regular, draw(scores), draw(scores))


def _entered(subject: SubjectScores) -> list[Decimal]:
    """All marks of a complete scored semester."""
    marks = [*subject.regular, subject.midterm, subject.final]
    return [m for m in marks if isinstance(m, Decimal)]


@given(semester_scores())
def test_semester_average_within_min_max(subject: SubjectScores) -> None:
    """A semester average never leaves the range of the marks it averages."""
    value = semester_average(subject).value
    assert value is not None
    assert min(_entered(subject)) <= value <= max(_entered(subject))


@given(semester_scores())
def test_semester_average_matches_decimal_reference(subject: SubjectScores) -> None:
    """The average equals a high-precision Decimal computation rounded ROUND_HALF_UP."""
    *regular, midterm, final = _entered(subject)
    total = sum(regular, D(0)) + 2 * midterm + 3 * final
    with localcontext() as ctx:
        ctx.prec = 60
        expected = (total / (len(regular) + 5)).quantize(D("0.1"), rounding=ROUND_HALF_UP)
    assert semester_average(subject).value == expected


@given(scores, scores)
def test_year_average_within_min_max(first: Decimal, second: Decimal) -> None:
    """ĐTBmcn lies between the two semester averages and has exactly one decimal."""
    value = year_average(first, second).value
    assert value is not None
    assert min(first, second) <= value <= max(first, second)
    assert value.as_tuple().exponent == -1

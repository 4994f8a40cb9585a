"""Re-tests of the subjects a student CHOSE (DOMAIN §2 "Year end"): only chosen ones count, and
the outcome waits until every chosen subject has its re-test result."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.grading import (
    CommentGrade,
    Level,
    Mark,
    Outcome,
    StudentYear,
    SubjectResult,
    SubjectScores,
    SubjectYear,
    evaluate_year,
    learning_result,
    subject_year_result,
)

D = Decimal
PASS, FAIL = CommentGrade.PASS, CommentGrade.FAIL
SCORED = ["Ngữ văn", "Toán", "Ngoại ngữ 1", "GDCD", "Lịch sử và Địa lí", "KHTN", "Công nghệ"]
WEAK = {**dict.fromkeys(SCORED, "6.0"), "Toán": "3.0", "Ngữ văn": "4.0"}
"""Toán below 3,5 and Ngữ văn below 5,0: year learning Chưa đạt (no one-subject adjustment, the
level drops one step only); Toán and Ngữ văn may be re-tested; Toán alone passing gives Đạt."""


def semester(name: str, score: str) -> SubjectScores:
    """A complete 105-period semester whose every mark is ``score`` (so ĐTBmhk = score)."""
    mark = D(score)
    return SubjectScores(name, 105, False, [mark] * 4, mark, mark)


def comment(name: str, grade: CommentGrade, retest: Mark | None = None) -> SubjectYear:
    """A comment-only subject with every assessment at ``grade``."""
    sem = SubjectScores(name, 70, True, [grade, grade], grade, grade)
    return SubjectYear(sem, sem, retest)


def student(
    scores: dict[str, str],
    retests: dict[str, Mark] | None = None,
    chosen: set[str] | None = None,
    *,
    conduct: Level = Level.FAIR,
    pe: CommentGrade = PASS,
    absent: int = 0,
) -> StudentYear:
    """A student with ĐTBmcn ``scores``, GDTC at ``pe``, re-test results and the recorded choice."""
    retests = retests or {}
    subjects = [
        SubjectYear(semester(n, s), semester(n, s), retests.get(n)) for n, s in scores.items()
    ]
    subjects.append(comment("GDTC", pe, retests.get("GDTC")))
    return StudentYear(
        subjects,
        conduct,
        conduct,
        absent,
        None,
        frozenset(chosen) if chosen is not None else None,
    )


@dataclass(frozen=True)
class Case:
    """One branch: inputs, then the learning level after re-test, the outcome and reasons."""

    retests: dict[str, Mark]
    chosen: set[str] | None
    learning_after: Level | None | str
    """"absent": no learning-after-re-test at all (nothing to re-evaluate yet)."""
    outcome: Outcome | None
    reasons: tuple[str, ...] = ()
    scores: dict[str, str] = field(default_factory=lambda: dict(WEAK))


CASES = {
    "no choice, no result: must re-test": Case({}, None, "absent", Outcome.RETEST),
    "no choice, one result (old data): entered subjects are the choice": Case(
        {"Toán": D("2.0")}, None, Level.FAIL, Outcome.REPEAT
    ),
    "chosen, no result yet: pending, not Ở lại lớp": Case(
        {},
        {"Toán", "Ngữ văn"},
        None,
        None,
        (
            "Chưa có kết quả kiểm tra lại môn Ngữ văn",
            "Chưa có kết quả kiểm tra lại môn Toán",
        ),
    ),
    "one of two chosen re-tests in: still pending": Case(
        {"Toán": D("6.0")},
        {"Toán", "Ngữ văn"},
        None,
        None,
        ("Chưa có kết quả kiểm tra lại môn Ngữ văn",),
    ),
    "every chosen re-test passes: promoted": Case(
        {"Toán": D("6.0"), "Ngữ văn": D("5.0")}, {"Toán", "Ngữ văn"}, Level.PASS, Outcome.PROMOTED
    ),
    "every chosen re-test in, still Chưa đạt: repeat": Case(
        {"Toán": D("3.0"), "Ngữ văn": D("3.0")},
        {"Toán", "Ngữ văn"},
        Level.FAIL,
        Outcome.REPEAT,
        ("Sau kiểm tra lại kết quả học tập vẫn Chưa đạt",),
    ),
    "Toán alone chosen, passed: Ngữ văn 4,0 is allowed at Đạt": Case(
        {"Toán": D("5.0")}, {"Toán"}, Level.PASS, Outcome.PROMOTED
    ),
    "a result for a subject not chosen is ignored": Case(
        {"Toán": D("5.0"), "Ngữ văn": D("2.0")},
        {"Toán"},
        Level.PASS,
        Outcome.PROMOTED,
        ("Bỏ qua kết quả kiểm tra lại môn Ngữ văn: môn này không được chọn",),
    ),
    "an ineligible chosen subject is a reason, never applied": Case(
        {"Toán": D("5.0"), "KHTN": D("1.0")},
        {"Toán", "KHTN"},
        Level.PASS,
        Outcome.PROMOTED,
        (
            "Môn KHTN được chọn kiểm tra lại nhưng không thuộc diện kiểm tra lại "
            "(ĐTBmcn 6,0 ≥ 5,0): không tính",
        ),
    ),
    "only ineligible subjects chosen: pending": Case(
        {"KHTN": D("9.0")},
        {"KHTN"},
        None,
        None,
        ("Chưa có môn hợp lệ nào được chọn kiểm tra lại",),
    ),
    "a chosen name the class does not study": Case(
        {"Toán": D("5.0")},
        {"Toán", "Vật lí"},
        Level.PASS,
        Outcome.PROMOTED,
        ("Môn Vật lí được chọn kiểm tra lại nhưng không có trong các môn của lớp",),
    ),
    "chosen, but learning is Đạt after all: choice ignored": Case(
        {"Toán": D("2.0")},
        {"Toán"},
        Level.PASS,
        Outcome.PROMOTED,
        (
            "Bỏ qua các môn đã chọn kiểm tra lại: kết quả học tập cả năm là Đạt, "
            "không phải Chưa đạt",
        ),
        {**dict.fromkeys(SCORED, "6.0"), "Toán": "4.0"},
    ),
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_retest_choice_branches(case: Case) -> None:
    """Each branch of re-tests with and without a recorded choice: level, outcome and reasons."""
    ev = evaluate_year(student(case.scores, case.retests, case.chosen))
    after = ev.learning_after_retest
    if case.learning_after == "absent":
        assert after is None
    else:
        assert after is not None and after.value is case.learning_after
    assert ev.outcome.value is case.outcome
    shown = (after.reasons if after else ()) + ev.outcome.reasons
    for reason in case.reasons:
        assert reason in shown, (reason, shown)
    assert ev.outcome.value is not Outcome.REPEAT or case.outcome is Outcome.REPEAT


def test_pending_outcome_explains_what_it_waits_for() -> None:
    """Pending: the outcome says the year learning is Chưa đạt and which re-test is missing."""
    ev = evaluate_year(student(WEAK, {"Toán": D("7.0")}, {"Toán", "Ngữ văn"}))
    assert ev.outcome.value is None
    assert ev.outcome.reasons == (
        "Kết quả học tập cả năm Chưa đạt: được kiểm tra lại",
        "Chưa có kết quả kiểm tra lại môn Ngữ văn",
    )
    after = {r.subject_name: r.value for r in ev.subjects_after_retest}
    assert after["Toán"] == D("7.0"), "a result already in replaces the year result"
    assert after["Ngữ văn"] == D("4.0"), "a subject still waiting keeps its year result"


def test_ignored_and_invalid_choices_are_noted_on_the_subject() -> None:
    """The subject itself carries why its re-test did not count (for the class summary)."""
    ev = evaluate_year(student(WEAK, {"Toán": D("5.0"), "Ngữ văn": D("9.0")}, {"Toán", "KHTN"}))
    after = {r.subject_name: r for r in ev.subjects_after_retest}
    assert after["Ngữ văn"].value == D("4.0")
    assert after["Ngữ văn"].reasons[-1].startswith("Bỏ qua kết quả kiểm tra lại môn Ngữ văn")
    assert after["KHTN"].value == D("6.0")
    assert "không thuộc diện kiểm tra lại" in after["KHTN"].reasons[-1]
    assert after["Toán"].value == D("5.0")


def test_comment_subject_chosen_and_passed() -> None:
    """GDTC at Chưa đạt, chosen with Toán: both re-tests in (Đạt, 5,0) → Đạt, promoted."""
    year = student(WEAK, {"GDTC": PASS, "Toán": D("5.0")}, {"GDTC", "Toán"}, pe=FAIL)
    ev = evaluate_year(year)
    assert ev.learning_after_retest is not None
    assert ev.learning_after_retest.value is Level.PASS
    assert ev.outcome.value is Outcome.PROMOTED


def test_pending_retest_does_not_hide_summer_training() -> None:
    """Conduct Chưa đạt: summer training stands while chosen re-tests still wait for results."""
    ev = evaluate_year(student(WEAK, {}, {"Toán"}, conduct=Level.FAIL))
    assert ev.outcome.value is Outcome.SUMMER_TRAINING
    assert "Chưa có kết quả kiểm tra lại môn Toán" in ev.outcome.reasons


def test_pending_retest_does_not_hide_too_many_absences() -> None:
    """More than 45 sessions absent means Ở lại lớp whatever re-tests are pending."""
    ev = evaluate_year(student(WEAK, {}, {"Toán"}, absent=46))
    assert ev.outcome.value is Outcome.REPEAT


def test_empty_choice_counts_as_no_choice() -> None:
    """An empty recorded choice behaves exactly like no choice (old data rules apply)."""
    year = student(WEAK, {"Toán": D("6.0")}, set())
    assert evaluate_year(year) == evaluate_year(student(WEAK, {"Toán": D("6.0")}, None))


# ------------------------------------------------------------------ properties

ELIGIBLE = ("Toán", "Ngữ văn", "GDTC")
score = st.decimals(min_value=0, max_value=10, places=1)
low_score = st.decimals(min_value=0, max_value=D("4.9"), places=1)


@st.composite
def flagged(draw: st.DrawFn) -> tuple[dict[str, str], CommentGrade]:
    """Year scores with Toán and Ngữ văn below 5 (and GDTC maybe Chưa đạt): learning Chưa đạt."""
    scores = {n: str(draw(score)) for n in SCORED}
    scores["Toán"] = str(draw(st.decimals(min_value=0, max_value=D("3.4"), places=1)))
    scores["Ngữ văn"] = str(draw(low_score))
    return scores, draw(st.sampled_from([PASS, FAIL]))


def _retest_mark(name: str, draw: st.DrawFn) -> Mark:
    return draw(st.sampled_from([PASS, FAIL])) if name == "GDTC" else draw(score)


def _chosen_eligible(year: StudentYear) -> list[str]:
    results = [subject_year_result(s) for s in year.subjects]
    return [
        r.subject_name
        for r in results
        if r.subject_name in ELIGIBLE
        and r.value is not None
        and (r.value is FAIL or (isinstance(r.value, Decimal) and r.value < D("5.0")))
    ]


@settings(max_examples=150, deadline=None)
@given(flagged(), st.data())
def test_chosen_results_replace_year_results_and_level_is_re_evaluated(
    inputs: tuple[dict[str, str], CommentGrade], data: st.DataObject
) -> None:
    """DOMAIN: each chosen re-test result replaces that subject's year result, the level is
    re-evaluated from them; results of subjects not chosen change nothing."""
    scores, pe = inputs
    base = student(scores, pe=pe)
    eligible = _chosen_eligible(base)
    chosen = set(data.draw(st.lists(st.sampled_from(eligible), min_size=1, unique=True)))
    retests = {n: _retest_mark(n, data.draw) for n in ("Toán", "Ngữ văn", "GDTC", "KHTN")}
    ev = evaluate_year(student(scores, retests, chosen, pe=pe))
    assert ev.learning_result.value is Level.FAIL
    expected = [
        SubjectResult(r.subject_name, retests[r.subject_name]) if r.subject_name in chosen else r
        for r in ev.subjects
    ]
    assert [r.value for r in ev.subjects_after_retest] == [r.value for r in expected]
    assert ev.learning_after_retest is not None
    assert ev.learning_after_retest.value is learning_result(expected).value


@settings(max_examples=150, deadline=None)
@given(flagged(), st.data())
def test_missing_chosen_result_keeps_the_outcome_pending(
    inputs: tuple[dict[str, str], CommentGrade], data: st.DataObject
) -> None:
    """While any chosen subject lacks its re-test result the outcome is pending, never Ở lại lớp."""
    scores, pe = inputs
    eligible = _chosen_eligible(student(scores, pe=pe))
    chosen = data.draw(st.lists(st.sampled_from(eligible), min_size=1, unique=True))
    missing = data.draw(st.sampled_from(chosen))
    retests = {n: _retest_mark(n, data.draw) for n in chosen if n != missing}
    ev = evaluate_year(student(scores, retests, set(chosen), pe=pe))
    assert ev.learning_after_retest is not None and ev.learning_after_retest.value is None
    assert ev.outcome.value is None
    assert f"Chưa có kết quả kiểm tra lại môn {missing}" in ev.outcome.reasons


@settings(max_examples=150, deadline=None)
@given(flagged(), st.data())
def test_recorded_choice_equals_old_data_when_every_chosen_result_is_in(
    inputs: tuple[dict[str, str], CommentGrade], data: st.DataObject
) -> None:
    """Old data (no choice, results entered) evaluates as if the entered subjects were chosen."""
    scores, pe = inputs
    eligible = _chosen_eligible(student(scores, pe=pe))
    chosen = data.draw(st.lists(st.sampled_from(eligible), min_size=1, unique=True))
    retests = {n: _retest_mark(n, data.draw) for n in chosen}
    recorded = evaluate_year(student(scores, retests, set(chosen), pe=pe))
    old = evaluate_year(student(scores, retests, None, pe=pe))
    assert recorded.outcome.value is old.outcome.value
    assert recorded.learning_after_retest is not None and old.learning_after_retest is not None
    assert recorded.learning_after_retest.value is old.learning_after_retest.value
    assert [r.value for r in recorded.subjects_after_retest] == [
        r.value for r in old.subjects_after_retest
    ]


@settings(max_examples=150, deadline=None)
@given(flagged(), st.data())
def test_raising_a_chosen_retest_never_lowers_the_level(
    inputs: tuple[dict[str, str], CommentGrade], data: st.DataObject
) -> None:
    """A better re-test score in a chosen subject never gives a lower level after re-test."""
    scores, pe = inputs
    low = data.draw(score)
    high = data.draw(st.decimals(min_value=low, max_value=10, places=1))
    before = evaluate_year(student(scores, {"Toán": low}, {"Toán"}, pe=pe))
    after = evaluate_year(student(scores, {"Toán": high}, {"Toán"}, pe=pe))
    assert before.learning_after_retest is not None and after.learning_after_retest is not None
    low_level, high_level = before.learning_after_retest.value, after.learning_after_retest.value
    assert low_level is not None and high_level is not None
    assert high_level >= low_level

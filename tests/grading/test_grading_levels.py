"""TT22 levels: learning result and its adjustment, year conduct, outcome, commendations."""

from __future__ import annotations

import random
from collections.abc import Sequence
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.grading import (
    Commendation,
    CommentGrade,
    Level,
    Mark,
    Outcome,
    SubjectResult,
    commendation,
    conduct_year,
    learning_result,
    year_outcome,
)

D = Decimal
PASS, FAIL = CommentGrade.PASS, CommentGrade.FAIL
GOOD, FAIR, OK, NO = Level.GOOD, Level.FAIR, Level.PASS, Level.FAIL


def subjects(*values: Mark | str | None) -> list[SubjectResult]:
    """Subject results named M1, M2…; plain strings are read as scores ("6.4")."""
    return [
        SubjectResult(f"M{i}", v if isinstance(v, Decimal | CommentGrade | None) else D(v))
        for i, v in enumerate(values, start=1)
    ]


def named(name: str, value: str) -> SubjectResult:
    """One scored subject result with a real name, for message checks."""
    return SubjectResult(name, D(value))


@pytest.mark.parametrize(
    ("case", "values", "expected"),
    [
        ("Tốt", ["8.0"] * 6 + ["6.5", "6.5", PASS], GOOD),
        ("Tốt blocked by one 6,4", ["8.0"] * 6 + ["6.4", "7.0", PASS], FAIR),
        ("Tốt blocked by 5 subjects ≥ 8", ["8.0"] * 5 + ["7.9", "6.5", PASS], FAIR),
        ("Khá", ["6.5"] * 6 + ["5.0", "5.0", PASS], FAIR),
        ("Khá blocked by one 4,9", ["7.0"] * 6 + ["4.9", PASS], OK),
        ("Khá blocked by 5 subjects ≥ 6,5", ["6.5"] * 5 + ["6.4", "6.4", PASS], OK),
        ("Đạt at the floors", ["5.0"] * 6 + ["3.5", "3.5", PASS], OK),
        ("Đạt with one comment Chưa đạt", ["5.0"] * 6 + [FAIL, PASS], OK),
        ("Chưa đạt: two comment Chưa đạt", ["6.0"] * 8 + [FAIL, FAIL], NO),
        ("Chưa đạt: only 5 subjects ≥ 5,0", ["5.0"] * 5 + ["4.0", "4.0", "4.0"], NO),
        ("Chưa đạt: two subjects < 3,5", ["8.0"] * 6 + ["3.4", "3.0"], NO),
        ("Chưa đạt: fewer than 6 scored subjects", ["9.0"] * 5 + [PASS], NO),
    ],
)
def test_learning_result_levels(case: str, values: list[Mark | str], expected: Level) -> None:
    """Each branch of the Tốt/Khá/Đạt/Chưa đạt rules yields its level."""
    assert learning_result(subjects(*values)).value is expected, case


@pytest.mark.parametrize(
    ("case", "values", "expected"),
    [
        ("DOMAIN example [8,0 ×6, 3,4]: Tốt → Chưa đạt, becomes Đạt", ["8.0"] * 6 + ["3.4"], OK),
        ("Tốt → Đạt by one 4,9 becomes Khá", ["8.0"] * 6 + ["4.9"], FAIR),
        ("Khá → Chưa đạt by one 3,4 becomes Đạt", ["6.5"] * 6 + ["3.4"], OK),
        ("Tốt → Đạt by one comment Chưa đạt becomes Khá", ["8.0"] * 6 + [FAIL], FAIR),
        ("one-level drop Tốt → Khá is not adjusted", ["8.0"] * 6 + ["6.4"], FAIR),
        ("two weak subjects: no single culprit", ["8.0"] * 6 + ["3.4", "3.4"], NO),
    ],
)
def test_one_subject_adjustment(case: str, values: list[Mark | str], expected: Level) -> None:
    """A level dragged down ≥ 2 levels by one subject alone is raised one level, no more."""
    assert learning_result(subjects(*values)).value is expected, case


def test_adjustment_is_explained() -> None:
    """The reasons say which subject triggered the adjustment and from/to which level."""
    result = learning_result([named(f"Môn {i}", "8.0") for i in range(6)] + [named("Toán", "3.4")])
    assert result.reasons[-1] == (
        "Điều chỉnh từ Chưa đạt lên Đạt: chỉ do môn Toán mà bị hạ từ Tốt xuống Chưa đạt"
    )


def test_reason_names_subject_below_threshold() -> None:
    """A Khá student is told exactly why not Tốt, e.g. "Toán 6,4 < 6,5"."""
    results = [named(f"Môn {i}", "8.5") for i in range(6)] + [named("Toán", "6.4")]
    result = learning_result(results)
    assert result.value is FAIR
    assert result.reasons == ("Chưa đủ mức Tốt: Toán 6,4 < 6,5", "Đủ điều kiện mức Khá")


def test_reason_counts_high_subjects() -> None:
    """Missing the "at least 6 subjects ≥ 8,0" condition is explained with the count."""
    result = learning_result(subjects(*(["8.0"] * 5 + ["7.0", "7.0"])))
    assert "Chưa đủ mức Tốt: chỉ có 5 môn ≥ 8,0, cần ít nhất 6" in result.reasons


def test_learning_result_waits_for_missing_subject() -> None:
    """A subject without a result makes the level not computable, passing on its reasons."""
    results = [*subjects(*(["9.0"] * 7)), SubjectResult("Toán", None, ("Thiếu ĐĐGtx 3",))]
    result = learning_result(results)
    assert result.value is None
    assert result.reasons == ("Toán: Thiếu ĐĐGtx 3",)


def test_learning_result_of_nothing() -> None:
    """No subjects at all is not computable rather than Chưa đạt."""
    assert learning_result([]).value is None


CONDUCT_GRID = {
    # semester II: {semester I: year}
    GOOD: {GOOD: GOOD, FAIR: GOOD, OK: FAIR, NO: FAIR},
    FAIR: {GOOD: FAIR, FAIR: FAIR, OK: FAIR, NO: OK},
    OK: {GOOD: FAIR, FAIR: OK, OK: OK, NO: OK},
    NO: {GOOD: NO, FAIR: NO, OK: NO, NO: NO},
}


@pytest.mark.parametrize(
    ("semester_2", "semester_1", "expected"),
    [(s2, s1, year) for s2, row in CONDUCT_GRID.items() for s1, year in row.items()],
)
def test_conduct_year_table(semester_2: Level, semester_1: Level, expected: Level) -> None:
    """All 16 semester combinations give the year conduct of the DOMAIN table."""
    result = conduct_year(semester_1, semester_2)
    assert result.value is expected
    assert result.reasons == (
        f"Rèn luyện học kì I {semester_1.label}, học kì II {semester_2.label}: "
        f"cả năm {expected.label}",
    )


def test_conduct_year_needs_both_semesters() -> None:
    """A missing semester conduct is named and the year is not computed."""
    result = conduct_year(None, GOOD)
    assert result.value is None
    assert result.reasons == ("Thiếu kết quả rèn luyện học kì I",)


@pytest.mark.parametrize(
    ("case", "conduct", "learning", "absent", "flags", "expected"),
    [
        ("all good", GOOD, GOOD, 0, {}, Outcome.PROMOTED),
        ("minimum levels", OK, OK, 45, {}, Outcome.PROMOTED),
        ("46 sessions absent", GOOD, GOOD, 46, {}, Outcome.REPEAT),
        ("conduct Chưa đạt", NO, GOOD, 0, {}, Outcome.SUMMER_TRAINING),
        ("conduct and learning Chưa đạt", NO, NO, 0, {}, Outcome.SUMMER_TRAINING),
        ("conduct still Chưa đạt after summer", NO, GOOD, 0, {"conduct_retrained": True}, Outcome.REPEAT),
        ("learning Chưa đạt", OK, NO, 0, {}, Outcome.RETEST),
        ("learning still Chưa đạt after re-test", OK, NO, 0, {"learning_retested": True}, Outcome.REPEAT),
        ("passed after summer and re-test", OK, OK, 3, {"conduct_retrained": True, "learning_retested": True}, Outcome.PROMOTED),
        ("absences beat missing levels", None, None, 60, {}, Outcome.REPEAT),
        ("conduct unknown", None, GOOD, 0, {}, None),
        ("learning unknown", GOOD, None, 0, {}, None),
        ("negative absences", GOOD, GOOD, -1, {}, None),
    ],
)  # fmt: skip
def test_year_outcome(
    case: str,
    conduct: Level | None,
    learning: Level | None,
    absent: int,
    flags: dict[str, bool],
    expected: Outcome | None,
) -> None:
    """Each year-end outcome branch: promoted, summer training, re-test, repeat, unknown."""
    result = year_outcome(conduct, learning, absent, **flags)
    assert result.value is expected, case
    assert result.reasons, case


def test_outcome_reason_for_absences() -> None:
    """Too many absences are reported with the count and the limit."""
    assert year_outcome(GOOD, GOOD, 46).reasons == ("Nghỉ 46 buổi, quá 45 buổi",)


def excellent_averages(count_at_nine: int) -> list[SubjectResult]:
    """Eight scored year averages, ``count_at_nine`` of them at exactly 9,0, plus one Đạt."""
    values = ["9.0"] * count_at_nine + ["8.9"] * (8 - count_at_nine)
    return subjects(*values, PASS)


@pytest.mark.parametrize(
    ("case", "conduct", "learning", "at_nine", "expected"),
    [
        ("Xuất sắc: 6 subjects at 9,0", GOOD, GOOD, 6, Commendation.EXCELLENT),
        ("Giỏi: only 5 subjects ≥ 9,0", GOOD, GOOD, 5, Commendation.GOOD),
        ("conduct Khá", FAIR, GOOD, 8, Commendation.NONE),
        ("learning Khá", GOOD, FAIR, 8, Commendation.NONE),
        ("conduct unknown", None, GOOD, 8, None),
    ],
)
def test_commendation(
    case: str,
    conduct: Level | None,
    learning: Level | None,
    at_nine: int,
    expected: Commendation | None,
) -> None:
    """Học sinh Xuất sắc needs Tốt/Tốt and 6 ĐTBmcn ≥ 9,0; Giỏi needs Tốt/Tốt."""
    result = commendation(conduct, learning, excellent_averages(at_nine))
    assert result.value is expected, case
    assert result.reasons, case


def test_commendation_explains_missing_excellence() -> None:
    """A Giỏi student is told how many subjects reached 9,0."""
    result = commendation(GOOD, GOOD, excellent_averages(5))
    assert result.reasons[0] == "Có 5 môn ĐTBmcn ≥ 9,0, cần ít nhất 6"


threshold_scores = st.one_of(
    st.sampled_from(["3.4", "3.5", "4.9", "5.0", "6.4", "6.5", "7.9", "8.0", "9.0"]).map(D),
    st.integers(min_value=0, max_value=100).map(lambda n: D(n) / 10),
)
marks = st.one_of(threshold_scores, threshold_scores, st.sampled_from([PASS, FAIL]))
record = st.lists(marks, min_size=1, max_size=11)


def _raised(value: Mark, new_score: Decimal) -> Mark:
    """A better-or-equal mark of the same kind."""
    if isinstance(value, CommentGrade):
        return PASS
    return max(value, new_score)


def _level(values: Sequence[Mark]) -> Level:
    """The learning level of complete values."""
    level = learning_result(subjects(*values)).value
    assert level is not None
    return level


@given(record, st.data())
def test_raising_one_score_never_lowers_level(values: list[Mark], data: st.DataObject) -> None:
    """Improving any single subject never gives a worse learning level (adjustment included)."""
    index = data.draw(st.integers(min_value=0, max_value=len(values) - 1))
    better = list(values)
    better[index] = _raised(values[index], data.draw(threshold_scores))
    assert _level(better) >= _level(values)


@given(record, st.randoms())
def test_level_does_not_depend_on_subject_order(values: list[Mark], rnd: random.Random) -> None:
    """The learning level is a property of the set of results, not of their order."""
    shuffled = list(values)
    rnd.shuffle(shuffled)
    assert _level(shuffled) == _level(values)


def _plain_level(values: Sequence[Mark]) -> Level:
    """Independent oracle: the DOMAIN §2 level rules without the adjustment."""
    scores = [v for v in values if isinstance(v, Decimal)]
    fails = sum(1 for v in values if v is FAIL)
    if not fails and all(s >= D("6.5") for s in scores) and sum(s >= 8 for s in scores) >= 6:
        return GOOD
    if not fails and all(s >= 5 for s in scores) and sum(s >= D("6.5") for s in scores) >= 6:
        return FAIR
    if fails <= 1 and sum(s >= 5 for s in scores) >= 6 and all(s >= D("3.5") for s in scores):
        return OK
    return NO


@given(record)
def test_adjustment_matches_oracle(values: list[Mark]) -> None:
    """The level is the plain level, raised one step exactly when one subject alone costs ≥ 2."""
    plain = _plain_level(values)
    best: list[Mark] = [PASS if isinstance(v, CommentGrade) else D(10) for v in values]
    culprit = any(
        _plain_level([*values[:i], best[i], *values[i + 1 :]]) - plain >= 2
        for i in range(len(values))
    )
    assert _level(values) == (plain + 1 if culprit else plain)

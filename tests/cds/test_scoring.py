"""The pure scoring: each rule kind, group totals, the set's level rule, mandatory conditions."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.cds.scoring import (
    Answer,
    criterion_points,
    display_value,
    parse_points,
    parse_value,
    score,
)
from app.cds.set_loader import parse_set
from app.cds.sets import CriteriaSet
from app.errors import ValidationError
from tests.cds.conftest import banded, shipped

SET: CriteriaSet = parse_set(json.dumps(banded()).encode(), "banded.json")
D = Decimal


def _c(code: str):  # type: ignore[no-untyped-def]
    c = SET.criterion(code)
    assert c is not None
    return c


def test_yes_no_gives_the_maximum_or_nothing() -> None:
    """A yes/no criterion scores its maximum on có, 0 on không, and is unanswered on nothing."""
    c = _c("A.2")
    assert criterion_points(c, Answer(True)) == (20, True)
    assert criterion_points(c, Answer(False)) == (0, True)
    assert criterion_points(c, Answer()) == (0, False)
    assert criterion_points(c, None) == (0, False)


@pytest.mark.parametrize(
    ("count", "points"), [(0, 0), (9, 0), (10, 15), (49, 15), (50, 30), (900, 30)]
)
def test_count_bands_take_the_highest_band_reached(count: int, points: int) -> None:
    """Count bands 0 / 10 / 50 → 0 / 15 / 30 points, thresholds inclusive."""
    assert criterion_points(_c("A.3"), Answer(count))[0] == points


@pytest.mark.parametrize(("share", "points"), [("0", 0), ("49.9", 0), ("50", 10), ("79.99", 10),
                                               ("80", 20), ("95", 30), ("100", 30)])  # fmt: skip
def test_percent_bands(share: str, points: int) -> None:
    """Percentage bands 0 / 50 / 80 / 95 → 0 / 10 / 20 / 30 points."""
    assert criterion_points(_c("A.4"), Answer(D(share)))[0] == points


def test_manual_points_are_kept_within_the_maximum() -> None:
    """Manual points count as typed; typed input outside 0..max is refused with the criterion."""
    c = _c("A.5")
    assert criterion_points(c, Answer(points=D("12.5"))) == (D("12.5"), True)
    assert parse_points(c, "12,5") == D("12.5") and parse_points(c, " ") is None
    with pytest.raises(ValidationError, match="Tiêu chí A.5: điểm phải từ 0 đến 20"):
        parse_points(c, "21")
    with pytest.raises(ValidationError, match="tự tính điểm theo kết quả"):
        parse_points(_c("A.3"), "5")


def test_typed_values_are_read_for_their_rule() -> None:
    """có/không, whole counts, percentages with a comma or %; anything else is said clearly."""
    assert parse_value(_c("A.1"), "Có") is True and parse_value(_c("A.1"), "không") is False
    assert parse_value(_c("A.3"), "12") == 12
    assert parse_value(_c("A.4"), "85,5 %") == D("85.5")
    assert display_value(_c("A.4"), D("85.5")) == "85,5 %"
    assert display_value(_c("A.3"), 12) == "12 học liệu"
    for code, text, msg in [("A.1", "chắc có", "hãy ghi «có» hoặc «không»"),
                            ("A.3", "2,5", "số nguyên không âm"),
                            ("A.4", "120", "tỉ lệ từ 0 đến 100"),
                            ("A.5", "3", "chấm điểm tay")]:  # fmt: skip
        with pytest.raises(ValidationError, match=msg):
            parse_value(_c(code), text)


def test_group_totals_levels_and_mandatory_conditions() -> None:
    """A's total 20+15+20+12 = 67 is Mức 2 only with A.1 met; B at 80 is Mức 3 only with B.1
    met; unmet conditions and missing evidence are listed; no overall level is invented."""
    answers = {"A.1": Answer(False), "A.2": Answer(True), "A.3": Answer(10),
               "A.4": Answer(D("80")), "A.5": Answer(points=D(12)), "B.2": Answer(points=D(80))}  # fmt: skip
    r = score(SET, answers, {})
    a, b = r.groups
    assert (a.total, b.total) == (67, 80)
    assert a.level is not None and a.level.label == "Mức 1" and a.level_by_points.label == "Mức 2"  # type: ignore[union-attr]
    assert b.level_label == "Mức 1 (Chưa đáp ứng)" and b.mandatory_unmet == ("B.1",)
    assert r.unmet_mandatory == ("A.1", "B.1") and r.missing_evidence == ("A.1",)
    assert r.unanswered == ("B.1",) and r.overall is None and "không tự đặt ra" in r.overall_note
    answers |= {"A.1": Answer(True), "B.1": Answer(True)}
    r = score(SET, answers, {"A.1": 1})
    assert [g.level_label for g in r.groups] == ["Mức 2 (Đáp ứng cơ bản)", "Mức 3 (Đáp ứng tốt)"]
    assert r.unmet_mandatory == () and r.missing_evidence == () and r.unanswered == ()
    assert r.problems(SET) == []


def test_level_thresholds_are_the_sets() -> None:
    """<50 Mức 1, 50..75 Mức 2, >75 Mức 3 as the data says: 49.99, 50, 75 and 75.01."""
    base = {"A.1": Answer(True), "B.1": Answer(True)}
    for points, label in [("49.99", "Mức 1"), ("50", "Mức 2"), ("75", "Mức 2"), ("75.01", "Mức 3")]:
        r = score(SET, base | {"B.2": Answer(points=D(points))}, {})
        assert r.groups[1].level.label == label  # type: ignore[union-attr]


def test_overall_level_only_when_the_set_says_how() -> None:
    """A set with ``overall: lowest`` gives the lowest group level; the shipped set gives none."""
    data = banded()
    data["levels"]["overall"] = "lowest"
    lowest = parse_set(json.dumps(data).encode(), "x")
    answers = {"A.1": Answer(True), "B.1": Answer(True), "B.2": Answer(points=D(90))}
    r = score(lowest, answers, {})
    assert r.overall is not None and r.overall.label == "Mức 1" and r.overall_note == ""
    ship = parse_set(json.dumps(shipped()).encode(), "x")
    assert score(ship, {}, {}).overall is None


@given(st.dictionaries(st.sampled_from([c.code for c in SET.criteria]),
                       st.integers(min_value=0, max_value=200)))  # fmt: skip
def test_totals_never_exceed_the_criteria_maxima(raw: dict[str, int]) -> None:
    """Whatever is entered, a group's total is the sum of its points, within its criteria's
    maxima, and each criterion's points lie in 0..max."""
    answers = {}
    for code, n in raw.items():
        kind = _c(code).rule.kind
        answers[code] = (Answer(points=D(n)) if kind == "manual" else Answer(n % 2 == 0)
                         if kind == "yes_no" else Answer(min(n, 100)))  # fmt: skip
    r = score(SET, answers, {})
    for g, group in zip(r.groups, SET.groups, strict=True):
        assert 0 <= g.total <= group.criteria_total
        assert g.total == sum(r.criteria[c.code].points for c in group.criteria)
    for c in SET.criteria:
        assert 0 <= r.criteria[c.code].points <= c.max_points

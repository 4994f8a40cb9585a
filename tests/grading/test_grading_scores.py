"""Score parsing, validation, half-up rounding and display (TT22 score format)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.grading import (
    CommentGrade,
    format_score,
    parse_comment,
    parse_score,
    round_half_up,
    score_problem,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("8", "8"),
        ("8,5", "8.5"),
        ("8.5", "8.5"),
        (" 10 ", "10"),
        ("0", "0"),
        ("10,0", "10"),
        ("8.50", "8.5"),
        ("-0", "0"),
    ],
)
def test_parse_score_accepts_integer_or_one_decimal(text: str, expected: str) -> None:
    """A typed score with either decimal mark becomes the exact Decimal, canonical form."""
    result = parse_score(text)
    assert result.value == Decimal(expected)
    assert str(result.value) == expected
    assert result.reasons == ()


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("8.25", "tối đa một chữ số thập phân"),
        ("8,25", "tối đa một chữ số thập phân"),
        ("11", "nằm ngoài thang điểm 0–10"),
        ("10,1", "nằm ngoài thang điểm 0–10"),
        ("-1", "nằm ngoài thang điểm 0–10"),
        ("abc", "không phải là điểm hợp lệ"),
        ("8,", "không phải là điểm hợp lệ"),
        (",5", "không phải là điểm hợp lệ"),
        ("1e1", "không phải là điểm hợp lệ"),
        ("٨", "không phải là điểm hợp lệ"),
        ("", "Chưa nhập điểm"),
    ],
)
def test_parse_score_rejects_with_vietnamese_reason(text: str, fragment: str) -> None:
    """Invalid input gives no value and one Vietnamese reason saying what is wrong."""
    result = parse_score(text)
    assert result.value is None
    assert len(result.reasons) == 1
    assert fragment in result.reasons[0]


def test_rejection_reason_uses_decimal_comma() -> None:
    """The reason shows the typed score with a decimal comma, even if typed with a dot."""
    assert "8,25" in parse_score("8.25").reasons[0]


@pytest.mark.parametrize(
    ("text", "expected"),
    [("8,25", "8.3"), ("8,24", "8.2"), ("6,75", "6.8"), ("9,95", "10"), ("0,05", "0.1")],
)
def test_parse_score_can_round_extra_decimals_half_up(text: str, expected: str) -> None:
    """With rounding on (e.g. 0,25-step test scores), 8,25 becomes 8,3 and the reason says so."""
    result = parse_score(text, round_extra_decimals=True)
    assert result.value == Decimal(expected)
    assert result.reasons and "Đã làm tròn" in result.reasons[0]


def test_rounding_option_still_rejects_out_of_range() -> None:
    """Rounding never turns a score above 10 into a valid one."""
    assert parse_score("10,04", round_extra_decimals=True).value is None


@pytest.mark.parametrize(
    ("value", "shown"),
    [(Decimal("8.5"), "8,5"), (Decimal("7.0"), "7,0"), (Decimal("9"), "9"), (Decimal(10), "10")],
)
def test_format_score_uses_decimal_comma(value: Decimal, shown: str) -> None:
    """Scores are displayed the Vietnamese way, keeping the one decimal of averages."""
    assert format_score(value) == shown


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        (Decimal("8.5"), True),
        (Decimal("0"), True),
        (Decimal("10"), True),
        (Decimal("8.25"), False),
        (Decimal("11"), False),
        (Decimal("-0.5"), False),
        (Decimal("NaN"), False),
        (8.5, False),
        (CommentGrade.PASS, False),
    ],
)
def test_score_problem_validates_stored_values(value: object, valid: bool) -> None:
    """Values coming from storage are checked: Decimal, 0–10, at most one decimal."""
    assert (score_problem(value) is None) is valid


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Đạt", CommentGrade.PASS),
        ("đ", CommentGrade.PASS),
        ("Chưa đạt", CommentGrade.FAIL),
        ("CĐ", CommentGrade.FAIL),
        ("  chưa   đạt ", CommentGrade.FAIL),
    ],
)
def test_parse_comment_accepts_words_and_abbreviations(text: str, expected: CommentGrade) -> None:
    """Comment-only marks are typed as Đạt/Chưa đạt or Đ/CĐ, any case or spacing."""
    assert parse_comment(text).value is expected


def test_parse_comment_accepts_decomposed_unicode() -> None:
    """Text typed with combining accents (NFD) is normalised before matching."""
    import unicodedata

    assert parse_comment(unicodedata.normalize("NFD", "Đạt")).value is CommentGrade.PASS


def test_parse_comment_rejects_other_text() -> None:
    """Anything but Đạt/Chưa đạt is refused with a reason."""
    result = parse_comment("Tốt")
    assert result.value is None
    assert "Tốt" in result.reasons[0]


@pytest.mark.parametrize("tenths", range(100))
def test_round_half_up_at_every_x5_boundary(tenths: int) -> None:
    """Each tie n,n5 from 0,05 to 9,95 rounds up, for Decimal and exact-fraction inputs."""
    tie = Decimal(tenths) / 10 + Decimal("0.05")
    expected = Decimal(tenths + 1) / 10
    assert round_half_up(tie) == expected
    assert round_half_up(Fraction(tie)) == expected


def test_round_half_up_differs_from_float_round() -> None:
    """7,85 rounds to 7,9 where binary float round() gives 7,8: the reason floats are banned."""
    assert round(7.85, 1) == 7.8
    assert round_half_up(Fraction(628, 80)) == Decimal("7.9")


@given(
    numerator=st.integers(min_value=0, max_value=100 * 9 * 10),
    denominator=st.integers(min_value=1, max_value=90),
)
def test_round_half_up_of_fraction_matches_decimal(numerator: int, denominator: int) -> None:
    """Exact-fraction rounding agrees with high-precision Decimal ROUND_HALF_UP."""
    with localcontext() as ctx:
        ctx.prec = 60
        reference = (Decimal(numerator) / Decimal(denominator)).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        )
    assert round_half_up(Fraction(numerator, denominator)) == reference

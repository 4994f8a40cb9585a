"""Score values: the Result type, parsing what a teacher typed, half-up rounding, display."""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from fractions import Fraction
from typing import Generic, TypeAlias, TypeVar

from app.messages.grading import GRADING_MSG as M

T = TypeVar("T", covariant=True)
E = TypeVar("E")

SCORE_MIN = Decimal(0)
SCORE_MAX = Decimal(10)
ONE_DECIMAL = Decimal("0.1")
_SCORE_PATTERN = re.compile(r"[+-]?[0-9]+(?:[.,][0-9]+)?")
SCORE_TENTHS_MAX = 100
"""10,0 in tenths."""
_TENTHS_DECIMAL: tuple[Decimal, ...] = tuple(
    (Decimal(t) / 10).quantize(ONE_DECIMAL) for t in range(SCORE_TENTHS_MAX + 1)
)
_SCORE_TENTHS: dict[Decimal, int] = {value: t for t, value in enumerate(_TENTHS_DECIMAL)}
"""Every valid TT22 score (0, 0,1 … 10) → its tenths; 8.5 and 8.50 are the same key."""
TENTHS_TEXT: tuple[str, ...] = tuple(
    format(value, "f").replace(".", ",") for value in _TENTHS_DECIMAL
)
"""format_score of each tenths_decimal(0 … 100)."""


@dataclass(frozen=True)
class Result(Generic[T]):
    """A computed value plus the Vietnamese reasons that explain it (value None: not computable)."""

    value: T
    reasons: tuple[str, ...] = ()


class CommentGrade(StrEnum):
    """Result of a comment-only assessment (môn đánh giá bằng nhận xét)."""

    PASS = "Đạt"
    FAIL = "Chưa đạt"


Mark: TypeAlias = Decimal | CommentGrade
"""One assessment or subject result: a score for scored subjects, Đạt/Chưa đạt otherwise."""

_COMMENT_WORDS: dict[str, CommentGrade] = {
    "đạt": CommentGrade.PASS,
    "đ": CommentGrade.PASS,
    "chưa đạt": CommentGrade.FAIL,
    "cđ": CommentGrade.FAIL,
}


def clean_text(text: str) -> str:
    """NFC-normalise, trim and collapse inner whitespace."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def half_up(numerator: int, denominator: int) -> int:
    """numerator / denominator rounded to an integer, halves up (both ≥ 0, denominator > 0)."""
    return (2 * numerator + denominator) // (2 * denominator)


def tenths_decimal(tenths: int) -> Decimal:
    """The one-decimal Decimal of a count of tenths: 85 → 8.5, 100 → 10.0, 0 → 0.0."""
    if 0 <= tenths <= SCORE_TENTHS_MAX:
        return _TENTHS_DECIMAL[tenths]
    return (Decimal(tenths) / 10).quantize(ONE_DECIMAL)


def round_half_up(value: Decimal | Fraction) -> Decimal:
    """Round to one decimal, halves away from zero (8,25 → 8,3), exactly, never via float."""
    if isinstance(value, Decimal):
        return value.quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)
    if isinstance(value, Fraction | int):
        tenths = half_up(10 * abs(value.numerator), value.denominator)
        return tenths_decimal(tenths if value.numerator >= 0 else -tenths)
    tenths = math.floor(abs(value) * 10 + Fraction(1, 2))
    signed = tenths if value >= 0 else -tenths
    return (Decimal(signed) / 10).quantize(ONE_DECIMAL)


def score_tenths(value: object) -> int | None:
    """A valid TT22 score as a whole number of tenths (8,5 → 85), or None when it is not one."""
    if isinstance(value, Decimal) and value.is_finite():
        return _SCORE_TENTHS.get(value)
    return None


def scores_tenths(values: Iterable[object]) -> list[int] | None:
    """score_tenths of every value, or None as soon as one is not a valid score."""
    found: list[int] = []
    lookup = _SCORE_TENTHS.get
    for value in values:
        if not isinstance(value, Decimal) or not value.is_finite():
            return None
        tenths = lookup(value)
        if tenths is None:
            return None
        found.append(tenths)
    return found


def format_score(value: Decimal) -> str:
    """Show a score with the Vietnamese decimal comma: 8,5 · 7,0 · 9."""
    return format(value, "f").replace(".", ",")


def canonical_score(value: Decimal) -> Decimal:
    """Drop a trailing zero fraction: 8.0 → 8, 8.50 → 8.5 (value must have ≤ 1 decimal)."""
    if value.is_zero():
        return Decimal(0)
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.quantize(ONE_DECIMAL)


def score_problem(value: object) -> str | None:
    """Why a stored value is not a valid TT22 score, or None when it is one."""
    if score_tenths(value) is not None:
        return None
    if not isinstance(value, Decimal) or not value.is_finite():
        return M.score_not_decimal.format(value=value)
    if not SCORE_MIN <= value <= SCORE_MAX:
        return M.score_detail_out_of_range.format(value=format_score(value))
    if round_half_up(value) != value:
        return M.score_detail_too_many_decimals.format(value=format_score(value))
    return None


def parse_score(text: str, *, round_extra_decimals: bool = False) -> Result[Decimal | None]:
    """Parse a typed TT22 score ("8,5" or "8.5"); extra decimals are rejected unless rounding."""
    cleaned = clean_text(text)
    if not cleaned:
        return Result(None, (M.score_empty,))
    if not _SCORE_PATTERN.fullmatch(cleaned):
        return Result(None, (M.score_not_number.format(text=cleaned),))
    value = Decimal(cleaned.replace(",", "."))
    shown = cleaned.replace(".", ",")
    if not SCORE_MIN <= value <= SCORE_MAX:
        return Result(None, (M.score_out_of_range.format(text=shown),))
    rounded = round_half_up(value)
    if rounded == value:
        return Result(canonical_score(value))
    if not round_extra_decimals:
        return Result(None, (M.score_too_many_decimals.format(text=shown),))
    value = canonical_score(rounded)
    return Result(value, (M.score_rounded.format(text=shown, value=format_score(value)),))


def parse_label(text: str, choices: Mapping[str, E], invalid: str) -> Result[E | None]:
    """Look up a typed label (case-insensitive, NFC) in ``choices``; ``invalid`` has {text}."""
    cleaned = clean_text(text)
    found = choices.get(cleaned.casefold())
    if found is None:
        return Result(None, (invalid.format(text=cleaned),))
    return Result(found)


def parse_comment(text: str) -> Result[CommentGrade | None]:
    """Parse Đạt/Chưa đạt, also the abbreviations Đ and CĐ."""
    return parse_label(text, _COMMENT_WORDS, M.comment_invalid)


def format_mark(mark: Mark) -> str:
    """Show a score with a decimal comma, or the Đạt/Chưa đạt word."""
    return mark.value if isinstance(mark, CommentGrade) else format_score(mark)

"""Pure cell rules of the grade book: columns, parsing what was typed, stored text ↔ marks.

No database here. A cell's stored text is canonical: scores as "8.5" or "10"
(dot, no trailing zero), comment grades as "Đạt" / "Chưa đạt", comments as
NFC text. ``parse_cell`` is what the grid calls on every keystroke to flag an
invalid value at once; ``save_scores`` calls it again before writing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from functools import lru_cache

from app.grading import (
    CommentGrade,
    Level,
    Mark,
    Result,
    format_score,
    parse_comment,
    parse_score,
    regular_count,
)
from app.grading.scores import clean_text, parse_label
from app.messages.gradebook import GRADEBOOK_MSG as M

COMMENT_MAX_LENGTH = 500
SEMESTERS = (1, 2)
_SLOT_RE = re.compile(r"^(TX|GK|CK|DG)\s*([0-9]*)$", re.IGNORECASE)
_NAN = Decimal("NaN")


class Kind(StrEnum):
    """What an assessment row records."""

    REGULAR = "TX"
    """Đánh giá thường xuyên (ĐĐGtx), numbered 1..n."""
    MIDTERM = "GK"
    """Đánh giá giữa kì (ĐĐGgk)."""
    FINAL = "CK"
    """Đánh giá cuối kì (ĐĐGck)."""
    COMMENT = "DG"
    """The teacher's written comment (nhận xét) on the subject for the semester."""


@dataclass(frozen=True)
class Slot:
    """One column of the grade grid: a kind and its number (1 for GK, CK, DG)."""

    kind: Kind
    number: int = 1

    @property
    def key(self) -> str:
        """Column label: TX1, TX2 …, GK, CK, DG."""
        return f"{self.kind.value}{self.number}" if self.kind is Kind.REGULAR else self.kind.value


def parse_slot(text: str) -> Slot:
    """Read a column label ("TX1", "tx 2", "GK", "CK", "DG"); ValueError if it is none."""
    m = _SLOT_RE.match(clean_text(text))
    if not m:
        raise ValueError(text)
    kind = Kind(m.group(1).upper())
    number = int(m.group(2) or 1)
    if kind is not Kind.REGULAR and number != 1:
        raise ValueError(text)
    return Slot(kind, number)


def required_regular(periods_per_year: int, comment_only: bool) -> int:
    """ĐĐGtx per semester from the current catalogue (TT22 table; 2 for comment-only)."""
    return regular_count(max(periods_per_year, 1), comment_only).value


def grid_slots(
    count: int, extra_regular: int = 0, *, with_comment: bool = True
) -> tuple[Slot, ...]:
    """Columns TX1..TXn (plus stored extras beyond n), GK, CK and the comment column."""
    regular = tuple(Slot(Kind.REGULAR, i) for i in range(1, max(count, extra_regular) + 1))
    tail = (Slot(Kind.MIDTERM), Slot(Kind.FINAL))
    return regular + tail + ((Slot(Kind.COMMENT),) if with_comment else ())


def slot_problem(slot: Slot, count: int) -> str | None:
    """Why a slot cannot take a value under the current catalogue, or None."""
    if slot.kind is Kind.REGULAR and not 1 <= slot.number <= count:
        return M.slot_beyond_count.format(column=slot.key, count=count)
    return None


def parse_cell(text: str | None, slot: Slot, comment_only: bool) -> Result[str | None]:
    """Canonical stored text of a typed cell; value None with no reasons means "clear it"."""
    cleaned = clean_text(text or "")
    if not cleaned:
        return Result(None)
    if slot.kind is Kind.COMMENT:
        if len(cleaned) > COMMENT_MAX_LENGTH:
            return Result(None, (M.comment_too_long.format(limit=COMMENT_MAX_LENGTH),))
        return Result(cleaned)
    if comment_only:
        grade = parse_comment(cleaned)
        return Result(grade.value.value if grade.value is not None else None, grade.reasons)
    score = parse_score(cleaned)
    if score.value is None:
        return Result(None, score.reasons)
    return Result(str(score.value), score.reasons)


@lru_cache(maxsize=4096)
def to_mark(stored: str, comment_only: bool) -> Mark:
    """A stored text as the rules engine's mark; anything malformed becomes NaN (flagged invalid).

    Cached: a class has a few dozen distinct values, and Decimal and the enums are immutable.
    """
    if comment_only:
        for grade in CommentGrade:
            if stored == grade.value:
                return grade
    try:
        value = Decimal(stored)
    except InvalidOperation:
        return _NAN
    return value if value.is_finite() else _NAN


def show_mark(mark: Mark | None, *, short: bool = False) -> str:
    """A mark for people: "8,5", "Đạt" (or "Đ"/"CĐ" when ``short``); "" for none."""
    if mark is None:
        return ""
    if isinstance(mark, CommentGrade):
        if short:
            return "Đ" if mark is CommentGrade.PASS else "CĐ"
        return mark.value
    return format_score(mark) if mark.is_finite() else "?"


def show_stored(stored: str | None, slot: Slot, comment_only: bool) -> str:
    """A stored cell as the grid shows it (comments as typed)."""
    if stored is None:
        return ""
    if slot.kind is Kind.COMMENT:
        return stored
    mark = to_mark(stored, comment_only)
    if isinstance(mark, Decimal) and not mark.is_finite():
        return stored
    return show_mark(mark, short=comment_only)


_LEVEL_WORDS: dict[str, Level] = {
    "tốt": Level.GOOD,
    "t": Level.GOOD,
    "khá": Level.FAIR,
    "k": Level.FAIR,
    "đạt": Level.PASS,
    "đ": Level.PASS,
    "chưa đạt": Level.FAIL,
    "cđ": Level.FAIL,
}


def parse_level(text: str) -> Result[Level | None]:
    """Parse a conduct level: Tốt/Khá/Đạt/Chưa đạt, also T/K/Đ/CĐ."""
    return parse_label(text, _LEVEL_WORDS, M.level_invalid)


def level_of(stored: str | None) -> Level | None:
    """A stored conduct label as a Level (None when empty or unknown)."""
    if not stored:
        return None
    return parse_level(stored).value


def parse_sessions(text: str | int | None) -> Result[int | None]:
    """Half-day sessions absent: a whole number from 0 to 400; empty means not entered."""
    if text is None or (isinstance(text, str) and not clean_text(text)):
        return Result(None)
    cleaned = clean_text(str(text))
    if not cleaned.isdigit() or int(cleaned) > 400:
        return Result(None, (M.sessions_invalid.format(text=cleaned),))
    return Result(int(cleaned))

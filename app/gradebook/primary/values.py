"""Pure cell rules of the primary grade book: checkpoints, columns, parsing, display."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from enum import StrEnum
from functools import cache

from app.grading import Result
from app.grading.primary import (
    MIDTERM_TEST_GRADES,
    MIDTERM_TESTED_SUBJECTS,
    Rating,
    SubjectLevel,
    parse_rating,
    parse_subject_level,
    parse_test_score,
)
from app.grading.scores import clean_text
from app.messages.gradebook import GRADEBOOK_MSG as GM
from app.paths import resource

CHECKPOINTS = (1, 2)
"""1: giữa học kì, 2: cuối học kì (cuối học kì II is the end of the year)."""
RATINGS_FILE = ("grading", "primary_ratings.csv")
COMMENT_MAX_LENGTH = 500
_SLOT_RE = re.compile(r"^(MD|KT|NX)\s*([12])$", re.IGNORECASE)
_LEVEL_SHORT = {
    SubjectLevel.COMPLETED_WELL: "HTT",
    SubjectLevel.COMPLETED: "HT",
    SubjectLevel.NOT_COMPLETED: "CHT",
}
_RATING_SHORT = {Rating.GOOD: "T", Rating.PASS: "Đ", Rating.NEEDS_EFFORT: "C"}


class PKind(StrEnum):
    """What a primary assessment row records (stored in ``assessment.kind``)."""

    LEVEL = "MD"
    """Mức đạt được: Hoàn thành tốt / Hoàn thành / Chưa hoàn thành."""
    TEST = "KT"
    """Điểm bài kiểm tra định kì: an integer 0–10."""
    COMMENT = "NX"
    """The teacher's comment (nhận xét) at the checkpoint."""


PRIMARY_KINDS = tuple(k.value for k in PKind)
"""The ``assessment.kind`` values of primary cells (MD, KT, NX)."""


@dataclass(frozen=True)
class PSlot:
    """One primary column: a kind at a checkpoint (1 mid-semester, 2 end of semester)."""

    kind: PKind
    checkpoint: int

    @property
    def key(self) -> str:
        """MD1, KT1, NX1, MD2, KT2, NX2."""
        return f"{self.kind.value}{self.checkpoint}"


def parse_pslot(text: str) -> PSlot:
    """Read a column key ("MD1", "kt 2"); ValueError if it is none."""
    m = _SLOT_RE.match(clean_text(text))
    if not m:
        raise ValueError(text)
    return PSlot(PKind(m.group(1).upper()), int(m.group(2)))


def checkpoint_label(semester: int, checkpoint: int) -> str:
    """Giữa HK I, Cuối HK I, Giữa HK II, Cuối năm."""
    if checkpoint == 1:
        return "Giữa HK I" if semester == 1 else "Giữa HK II"
    return "Cuối HK I" if semester == 1 else "Cuối năm"


def has_test(subject_name: str, tested: bool, grade: int, checkpoint: int) -> bool:
    """Whether a subject has a periodic test at a checkpoint (``tested``: not level-only).

    End of semester: every subject the catalogue marks as tested. Mid-semester:
    Tiếng Việt and Toán in grades 4–5 (DOMAIN §3).
    """
    if not tested:
        return False
    if checkpoint == 2:
        return True
    return subject_name in MIDTERM_TESTED_SUBJECTS and grade in MIDTERM_TEST_GRADES


def subject_slots(subject_name: str, tested: bool, grade: int) -> tuple[PSlot, ...]:
    """The columns of a subject's semester: per checkpoint its level, test (if any), comment."""
    out: list[PSlot] = []
    for cp in CHECKPOINTS:
        out.append(PSlot(PKind.LEVEL, cp))
        if has_test(subject_name, tested, grade, cp):
            out.append(PSlot(PKind.TEST, cp))
        out.append(PSlot(PKind.COMMENT, cp))
    return tuple(out)


def required(slot: PSlot) -> bool:
    """Whether an empty cell of this column counts as missing (comments are optional)."""
    return slot.kind is not PKind.COMMENT


def parse_pcell(text: str | None, slot: PSlot) -> Result[str | None]:
    """Canonical stored text of a typed cell; value None with no reasons means "clear it"."""
    cleaned = clean_text(text or "")
    if not cleaned:
        return Result(None)
    if slot.kind is PKind.COMMENT:
        if len(cleaned) > COMMENT_MAX_LENGTH:
            return Result(None, (GM.comment_too_long.format(limit=COMMENT_MAX_LENGTH),))
        return Result(cleaned)
    if slot.kind is PKind.TEST:
        score = parse_test_score(cleaned)
        return Result(None if score.value is None else str(score.value), score.reasons)
    level = parse_subject_level(cleaned)
    return Result(None if level.value is None else level.value.value, level.reasons)


def parse_rating_cell(text: str | None) -> Result[str | None]:
    """Canonical stored text of a quality/competency cell (Tốt/Đạt/Cần cố gắng, T/Đ/C)."""
    cleaned = clean_text(text or "")
    if not cleaned:
        return Result(None)
    rating = parse_rating(cleaned)
    return Result(None if rating.value is None else rating.value.value, rating.reasons)


def level_of(stored: str | None) -> SubjectLevel | None:
    """A stored level text as a SubjectLevel (None when empty or unknown)."""
    return parse_subject_level(stored).value if stored else None


def rating_of(stored: str | None) -> Rating | None:
    """A stored rating text as a Rating (None when empty or unknown)."""
    return parse_rating(stored).value if stored else None


def test_of(stored: str | None) -> int | None:
    """A stored test score as an int (None when empty or malformed)."""
    return parse_test_score(stored).value if stored else None


def show_pstored(stored: str | None, slot: PSlot, *, short: bool = True) -> str:
    """A stored cell as the grid shows it: HTT/HT/CHT when ``short``, scores and comments as is."""
    if stored is None:
        return ""
    if slot.kind is PKind.LEVEL and short:
        level = level_of(stored)
        return _LEVEL_SHORT[level] if level is not None else stored
    return stored


def show_rating(stored: str | None, *, short: bool = True) -> str:
    """A stored rating for people: T/Đ/C when ``short``."""
    if stored is None:
        return ""
    rating = rating_of(stored)
    if rating is None or not short:
        return stored
    return _RATING_SHORT[rating]


@dataclass(frozen=True)
class RatingDef:
    """One quality or competency of the bundled list (``resources/grading/primary_ratings.csv``)."""

    group: str
    grades: range
    name: str
    short_name: str
    position: int
    provenance: str


@cache
def rating_defs() -> tuple[RatingDef, ...]:
    """Every quality and competency, in display order."""
    with resource(*RATINGS_FILE).open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    defs = []
    for r in rows:
        first, _, last = r["grades"].partition("-")
        defs.append(
            RatingDef(
                clean_text(r["group"]),
                range(int(first), int(last or first) + 1),
                clean_text(r["name"]),
                clean_text(r["short_name"]),
                int(r["position"]),
                r["provenance"],
            )
        )
    return tuple(sorted(defs, key=lambda d: d.position))


def ratings_for(grade: int) -> tuple[RatingDef, ...]:
    """The qualities and competencies rated in a grade."""
    return tuple(d for d in rating_defs() if grade in d.grades)

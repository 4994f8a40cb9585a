"""TT27 primary assessment: levels, ratings, integer test scores, year result, commendations."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from app.grading.scores import Result, clean_text, parse_label
from app.messages.grading import GRADING_MSG as M


class SubjectLevel(StrEnum):
    """Level of a primary subject or educational activity."""

    COMPLETED_WELL = "Hoàn thành tốt"
    COMPLETED = "Hoàn thành"
    NOT_COMPLETED = "Chưa hoàn thành"


class Rating(StrEnum):
    """Level of one quality or competency (phẩm chất, năng lực)."""

    GOOD = "Tốt"
    PASS = "Đạt"
    NEEDS_EFFORT = "Cần cố gắng"


class PrimaryResult(StrEnum):
    """Year result of a primary student (kết quả giáo dục)."""

    EXCELLENT = "Hoàn thành xuất sắc"
    GOOD = "Hoàn thành tốt"
    COMPLETED = "Hoàn thành"
    NOT_COMPLETED = "Chưa hoàn thành"


class PrimaryCommendation(StrEnum):
    """Year-end commendation title for a primary student [verify]."""

    EXCELLENT = "Học sinh Xuất sắc"
    OUTSTANDING = "Học sinh Tiêu biểu hoàn thành tốt trong học tập và rèn luyện"
    NONE = "Không"


TEST_SCORE_MIN = 0
"""Lowest periodic-test score; DOMAIN says 0–10 [agreed] (older TT30 forbade 0)."""
TEST_SCORE_MAX = 10
FINAL_TESTED_SUBJECTS: frozenset[str] = frozenset(
    {"Tiếng Việt", "Toán", "Ngoại ngữ 1", "Lịch sử và Địa lí", "Khoa học", "Tin học và Công nghệ"}
)
"""Subjects with a periodic test at end of semester I and end of year [agreed]."""
MIDTERM_TESTED_SUBJECTS: frozenset[str] = frozenset({"Tiếng Việt", "Toán"})
MIDTERM_TEST_GRADES: frozenset[int] = frozenset({4, 5})


@dataclass(frozen=True)
class PrimaryRule:
    """Conditions of one year result: allowed subject levels and ratings, lowest test score."""

    result: PrimaryResult
    subject_levels: frozenset[SubjectLevel]
    ratings: frozenset[Rating]
    min_test: int


PRIMARY_YEAR_RULES: tuple[PrimaryRule, ...] = (
    PrimaryRule(
        PrimaryResult.EXCELLENT,
        frozenset({SubjectLevel.COMPLETED_WELL}),
        frozenset({Rating.GOOD}),
        9,
    ),
    PrimaryRule(
        PrimaryResult.GOOD, frozenset({SubjectLevel.COMPLETED_WELL}), frozenset({Rating.GOOD}), 7
    ),
    PrimaryRule(
        PrimaryResult.COMPLETED,
        frozenset({SubjectLevel.COMPLETED_WELL, SubjectLevel.COMPLETED}),
        frozenset({Rating.GOOD, Rating.PASS}),
        5,
    ),
)
"""Checked best first; the first two are [law], the Hoàn thành test floor 5 is [verify]."""

PRIMARY_COMMENDATION_RULES: tuple[tuple[PrimaryCommendation, PrimaryResult, bool], ...] = (
    (PrimaryCommendation.EXCELLENT, PrimaryResult.EXCELLENT, False),
    (PrimaryCommendation.OUTSTANDING, PrimaryResult.GOOD, True),
)
"""(title, required year result, needs a class nomination), checked in order [verify]."""

_INTEGER_PATTERN = re.compile(r"[+-]?[0-9]+")
_LEVEL_WORDS: dict[str, SubjectLevel] = {
    "htt": SubjectLevel.COMPLETED_WELL,
    "hoàn thành tốt": SubjectLevel.COMPLETED_WELL,
    "ht": SubjectLevel.COMPLETED,
    "hoàn thành": SubjectLevel.COMPLETED,
    "cht": SubjectLevel.NOT_COMPLETED,
    "chưa hoàn thành": SubjectLevel.NOT_COMPLETED,
}
_RATING_WORDS: dict[str, Rating] = {
    "t": Rating.GOOD,
    "tốt": Rating.GOOD,
    "đ": Rating.PASS,
    "đạt": Rating.PASS,
    "c": Rating.NEEDS_EFFORT,
    "cần cố gắng": Rating.NEEDS_EFFORT,
}


@dataclass(frozen=True)
class PrimarySubject:
    """A primary subject's end-of-year level and test score; ``tested`` None: look it up."""

    subject_name: str
    level: SubjectLevel | None
    final_test: int | None = None
    tested: bool | None = None

    @property
    def needs_test(self) -> bool:
        """Whether this subject has an end-of-year periodic test."""
        return self.subject_name in FINAL_TESTED_SUBJECTS if self.tested is None else self.tested


@dataclass(frozen=True)
class NamedRating:
    """One quality or competency and its end-of-year rating."""

    name: str
    rating: Rating | None


@dataclass(frozen=True)
class PrimaryStudentYear:
    """Everything the TT27 year result needs about one student."""

    subjects: Sequence[PrimarySubject]
    ratings: Sequence[NamedRating]

    def __post_init__(self) -> None:
        object.__setattr__(self, "subjects", tuple(self.subjects))
        object.__setattr__(self, "ratings", tuple(self.ratings))


def parse_test_score(text: str) -> Result[int | None]:
    """Parse a primary periodic-test score: an integer from 0 to 10, no decimals."""
    cleaned = clean_text(text)
    invalid = M.primary_score_invalid.format(text=cleaned, low=TEST_SCORE_MIN, high=TEST_SCORE_MAX)
    if not _INTEGER_PATTERN.fullmatch(cleaned):
        return Result(None, (invalid,))
    value = int(cleaned)
    if not TEST_SCORE_MIN <= value <= TEST_SCORE_MAX:
        return Result(None, (invalid,))
    return Result(value)


def parse_subject_level(text: str) -> Result[SubjectLevel | None]:
    """Parse Hoàn thành tốt/Hoàn thành/Chưa hoàn thành, also HTT/HT/CHT."""
    return parse_label(text, _LEVEL_WORDS, M.primary_level_invalid)


def parse_rating(text: str) -> Result[Rating | None]:
    """Parse Tốt/Đạt/Cần cố gắng, also T/Đ/C."""
    return parse_label(text, _RATING_WORDS, M.rating_invalid)


def has_periodic_test(subject_name: str, grade: int, *, midterm: bool = False) -> Result[bool]:
    """Whether a subject has a periodic test mid-semester (``midterm``) or at term end."""
    if midterm:
        needed = subject_name in MIDTERM_TESTED_SUBJECTS and grade in MIDTERM_TEST_GRADES
        when = M.primary_when_midterm.format(grade=grade)
    else:
        needed = subject_name in FINAL_TESTED_SUBJECTS
        when = M.primary_when_final
    template = M.primary_test_needed if needed else M.primary_test_not_needed
    return Result(needed, (template.format(subject=subject_name, when=when),))


def _valid_test(value: object) -> bool:
    """Whether a stored test score is an integer within range."""
    return (
        isinstance(value, int)
        and not isinstance(value, bool)
        and TEST_SCORE_MIN <= value <= TEST_SCORE_MAX
    )


def _missing(student: PrimaryStudentYear) -> list[str]:
    """Missing or invalid inputs that keep the year result from being computed."""
    problems = [] if student.subjects else [M.primary_no_subjects]
    problems += [] if student.ratings else [M.primary_no_ratings]
    for s in student.subjects:
        if s.level is None:
            problems.append(M.primary_missing_level.format(subject=s.subject_name))
        if s.needs_test and s.final_test is None:
            problems.append(M.primary_missing_test.format(subject=s.subject_name))
        elif s.needs_test and not _valid_test(s.final_test):
            problems.append(
                M.primary_invalid_test.format(
                    subject=s.subject_name,
                    value=s.final_test,
                    low=TEST_SCORE_MIN,
                    high=TEST_SCORE_MAX,
                )
            )
    problems += [
        M.primary_missing_rating.format(name=r.name) for r in student.ratings if r.rating is None
    ]
    return problems


def _rule_failures(rule: PrimaryRule, student: PrimaryStudentYear) -> list[str]:
    """Each condition of ``rule`` the student misses, as a short Vietnamese phrase."""
    failures = [
        M.primary_subject_level.format(subject=s.subject_name, level=s.level)
        for s in student.subjects
        if s.level not in rule.subject_levels
    ]
    failures += [
        M.primary_rating.format(name=r.name, rating=r.rating)
        for r in student.ratings
        if r.rating not in rule.ratings
    ]
    failures += [
        M.primary_test_low.format(subject=s.subject_name, value=s.final_test, minimum=rule.min_test)
        for s in student.subjects
        if s.needs_test and s.final_test is not None and s.final_test < rule.min_test
    ]
    return failures


def primary_year_result(student: PrimaryStudentYear) -> Result[PrimaryResult | None]:
    """TT27 year result: Hoàn thành xuất sắc / tốt / Hoàn thành / Chưa hoàn thành."""
    if missing := _missing(student):
        return Result(None, tuple(missing))
    reasons: list[str] = []
    for rule in PRIMARY_YEAR_RULES:
        failures = _rule_failures(rule, student)
        if not failures:
            met = M.primary_result_met.format(result=rule.result.value)
            return Result(rule.result, (*reasons, met))
        label = rule.result.value
        reasons += [M.primary_result_not_met.format(result=label, detail=f) for f in failures]
    return Result(PrimaryResult.NOT_COMPLETED, tuple(reasons))


def primary_commendation(
    result: PrimaryResult | None, *, nominated: bool = False
) -> Result[PrimaryCommendation | None]:
    """Commendation from the year result; ``nominated``: outstanding and recognised by the class."""
    if result is None:
        return Result(None, (M.primary_commendation_missing,))
    reasons: list[str] = []
    for title, required, needs_nomination in PRIMARY_COMMENDATION_RULES:
        if result is not required:
            reasons.append(
                M.primary_commendation_needs.format(result=result.value, required=required.value)
            )
        elif needs_nomination and not nominated:
            reasons.append(M.primary_commendation_needs_nomination.format(result=result.value))
        else:
            return Result(title, (M.commendation_awarded.format(title=title.value),))
    return Result(PrimaryCommendation.NONE, (*reasons, M.commendation_none))

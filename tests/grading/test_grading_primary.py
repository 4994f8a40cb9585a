"""TT27 primary assessment: parsing, year result (HTX/HTT/HT/CHT) and commendations."""

from __future__ import annotations

import pytest

from app.grading import (
    NamedRating,
    PrimaryCommendation,
    PrimaryResult,
    PrimaryStudentYear,
    PrimarySubject,
    Rating,
    SubjectLevel,
    has_periodic_test,
    parse_rating,
    parse_subject_level,
    parse_test_score,
    primary_commendation,
    primary_year_result,
)

HTT, HT, CHT = SubjectLevel.COMPLETED_WELL, SubjectLevel.COMPLETED, SubjectLevel.NOT_COMPLETED
TESTED = ["Tiếng Việt", "Toán", "Khoa học"]
QUALITIES = ["Yêu nước", "Nhân ái", "Chăm chỉ", "Trung thực", "Trách nhiệm", "Tự chủ và tự học"]


@pytest.mark.parametrize(("text", "expected"), [("0", 0), ("7", 7), (" 10 ", 10), ("09", 9)])
def test_parse_test_score_accepts_integers(text: str, expected: int) -> None:
    """Primary test scores are whole numbers from 0 to 10."""
    assert parse_test_score(text).value == expected


@pytest.mark.parametrize("text", ["8,5", "8.0", "11", "-1", "abc", ""])
def test_parse_test_score_rejects_decimals_and_range(text: str) -> None:
    """Decimals and scores outside 0–10 are refused with a Vietnamese reason."""
    result = parse_test_score(text)
    assert result.value is None
    assert "số nguyên" in result.reasons[0]


@pytest.mark.parametrize(
    ("text", "expected"),
    [("HTT", HTT), ("hoàn thành tốt", HTT), ("HT", HT), ("Chưa hoàn thành", CHT), ("cht", CHT)],
)
def test_parse_subject_level(text: str, expected: SubjectLevel) -> None:
    """Subject levels are typed in full or as HTT/HT/CHT."""
    assert parse_subject_level(text).value is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("T", Rating.GOOD), ("Đạt", Rating.PASS), ("đ", Rating.PASS), ("C", Rating.NEEDS_EFFORT)],
)
def test_parse_rating(text: str, expected: Rating) -> None:
    """Quality/competency ratings are typed in full or as T/Đ/C."""
    assert parse_rating(text).value is expected


def test_parse_rating_rejects_other_words() -> None:
    """A secondary-school word like Khá is not a primary rating."""
    assert parse_rating("Khá").value is None


@pytest.mark.parametrize(
    ("subject", "grade", "midterm", "expected"),
    [
        ("Toán", 4, True, True),
        ("Tiếng Việt", 5, True, True),
        ("Toán", 3, True, False),
        ("Khoa học", 4, True, False),
        ("Khoa học", 4, False, True),
        ("Đạo đức", 2, False, False),
    ],
)
def test_has_periodic_test(subject: str, grade: int, midterm: bool, expected: bool) -> None:
    """End-of-term tests in the listed subjects; mid-term tests only Tiếng Việt/Toán in 4–5."""
    assert has_periodic_test(subject, grade, midterm=midterm).value is expected


def year(
    *,
    test: int = 10,
    levels: dict[str, SubjectLevel | None] | None = None,
    tests: dict[str, int | None] | None = None,
    ratings: dict[str, Rating | None] | None = None,
) -> PrimaryStudentYear:
    """A grade-4 student at HTT/Tốt with every test at ``test``, except the given overrides."""
    levels, tests, ratings = levels or {}, tests or {}, ratings or {}
    subjects = [PrimarySubject(n, levels.get(n, HTT), tests.get(n, test)) for n in TESTED]
    subjects.append(PrimarySubject("Đạo đức", levels.get("Đạo đức", HTT)))
    named = [NamedRating(n, ratings.get(n, Rating.GOOD)) for n in QUALITIES]
    return PrimaryStudentYear(subjects, named)


@pytest.mark.parametrize(
    ("case", "student", "expected"),
    [
        ("all HTT, Tốt, tests 10", year(), PrimaryResult.EXCELLENT),
        ("tests exactly 9", year(test=9), PrimaryResult.EXCELLENT),
        ("one test 8", year(tests={"Toán": 8}), PrimaryResult.GOOD),
        ("tests exactly 7", year(test=7), PrimaryResult.GOOD),
        ("one subject HT", year(levels={"Đạo đức": HT}), PrimaryResult.COMPLETED),
        ("one rating Đạt", year(ratings={"Chăm chỉ": Rating.PASS}), PrimaryResult.COMPLETED),
        ("one test 6", year(tests={"Toán": 6}), PrimaryResult.COMPLETED),
        ("tests exactly 5", year(test=5), PrimaryResult.COMPLETED),
        ("one subject CHT", year(levels={"Toán": CHT}), PrimaryResult.NOT_COMPLETED),
        ("one rating Cần cố gắng", year(ratings={"Trung thực": Rating.NEEDS_EFFORT}), PrimaryResult.NOT_COMPLETED),
        ("one test 4", year(tests={"Toán": 4}), PrimaryResult.NOT_COMPLETED),
    ],
)  # fmt: skip
def test_primary_year_result(
    case: str, student: PrimaryStudentYear, expected: PrimaryResult
) -> None:
    """Each TT27 year-result branch with its boundary test scores 9, 7 and 5."""
    result = primary_year_result(student)
    assert result.value is expected, case
    assert result.reasons, case


def test_primary_year_result_explains_shortfall() -> None:
    """An HTT student is told which test kept them from HTX."""
    result = primary_year_result(year(tests={"Toán": 8}))
    assert result.reasons == (
        "Chưa đủ mức Hoàn thành xuất sắc: Toán: điểm kiểm tra 8 < 9",
        "Đủ điều kiện mức Hoàn thành tốt",
    )


def test_missing_test_score_is_not_zero() -> None:
    """A tested subject without its end-of-year score leaves the result not computable."""
    result = primary_year_result(year(tests={"Toán": None}))
    assert result.value is None
    assert result.reasons == ("Toán: thiếu điểm kiểm tra cuối năm",)


def test_missing_rating_and_level_are_named() -> None:
    """Missing levels and ratings are each named."""
    student = PrimaryStudentYear([PrimarySubject("Đạo đức", None)], [NamedRating("Nhân ái", None)])
    assert primary_year_result(student).reasons == (
        "Đạo đức: thiếu mức đánh giá",
        "Phẩm chất, năng lực Nhân ái: thiếu đánh giá",
    )


def test_untested_subject_needs_no_score_and_flag_overrides() -> None:
    """Subjects outside the tested list need no score; ``tested=True`` makes one required."""
    plain = PrimaryStudentYear(
        [PrimarySubject("Đạo đức", HTT)], [NamedRating("Nhân ái", Rating.GOOD)]
    )
    flagged = PrimaryStudentYear(
        [PrimarySubject("Đạo đức", HTT, tested=True)], [NamedRating("Nhân ái", Rating.GOOD)]
    )
    assert primary_year_result(plain).value is PrimaryResult.EXCELLENT
    assert primary_year_result(flagged).value is None


def test_invalid_stored_test_score() -> None:
    """A stored score of 11 is reported instead of being judged."""
    result = primary_year_result(year(tests={"Toán": 11}))
    assert result.value is None
    assert "không hợp lệ" in result.reasons[0]


@pytest.mark.parametrize(
    ("result", "nominated", "expected"),
    [
        (PrimaryResult.EXCELLENT, False, PrimaryCommendation.EXCELLENT),
        (PrimaryResult.GOOD, True, PrimaryCommendation.OUTSTANDING),
        (PrimaryResult.GOOD, False, PrimaryCommendation.NONE),
        (PrimaryResult.COMPLETED, True, PrimaryCommendation.NONE),
        (PrimaryResult.NOT_COMPLETED, False, PrimaryCommendation.NONE),
        (None, False, None),
    ],
)
def test_primary_commendation(
    result: PrimaryResult | None, nominated: bool, expected: PrimaryCommendation | None
) -> None:
    """HTX earns Học sinh Xuất sắc; HTT plus a class nomination earns Học sinh Tiêu biểu."""
    commendation = primary_commendation(result, nominated=nominated)
    assert commendation.value is expected
    assert commendation.reasons

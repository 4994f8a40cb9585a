"""Whole-year evaluation of a secondary student: from entered marks to outcome and commendation."""

from __future__ import annotations

from decimal import Decimal

from app.grading import (
    Commendation,
    CommentGrade,
    Level,
    Mark,
    Outcome,
    StudentYear,
    SubjectScores,
    SubjectYear,
    evaluate_semester,
    evaluate_year,
)

D = Decimal
PASS, FAIL = CommentGrade.PASS, CommentGrade.FAIL
SCORED = ["Ngữ văn", "Toán", "Ngoại ngữ 1", "GDCD", "Lịch sử và Địa lí", "KHTN", "Công nghệ"]


def semester(name: str, score: str, periods: int = 105) -> SubjectScores:
    """A complete scored semester whose every mark is ``score`` (so ĐTBmhk = score)."""
    mark = D(score)
    count = 4 if periods > 70 else 3 if periods > 35 else 2
    return SubjectScores(name, periods, False, [mark] * count, mark, mark)


def scored_year(name: str, score: str, retest: Mark | None = None) -> SubjectYear:
    """A scored subject with ĐTBmcn = ``score``."""
    return SubjectYear(semester(name, score), semester(name, score), retest)


def comment_year(name: str, grade: CommentGrade, retest: Mark | None = None) -> SubjectYear:
    """A comment-only subject with every assessment at ``grade``."""
    sem = SubjectScores(name, 70, True, [grade, grade], grade, grade)
    return SubjectYear(sem, sem, retest)


def student(
    scores: dict[str, str],
    *,
    conduct: tuple[Level, Level] = (Level.GOOD, Level.GOOD),
    pe: CommentGrade = PASS,
    retests: dict[str, Mark] | None = None,
    absent: int = 0,
    after_summer: Level | None = None,
) -> StudentYear:
    """A student with the given ĐTBmcn per scored subject and a comment-only GDTC."""
    retests = retests or {}
    subjects = [scored_year(n, s, retests.get(n)) for n, s in scores.items()]
    subjects.append(comment_year("GDTC", pe, retests.get("GDTC")))
    return StudentYear(subjects, conduct[0], conduct[1], absent, after_summer)


def uniform(score: str) -> dict[str, str]:
    """Every scored subject at the same ĐTBmcn."""
    return dict.fromkeys(SCORED, score)


def test_excellent_student() -> None:
    """All 9,0, conduct Tốt: learning Tốt, promoted, Học sinh Xuất sắc."""
    result = evaluate_year(student(uniform("9.0"), absent=2))
    assert result.learning_result.value is Level.GOOD
    assert result.conduct.value is Level.GOOD
    assert result.outcome.value is Outcome.PROMOTED
    assert result.commendation.value is Commendation.EXCELLENT
    assert result.learning_after_retest is None
    assert result.conduct_after_summer is None


def test_good_student_with_khá_conduct_gets_no_commendation() -> None:
    """Tốt learning with Khá year conduct (HK I Tốt, HK II Khá) is promoted, not commended."""
    result = evaluate_year(student(uniform("8.5"), conduct=(Level.GOOD, Level.FAIR)))
    assert result.conduct.value is Level.FAIR
    assert result.outcome.value is Outcome.PROMOTED
    assert result.commendation.value is Commendation.NONE


def failing_scores() -> dict[str, str]:
    """Two subjects below 3,5 (no single-subject adjustment possible): learning Chưa đạt."""
    return {**uniform("6.0"), "Toán": "3.0", "Ngữ văn": "3.2"}


def test_learning_fail_leads_to_retest_with_candidates() -> None:
    """Learning Chưa đạt with conduct ≥ Đạt means re-test, listing the subjects below 5,0."""
    result = evaluate_year(student(failing_scores(), conduct=(Level.FAIR, Level.FAIR)))
    assert result.learning_result.value is Level.FAIL
    assert result.outcome.value is Outcome.RETEST
    assert result.retest_candidates.value == ("Ngữ văn", "Toán")


def test_successful_retest_promotes() -> None:
    """Re-test results replace the year results; the level is re-evaluated to Đạt: promoted."""
    year = student(failing_scores(), retests={"Toán": D("5.0"), "Ngữ văn": D("4.0")})
    result = evaluate_year(year)
    assert result.learning_result.value is Level.FAIL
    assert result.learning_after_retest is not None
    assert result.learning_after_retest.value is Level.PASS
    after = {r.subject_name: r.value for r in result.subjects_after_retest}
    assert after["Toán"] == D("5.0")
    assert result.outcome.value is Outcome.PROMOTED


def test_failed_retest_means_repeat() -> None:
    """If the re-evaluated level is still Chưa đạt the student stays in the class."""
    result = evaluate_year(student(failing_scores(), retests={"Toán": D("3.0")}))
    assert result.learning_after_retest is not None
    assert result.learning_after_retest.value is Level.FAIL
    assert result.outcome.value is Outcome.REPEAT


def test_retest_is_ignored_when_learning_passed() -> None:
    """A re-test entered for a student whose learning is Đạt or better changes nothing."""
    scores = {**uniform("6.0"), "Toán": "4.5"}
    result = evaluate_year(student(scores, retests={"Toán": D("9.0")}))
    assert result.learning_result.value is Level.PASS
    assert result.learning_after_retest is not None
    assert result.learning_after_retest.reasons[0].startswith("Bỏ qua kết quả kiểm tra lại")
    assert result.subjects_after_retest == result.subjects
    assert result.outcome.value is Outcome.PROMOTED


def test_comment_subject_retest() -> None:
    """A second comment subject at Chưa đạt can be re-tested to Đạt and the student promoted."""
    year = student(uniform("7.0"), pe=FAIL)
    year = StudentYear(
        [*year.subjects, comment_year("Nghệ thuật", FAIL, retest=PASS)],
        Level.GOOD,
        Level.GOOD,
    )
    result = evaluate_year(year)
    assert result.learning_result.value is Level.FAIL
    assert result.learning_after_retest is not None
    assert result.learning_after_retest.value is Level.PASS
    assert result.outcome.value is Outcome.PROMOTED


def test_conduct_fail_means_summer_training() -> None:
    """Year conduct Chưa đạt sends the student to summer conduct training."""
    result = evaluate_year(student(uniform("7.0"), conduct=(Level.GOOD, Level.FAIL)))
    assert result.conduct.value is Level.FAIL
    assert result.outcome.value is Outcome.SUMMER_TRAINING


def test_summer_training_result_decides() -> None:
    """After summer training, Đạt promotes and Chưa đạt means repeating the class."""
    passed = student(uniform("7.0"), conduct=(Level.GOOD, Level.FAIL), after_summer=Level.PASS)
    failed = student(uniform("7.0"), conduct=(Level.GOOD, Level.FAIL), after_summer=Level.FAIL)
    assert evaluate_year(passed).outcome.value is Outcome.PROMOTED
    assert evaluate_year(failed).outcome.value is Outcome.REPEAT


def test_too_many_absences_repeat_even_when_excellent() -> None:
    """More than 45 half-day sessions absent blocks promotion whatever the levels."""
    result = evaluate_year(student(uniform("9.5"), absent=46))
    assert result.outcome.value is Outcome.REPEAT
    assert result.outcome.reasons == ("Nghỉ 46 buổi, quá 45 buổi",)


def test_missing_mark_propagates_to_outcome() -> None:
    """One missing final mark leaves learning and outcome not computable, naming the gap."""
    year = student(uniform("8.0"))
    toan = year.subjects[1]
    incomplete = SubjectScores("Toán", 140, False, [D(8)] * 4, D(8), None)
    subjects = list(year.subjects)
    subjects[1] = SubjectYear(toan.semester_1, incomplete)
    result = evaluate_year(StudentYear(subjects, Level.GOOD, Level.GOOD))
    assert result.learning_result.value is None
    assert result.learning_result.reasons == ("Toán: Học kì II: Thiếu điểm cuối kì",)
    assert result.outcome.value is None
    assert result.commendation.value is None


def test_evaluate_semester() -> None:
    """A semester evaluation gives each subject's ĐTBmhk and the semester learning level."""
    subjects = [semester(name, "6.4" if name == "Toán" else "8.5") for name in SCORED]
    result = evaluate_semester(subjects)
    assert [r.value for r in result.subjects][1] == D("6.4")
    assert result.learning_result.value is Level.FAIR
    assert "Chưa đủ mức Tốt: Toán 6,4 < 6,5" in result.learning_result.reasons

"""Year results recomputed from stored records: outcomes, re-tests, summer training, lists."""

from __future__ import annotations

from decimal import Decimal

import pytest

from app.db import Actor
from app.errors import ValidationError
from app.gradebook.conduct import save_summer_conduct
from app.gradebook.export import summary_json
from app.gradebook.lists import result_lists
from app.gradebook.results import StudentSummary, class_summary
from app.gradebook.retests import retest_sheet, save_retest
from tests.gradebook.conftest import YEAR, GradeSchool, fill_year

ANH, ANH2, BAO, CHAU = "Lê Văn Anh", "Trần Thị Ánh", "Nguyễn Văn Bảo", "Phạm Minh Châu"
WEAK = {
    "Toán": "3",
    "Ngữ văn": "3",
    "Ngoại ngữ 1": "6",
    "Giáo dục công dân": "6",
    "Lịch sử và Địa lí": "6",
    "Khoa học tự nhiên": "6",
    "Công nghệ": "6",
    "Tin học": "6",
}


def _student(gs: GradeSchool, name: str, semester: int | None = None) -> StudentSummary:
    with gs.db.read() as s:
        summary = class_summary(s, gs.admin, gs.class_id, YEAR, semester)
    return next(x for x in summary.students if x.full_name == name)


def _retest(gs: GradeSchool, name: str, subject: str, value: str, actor: Actor | None = None):  # type: ignore[no-untyped-def]
    """Enter a re-test result (as the admin unless an actor is given)."""
    who = actor or gs.admin
    with gs.db.uow(actor=who) as s:
        return save_retest(s, who, gs.class_id, gs.subjects[subject], gs.students[name], value)


def test_good_and_excellent_students(gs: GradeSchool) -> None:
    """All 8,0 with conduct Tốt: Học sinh Giỏi; all 9,5: Học sinh Xuất sắc; both promoted."""
    fill_year(gs, ANH, {})
    fill_year(gs, ANH2, dict.fromkeys(WEAK, "9.5"))
    good, excellent = _student(gs, ANH), _student(gs, ANH2)
    assert good.learning_year is not None and good.learning_year.value == "Tốt"
    assert good.outcome is not None and good.outcome.value == "Lên lớp"
    assert good.commendation is not None and good.commendation.value == "Học sinh Giỏi"
    assert (
        excellent.commendation is not None and excellent.commendation.value == "Học sinh Xuất sắc"
    )
    assert excellent.subjects[1].year is not None and excellent.subjects[1].year.value == Decimal(
        "9.5"
    )


def test_one_subject_adjustment_through_the_database(gs: GradeSchool) -> None:
    """DOMAIN §2: [8,0 ×7, Toán 3,4] is Chưa đạt only because of Toán, so it becomes Đạt."""
    fill_year(gs, ANH, {"Toán": "3.4"})
    student = _student(gs, ANH)
    assert student.learning_year is not None and student.learning_year.value == "Đạt"
    assert any(
        "Điều chỉnh từ Chưa đạt lên Đạt" in r and "Toán" in r for r in student.learning_year.reasons
    )
    assert student.outcome is not None and student.outcome.value == "Lên lớp"


def test_retest_flow_recomputes_the_year(gs: GradeSchool) -> None:
    """Toán and Ngữ văn at 3,0: Kiểm tra lại; one re-test still fails the year, both passing promotes."""
    fill_year(gs, ANH, WEAK, conduct=("Khá", "Khá"))
    student = _student(gs, ANH)
    assert student.outcome is not None and student.outcome.value == "Kiểm tra lại"
    assert set(student.retest_subjects) == {"Toán", "Ngữ văn"}
    with gs.db.read() as s:
        sheet = retest_sheet(s, gs.admin, gs.class_id)
    assert [(line.full_name, sorted(x.name for x in line.subjects)) for line in sheet] == [
        (ANH, ["Ngữ văn", "Toán"])
    ]
    saved = _retest(gs, ANH, "Toán", "6", gs.teacher)
    assert saved.outcome.value == "Ở lại lớp"
    assert (
        saved.learning_after_retest is not None and saved.learning_after_retest.value == "Chưa đạt"
    )
    with gs.db.uow(actor=gs.admin) as s:
        after = save_retest(s, gs.admin, gs.class_id, gs.subjects["Ngữ văn"], gs.students[ANH], "5")
    assert after.outcome.value == "Lên lớp"
    student = _student(gs, ANH)
    toan = next(x for x in student.subjects if x.name == "Toán")
    assert toan.year is not None and toan.year.value == Decimal("3.0")
    assert toan.retest is not None and toan.retest.value == Decimal("6")
    assert toan.after_retest is not None and toan.after_retest.value == Decimal("6")
    assert (
        student.learning_after_retest is not None and student.learning_after_retest.value == "Đạt"
    )


def test_retest_refused_where_the_rules_do_not_flag(gs: GradeSchool) -> None:
    """A re-test for a subject at ≥ 5,0, or for a student whose learning passed, is refused."""
    fill_year(gs, ANH, WEAK, conduct=("Khá", "Khá"))
    fill_year(gs, ANH2, {})
    with pytest.raises(ValidationError) as err:
        _retest(gs, ANH, "Tin học", "7")
    assert "không kiểm tra lại môn Tin học" in err.value.message
    with pytest.raises(ValidationError) as err2:
        _retest(gs, ANH2, "Toán", "7")
    assert "không thuộc diện kiểm tra lại" in err2.value.message
    with pytest.raises(ValidationError):
        _retest(gs, ANH, "Toán", "5,55")


def test_summer_training_and_its_result(gs: GradeSchool) -> None:
    """Conduct Đạt then Chưa đạt: summer training; Đạt after the summer promotes; others are refused."""
    fill_year(gs, ANH, {}, conduct=("Đạt", "Chưa đạt"))
    fill_year(gs, ANH2, {})
    student = _student(gs, ANH)
    assert student.conduct_year is not None and student.conduct_year.value == "Chưa đạt"
    assert student.outcome is not None and student.outcome.value == "Rèn luyện trong hè"
    assert student.commendation is not None and student.commendation.value == "Không"
    with gs.db.uow(actor=gs.homeroom) as s:
        save_summer_conduct(s, gs.homeroom, gs.class_id, gs.students[ANH], "Đạt")
    student = _student(gs, ANH)
    assert student.conduct_after_summer is not None and student.conduct_after_summer.value == "Đạt"
    assert student.outcome is not None and student.outcome.value == "Lên lớp"
    with pytest.raises(ValidationError), gs.db.uow(actor=gs.homeroom) as s:
        save_summer_conduct(s, gs.homeroom, gs.class_id, gs.students[ANH2], "Tốt")


def test_too_many_absences_repeat_the_year(gs: GradeSchool) -> None:
    """46 half-day sessions absent (excused or not) means Ở lại lớp whatever the marks."""
    fill_year(gs, ANH, dict.fromkeys(WEAK, "9.5"), absent=46)
    student = _student(gs, ANH)
    assert student.absences_year == 46
    assert student.outcome is not None and student.outcome.value == "Ở lại lớp"
    assert student.outcome.reasons == ("Nghỉ 46 buổi, quá 45 buổi",)


def test_year_end_lists(gs: GradeSchool) -> None:
    """Each student lands on the right lists; the one with no marks is pending."""
    fill_year(gs, ANH, dict.fromkeys(WEAK, "9.5"))
    fill_year(gs, ANH2, WEAK, conduct=("Khá", "Khá"))
    fill_year(gs, BAO, {}, conduct=("Đạt", "Chưa đạt"))
    with gs.db.read() as s:
        found = result_lists(s, gs.admin, YEAR, gs.class_id)

    def names(entries):  # type: ignore[no-untyped-def]
        return [e.full_name for e in entries]

    assert names(found.promoted) == [ANH]
    assert names(found.excellent) == [ANH] and names(found.good) == []
    assert names(found.retest) == [ANH2]
    assert "Ngữ văn" in found.retest[0].detail and "Toán" in found.retest[0].detail
    assert names(found.summer_training) == [BAO]
    assert names(found.repeat) == []
    assert names(found.pending) == [CHAU]


def test_semester_summary_and_json_shape(gs: GradeSchool) -> None:
    """A semester summary carries semester values only; JSON gives numbers for scores, labels for levels."""
    fill_year(gs, ANH, {"Toán": "7.5"})
    with gs.db.read() as s:
        data = summary_json(class_summary(s, gs.admin, gs.class_id, YEAR, 1))
    student = next(x for x in data["students"] if x["full_name"] == ANH)
    toan = next(x for x in student["subjects"] if x["subject"] == "Toán")
    assert toan["semester_1"] == 7.5 and "year" not in toan and "semester_2" not in toan
    assert toan["reasons"]["semester_1"] == [
        "ĐTBmhk = (7,5 + 7,5 + 7,5 + 7,5 + 2×7,5 + 3×7,5) / 9 = 7,5"
    ]
    gdtc = next(x for x in student["subjects"] if x["subject"] == "Giáo dục thể chất")
    assert gdtc["semester_1"] == "Đạt"
    assert student["learning_result"]["semester_1"] == "Tốt"
    assert student["conduct"]["semester_1"] == "Tốt"
    assert student["absences"] == {"semester_1": {"excused": 0, "unexcused": 0, "total": 0}}
    assert "outcome" not in student
    empty = next(x for x in data["students"] if x["full_name"] == CHAU)
    assert empty["learning_result"]["semester_1"] is None
    assert empty["conduct"]["semester_1"] is None

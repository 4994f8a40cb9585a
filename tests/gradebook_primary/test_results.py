"""Primary (TT27) results recomputed from the recorded cells: DOMAIN §3 cases, outcome, lists."""

from __future__ import annotations

from collections.abc import Mapping

import pytest

from app.errors import PermissionDenied, ValidationError
from app.gradebook.catalogue import class_subjects
from app.gradebook.lists import result_lists
from app.gradebook.primary.outcome import PrimaryOutcome, primary_outcome
from app.gradebook.primary.results import PrimaryClassSummary, primary_summary
from app.gradebook.primary.values import has_test, ratings_for
from app.gradebook.primary_entry import PCellEdit, save_cells
from app.gradebook.primary_export import lists_json, lists_text, summary_json, summary_text
from app.gradebook.primary_ratings import RatingEdit, save_ratings, set_nomination
from app.gradebook.results import class_summary
from app.grading.primary import PrimaryResult
from app.grading.scores import Result
from app.students.models import ClassGroup
from tests.gradebook.conftest import YEAR, add_student, make_class
from tests.gradebook_primary.conftest import PrimarySchool

ANH, ANH2, BAO, CHAU = "Lê Văn Anh", "Trần Thị Ánh", "Nguyễn Văn Bảo", "Phạm Minh Châu"
WELL, DONE, NOT_DONE = "Hoàn thành tốt", "Hoàn thành", "Chưa hoàn thành"


def fill_student(
    ps: PrimarySchool,
    name: str,
    *,
    level: str = WELL,
    test: str = "9",
    rating: str = "Tốt",
    levels: Mapping[str, str] | None = None,
    tests: Mapping[str, str] | None = None,
    ratings: Mapping[str, str] | None = None,
    skip: tuple[str, ...] = (),
) -> None:
    """Enter a whole year for one student through the entry services, as teachers would.

    Every subject gets ``level`` at the four checkpoints and ``test`` wherever
    there is a periodic test; ``levels``/``tests`` override the end of the year
    per subject; ``skip`` leaves those subjects' end-of-year cells empty.
    Ratings are ``rating`` at the end of each semester (``ratings`` overrides the year's).
    """
    admin, sid = ps.admin, ps.students[name]
    with ps.db.uow(actor=admin) as s:
        group = s.get(ClassGroup, ps.class_id)
        assert group is not None
        for subject in class_subjects(s, group):
            for semester in (1, 2):
                cells = []
                for cp in (1, 2):
                    year_end = (semester, cp) == (2, 2)
                    if year_end and subject.name in skip:
                        continue
                    lv = (levels or {}).get(subject.name, level) if year_end else level
                    cells.append(PCellEdit(sid, f"MD{cp}", lv))
                    if has_test(subject.name, not subject.comment_only, group.grade, cp):
                        score = (tests or {}).get(subject.name, test) if year_end else test
                        cells.append(PCellEdit(sid, f"KT{cp}", score))
                cells.append(PCellEdit(sid, "NX2", f"{subject.name}: tiến bộ"))
                save_cells(s, admin, ps.class_id, subject.id, semester, cells)
        for semester in (1, 2):
            given = dict(ratings or {}) if semester == 2 else {}
            edits = [
                RatingEdit(sid, d.name, given.get(d.name, rating)) for d in ratings_for(group.grade)
            ]
            save_ratings(s, admin, ps.class_id, semester, 2, edits)


def nominate(ps: PrimarySchool, name: str, achievement: str) -> None:
    """The homeroom teacher records the class's recognition of a student."""
    with ps.db.uow(actor=ps.homeroom) as s:
        set_nomination(s, ps.homeroom, ps.class_id, ps.students[name], achievement)


def summary(ps: PrimarySchool, semester: int | None = None) -> PrimaryClassSummary:
    """The primary class summary as the principal sees it."""
    principal = ps.actor("principal")
    with ps.db.read(principal) as s:
        return primary_summary(s, principal, ps.class_id, semester)


def student(found: PrimaryClassSummary, name: str):  # type: ignore[no-untyped-def]
    """One student's summary by name."""
    return next(st for st in found.students if st.full_name == name)


@pytest.fixture
def year4(ps: PrimarySchool) -> PrimarySchool:
    """DOMAIN §3 cases: Anh excellent, Ánh good (a test 8), Bảo Hoàn thành (one HT), Châu not."""
    fill_student(ps, ANH)
    fill_student(ps, ANH2, tests={"Toán": "8"})
    fill_student(ps, BAO, levels={"Khoa học": DONE}, ratings={"Chăm chỉ": "Đạt"})
    fill_student(ps, CHAU, levels={"Đạo đức": NOT_DONE}, tests={"Tiếng Việt": "4"})
    nominate(ps, ANH2, "Giải Nhì Trạng Nguyên Tiếng Việt cấp huyện")
    return ps


def test_domain_cases_from_the_database(year4: PrimarySchool) -> None:
    """Year results with reasons: xuất sắc, tốt at a test 8, Hoàn thành with one HT, Chưa hoàn thành."""
    found = summary(year4)
    assert (found.semester, found.checkpoint_label, found.grade) == (None, "Cuối năm", 4)
    anh, anh2, bao, chau = (student(found, n) for n in (ANH, ANH2, BAO, CHAU))
    assert anh.result is not None and anh.result.value == "Hoàn thành xuất sắc"
    assert anh.result.reasons == ("Đủ điều kiện mức Hoàn thành xuất sắc",)
    assert anh2.result is not None and anh2.result.value == "Hoàn thành tốt"
    assert "Chưa đủ mức Hoàn thành xuất sắc: Toán: điểm kiểm tra 8 < 9" in anh2.result.reasons
    assert bao.result is not None and bao.result.value == "Hoàn thành"
    assert "Chưa đủ mức Hoàn thành tốt: Khoa học Hoàn thành" in bao.result.reasons
    assert "Chưa đủ mức Hoàn thành tốt: Chăm chỉ Đạt" in bao.result.reasons
    assert chau.result is not None and chau.result.value == "Chưa hoàn thành"
    assert "Chưa đủ mức Hoàn thành: Đạo đức Chưa hoàn thành" in chau.result.reasons
    assert "Chưa đủ mức Hoàn thành: Tiếng Việt: điểm kiểm tra 4 < 5" in chau.result.reasons


def test_outcome_and_commendation(year4: PrimarySchool) -> None:
    """Outcome from the one table; Xuất sắc needs no nomination, Tiêu biểu needs the class's."""
    found = summary(year4)
    anh, anh2, bao, chau = (student(found, n) for n in (ANH, ANH2, BAO, CHAU))
    assert anh.outcome is not None and anh.outcome.value == "Hoàn thành chương trình lớp học"
    assert chau.outcome is not None and chau.outcome.value == "Chưa hoàn thành chương trình lớp học"
    assert chau.outcome.reasons == (
        "Kết quả giáo dục Chưa hoàn thành: Chưa hoàn thành chương trình lớp học",
        "Đạo đức Chưa hoàn thành",
        "Tiếng Việt: điểm kiểm tra 4 < 5",
    )
    assert anh.commendation is not None and anh.commendation.value == "Học sinh Xuất sắc"
    assert anh2.commendation is not None
    assert anh2.commendation.value == "Học sinh Tiêu biểu hoàn thành tốt trong học tập và rèn luyện"
    assert anh2.nomination == "Giải Nhì Trạng Nguyên Tiếng Việt cấp huyện"
    assert any("Trạng Nguyên" in r for r in anh2.commendation.reasons)
    assert bao.commendation is not None and bao.commendation.value == "Không"


def test_grade_five_completes_the_primary_programme() -> None:
    """Grade 5 completes "chương trình tiểu học"; grades 1–4 "chương trình lớp học"."""
    good = Result(PrimaryResult.GOOD, ("Đủ điều kiện mức Hoàn thành tốt",))
    assert primary_outcome(good, 5).value is PrimaryOutcome.PRIMARY_COMPLETED
    assert primary_outcome(good, 1).value is PrimaryOutcome.GRADE_COMPLETED
    missing = primary_outcome(Result(None, ("Toán: thiếu mức đánh giá",)), 3)
    assert missing.value is None and "Toán: thiếu mức đánh giá" in missing.reasons


def test_levels_and_tests_per_checkpoint(year4: PrimarySchool) -> None:
    """Each subject carries its levels and test scores at the four checkpoints, and the comment."""
    chau = student(summary(year4), CHAU)
    tv = next(s for s in chau.subjects if s.name == "Tiếng Việt")
    assert tv.levels == dict.fromkeys(("Giữa HK I", "Cuối HK I", "Giữa HK II", "Cuối năm"), WELL)
    assert tv.tests == {"Giữa HK I": 9, "Cuối HK I": 9, "Giữa HK II": 9, "Cuối năm": 4}
    assert tv.test_checkpoints == ("Giữa HK I", "Cuối HK I", "Giữa HK II", "Cuối năm")
    khoa_hoc = next(s for s in chau.subjects if s.name == "Khoa học")
    assert khoa_hoc.test_checkpoints == ("Cuối HK I", "Cuối năm")
    dao_duc = next(s for s in chau.subjects if s.name == "Đạo đức")
    assert (dao_duc.tested, dao_duc.tests, dao_duc.levels["Cuối năm"]) == (False, {}, NOT_DONE)
    assert dao_duc.comment == "Đạo đức: tiến bộ"
    assert len(chau.ratings) == 15 and set(chau.ratings.values()) == {"Tốt"}


def test_missing_inputs_give_no_result_with_reasons_naming_the_subject(ps: PrimarySchool) -> None:
    """A subject left empty at year end: no result, outcome or award, and the reasons say which."""
    fill_student(ps, ANH, skip=("Toán",))
    anh = student(summary(ps), ANH)
    assert anh.result is not None and anh.result.value is None
    assert "Toán: thiếu mức đánh giá" in anh.result.reasons
    assert "Toán: thiếu điểm kiểm tra cuối năm" in anh.result.reasons
    assert anh.outcome is not None and anh.outcome.value is None
    assert anh.commendation is not None and anh.commendation.value is None
    toan = next(s for s in anh.subjects if s.name == "Toán")
    assert toan.level_reasons == ("Cuối năm: chưa nhập mức đạt được",)
    assert toan.test_reasons == ("Cuối năm: chưa nhập điểm kiểm tra định kì",)
    empty = student(summary(ps), BAO)
    assert empty.result is not None and empty.result.value is None
    assert "phẩm chất chủ yếu Yêu nước: chưa nhập đánh giá" in empty.rating_missing


def test_semester_one_has_no_result_and_says_why(year4: PrimarySchool) -> None:
    """Semester I: Cuối HK I levels, tests and ratings; no year result, with the reason."""
    found = summary(year4, 1)
    assert found.checkpoint_label == "Cuối HK I"
    assert found.checkpoint_labels == ("Giữa HK I", "Cuối HK I")
    chau = student(found, CHAU)
    tv = next(s for s in chau.subjects if s.name == "Tiếng Việt")
    assert tv.tests == {"Giữa HK I": 9, "Cuối HK I": 9}
    assert chau.result is not None and chau.result.value is None
    assert chau.result.reasons and "cuối năm học" in chau.result.reasons[0]
    assert chau.outcome is not None and chau.outcome.value is None


def test_summary_permissions_and_level_checks(ps: PrimarySchool) -> None:
    """A teacher of the class may read it, an outsider may not; a TT22 class is refused."""
    with ps.db.read(ps.teacher) as s:
        assert len(primary_summary(s, ps.teacher, ps.class_id).students) == 4
    with ps.db.read(ps.outsider) as s, pytest.raises(PermissionDenied):
        primary_summary(s, ps.outsider, ps.class_id)
    with ps.db.read(ps.admin) as s, pytest.raises(ValidationError, match="tiểu học"):
        class_summary(s, ps.admin, ps.class_id)


def test_summary_json_and_text(year4: PrimarySchool) -> None:
    """JSON: per subject levels/tests per checkpoint with reasons; text: one readable row each."""
    data = summary_json(summary(year4))
    assert (data["class"], data["assessment"], data["checkpoint"]) == ("4A", "TT27", "Cuối năm")
    chau = next(x for x in data["students"] if x["full_name"] == CHAU)
    tv = next(x for x in chau["subjects"] if x["subject"] == "Tiếng Việt")
    assert tv["tests"]["Cuối năm"] == 4 and tv["levels"]["Cuối năm"] == WELL
    assert chau["result"]["value"] == "Chưa hoàn thành"
    reasons = chau["result"]["reasons"]["value"]
    assert "Chưa đủ mức Hoàn thành: Tiếng Việt: điểm kiểm tra 4 < 5" in reasons
    assert chau["outcome"]["value"] == "Chưa hoàn thành chương trình lớp học"
    assert chau["ratings"]["values"]["Yêu nước"] == "Tốt"
    text = summary_text(summary(year4))
    lines = text.splitlines()
    assert lines[0].startswith("BẢNG TỔNG HỢP KẾT QUẢ ĐÁNH GIÁ GIÁO DỤC CẢ NĂM — LỚP 4A")
    row = next(line for line in lines if line.startswith("4 ") and CHAU in line)
    assert "HTT 4" in row and "Chưa hoàn thành" in row and "15T 0Đ 0C" in row


def test_lists_for_a_primary_class(year4: PrimarySchool) -> None:
    """Completed, not completed, Xuất sắc and Tiêu biểu; a student with nothing is pending."""
    with year4.db.read(year4.admin) as s:
        found = result_lists(s, year4.admin, YEAR, year4.class_id)
    assert found.has_primary and not found.has_secondary
    assert [e.full_name for e in found.completed] == [ANH, ANH2, BAO]
    assert [e.full_name for e in found.not_completed] == [CHAU]
    assert [e.full_name for e in found.primary_excellent] == [ANH]
    assert [e.full_name for e in found.primary_outstanding] == [ANH2]
    assert found.promoted == () and found.pending == ()
    text = lists_text(found)
    assert "Hoàn thành chương trình lớp học (3)" in text and "Lên lớp" not in text
    assert lists_json(found)["not_completed"][0]["full_name"] == CHAU


def test_whole_school_lists_with_primary_and_secondary_classes(ps: PrimarySchool) -> None:
    """A school with 4A and 6A1 lists both without error, each class on its own lists."""
    six = make_class(ps.db, "6A1", 6, None)
    add_student(ps.db, six, ANH, "HS001")
    fill_student(ps, ANH)
    with ps.db.read(ps.admin) as s:
        found = result_lists(s, ps.admin, YEAR)
    assert found.has_primary and found.has_secondary
    assert [e.full_name for e in found.completed] == [ANH]
    pending = {(e.class_name, e.full_name) for e in found.pending}
    assert ("4A", BAO) in pending and ("6A1", ANH) in pending
    primary_pending = next(e for e in found.pending if e.class_name == "4A")
    assert primary_pending.detail.startswith("Tiếng Việt: thiếu mức đánh giá; ")
    assert primary_pending.detail.endswith("… và 26 mục khác")
    text = lists_text(found)
    assert "Lên lớp (0)" in text and "Hoàn thành chương trình lớp học (1)" in text

"""Recording the subjects a flagged student re-tests, and entering re-tests against that choice."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select

from app.changes import Changes
from app.db import Actor
from app.errors import PermissionDenied, ValidationError
from app.gradebook.conduct import save_summer_conduct
from app.gradebook.locking import lock_semester
from app.gradebook.models import RetestChoice, SummerConduct
from app.gradebook.results import StudentSummary, class_summary
from app.gradebook.retests import (
    CHOICES,
    RetestLine,
    RetestSaved,
    choose_retests,
    retest_sheet,
    save_retest,
)
from app.gradebook.snapshots import verify
from app.journal_schema import JournalEntry
from tests.gradebook.conftest import YEAR, GradeSchool, fill_year
from tests.gradebook.test_cli import cli, ok_json

ANH, ANH2 = "Lê Văn Anh", "Trần Thị Ánh"
WEAK = {"Toán": "3", "Ngữ văn": "4", "Ngoại ngữ 1": "6", "Khoa học tự nhiên": "6"}
"""Toán 3,0 and Ngữ văn 4,0: year learning Chưa đạt; Toán alone passing gives Đạt."""
REASON = "Hội đồng thi lại xét lại hồ sơ"


def _choose(gs: GradeSchool, subjects: list[str], actor: Actor | None = None, **kw: str) -> Changes:
    who = actor or gs.homeroom
    ids = [gs.subjects[n] for n in subjects]
    with gs.db.uow(actor=who) as s:
        return choose_retests(s, who, gs.class_id, gs.students[ANH], ids, **kw)


def _retest(
    gs: GradeSchool, subject: str, value: str, actor: Actor | None = None, **kw: str
) -> RetestSaved:
    who = actor or gs.admin
    with gs.db.uow(actor=who) as s:
        return save_retest(s, who, gs.class_id, gs.subjects[subject], gs.students[ANH], value, **kw)


def _line(gs: GradeSchool) -> RetestLine:
    with gs.db.read() as s:
        return next(x for x in retest_sheet(s, gs.admin, gs.class_id) if x.full_name == ANH)


def _summary(gs: GradeSchool) -> StudentSummary:
    with gs.db.read() as s:
        found = class_summary(s, gs.admin, gs.class_id, YEAR, None)
    return next(x for x in found.students if x.full_name == ANH)


def _choice_rows(gs: GradeSchool) -> set[uuid.UUID]:
    with gs.db.read() as s:
        return set(
            s.scalars(
                select(RetestChoice.subject_id).where(RetestChoice.student_id == gs.students[ANH])
            )
        )


def test_outcome_waits_for_every_chosen_retest(gs: GradeSchool) -> None:
    """Chosen Toán and Ngữ văn: one result leaves the outcome pending; the second one settles it."""
    fill_year(gs, ANH, WEAK, conduct=("Khá", "Khá"))
    assert _choose(gs, ["Toán", "Ngữ văn"]).touches(CHOICES)
    line = _line(gs)
    assert line.choice_recorded and line.waiting == ("Ngữ văn", "Toán")
    assert {(x.name, x.chosen) for x in line.subjects} == {("Toán", True), ("Ngữ văn", True)}
    saved = _retest(gs, "Toán", "6", gs.teacher)
    assert saved.outcome.value is None, "one of two chosen re-tests in: not Ở lại lớp yet"
    assert "Chưa có kết quả kiểm tra lại môn Ngữ văn" in saved.outcome.reasons
    assert saved.learning_after_retest is not None
    assert saved.learning_after_retest.value is None
    assert _line(gs).waiting == ("Ngữ văn",)
    done = _retest(gs, "Ngữ văn", "5")
    assert done.outcome.value == "Lên lớp"
    student = _summary(gs)
    toan = next(x for x in student.subjects if x.name == "Toán")
    assert toan.after_retest is not None and str(toan.after_retest.value) == "6"
    assert student.learning_after_retest is not None
    assert student.learning_after_retest.value == "Đạt"


def test_retest_for_a_subject_not_chosen_is_refused(gs: GradeSchool) -> None:
    """Once Toán alone is chosen, a Ngữ văn re-test is refused, naming the chosen subjects."""
    fill_year(gs, ANH, WEAK, conduct=("Khá", "Khá"))
    _choose(gs, ["Toán"])
    with pytest.raises(ValidationError) as err:
        _retest(gs, "Ngữ văn", "7")
    assert err.value.message == (
        "Lê Văn Anh không chọn kiểm tra lại môn Ngữ văn (các môn đã chọn: Toán). "
        "Hãy chọn môn này trước khi nhập kết quả kiểm tra lại."
    )
    assert _retest(gs, "Toán", "5").outcome.value == "Lên lớp"


def test_choice_is_checked(gs: GradeSchool) -> None:
    """No subject, an ineligible subject, or a student who passed: refused with a clear message."""
    fill_year(gs, ANH, WEAK, conduct=("Khá", "Khá"))
    fill_year(gs, ANH2, {})
    with pytest.raises(ValidationError) as empty:
        _choose(gs, [])
    assert "phải chọn ít nhất một môn" in empty.value.message
    with pytest.raises(ValidationError) as ineligible:
        _choose(gs, ["Toán", "Tin học"])
    assert ineligible.value.message.startswith(
        "Lê Văn Anh không được chọn kiểm tra lại môn Tin học: ĐTBmcn 8,0 ≥ 5,0."
    )
    with pytest.raises(ValidationError) as passed, gs.db.uow(actor=gs.homeroom) as s:
        choose_retests(s, gs.homeroom, gs.class_id, gs.students[ANH2], [gs.subjects["Toán"]])
    assert "không thuộc diện kiểm tra lại" in passed.value.message
    with pytest.raises(ValidationError) as unknown, gs.db.uow(actor=gs.homeroom) as s:
        choose_retests(s, gs.homeroom, gs.class_id, gs.students[ANH], [uuid.uuid4()])
    assert "không học môn này" in unknown.value.message
    assert _choice_rows(gs) == set(), "nothing partial written"


def test_only_homeroom_teacher_or_supervisor_chooses(gs: GradeSchool) -> None:
    """The subject teacher and an outsider are refused; the homeroom teacher and admin may choose."""
    fill_year(gs, ANH, WEAK, conduct=("Khá", "Khá"))
    for actor in (gs.teacher, gs.outsider):
        with pytest.raises(PermissionDenied):
            _choose(gs, ["Toán"], actor)
    _choose(gs, ["Toán"], gs.admin)
    assert _choice_rows(gs) == {gs.subjects["Toán"]}


def test_new_choice_replaces_the_old_but_keeps_entered_results(gs: GradeSchool) -> None:
    """Re-choosing replaces the set; leaving out a subject with a result is refused until cleared."""
    fill_year(gs, ANH, WEAK, conduct=("Khá", "Khá"))
    _choose(gs, ["Toán", "Ngữ văn"])
    assert _choose(gs, ["Ngữ văn", "Toán"]) == Changes(), "same choice: nothing changes"
    _retest(gs, "Ngữ văn", "7")
    with pytest.raises(ValidationError) as err:
        _choose(gs, ["Toán"])
    assert err.value.message == (
        "Lê Văn Anh: môn Ngữ văn đã có kết quả kiểm tra lại (7). "
        "Hãy xóa kết quả đó trước rồi mới bỏ chọn môn này."
    )
    _choose(gs, ["Ngữ văn"])
    assert _choice_rows(gs) == {gs.subjects["Ngữ văn"]}
    outcome = _summary(gs).outcome
    assert outcome is not None and outcome.value == "Lên lớp", "the one chosen re-test is in"
    _retest(gs, "Ngữ văn", "")
    _choose(gs, ["Toán"])
    assert _choice_rows(gs) == {gs.subjects["Toán"]}


def test_old_results_without_a_choice_count_as_the_choice(gs: GradeSchool) -> None:
    """Data from before choices: entered subjects are the choice and the outcome is final at once."""
    fill_year(gs, ANH, WEAK, conduct=("Khá", "Khá"))
    saved = _retest(gs, "Ngữ văn", "6")
    assert saved.outcome.value == "Ở lại lớp", "old behaviour: Toán 3,0 still fails the year"
    line = _line(gs)
    assert not line.choice_recorded and line.waiting == ()
    assert {(x.name, x.chosen) for x in line.subjects} == {("Toán", False), ("Ngữ văn", True)}
    with pytest.raises(ValidationError):
        _choose(gs, ["Toán"])
    _choose(gs, ["Toán", "Ngữ văn"])
    outcome = _summary(gs).outcome
    assert outcome is not None and outcome.value is None, "now Toán's re-test is awaited"


def test_locked_year_end_needs_supervisor_and_reason(gs: GradeSchool) -> None:
    """Semester II locked: re-test choice, re-test and summer result need a supervisor and a reason."""
    fill_year(gs, ANH, WEAK, conduct=("Khá", "Khá"))
    fill_year(gs, ANH2, {}, conduct=("Đạt", "Chưa đạt"))
    principal = gs.actor("principal")
    with gs.db.uow(actor=principal) as s:
        lock_semester(s, principal, gs.class_id, 2)
    with pytest.raises(PermissionDenied):
        _choose(gs, ["Toán"], reason=REASON)
    with pytest.raises(ValidationError) as no_reason:
        _choose(gs, ["Toán"], principal)
    assert "lý do" in no_reason.value.message
    _choose(gs, ["Toán"], principal, reason=REASON)
    with pytest.raises(PermissionDenied):
        _retest(gs, "Toán", "6", gs.teacher, reason=REASON)
    with pytest.raises(ValidationError):
        _retest(gs, "Toán", "6", principal)
    assert _retest(gs, "Toán", "6", principal, reason=REASON).outcome.value == "Lên lớp"
    sid = gs.students[ANH2]
    with pytest.raises(PermissionDenied), gs.db.uow(actor=gs.homeroom) as s:
        save_summer_conduct(s, gs.homeroom, gs.class_id, sid, "Đạt", REASON)
    with pytest.raises(ValidationError), gs.db.uow(actor=principal) as s:
        save_summer_conduct(s, principal, gs.class_id, sid, "Đạt")
    with gs.db.uow(actor=principal) as s:
        save_summer_conduct(s, principal, gs.class_id, sid, "Đạt", REASON)
    with gs.db.read() as s:
        reasons = {
            (e.entity_type, e.reason)
            for e in s.scalars(
                select(JournalEntry).where(
                    JournalEntry.entity_type.in_(
                        ["retest_choice", "retest_result", SummerConduct.__tablename__]
                    )
                )
            )
        }
    assert reasons == {
        ("retest_choice", REASON),
        ("retest_result", REASON),
        ("summer_conduct", REASON),
    }
    assert verify(gs.db).ok, "snapshots were refreshed with each locked change"


def test_unlocked_summer_result_needs_no_reason(gs: GradeSchool) -> None:
    """Without a lock the homeroom teacher records the summer result as before."""
    fill_year(gs, ANH2, {}, conduct=("Đạt", "Chưa đạt"))
    with gs.db.uow(actor=gs.homeroom) as s:
        changes = save_summer_conduct(s, gs.homeroom, gs.class_id, gs.students[ANH2], "Đạt")
    assert changes.touches("summer_conduct")


def test_cli_choose_then_enter_retests(gs: GradeSchool) -> None:
    """grades retest-choose / retest as a user types them: pending outcome, then promoted."""
    fill_year(gs, ANH, WEAK, conduct=("Khá", "Khá"))
    code, where = gs.codes[ANH], ("--class", "6A1", "--year", YEAR)
    chosen = ok_json(
        gs, "grades", "retest-choose", *where, "--student", code, "--subject", "Toán",
        "--subject", "Ngữ văn",
    )  # fmt: skip
    assert chosen["changed"] and chosen["waiting"] == ["Ngữ văn", "Toán"]
    assert chosen["outcome"]["value"] is None
    done = cli(
        gs, "grades", "retest", *where, "--student", code, "--subject", "Toán", "--value", "6,5"
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        f"Lê Văn Anh ({code}), lớp 6A1: kiểm tra lại môn Toán = 6,5.",
        "Học tập sau kiểm tra lại: –",
        "Kết quả cuối năm: Chờ kết quả kiểm tra lại: Ngữ văn",
        "  – Kết quả học tập cả năm Chưa đạt: được kiểm tra lại",
        "  – Chưa có kết quả kiểm tra lại môn Ngữ văn",
    ]
    refused = cli(
        gs, "grades", "retest", *where, "--student", code, "--subject", "Tin học", "--value", "7"
    )
    assert refused.returncode == 1
    assert (
        refused.stderr.strip()
        == "Lỗi: Lê Văn Anh không kiểm tra lại môn Tin học: ĐTBmcn 8,0 ≥ 5,0."
    )
    final = ok_json(
        gs, "grades", "retest", *where, "--student", code, "--subject", "Ngữ văn", "--value", "5"
    )
    assert final["outcome"] == {"value": "Lên lớp", "reasons": final["outcome"]["reasons"]}
    assert [(x["subject"], x["chosen"], x["retest"]) for x in final["subjects"]] == [
        ("Ngữ văn", True, "5"),
        ("Toán", True, "6,5"),
    ]

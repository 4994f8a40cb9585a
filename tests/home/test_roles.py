"""Each role's home page (issue 12 §5): every figure's value and the list it opens."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from app import access_log
from app.access_log import AccessEvent
from app.accounts import User
from app.db import Actor
from app.equipment.loan_models import LoanSlip, LoanStatus
from app.equipment.stocktake_models import Stocktake
from app.errors import PermissionDenied
from app.gradebook.locking import lock_semester
from app.gradebook.missing import missing_grades
from app.home import equipment, home_page, it, principal, secretary, teacher
from app.home.figures import Tone
from app.students import events
from app.students.gaps import GUARDIAN_PHONE, PERSONAL_ID
from app.students.models import Guardian, Student
from app.students.queries import StudentFilter, count_students
from tests.gradebook.conftest import GradeSchool, add_student, fill_year
from tests.home.conftest import NOW, TODAY, facts


def _page(gs: GradeSchool, actor: Actor, **kw: object):  # type: ignore[no-untyped-def]
    with gs.db.read(actor) as s:
        return home_page(s, actor, facts(**kw))


def test_principal_sees_enrolment_missing_grades_locks_and_backup(gs: GradeSchool) -> None:
    """Khối 6 counts the students still studying; the missing total and the largest pair open the
    grade book on that class; locking the semester moves 0/1 to 1/1; no backup is bad."""
    add_student(gs.db, gs.class_id, "Đặng Văn Em", "HS005", end=date(2025, 10, 1))
    principal_actor = gs.actor("principal")
    page = _page(gs, principal_actor)
    assert page.role == "principal"
    assert page.figure("enrolment:6").count == 4
    assert page.figure("enrolment:total").value == "4"
    assert page.figure("enrolment:6").target.params == {  # type: ignore[union-attr]
        "year": "2025-2026",
        "grade": "6",
        "status": "dang_hoc",
    }
    with gs.db.read() as s:
        grades_total = missing_grades(s, gs.admin, gs.class_id, 1).values
    missing = page.figure("missing")
    assert missing.count == grades_total and missing.tone is Tone.WARN
    first = page.section("grades").figures[2]
    assert first.target.page == "gradebook"  # type: ignore[union-attr]
    assert first.target.params["class"] == "6A1"  # type: ignore[union-attr]
    assert first.target.params["semester"] == "1"  # type: ignore[union-attr]
    assert page.figure("locks").value == "0/1"
    with gs.db.uow(actor=principal_actor) as s:
        lock_semester(s, principal_actor, gs.class_id, 1, "Khóa để thử")
    assert _page(gs, principal_actor).figure("locks").value == "1/1"
    backup = page.figure("backup")
    assert (backup.value, backup.tone) == ("Chưa có", Tone.BAD)
    assert page.figure("transcripts_awaiting").count == 0


def test_backup_age_is_late_after_two_missed_runs(gs: GradeSchool) -> None:
    """A backup 3 hours old is fine; 49 hours old with a daily schedule is worth a look."""
    actor = gs.actor("principal")
    fresh = _page(gs, actor, backup_at=NOW - timedelta(hours=3)).figure("backup")
    assert (fresh.value, fresh.tone) == ("3 giờ trước", Tone.OK)
    old = _page(gs, actor, backup_at=NOW - timedelta(hours=49)).figure("backup")
    assert (old.value, old.tone) == ("2 ngày trước", Tone.WARN)
    server = _page(gs, actor, backups_here=False).figure("backup")
    assert server.target is None and server.value == "Do máy chủ sao lưu"


def test_teacher_sees_only_their_own_subjects_and_homeroom(gs: GradeSchool) -> None:
    """u_teacher teaches Toán in 6A1: one figure, 4 students × 6 columns, opening that sheet;
    the homeroom teacher sees the conduct of 6A1; the semester's end is the deadline."""
    page = _page(gs, gs.teacher)
    mine = page.section("my_classes").figures
    assert [f.label for f in mine] == ["6A1 · Toán"]
    assert mine[0].count == 24
    assert mine[0].target.params == {  # type: ignore[union-attr]
        "year": "2025-2026",
        "semester": "1",
        "subject_id": str(gs.subjects["Toán"]),
        "class": "6A1",
        "subject": "Toán",
    }
    homeroom = _page(gs, gs.homeroom).section("my_classes").figures
    assert [(f.label, f.count) for f in homeroom] == [("6A1 · Rèn luyện", 4)]
    fill_year(gs, "Lê Văn Anh", {})
    assert _page(gs, gs.teacher).figure("missing:6A1:Toán").count == 18
    end = page.figure("semester_end")
    assert end.value == "15/01/2026" and end.count == (date(2026, 1, 15) - TODAY).days
    outsider = _page(gs, gs.outsider).section("my_classes")
    assert outsider.figures == () and "chưa được phân công" in outsider.empty
    with gs.db.read() as s, pytest.raises(PermissionDenied):
        principal.page(s, gs.teacher, facts())


def test_secretary_sees_records_to_complete_and_transfers(gs: GradeSchool) -> None:
    """No student has an ID or a guardian: 4 and 4; giving one an ID and another a guardian's
    phone makes 3 and 3, as the student list filtered the same way; a transfer waits for papers."""
    sec = gs.actor("secretary")
    page = _page(gs, sec)
    assert page.figure("no_personal_id").count == 4
    assert page.figure("no_guardian_phone").count == 4
    anh, bao = gs.students["Lê Văn Anh"], gs.students["Nguyễn Văn Bảo"]
    with gs.db.uow(actor=gs.admin) as s:
        s.get(Student, anh).personal_id = "038214000001"  # type: ignore[union-attr]
        s.add(Guardian(id=uuid.uuid4(), student_id=bao, relation="me", full_name="Lê Thị Mai",
                       phone="0912345678"))  # fmt: skip
        s.add(Guardian(id=uuid.uuid4(), student_id=anh, relation="cha", full_name="Lê Văn Ba"))
    page = _page(gs, sec)
    assert page.figure("no_personal_id").count == 3
    assert page.figure("no_guardian_phone").count == 3
    with gs.db.read(sec) as s:
        for gap in (PERSONAL_ID, GUARDIAN_PHONE):
            assert count_students(s, sec, StudentFilter(gap=gap)) == 3
    assert page.figure("no_personal_id").target.params == {"gap": PERSONAL_ID}  # type: ignore[union-attr]
    assert page.figure("transfers_out").count == 0
    with gs.db.uow(actor=sec) as s:
        events.transfer_out(s, sec, bao, on=date(2025, 10, 20), reason="Theo gia đình chuyển nhà")
    page = _page(gs, sec)
    assert page.figure("transfers_out").count == 1
    assert page.figure("no_personal_id").count == 2  # Bảo no longer studies here
    assert page.figure("recent_changes").count >= 3


def test_it_coordinator_sees_health_and_locked_accounts(gs: GradeSchool) -> None:
    """A file checked an hour ago is fine, never checked is not; the journal is whole; one
    account locked out and two failed sign-ins are counted, by name."""
    cntt = gs.actor("it_coordinator")
    page = _page(gs, cntt, checked_at=NOW - timedelta(hours=1))
    assert page.figure("last_check").tone is Tone.OK
    assert _page(gs, cntt).figure("last_check").value == "Chưa kiểm tra"
    assert page.figure("journal").value == "Nguyên vẹn"
    assert page.figure("locked_out").count == 0
    with gs.db.uow(actor=gs.admin) as s:
        user = s.scalars(select(User).where(User.username == "u_teacher")).one()
        user.locked_until = NOW + timedelta(minutes=10)
        for _ in range(2):
            access_log.record(s, AccessEvent.SIGN_IN_FAILED, None, username="u_teacher", at=NOW)
    page = _page(gs, cntt)
    locked = page.figure("locked_out")
    assert (locked.count, locked.note, locked.tone) == (1, "u_teacher", Tone.BAD)
    assert page.figure("failed_logins").count == 2
    assert it.may_see_accounts(cntt) and not it.may_see_accounts(gs.actor("secretary"))


def _slip(gs: GradeSchool, number: int, status: str, due: date) -> None:
    with gs.db.uow(actor=gs.admin) as s:
        borrower = s.scalars(select(User.id).where(User.username == "u_teacher")).one()
        s.add(LoanSlip(id=uuid.uuid4(), school_code=s.info.get("school_code", ""), number=number,
                       borrower_id=borrower, start_on=due - timedelta(days=3), due_on=due,
                       status=status))  # fmt: skip


def test_equipment_officer_sees_the_lending_desk_and_the_stocktake(gs: GradeSchool) -> None:
    """One slip waiting, one out and late, one out on time, a stocktake open; the teacher
    sees their own slips due soon; the principal sees the slips to approve."""
    _slip(gs, 1, LoanStatus.PENDING, TODAY + timedelta(days=5))
    _slip(gs, 2, LoanStatus.OUT, TODAY - timedelta(days=2))
    _slip(gs, 3, LoanStatus.OUT, TODAY + timedelta(days=1))
    with gs.db.uow(actor=gs.admin) as s:
        s.add(Stocktake(id=uuid.uuid4(), school_code=s.info.get("school_code", ""), number=4))
    page = _page(gs, gs.actor("equipment_officer"))
    assert page.figure("loans_pending").count == 1
    assert page.figure("loans_overdue").count == 1
    assert page.figure("loans_overdue").tone is Tone.BAD
    assert page.figure("loans_out").count == 2
    assert page.figure("stocktake_open").value == "số 4"
    assert page.figure("loans_pending").target.params == {  # type: ignore[union-attr]
        "tab": "loans",
        "status": LoanStatus.PENDING,
    }
    due = _page(gs, gs.teacher).figure("my_loans_due")
    assert (due.count, due.tone) == (2, Tone.BAD)
    assert _page(gs, gs.actor("principal")).figure("loans_pending").count == 1
    with gs.db.read() as s, pytest.raises(PermissionDenied):
        equipment.page(s, gs.actor("secretary"), facts())


def test_each_role_gets_its_own_page(gs: GradeSchool) -> None:
    """The role picks the page; the administrator sees the principal's and the IT sections."""
    roles = {
        "principal": "grades",
        "teacher": "my_classes",
        "secretary": "records",
        "it_coordinator": "health",
        "equipment_officer": "equipment",
    }
    for role, section in roles.items():
        page = _page(gs, gs.actor(role))
        assert page.role == role and page.section(section).figures
    admin = _page(gs, gs.actor("admin"))
    assert {s.key for s in admin.sections} >= {"grades", "health", "accounts"}
    with gs.db.read() as s, pytest.raises(PermissionDenied):
        teacher.page(s, gs.actor("secretary"), facts())
    with gs.db.read() as s, pytest.raises(PermissionDenied):
        secretary.page(s, gs.teacher, facts())

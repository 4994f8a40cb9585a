"""Admitting again a student who left: a grade-9 graduate of a THCS and THPT school enters grade 10
on the same record («Nhập học»), journalled, and the year's rollover stays consistent."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from app.errors import AppError, Conflict, ValidationError
from app.journal_schema import JournalEntry
from app.rollover.plan import Action
from app.students import classes, events
from app.students.inputs import Status
from app.students.models import EventKind, Student, StudentEvent
from tests.gradebook.conftest import add_level
from tests.rollover.conftest import NEXT, Rollover
from tests.rollover.test_rollover import _class_of, _year_end

HA = "Đỗ Thị Hà"
WHY = "Trúng tuyển vào lớp 10 của trường"
FIRST_DAY = date(2026, 9, 5)


def _graduate_and_open_grade_10(ro: Rollover) -> None:
    """Hà finishes grade 9 and leaves with the rollover; the school teaches THPT, 10A1 is made."""
    _year_end(ro)
    ro.apply()
    add_level(ro.gs, "thpt")
    with ro.db.uow(actor=ro.admin) as s:
        classes.create_class(s, ro.admin, "10A1", year=NEXT)


def test_graduate_is_admitted_again_on_the_same_record(ro: Rollover) -> None:
    """«Nhập học» on a graduate: the same code and record, «Đang học» in 10A1 from the given day,
    the event says where from, the journal keeps the reason; the rollover flags nothing."""
    _graduate_and_open_grade_10(ro)
    sid = ro.finalists[HA]
    secretary = ro.gs.seeded.actor("secretary")
    with ro.db.read() as s:
        before = s.get(Student, sid)
        assert before is not None and before.status == Status.GRADUATED
        code = before.student_code
    with ro.db.uow(actor=secretary, reason=WHY) as s:
        info = events.readmit(
            s, secretary, sid, on=FIRST_DAY, class_name="10A1", reason=WHY, year=NEXT
        )
    assert info.kind == EventKind.ENROLLED and "10A1" in info.details
    assert "Đã tốt nghiệp" in info.details and info.changes
    assert _class_of(ro, HA) == "10A1"
    with ro.db.read() as s:
        student = s.get(Student, sid)
        assert student is not None and student.status == Status.ACTIVE
        assert student.student_code == code
        kinds = list(
            s.scalars(
                select(StudentEvent.kind)
                .where(StudentEvent.student_id == sid)
                .order_by(StudentEvent.event_date)
            )
        )
        journalled = s.execute(
            select(JournalEntry.reason, JournalEntry.changes).where(
                JournalEntry.entity_id == str(sid)
            )
        ).all()
    assert kinds == [EventKind.GRADUATION, EventKind.ENROLLED]
    assert any(reason == WHY and Status.ACTIVE.value in changes for reason, changes in journalled)
    plan = ro.plan()
    ha = next(m for m in plan.students if m.student_id == sid)
    assert ha.action is Action.PLACED and not ha.exception and plan.changes_nothing


@pytest.mark.parametrize(
    ("on", "cls", "why", "error"),
    [
        (FIRST_DAY, "10A1", "", ValidationError),  # a reason is required
        (FIRST_DAY, "", WHY, ValidationError),  # a class is required
        (date(2026, 5, 31), "10A1", WHY, ValidationError),  # before the new year begins
        (date(2027, 7, 1), "10A1", WHY, ValidationError),  # after it ends
    ],
)
def test_readmission_needs_a_reason_a_class_and_a_date_in_the_year(
    ro: Rollover, on: date, cls: str, why: str, error: type[AppError]
) -> None:
    """Nothing is written without a reason, a class of the year and a day within it."""
    _graduate_and_open_grade_10(ro)
    with pytest.raises(error), ro.db.uow(actor=ro.admin) as s:
        events.readmit(s, ro.admin, ro.finalists[HA], on=on, class_name=cls, reason=why, year=NEXT)
    assert _class_of(ro, HA) is None


def test_active_students_and_teachers_cannot_readmit(ro: Rollover) -> None:
    """A student still in school is not admitted twice; a teacher may not record admissions."""
    _graduate_and_open_grade_10(ro)
    anh = ro.gs.students["Lê Văn Anh"]
    with pytest.raises(Conflict, match="đang học"), ro.db.uow(actor=ro.admin) as s:
        events.readmit(s, ro.admin, anh, on=FIRST_DAY, class_name="10A1", reason=WHY, year=NEXT)
    teacher = ro.gs.teacher
    with pytest.raises(AppError), ro.db.uow(actor=teacher) as s:
        events.readmit(
            s, teacher, ro.finalists[HA], on=FIRST_DAY, class_name="10A1", reason=WHY, year=NEXT
        )
    assert _class_of(ro, HA) is None

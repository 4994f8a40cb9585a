"""Transfers, withdrawal, graduation and class moves: events, statuses, enrolments, journal."""

from __future__ import annotations

from datetime import date

import pytest

from app import journal
from app import students as st
from app.errors import Conflict, ValidationError
from tests.students.conftest import SchoolWithClasses

START = date(2025, 9, 5)


def test_transfer_out_closes_enrolment_and_sets_status(school: SchoolWithClasses) -> None:
    """Chuyển đi records the event with the other school, closes the class and is journalled."""
    saved = school.add("Lê Thị Mai", date(2014, 2, 2), "Nữ", class_name="6A1")
    sec = school.actor("secretary")
    with school.db.uow(actor=sec) as s:
        st.transfer_out(
            s, sec, saved.id, on=date(2025, 11, 20), reason="Theo gia đình", to_school="THCS Lê Lợi"
        )
    with school.db.read() as s:
        d = st.get_student_detail(s, sec, saved.id)
        history = journal.history(s, "student", str(saved.id))
        active = st.count_students(
            s, sec, st.StudentFilter(class_name="6A1", status=st.Status.ACTIVE)
        )
    assert d.status == st.Status.TRANSFERRED_OUT and d.current_class == ""
    assert d.enrolments[-1].end_date == date(2025, 11, 20)
    [event] = d.events
    assert (event.kind, event.other_school, event.reason) == (
        "chuyen_di",
        "THCS Lê Lợi",
        "Theo gia đình",
    )
    assert history[-1].changes["status"] == ["dang_hoc", "chuyen_di"]
    assert history[-1].reason == "Theo gia đình"
    assert active == 0


def test_withdraw_and_graduate(school: SchoolWithClasses) -> None:
    """Thôi học needs a reason; tốt nghiệp may go without; neither applies twice."""
    a = school.add("Phạm Văn Nam", date(2013, 3, 3), class_name="7A1")
    b = school.add("Trần Thị Lan", date(2013, 4, 4), "Nữ", class_name="7A1")
    sec = school.actor("secretary")
    with pytest.raises(ValidationError, match="lý do"), school.db.uow(actor=sec) as s:
        st.withdraw(s, sec, a.id, on=date(2026, 1, 5), reason=" ")
    with school.db.uow(actor=sec) as s:
        st.withdraw(s, sec, a.id, on=date(2026, 1, 5), reason="Hoàn cảnh khó khăn")
        st.graduate(s, sec, b.id, on=date(2026, 5, 31))
    with pytest.raises(Conflict, match="không còn đang học"), school.db.uow(actor=sec) as s:
        st.graduate(s, sec, a.id, on=date(2026, 5, 31))
    with school.db.read() as s:
        assert st.get_student_detail(s, sec, a.id).status == st.Status.WITHDRAWN
        assert [e.kind for e in st.list_events(s, sec, b.id)] == ["tot_nghiep"]


def test_event_before_enrolment_is_refused(school: SchoolWithClasses) -> None:
    """A leaving date before the student joined the class is an error; nothing is written."""
    saved = school.add("Lê Thị Mai", date(2014, 2, 2), "Nữ", class_name="6A1")
    sec = school.actor("secretary")
    with school.db.read() as s:
        start = st.get_student_detail(s, sec, saved.id).enrolments[0].start_date
    with pytest.raises(ValidationError, match="trước ngày nhập học"), school.db.uow(actor=sec) as s:
        st.transfer_out(s, sec, saved.id, on=date(start.year - 1, 1, 1), reason="Chuyển")
    with school.db.read() as s:
        assert st.get_student_detail(s, sec, saved.id).status == st.Status.ACTIVE


def test_transfer_in_creates_student_with_event(school: SchoolWithClasses) -> None:
    """Chuyển đến creates the record in the class and records where the student came from."""
    sec = school.actor("secretary")
    data = st.StudentInput(
        full_name="Hà Văn Tú", date_of_birth=date(2013, 6, 6), sex="Nam", class_name="7A1"
    )
    with school.db.uow(actor=sec) as s:
        saved = st.transfer_in(
            s, sec, data, on=date(2025, 10, 1), from_school="THCS Nga Sơn", reason="Chuyển nơi ở"
        )
    with school.db.read() as s:
        d = st.get_student_detail(s, sec, saved.id)
    assert d.current_class == "7A1" and d.enrolments[0].start_date == date(2025, 10, 1)
    assert [(e.kind, e.other_school) for e in d.events] == [("chuyen_den", "THCS Nga Sơn")]


def test_move_between_classes(school: SchoolWithClasses) -> None:
    """Moving closes the old enrolment, opens the new one and records a class change."""
    saved = school.add("Lê Thị Mai", date(2014, 2, 2), "Nữ", class_name="6A1")
    sec = school.actor("secretary")
    with school.db.uow(actor=sec) as s:
        moved = st.move_students(
            s, sec, [saved.id], school.class_7a1.id, on=date(2025, 12, 1), reason="Cân đối sĩ số"
        )
        again = st.move_students(s, sec, [saved.id], school.class_7a1.id, on=date(2025, 12, 2))
    with school.db.read() as s:
        d = st.get_student_detail(s, sec, saved.id)
        counts = {c.name: c.student_count for c in st.list_classes(s, sec)}
    assert (moved.count, again.count) == (1, 0)
    assert moved.changes.touches("enrolment", "student_event") and not again.changes
    assert d.current_class == "7A1" and d.enrolments[0].end_date == date(2025, 11, 30)
    assert [(e.kind, e.details) for e in d.events] == [("chuyen_lop", "6A1 → 7A1")]
    assert counts == {"6A1": 0, "7A1": 1}


def test_classes_create_list_and_homeroom(school: SchoolWithClasses) -> None:
    """Classes get their grade from the name, must suit the school's levels and be unique per year."""
    sec = school.actor("secretary")
    with school.db.uow(actor=sec) as s:
        info = st.create_class(s, sec, "9a2", homeroom="u_teacher")
        assert (info.name, info.grade, info.homeroom_username) == ("9A2", 9, "u_teacher")
        cleared = st.set_homeroom(s, sec, info.id, None)
        assert cleared.homeroom_username == ""
    for bad, error in (
        ("10C1", "không thuộc các cấp học"),
        ("6A1", "đã có"),
        ("lớp A", "không hợp lệ"),
    ):
        with pytest.raises((ValidationError, Conflict), match=error), school.db.uow(actor=sec) as s:
            st.create_class(s, sec, bad)

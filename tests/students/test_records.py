"""Create and update students: validation at the service, journal history, reasons, codes."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from app import journal
from app import students as st
from app.errors import ValidationError
from app.students import codes
from app.students.models import StudentCodeSequence
from tests.students.conftest import SchoolWithClasses

DOB = date(2014, 3, 2)
PID = "038314001234"  # Thanh Hóa, female, born 2014


def test_create_writes_record_guardians_class_and_journal(school: SchoolWithClasses) -> None:
    """A new student gets a code, names split, a class, guardians and insert entries in the journal."""
    saved = school.add(
        "  đặng thị  ánh ", DOB, "Nữ", personal_id=PID, ethnicity="Kinh", class_name="6A1",
        father_name="Đặng Văn Hùng", father_phone="0912 345 678",
    )  # fmt: skip
    with school.db.uow(actor=school.actor("admin")) as s:
        d = st.get_student_detail(s, school.actor("admin"), saved.id, include_sensitive=True)
        history = journal.history(s, "student", str(saved.id))
    assert (d.family_middle_name, d.given_name, d.full_name) == ("Đặng Thị", "Ánh", "Đặng Thị Ánh")
    assert d.student_code == saved.student_code == "THCS0001250001"
    assert d.current_class == "6A1" and d.personal_id == PID and d.ethnicity_code == "01"
    assert [(g.relation, g.full_name, g.phone) for g in d.guardians] == [
        ("cha", "Đặng Văn Hùng", "0912345678")
    ]
    assert history[0].op == "insert" and history[0].changes["full_name"] == "Đặng Thị Ánh"
    assert history[0].username == "u_secretary"


def test_update_journals_changes_with_reason(school: SchoolWithClasses) -> None:
    """An identity change with a reason is applied and journalled with old/new values and the reason."""
    saved = school.add("Nguyễn Văn An", DOB)
    sec = school.actor("secretary")
    with school.db.uow(actor=sec) as s:
        st.update_student(
            s, sec, saved.id, st.StudentInput(full_name="Nguyễn Văn Ân", address="Thôn 3"),
            reason="Sửa theo giấy khai sinh",
        )  # fmt: skip
    with school.db.read() as s:
        last = journal.history(s, "student", str(saved.id))[-1]
    assert last.op == "update" and last.reason == "Sửa theo giấy khai sinh"
    assert last.changes["full_name"] == ["Nguyễn Văn An", "Nguyễn Văn Ân"]
    assert last.changes["address_detail"] == ["", "Thôn 3"]


def test_identity_change_without_reason_is_refused(school: SchoolWithClasses) -> None:
    """Changing name, birth date, sex or personal ID without a reason raises and writes nothing."""
    saved = school.add("Nguyễn Văn An", DOB)
    sec = school.actor("secretary")
    for change in (
        st.StudentInput(full_name="Nguyễn Văn Bình"),
        st.StudentInput(full_name="", date_of_birth=date(2014, 3, 3)),
        st.StudentInput(full_name="", sex="Nữ"),
        st.StudentInput(full_name="", personal_id="038214001234"),
    ):
        with pytest.raises(ValidationError, match="cần ghi lý do"), school.db.uow(actor=sec) as s:
            st.update_student(s, sec, saved.id, change)
    with school.db.read() as s:
        assert len(journal.history(s, "student", str(saved.id))) == 1
    with school.db.uow(actor=sec) as s:  # a non-identity edit needs no reason
        result = st.update_student(
            s, sec, saved.id, st.StudentInput(full_name="", notes="Lớp trưởng")
        )
    assert result.changed


def test_id_mismatch_needs_a_reason_which_is_journalled(school: SchoolWithClasses) -> None:
    """An ID whose year disagrees with the birth date is kept only with a reason, journalled."""
    with pytest.raises(ValidationError, match="ghi lý do"):
        school.add("Lê Thị Hoa", date(2013, 1, 1), "Nữ", personal_id=PID)
    sec = school.actor("secretary")
    with school.db.uow(actor=sec) as s:
        saved = st.create_student(
            s, sec,
            st.StudentInput(full_name="Lê Thị Hoa", date_of_birth=date(2013, 1, 1), sex="Nữ", personal_id=PID),
            reason="Giấy khai sinh ghi 2013, CCCD ghi 2014: giữ theo CCCD",
        )  # fmt: skip
        entry = journal.history(s, "student", str(saved.id))[0]
    assert [w.code for w in saved.warnings] == ["pid_year_mismatch"]
    assert entry.reason.startswith("Giấy khai sinh ghi 2013")


def test_duplicate_personal_id_is_an_error(school: SchoolWithClasses) -> None:
    """Two students of one school may not share a personal ID."""
    school.add("Đặng Thị Ánh", DOB, "Nữ", personal_id=PID)
    with pytest.raises(ValidationError, match="đã thuộc về học sinh Đặng Thị Ánh"):
        school.add("Trần Thị Bích", DOB, "Nữ", personal_id=PID)


def test_bad_fields_raise_one_message_naming_each(school: SchoolWithClasses) -> None:
    """Every error in the form is reported at once, each naming its field."""
    with pytest.raises(ValidationError) as err:
        school.add("Lê Văn 3", DOB, "?", mother_phone="12")
    message = str(err.value)
    assert "Họ và tên:" in message and "Giới tính:" in message and "SĐT mẹ:" in message


def test_duplicate_candidate_is_a_warning_not_a_merge(school: SchoolWithClasses) -> None:
    """Same name and birth date without ID: a second record is created, with a warning."""
    first = school.add("Phạm Văn Nam", DOB)
    second = school.add("Phạm Văn Nam", DOB)
    assert first.id != second.id
    assert [w.code for w in second.warnings] == ["duplicate_candidate"]


def test_codes_are_unique_never_reused_and_follow_the_pattern(school: SchoolWithClasses) -> None:
    """Generated codes skip taken ones, never repeat after a delete, and follow the school pattern."""
    a = school.add("Nguyễn Văn A", DOB, student_code="THCS0001250002")
    b = school.add("Nguyễn Văn Bê", DOB)
    assert (a.student_code, b.student_code) == ("THCS0001250002", "THCS0001250001")
    c = school.add("Nguyễn Văn Cê", DOB)
    assert c.student_code == "THCS0001250003"  # 0002 was taken by hand
    sec = school.actor("secretary")
    with school.db.uow(actor=sec) as s:
        s.delete(s.get(st.Student, c.id))
    assert school.add("Nguyễn Văn Dê", DOB).student_code == "THCS0001250004"
    with school.db.uow(actor=sec) as s:
        codes.set_code_pattern(s, sec, "HS{year}-{seq:05d}")
        assert codes.next_codes(s, 2, 2025) == ["HS2025-00005", "HS2025-00006"]
        assert s.scalar(select(func.count()).select_from(StudentCodeSequence)) == 1
    with pytest.raises(ValidationError), school.db.uow(actor=sec) as s:
        codes.set_code_pattern(s, sec, "HS{year}")


def test_guardians_add_update_remove(school: SchoolWithClasses) -> None:
    """Guardians can be added, changed and removed; each change is journalled and searchable."""
    saved = school.add("Vũ Minh Khoa", DOB)
    sec = school.actor("secretary")
    with school.db.uow(actor=sec) as s:
        gid = st.add_guardian(
            s, sec, saved.id, st.GuardianInput("me", "Lò Thị Dợ", "0987654321")
        ).id
        st.update_guardian(
            s, sec, gid, st.GuardianInput("me", "Lò Thị Dợ", "0987000111", birth_year=1985)
        )
    flt = st.StudentFilter(search="0987000")
    with school.db.read() as s:
        assert [r.id for r in st.list_student_rows(s, sec, flt)] == [saved.id]
    with school.db.uow(actor=sec) as s:
        st.remove_guardian(s, sec, gid, reason="Nhập nhầm")
        ops = [e.op for e in journal.history(s, "guardian", str(gid))]
        assert ops == ["insert", "update", "delete"]
        assert st.list_student_rows(s, sec, flt) == []
    with pytest.raises(ValidationError), school.db.uow(actor=sec) as s:
        st.add_guardian(s, sec, saved.id, st.GuardianInput("chu", "Ai Đó"))


def test_guardian_update_keeps_personal_id_unless_given(school: SchoolWithClasses) -> None:
    """A form that never showed a guardian's ID (None) keeps it; an empty string clears it."""
    from app.students.models import Guardian

    saved = school.add("Vũ Minh Khôi", DOB)
    sec = school.actor("secretary")
    with school.db.uow(actor=sec) as s:
        gid = st.add_guardian(
            s, sec, saved.id, st.GuardianInput("cha", "Vũ Văn Tài", personal_id="038080001234")
        ).id
        st.update_guardian(s, sec, gid, st.GuardianInput("cha", "Vũ Văn Tài", "0912345678"))
        assert s.get(Guardian, gid).personal_id == "038080001234"
        st.update_guardian(s, sec, gid, st.GuardianInput("cha", "Vũ Văn Tài", personal_id=""))
        assert s.get(Guardian, gid).personal_id is None

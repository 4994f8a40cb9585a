"""Who may do what with student records, for every role."""

from __future__ import annotations

from datetime import date

import pytest

from app import access_log, journal
from app import students as st
from app.access_log import AccessEvent
from app.errors import PermissionDenied
from app.permissions import Role
from tests.students.conftest import SchoolWithClasses

EDITORS = {Role.ADMIN, Role.SECRETARY}
READERS = {Role.ADMIN, Role.SECRETARY, Role.PRINCIPAL, Role.TEACHER}
SENSITIVE = {Role.ADMIN, Role.SECRETARY, Role.PRINCIPAL}


@pytest.fixture
def two(school: SchoolWithClasses) -> tuple[SchoolWithClasses, st.SavedStudent, st.SavedStudent]:
    """One student in 6A1 (the teacher's class) and one in 7A1."""
    a = school.add(
        "Lê Thị Mai", date(2014, 2, 2), "Nữ", class_name="6A1", personal_id="038314000001"
    )
    b = school.add("Phạm Văn Nam", date(2013, 3, 3), class_name="7A1")
    return school, a, b


def test_edit_rights_per_role(
    two: tuple[SchoolWithClasses, st.SavedStudent, st.SavedStudent],
) -> None:
    """Only secretaries and admins create, edit, upsert or move students."""
    school, a, _ = two
    for role in Role:
        actor = school.actor(role)
        allowed = role in EDITORS
        new = st.StudentInput(
            full_name=f"Học Sinh {role.value.title().replace('_', '')}",
            date_of_birth=date(2014, 1, 1),
            sex="Nam",
        )
        actions = [
            lambda s, actor=actor, new=new: st.create_student(s, actor, new),
            lambda s, actor=actor: st.update_student(
                s, actor, a.id, st.StudentInput(full_name="", notes="x")
            ),
            lambda s, actor=actor, new=new: st.upsert_students(s, actor, [new], reason="Nhập"),
            lambda s, actor=actor: st.enrol(s, actor, a.id, school.class_7a1.id),
        ]
        for action in actions:
            if allowed:
                with school.db.uow(actor=actor) as s:
                    action(s)
            else:
                with pytest.raises(PermissionDenied), school.db.uow(actor=actor) as s:
                    action(s)


def test_read_rights_per_role(
    two: tuple[SchoolWithClasses, st.SavedStudent, st.SavedStudent],
) -> None:
    """Office roles read everyone; a teacher only their class; others nothing."""
    school, a, b = two
    for role in Role:
        actor = school.actor(role)
        with school.db.read() as s:
            if role not in READERS:
                with pytest.raises(PermissionDenied):
                    st.count_students(s, actor, st.StudentFilter())
                with pytest.raises(PermissionDenied):
                    st.get_student_detail(s, actor, a.id)
                continue
            count = st.count_students(s, actor, st.StudentFilter())
            assert count == (1 if role == Role.TEACHER else 2), role
            assert st.get_student_detail(s, actor, a.id).full_name == "Lê Thị Mai"
            if role == Role.TEACHER:
                with pytest.raises(PermissionDenied, match="chủ nhiệm"):
                    st.get_student_detail(s, actor, b.id)


def test_sensitive_view_needs_permission_and_is_journalled(
    two: tuple[SchoolWithClasses, st.SavedStudent, st.SavedStudent],
) -> None:
    """Personal ID and health are hidden by default; showing them is allowed to office roles and logged."""
    school, a, _ = two
    for role in READERS:
        actor = school.actor(role)
        with school.db.read() as s:
            plain = st.get_student_detail(s, actor, a.id)
        assert (
            plain.personal_id is None and plain.health_notes is None and not plain.sensitive_shown
        )
        if role not in SENSITIVE:
            with pytest.raises(PermissionDenied), school.db.uow(actor=actor) as s:
                st.get_student_detail(s, actor, a.id, include_sensitive=True)
            continue
        with school.db.uow(actor=actor) as s:
            full = st.get_student_detail(s, actor, a.id, include_sensitive=True)
        assert full.personal_id == "038314000001"
    with school.db.read() as s:
        assert not [e for e in journal.history(s, "student", str(a.id)) if e.op == "event"]
        views = access_log.entries(s, school.actor("admin"))
    assert sorted(e.username for e in views) == sorted(f"u_{r.value}" for r in SENSITIVE)
    assert {(e.event, e.entity_id) for e in views} == {(AccessEvent.SENSITIVE_VIEWED, str(a.id))}

"""The record and its guardians saved together (``app.students.with_guardians``), without Qt."""

from __future__ import annotations

import uuid
from datetime import date

import pytest

from app import students as st
from app.changes import Changes
from app.errors import ValidationError
from app.students.changes import STUDENT_CHANGES
from app.students.with_guardians import (
    GuardianChange,
    SaveRequest,
    guardian_change,
    save_with_guardians,
)
from tests.students.conftest import SchoolWithClasses

FATHER_PID = st.make_personal_id("038", date(1984, 5, 5), "nam", 8765)


def _save(school: SchoolWithClasses, req: SaveRequest) -> st.SavedStudent:
    sec = school.actor("secretary")
    with school.db.uow(actor=sec, reason=req.reason or "Lưu hồ sơ") as s:
        return save_with_guardians(s, sec, req)


def _detail(school: SchoolWithClasses, sid: uuid.UUID) -> st.StudentDetail:
    sec = school.actor("secretary")
    with school.db.uow(actor=sec) as s:
        return st.get_student_detail(s, sec, sid, include_sensitive=True)


def _new(school: SchoolWithClasses, *guardians: st.GuardianInput) -> st.SavedStudent:
    data = st.StudentInput(
        full_name="Lò Văn Páo", date_of_birth=date(2014, 4, 4), sex="Nam", class_name="6A1"
    )
    changes = tuple(GuardianChange(g.relation, None, g) for g in guardians)
    return _save(school, SaveRequest(None, data, changes))


def _guardian(d: st.StudentDetail, relation: str) -> st.GuardianInfo:
    return next(g for g in d.guardians if g.relation == relation)


def test_new_student_with_guardians_in_one_save(school: SchoolWithClasses) -> None:
    """A new record and its father and mother are written together and say what changed."""
    saved = _new(
        school,
        st.GuardianInput("cha", "Lò Văn Sáng", "0912345678", personal_id=FATHER_PID),
        st.GuardianInput("me", "Vàng Thị Mai", "0987654321", birth_year=1988),
    )
    d = _detail(school, saved.id)
    assert saved.changed and saved.changes == STUDENT_CHANGES
    assert d.current_class == "6A1"
    assert {(g.relation, g.full_name, g.phone) for g in d.guardians} == {
        ("cha", "Lò Văn Sáng", "0912345678"),
        ("me", "Vàng Thị Mai", "0987654321"),
    }
    assert _guardian(d, "cha").personal_id == FATHER_PID


def test_update_changes_one_guardian_and_removes_another(school: SchoolWithClasses) -> None:
    """Editing the father and clearing the mother updates one row and deletes the other."""
    saved = _new(
        school,
        st.GuardianInput("cha", "Lò Văn Sáng", "0912345678"),
        st.GuardianInput("me", "Vàng Thị Mai"),
    )
    d = _detail(school, saved.id)
    father, mother = _guardian(d, "cha"), _guardian(d, "me")
    edited = st.GuardianInput("cha", "Lò Văn Sáng", "0911222333", occupation="Làm ruộng")
    req = SaveRequest(
        saved.id,
        st.StudentInput(full_name="Lò Văn Páo"),
        (GuardianChange("cha", father, edited), GuardianChange("me", mother, None)),
        reason="Theo đơn của gia đình",
    )
    again = _save(school, req)
    after = _detail(school, saved.id)
    assert again.changes == STUDENT_CHANGES
    assert [(g.relation, g.phone, g.occupation) for g in after.guardians] == [
        ("cha", "0911222333", "Làm ruộng")
    ]


def test_hidden_id_keeps_the_guardian_id(school: SchoolWithClasses) -> None:
    """With IDs hidden, a guardian's new name and phone go through the record and the ID stays."""
    saved = _new(school, st.GuardianInput("cha", "Lò Văn Sáng", personal_id=FATHER_PID))
    sec = school.actor("secretary")
    with school.db.read(sec) as s:
        hidden = st.get_student_detail(s, sec, saved.id)
    father = _guardian(hidden, "cha")
    assert father.personal_id is None
    typed = st.GuardianInput("cha", "Lò Văn Sang", "0912000111", personal_id="")
    change = guardian_change("cha", father, typed, sensitive_shown=False)
    assert change is not None
    data = st.StudentInput(full_name="Lò Văn Páo")
    req = SaveRequest(saved.id, data, (change,), sensitive_shown=False)
    _save(school, req)
    after = _guardian(_detail(school, saved.id), "cha")
    assert (after.full_name, after.phone, after.personal_id) == (
        "Lò Văn Sang",
        "0912000111",
        FATHER_PID,
    )


def test_guardian_change_says_when_nothing_changed() -> None:
    """The same values, or only an ID that is hidden, is no change; an emptied box removes."""
    stored = st.GuardianInfo(uuid.uuid4(), "me", "Vàng Thị Mai", 1988, "", "0987654321", None)
    same = st.GuardianInput("me", "Vàng Thị Mai", "0987654321", 1988, "", "001188000123")
    assert guardian_change("me", stored, same, sensitive_shown=False) is None
    assert guardian_change("me", stored, same, sensitive_shown=True) is not None
    assert guardian_change("me", None, None, sensitive_shown=True) is None
    removal = guardian_change("me", stored, None, sensitive_shown=True)
    assert removal is not None and removal.removed


def test_a_bad_guardian_writes_nothing(school: SchoolWithClasses) -> None:
    """A guardian the services refuse leaves no half-saved record behind."""
    with pytest.raises(ValidationError):
        _new(school, st.GuardianInput("cha", "Lò Văn Sáng", birth_year=1800))
    sec = school.actor("secretary")
    with school.db.read(sec) as s:
        assert st.count_students(s, sec, st.StudentFilter()) == 0


def test_unchanged_save_announces_nothing(school: SchoolWithClasses) -> None:
    """Saving a record as it is changes nothing, so no page needs to refresh."""
    saved = _new(school)
    again = _save(school, SaveRequest(saved.id, st.StudentInput(full_name="Lò Văn Páo")))
    assert not again.changed and again.changes == Changes()

"""Qualities and competencies and nominations (TT27): homeroom teacher, validation, locks, journal."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select

from app.changes import Changes
from app.db import Actor
from app.errors import PermissionDenied, ValidationError
from app.gradebook import locking
from app.gradebook.entry import CellValidationError, SaveResult
from app.gradebook.models import PrimaryNomination, PrimaryRating
from app.gradebook.primary_ratings import (
    RatingEdit,
    RatingSheet,
    nominations,
    rating_sheet,
    save_ratings,
    set_nomination,
)
from app.journal import JournalEntry
from tests.gradebook.conftest import add_student, make_class
from tests.gradebook_primary.conftest import PrimarySchool

ANH = "Lê Văn Anh"


def _sheet(
    ps: PrimarySchool, semester: int = 1, checkpoint: int = 2, actor: Actor | None = None
) -> RatingSheet:
    with ps.db.read() as s:
        return rating_sheet(s, actor or ps.homeroom, ps.class_id, semester, checkpoint)


def _rate(
    ps: PrimarySchool,
    values: dict[str, str],
    *,
    semester: int = 1,
    checkpoint: int = 2,
    who: str = ANH,
    actor: Actor | None = None,
    reason: str | None = None,
) -> SaveResult:
    actor = actor or ps.homeroom
    edits = [RatingEdit(ps.students[who], name, value) for name, value in values.items()]
    with ps.db.uow(actor=actor) as s:
        return save_ratings(s, actor, ps.class_id, semester, checkpoint, edits, reason)


def _nominate(
    ps: PrimarySchool, text: str, actor: Actor | None = None, reason: str | None = None
) -> Changes:
    actor = actor or ps.homeroom
    with ps.db.uow(actor=actor) as s:
        return set_nomination(s, actor, ps.class_id, ps.students[ANH], text, reason)


def _ratings(ps: PrimarySchool) -> set[tuple[int, int, str, str]]:
    with ps.db.read() as s:
        return {
            (r.semester, r.checkpoint, r.name, r.value) for r in s.scalars(select(PrimaryRating))
        }


def test_sheet_lists_the_grade_ratings_and_what_is_missing(ps: PrimarySchool) -> None:
    """Grade 4 has 15 qualities and competencies; an empty sheet is all missing, in name order."""
    sheet = _sheet(ps)
    assert len(sheet.names) == 15 and sheet.names[0].name == "Yêu nước"
    assert [line.full_name for line in sheet.lines] == [
        "Lê Văn Anh",
        "Trần Thị Ánh",
        "Nguyễn Văn Bảo",
        "Phạm Minh Châu",
    ]
    assert len(sheet.lines[0].missing) == 15
    assert (sheet.grade, sheet.semester, sheet.checkpoint, sheet.locked) == (4, 1, 2, False)
    assert sheet.editable
    assert not _sheet(ps, actor=ps.teacher).editable


def test_save_update_clear_ratings(ps: PrimarySchool) -> None:
    """Names (or short names) and values (T/Đ/C) are stored canonically; "" deletes the rating."""
    first = _rate(ps, {"Chăm chỉ": "T", "na": "đạt", "Tự chủ và tự học": "Cần cố gắng"})
    assert (first.inserted, first.updated, first.deleted) == (3, 0, 0)
    assert first.changes.touches("primary_rating")
    assert _ratings(ps) == {
        (1, 2, "Chăm chỉ", "Tốt"),
        (1, 2, "Nhân ái", "Đạt"),
        (1, 2, "Tự chủ và tự học", "Cần cố gắng"),
    }
    second = _rate(ps, {"Chăm chỉ": "Đ", "Nhân ái": "", "Tự chủ và tự học": "c"})
    assert (second.inserted, second.updated, second.deleted, second.unchanged) == (0, 1, 1, 1)
    line = _sheet(ps).lines[0]
    assert line.values["Chăm chỉ"] == "Đạt" and line.values["Nhân ái"] is None
    assert "Nhân ái" in line.missing and "Chăm chỉ" not in line.missing
    assert _sheet(ps, checkpoint=1).lines[0].values["Chăm chỉ"] is None


def test_invalid_ratings_are_refused_and_nothing_is_written(ps: PrimarySchool) -> None:
    """An unknown name and a value outside Tốt/Đạt/Cần cố gắng are refused with student and reason."""
    with pytest.raises(CellValidationError) as err:
        _rate(ps, {"Chăm chỉ": "Giỏi", "Sáng tạo": "T", "Nhân ái": "T"})
    problems = {p.column: p for p in err.value.problems}
    assert set(problems) == {"Chăm chỉ", "Sáng tạo"}
    assert problems["Chăm chỉ"].message == (
        "Lê Văn Anh (TH003), cột Chăm chỉ, giá trị “Giỏi”: "
        "“Giỏi” không hợp lệ: chỉ nhận Tốt (T), Đạt (Đ) hoặc Cần cố gắng (C)."
    )
    assert problems["Sáng tạo"].reason.startswith("lớp 4 không đánh giá “Sáng tạo”")
    assert _ratings(ps) == set()


def test_grade_two_has_no_informatics_competency(ps: PrimarySchool) -> None:
    """Tin học and Công nghệ competencies are rated from grade 3 only."""
    class_id = make_class(ps.db, "2A", 2, ps.homeroom.user_id)
    sid = add_student(ps.db, class_id, "Mai Thị Lan", "TH201")
    with ps.db.read() as s:
        sheet = rating_sheet(s, ps.homeroom, class_id, 1, 1)
    assert len(sheet.names) == 13 and "Tin học" not in {d.name for d in sheet.names}
    with ps.db.uow(actor=ps.homeroom) as s, pytest.raises(CellValidationError) as err:
        save_ratings(s, ps.homeroom, class_id, 1, 1, [RatingEdit(sid, "Tin học", "T")])
    assert err.value.problems[0].reason.startswith("lớp 2 không đánh giá “Tin học”")


def test_only_homeroom_or_supervisor_rates(ps: PrimarySchool) -> None:
    """A subject teacher of the class may read but not rate; the principal may rate."""
    with pytest.raises(PermissionDenied, match="không phải giáo viên chủ nhiệm lớp 4A"):
        _rate(ps, {"Chăm chỉ": "T"}, actor=ps.teacher)
    assert _rate(ps, {"Chăm chỉ": "T"}, actor=ps.actor("principal")).inserted == 1
    with pytest.raises(PermissionDenied):
        _sheet(ps, actor=ps.outsider)


def test_student_outside_class_and_bad_checkpoint_are_refused(ps: PrimarySchool) -> None:
    """A student not on the list is a cell problem; checkpoint 3 does not exist."""
    stranger = uuid.uuid4()
    with ps.db.uow(actor=ps.homeroom) as s, pytest.raises(CellValidationError) as err:
        save_ratings(s, ps.homeroom, ps.class_id, 1, 2, [RatingEdit(stranger, "Chăm chỉ", "T")])
    assert err.value.problems[0].reason == "học sinh không có trong danh sách lớp 4A"
    with pytest.raises(ValidationError, match="Thời điểm đánh giá “3” không hợp lệ"):
        _sheet(ps, checkpoint=3)


def test_locked_semester_ratings_need_principal_and_reason(ps: PrimarySchool) -> None:
    """Locked semester II: the homeroom teacher is refused; the principal's reason is journalled."""
    _rate(ps, {"Chăm chỉ": "Đ"}, semester=2)
    principal = ps.actor("principal")
    with ps.db.uow(actor=principal) as s:
        locking.lock_semester(s, principal, ps.class_id, 2)
    sheet = _sheet(ps, semester=2)
    assert sheet.locked and not sheet.editable
    with pytest.raises(PermissionDenied, match="đã khóa"):
        _rate(ps, {"Chăm chỉ": "T"}, semester=2)
    with pytest.raises(ValidationError, match="lý do"):
        _rate(ps, {"Chăm chỉ": "T"}, semester=2, actor=principal)
    assert _rate(ps, {"Chăm chỉ": "T"}, semester=1).inserted == 1
    done = _rate(ps, {"Chăm chỉ": "T"}, semester=2, actor=principal, reason="Họp hội đồng xét lại")
    assert done.updated == 1
    with ps.db.read() as s:
        reasons = s.scalars(
            select(JournalEntry.reason).where(
                JournalEntry.entity_type == "primary_rating", JournalEntry.reason != ""
            )
        ).all()
    assert reasons == ["Họp hội đồng xét lại"]


def test_nomination_set_update_remove(ps: PrimarySchool) -> None:
    """A nomination is stored trimmed, updated, readable per class, and "" removes it."""
    assert _nominate(ps, "  Giải nhất   Olympic Toán cấp huyện ").touches("primary_nomination")
    with ps.db.read() as s:
        assert nominations(s, ps.teacher, ps.class_id) == {
            ps.students[ANH]: "Giải nhất Olympic Toán cấp huyện"
        }
    assert not _nominate(ps, "Giải nhất Olympic Toán cấp huyện")
    assert _nominate(ps, "Giải nhì Olympic Toán cấp tỉnh")
    assert _nominate(ps, "")
    with ps.db.read() as s:
        assert s.scalars(select(PrimaryNomination)).all() == []
        assert nominations(s, ps.homeroom, ps.class_id) == {}
    assert not _nominate(ps, "")


def test_nomination_is_checked(ps: PrimarySchool) -> None:
    """Too long a text, a student outside the class and a non-homeroom teacher are refused."""
    with pytest.raises(ValidationError, match="Lê Văn Anh: thành tích dài quá 500 ký tự"):
        _nominate(ps, "x" * 501)
    with ps.db.uow(actor=ps.homeroom) as s, pytest.raises(ValidationError, match="lớp 4A"):
        set_nomination(s, ps.homeroom, ps.class_id, uuid.uuid4(), "Giải nhất")
    with pytest.raises(PermissionDenied):
        _nominate(ps, "Giải nhất", actor=ps.teacher)
    with ps.db.read() as s:
        assert s.scalars(select(PrimaryNomination)).all() == []


def test_nomination_after_year_lock_needs_reason(ps: PrimarySchool) -> None:
    """Locking semester II closes nominations: the principal changes them with a journalled reason."""
    principal = ps.actor("principal")
    with ps.db.uow(actor=principal) as s:
        locking.lock_semester(s, principal, ps.class_id, 2)
    with pytest.raises(PermissionDenied, match="đã khóa"):
        _nominate(ps, "Giải nhất Olympic")
    with pytest.raises(ValidationError, match="lý do"):
        _nominate(ps, "Giải nhất Olympic", actor=principal)
    _nominate(ps, "Giải nhất Olympic", actor=principal, reason="Bổ sung theo biên bản họp lớp")
    with ps.db.read() as s:
        reasons = s.scalars(
            select(JournalEntry.reason).where(JournalEntry.entity_type == "primary_nomination")
        ).all()
    assert reasons == ["Bổ sung theo biên bản họp lớp"]

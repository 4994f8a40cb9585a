"""Who may enter, view, lock and change grades; every boundary in the services."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.errors import Conflict, PermissionDenied, ValidationError
from app.gradebook.conduct import ConductEdit, conduct_sheet, save_conduct
from app.gradebook.entry import CellEdit, save_scores
from app.gradebook.grid import grade_grid
from app.gradebook.history import grade_history
from app.gradebook.locking import lock_semester, lock_status, unlock_semester
from app.gradebook.models import Assessment
from tests.gradebook.conftest import GradeSchool

ANH = "Lê Văn Anh"


def _toan(
    gs: GradeSchool, actor, value: str, reason: str | None = None, column: str = "TX1"
) -> None:  # type: ignore[no-untyped-def]
    with gs.db.uow(actor=actor) as s:
        save_scores(
            s,
            actor,
            gs.class_id,
            gs.subjects["Toán"],
            1,
            [CellEdit(gs.students[ANH], column, value)],
            reason,
        )


def _count(gs: GradeSchool) -> int:
    with gs.db.read() as s:
        return int(s.scalar(select(func.count()).select_from(Assessment)) or 0)


def test_assigned_teacher_enters_only_their_subject(gs: GradeSchool) -> None:
    """u_teacher is assigned Toán in 6A1: Toán is accepted, Ngữ văn is refused."""
    _toan(gs, gs.teacher, "8")
    assert _count(gs) == 1
    with pytest.raises(PermissionDenied) as err, gs.db.uow(actor=gs.teacher) as s:
        save_scores(
            s,
            gs.teacher,
            gs.class_id,
            gs.subjects["Ngữ văn"],
            1,
            [CellEdit(gs.students[ANH], "TX1", "8")],
        )
    assert "không được phân công dạy môn Ngữ văn ở lớp 6A1" in err.value.message
    assert _count(gs) == 1


def test_unassigned_teacher_and_secretary_are_denied(gs: GradeSchool) -> None:
    """A teacher without an assignment, and a secretary (no ENTER_GRADES), write nothing."""
    with pytest.raises(PermissionDenied):
        _toan(gs, gs.outsider, "8")
    with pytest.raises(PermissionDenied):
        _toan(gs, gs.actor("secretary"), "8")
    assert _count(gs) == 0


def test_grid_visibility(gs: GradeSchool) -> None:
    """The subject teacher, the homeroom teacher and the secretary see the grid; another teacher does not."""
    for actor in (gs.teacher, gs.homeroom, gs.actor("secretary"), gs.actor("principal")):
        with gs.db.read() as s:
            grid = grade_grid(s, actor, gs.class_id, gs.subjects["Toán"], 1)
        assert len(grid.rows) == 4
    with gs.db.read() as s:
        assert grade_grid(s, gs.teacher, gs.class_id, gs.subjects["Toán"], 1).editable
        assert not grade_grid(s, gs.homeroom, gs.class_id, gs.subjects["Toán"], 1).editable
        with pytest.raises(PermissionDenied):
            grade_grid(s, gs.outsider, gs.class_id, gs.subjects["Toán"], 1)
        with pytest.raises(PermissionDenied):
            grade_grid(s, gs.actor("equipment_officer"), gs.class_id, gs.subjects["Toán"], 1)


def test_homeroom_teacher_owns_conduct_and_absences(gs: GradeSchool) -> None:
    """Conduct and absences: the homeroom teacher and the principal may; the subject teacher may not."""
    edit = ConductEdit(gs.students[ANH], "Tốt", "2", "1")
    with pytest.raises(PermissionDenied) as err, gs.db.uow(actor=gs.teacher) as s:
        save_conduct(s, gs.teacher, gs.class_id, 1, [edit])
    assert "không phải giáo viên chủ nhiệm lớp 6A1" in err.value.message
    with gs.db.uow(actor=gs.homeroom) as s:
        save_conduct(s, gs.homeroom, gs.class_id, 1, [edit])
    with gs.db.uow(actor=gs.actor("principal")) as s:
        save_conduct(
            s,
            gs.actor("principal"),
            gs.class_id,
            1,
            [ConductEdit(gs.students["Trần Thị Ánh"], "k", "0", "0")],
        )
    with gs.db.read() as s:
        lines = {line.full_name: line for line in conduct_sheet(s, gs.homeroom, gs.class_id, 1)}
    assert (lines[ANH].conduct, lines[ANH].absent_excused, lines[ANH].absent_unexcused) == (
        "Tốt",
        2,
        1,
    )
    assert lines["Trần Thị Ánh"].conduct == "Khá"
    assert lines["Nguyễn Văn Bảo"].missing


def test_invalid_conduct_is_rejected_whole(gs: GradeSchool) -> None:
    """A wrong level or a negative absence refuses the whole batch, naming the student and column."""
    edits = [
        ConductEdit(gs.students[ANH], "Tốt"),
        ConductEdit(gs.students["Trần Thị Ánh"], "Giỏi", "-1"),
    ]
    with pytest.raises(ValidationError) as err, gs.db.uow(actor=gs.homeroom) as s:
        save_conduct(s, gs.homeroom, gs.class_id, 1, edits)
    assert "Trần Thị Ánh (HS002), cột Rèn luyện, giá trị “Giỏi”" in err.value.message
    with gs.db.read() as s:
        assert all(line.missing for line in conduct_sheet(s, gs.homeroom, gs.class_id, 1))


def test_only_the_principal_locks_and_unlocks(gs: GradeSchool) -> None:
    """Teachers and secretaries cannot lock; the principal locks; unlocking needs a reason."""
    principal = gs.actor("principal")
    for actor in (gs.teacher, gs.homeroom, gs.actor("secretary")):
        with pytest.raises(PermissionDenied), gs.db.uow(actor=actor) as s:
            lock_semester(s, actor, gs.class_id, 1)
    with gs.db.uow(actor=principal) as s:
        lock_semester(s, principal, gs.class_id, 1)
    with pytest.raises(Conflict), gs.db.uow(actor=principal) as s:
        lock_semester(s, principal, gs.class_id, 1)
    with pytest.raises(ValidationError), gs.db.uow(actor=principal) as s:
        unlock_semester(s, principal, gs.class_id, 1, "  ")
    with pytest.raises(PermissionDenied), gs.db.uow(actor=gs.teacher) as s:
        unlock_semester(s, gs.teacher, gs.class_id, 1, "Sửa điểm nhập nhầm")
    with gs.db.read() as s:
        status = lock_status(s, gs.teacher, gs.class_id)
    assert [(x.semester, x.locked, x.changed_by) for x in status] == [
        (1, True, "u_principal"),
        (2, False, ""),
    ]


def test_change_after_lock_needs_principal_and_reason(gs: GradeSchool) -> None:
    """Locked: the teacher is refused, the principal without a reason is refused, with a reason it is saved."""
    principal = gs.actor("principal")
    _toan(gs, gs.teacher, "8")
    with gs.db.uow(actor=principal) as s:
        lock_semester(s, principal, gs.class_id, 1)
    with pytest.raises(PermissionDenied) as err:
        _toan(gs, gs.teacher, "9", reason="Chấm lại bài")
    assert "đã khóa" in err.value.message
    with pytest.raises(ValidationError) as err2:
        _toan(gs, principal, "9")
    assert "lý do" in err2.value.message
    with gs.db.read() as s:
        grid = grade_grid(s, gs.teacher, gs.class_id, gs.subjects["Toán"], 1)
    assert grid.locked and not grid.editable
    _toan(gs, principal, "9", reason="Phúc khảo bài kiểm tra, chấm lại")
    with gs.db.read() as s:
        row = grade_grid(s, principal, gs.class_id, gs.subjects["Toán"], 1).rows[0]
        history = grade_history(s, gs.teacher, gs.students[ANH])
    assert row.cell("TX1").text == "9"
    changes = [
        (h.what, h.old, h.new, h.reason, h.username) for h in history if h.what.startswith("Toán")
    ]
    assert changes == [
        ("Toán · Học kì I · TX1", "", "8", "", "u_teacher"),
        ("Toán · Học kì I · TX1", "8", "9", "Phúc khảo bài kiểm tra, chấm lại", "u_principal"),
    ]
    locks = [(h.what, h.old, h.new) for h in history if h.what.startswith("Sổ điểm")]
    assert locks == [("Sổ điểm lớp 6A1 · Học kì I", "", "khóa")]


def test_conduct_after_lock_needs_principal_and_reason(gs: GradeSchool) -> None:
    """A locked semester's conduct is closed to the homeroom teacher; the principal changes it with a reason."""
    principal = gs.actor("principal")
    edit = ConductEdit(gs.students[ANH], "Khá")
    with gs.db.uow(actor=principal) as s:
        lock_semester(s, principal, gs.class_id, 2)
    with pytest.raises(PermissionDenied), gs.db.uow(actor=gs.homeroom) as s:
        save_conduct(s, gs.homeroom, gs.class_id, 2, [edit])
    with gs.db.uow(actor=principal) as s:
        save_conduct(s, principal, gs.class_id, 2, [edit], reason="Hội đồng xét lại rèn luyện")
    with gs.db.read() as s:
        history = grade_history(s, principal, gs.students[ANH])
    assert ("Rèn luyện · Học kì II", "", "Khá", "Hội đồng xét lại rèn luyện") in [
        (h.what, h.old, h.new, h.reason) for h in history
    ]


def test_unlock_is_journalled_and_reopens_entry(gs: GradeSchool) -> None:
    """Unlocking records the reason in the history; the teacher can then edit without one."""
    principal = gs.actor("principal")
    _toan(gs, gs.teacher, "8")
    with gs.db.uow(actor=principal) as s:
        lock_semester(s, principal, gs.class_id, 1)
    with gs.db.uow(actor=principal) as s:
        unlock_semester(s, principal, gs.class_id, 1, "Giáo viên nhập thiếu điểm TX2")
    _toan(gs, gs.teacher, "7", column="TX2")
    with gs.db.read() as s:
        history = grade_history(s, gs.homeroom, gs.students[ANH])
    locks = [(h.old, h.new, h.reason) for h in history if h.what.startswith("Sổ điểm")]
    assert locks == [
        ("", "khóa", "Khóa sổ điểm"),
        ("khóa", "mở khóa", "Giáo viên nhập thiếu điểm TX2"),
    ]


def test_history_is_closed_to_unrelated_teachers(gs: GradeSchool) -> None:
    """A teacher who neither teaches nor leads the student's class cannot read the grade history."""
    with gs.db.read() as s, pytest.raises(PermissionDenied):
        grade_history(s, gs.outsider, gs.students[ANH])

"""Primary (TT27) subject cells: the grid's columns and flags, saving, refusals, permissions, locks."""

from __future__ import annotations

import uuid
from datetime import date

import pytest
from sqlalchemy import select

from app.db import Actor
from app.errors import PermissionDenied, ValidationError
from app.gradebook import catalogue, locking
from app.gradebook.catalogue import SubjectEdit
from app.gradebook.entry import CellValidationError, SaveResult
from app.gradebook.models import Assessment
from app.gradebook.primary.grid import PrimaryGrid, primary_grid
from app.gradebook.primary_entry import PCellEdit, describe_pslot, save_cells
from app.journal import JournalEntry
from tests.gradebook.conftest import YEAR, add_student, make_class
from tests.gradebook_primary.conftest import PrimarySchool

ANH = "Lê Văn Anh"


def _grid(
    ps: PrimarySchool, subject: str, semester: int = 1, actor: Actor | None = None
) -> PrimaryGrid:
    with ps.db.read() as s:
        return primary_grid(s, actor or ps.admin, ps.class_id, ps.subjects[subject], semester)


def _save(
    ps: PrimarySchool,
    subject: str,
    semester: int,
    cells: dict[str, str],
    who: str = ANH,
    actor: Actor | None = None,
    reason: str | None = None,
) -> SaveResult:
    edits = [PCellEdit(ps.students[who], col, value) for col, value in cells.items()]
    actor = actor or ps.homeroom
    with ps.db.uow(actor=actor) as s:
        return save_cells(s, actor, ps.class_id, ps.subjects[subject], semester, edits, reason)


def _stored(ps: PrimarySchool, subject: str | None = None) -> set[tuple[str, int, int, str]]:
    """(kind, semester, checkpoint, value) of every assessment row of the class."""
    with ps.db.read() as s:
        stmt = select(Assessment).where(Assessment.class_id == ps.class_id)
        if subject:
            stmt = stmt.where(Assessment.subject_id == ps.subjects[subject])
        return {(a.kind, a.semester, a.number, a.value) for a in s.scalars(stmt)}


def test_grade_four_toan_has_tests_at_both_checkpoints(ps: PrimarySchool) -> None:
    """Grade 4 Toán: level, mid-semester test, comment, then the same at the end of semester."""
    grid = _grid(ps, "Toán")
    assert [c.key for c in grid.columns] == ["MD1", "KT1", "NX1", "MD2", "KT2", "NX2"]
    assert [c.label for c in grid.columns] == [
        "Mức GK I",
        "KT GK I",
        "Nhận xét GK I",
        "Mức CK I",
        "KT CK I",
        "Nhận xét CK I",
    ]
    assert [c.required for c in grid.columns] == [True, True, False, True, True, False]
    assert (grid.grade, grid.class_name, grid.school_year) == (4, "4A", YEAR)
    year_end = _grid(ps, "Toán", semester=2)
    assert [c.label for c in year_end.columns][:4] == [
        "Mức GK II",
        "KT GK II",
        "Nhận xét GK II",
        "Mức cuối năm",
    ]


def test_comment_only_subject_has_no_test_columns(ps: PrimarySchool) -> None:
    """Đạo đức is assessed by levels and comments only: no KT column at any checkpoint."""
    assert [c.key for c in _grid(ps, "Đạo đức").columns] == ["MD1", "NX1", "MD2", "NX2"]
    assert [c.key for c in _grid(ps, "Khoa học").columns] == ["MD1", "NX1", "MD2", "KT2", "NX2"]


def test_grade_three_toan_has_no_midterm_test(ps: PrimarySchool) -> None:
    """Grade 3 Toán has its test only at the end of the semester; typing KT1 there is refused."""
    class_id = make_class(ps.db, "3A", 3, ps.homeroom.user_id)
    sid = add_student(ps.db, class_id, "Đỗ Thị Hoa", "TH301")
    with ps.db.read() as s:
        toan = catalogue.find_subject(s, YEAR, 3, "Toán").id
        grid = primary_grid(s, ps.admin, class_id, toan, 1)
    assert [c.key for c in grid.columns] == ["MD1", "NX1", "MD2", "KT2", "NX2"]
    with ps.db.uow(actor=ps.admin) as s, pytest.raises(CellValidationError) as err:
        save_cells(s, ps.admin, class_id, toan, 1, [PCellEdit(sid, "KT1", "8")])
    assert err.value.problems[0].reason == (
        "môn Toán lớp 3 không có bài kiểm tra định kì giữa HK I"
    )


def test_missing_flags_follow_required_cells_and_current_students(ps: PrimarySchool) -> None:
    """Empty levels and tests are missing, comments never; a student who left is never missing."""
    left = add_student(ps.db, ps.class_id, "Võ Văn Đức", "TH099", end=date(2025, 11, 1))
    _save(ps, "Toán", 1, {"MD1": "htt", "KT1": "9"})
    grid = _grid(ps, "Toán")
    assert [r.full_name for r in grid.rows][:2] == [ANH, "Trần Thị Ánh"]
    anh = next(r for r in grid.rows if r.full_name == ANH)
    assert (anh.cell("MD1").text, anh.cell("MD1").stored) == ("HTT", "Hoàn thành tốt")
    assert [c.key for c in anh.cells if c.missing] == ["MD2", "KT2"]
    other = next(r for r in grid.rows if r.full_name == "Trần Thị Ánh")
    assert [c.key for c in other.cells if c.missing] == ["MD1", "KT1", "MD2", "KT2"]
    gone = next(r for r in grid.rows if r.student_id == left)
    assert not gone.current and not any(c.missing for c in gone.cells)


def test_save_update_clear_counts_and_rows(ps: PrimarySchool) -> None:
    """Insert, then update one, keep one, clear one (the row is deleted), with exact counts."""
    first = _save(ps, "Toán", 2, {"MD2": "HTT", "KT2": "10", "NX2": "Tính toán nhanh, cẩn thận"})
    assert (first.inserted, first.updated, first.deleted, first.unchanged) == (3, 0, 0, 0)
    assert first.changes.touches("assessment")
    second = _save(ps, "Toán", 2, {"MD2": "hoàn thành", "KT2": "10", "NX2": ""})
    assert (second.inserted, second.updated, second.deleted, second.unchanged) == (0, 1, 1, 1)
    assert _stored(ps, "Toán") == {("MD", 2, 2, "Hoàn thành"), ("KT", 2, 2, "10")}
    same = _save(ps, "Toán", 2, {"MD2": "HT", "NX1": ""})
    assert (same.inserted, same.updated, same.deleted, same.unchanged) == (0, 0, 0, 2)
    assert not same.changes


def test_invalid_values_are_refused_and_nothing_is_written(ps: PrimarySchool) -> None:
    """7,5 and 11 as test scores and "giỏi" as a level are refused; the valid cell is not saved either."""
    with pytest.raises(CellValidationError) as err:
        _save(ps, "Toán", 1, {"MD1": "giỏi", "KT1": "7,5", "KT2": "11", "MD2": "HT"})
    problems = {p.column: p for p in err.value.problems}
    assert set(problems) == {"Mức GK I", "KT GK I", "KT CK I"}
    assert all(p.student == "Lê Văn Anh (TH003)" for p in problems.values())
    assert "Hoàn thành tốt (HTT)" in problems["Mức GK I"].reason
    assert "số nguyên từ 0 đến 10" in problems["KT GK I"].reason
    assert problems["KT CK I"].message.startswith("Lê Văn Anh (TH003), cột KT CK I, giá trị “11”")
    assert "Không lưu gì cả: 3 ô không hợp lệ." in err.value.message
    assert _stored(ps) == set()


def test_test_column_on_comment_subject_is_refused(ps: PrimarySchool) -> None:
    """KT1 on Đạo đức names the subject and why; an unknown column lists the subject's columns."""
    with pytest.raises(CellValidationError) as err:
        _save(ps, "Đạo đức", 1, {"KT1": "8", "TX1": "8"}, actor=ps.admin)
    reasons = {p.column: p.reason for p in err.value.problems}
    assert reasons["KT GK I"] == (
        "môn Đạo đức đánh giá bằng nhận xét, không có bài kiểm tra định kì"
    )
    assert reasons["TX1"] == "cột không hợp lệ (môn này có các cột MD1, NX1, MD2, NX2)"
    assert _stored(ps) == set()


def test_student_outside_the_class_is_refused(ps: PrimarySchool) -> None:
    """A student id that is not on the class list is a problem of its own; nothing is written."""
    stranger = uuid.uuid4()
    edits = [PCellEdit(ps.students[ANH], "MD1", "HT"), PCellEdit(stranger, "MD1", "HT")]
    with ps.db.uow(actor=ps.homeroom) as s, pytest.raises(CellValidationError) as err:
        save_cells(s, ps.homeroom, ps.class_id, ps.subjects["Toán"], 1, edits)
    assert [(p.student_id, p.reason) for p in err.value.problems] == [
        (stranger, "học sinh không có trong danh sách lớp 4A")
    ]
    assert _stored(ps) == set()


def test_only_the_subjects_teacher_enters_it(ps: PrimarySchool) -> None:
    """The Ngoại ngữ teacher may not enter Toán and sees it read-only; the Toán teacher can."""
    with pytest.raises(PermissionDenied, match="không được phân công dạy môn Toán ở lớp 4A"):
        _save(ps, "Toán", 1, {"MD1": "HT"}, actor=ps.teacher)
    assert not _grid(ps, "Toán", actor=ps.teacher).editable
    assert _grid(ps, "Toán", actor=ps.homeroom).editable
    assert _save(ps, "Ngoại ngữ 1", 1, {"MD1": "HT"}, actor=ps.teacher).inserted == 1
    with pytest.raises(PermissionDenied):
        _grid(ps, "Toán", actor=ps.outsider)


def test_locked_semester_needs_the_principal_and_a_reason(ps: PrimarySchool) -> None:
    """Locked: the teacher is refused, the principal needs a reason, which reaches the journal."""
    _save(ps, "Toán", 1, {"MD2": "HT"})
    principal = ps.actor("principal")
    with ps.db.uow(actor=principal) as s:
        locking.lock_semester(s, principal, ps.class_id, 1)
    grid = _grid(ps, "Toán", actor=ps.homeroom)
    assert grid.locked and not grid.editable
    assert _grid(ps, "Toán", actor=principal).editable
    with pytest.raises(PermissionDenied, match="đã khóa"):
        _save(ps, "Toán", 1, {"MD2": "HTT"})
    with pytest.raises(ValidationError, match="lý do"):
        _save(ps, "Toán", 1, {"MD2": "HTT"}, actor=principal)
    saved = _save(ps, "Toán", 1, {"MD2": "HTT"}, actor=principal, reason="Phúc khảo bài cuối kì")
    assert saved.updated == 1 and saved.changes.touches("assessment")
    assert ("MD", 1, 2, "Hoàn thành tốt") in _stored(ps, "Toán")
    with ps.db.read() as s:
        reasons = s.scalars(
            select(JournalEntry.reason).where(
                JournalEntry.entity_type == "assessment", JournalEntry.reason != ""
            )
        ).all()
    assert reasons == ["Phúc khảo bài cuối kì"]


def test_secondary_class_is_refused(ps: PrimarySchool) -> None:
    """A THCS class is never entered or shown as a TT27 grid."""
    class_id = make_class(ps.db, "6A9", 6, None)
    sid = add_student(ps.db, class_id, "Hồ Văn Nam", "HS601")
    with ps.db.uow(actor=ps.admin) as s:
        catalogue.ensure_catalogue(s, ps.admin, YEAR)
        toan = catalogue.find_subject(s, YEAR, 6, "Toán")
        with pytest.raises(ValidationError, match="không phải lớp tiểu học"):
            primary_grid(s, ps.admin, class_id, toan.id, 1)
        with pytest.raises(ValidationError, match="không phải lớp tiểu học"):
            save_cells(s, ps.admin, class_id, toan.id, 1, [PCellEdit(sid, "MD1", "HT")])


def test_fingerprint_changes_only_with_stored_cells(ps: PrimarySchool) -> None:
    """Two reads of an unchanged grid agree; any saved cell changes the fingerprint."""
    before = _grid(ps, "Toán").fingerprint
    assert _grid(ps, "Toán").fingerprint == before and len(before) == 64
    _save(ps, "Toán", 1, {"NX1": "Cần luyện tính nhẩm"})
    after = _grid(ps, "Toán").fingerprint
    assert after != before
    assert _grid(ps, "Toán", semester=2).fingerprint != after


def test_stored_test_of_a_subject_turned_comment_only_can_be_cleared(ps: PrimarySchool) -> None:
    """A catalogue change keeps an old KT visible as a non-required column that can be cleared only."""
    _save(ps, "Khoa học", 1, {"KT2": "8"}, actor=ps.admin)
    with ps.db.uow(actor=ps.admin) as s:
        catalogue.update_subject(
            s, ps.admin, ps.subjects["Khoa học"], SubjectEdit(comment_only=True)
        )
    grid = _grid(ps, "Khoa học")
    kt2 = grid.column("KT2")
    assert kt2 is not None and not kt2.required and kt2.extra
    anh = next(r for r in grid.rows if r.full_name == ANH)
    assert anh.cell("KT2").extra and not anh.cell("KT2").missing
    with pytest.raises(CellValidationError):
        _save(ps, "Khoa học", 1, {"KT2": "9"}, actor=ps.admin)
    assert _save(ps, "Khoa học", 1, {"KT2": ""}, actor=ps.admin).deleted == 1
    assert [c.key for c in _grid(ps, "Khoa học").columns] == ["MD1", "NX1", "MD2", "NX2"]


def test_describe_pslot_names_subject_checkpoint_and_kind() -> None:
    """History and messages name a primary cell in words."""
    assert describe_pslot("Toán", 2, "MD2") == "Toán, Cuối năm, mức đạt được"
    assert describe_pslot("Tiếng Việt", 1, "kt1") == "Tiếng Việt, Giữa HK I, điểm kiểm tra định kì"
    assert describe_pslot("Đạo đức", 2, "NX1") == "Đạo đức, Giữa HK II, nhận xét"

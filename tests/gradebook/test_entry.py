"""Scores stored in the database and recomputed through app.grading, cell by cell."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import func, select

from app.gradebook import catalogue
from app.gradebook.catalogue import SubjectEdit
from app.gradebook.entry import CellEdit, CellValidationError, save_scores
from app.gradebook.grid import grade_grid
from app.gradebook.models import Assessment
from app.gradebook.results import class_summary
from app.grading import CommentGrade
from app.journal import JournalEntry
from tests.gradebook.conftest import YEAR, GradeSchool

ANH = "Lê Văn Anh"


def _save(
    gs: GradeSchool, subject: str, semester: int, cells: dict[str, str], who: str = ANH
) -> None:
    sid = gs.students[who]
    with gs.db.uow(actor=gs.teacher) as s:
        edits = [CellEdit(sid, col, value) for col, value in cells.items()]
        save_scores(s, gs.admin, gs.class_id, gs.subjects[subject], semester, edits)


def _row(gs: GradeSchool, subject: str, semester: int, who: str = ANH):  # type: ignore[no-untyped-def]
    with gs.db.read() as s:
        grid = grade_grid(s, gs.admin, gs.class_id, gs.subjects[subject], semester)
    return next(r for r in grid.rows if r.student_id == gs.students[who])


def test_worked_case_two_regular_assessments(gs: GradeSchool) -> None:
    """DOMAIN §2: TX 8, 9; GK 7; CK 8 → 7,9 for a 35-period subject, through the database."""
    _save(gs, "Giáo dục công dân", 1, {"TX1": "8", "TX2": "9", "GK": "7", "CK": "8"})
    row = _row(gs, "Giáo dục công dân", 1)
    assert row.average == Decimal("7.9")
    assert row.average_text == "7,9"
    assert row.reasons == ("ĐTBmhk = (8 + 9 + 2×7 + 3×8) / 7 = 7,9",)


def test_worked_case_four_regular_assessments(gs: GradeSchool) -> None:
    """DOMAIN §2: TX 6, 7, 8, 9; GK 7,5; CK 6 → 7,0 for a 140-period subject (decimal comma typed)."""
    _save(gs, "Toán", 1, {"TX1": "6", "TX2": "7", "TX3": "8", "TX4": "9", "GK": "7,5", "CK": "6"})
    row = _row(gs, "Toán", 1)
    assert row.average == Decimal("7.0")
    assert row.cell("GK").stored == "7.5"
    assert row.cell("GK").text == "7,5"


def test_worked_case_year_average(gs: GradeSchool) -> None:
    """DOMAIN §2: HK I 7,9 and HK II 8,3 give ĐTBmcn 8,2, recomputed from stored assessments."""
    _save(gs, "Giáo dục công dân", 1, {"TX1": "8", "TX2": "9", "GK": "7", "CK": "8"})
    _save(gs, "Giáo dục công dân", 2, {"TX1": "8.3", "TX2": "8,3", "GK": "8.3", "CK": "8.3"})
    with gs.db.read() as s:
        summary = class_summary(s, gs.admin, gs.class_id, YEAR)
    student = next(x for x in summary.students if x.full_name == ANH)
    gdcd = next(x for x in student.subjects if x.name == "Giáo dục công dân")
    assert gdcd.semester_1 is not None and gdcd.semester_1.value == Decimal("7.9")
    assert gdcd.semester_2 is not None and gdcd.semester_2.value == Decimal("8.3")
    assert gdcd.year is not None and gdcd.year.value == Decimal("8.2")
    assert gdcd.year.reasons == ("ĐTBmcn = (7,9 + 2×8,3) / 3 = 8,2",)


def test_missing_assessment_is_not_a_zero(gs: GradeSchool) -> None:
    """A missing GK leaves the average not computable (flagged), while an entered 0 counts."""
    _save(gs, "Giáo dục công dân", 1, {"TX1": "8", "TX2": "9", "CK": "8"})
    row = _row(gs, "Giáo dục công dân", 1)
    assert row.average is None
    assert row.average_text == ""
    assert "Thiếu điểm giữa kì" in row.reasons
    assert row.cell("GK").missing and not row.cell("CK").missing
    _save(gs, "Giáo dục công dân", 1, {"GK": "0"})
    row = _row(gs, "Giáo dục công dân", 1)
    assert row.average == Decimal("5.9")  # (8 + 9 + 0 + 24) / 7 = 5,857…


def test_invalid_values_are_rejected_and_nothing_is_written(gs: GradeSchool) -> None:
    """One bad cell among good ones: every problem is named and no row or journal entry appears."""
    sid = gs.students[ANH]
    with gs.db.read() as s:
        before = s.scalar(select(func.count()).select_from(JournalEntry))
    cells = [
        CellEdit(sid, "TX1", "8"),
        CellEdit(sid, "TX2", "8,55"),
        CellEdit(sid, "GK", "11"),
        CellEdit(sid, "CK", "tám"),
        CellEdit(sid, "TX5", "7"),
    ]
    with pytest.raises(CellValidationError) as err, gs.db.uow(actor=gs.admin) as s:
        save_scores(s, gs.admin, gs.class_id, gs.subjects["Toán"], 1, cells)
    problems = {(p.column, p.value): p for p in err.value.problems}
    assert set(problems) == {("TX2", "8,55"), ("GK", "11"), ("CK", "tám"), ("TX5", "7")}
    assert problems[("TX2", "8,55")].student == "Lê Văn Anh (HS003)"
    assert "một chữ số thập phân" in problems[("TX2", "8,55")].reason
    assert "0–10" in problems[("GK", "11")].reason
    assert "4 ĐĐGtx" in problems[("TX5", "7")].reason
    assert "Lê Văn Anh (HS003), cột TX2, giá trị “8,55”" in err.value.message
    with gs.db.read() as s:
        assert s.scalar(select(func.count()).select_from(Assessment)) == 0
        assert s.scalar(select(func.count()).select_from(JournalEntry)) == before


def test_student_outside_the_class_is_rejected(gs: GradeSchool) -> None:
    """A cell for a student not enrolled in the class is refused with the class named."""
    import uuid

    with pytest.raises(CellValidationError) as err, gs.db.uow(actor=gs.admin) as s:
        save_scores(
            s, gs.admin, gs.class_id, gs.subjects["Toán"], 1, [CellEdit(uuid.uuid4(), "TX1", "8")]
        )
    assert "không có trong danh sách lớp 6A1" in err.value.problems[0].reason


def test_clearing_a_cell_deletes_it_and_is_journalled(gs: GradeSchool) -> None:
    """An empty value removes the stored assessment; the journal keeps the old value."""
    _save(gs, "Toán", 1, {"TX1": "8"})
    _save(gs, "Toán", 1, {"TX1": ""})
    with gs.db.read() as s:
        assert s.scalar(select(func.count()).select_from(Assessment)) == 0
        ops = list(
            s.scalars(select(JournalEntry.op).where(JournalEntry.entity_type == "assessment"))
        )
    assert ops == ["insert", "delete"]
    assert _row(gs, "Toán", 1).cell("TX1").missing


def test_comment_only_subject(gs: GradeSchool) -> None:
    """GDTC takes Đ/CĐ plus a comment; a score is refused; one CĐ makes the semester Chưa đạt."""
    sid = gs.students[ANH]
    with pytest.raises(CellValidationError) as err, gs.db.uow(actor=gs.admin) as s:
        save_scores(
            s,
            gs.admin,
            gs.class_id,
            gs.subjects["Giáo dục thể chất"],
            1,
            [CellEdit(sid, "TX1", "8")],
        )
    assert "Đạt (Đ) hoặc Chưa đạt (CĐ)" in err.value.problems[0].reason
    _save(
        gs,
        "Giáo dục thể chất",
        1,
        {"TX1": "Đ", "TX2": "đạt", "GK": "Đ", "CK": "Đ", "DG": "Chăm chỉ luyện tập."},
    )
    row = _row(gs, "Giáo dục thể chất", 1)
    assert row.average is CommentGrade.PASS
    assert [c.text for c in row.cells] == ["Đ", "Đ", "Đ", "Đ", "Chăm chỉ luyện tập."]
    assert row.cell("TX2").stored == "Đạt"
    _save(gs, "Giáo dục thể chất", 1, {"CK": "CĐ"})
    row = _row(gs, "Giáo dục thể chất", 1)
    assert row.average is CommentGrade.FAIL
    assert "Chưa đạt ở đánh giá cuối kì" in row.reasons


def test_grid_lists_students_in_vietnamese_name_order(gs: GradeSchool) -> None:
    """Rows sort by given name, Vietnamese-aware: Anh < Ánh < Bảo < Châu."""
    with gs.db.read() as s:
        grid = grade_grid(s, gs.admin, gs.class_id, gs.subjects["Toán"], 1)
    assert [r.full_name for r in grid.rows] == [
        "Lê Văn Anh",
        "Trần Thị Ánh",
        "Nguyễn Văn Bảo",
        "Phạm Minh Châu",
    ]
    assert [c.key for c in grid.columns] == ["TX1", "TX2", "TX3", "TX4", "GK", "CK", "DG"]
    assert all(c.missing for c in grid.rows[0].cells if c.key != "DG")


def test_period_count_change_changes_the_required_regular_count(gs: GradeSchool) -> None:
    """Toán cut from 140 to 70 periods: 3 TX from then on; a stored TX4 shows as extra and blocks the average."""
    _save(gs, "Toán", 1, {"TX1": "6", "TX2": "7", "TX3": "8", "TX4": "9", "GK": "7,5", "CK": "6"})
    with gs.db.uow(actor=gs.admin) as s:
        catalogue.update_subject(s, gs.admin, gs.subjects["Toán"], SubjectEdit(periods_per_year=70))
    with gs.db.read() as s:
        grid = grade_grid(s, gs.admin, gs.class_id, gs.subjects["Toán"], 1)
    assert grid.regular_count == 3
    assert [(c.key, c.required) for c in grid.columns][:4] == [
        ("TX1", True),
        ("TX2", True),
        ("TX3", True),
        ("TX4", False),
    ]
    row = grid.rows[0]
    assert row.cell("TX4").extra and row.average is None
    assert any("Thừa ĐĐGtx 4" in r for r in row.reasons)
    with pytest.raises(CellValidationError), gs.db.uow(actor=gs.admin) as s:
        save_scores(
            s,
            gs.admin,
            gs.class_id,
            gs.subjects["Toán"],
            1,
            [CellEdit(gs.students[ANH], "TX4", "5")],
        )
    _save(gs, "Toán", 1, {"TX4": ""})
    assert _row(gs, "Toán", 1).average == Decimal("6.8")  # (6 + 7 + 8 + 2×7,5 + 3×6) / 8 = 6,75


def test_saving_the_same_value_changes_nothing(gs: GradeSchool) -> None:
    """Re-saving identical cells writes no journal entry and reports no change."""
    _save(gs, "Toán", 1, {"TX1": "8"})
    with gs.db.read() as s:
        before = s.scalar(select(func.count()).select_from(JournalEntry))
    with gs.db.uow(actor=gs.admin) as s:
        result = save_scores(
            s,
            gs.admin,
            gs.class_id,
            gs.subjects["Toán"],
            1,
            [CellEdit(gs.students[ANH], "TX1", "8,0")],
        )
    assert (result.inserted, result.updated, result.unchanged) == (0, 0, 1)
    assert not result.changes
    with gs.db.read() as s:
        assert s.scalar(select(func.count()).select_from(JournalEntry)) == before

"""Locking a primary class stores its TT27 results; ``check`` recomputes and compares them."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import func, select, update

from app import checks
from app.gradebook.locking import lock_semester, unlock_semester
from app.gradebook.models import Assessment, PrimaryRating, ResultSnapshot
from app.gradebook.primary.values import PKind
from app.gradebook.primary_entry import PCellEdit, save_cells
from app.gradebook.snapshots import YEAR_SCOPE, verify
from tests.gradebook.conftest import add_student, make_class
from tests.gradebook.test_snapshots import ANH as SIX_ANH
from tests.gradebook_primary.conftest import PrimarySchool
from tests.gradebook_primary.test_results import ANH, ANH2, fill_student


def lock(ps: PrimarySchool, semester: int) -> None:
    """The principal locks the class's semester."""
    principal = ps.actor("principal")
    with ps.db.uow(actor=principal) as s:
        lock_semester(s, principal, ps.class_id, semester)


def snapshot(ps: PrimarySchool, name: str, scope: int) -> dict[str, Any]:
    """The stored snapshot of one student and scope, parsed."""
    with ps.db.read() as s:
        data = s.scalar(
            select(ResultSnapshot.data).where(
                ResultSnapshot.student_id == ps.students[name], ResultSnapshot.scope == scope
            )
        )
    assert data is not None
    return dict(json.loads(data))


def test_lock_stores_primary_results_and_check_is_clean(ps: PrimarySchool) -> None:
    """Locking both semesters stores semester levels/tests/ratings and the year result; check agrees."""
    fill_student(ps, ANH)
    fill_student(ps, ANH2, tests={"Toán": "8"})
    lock(ps, 1)
    lock(ps, 2)
    with ps.db.read() as s:
        assert s.scalar(select(func.count()).select_from(ResultSnapshot)) == 4 * 3
    year = snapshot(ps, ANH2, YEAR_SCOPE)
    assert (year["result"], year["outcome"], year["commendation"]) == (
        "Hoàn thành tốt",
        "Hoàn thành chương trình lớp học",
        "Không",
    )
    first = snapshot(ps, ANH, 1)
    toan = str(ps.subjects["Toán"])
    assert first["levels"][toan] == {"Giữa HK I": "Hoàn thành tốt", "Cuối HK I": "Hoàn thành tốt"}
    assert first["tests"][toan] == {"Giữa HK I": 9, "Cuối HK I": 9}
    assert first["ratings"]["Cuối HK I"]["Yêu nước"] == "Tốt"
    result = verify(ps.db)
    assert result.ok and result.checked == 12, result.message
    line = next(c for c in checks.run_checks(ps.db) if c.name == "ket_qua_hoc_tap")
    assert line.ok, line.message


def test_check_reports_a_cell_tampered_behind_the_apps_back(ps: PrimarySchool) -> None:
    """A test score and a rating rewritten by SQL after the lock: check names student and fields."""
    fill_student(ps, ANH)
    lock(ps, 1)
    lock(ps, 2)
    sid = ps.students[ANH]
    with ps.db.uow() as s:
        s.execute(
            update(Assessment)
            .where(
                Assessment.student_id == sid,
                Assessment.subject_id == ps.subjects["Toán"],
                Assessment.semester == 2,
                Assessment.kind == PKind.TEST.value,
                Assessment.number == 2,
            )
            .values(value="6")
        )
        s.execute(
            update(PrimaryRating)
            .where(
                PrimaryRating.student_id == sid,
                PrimaryRating.semester == 1,
                PrimaryRating.name == "Yêu nước",
            )
            .values(value="Đạt")
        )
    result = verify(ps.db)
    assert not result.ok
    assert sorted(result.mismatches) == [
        "Lê Văn Anh (TH003), lớp 4A, Học kì I: khác ở phẩm chất, năng lực",
        "Lê Văn Anh (TH003), lớp 4A, Học kì II: khác ở điểm kiểm tra định kì",
        "Lê Văn Anh (TH003), lớp 4A, cả năm: khác ở khen thưởng, kết quả giáo dục",
    ]
    line = next(c for c in checks.run_checks(ps.db) if c.name == "ket_qua_hoc_tap")
    assert not line.ok and "Lê Văn Anh" in line.message


def test_change_under_lock_refreshes_the_primary_snapshot(ps: PrimarySchool) -> None:
    """A principal's correction with a reason updates the stored year result in the same transaction."""
    fill_student(ps, ANH)
    lock(ps, 2)
    assert snapshot(ps, ANH, YEAR_SCOPE)["result"] == "Hoàn thành xuất sắc"
    principal = ps.actor("principal")
    edit = [PCellEdit(ps.students[ANH], "KT2", "7")]
    with ps.db.uow(actor=principal) as s:
        save_cells(s, principal, ps.class_id, ps.subjects["Toán"], 2, edit, "Chấm phúc khảo lại")
    assert snapshot(ps, ANH, YEAR_SCOPE)["result"] == "Hoàn thành tốt"
    assert snapshot(ps, ANH, 2)["tests"][str(ps.subjects["Toán"])]["Cuối năm"] == 7
    assert verify(ps.db).ok


def test_unlock_drops_the_primary_snapshots(ps: PrimarySchool) -> None:
    """Unlocking semester II removes its and the year's snapshots; check has nothing stale."""
    fill_student(ps, ANH)
    lock(ps, 2)
    principal = ps.actor("principal")
    with ps.db.uow(actor=principal) as s:
        unlock_semester(s, principal, ps.class_id, 2, "Bổ sung nhận xét còn thiếu")
        assert s.scalar(select(func.count()).select_from(ResultSnapshot)) == 0
    assert verify(ps.db).ok


def test_primary_and_secondary_snapshots_side_by_side(ps: PrimarySchool) -> None:
    """A school with 4A and 6A1 both locked: check recomputes each with its own rules."""
    fill_student(ps, ANH)
    six = make_class(ps.db, "6A1", 6, None)
    add_student(ps.db, six, SIX_ANH, "HS001")
    lock(ps, 1)
    principal = ps.actor("principal")
    with ps.db.uow(actor=principal) as s:
        lock_semester(s, principal, six, 1)
    with ps.db.read() as s:
        six_data = s.scalar(select(ResultSnapshot.data).where(ResultSnapshot.class_id == six))
    assert six_data is not None and set(json.loads(six_data)) == {
        "subjects",
        "learning",
        "conduct",
        "absent_sessions",
    }
    result = verify(ps.db)
    assert result.ok and result.checked == 5, result.message

"""Results stored at lock time are checked against a recomputation by ``check``."""

from __future__ import annotations

import json

from sqlalchemy import func, select, update

from app import checks
from app.gradebook.entry import CellEdit, save_scores
from app.gradebook.locking import lock_semester, unlock_semester
from app.gradebook.models import Assessment, ResultSnapshot
from app.gradebook.snapshots import YEAR_SCOPE, verify
from tests.gradebook.conftest import GradeSchool, fill_year

ANH = "Lê Văn Anh"


def _lock(gs: GradeSchool, semester: int) -> None:
    principal = gs.actor("principal")
    with gs.db.uow(actor=principal) as s:
        lock_semester(s, principal, gs.class_id, semester)


def _snapshot(gs: GradeSchool, scope: int) -> dict:  # type: ignore[type-arg]
    with gs.db.read() as s:
        data = s.scalar(
            select(ResultSnapshot.data).where(
                ResultSnapshot.student_id == gs.students[ANH], ResultSnapshot.scope == scope
            )
        )
    assert data is not None
    return dict(json.loads(data))


def test_lock_takes_snapshots_and_check_agrees(gs: GradeSchool) -> None:
    """Locking semester II stores semester and year results for every student; check passes."""
    fill_year(gs, ANH, {"Toán": "7"})
    _lock(gs, 1)
    _lock(gs, 2)
    with gs.db.read() as s:
        scopes = sorted(
            s.scalars(
                select(ResultSnapshot.scope).where(ResultSnapshot.student_id == gs.students[ANH])
            )
        )
        assert s.scalar(select(func.count()).select_from(ResultSnapshot)) == 4 * 3
    assert scopes == [YEAR_SCOPE, 1, 2]
    year = _snapshot(gs, YEAR_SCOPE)
    assert year["subjects"][str(gs.subjects["Toán"])] == "7.0"
    assert (year["learning"], year["conduct"], year["outcome"], year["commendation"]) == (
        "Tốt",
        "Tốt",
        "Lên lớp",
        "Học sinh Giỏi",
    )
    result = verify(gs.db)
    assert result.ok and result.checked == 12
    outcome = next(c for c in checks.run_checks(gs.db) if c.name == "ket_qua_hoc_tap")
    assert outcome.ok, outcome.message


def test_check_detects_a_score_changed_behind_the_apps_back(gs: GradeSchool) -> None:
    """An assessment edited by SQL after the lock makes the recomputation differ: check names it."""
    fill_year(gs, ANH, {})
    _lock(gs, 1)
    with gs.db.uow() as s:
        s.execute(
            update(Assessment)
            .where(
                Assessment.student_id == gs.students[ANH],
                Assessment.subject_id == gs.subjects["Toán"],
                Assessment.semester == 1,
            )
            .values(value="2")
        )
    result = verify(gs.db)
    assert not result.ok
    assert len(result.mismatches) == 1
    assert (
        "Lê Văn Anh (HS003), lớp 6A1, Học kì I: khác ở kết quả học tập, điểm trung bình môn"
        in result.mismatches[0]
    )
    outcome = next(c for c in checks.run_checks(gs.db) if c.name == "ket_qua_hoc_tap")
    assert not outcome.ok and "Lê Văn Anh" in outcome.message


def test_check_detects_a_tampered_snapshot(gs: GradeSchool) -> None:
    """A stored year result rewritten by SQL (Chưa đạt → Tốt) no longer matches the scores."""
    fill_year(gs, ANH, {}, conduct=("Đạt", "Chưa đạt"))
    _lock(gs, 2)
    data = _snapshot(gs, YEAR_SCOPE)
    assert data["conduct"] == "Chưa đạt"
    data["conduct"], data["outcome"] = "Tốt", "Lên lớp"
    with gs.db.uow() as s:
        s.execute(
            update(ResultSnapshot)
            .where(
                ResultSnapshot.student_id == gs.students[ANH], ResultSnapshot.scope == YEAR_SCOPE
            )
            .values(data=json.dumps(data, ensure_ascii=False))
        )
    result = verify(gs.db)
    assert [m.endswith("khác ở rèn luyện, kết quả cuối năm") for m in result.mismatches] == [True]


def test_change_under_lock_refreshes_the_snapshot(gs: GradeSchool) -> None:
    """A principal's change with a reason updates the stored result in the same transaction."""
    fill_year(gs, ANH, {})
    _lock(gs, 1)
    principal = gs.actor("principal")
    cells = [CellEdit(gs.students[ANH], c, "9") for c in ("TX1", "TX2", "TX3", "TX4", "GK", "CK")]
    with gs.db.uow(actor=principal) as s:
        save_scores(s, principal, gs.class_id, gs.subjects["Toán"], 1, cells, "Chấm phúc khảo")
    assert _snapshot(gs, 1)["subjects"][str(gs.subjects["Toán"])] == "9.0"
    assert verify(gs.db).ok


def test_unlock_drops_the_snapshot(gs: GradeSchool) -> None:
    """Unlocked results are live again, so their snapshot is removed (and check has nothing stale)."""
    fill_year(gs, ANH, {})
    _lock(gs, 1)
    principal = gs.actor("principal")
    with gs.db.uow(actor=principal) as s:
        unlock_semester(s, principal, gs.class_id, 1, "Bổ sung điểm còn thiếu")
    with gs.db.read() as s:
        assert s.scalar(select(func.count()).select_from(ResultSnapshot)) == 0
    with gs.db.uow(actor=gs.teacher) as s:
        save_scores(
            s,
            gs.teacher,
            gs.class_id,
            gs.subjects["Toán"],
            1,
            [CellEdit(gs.students[ANH], "TX1", "3")],
        )
    assert verify(gs.db).ok

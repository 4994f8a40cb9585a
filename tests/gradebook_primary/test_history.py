"""A primary student's grade history names levels, tests, ratings and nominations in words."""

from __future__ import annotations

from app.gradebook import locking
from app.gradebook.history import grade_history
from app.gradebook.primary_entry import PCellEdit, save_cells
from app.gradebook.primary_ratings import RatingEdit, save_ratings, set_nomination
from tests.gradebook_primary.conftest import PrimarySchool

ANH = "Lê Văn Anh"


def test_history_describes_primary_changes_with_old_new_and_reason(ps: PrimarySchool) -> None:
    """Levels, tests, ratings and a nomination appear in words; a locked change carries its reason."""
    sid, math = ps.students[ANH], ps.subjects["Toán"]
    with ps.db.uow(actor=ps.homeroom) as s:
        save_cells(
            s,
            ps.homeroom,
            ps.class_id,
            math,
            2,
            [PCellEdit(sid, "MD2", "HT"), PCellEdit(sid, "KT2", "8")],
        )
        save_ratings(s, ps.homeroom, ps.class_id, 2, 2, [RatingEdit(sid, "Chăm chỉ", "Đ")])
        set_nomination(s, ps.homeroom, ps.class_id, sid, "Tiến bộ vượt bậc môn Toán")
    principal = ps.actor("principal")
    with ps.db.uow(actor=principal) as s:
        locking.lock_semester(s, principal, ps.class_id, 2, "")
    with ps.db.uow(actor=principal) as s:
        edit = [PCellEdit(sid, "MD2", "HTT")]
        save_cells(s, principal, ps.class_id, math, 2, edit, "Chấm phúc khảo bài cuối năm")
    with ps.db.read() as s:
        entries = grade_history(s, principal, sid)
    whats = [e.what for e in entries]
    assert "Toán, Cuối năm, mức đạt được" in whats
    assert any(w.startswith("Toán, Cuối năm") and "điểm" in w for w in whats)
    assert "Chăm chỉ · Cuối năm" in whats
    assert any("khen thưởng" in w for w in whats)
    change = next(e for e in entries if e.reason == "Chấm phúc khảo bài cuối năm")
    assert (change.old, change.new) == ("Hoàn thành", "Hoàn thành tốt")
    assert change.what == "Toán, Cuối năm, mức đạt được"

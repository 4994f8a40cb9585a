"""The new school year of a primary school (TT27): completed goes up, not completed stays, grade 5 leaves."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.db import Actor
from app.rollover.apply import run_rollover
from app.rollover.plan import Action, build_plan
from app.students.inputs import Status
from app.students.models import EventKind, Student, StudentEvent
from tests.conftest import Seeded
from tests.gradebook.conftest import YEAR
from tests.gradebook_primary.conftest import build_primary_school
from tests.gradebook_primary.test_results import NOT_DONE, fill_student
from tests.rollover.conftest import ANH, ANH2, BAO, NEXT

ADMIN = Actor.system("test")


def test_grade_4_completed_goes_up_and_not_completed_stays(seeded: Seeded) -> None:
    """Hoàn thành → 5A; Chưa hoàn thành → stays in 4A; no result yet → waits with the reason."""
    ps = build_primary_school(seeded)
    fill_student(ps, ANH)
    fill_student(ps, ANH2, levels={"Đạo đức": NOT_DONE}, tests={"Tiếng Việt": "4"})
    with ps.db.read(ADMIN) as s:
        plan = build_plan(s, ADMIN, YEAR, NEXT)
    moves = {m.full_name: m for m in plan.students}
    assert (moves[ANH].action, moves[ANH].target) == (Action.PROMOTE, "5A")
    assert (moves[ANH2].action, moves[ANH2].target) == (Action.REPEAT, "4A")
    assert "Chưa hoàn thành" in moves[ANH2].reason
    assert moves[BAO].action is Action.WAIT and moves[BAO].reason.startswith("Chưa đủ kết quả")
    assert {c.key: c.homeroom for c in plan.classes} == {"5A": "gv.cn", "4A": ""}
    applied = run_rollover(ps.db, ADMIN, YEAR, NEXT)
    assert (applied.promoted, applied.repeated, applied.waiting) == (1, 1, 2)
    with ps.db.read(ADMIN) as s:
        assert build_plan(s, ADMIN, YEAR, NEXT).changes_nothing


@pytest.mark.parametrize("grade", [5])
def test_grade_5_completes_primary(seeded: Seeded, grade: int) -> None:
    """Grade 5 completed: leaves with «Hoàn thành chương trình tiểu học»; not completed stays in 5A."""
    ps = build_primary_school(seeded, grade=grade, name="5A")
    fill_student(ps, ANH)
    fill_student(ps, ANH2, levels={"Đạo đức": NOT_DONE}, tests={"Tiếng Việt": "4"})
    applied = run_rollover(ps.db, ADMIN, YEAR, NEXT)
    assert (applied.graduated, applied.repeated) == (1, 1)
    with ps.db.read(ADMIN) as s:
        anh = s.get(Student, ps.students[ANH])
        assert anh is not None and anh.status == Status.GRADUATED
        event = s.scalar(select(StudentEvent).where(StudentEvent.student_id == anh.id))
        assert event is not None and event.kind == EventKind.GRADUATION
        assert event.details.startswith("Hoàn thành chương trình tiểu học (lớp 5A")
        moves = {m.full_name: m for m in build_plan(s, ADMIN, YEAR, NEXT).students}
    assert moves[ANH].action is Action.LEFT
    assert moves[ANH2].action is Action.PLACED and "5A" in moves[ANH2].reason

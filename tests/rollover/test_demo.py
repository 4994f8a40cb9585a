"""The new school year on both demo schools, once their current year is finished: every student
is placed or listed with a reason, final grades leave, and a second run changes nothing."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from sqlalchemy import func, select

from app import demo, migrate, school
from app.db import Actor, Database, make_engine
from app.gradebook.lists import result_lists
from app.rollover.apply import run_rollover, switch_year
from app.rollover.plan import Action, build_plan
from app.rollover.years import next_year
from app.students.inputs import Status
from app.students.models import ClassGroup, Enrolment, Student
from tests.rollover.finish_year import finish_year

pytestmark = pytest.mark.slow  # each test builds a demo school
ADMIN = Actor.system("test")


@pytest.fixture(params=["thcs,thpt", "tieu_hoc"])
def demo_db(request: pytest.FixtureRequest, db_url: str) -> Iterator[Database]:
    """A small demo school (THCS/THPT or primary) on each backend."""
    db = Database(make_engine(db_url))
    migrate.upgrade(db.engine)
    demo.create_demo(db, levels=request.param)
    demo.fill_demo(db, 140)
    yield db
    db.dispose()


def test_finished_demo_year_rolls_over(demo_db: Database) -> None:
    """In progress: everyone waits with a reason. Finished: the plan accounts for every student
    of the year, final grades leave, the rest are in a class; a rerun changes nothing."""
    with demo_db.read() as s:
        current = school.current_year(s)
        assert current is not None
        source, target = current.name, next_year(current.name)
        waiting = build_plan(s, ADMIN, source, target)
    active = {m.student_id for m in waiting.students if m.action is not Action.LEFT}
    assert active and all(
        m.action is Action.WAIT and m.reason.startswith("Chưa đủ kết quả cả năm")
        for m in waiting.students
        if m.student_id in active
    )
    finish_year(demo_db, source)
    with demo_db.read() as s:
        plan = build_plan(s, ADMIN, source, target)
        enrolled = s.scalar(
            select(func.count(func.distinct(Enrolment.student_id))).where(
                Enrolment.school_year == source
            )
        )
    assert len(plan.students) == enrolled
    assert all(m.reason for m in plan.students)
    assert plan.count(Action.PROMOTE) > plan.count(Action.REPEAT)
    assert plan.count(Action.REPEAT) > 0  # 50 sessions absent / Chưa hoàn thành
    if demo.is_primary_school(demo_db):
        assert not plan.waiting
    else:  # re-tests and summer training wait, each with its reason
        assert {m.reason.split(":")[0] for m in plan.waiting} == {
            "Chờ kết quả kiểm tra lại",
            "Chờ kết quả rèn luyện trong hè",
        }
    assert plan.count(Action.GRADUATE) > 0  # grade 5, or grades 9 and 12
    applied = run_rollover(demo_db, ADMIN, source, target)
    assert applied.year_created and applied.classes_created == len(plan.classes)
    with demo_db.read() as s:
        placed = s.scalar(
            select(func.count()).where(
                Enrolment.school_year == target, Enrolment.end_date.is_(None)
            )
        )
        graduated = s.scalar(select(func.count()).where(Student.status == Status.GRADUATED))
        again = build_plan(s, ADMIN, source, target)
        grades = set(s.scalars(select(ClassGroup.grade).where(ClassGroup.school_year == target)))
    assert placed == applied.promoted + applied.repeated
    assert graduated == applied.graduated
    assert again.changes_nothing and grades
    with demo_db.uow(actor=ADMIN, reason="Chuyển năm học") as s:
        _changes, previous, locked = switch_year(s, ADMIN, target)
    assert previous == source and locked > 0


def test_demo_history_agrees_with_its_year_end_lists(demo_db: Database) -> None:
    """The demo's finished year leaves no one waiting, and rolling it over flags no student:
    its repeaters sit in their grade this year, everyone else one grade up."""
    with demo_db.read() as s:
        current = school.current_year(s)
        assert current is not None
        source = f"{int(current.name[:4]) - 1}-{current.name[:4]}"
        plan = build_plan(s, ADMIN, source, current.name)
        lists = result_lists(s, ADMIN, source)
    assert not lists.pending and not plan.waiting
    assert lists.repeat or lists.not_completed  # the demo has repeaters …
    placed = [m for m in plan.students if m.action is Action.PLACED]
    assert placed and not [m for m in placed if m.exception]  # … all in the right grade
    repeaters = {e.student_id for e in (*lists.repeat, *lists.not_completed)}
    kept = [m for m in placed if m.student_id in repeaters]
    assert kept and all(_grade(m.target) == _grade(m.from_class) for m in kept)
    assert {m.action for m in plan.students} <= {Action.PLACED, Action.LEFT}


def _grade(class_name: str) -> int:
    match = re.match(r"\d+", class_name)
    assert match is not None
    return int(match.group())

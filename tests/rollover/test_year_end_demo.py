"""The year-end demo (``demo --year-end``): its last finished year is complete and locked, every
kind of student shows in the new-year preview, and it closes and opens the next year."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from datetime import date

import pytest
from sqlalchemy import func, select

from app import accounts, cli, demo, migrate, school
from app.db import Actor, Database, make_engine
from app.gradebook.records import load_class, student_year
from app.gradebook.retests import save_retest
from app.grading import evaluate_year, retest_eligible
from app.rollover.apply import run_rollover, switch_year
from app.rollover.plan import Action, build_plan
from app.rollover.years import next_year
from app.students.models import ClassGroup, Enrolment

pytestmark = pytest.mark.slow  # each test builds a demo school
ADMIN = Actor.system("test")
WAITING = {"Chờ kết quả kiểm tra lại", "Chờ kết quả rèn luyện trong hè"}


@pytest.fixture(params=[demo.SECONDARY, demo.PRIMARY])
def year_end_db(request: pytest.FixtureRequest, db_url: str) -> Iterator[Database]:
    """A small year-end demo school (THCS/THPT or primary) on each backend."""
    db = Database(make_engine(db_url))
    migrate.upgrade(db.engine)
    demo.build_demo(db, levels=request.param, students=140, year_end=True)
    yield db
    db.dispose()


def test_year_end_year_is_the_last_finished_one() -> None:
    """Before 1 June the year that ended last May; from June the one just ending."""
    assert demo.year_end_year(date(2026, 12, 8)) == "2025-2026"
    assert demo.year_end_year(date(2027, 5, 31)) == "2025-2026"
    assert demo.year_end_year(date(2027, 6, 1)) == "2026-2027"
    assert demo.year_end_year(date(2027, 8, 20)) == "2026-2027"


def test_year_end_demo_closes_its_year(year_end_db: Database) -> None:
    """The current year is the last finished one, locked, every student with a result or a
    reason; each kind shows (up, repeat, leave, and re-test / summer training in THCS/THPT);
    applying places them all, the switch makes the next year current, a rerun changes nothing."""
    with year_end_db.read() as s:
        current = school.current_year(s)
        assert current is not None and current.name == demo.year_end_year(date.today())
        source, target = current.name, next_year(current.name)
        plan = build_plan(s, ADMIN, source, target)
        enrolled = s.scalar(
            select(func.count(func.distinct(Enrolment.student_id))).where(
                Enrolment.school_year == source
            )
        )
    assert plan.source_locked and not plan.target_exists
    assert len(plan.students) == enrolled and all(m.reason for m in plan.students)
    assert plan.count(Action.PLACED) == 0
    for action in (Action.PROMOTE, Action.REPEAT, Action.GRADUATE, Action.LEFT):
        assert plan.count(action) > 0, action
    kinds = {m.reason.split(":")[0] for m in plan.waiting}
    assert kinds == (set() if demo.is_primary_school(year_end_db) else WAITING)
    applied = run_rollover(year_end_db, ADMIN, source, target)
    assert (applied.promoted, applied.repeated) == (
        plan.count(Action.PROMOTE),
        plan.count(Action.REPEAT),
    )
    assert applied.waiting == len(plan.waiting)
    with year_end_db.uow(actor=ADMIN, reason="Chuyển năm học") as s:
        _changes, previous, _locked = switch_year(s, ADMIN, target)
    with year_end_db.read() as s:
        now = school.current_year(s)
        again = build_plan(s, ADMIN, source, target)
    assert previous == source and now is not None and now.name == target
    assert again.changes_nothing and len(again.waiting) == len(plan.waiting)
    retests = [m for m in again.waiting if m.reason.startswith("Chờ kết quả kiểm tra lại")]
    if retests:  # THCS/THPT: a re-test passed in August, in the locked year, places the student
        _pass_retest(year_end_db, source, retests[0].student_id)
        placed = run_rollover(year_end_db, ADMIN, source, target, place_only=True)
        assert (placed.promoted, placed.repeated, placed.classes_created) == (1, 0, 0)
        with year_end_db.read() as s:
            last = build_plan(s, ADMIN, source, target)
        assert len(last.waiting) == len(plan.waiting) - 1 and last.changes_nothing


def _pass_retest(db: Database, source: str, student_id: uuid.UUID) -> None:
    """The principal records 8 in every subject the student re-tests (the year is locked)."""
    why = "Kết quả kiểm tra lại tháng 8"
    with db.read() as s:
        principal = accounts.get_user(s, "hieutruong").actor()
    with db.uow(actor=principal, reason=why) as s:
        group = s.scalar(
            select(ClassGroup)
            .join(Enrolment, Enrolment.class_id == ClassGroup.id)
            .where(Enrolment.student_id == student_id, Enrolment.school_year == source)
        )
        assert group is not None
        records = load_class(s, group)
        year = evaluate_year(student_year(records, student_id))
        for subject, result in zip(records.subjects, year.subjects, strict=True):
            if not subject.comment_only and retest_eligible(result).value:
                save_retest(s, principal, group.id, subject.id, student_id, "8", why)


def test_demo_year_end_from_the_command_line(
    sqlite_db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """``demo --year-end`` builds the year-end school and says how to try the new year."""
    code = cli.main(
        ["demo", "--db", sqlite_db_url, "--levels", demo.PRIMARY, "--students", "60", "--year-end"]
    )
    out = capsys.readouterr().out
    year = demo.year_end_year(date.today())
    assert code == 0 and f"Năm học {year} đã kết thúc" in out
    assert f"year rollover --from {year}" in out
    code = cli.main(["year", "rollover", "--db", sqlite_db_url, "--from", year, "--json"])
    preview = json.loads(capsys.readouterr().out)
    assert code == 0 and preview["source_locked"] is True

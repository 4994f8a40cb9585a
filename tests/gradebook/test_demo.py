"""The demo school's scores: last year complete with every outcome, this year's semester I under way."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import func, select

from app import demo, journal, migrate, school
from app.db import Actor, Database, make_engine
from app.gradebook.demo import fill_grades
from app.gradebook.lists import result_lists
from app.gradebook.locking import lock_status
from app.gradebook.models import Assessment
from app.gradebook.results import class_summary
from app.gradebook.snapshots import verify
from app.students.models import ClassGroup

pytestmark = pytest.mark.slow  # each test builds the demo school


@pytest.fixture
def demo_db(db_url: str) -> Iterator[Database]:
    """The demo school with 150 students and its scores."""
    db = Database(make_engine(db_url))
    migrate.upgrade(db.engine)
    demo.create_demo(db)
    demo.fill_demo(db, 150)
    with db.read() as s:
        filled = s.scalar(select(func.count()).select_from(Assessment))
    if not filled:  # until app.demo.fill_demo calls fill_grades itself
        fill_grades(db)
    yield db
    db.dispose()


def test_demo_fill_has_every_outcome(demo_db: Database) -> None:
    """Last year: promoted, summer training, re-test (passed and failed), repeaters, Xuất sắc and Giỏi."""
    admin = Actor.system("test")
    with demo_db.read() as s:
        current = school.current_year(s)
        assert current is not None
        first = int(current.name[:4])
        lists = result_lists(s, admin, f"{first - 1}-{first}")
    for name in ("promoted", "summer_training", "retest", "repeat", "excellent", "good"):
        assert getattr(lists, name), name
    retested = {e.student_id for e in lists.retest}
    assert retested & {e.student_id for e in lists.promoted}, "a re-test that passed"
    assert retested & {e.student_id for e in lists.repeat}, "a re-test that failed"
    assert any("Nghỉ" in e.detail for e in lists.repeat), "a repeater for absences"
    assert len(lists.promoted) > len(lists.repeat) + len(lists.retest) + len(lists.summer_training)


def test_demo_current_year_is_in_progress_and_last_year_locked(demo_db: Database) -> None:
    """This year: every other class has complete HK I results, the rest still miss CK; last year is locked."""
    admin = Actor.system("test")
    with demo_db.read() as s:
        current = school.current_year(s)
        assert current is not None
        groups = list(
            s.scalars(select(ClassGroup).order_by(ClassGroup.school_year, ClassGroup.name))
        )
        old = [g for g in groups if g.school_year != current.name]
        new = [g for g in groups if g.school_year == current.name]
        assert old and all(all(x.locked for x in lock_status(s, admin, g.id)) for g in old)
        complete = class_summary(s, admin, new[0].id, semester=1)
        assert all(st.learning_1 and st.learning_1.value for st in complete.students if st.current)
        partial = class_summary(s, admin, new[1].id, semester=1)
        assert all(st.learning_1 and st.learning_1.value is None for st in partial.students)
        assert journal.verify(s).ok
    assert verify(demo_db).ok

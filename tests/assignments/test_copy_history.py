"""Copying last year's assignments, and reassigning a class that already has grades."""

from __future__ import annotations

import pytest

from app import accounts
from app.assignments.copy_year import copy_previous, match_classes, next_grade_name, plan_copy
from app.assignments.grid import HOMEROOM, CellChange, load_grid, save_grid
from app.errors import PermissionDenied, ValidationError
from app.gradebook.entry import CellEdit, save_scores
from app.gradebook.history import grade_history
from tests.assignments.conftest import LAST, YEAR, TwoYears
from tests.gradebook.conftest import add_student


def test_class_matching_prefers_the_next_grade() -> None:
    """6A1 → 7A1 when the classes moved up; a class without one matches its own name."""
    assert next_grade_name("9/2") == "10/2" and next_grade_name("Lớp A") is None
    pairs = match_classes(["6A1", "6A2", "7A1", "9A9"], ["6A1", "7A1", "7A2", "8A1", "9A9"])
    assert pairs == [("6A1", "7A1"), ("6A2", "7A2"), ("7A1", "8A1"), ("9A9", "9A9")]
    by_name = match_classes(["6A1", "7A1"], ["6A1", "7A1", "8A1"], same_name=True)
    assert by_name == [("6A1", "6A1"), ("7A1", "7A1")]


def test_copy_fills_empty_cells_and_reports_the_rest(two: TwoYears) -> None:
    """Teachers follow their class up a grade; filled cells, closed accounts, misses reported."""
    with two.db.read() as s:
        plan = plan_copy(s, two.secretary, YEAR)
    assert plan.previous_year == LAST
    assert plan.pairs == (("6A1", "7A1"), ("6A2", "7A2"), ("7A1", "8A1"))
    assert plan.without_source == ("6A1",) and plan.unmatched_previous == ()
    assert plan.kept == 1  # 7A1 Ngữ văn already has gv.van this year
    assert plan.inactive == ("gv.cu",)
    with two.db.uow(actor=two.secretary) as s:
        _plan, saved = copy_previous(s, two.secretary, YEAR)
    assert len(saved.lines) == 3
    with two.db.read() as s:
        grid = load_grid(s, two.secretary, YEAR)
    assert grid.teachers_of(two.cid("7A1"), "Toán") == ("gv.toan",)
    assert grid.teachers_of(two.cid("8A1"), "Toán") == ("gv.toan",)
    assert grid.teachers_of(two.cid("7A1"), HOMEROOM) == ("gv.cn",)
    assert grid.teachers_of(two.cid("7A2"), "Ngoại ngữ 1") == ()
    with two.db.uow(actor=two.secretary) as s:  # a second copy finds nothing left to fill
        assert copy_previous(s, two.secretary, YEAR)[1].lines == ()


def test_copy_by_same_name_and_without_previous_year(two: TwoYears) -> None:
    """By name only, 6A1 and 7A1 keep last year's teachers of the same name; no year before: refused."""
    with two.db.read() as s:
        plan = plan_copy(s, two.secretary, YEAR, same_name=True)
        assert plan.pairs == (("6A1", "6A1"), ("7A1", "7A1"))
        assert plan.unmatched_previous == ("6A2",)
        assert {(c.class_id, c.subject) for c in plan.changes} >= {
            (two.cid("6A1"), "Toán"),
            (two.cid("7A1"), "Toán"),
        }
        with pytest.raises(ValidationError):
            plan_copy(s, two.secretary, LAST)


def test_reassigning_after_grades_keeps_who_entered_them(two: TwoYears) -> None:
    """A enters a grade, the class goes to B: history still names A; B may enter, A may not."""
    c6, toan = two.cid("6A1"), two.subject("Toán", 6)
    sid = add_student(two.db, c6, "Vũ Thị Mai", "HS900")
    with two.db.read() as s:
        a, b = accounts.get_user(s, "gv.toan").actor(), accounts.get_user(s, "gv.moi").actor()
    with two.db.uow(actor=two.secretary) as s:
        save_grid(s, two.secretary, YEAR, [CellChange(c6, "Toán", ("gv.toan",))])
    with two.db.uow(actor=a) as s:
        save_scores(s, a, c6, toan, 1, [CellEdit(sid, "TX1", "8")])
    with two.db.uow(actor=two.secretary) as s:
        saved = save_grid(s, two.secretary, YEAR, [CellChange(c6, "Toán", ("gv.moi",))])
    assert saved.graded == 1
    with two.db.uow(actor=b) as s:
        save_scores(s, b, c6, toan, 1, [CellEdit(sid, "TX2", "9")])
    with two.db.uow(actor=a) as s, pytest.raises(PermissionDenied):
        save_scores(s, a, c6, toan, 1, [CellEdit(sid, "TX3", "7")])
    with two.db.read() as s:
        history = grade_history(s, two.admin, sid)
    who = {h.what.split(" · ")[-1]: h.username for h in history}
    assert who["TX1"] == "gv.toan" and who["TX2"] == "gv.moi"

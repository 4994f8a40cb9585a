"""The assignment grid of a year: reading, saving all or nothing, filling rows and columns."""

from __future__ import annotations

import pytest

from app.assignments.grid import HOMEROOM, CellChange, fill_column, fill_row, load_grid, save_grid
from app.errors import PermissionDenied, ValidationError
from app.gradebook import assignments
from tests.assignments.conftest import YEAR, TwoYears


def test_grid_shows_classes_subjects_and_teachers(two: TwoYears) -> None:
    """Rows are the year's classes in order, columns the subjects, cells the assigned teachers."""
    with two.db.read() as s:
        grid = load_grid(s, two.secretary, YEAR)
    assert [c.name for c in grid.classes] == ["6A1", "7A1", "7A2", "8A1"]
    names = [x.name for x in grid.subjects]
    assert names[:2] == ["Ngữ văn", "Toán"]
    assert grid.teachers_of(two.cid("7A1"), "Ngữ văn") == ("gv.van",)
    assert grid.teachers_of(two.cid("6A1"), "Toán") == ()
    assert grid.cell_text(two.cid("7A1"), "Ngữ văn") == "Trần Văn Minh (gv.van)"
    active = {t.username for t in grid.teachers if t.active}
    assert {"gv.toan", "gv.van", "gv.moi"} <= active and "gv.cu" not in active


def test_save_writes_cells_and_homeroom(two: TwoYears) -> None:
    """A save adds, replaces and clears teachers and names the homeroom teacher, in one go."""
    c6, c7 = two.cid("6A1"), two.cid("7A1")
    edits = [
        CellChange(c6, "Toán", ("gv.toan",)),
        CellChange(c7, "Ngữ văn", ("gv.moi", "gv.van")),
        CellChange(c6, HOMEROOM, ("gv.cn",)),
    ]
    with two.db.uow(actor=two.secretary) as s:
        saved = save_grid(s, two.secretary, YEAR, edits)
    assert len(saved.lines) == 3 and saved.changes
    with two.db.read() as s:
        grid = load_grid(s, two.secretary, YEAR)
        listed = assignments.list_assignments(s, two.secretary, YEAR, class_id=c7)
    assert grid.teachers_of(c6, "Toán") == ("gv.toan",)
    assert grid.teachers_of(c7, "Ngữ văn") == ("gv.moi", "gv.van")
    assert grid.by_id(c6).homeroom == "gv.cn"
    assert sorted(a.teacher_username for a in listed) == ["gv.moi", "gv.van"]
    with two.db.uow(actor=two.secretary) as s:
        save_grid(s, two.secretary, YEAR, [CellChange(c7, "Ngữ văn", ())])
        again = save_grid(s, two.secretary, YEAR, [CellChange(c6, "Toán", ("gv.toan",))])
    assert again.lines == () and not again.changes
    with two.db.read() as s:
        assert load_grid(s, two.secretary, YEAR).teachers_of(c7, "Ngữ văn") == ()


def test_refused_cell_writes_nothing(two: TwoYears) -> None:
    """One bad cell (closed account, unknown teacher, two homerooms) and nothing is written."""
    c6, c8 = two.cid("6A1"), two.cid("8A1")
    edits = [
        CellChange(c6, "Toán", ("gv.toan",)),
        CellChange(c8, "Toán", ("gv.cu",)),
        CellChange(c8, "Ngữ văn", ("ai.do",)),
        CellChange(c6, HOMEROOM, ("gv.cn", "gv.van")),
    ]
    with pytest.raises(ValidationError) as err, two.db.uow(actor=two.secretary) as s:
        save_grid(s, two.secretary, YEAR, edits)
    text = str(err.value)
    assert "3 ô" in text and "Lớp 8A1, Toán" in text and "gv.cu" in text and "«ai.do»" in text
    with two.db.read() as s:
        assert load_grid(s, two.secretary, YEAR).teachers_of(c6, "Toán") == ()


def test_fill_row_and_column(two: TwoYears) -> None:
    """A row fills every subject of the class, a column every class studying it; the last wins."""
    with two.db.read() as s:
        grid = load_grid(s, two.secretary, YEAR)
    row = fill_row(grid, two.cid("6A1"), ["gv.moi"])
    assert {c.subject for c in row} == set(grid.by_id(two.cid("6A1")).subjects)
    column = fill_column(grid, "Ngữ văn", ["gv.van"])
    assert {c.class_id for c in column} == {two.cid(n) for n in ("6A1", "7A2", "8A1")}
    with pytest.raises(ValidationError):
        fill_column(grid, HOMEROOM, ["gv.cn"])
    with two.db.uow(actor=two.secretary) as s:
        save_grid(s, two.secretary, YEAR, row + column)
    with two.db.read() as s:
        after = load_grid(s, two.secretary, YEAR)
    assert after.teachers_of(two.cid("6A1"), "Ngữ văn") == ("gv.van",)
    assert after.teachers_of(two.cid("6A1"), "Toán") == ("gv.moi",)


def test_teacher_may_not_read_or_write_the_grid(two: TwoYears) -> None:
    """Only those who manage classes see and change the grid (checked in app/)."""
    teacher = two.seeded.actor("teacher")
    with two.db.read() as s, pytest.raises(PermissionDenied):
        load_grid(s, teacher, YEAR)
    with two.db.uow(actor=teacher) as s, pytest.raises(PermissionDenied):
        save_grid(s, teacher, YEAR, [CellChange(two.cid("6A1"), "Toán", ("gv.toan",))])

"""What is still missing before a semester is locked (issue 17 §5): the students, subjects, columns."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from sqlalchemy import select

from app import demo, migrate
from app.db import Actor, Database, make_engine
from app.gradebook import catalogue
from app.gradebook.conduct import conduct_sheet
from app.gradebook.entry import CellEdit, save_scores
from app.gradebook.grid import grade_grid
from app.gradebook.missing import MissingGrades, missing_grades
from app.school import current_year
from app.students.models import ClassGroup
from tests.gradebook.conftest import YEAR, GradeSchool, add_student, fill_year

Item = tuple[str, str, str]
"""(student code, subject, missing column)."""


def items(found: MissingGrades) -> set[Item]:
    """Every (student code, subject, missing column) of the list."""
    return {(x.student_code, x.subject, c) for x in found.lines for c in x.columns}


def _missing(gs: GradeSchool, semester: int = 1) -> MissingGrades:
    with gs.db.read() as s:
        return missing_grades(s, gs.admin, gs.class_id, semester)


def test_each_student_still_in_the_class_is_listed_with_what_is_missing(gs: GradeSchool) -> None:
    """A complete student is not listed; a cleared TX2 and CK are; an empty student lists every
    required column of every subject and the conduct; a student who left is never listed."""
    add_student(gs.db, gs.class_id, "Đặng Văn Em", "HS005", end=date(2025, 10, 1))
    for name in ("Lê Văn Anh", "Trần Thị Ánh"):
        fill_year(gs, name, {})
    with gs.db.uow(actor=gs.admin) as s:
        cleared = [CellEdit(gs.students["Trần Thị Ánh"], col, "") for col in ("TX2", "CK")]
        save_scores(s, gs.admin, gs.class_id, gs.subjects["Toán"], 1, cleared)
        subjects = catalogue.list_subjects(s, YEAR, 6)
    found = _missing(gs)
    anh_code, bao_code = gs.codes["Trần Thị Ánh"], gs.codes["Nguyễn Văn Bảo"]
    assert [x.student_code for x in found.lines if x.student_code == anh_code] == [anh_code]
    [toan] = [x for x in found.lines if x.student_code == anh_code]
    assert (toan.subject, toan.columns) == ("Toán", ("TX2", "CK"))
    bao = [x for x in found.lines if x.student_code == bao_code]
    assert [x.subject for x in bao] == [s.label for s in subjects] + ["Rèn luyện"]
    first = subjects[0]
    expected = tuple(f"TX{n}" for n in range(1, first.regular_count + 1)) + ("GK", "CK")
    assert bao[0].columns == expected and bao[-1].columns == ("mức đánh giá",)
    codes = {x.student_code for x in found.lines}
    assert codes == {anh_code, bao_code, gs.codes["Phạm Minh Châu"]}
    assert found.students == 3
    assert found.summary.startswith("Lớp 6A1, Học kì I: 3 học sinh còn thiếu ")
    assert toan.text == f"Trần Thị Ánh ({anh_code}) — Toán: TX2, CK"
    assert f"Trần Thị Ánh ({anh_code}) — Toán: TX2, CK" in found.text()


def test_a_complete_semester_has_nothing_missing(gs: GradeSchool) -> None:
    """Every student with a full year: nothing is listed, the summary says so."""
    for name in gs.students:
        fill_year(gs, name, {})
    found = _missing(gs, 2)
    assert found.lines == ()
    assert found.summary == "Lớp 6A1, Học kì II: đã nhập đủ điểm và đánh giá."


def test_a_teacher_of_another_class_may_not_read_it(gs: GradeSchool) -> None:
    """The list follows who may see the class's grades."""
    from app.errors import AppError

    with gs.db.read() as s, pytest.raises(AppError):
        missing_grades(s, gs.outsider, gs.class_id, 1)


# ---------------------------------------------------------------- the demo school


@pytest.fixture
def demo_db(db_url: str) -> Iterator[Database]:
    """The demo school with 150 students and its scores (this year's semester I under way)."""
    db = Database(make_engine(db_url))
    migrate.upgrade(db.engine)
    demo.create_demo(db)
    demo.fill_demo(db, 150)
    yield db
    db.dispose()


@pytest.mark.slow
def test_on_the_demo_the_list_is_what_the_entry_grids_flag(demo_db: Database) -> None:
    """For every class of this year, semester I: the list holds exactly the cells the entry
    grids show as missing and the conduct lines not entered; last year's classes are complete."""
    admin = Actor.system("test")
    with demo_db.read() as s:
        year = current_year(s)
        assert year is not None
        some_missing = False
        for group in s.scalars(select(ClassGroup).order_by(ClassGroup.name)):
            found = missing_grades(s, admin, group.id, 1)
            if group.school_year != year.name:
                assert found.lines == (), group.name
                continue
            if group.grade <= 5:
                continue
            expected: set[Item] = set()
            for subject in catalogue.class_subjects(s, group):
                grid = grade_grid(s, admin, group.id, subject.id, 1)
                labels = {c.key: c.label for c in grid.columns}
                expected |= {
                    (row.student_code, subject.label, labels[cell.key])
                    for row in grid.rows
                    if row.current
                    for cell in row.cells
                    if cell.missing
                }
            expected |= {
                (line.student_code, "Rèn luyện", "mức đánh giá")
                for line in conduct_sheet(s, admin, group.id, 1)
                if line.current and line.missing
            }
            assert items(found) == expected, group.name
            some_missing = some_missing or bool(expected)
        assert some_missing  # the demo's semester I is under way somewhere

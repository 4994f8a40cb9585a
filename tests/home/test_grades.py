"""Missing grade cells per class and subject (issue 12 §5): the home pages' grouped count."""

from __future__ import annotations

from datetime import date

from app.gradebook.entry import CellEdit, save_scores
from app.gradebook.missing import missing_grades
from app.home import grades
from tests.gradebook.conftest import YEAR, GradeSchool, add_student, fill_year, make_class


def _by_subject(gs: GradeSchool, semester: int = 1) -> dict[str, int]:
    with gs.db.read() as s:
        found = grades.missing_counts(s, gs.admin, YEAR, semester)
    return {m.subject: m.missing for m in found if m.class_id == gs.class_id}


def test_grouped_counts_match_the_list_shown_before_locking(gs: GradeSchool) -> None:
    """Per subject and in total, the grouped count equals the lock-time list, student by student:
    complete students, cleared cells, the conduct level and a student who left all agree."""
    add_student(gs.db, gs.class_id, "Đặng Văn Em", "HS005", end=date(2025, 10, 1))
    fill_year(gs, "Lê Văn Anh", {})
    fill_year(gs, "Trần Thị Ánh", {})
    with gs.db.uow(actor=gs.admin) as s:
        cleared = [CellEdit(gs.students["Trần Thị Ánh"], col, "") for col in ("TX2", "CK")]
        save_scores(s, gs.admin, gs.class_id, gs.subjects["Toán"], 1, cleared)
    with gs.db.read() as s:
        expected = missing_grades(s, gs.admin, gs.class_id, 1)
    per_subject: dict[str, int] = {}
    for line in expected.lines:
        per_subject[line.subject] = per_subject.get(line.subject, 0) + len(line.columns)
    counted = _by_subject(gs)
    assert counted == per_subject
    assert sum(counted.values()) == expected.values
    assert counted["Rèn luyện"] == 2  # two students without a conduct level


def test_a_complete_class_has_nothing_missing_and_most_missing_comes_first(
    gs: GradeSchool,
) -> None:
    """Once every student's year is filled the class drops out; an empty class's subjects are
    listed, the largest gap first."""
    for name in gs.students:
        fill_year(gs, name, {})
    assert _by_subject(gs) == {}
    assert _by_subject(gs, 2) == {}
    other = make_class(gs.db, "6A2", 6, None)
    add_student(gs.db, other, "Vũ Thị Hoa", "HS010")
    with gs.db.read() as s:
        found = grades.missing_counts(s, gs.admin, YEAR, 1)
    assert {m.class_name for m in found} == {"6A2"}
    assert [m.missing for m in found] == sorted((m.missing for m in found), reverse=True)


def test_a_scope_counts_only_the_teachers_pairs_and_homeroom_conduct(gs: GradeSchool) -> None:
    """Scoped to (6A1, Toán) and no homeroom class: only Toán is counted, four students × columns."""
    scope = grades.Scope(frozenset({(gs.class_id, gs.subjects["Toán"])}), frozenset())
    with gs.db.read() as s:
        found = grades.missing_counts(s, gs.admin, YEAR, 1, scope)
    [toan] = found
    assert toan.subject == "Toán"
    assert toan.missing == 4 * (4 + 2)  # Toán: 140 periods → 4 ĐĐGtx, plus GK and CK

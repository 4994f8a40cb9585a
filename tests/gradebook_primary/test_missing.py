"""What is still missing before a primary (TT27) semester is locked (issue 17 §5)."""

from __future__ import annotations

from app.gradebook.missing import missing_grades
from app.gradebook.primary.grid import primary_grid
from app.gradebook.primary.values import ratings_for
from tests.gradebook.test_missing import Item, items
from tests.gradebook_primary.conftest import PrimarySchool


def test_primary_lists_levels_tests_and_ratings(ps: PrimarySchool) -> None:
    """TT27: each level and end-of-term test not entered, per subject, as the grid flags them;
    the qualities and competencies not rated at each checkpoint are counted."""
    with ps.db.read() as s:
        found = missing_grades(s, ps.admin, ps.class_id, 1)
        flagged: set[Item] = set()
        for subject_id in ps.subjects.values():
            grid = primary_grid(s, ps.admin, ps.class_id, subject_id, 1)
            labels = {c.key: c.label for c in grid.columns}
            flagged |= {
                (row.student_code, grid.subject.label, labels[cell.key])
                for row in grid.rows
                for cell in row.cells
                if cell.missing
            }
    ratings = {x for x in items(found) if x[1] == "Phẩm chất, năng lực"}
    assert items(found) - ratings == flagged
    n = len(ratings_for(4))
    assert {c for _, _, c in ratings} == {f"Giữa HK I ({n} mục)", f"Cuối HK I ({n} mục)"}
    assert found.students == 4

"""personal ID search terms behind a mark

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07 12:55:04.341684
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# The personal-ID term of each student gets the mark of app.students.rowmap.ID_TERM ("#"),
# so that a search by ID needs the right to see IDs (a teacher typing an ID found its student).
_MARK = """
UPDATE student_search_term SET term = '#' || term
WHERE EXISTS (
    SELECT 1 FROM student
    WHERE student.id = student_search_term.student_id AND student.personal_id = student_search_term.term
)
"""
_UNMARK = """
UPDATE student_search_term SET term = substr(term, 2)
WHERE term LIKE '#%' AND EXISTS (
    SELECT 1 FROM student
    WHERE student.id = student_search_term.student_id
      AND '#' || student.personal_id = student_search_term.term
)
"""


def upgrade() -> None:
    op.execute(_MARK)


def downgrade() -> None:
    op.execute(_UNMARK)

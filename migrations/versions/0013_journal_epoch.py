"""the journal's epoch: a new one at every restore, so the hub never takes reused numbers for duplicates

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07 19:35:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0013'
down_revision: str | None = '0012'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Decision 022 §2. NULL until the next write of a database made before this revision, which
# gives it its first epoch.


def upgrade() -> None:
    op.add_column('journal_head', sa.Column('epoch', sa.String(length=36), nullable=True))


def downgrade() -> None:
    op.drop_column('journal_head', 'epoch')

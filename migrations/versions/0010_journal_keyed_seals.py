"""keyed seals: a MAC on each journal entry and on the head, the key's fingerprint, an account seal

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07 18:05:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0010'
down_revision: str | None = '0009'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Decision 014: recomputing the chain must need the school's key. Plain ADD COLUMN (never a
# batch copy of the table) keeps migration 0008's append-only triggers on journal_entry.
# Entries written before this, or on a PC without the key, keep a NULL mac ("not sealed");
# the next sealed entry covers them, since its hash chains over all before it.


def upgrade() -> None:
    op.add_column('journal_entry', sa.Column('mac', sa.String(length=64), nullable=True))
    op.add_column('journal_head', sa.Column('mac', sa.String(length=64), nullable=True))
    op.add_column('journal_head', sa.Column('key_id', sa.String(length=19), nullable=True))
    op.add_column('user_account', sa.Column('seal', sa.String(length=64), nullable=True))


def downgrade() -> None:
    op.drop_column('user_account', 'seal')
    op.drop_column('journal_head', 'key_id')
    op.drop_column('journal_head', 'mac')
    op.drop_column('journal_entry', 'mac')  # native DROP COLUMN: the 0008 triggers stay

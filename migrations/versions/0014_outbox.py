"""the sync outbox: each package made, its state, attempts, next try and last error

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-07 19:40:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0014'
down_revision: str | None = '0013'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'outbox_package',
        sa.Column('id', sa.Uuid(), nullable=False),
        sa.Column('school_code', sa.String(length=20), nullable=False),
        sa.Column('epoch', sa.String(length=36), nullable=False),
        sa.Column('first_seq', sa.Integer(), nullable=False),
        sa.Column('last_seq', sa.Integer(), nullable=False),
        sa.Column('file_name', sa.String(length=200), nullable=False),
        sa.Column('size', sa.Integer(), nullable=False),
        sa.Column('sha256', sa.String(length=64), nullable=False),
        sa.Column('state', sa.String(length=20), nullable=False),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('next_try_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('last_error', sa.Text(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('confirmed_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('receipt_status', sa.String(length=20), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('epoch', 'first_seq'),
    )
    op.create_index(op.f('ix_outbox_package_state'), 'outbox_package', ['state'])


def downgrade() -> None:
    op.drop_index(op.f('ix_outbox_package_state'), table_name='outbox_package')
    op.drop_table('outbox_package')

"""journal entries are append-only: the database refuses UPDATE and DELETE on them

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07 16:00:00.000000
"""

from collections.abc import Sequence

from alembic import op

revision: str = '0008'
down_revision: str | None = '0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Issue 15 §1. The app only ever appends journal entries; a change or deletion of one is
# tampering. SQLite: triggers that abort it. PostgreSQL: a trigger function raising an
# error, for rows and for TRUNCATE. Someone holding the file can drop the triggers, which
# the hash chain and the head still catch (decision 014); they stop a casual edit and any
# bug of ours at once.
SQLITE = [
    """CREATE TRIGGER journal_entry_no_update BEFORE UPDATE ON journal_entry
       BEGIN SELECT RAISE(ABORT, 'journal_entry is append-only'); END""",
    """CREATE TRIGGER journal_entry_no_delete BEFORE DELETE ON journal_entry
       BEGIN SELECT RAISE(ABORT, 'journal_entry is append-only'); END""",
]
POSTGRESQL = [
    """CREATE OR REPLACE FUNCTION journal_entry_append_only() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION 'journal_entry is append-only'; END $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER journal_entry_no_change BEFORE UPDATE OR DELETE ON journal_entry
       FOR EACH ROW EXECUTE FUNCTION journal_entry_append_only()""",
    """CREATE TRIGGER journal_entry_no_truncate BEFORE TRUNCATE ON journal_entry
       FOR EACH STATEMENT EXECUTE FUNCTION journal_entry_append_only()""",
]


def upgrade() -> None:
    statements = SQLITE if op.get_bind().dialect.name == 'sqlite' else POSTGRESQL
    for sql in statements:
        op.execute(sql)


def downgrade() -> None:
    if op.get_bind().dialect.name == 'sqlite':
        op.execute('DROP TRIGGER IF EXISTS journal_entry_no_update')
        op.execute('DROP TRIGGER IF EXISTS journal_entry_no_delete')
    else:
        op.execute('DROP TRIGGER IF EXISTS journal_entry_no_change ON journal_entry')
        op.execute('DROP TRIGGER IF EXISTS journal_entry_no_truncate ON journal_entry')
        op.execute('DROP FUNCTION IF EXISTS journal_entry_append_only()')

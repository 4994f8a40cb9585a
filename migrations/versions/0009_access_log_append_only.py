"""access-log rows are append-only too: the database refuses UPDATE and DELETE on them

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07 16:10:00.000000
"""

from collections.abc import Sequence

from alembic import op

revision: str = '0009'
down_revision: str | None = '0008'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# As migration 0008 for journal_entry (decision 014): who signed in, failed to, was locked
# out or looked at a child's personal ID is evidence, never edited by the app.
SQLITE = [
    """CREATE TRIGGER access_log_no_update BEFORE UPDATE ON access_log
       BEGIN SELECT RAISE(ABORT, 'access_log is append-only'); END""",
    """CREATE TRIGGER access_log_no_delete BEFORE DELETE ON access_log
       BEGIN SELECT RAISE(ABORT, 'access_log is append-only'); END""",
]
POSTGRESQL = [
    """CREATE OR REPLACE FUNCTION access_log_append_only() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION 'access_log is append-only'; END $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER access_log_no_change BEFORE UPDATE OR DELETE ON access_log
       FOR EACH ROW EXECUTE FUNCTION access_log_append_only()""",
    """CREATE TRIGGER access_log_no_truncate BEFORE TRUNCATE ON access_log
       FOR EACH STATEMENT EXECUTE FUNCTION access_log_append_only()""",
]


def upgrade() -> None:
    statements = SQLITE if op.get_bind().dialect.name == 'sqlite' else POSTGRESQL
    for sql in statements:
        op.execute(sql)


def downgrade() -> None:
    if op.get_bind().dialect.name == 'sqlite':
        op.execute('DROP TRIGGER IF EXISTS access_log_no_update')
        op.execute('DROP TRIGGER IF EXISTS access_log_no_delete')
    else:
        op.execute('DROP TRIGGER IF EXISTS access_log_no_change ON access_log')
        op.execute('DROP TRIGGER IF EXISTS access_log_no_truncate ON access_log')
        op.execute('DROP FUNCTION IF EXISTS access_log_append_only()')

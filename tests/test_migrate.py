"""Migrations: the fast revision reading agrees with Alembic, and upgrades reach head."""

from __future__ import annotations

from alembic.config import Config
from alembic.script import ScriptDirectory

from app import migrate
from app.db import Database, make_engine
from app.paths import migrations_dir


def _alembic_scripts() -> ScriptDirectory:
    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_dir()))
    return ScriptDirectory.from_config(cfg)


def test_fast_head_and_known_revisions_match_alembic() -> None:
    """Startup's file scan finds the same head and revisions as Alembic's script directory."""
    scripts = _alembic_scripts()
    assert migrate.head_revision() == scripts.get_current_head()
    assert migrate.known_revisions() == {r.revision for r in scripts.walk_revisions()}


def test_empty_database_needs_upgrade_then_reaches_head(db_url: str) -> None:
    """A new database has no revision, and after upgrade it is at head with nothing due."""
    db = Database(make_engine(db_url))
    try:
        assert migrate.current_revision(db.engine) is None
        assert migrate.needs_upgrade(db.engine)
        migrate.upgrade(db.engine)
        assert migrate.current_revision(db.engine) == migrate.head_revision()
        assert not migrate.needs_upgrade(db.engine)
    finally:
        db.dispose()

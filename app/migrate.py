"""Run Alembic migrations from inside the app (startup, init, tests, self-test)."""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from app.paths import migrations_dir


def _config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_dir()))
    return cfg


def head_revision() -> str:
    """The newest revision this build knows."""
    return str(ScriptDirectory.from_config(_config()).get_current_head())


def known_revisions() -> set[str]:
    """Every revision this build knows (to refuse backups made by a newer build)."""
    return {r.revision for r in ScriptDirectory.from_config(_config()).walk_revisions()}


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at, or None for an empty database."""
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def needs_upgrade(engine: Engine) -> bool:
    """True when the database is behind this build."""
    return current_revision(engine) != head_revision()


def upgrade(engine: Engine) -> None:
    """Bring the database to head in one transaction (batch mode on SQLite)."""
    cfg = _config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")

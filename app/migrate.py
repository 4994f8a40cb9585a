"""Run Alembic migrations from inside the app (startup, init, tests, self-test).

Alembic is imported only when a migration actually runs: on an up-to-date
database, startup reads the stored revision with one query and compares it
with the head found by reading the revision ids of ``migrations/versions``
(cheap, and tested against Alembic's own answer).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect, text

from app.paths import migrations_dir

if TYPE_CHECKING:
    from alembic.config import Config

_REVISION = re.compile(r"^revision\s*(?::[^=]*)?=\s*['\"]([^'\"]+)['\"]", re.M)
_DOWN = re.compile(r"^down_revision\s*(?::[^=]*)?=\s*(?:['\"]([^'\"]+)['\"]|None)", re.M)


def _config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_dir()))
    return cfg


def _graph() -> tuple[frozenset[str], frozenset[str]]:
    """(every revision id, every id some other revision builds on), read from the files."""
    return _read_graph(migrations_dir())


@cache
def _read_graph(folder: Path) -> tuple[frozenset[str], frozenset[str]]:
    revisions, parents = set(), set()
    for path in (folder / "versions").glob("*.py"):
        source = path.read_text(encoding="utf-8")
        rev, down = _REVISION.search(source), _DOWN.search(source)
        if rev:
            revisions.add(rev.group(1))
        if down and down.group(1):
            parents.add(down.group(1))
    return frozenset(revisions), frozenset(parents)


def head_revision() -> str:
    """The newest revision this build knows."""
    revisions, parents = _graph()
    heads = sorted(revisions - parents)
    if len(heads) != 1:
        from alembic.script import ScriptDirectory

        return str(ScriptDirectory.from_config(_config()).get_current_head())
    return heads[0]


def known_revisions() -> set[str]:
    """Every revision this build knows (to refuse backups made by a newer build)."""
    return set(_graph()[0])


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at, or None for an empty database."""
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def needs_upgrade(engine: Engine) -> bool:
    """True when the database is behind this build."""
    return current_revision(engine) != head_revision()


def upgrade(engine: Engine) -> None:
    """Bring the database to head in one transaction (batch mode on SQLite)."""
    from alembic import command

    cfg = _config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")

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


def test_0006_marks_personal_id_search_terms_and_back(db_url: str) -> None:
    """Upgrading puts the personal ID's search term behind its mark; downgrading takes it off."""
    import uuid

    from alembic import command
    from sqlalchemy import select

    from app.students.models import Student, StudentSearchTerm

    db = Database(make_engine(db_url))
    cfg = migrate._config()
    sid, pid = uuid.uuid4(), "038314000041"

    def terms() -> set[str]:
        with db.engine.connect() as conn:
            return set(conn.execute(select(StudentSearchTerm.term)).scalars())

    try:
        with db.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "0005")
            conn.execute(
                Student.__table__.insert().values(
                    id=sid,
                    school_code="T1",
                    student_code="HS1",
                    personal_id=pid,
                    given_name="Hoa",
                    full_name="Lê Thị Hoa",
                    sex="nu",
                    sort_key="x",
                    search_text="lê thị hoa",
                )  # fmt: skip
            )
            rows = [{"term": t, "student_id": sid} for t in (pid, "hoa", "hs1")]
            conn.execute(StudentSearchTerm.__table__.insert(), rows)
        migrate.upgrade(db.engine)
        assert terms() == {"#" + pid, "hoa", "hs1"}
        with db.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0005")
        assert terms() == {pid, "hoa", "hs1"}
    finally:
        db.dispose()

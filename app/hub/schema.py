"""The hub's tables (issue 10 §4, decision 024): one database for a province's schools.

Every table is keyed by school code first. A record is stored as its wire form (the entity,
its id, the fields as JSON) rather than in one table per school table: the hub reads
packages from schools on older and newer releases, and the entity map, not the school's
tables, is the contract (decision 022 §1). On PostgreSQL the fields are ``jsonb`` and
``hub_record`` is hash-partitioned by school code (16 partitions), so one school's rows sit
together and a province (about 2,000 schools, a million students) stays on one server;
``docs/hub-database.md`` says how it spreads further (Citus, distributed by school code).

The hub's database is not a school's: it has no journal of per-row edits. What it applied is
traceable through each record's ``(epoch, version, package_id)`` and the hub's own chained
ledger, one entry per package (decision 022 §6).
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Engine,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    inspect,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB

from app.errors import StorageError
from app.messages.hub import HUB_MSG
from app.paths import migrations_dir

VERSION_TABLE = "hub_alembic_version"
PARTITIONS = 16
HUB = MetaData()
_JSON = JSON().with_variant(JSONB(), "postgresql")
_TIME = DateTime(timezone=True)

school = Table(
    "hub_school",
    HUB,
    Column("code", String(40), primary_key=True),
    Column("public_key", LargeBinary, nullable=False),  # the key seen in its packages
    Column("fingerprint", String(19), nullable=False),
    Column("approved_at", _TIME, nullable=True),  # None: packages are held
    Column("approved_by", String(64), nullable=False, default=""),
    Column("epoch", String(36), nullable=True),  # the epoch being applied
    Column("high_water", Integer, nullable=True),  # applied without a gap in ``epoch``
    Column("chain_hash", String(64), nullable=True),  # the school's chain hash there
    Column("past_epochs", _JSON, nullable=False),  # epochs this school restored away from
    Column("allowed_epoch", String(36), nullable=True),  # an unrelated start the operator let in
    Column("first_seen_at", _TIME, nullable=False),
    Column("updated_at", _TIME, nullable=False),
)

package = Table(
    "hub_package",
    HUB,
    Column("package_id", String(36), primary_key=True),
    Column("school_code", String(40), nullable=False),
    Column("epoch", String(36), nullable=False),
    Column("seq_from", Integer, nullable=False),
    Column("seq_to", Integer, nullable=False),
    Column("status", String(20), nullable=False),
    Column("reason", Text, nullable=False, default=""),
    Column("file_name", String(260), nullable=False, default=""),
    Column("size", Integer, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("data", LargeBinary, nullable=True),  # kept while held, rejected or superseded
    Column("receipt", Text, nullable=True),  # the signed receipt last issued
    Column("counts", _JSON, nullable=True),
    Column("attempts", Integer, nullable=False, default=1),
    Column("received_at", _TIME, nullable=False),
    Column("decided_at", _TIME, nullable=False),
    Index("ix_hub_package_school_status", "school_code", "status"),
)

unreadable = Table(
    "hub_unreadable_file",
    HUB,
    Column("sha256", String(64), primary_key=True),
    Column("file_name", String(260), nullable=False),
    Column("reason", Text, nullable=False),
    Column("size", Integer, nullable=False),
    Column("data", LargeBinary, nullable=True),
    Column("received_at", _TIME, nullable=False),
)

record = Table(
    "hub_record",
    HUB,
    Column("school_code", String(40), primary_key=True),
    Column("entity", String(40), primary_key=True),
    Column("record_id", String(36), primary_key=True),
    Column("entity_version", Integer, nullable=False),
    Column("epoch", String(36), nullable=False),
    Column("version", Integer, nullable=False),
    Column("fields", _JSON, nullable=False),
    Column("deleted", Boolean, nullable=False, default=False),
    Column("package_id", String(36), nullable=False),
    Column("updated_at", _TIME, nullable=False),
    postgresql_partition_by="HASH (school_code)",
)

record_archive = Table(
    "hub_record_archive",
    HUB,
    Column(
        "id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    ),  # fmt: skip
    Column("school_code", String(40), nullable=False),
    Column("entity", String(40), nullable=False),
    Column("record_id", String(36), nullable=False),
    Column("epoch", String(36), nullable=False),
    Column("version", Integer, nullable=False),
    Column("fields", _JSON, nullable=False),
    Column("deleted", Boolean, nullable=False),
    Column("package_id", String(36), nullable=False),
    Column("archived_at", _TIME, nullable=False),
    Column("new_epoch", String(36), nullable=False),
    Index("ix_hub_record_archive_school", "school_code", "new_epoch"),
)

blob = Table(
    "hub_blob",
    HUB,
    Column("sha256", String(64), primary_key=True),
    Column("size", Integer, nullable=False),
    Column("data", LargeBinary, nullable=False),
    Column("school_code", String(40), nullable=False),  # who sent it first
    Column("stored_at", _TIME, nullable=False),
)

ledger = Table(
    "hub_ledger",
    HUB,
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("at", _TIME, nullable=False),
    Column("school_code", String(40), nullable=False),
    Column("package_id", String(36), nullable=False),
    Column("epoch", String(36), nullable=False),
    Column("seq_from", Integer, nullable=False),
    Column("seq_to", Integer, nullable=False),
    Column("status", String(20), nullable=False),
    Column("chain_hash", String(64), nullable=True),
    Column("counts", _JSON, nullable=True),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
)


def hub_migrations_dir() -> Path:
    """The hub's own Alembic environment (``migrations/hub``), shipped with the app."""
    return migrations_dir() / "hub"


def ensure_schema(engine: Engine) -> None:
    """Bring the hub's database to this build's schema (Alembic, its own version table);
    refuse one a newer build made."""
    from alembic import command
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    cfg = Config()
    cfg.set_main_option("script_location", str(hub_migrations_dir()))
    known = {s.revision for s in ScriptDirectory.from_config(cfg).walk_revisions()}
    with engine.begin() as conn:
        if inspect(conn).has_table(VERSION_TABLE):
            found = conn.scalar(text(f"SELECT version_num FROM {VERSION_TABLE}"))
            if found is not None and found not in known:
                raise StorageError(HUB_MSG.schema_version.format(found=found))
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")

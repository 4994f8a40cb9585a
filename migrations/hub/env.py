"""Alembic environment of the hub's database (app/hub/schema.py), apart from the school's.

Its version table is ``hub_alembic_version``; app/hub/schema.py runs it (``ensure_schema``),
developers through ``alembic -n hub`` (alembic.ini)."""

from __future__ import annotations

import os

from alembic import context

from app.db import make_engine
from app.hub.schema import HUB, VERSION_TABLE

config = context.config


def _url() -> str:
    x = context.get_x_argument(as_dictionary=True)
    return x.get("db") or os.environ.get("TRUONGSO_HUB_DB_URL") or ""


def _ours(name: str | None, kind: str, _parent: object) -> bool:
    """Only the hub's tables; not the partitions of hub_record (the migration makes them)."""
    if kind != "table" or name is None:
        return True
    return name.startswith("hub_") and not name.startswith("hub_record_p")


def _run(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=HUB,
        version_table=VERSION_TABLE,
        compare_type=True,
        include_name=_ours,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    engine = make_engine(_url())
    with engine.connect() as conn:
        _run(conn)
        conn.commit()
    engine.dispose()

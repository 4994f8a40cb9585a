"""The hub's fixtures: a hub on an empty database of each backend, with its keys in the test
keyring, whose profile the school has kept; and the comparison of the hub's copy with the
school's rows, record by record."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from app import journal
from app.db import Base, Database, sqlite_url
from app.hub import ledger
from app.hub import schema as t
from app.hub import service as hub_service
from app.hub.ingest import Hub, Outcome
from app.hub.keys import load_keys
from app.hub.service import ingest_folder
from app.sync import hub_profile, school_side
from app.sync.entities import ENTITIES
from app.sync.outbox import OutboxPackage
from app.sync.school_key import school_key
from tests.conftest import _pg_database
from tests.gradebook.conftest import GradeSchool, gs  # noqa: F401


@pytest.fixture
def hub(gs: GradeSchool, tmp_path: Path) -> Iterator[Hub]:  # noqa: F811
    """A hub on an empty database of the school's backend; the school keeps its profile."""
    if gs.db.engine.dialect.name == "sqlite":
        yield from _hub(sqlite_url(tmp_path / "hub.sqlite"))
    else:
        for url in _pg_database():
            yield from _hub(url)


def _hub(url: str) -> Iterator[Hub]:
    keys = load_keys(create=True)
    profile = keys.profile("Sở GD&ĐT Thử nghiệm", "https://hub.example.vn/nhan", date(2030, 12, 31))
    hub_profile.save_profile(profile, profile.fingerprint)
    h = Hub.open(url, keys)
    yield h
    h.dispose()


@dataclass
class Round:
    """One trip: the school exports to a stick, the hub ingests it, the school takes receipts."""

    usb: Path

    def export(self, g: GradeSchool, cap: int = 60_000) -> list[str]:
        school_side.make_packages(g.db, g.admin, cap=cap)
        return school_side.export_to(g.db, g.admin, self.usb).files

    def ingest(self, h: Hub) -> list[Outcome]:
        return ingest_folder(h, self.usb, self.usb)

    def receipts(self, g: GradeSchool) -> dict[str, str]:
        return school_side.import_receipts(g.db, g.admin, self.usb).applied


def outbox_states(db: Database) -> dict[str, str]:
    with db.read() as s:
        return {str(r.id): r.state for r in s.scalars(select(OutboxPackage))}


def _without_none(fields: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in fields.items() if v is not None}


def school_state(db: Database) -> dict[tuple[str, str], dict[str, Any]]:
    """Every record the school sends, as the hub should hold it: entity, id → wire fields."""
    out: dict[tuple[str, str], dict[str, Any]] = {}
    with db.read() as s:
        for entity in ENTITIES:
            model = next(m.class_ for m in Base.registry.mappers
                         if m.local_table.name == entity.table)  # fmt: skip
            for obj in s.scalars(select(model)):
                fields = entity.to_wire(journal._snapshot(obj))
                out[(entity.name, str(obj.id))] = _without_none(fields)
    return out


def hub_state(h: Hub, school: str) -> dict[tuple[str, str], dict[str, Any]]:
    """The hub's live (not deleted) records of ``school``."""
    r = t.record.c
    with h.engine.connect() as conn:
        rows = conn.execute(
            select(r.entity, r.record_id, r.fields).where(r.school_code == school, ~r.deleted)
        )
        return {(row.entity, row.record_id): _without_none(dict(row.fields)) for row in rows}


SCHOOL = "THCS0001"


def enrol(g: GradeSchool, h: Hub, trip: Round) -> None:
    """The school's first trip: held until its key is approved, then applied and confirmed."""
    trip.export(g)
    trip.ingest(h)
    hub_service.approve(h, SCHOOL, school_key(SCHOOL).fingerprint, "test")
    hub_service.release_waiting(h, trip.usb)
    trip.receipts(g)
    assert hub_state(h, SCHOOL) == school_state(g.db)


def package_files(trip: Round, names: list[str]) -> list[Path]:
    """The exported files of ``names`` on the stick, in the order given."""
    return [trip.usb / "TruongSo" / "guidi" / SCHOOL / n for n in names]


def ledger_count(h: Hub) -> int:
    """How many packages the hub's chained ledger holds (the chain verified)."""
    with h.engine.connect() as conn:
        ok, count = ledger.verify(conn)
    assert ok
    return count

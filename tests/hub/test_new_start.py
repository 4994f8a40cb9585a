"""A database unrelated to the one the hub holds (a PC reinstalled from nothing, a copy made by
hand) is held until the operator lets it replace the school's records; a restore is not."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from sqlalchemy import delete, text

from app.errors import NotFound
from app.hub import schema as t
from app.hub import service as hub_service
from app.hub.ingest import Hub
from app.sync.outbox import OutboxPackage
from app.sync.school_key import school_key
from tests.gradebook.conftest import GradeSchool, fill_year
from tests.hub.conftest import Round, hub_state, school_state


def test_an_unrelated_database_waits_for_the_operator_then_replaces_the_records(
    gs: GradeSchool, hub: Hub, tmp_path: Path
) -> None:
    trip = Round(tmp_path / "usb")
    trip.export(gs)
    trip.ingest(hub)
    hub_service.approve(hub, "THCS0001", school_key("THCS0001").fingerprint, "test")
    hub_service.release_waiting(hub, trip.usb)
    before = hub_state(hub, "THCS0001")

    # The same school from a database with no history of the hub's epoch: a new epoch with no
    # restore event (no lineage), its journal packaged again from number 1.
    fresh = str(uuid.uuid4())
    with gs.db.engine.begin() as conn:
        conn.execute(text("UPDATE journal_head SET epoch = :e"), {"e": fresh})
    with gs.db.uow(gs.admin) as s:
        s.execute(delete(OutboxPackage))
    fill_year(gs, next(iter(gs.students)), {"Toán": "5"})
    second = Round(tmp_path / "usb2")
    second.export(gs)
    held = second.ingest(hub)
    assert {o.status for o in held} == {"held"}
    assert any("cơ sở dữ liệu khác" in o.reason for o in held)
    assert hub_state(hub, "THCS0001") == before  # nothing replaced behind the operator's back

    with pytest.raises(NotFound):
        hub_service.allow_new_start(hub, "THCS0001", "ffffffff")
    assert hub_service.allow_new_start(hub, "THCS0001", fresh[:8]) == fresh
    released = hub_service.release_waiting(hub, second.usb)
    assert released and {o.status for o in released} == {"accepted"}
    assert hub_state(hub, "THCS0001") == school_state(gs.db)
    with hub.engine.connect() as conn:
        archived = conn.execute(
            t.record_archive.select().where(t.record_archive.c.new_epoch == fresh)
        ).all()
    assert len(archived) == len(before)  # the old copy kept, not lost

"""A school's whole history to the hub and back (issue 10 "Done when"): school DB → packages →
USB folder → hub ingest → receipts → school; the hub's copy equals the school's for every
record, on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.errors import ValidationError
from app.hub import ledger
from app.hub import service as hub_service
from app.hub.ingest import Hub
from app.sync.outbox import CONFIRMED, SENT
from app.sync.school_key import school_key
from tests.gradebook.conftest import GradeSchool, fill_year
from tests.hub.conftest import Round, hub_state, outbox_states, school_state


def test_whole_history_reaches_the_hub_and_receipts_come_back(
    gs: GradeSchool, hub: Hub, tmp_path: Path
) -> None:
    for name in gs.students:
        fill_year(gs, name, {"Toán": "8", "Ngữ văn": "6.5"})
    trip = Round(tmp_path / "usb")
    files = trip.export(gs)
    assert len(files) > 1

    first = trip.ingest(hub)  # an unknown school: held until its key is approved
    assert {o.status for o in first} == {"held"}
    assert all("chưa duyệt" in o.reason for o in first)
    assert set(trip.receipts(gs).values()) == {"held"}
    assert set(outbox_states(gs.db).values()) == {SENT}  # kept, not lost, not confirmed

    with pytest.raises(ValidationError):
        hub_service.approve(hub, "THCS0001", "0000-0000-0000-0000", "test")
    waiting = hub_service.approve(hub, "THCS0001", school_key("THCS0001").fingerprint, "test")
    assert waiting == len(files)
    released = hub_service.release_waiting(hub, trip.usb)
    assert [o.status for o in released] == ["accepted"] * len(files)
    assert set(trip.receipts(gs).values()) == {"accepted"}
    assert set(outbox_states(gs.db).values()) == {CONFIRMED}

    expected = school_state(gs.db)
    assert hub_state(hub, "THCS0001") == expected
    assert any(entity == "assessment" for entity, _ in expected)

    # More work at the school: only the new entries travel, and the copies still agree.
    fill_year(gs, next(iter(gs.students)), {"Toán": "9"})
    assert len(trip.export(gs)) >= 1
    assert {o.status for o in trip.ingest(hub)} >= {"accepted"}
    trip.receipts(gs)
    assert set(outbox_states(gs.db).values()) == {CONFIRMED}
    assert hub_state(hub, "THCS0001") == school_state(gs.db)
    with hub.engine.connect() as conn:
        ok, count = ledger.verify(conn)
    assert ok and count >= len(files) + 1

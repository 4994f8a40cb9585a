"""An entry the hub applies but not cleanly (an update of a record it lacks) is named in the
receipt's problems, and the school sees it beside the confirmed package: never silently."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import delete, select

from app.hub import schema as t
from app.hub import service as hub_service
from app.hub.ingest import Hub
from app.students.models import Student
from app.sync.outbox import CONFIRMED, OutboxPackage
from app.sync.school_key import school_key
from tests.gradebook.conftest import GradeSchool
from tests.hub.conftest import Round, hub_state, school_state


def test_an_update_of_a_record_the_hub_lacks_is_reported_to_the_school(
    gs: GradeSchool, hub: Hub, tmp_path: Path
) -> None:
    trip = Round(tmp_path / "usb")
    trip.export(gs)
    trip.ingest(hub)
    hub_service.approve(hub, "THCS0001", school_key("THCS0001").fingerprint, "test")
    hub_service.release_waiting(hub, trip.usb)
    trip.receipts(gs)
    sid = next(iter(gs.students.values()))
    with hub.engine.begin() as conn:  # the hub lost this student's row (restored, say)
        conn.execute(delete(t.record).where(t.record.c.record_id == str(sid)))

    with gs.db.uow(gs.admin) as s:
        student = s.get(Student, sid)
        assert student is not None
        student.place_of_birth = "Xã Tà Xùa, huyện Bắc Yên, tỉnh Sơn La"
    trip.export(gs)
    outcomes = [o for o in trip.ingest(hub) if o.counts]
    assert [o.status for o in outcomes] == ["accepted"]
    trip.receipts(gs)
    with gs.db.read() as s:
        state, error = s.execute(
            select(OutboxPackage.state, OutboxPackage.last_error)
            .order_by(OutboxPackage.last_seq.desc()).limit(1)
        ).one()  # fmt: skip
    assert state == CONFIRMED
    assert "Máy chủ chưa có bản ghi này" in error and "Mục " in error
    # The fields sent were kept: the hub holds the new place of birth, only that field.
    held = hub_state(hub, "THCS0001")[("student", str(sid))]
    assert held == {"place_of_birth": "Xã Tà Xùa, huyện Bắc Yên, tỉnh Sơn La"}
    assert held != school_state(gs.db)[("student", str(sid))]

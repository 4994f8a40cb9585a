"""Faults on the way from the school to the hub (issue 10 §7), through the real hub on SQLite and
PostgreSQL: every package replayed three times, packages arriving newest first, one dropped in
the middle of a trip, deletes out of order. Each ends with the hub's copy equal to the school's,
record by record."""

from __future__ import annotations

import uuid
from pathlib import Path

from sqlalchemy import func, select

from app.gradebook.locking import lock_semester, unlock_semester
from app.hub import schema as t
from app.hub import service as hub_service
from app.hub.ingest import Hub, ingest_bytes
from app.sync.outbox import CONFIRMED, SENT, OutboxPackage
from app.sync.package_file import read_header
from app.sync.school_key import school_key
from tests.gradebook.conftest import GradeSchool, fill_year
from tests.hub.conftest import (
    SCHOOL,
    Round,
    enrol,
    hub_state,
    ledger_count,
    outbox_states,
    package_files,
    school_state,
)

CAP = 20_000  # small packages, so one trip carries several


def _more_work(gs: GradeSchool) -> None:
    for name in list(gs.students)[:2]:
        fill_year(gs, name, {"Toán": "9", "Ngữ văn": "7"})


def _receipt_files(usb: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in (usb / "TruongSo" / "bienNhan").rglob("*.json")}


def _last_error(gs: GradeSchool, pid: str) -> str:
    with gs.db.read() as s:
        row = s.get(OutboxPackage, uuid.UUID(pid))
        assert row is not None
        return row.last_error


def test_every_package_replayed_three_times_has_one_effect(
    gs: GradeSchool, hub: Hub, tmp_path: Path
) -> None:
    trip = Round(tmp_path / "usb")
    enrol(gs, hub, trip)
    _more_work(gs)
    names = trip.export(gs, cap=CAP)
    assert len(names) > 2
    first = trip.ingest(hub)
    assert {o.status for o in first} == {"accepted"}
    receipts = _receipt_files(trip.usb)
    by_id = {o.package_id: o.receipt for o in first}
    state, applied = hub_state(hub, SCHOOL), ledger_count(hub)
    assert state == school_state(gs.db)

    for _ in range(3):  # the same stick three more times, then the same bytes by hand
        again = trip.ingest(hub)
        assert [(o.package_id, o.status) for o in again] == [
            (o.package_id, o.status) for o in first
        ]
        assert all(o.receipt == by_id[o.package_id] for o in again)
        assert _receipt_files(trip.usb) == receipts  # rewritten byte for byte
    for path in package_files(trip, names):
        data = path.read_bytes()
        pid = read_header(path).package_id
        for _ in range(3):
            outcome = ingest_bytes(hub, data, path.name)
            assert (outcome.status, outcome.receipt) == ("accepted", by_id[pid])
    assert hub_state(hub, SCHOOL) == state
    assert ledger_count(hub) == applied  # no ledger entry for a replay
    for _ in range(3):
        assert set(trip.receipts(gs).values()) == {"accepted"}
    assert set(outbox_states(gs.db).values()) == {CONFIRMED}


def test_packages_arriving_newest_first_are_held_then_released(
    gs: GradeSchool, hub: Hub, tmp_path: Path
) -> None:
    trip = Round(tmp_path / "usb")
    enrol(gs, hub, trip)
    high = ledger_count(hub)
    _more_work(gs)
    names = trip.export(gs, cap=CAP)
    assert len(names) > 2
    paths = package_files(trip, names)
    headers = [read_header(p) for p in paths]
    start = headers[0].seq_from
    for path, header in reversed(list(zip(paths[1:], headers[1:], strict=True))):
        outcome = ingest_bytes(hub, path.read_bytes(), path.name)
        assert outcome.status == "held"
        assert f"chưa nhận các thay đổi số {start}–{header.seq_from - 1}" in outcome.reason
        assert "hãy gửi lại các gói còn thiếu" in outcome.reason
    assert {r["status"] for r in hub_service.packages(hub, ("held",))} == {"held"}
    assert len(hub_service.packages(hub, ("held",))) == len(names) - 1
    assert ledger_count(hub) == high  # nothing applied while held

    oldest = ingest_bytes(hub, paths[0].read_bytes(), paths[0].name)
    assert oldest.status == "accepted"
    released = hub_service.release_waiting(hub, trip.usb)
    assert [o.package_id for o in released] == [h.package_id for h in headers[1:]]
    assert {o.status for o in released} == {"accepted"}
    assert hub_service.packages(hub, ("held",)) == []
    assert hub_state(hub, SCHOOL) == school_state(gs.db)
    assert ledger_count(hub) == high + len(names)


def test_a_package_dropped_in_the_middle_is_held_for_then_filled(
    gs: GradeSchool, hub: Hub, tmp_path: Path
) -> None:
    trip = Round(tmp_path / "usb")
    enrol(gs, hub, trip)
    _more_work(gs)
    names = trip.export(gs, cap=CAP)
    assert len(names) > 2
    paths = package_files(trip, names)
    headers = {p.name: read_header(p) for p in paths}
    middle = paths[1]
    lost = headers[middle.name]
    middle.unlink()  # the file never made it onto the stick

    outcomes = {Path(o.file).name: o for o in trip.ingest(hub)}
    assert outcomes[paths[0].name].status == "accepted"
    for path in paths[2:]:  # the gap runs from the lost one's first number to before each
        assert outcomes[path.name].status == "held"
        gap = f"chưa nhận các thay đổi số {lost.seq_from}–{headers[path.name].seq_from - 1}"
        assert gap in outcomes[path.name].reason
    assert f"{lost.seq_from}–{lost.seq_to} " in outcomes[paths[2].name].reason
    taken = trip.receipts(gs)
    assert middle.name not in outcomes and lost.package_id not in taken
    states = outbox_states(gs.db)
    assert states[lost.package_id] == SENT  # sent, no answer yet
    assert states[headers[paths[0].name].package_id] == CONFIRMED
    for path in paths[2:]:
        pid = headers[path.name].package_id
        assert (states[pid], _last_error(gs, pid)) == (SENT, outcomes[path.name].reason)
    assert hub_state(hub, SCHOOL) != school_state(gs.db)

    # The next trip: everything not confirmed goes again, the missing one with it.
    again = Round(tmp_path / "usb2")
    assert set(again.export(gs, cap=CAP)) == {p.name for p in paths[1:]}
    result = {o.package_id: o.status for o in again.ingest(hub)}
    assert result == {headers[p.name].package_id: "accepted" for p in paths[1:]}
    assert set(again.receipts(gs).values()) == {"accepted"}
    assert set(outbox_states(gs.db).values()) == {CONFIRMED}
    assert hub_state(hub, SCHOOL) == school_state(gs.db)


def _locking(gs: GradeSchool, semester: int, lock: bool) -> None:
    principal = gs.actor("principal")
    with gs.db.uow(actor=principal) as s:
        if lock:
            lock_semester(s, principal, gs.class_id, semester, "")
        else:
            unlock_semester(s, principal, gs.class_id, semester, "Sửa điểm sau khi khóa")


def test_deletes_arriving_out_of_order_end_equal(gs: GradeSchool, hub: Hub, tmp_path: Path) -> None:
    """Official results locked (inserts), unlocked (deletes), changed and locked again, the
    packages newest first and each twice: the hub ends with the school's live records, the
    deleted results marked deleted, not live."""
    for name in gs.students:
        fill_year(gs, name, {"Toán": "8"})
    _locking(gs, 1, True)
    _locking(gs, 2, True)
    enrol(gs, hub, Round(tmp_path / "first-trip"))
    _locking(gs, 2, False)
    _locking(gs, 1, False)
    fill_year(gs, list(gs.students)[0], {"Toán": "5"})
    _locking(gs, 1, True)
    trip = Round(tmp_path / "usb")
    paths = package_files(trip, trip.export(gs, cap=4_000))
    assert len(paths) > 2
    for path in [*reversed(paths), *reversed(paths)]:
        ingest_bytes(hub, path.read_bytes(), path.name)
    hub_service.release_waiting(hub, trip.usb)
    assert {r["status"] for r in hub_service.packages(hub)} == {"accepted"}
    assert hub_state(hub, SCHOOL) == school_state(gs.db)
    with hub.engine.connect() as conn:
        deleted = conn.scalar(
            select(func.count()).select_from(t.record)
            .where(t.record.c.entity == "result", t.record.c.deleted)
        )  # fmt: skip
    assert deleted  # the unlocked semester II results are kept as deleted


def test_after_approval_the_packages_still_held_tell_the_school_what_is_missing(
    gs: GradeSchool, hub: Hub, tmp_path: Path
) -> None:
    """A new school's first trip, one package lost on the way: all held until approval; after
    it, the ones behind the gap are still held, now for the gap, and the school's queue must say
    so (which numbers to send again), not the old "not approved yet"."""
    for name in gs.students:
        fill_year(gs, name, {"Toán": "8"})
    trip = Round(tmp_path / "usb")
    paths = package_files(trip, trip.export(gs, cap=CAP))
    assert len(paths) > 2
    lost = read_header(paths[1])
    paths[1].unlink()
    trip.ingest(hub)
    hub_service.approve(hub, SCHOOL, school_key(SCHOOL).fingerprint, "test")
    hub_service.release_waiting(hub, trip.usb)
    trip.receipts(gs)
    behind = read_header(paths[2]).package_id
    [held] = [r for r in hub_service.packages(hub, ("held",)) if r["package_id"] == behind]
    gap = f"chưa nhận các thay đổi số {lost.seq_from}–"
    assert gap in held["reason"]  # the hub knows…
    assert gap in _last_error(gs, behind)  # …and its receipt must tell the school

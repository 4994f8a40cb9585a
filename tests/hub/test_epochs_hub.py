"""A restore at the school, through the real hub (issue 10 §0 "chain epochs", decision 022 §2):
the restored database starts a new epoch, its packages start again at number 1; the hub archives
what it held, switches, and ends equal to the school; a package of the old epoch arriving late
is answered "duplicate" (superseded), never applied; a package of the new epoch arriving before
its start waits ("baseline_needed") and is released when the start comes.

A restore is SQLite's (a PostgreSQL school restores with its server's tools), so the school is
on SQLite here and the hub on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.db import sqlite_url
from app.hub import schema as t
from app.hub import service as hub_service
from app.hub.ingest import Hub, ingest_bytes
from app.journal import current_epoch
from app.safety import backup
from app.sync import school_side
from app.sync.outbox import CONFIRMED, WAITING
from app.sync.package_file import read_header
from app.sync.receipt_file import parse_receipt
from tests.conftest import _pg_database
from tests.gradebook.conftest import GradeSchool, fill_year
from tests.hub.conftest import (
    SCHOOL,
    Round,
    _hub,
    enrol,
    hub_state,
    outbox_states,
    package_files,
    school_state,
)

CAP = 20_000
pytestmark = pytest.mark.parametrize("seeded", ["sqlite"], indirect=True)


@pytest.fixture(params=["sqlite", "postgresql"])
def any_hub(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Hub]:
    """A hub on each backend, whatever the school's."""
    if request.param == "sqlite":
        yield from _hub(sqlite_url(tmp_path / "hub.sqlite"))
    else:
        for url in _pg_database():
            yield from _hub(url)


def _epoch(gs: GradeSchool) -> str:
    with gs.db.read() as s:
        epoch = current_epoch(s)
    assert epoch is not None
    return epoch


def _count(hub: Hub, table: t.Table, **where: str) -> int:
    query = select(func.count()).select_from(table)
    for name, value in where.items():
        query = query.where(table.c[name] == value)
    with hub.engine.connect() as conn:
        return int(conn.scalar(query) or 0)


def test_a_restore_at_the_school_starts_a_new_epoch_at_the_hub(
    gs: GradeSchool, any_hub: Hub, tmp_path: Path
) -> None:
    hub = any_hub
    names = list(gs.students)
    enrol(gs, hub, Round(tmp_path / "trip1"))
    old = _epoch(gs)
    info = backup.create_backup(gs.db, gs.admin, tmp_path / "bk")

    # After the backup: one trip the hub applies, then one that stays in a drawer.
    fill_year(gs, names[0], {"Toán": "9"})
    applied_late = Round(tmp_path / "trip2")
    applied_late.export(gs, cap=CAP)
    assert {o.status for o in applied_late.ingest(hub)} == {"accepted"}
    applied_late.receipts(gs)
    fill_year(gs, names[1], {"Toán": "4"})
    drawer = Round(tmp_path / "drawer")
    drawer_files = package_files(drawer, drawer.export(gs, cap=CAP))
    assert {read_header(p).epoch for p in drawer_files} == {old}
    held_before = _count(hub, t.record, school_code=SCHOOL)

    # The restore: the database goes back to the backup, in a new epoch.
    assert gs.db.path is not None
    gs.db.dispose()
    backup.restore_backup(info.path, gs.db.path)
    new = _epoch(gs)
    assert new != old
    fill_year(gs, names[2], {"Ngữ văn": "7.5"})  # work after the restore

    trip = Round(tmp_path / "trip3")
    paths = package_files(trip, trip.export(gs, cap=CAP))
    headers = [read_header(p) for p in paths]
    assert len(paths) > 2 and {h.epoch for h in headers} == {new}
    assert headers[0].seq_from == 1  # the new epoch's packages start at 1
    assert all(b.seq_from == a.seq_to + 1 for a, b in zip(headers, headers[1:], strict=False))

    # Its second package first: the hub needs the epoch's start.
    early = ingest_bytes(hub, paths[1].read_bytes(), paths[1].name)
    assert early.status == "baseline_needed"
    assert f"kỳ mới {new[:8]}" in early.reason and "từ số 1" in early.reason
    assert _count(hub, t.record, school_code=SCHOOL) == held_before  # nothing switched yet

    start = ingest_bytes(hub, paths[0].read_bytes(), paths[0].name)
    assert start.status == "accepted"
    archived = _count(hub, t.record_archive, school_code=SCHOOL, new_epoch=new)
    assert archived == held_before  # everything of the old epoch kept aside
    assert _count(hub, t.record_archive, school_code=SCHOOL, epoch=old) == archived
    released = hub_service.release_waiting(hub, trip.usb)
    assert [(o.package_id, o.status) for o in released] == [(headers[1].package_id, "accepted")]
    assert {o.status for o in trip.ingest(hub)} == {"accepted"}
    assert set(trip.receipts(gs).values()) == {"accepted"}
    assert set(outbox_states(gs.db).values()) == {CONFIRMED}
    assert hub_state(hub, SCHOOL) == school_state(gs.db)
    [row] = hub_service.schools(hub)
    assert (row.epoch, row.high_water) == (new, headers[-1].seq_to)

    # The drawer's stick of the old epoch arrives now: kept, answered, never applied.
    state = hub_state(hub, SCHOOL)
    late = drawer.ingest(hub)
    assert [o.status for o in late] == ["superseded"] * len(drawer_files)
    receipts = [parse_receipt(o.receipt or b"", hub.keys.signing_public) for o in late]
    assert {str(r.status) for r in receipts} == {"duplicate"}  # nothing for the school to do
    assert all("trước lần khôi phục" in o.reason and old[:8] in o.reason for o in late)
    assert hub_state(hub, SCHOOL) == state
    superseded = hub_service.packages(hub, ("superseded",))
    assert {r["package_id"] for r in superseded} == {
        read_header(p).package_id for p in drawer_files
    }
    taken = drawer.receipts(gs)  # the restored school never made these: nothing to mark
    assert taken == {}
    assert set(outbox_states(gs.db).values()) == {CONFIRMED}


def test_restoring_the_wrong_backup_then_the_right_one(
    gs: GradeSchool, any_hub: Hub, tmp_path: Path
) -> None:
    """The secretary restores an old backup by mistake, makes packages, then restores the newer
    backup she meant. The newer backup's queue names a package whose file the first restore's
    packaging removed (it was unknown to the old queue): the export must still go through and
    the hub end equal to the school, not stop on the missing file."""
    hub = any_hub
    names = list(gs.students)
    enrol(gs, hub, Round(tmp_path / "trip1"))
    older = backup.create_backup(gs.db, gs.admin, tmp_path / "bk-older")
    fill_year(gs, names[0], {"Toán": "9"})
    [waiting] = school_side.make_packages(gs.db, gs.admin, cap=1_000_000)
    newer = backup.create_backup(gs.db, gs.admin, tmp_path / "bk-newer")
    assert gs.db.path is not None

    gs.db.dispose()
    backup.restore_backup(older.path, gs.db.path)  # the wrong one
    school_side.make_packages(gs.db, gs.admin, cap=1_000_000)
    gs.db.dispose()
    backup.restore_backup(newer.path, gs.db.path)  # the one she meant
    assert outbox_states(gs.db)[str(waiting)] == WAITING

    trip = Round(tmp_path / "trip2")
    trip.export(gs, cap=CAP)
    trip.ingest(hub)
    trip.receipts(gs)
    assert hub_state(hub, SCHOOL) == school_state(gs.db)

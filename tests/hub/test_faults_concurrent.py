"""Two hub workers on one stick at once (issue 10 §4: "a package id applied once; a replay
returns the same receipt"): the same package ingested by two workers at the same time is
applied once, and each worker gets an answer, never a database error.

To make the overlap certain rather than lucky, a third connection holds the school's row (the
hub's own per-school lock on PostgreSQL; SQLite's write lock) while both workers start; on
PostgreSQL the test waits until both are seen waiting for that lock, then lets go."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from sqlalchemy import Connection, create_engine, text

from app.hub import service as hub_service
from app.hub.ingest import Hub, Outcome, ingest_bytes
from tests.gradebook.conftest import GradeSchool, fill_year
from tests.hub.conftest import (
    SCHOOL,
    Round,
    enrol,
    hub_state,
    ledger_count,
    package_files,
    school_state,
)


def _hold_school(conn: Connection) -> None:
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT code FROM hub_school WHERE code = :c FOR UPDATE"), {"c": SCHOOL})
    else:  # SQLite: the write lock
        conn.execute(text("UPDATE hub_school SET updated_at = updated_at WHERE code = :c"),
                     {"c": SCHOOL})  # fmt: skip


def _wait_for_waiters(hub: Hub, count: int, finished: list[object]) -> None:
    """Until ``count`` workers wait for the school's row (or have finished anyway)."""
    if hub.engine.dialect.name != "postgresql":
        time.sleep(1.0)  # SQLite cannot say who waits; both workers have read by then
        return
    query = text(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
        "AND wait_event_type = 'Lock'"
    )
    deadline = time.monotonic() + 30  # under the workers' own lock timeout (45 s)
    with hub.engine.connect() as conn:
        while conn.scalar(query) + len(finished) < count:
            # pg_stat_activity is read once per transaction: end it, or every poll sees the first
            conn.rollback()
            assert time.monotonic() < deadline, "the workers never waited for the school's row"
            time.sleep(0.05)


def test_two_workers_ingesting_the_same_package_at_once_apply_it_once(
    gs: GradeSchool, hub: Hub, tmp_path: Path
) -> None:
    enrol(gs, hub, Round(tmp_path / "first-trip"))
    applied = ledger_count(hub)
    fill_year(gs, next(iter(gs.students)), {"Toán": "9"})
    trip = Round(tmp_path / "usb")
    [path] = package_files(trip, trip.export(gs, cap=1_000_000))
    data = path.read_bytes()
    answers: list[Outcome] = []
    errors: list[str] = []
    finished: list[object] = []

    def worker() -> None:
        try:
            answers.append(ingest_bytes(hub, data, path.name))
        except Exception as exc:  # the worker's failure is what the test looks for
            errors.append(f"{type(exc).__name__}: {str(exc).splitlines()[0]}")
        finished.append(True)

    threads = [threading.Thread(target=worker) for _ in range(2)]
    # The holder is the test's own connection: not the app's, whose idle-in-transaction limit
    # (app.db_waits, 30 s) would end it while a loaded machine starts the workers.
    plain = create_engine(hub.engine.url) if hub.engine.dialect.name == "postgresql" else None
    with (plain or hub.engine).connect() as holder:
        holder.begin()
        _hold_school(holder)
        for thread in threads:
            thread.start()
        _wait_for_waiters(hub, 2, finished)
        holder.commit()
    if plain is not None:
        plain.dispose()
    for thread in threads:
        thread.join(120)
    assert errors == []
    assert sorted(o.status for o in answers) in (["accepted", "accepted"],
                                                 ["accepted", "duplicate"])  # fmt: skip
    assert ledger_count(hub) in (applied + 1, applied + 2)
    assert hub_state(hub, SCHOOL) == school_state(gs.db)
    kept = [
        r["status"] for r in hub_service.packages(hub) if r["package_id"] == answers[0].package_id
    ]
    assert kept == ["accepted"]

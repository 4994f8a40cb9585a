"""The school's process killed between writing a package and queueing it (issue 10 §7): a real
child Python process on the same database makes packages and dies hard right after a package
file is written, before its outbox row is committed. The next run makes that range again under
a new id; the hub applies every journal number once, and the orphan file, if someone copies it
by hand, changes nothing. The hub's process killed too, inside a package's transaction and
between its commit and its receipt: the next run answers the same. On SQLite and PostgreSQL."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import keyring
import pytest
from sqlalchemy import select

from app import secrets
from app.hub import schema as t
from app.hub import service as hub_service
from app.hub.ingest import Hub, ingest_bytes
from app.sync import school_side
from app.sync.outbox import CONFIRMED, WAITING
from app.sync.package_file import header_of
from app.sync.school_key import school_key
from tests.cli_runner import ROOT
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

CAP = 20_000
DIED = 9

# The child: the PC's keyring (what this process holds), then make_packages with the outbox's
# enqueue wrapped so that the process dies at the n-th package, its row flushed, not committed.
CHILD = """
import json, os, sys
import keyring
from app import modules, secrets, setup
from app.db import Actor, Database, make_engine
from app.sync import outbox, school_side

url, store, die_at, cap = sys.argv[1], json.loads(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
secrets.ensure_backend()
for service, user, value in store:
    keyring.get_keyring().set_password(service, user, value)
real, calls = outbox.enqueue, []

def dying(session, *args, **kwargs):
    row = real(session, *args, **kwargs)
    calls.append(row.id)
    if len(calls) == die_at:
        os._exit(DIED)
    return row

outbox.enqueue = dying
db = Database(make_engine(url))
setup.load_school_code(db)
school_side.make_packages(db, Actor.system("test"), cap=cap)
print("made", len(calls))
""".replace("DIED", str(DIED))


def _keyring_store() -> list[list[str]]:
    """This PC's keyring for the child (an OS keyring is shared by every process; this one is
    in memory): the school's signing key made first, as a real keyring would keep it."""
    school_key(SCHOOL)
    backend = keyring.get_keyring()
    assert isinstance(backend, secrets.MemoryKeyring)
    return [[s, u, v] for (s, u), v in backend._store.items()]


def _die_while_making(gs: GradeSchool, at: int) -> subprocess.CompletedProcess[str]:
    url = gs.db.engine.url.render_as_string(hide_password=False)
    return subprocess.run(
        [sys.executable, "-c", CHILD, url, json.dumps(_keyring_store()), str(at), str(CAP)],
        cwd=ROOT, env=dict(os.environ), capture_output=True, text=True, timeout=300,
    )  # fmt: skip


def _accepted_ranges(hub: Hub) -> list[tuple[int, int]]:
    p = t.package.c
    with hub.engine.connect() as conn:
        rows = conn.execute(
            select(p.seq_from, p.seq_to).where(p.school_code == SCHOOL, p.status == "accepted")
        )
        return sorted((r.seq_from, r.seq_to) for r in rows)


@pytest.mark.parametrize("at", [1, 2], ids=["first-package", "second-package"])
def test_killed_between_writing_and_queueing_loses_nothing_and_applies_once(
    gs: GradeSchool, hub: Hub, tmp_path: Path, at: int
) -> None:
    for name in list(gs.students)[:2]:
        fill_year(gs, name, {"Toán": "7", "Ngữ văn": "8"})
    died = _die_while_making(gs, at)
    assert died.returncode == DIED, died.stderr
    assert "made" not in died.stdout

    written = sorted(school_side.outgoing_folder().glob("*.tspkg"))
    states = outbox_states(gs.db)
    assert len(written) == at and list(states.values()) == [WAITING] * (at - 1)  # last unqueued
    [orphan] = [p for p in written if header_of(p.read_bytes()).package_id not in states]
    orphan_bytes = orphan.read_bytes()
    orphan_header = header_of(orphan_bytes)

    # The next run removes the orphan and makes its range again under a new id.
    trip = Round(tmp_path / "usb")
    names = trip.export(gs, cap=CAP)
    assert not orphan.exists() and orphan.name not in names
    assert orphan_header.package_id not in outbox_states(gs.db)
    trip.ingest(hub)  # a new school: held until approved
    hub_service.approve(hub, SCHOOL, school_key(SCHOOL).fingerprint, "test")
    released = hub_service.release_waiting(hub, trip.usb)
    assert [o.status for o in released] == ["accepted"] * len(names)
    assert set(trip.receipts(gs).values()) == {"accepted"}
    assert set(outbox_states(gs.db).values()) == {CONFIRMED}
    assert hub_state(hub, SCHOOL) == school_state(gs.db)

    # Every journal number applied exactly once, from 1 to the school's last.
    ranges = _accepted_ranges(hub)
    assert ranges[0][0] == 1
    assert all(b[0] == a[1] + 1 for a, b in zip(ranges, ranges[1:], strict=False))
    remade = [r for r in ranges if r[0] == orphan_header.seq_from]
    assert len(remade) == 1

    # The orphan, copied by hand from the dead PC's folder: answered, no second effect.
    state, applied = hub_state(hub, SCHOOL), ledger_count(hub)
    outcome = ingest_bytes(hub, orphan_bytes, orphan.name)
    assert outcome.status == "duplicate"
    first, last = orphan_header.seq_from, orphan_header.seq_to
    assert f"Máy chủ đã nhận các thay đổi số {first}–{last} trước đây" in outcome.reason
    assert hub_state(hub, SCHOOL) == state and _accepted_ranges(hub) == ranges
    assert ledger_count(hub) == applied + 1  # recorded as a duplicate, nothing applied
    assert outcome.receipt is not None
    receipt = hub_service.receipt_path(trip.usb, SCHOOL, orphan_header.package_id)
    receipt.write_bytes(outcome.receipt)
    taken = school_side.import_receipts(gs.db, gs.admin, trip.usb)
    assert orphan_header.package_id not in taken.applied  # never queued: listed, not applied
    unknown = f"Không có gói dữ liệu {orphan_header.package_id} trong hàng đợi gửi."
    assert (receipt.name, unknown) in taken.refused
    assert set(outbox_states(gs.db).values()) == {CONFIRMED}


# The hub's child: ingest a stick and die at the n-th package, either inside its transaction
# (after the ledger entry, before the commit) or after the commit, before its receipt is written.
HUB_CHILD = """
import json, os, sys
from pathlib import Path
import keyring
from app import secrets
from app.hub import ingest, service
from app.hub.ingest import Hub
from app.hub.keys import load_keys

url, store, where, die_at, usb = sys.argv[1], json.loads(sys.argv[2]), sys.argv[3], int(sys.argv[4]), Path(sys.argv[5])
secrets.ensure_backend()
for service_name, user, value in store:
    keyring.get_keyring().set_password(service_name, user, value)
calls = []

def dying(real):
    def call(*args, **kwargs):
        calls.append(1)
        if where == "receipt" and len(calls) == die_at:
            os._exit(DIED)
        real(*args, **kwargs)
        if where == "transaction" and len(calls) == die_at:
            os._exit(DIED)
    return call

if where == "transaction":
    ingest.ledger_append = dying(ingest.ledger_append)
else:
    service._write_receipt = dying(service._write_receipt)
hub = Hub.open(url, load_keys())
service.ingest_folder(hub, usb, usb)
print("done", len(calls))
""".replace("DIED", str(DIED))


@pytest.mark.parametrize("where", ["transaction", "receipt"])
def test_hub_killed_mid_ingest_answers_the_same_on_the_next_run(
    gs: GradeSchool, hub: Hub, tmp_path: Path, where: str
) -> None:
    """Killed inside a package's transaction: nothing of it stays; killed after the commit but
    before its receipt: the next run writes the stored receipt. Either way each package is
    applied once and the copies agree."""
    enrol(gs, hub, Round(tmp_path / "first-trip"))
    for name in list(gs.students)[:2]:
        fill_year(gs, name, {"Toán": "6"})
    trip = Round(tmp_path / "usb")
    names = trip.export(gs, cap=CAP)
    assert len(names) > 2
    before = ledger_count(hub)
    url = hub.engine.url.render_as_string(hide_password=False)
    died = subprocess.run(
        [sys.executable, "-c", HUB_CHILD, url, json.dumps(_keyring_store()), where, "2", str(trip.usb)],
        cwd=ROOT, env=dict(os.environ), capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert died.returncode == DIED, died.stderr
    second = header_of(package_files(trip, names)[1].read_bytes()).package_id
    receipt = hub_service.receipt_path(trip.usb, SCHOOL, second)
    assert not receipt.exists()
    committed = 2 if where == "receipt" else 1
    assert ledger_count(hub) == before + committed
    decided = {r["package_id"] for r in hub_service.packages(hub)}
    assert (second in decided) == (where == "receipt")

    outcomes = trip.ingest(hub)
    assert {o.status for o in outcomes} == {"accepted"}
    assert ledger_count(hub) == before + len(names)  # each package once
    stored = {o.package_id: o.receipt for o in outcomes}
    assert receipt.read_bytes() == stored[second]
    assert set(trip.receipts(gs).values()) == {"accepted"}
    assert set(outbox_states(gs.db).values()) == {CONFIRMED}
    assert hub_state(hub, SCHOOL) == school_state(gs.db)

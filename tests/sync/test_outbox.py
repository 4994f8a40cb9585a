"""The outbox (issue 10 §2): states to the receipt, back-off with jitter and a cap, order by
journal number whatever the clock says, one rejected package never blocking the others."""

from __future__ import annotations

import random
import uuid
from datetime import UTC, datetime, timedelta

import pytest

from app.errors import Conflict
from app.sync import outbox
from app.sync.outbox import CONFIRMED, QUARANTINED, SENT, WAITING, OutboxPackage
from tests.conftest import Seeded

NOW = datetime(2026, 12, 7, 8, 0, tzinfo=UTC)


def _queue(seeded: Seeded, ranges: list[tuple[int, int]]) -> list[uuid.UUID]:
    ids = [uuid.uuid4() for _ in ranges]
    with seeded.db.uow() as s:
        for pid, (first, last) in zip(ids, ranges, strict=True):
            outbox.enqueue(
                s, pid, "THCS0001", "epoch-1", first, last, f"{pid}.tspkg", 100, "0" * 64
            )
    return ids


def _state(seeded: Seeded, pid: uuid.UUID) -> OutboxPackage:
    with seeded.db.read() as s:
        row = s.get(OutboxPackage, pid)
        assert row is not None
        s.expunge(row)
        return row


def test_a_package_goes_from_waiting_to_confirmed_and_a_replayed_receipt_changes_nothing(
    seeded: Seeded,
) -> None:
    (pid,) = _queue(seeded, [(1, 50)])
    with seeded.db.uow() as s:
        assert [r.id for r in outbox.due(s, NOW)] == [pid]
        outbox.sending(s, pid)
        outbox.sent(s, pid, NOW)
        assert outbox.due(s, NOW) == []
    assert _state(seeded, pid).state == SENT
    for _ in range(2):
        with seeded.db.uow() as s:
            outbox.receipt(s, pid, "accepted", "", NOW + timedelta(hours=1))
    row = _state(seeded, pid)
    assert row.state == CONFIRMED and row.attempts == 1
    with seeded.db.read() as s:
        assert outbox.oldest_unsent_age(s, NOW) is None


def test_failures_back_off_doubling_with_jitter_up_to_the_cap() -> None:
    rng = random.Random(7)
    waits = [outbox.backoff(n, rng) for n in range(1, 14)]
    assert timedelta(seconds=48) <= waits[0] <= timedelta(seconds=72)
    assert timedelta(seconds=96) <= waits[1] <= timedelta(seconds=144)
    assert all(w <= outbox.LONGEST_WAIT for w in waits)
    assert waits[-1] >= outbox.LONGEST_WAIT * 0.8


def test_a_failed_send_waits_then_is_due_and_a_clock_set_back_does_not_freeze_it(
    seeded: Seeded,
) -> None:
    (pid,) = _queue(seeded, [(1, 10)])
    with seeded.db.uow() as s:
        outbox.sending(s, pid)
        outbox.failed(s, pid, "Không kết nối được máy chủ.", NOW, random.Random(1))
        assert outbox.due(s, NOW) == []
        assert [r.id for r in outbox.due(s, NOW + timedelta(minutes=2))] == [pid]
        # the PC's clock goes back a day: the next try looks a day away, which is never right
        assert [r.id for r in outbox.due(s, NOW - timedelta(days=1))] == [pid]
    row = _state(seeded, pid)
    assert row.state == WAITING and row.attempts == 1 and row.last_error.startswith("Không")


def test_a_rejected_package_is_set_aside_and_the_others_go_on(seeded: Seeded) -> None:
    first, second, third = _queue(seeded, [(1, 10), (11, 20), (21, 30)])
    with seeded.db.uow() as s:
        for pid in (first, second, third):
            outbox.sending(s, pid)
            outbox.sent(s, pid, NOW)
        outbox.receipt(s, first, "accepted", "", NOW)
        outbox.receipt(s, second, "rejected", "Chữ ký của gói không đúng.", NOW)
        outbox.receipt(s, third, "accepted", "", NOW)
    assert _state(seeded, second).state == QUARANTINED
    assert _state(seeded, third).state == CONFIRMED
    with seeded.db.uow() as s, pytest.raises(Conflict):
        outbox.retry(s, third)
    with seeded.db.uow() as s:
        outbox.retry(s, second)
        assert [r.id for r in outbox.due(s, NOW)] == [second]
        assert outbox.oldest_unsent_age(s, NOW + timedelta(hours=3)) is not None


def test_order_is_by_journal_number_not_by_when_a_package_was_made(seeded: Seeded) -> None:
    late, early = _queue(seeded, [(31, 40), (1, 30)])
    with seeded.db.read() as s:
        assert [r.id for r in outbox.due(s, NOW)] == [early, late]

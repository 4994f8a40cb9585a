"""The queue as the Đồng bộ panel and the home page read it (issue 10 §5): rows with their
states after making and exporting, counts per state, receipts newest first, the oldest
unconfirmed package's age, sizes and ages in Vietnamese, and who may read it."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from app.db import utcnow
from app.errors import PermissionDenied
from app.sync import hub_profile, queue_view, school_side
from app.sync.outbox import CONFIRMED, QUARANTINED, SENT, WAITING
from app.sync.receipt_file import ReceiptStatus
from tests.gradebook.conftest import GradeSchool, fill_year
from tests.sync.test_school_side import Hub


def _ready(gs: GradeSchool, tmp_path: Path) -> Hub:
    fill_year(gs, next(iter(gs.students)), {"Toán": "8"})
    hub = Hub(tmp_path)
    profile = hub_profile.read_profile_file(hub.profile)
    hub_profile.save_profile(profile, profile.fingerprint)
    return hub


def test_sizes_and_ages_read_the_vietnamese_way() -> None:
    """Bytes under 1 KB, KB with dots between thousands, MB with a decimal comma; ages in the
    largest whole unit."""
    assert queue_view.human_size(850) == "850 byte"
    assert queue_view.human_size(12_500) == "12 KB"
    assert queue_view.human_size(1_258_291) == "1,2 MB"
    assert queue_view.human_size(1024 * 1024 * 1500) == "1.500 MB"
    assert queue_view.human_age(timedelta(seconds=20)) == "vừa xong"
    assert queue_view.human_age(timedelta(minutes=25)) == "25 phút"
    assert queue_view.human_age(timedelta(hours=5)) == "5 giờ"
    assert queue_view.human_age(timedelta(days=3, hours=2)) == "3 ngày"


def test_queue_counts_receipts_and_oldest(gs: GradeSchool, tmp_path: Path) -> None:
    """After making, every package waits; after the export they are sent; receipts confirm or
    quarantine them and are listed newest first; the oldest unconfirmed age follows."""
    hub = _ready(gs, tmp_path)
    secretary = gs.actor("secretary")
    made = school_side.make_packages(gs.db, secretary, cap=25_000)
    assert len(made) >= 3
    with gs.db.read() as s:
        rows = queue_view.queue(s, secretary)
        counts = queue_view.counts(s, secretary)
        oldest = queue_view.oldest_unconfirmed(s, secretary, utcnow() + timedelta(days=8))
    assert [r.package_id for r in rows] == made  # journal order, as made
    assert {r.state_label for r in rows} == {"Chờ gửi"} and counts[WAITING] == len(made)
    assert rows[0].first_seq == 1 and rows[0].range_text.startswith("1–")
    assert all(a.last_seq + 1 == b.first_seq for a, b in zip(rows, rows[1:], strict=False))
    assert all(r.size > 0 and r.size_text.endswith(("KB", "MB", "byte")) for r in rows)
    assert oldest is not None and oldest.late and queue_view.human_age(oldest.age) == "8 ngày"

    usb = tmp_path / "usb"
    school_side.export_to(gs.db, secretary, usb)
    epoch = rows[0].epoch
    hub.receipt(usb, str(made[0]), epoch, ReceiptStatus.ACCEPTED)
    hub.receipt(usb, str(made[1]), epoch, ReceiptStatus.REJECTED, "Lược đồ student@1 sai.")
    school_side.import_receipts(gs.db, secretary, usb)
    with gs.db.read() as s:
        counts = queue_view.counts(s, secretary)
        answered = queue_view.receipts(s, secretary)
        stuck = queue_view.queue(s, secretary, QUARANTINED)
        oldest = queue_view.oldest_unconfirmed(s, secretary)
    assert counts == {WAITING: 0, "dang_gui": 0, SENT: len(made) - 2, CONFIRMED: 1, QUARANTINED: 1}
    assert {r.package_id for r in answered} == set(made[:2])
    assert answered[0].confirmed_at is not None  # the confirmation is the newest answer
    assert [r.receipt_text for r in answered] == ["Đã nhận", "Bị từ chối"]
    assert [r.last_error for r in stuck] == ["Lược đồ student@1 sai."]
    # two packages are still sent but unconfirmed: the oldest of them, just made
    assert oldest is not None and not oldest.late and oldest.age < timedelta(hours=1)


def test_only_those_who_send_read_the_queue(gs: GradeSchool) -> None:
    """A teacher may not read the queue, and sees no home-page line about it."""
    with gs.db.read() as s:
        with pytest.raises(PermissionDenied):
            queue_view.queue(s, gs.teacher)
        assert queue_view.oldest_unconfirmed(s, gs.teacher) is None
        assert queue_view.oldest_unconfirmed(s, gs.actor("secretary")) is None  # nothing waits

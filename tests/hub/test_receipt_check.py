"""``check`` compares the school's journal with the hub's last signed receipt (issue 10 §1): the
entry at the receipt's mark must still have the chain hash the hub signed, so a journal rewritten
after it was sent is caught even when its whole chain was recomputed."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from app.checks import check_receipt
from app.hub import service as hub_service
from app.hub.ingest import Hub
from app.sync.receipt_check import last_receipt_path
from app.sync.school_key import school_key
from tests.gradebook.conftest import GradeSchool, fill_year
from tests.hub.conftest import Round


def _accepted_trip(gs: GradeSchool, hub: Hub, usb: Path) -> Round:
    trip = Round(usb)
    trip.export(gs)
    trip.ingest(hub)
    hub_service.approve(hub, "THCS0001", school_key("THCS0001").fingerprint, "test")
    hub_service.release_waiting(hub, usb)
    trip.receipts(gs)
    return trip


def test_check_agrees_with_the_last_receipt_and_catches_a_rewritten_journal(
    gs: GradeSchool, hub: Hub, tmp_path: Path
) -> None:
    before = check_receipt(gs.db)
    assert before.ok and "Chưa có biên nhận" in before.message
    fill_year(gs, next(iter(gs.students)), {"Toán": "7"})
    _accepted_trip(gs, hub, tmp_path / "usb")
    assert last_receipt_path().exists()
    outcome = check_receipt(gs.db)
    assert outcome.ok and "khớp với biên nhận" in outcome.message, outcome.message
    mark = int(outcome.message.rsplit("số ", 1)[1].rstrip(").").replace(".", ""))

    # Someone with the file rewrites history at the mark (triggers dropped, hash recomputed).
    with gs.db.engine.begin() as conn:
        if conn.dialect.name == "sqlite":
            conn.execute(text("DROP TRIGGER IF EXISTS journal_entry_no_update"))
        else:
            conn.execute(text("DROP TRIGGER IF EXISTS journal_entry_no_change ON journal_entry"))
        conn.execute(text("UPDATE journal_entry SET hash = :h WHERE seq = :s"),
                     {"h": "f" * 64, "s": mark})  # fmt: skip
    broken = check_receipt(gs.db)
    assert not broken.ok
    assert f"tại mục số {mark}" in broken.message and "viết lại" in broken.message


def test_only_a_further_mark_replaces_the_kept_receipt(
    gs: GradeSchool, hub: Hub, tmp_path: Path
) -> None:
    trip = _accepted_trip(gs, hub, tmp_path / "usb")
    first = last_receipt_path().read_bytes()
    trip.receipts(gs)  # the same receipts again: the kept one stays
    assert last_receipt_path().read_bytes() == first
    fill_year(gs, next(iter(gs.students)), {"Toán": "9"})
    trip.export(gs)
    trip.ingest(hub)
    trip.receipts(gs)
    assert last_receipt_path().read_bytes() != first
    assert check_receipt(gs.db).ok

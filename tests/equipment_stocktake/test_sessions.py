"""Stocktake sessions: scans kept across closing the database, repeats and unknown labels
answered without stopping, permissions; on SQLite (a real file) and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app import setup
from app.db import Database, make_engine
from app.equipment import stocktake as stk
from app.equipment.stocktake_models import StocktakeScan
from app.errors import Conflict, PermissionDenied, ValidationError
from tests.equipment_stocktake.conftest import COMMITTEE, Counting


def test_scans_survive_closing_and_reopening_the_database(counting: Counting) -> None:
    """Scans are written one by one: after the database is closed (the app quit, the PC
    restarted) and opened again, the session has every scan and carries on numbering."""
    number = counting.open()
    counting.scan(number, "TB-000001", "tb-000002 ", "TB-000003")
    db = counting.school.db
    url = db.engine.url.render_as_string(hide_password=False)
    db.dispose()
    reopened = Database(make_engine(url))
    setup.load_school_code(reopened)
    counting.school.seeded.db = reopened
    with reopened.read(actor=counting.officer) as s:
        info = stk.stocktake_status(s, counting.officer, number)
    assert (info.scans, info.codes, info.is_open, info.scope) == (3, 3, True, "Phòng Tin 1")
    [result] = counting.scan(number, "TB-000004")
    assert result.scans == 4 and result.outcome is stk.ScanOutcome.FOUND
    with reopened.read() as s:
        rows = s.execute(select(StocktakeScan.seq, StocktakeScan.code)
                         .order_by(StocktakeScan.seq)).all()  # fmt: skip
    assert [tuple(r) for r in rows] == [(1, "TB-000001"), (2, "TB-000002"), (3, "TB-000003"),
                                        (4, "TB-000004")]  # fmt: skip
    assert counting.preview(number).count("found") == 4
    reopened.dispose()


def test_repeats_and_unknown_labels_are_answered_not_refused(counting: Counting) -> None:
    """A repeat is counted and says so quietly; an unregistered code, a misread and a unit of
    another room beep with a Vietnamese message; nothing raises, every read is kept."""
    number = counting.open()
    ok, again, unknown, misread, other, empty = counting.scan(
        number, "TB-000001", "TB-000001", "TB-999999", "http://x.y/?a=1", "TB-000007", "  "
    )
    assert (ok.outcome, ok.alert, ok.message) == (
        stk.ScanOutcome.FOUND,
        False,
        "TB-000001 — Máy tính để bàn: có mặt.",
    )
    assert again.outcome is stk.ScanOutcome.DUPLICATE and not again.alert
    assert again.message == "TB-000001 — Máy tính để bàn: đã quét rồi (lần thứ 2), không tính thêm."
    assert unknown.alert and unknown.message == (
        "Mã «TB-999999» không có trong sổ thiết bị. Để riêng thiết bị này ra."
    )
    assert misread.outcome is stk.ScanOutcome.MALFORMED and misread.alert
    assert "không phải mã thiết bị" in misread.message
    assert other.outcome is stk.ScanOutcome.WRONG_ROOM and other.message == (
        "TB-000007 — Máy chiếu: theo sổ ở Phòng học 6A1, nay tìm thấy ở Phòng Tin 1."
    )
    assert empty.outcome is stk.ScanOutcome.EMPTY and not empty.recorded
    with counting.school.db.read(actor=counting.officer) as s:
        info = stk.stocktake_status(s, counting.officer, number)
    assert (info.scans, info.codes) == (5, 4)  # the repeat is kept, the empty read is not
    p = counting.preview(number)
    assert p.reconciliation.duplicate_scans == 1
    assert [u.code for u in p.reconciliation.unknown] == ["HTTP://X.Y/?A=1", "TB-999999"]


def test_whole_school_session_needs_the_room_being_counted(counting: Counting) -> None:
    """In a whole-school session each scan names the room it was found in."""
    number = counting.open(room=None)
    with pytest.raises(ValidationError, match="cần chọn phòng"):
        counting.scan(number, "TB-000001")
    [r] = counting.scan(number, "TB-000008", room="Phòng học 6A1")
    assert r.outcome is stk.ScanOutcome.FOUND
    with counting.school.db.read(actor=counting.officer) as s:
        assert stk.list_stocktakes(s, counting.officer)[0].scope == "Toàn trường"


def test_one_open_session_per_room_and_a_committee(counting: Counting) -> None:
    number = counting.open()
    with pytest.raises(Conflict, match=f"phiên kiểm kê số {number} \\(Phòng Tin 1\\)"):
        counting.open()
    with counting.school.db.uow(actor=counting.officer) as s, \
            pytest.raises(ValidationError, match="ít nhất một thành viên"):  # fmt: skip
        stk.open_stocktake(s, counting.officer, room="Phòng học 6A1", committee=[])
    assert counting.open("Phòng học 6A1") == number + 1


def test_tick_needs_a_registered_unit_and_notes_a_condition(counting: Counting) -> None:
    number = counting.open()
    with counting.school.db.uow(actor=counting.officer) as s:
        r = stk.tick(s, counting.officer, number, "TB-000005", condition="hong")
    assert r.outcome is stk.ScanOutcome.FOUND
    with counting.school.db.uow(actor=counting.officer) as s, pytest.raises(Exception,
                                                                             match="TB-777777"):  # fmt: skip
        stk.tick(s, counting.officer, number, "TB-777777")
    with counting.school.db.uow(actor=counting.officer) as s, \
            pytest.raises(ValidationError, match="không dùng khi kiểm kê"):  # fmt: skip
        stk.record_scan(s, counting.officer, number, "TB-000006", condition="that_lac")
    with counting.school.db.read() as s:
        manual = s.scalars(select(StocktakeScan.manual)).all()
    assert manual == [True]


@pytest.mark.parametrize("role", ["teacher", "principal"])
def test_only_the_equipment_officer_counts(counting: Counting, role: str) -> None:
    """A teacher (or the principal) may read a session but not open one or scan."""
    number = counting.open()
    who = counting.school.actor(role)
    with counting.school.db.uow(actor=who) as s, pytest.raises(PermissionDenied):
        stk.open_stocktake(s, who, room="Phòng học 6A1", committee=COMMITTEE)
    with counting.school.db.uow(actor=who) as s, pytest.raises(PermissionDenied):
        stk.record_scan(s, who, number, "TB-000001")
    with counting.school.db.read(actor=who) as s:
        assert stk.stocktake_status(s, who, number).scans == 0

"""Scanner-first filling of a slip: what a keyboard-wedge scanner types, on both databases."""

from __future__ import annotations

import pytest

from app.equipment import loan_queries as lq
from app.equipment import loans
from app.errors import PermissionDenied, ValidationError
from tests.equipment_loans.conftest import Lending


def _scan(lending: Lending, actor: object, number: int, raw: str) -> loans.ScanResult:
    with lending.db.uow(actor=actor) as s:  # type: ignore[arg-type]
        return loans.add_scanned(s, actor, number, raw)  # type: ignore[arg-type]


def test_scans_with_noise_duplicates_and_unknown_codes(lending: Lending) -> None:
    """Lower case, spaces and the scanner's Enter are tolerated; a second read of a label is
    counted, not added twice; an unknown code, a broken item and one booked elsewhere come
    back as Vietnamese messages without an exception, and nothing is added for them."""
    p1, p2 = lending.projectors
    n = lending.slip(lending.teacher)
    first = _scan(lending, lending.teacher, n, f"  {p1.lower()}\r\n")
    assert first == loans.ScanResult(True, p1, f"Đã thêm {p1} — Máy chiếu đa năng.", 1)
    again = _scan(lending, lending.teacher, n, f"{p1}\n")
    assert again.ok and again.scans == 2
    assert again.message == f"{p1} — Máy chiếu đa năng đã có trong phiếu (quét lần 2)."
    spaced = "TB - " + lending.rulers.removeprefix("TB-")
    assert _scan(lending, lending.teacher, n, spaced).ok
    assert _scan(lending, lending.teacher, n, lending.rulers).scans == 2
    unknown = _scan(lending, lending.teacher, n, "tb-999999\n")
    assert unknown == loans.ScanResult(
        False, "TB-999999", "Không có thiết bị mã «TB-999999» trong sổ. Kiểm tra lại nhãn."
    )
    assert _scan(lending, lending.teacher, n, " \n").message == "Chưa đọc được mã nào."
    broken = _scan(lending, lending.teacher, n, lending.broken)
    assert not broken.ok and "đang «Hỏng»; không cho mượn được" in broken.message
    with lending.db.uow(actor=lending.teacher) as s:
        loans.submit(s, lending.teacher, n)
    other = lending.slip(lending.teacher2, periods="2")
    busy = _scan(lending, lending.teacher2, other, p1)
    assert not busy.ok and f"đã có trong phiếu mượn số {n}" in busy.message
    assert _scan(lending, lending.teacher2, other, p2).ok  # the session went on after a refusal
    with lending.db.read(actor=lending.officer) as s:
        mine = lq.get_slip(s, lending.officer, n)
        theirs = lq.get_slip(s, lending.officer, other)
    assert [(x.code, x.quantity) for x in mine.lines] == [(p1, 1), (lending.rulers, 1)]
    assert [x.code for x in theirs.lines] == [p2]


def test_scanning_rules(lending: Lending) -> None:
    """Another teacher cannot scan into your slip; a submitted slip is closed to its teacher
    but the officer may still add at the desk; a handed-out slip is closed to everyone."""
    n = lending.slip(lending.teacher)
    with pytest.raises(PermissionDenied):
        _scan(lending, lending.teacher2, n, lending.projectors[0])
    _scan(lending, lending.teacher, n, lending.projectors[0])
    with lending.db.uow(actor=lending.teacher) as s:
        loans.submit(s, lending.teacher, n)
    with pytest.raises(ValidationError, match="«Chờ duyệt»: không thể thêm thiết bị"):
        _scan(lending, lending.teacher, n, lending.projectors[1])
    assert _scan(lending, lending.officer, n, lending.projectors[1]).ok
    with lending.db.uow(actor=lending.officer) as s:
        loans.approve(s, lending.officer, n)
        loans.hand_out(s, lending.officer, n)
    with pytest.raises(ValidationError, match="«Đang mượn»"):
        _scan(lending, lending.officer, n, lending.rulers)

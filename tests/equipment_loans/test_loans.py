"""Loan slips from draft to return, availability and permissions, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest

from app import journal_view
from app.equipment import loan_queries as lq
from app.equipment import loans
from app.equipment import register as reg
from app.equipment.loan_models import LoanKind
from app.equipment.loan_slots import parse_periods, slot_day, week_of
from app.errors import Conflict, PermissionDenied, ValidationError
from tests.equipment_loans.conftest import Lending


def _add(lending: Lending, actor: object, number: int, code: str, qty: int = 1) -> None:
    with lending.db.uow(actor=actor) as s:  # type: ignore[arg-type]
        loans.add_item(s, actor, number, code, qty)  # type: ignore[arg-type]


def _do(lending: Lending, actor: object, fn: object, *args: object) -> None:
    with lending.db.uow(actor=actor) as s:  # type: ignore[arg-type]
        fn(s, actor, *args)  # type: ignore[operator]


def test_teaching_weeks_and_periods() -> None:
    """Tuần 1 is the week of the year's start (Fri 5/9/2025 → Mon 1/9); periods read loosely."""
    start = date(2025, 9, 5)
    assert slot_day(start, 1, 2) == date(2025, 9, 1)
    assert slot_day(start, 12, 3) == date(2025, 11, 18)
    assert slot_day(start, 12, 8) == date(2025, 11, 23)  # Chủ nhật
    assert week_of(start, date(2025, 11, 23)) == 12 and week_of(start, date(2025, 8, 31)) is None
    assert parse_periods("3-5, 1") == (1, 3, 4, 5) and parse_periods("1 2") == (1, 2)
    with pytest.raises(ValidationError, match="từ 1 đến 10"):
        parse_periods("0,11")


def test_serial_overlap_refused_naming_item_and_slip(lending: Lending) -> None:
    """A projector on teacher 1's submitted slip (tiết 1–2) cannot go on teacher 2's slip for
    tiết 2–3 the same day; tiết 3–4 that day, or another day, is fine; a draft holds nothing."""
    p1, p2 = lending.projectors
    first = lending.slip(lending.teacher)
    _add(lending, lending.teacher, first, p1)
    other = lending.slip(lending.teacher2, periods="2,3")
    _add(lending, lending.teacher2, other, p1)  # the first slip is a draft: not held yet
    _do(lending, lending.teacher, loans.submit, first)
    with pytest.raises(Conflict) as exc:
        _do(lending, lending.teacher2, loans.submit, other)
    msg = exc.value.message
    assert p1 in msg and "Máy chiếu đa năng" in msg and f"phiếu mượn số {first}" in msg
    assert "Người dùng teacher" in msg and "Tuần 12, Thứ 3 18/11/2025, tiết 1,2" in msg
    later = lending.slip(lending.teacher2, periods="3,4")
    _add(lending, lending.teacher2, later, p1)
    next_day = lending.slip(lending.teacher2, weekday=4, periods="1")
    _add(lending, lending.teacher2, next_day, p1)
    long_term = lending.slip(lending.teacher2, kind=LoanKind.LONG_TERM, week=None, weekday=None,
                             periods="", start_on=date(2025, 11, 17), due_on=date(2025, 11, 30))  # fmt: skip
    with pytest.raises(Conflict, match=f"phiếu mượn số {first}"):
        _add(lending, lending.teacher2, long_term, p1)
    _add(lending, lending.teacher2, long_term, p2)


def test_counted_row_over_booking_refused(lending: Lending) -> None:
    """10 rulers: 6 held by one slip leave 4 for an overlapping one; 5 is refused with the
    figures and the holding slip; 4 passes."""
    first = lending.slip(lending.teacher)
    _add(lending, lending.teacher, first, lending.rulers, 6)
    _do(lending, lending.teacher, loans.submit, first)
    second = lending.slip(lending.teacher2, periods="1")
    with pytest.raises(Conflict) as exc:
        _add(lending, lending.teacher2, second, lending.rulers, 5)
    assert exc.value.message == (
        f"Thiết bị «{lending.rulers}» (Thước kẻ 50 cm): chỉ có 10 cái, các phiếu khác đã giữ 6 "
        f"(phiếu số {first}: 6) vào thời gian này; không đủ 5 cái."
    )
    _add(lending, lending.teacher2, second, lending.rulers, 4)
    with pytest.raises(ValidationError, match="từng chiếc"):
        _add(lending, lending.teacher2, second, lending.projectors[0], 2)


def test_broken_item_and_bad_slot_refused(lending: Lending) -> None:
    """A broken item is not lent; a week past the year, a day 9 and a long-term slip due
    before it starts are refused in Vietnamese."""
    n = lending.slip(lending.teacher)
    with pytest.raises(ValidationError, match="đang «Hỏng»"):
        _add(lending, lending.teacher, n, lending.broken)
    with pytest.raises(ValidationError, match="Tuần học: cần một số từ 1 đến"):
        lending.slip(lending.teacher, week=60)
    with pytest.raises(ValidationError, match="Thứ 2 đến Thứ 7"):
        lending.slip(lending.teacher, weekday=9)
    with pytest.raises(ValidationError, match="đứng trước ngày mượn"):
        lending.slip(lending.teacher, kind=LoanKind.LONG_TERM, start_on=date(2025, 12, 1),
                     due_on=date(2025, 11, 1))  # fmt: skip


def test_full_lifecycle_and_return_condition_journalled(lending: Lending) -> None:
    """draft → submitted → approved → out → returned; the projector comes back "hỏng nhẹ":
    the item's condition changes, journalled with the slip's number; the rulers unchanged."""
    p1 = lending.projectors[0]
    n = lending.slip(lending.teacher)
    _add(lending, lending.teacher, n, p1)
    _add(lending, lending.teacher, n, lending.rulers, 3)
    seen = []
    for actor, step in [(lending.teacher, loans.submit), (lending.officer, loans.approve),
                        (lending.officer, loans.hand_out)]:  # fmt: skip
        _do(lending, actor, step, n)
        with lending.db.read(actor=lending.officer) as s:
            seen.append(lq.get_slip(s, lending.officer, n).status_label)
    assert seen == ["Chờ duyệt", "Đã duyệt", "Đang mượn"]
    with pytest.raises(ValidationError, match="không hợp lệ"):
        _do(lending, lending.officer, loans.take_back, n, {p1: "mat"})
    _do(lending, lending.officer, loans.take_back, n, {p1.lower(): "hong_nhe"})
    with lending.db.read(actor=lending.officer) as s:
        row = lq.get_slip(s, lending.officer, n)
        item = reg.get_item(s, lending.officer, p1)
        history = reg.item_history(s, lending.officer, p1)
        slip_hist = journal_view.records_history(
            s, lending.officer, [("equipment_loan", str(loans.slip_id_of(s, n)))], revealed=False)  # fmt: skip
    assert row.status_label == "Đã trả" and row.returned_at is not None
    assert [(x.code, x.out_condition, x.return_condition) for x in row.lines] == [
        (p1, "tot", "hong_nhe"), (lending.rulers, "tot", "tot")]  # fmt: skip
    assert item.condition_label == "Hỏng nhẹ"
    last = history[-1]
    assert last.op == "update" and last.changes == {"condition": ["tot", "hong_nhe"]}
    assert last.reason == f"Trả phiếu mượn số {n}: Tốt → Hỏng nhẹ"
    statuses = [r.changes.get("status") for r in slip_hist if r.op == "update"]
    assert [x[1] for x in statuses if x] == ["cho_duyet", "da_duyet", "dang_muon", "da_tra"]
    with pytest.raises(ValidationError, match="«Đã trả»: không thể nhận trả"):
        _do(lending, lending.officer, loans.take_back, n)


def test_permissions(lending: Lending) -> None:
    """A teacher cannot approve, hand out, touch another teacher's slip or see it; the
    officer and the principal see every slip; a teacher lists only their own."""
    n = lending.slip(lending.teacher)
    _add(lending, lending.teacher, n, lending.projectors[0])
    _do(lending, lending.teacher, loans.submit, n)
    with pytest.raises(PermissionDenied, match="Giáo viên"):
        _do(lending, lending.teacher, loans.approve, n)
    with pytest.raises(PermissionDenied):
        _do(lending, lending.teacher, loans.hand_out, n)
    with pytest.raises(PermissionDenied, match=f"Phiếu mượn số {n} là của Người dùng teacher"):
        _do(lending, lending.teacher2, loans.cancel, n)
    with pytest.raises(PermissionDenied), lending.db.read(actor=lending.teacher2) as s:
        lq.get_slip(s, lending.teacher2, n)
    with pytest.raises(PermissionDenied):  # a teacher opens slips for themself only
        lending.slip(lending.teacher, borrower="u_teacher2")
    own = lending.slip(lending.officer, borrower="u_teacher2")
    for actor, expected in [(lending.teacher, [n]), (lending.teacher2, [own]),
                            (lending.officer, [own, n]),
                            (lending.school.actor("principal"), [own, n])]:  # fmt: skip
        with lending.db.read(actor=actor) as s:
            assert [r.number for r in lq.list_slips(s, actor)] == expected
    secretary = lending.school.actor("secretary")
    with pytest.raises(PermissionDenied), lending.db.read(actor=secretary) as s:
        lq.list_slips(s, secretary)
    _do(lending, lending.officer, loans.refuse, n, "Máy chiếu đang bảo trì")
    with lending.db.read(actor=lending.teacher) as s:
        row = lq.get_slip(s, lending.teacher, n)
    assert row.status_label == "Từ chối" and row.refusal_reason == "Máy chiếu đang bảo trì"


def test_overdue_list(lending: Lending) -> None:
    """A long-term loan due 30/11 still out is late on 5/12 by 5 days; one returned is not."""
    late = lending.slip(lending.teacher, kind=LoanKind.LONG_TERM, start_on=date(2025, 11, 3),
                        due_on=date(2025, 11, 30))  # fmt: skip
    done = lending.slip(lending.teacher2, weekday=2)
    for number, actor, code in [(late, lending.teacher, lending.projectors[0]),
                                (done, lending.teacher2, lending.projectors[1])]:  # fmt: skip
        _add(lending, actor, number, code)
        _do(lending, actor, loans.submit, number)
        _do(lending, lending.officer, loans.approve, number)
        _do(lending, lending.officer, loans.hand_out, number)
    _do(lending, lending.officer, loans.take_back, done)
    with lending.db.read(actor=lending.officer) as s:
        rows = lq.overdue(s, lending.officer, date(2025, 12, 5))
    assert [(r.number, r.days_late(date(2025, 12, 5))) for r in rows] == [(late, 5)]
    assert rows[0].items_text() == f"{lending.projectors[0]} Máy chiếu đa năng"
    with pytest.raises(PermissionDenied), lending.db.read(actor=lending.teacher) as s:
        lq.overdue(s, lending.teacher)


def test_teacher_prints_only_their_own_book(lending: Lending) -> None:
    """A teacher's book holds their slips only; another teacher's book needs VIEW_LOANS;
    the principal reads anyone's."""
    for actor, code in [(lending.teacher, lending.projectors[0]),
                        (lending.teacher2, lending.projectors[1])]:  # fmt: skip
        n = lending.slip(actor)
        _add(lending, actor, n, code)
        _do(lending, actor, loans.submit, n)
        _do(lending, lending.officer, loans.approve, n)
        _do(lending, lending.officer, loans.hand_out, n)
    with lending.db.read(actor=lending.teacher) as s:
        scope, rows = lq.book(s, lending.teacher)
        assert scope.teacher == "u_teacher" and [r.borrower for r in rows] == ["u_teacher"]
        with pytest.raises(PermissionDenied):
            lq.book(s, lending.teacher, teacher="u_teacher2")
    principal = lending.school.actor("principal")
    with lending.db.read(actor=principal) as s:
        _scope, rows = lq.book(s, principal, teacher="u_teacher2")
    assert [r.borrower_name for r in rows] == ["Trần Thị Lan"]

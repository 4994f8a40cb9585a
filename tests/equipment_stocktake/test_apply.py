"""The end of a stocktake: the preview's categories, the application in one transaction
(journalled with the session named), a refusal mid-way that leaves nothing changed, and the
closed session read-only; on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from app.checks import run_checks
from app.equipment import disposal
from app.equipment import register as reg
from app.equipment import stocktake as stk
from app.errors import Conflict, ValidationError
from tests.equipment_stocktake.conftest import Counting


def _dispose(counting: Counting, code: str) -> None:
    principal = counting.school.actor("principal")
    with counting.school.db.uow(actor=principal) as s:
        disposal.dispose(s, principal, code, "Hỏng nguồn, không sửa được")


def _conditions(counting: Counting) -> dict[str, tuple[str, str]]:
    with counting.school.db.read(actor=counting.officer) as s:
        rows = reg.list_items(s, counting.officer, include_disposed=True)
    return {r.code: (r.condition, r.room) for r in rows}


def _counted(counting: Counting) -> int:
    """Phòng Tin 1: 1–3 found (3 broken), 7 from 6A1, 6 disposed, an unknown label; 4–5 not."""
    _dispose(counting, "TB-000006")
    number = counting.open()
    counting.scan(number, "TB-000001", "TB-000002", "TB-000007", "TB-000006", "TB-123456")
    counting.scan(number, "TB-000003", condition="hong")
    return number


def test_preview_names_every_category(counting: Counting) -> None:
    number = _counted(counting)
    p = counting.preview(number)
    rec = p.reconciliation
    assert rec.found == ("TB-000001", "TB-000002", "TB-000003")
    assert [(w.code, w.register_room, w.scanned_room) for w in rec.wrong_room] == [
        ("TB-000007", "Phòng học 6A1", "Phòng Tin 1")]  # fmt: skip
    assert rec.missing == ("TB-000004", "TB-000005")
    assert rec.disposed == ("TB-000006",)
    assert [u.code for u in rec.unknown] == ["TB-123456"]
    assert [(c.code, c.before, c.after) for c in p.changes] == [("TB-000003", "tot", "hong")]
    assert {c: p.count(c) for c in ("found", "wrong_room", "missing", "condition", "disposed",
                                    "unknown")} == {"found": 3, "wrong_room": 1, "missing": 2,
                                                    "condition": 1, "disposed": 1, "unknown": 1}  # fmt: skip
    [cond] = [x for x in p.lines if x.category == "condition"]
    assert (cond.name, cond.room, cond.condition, cond.new_condition) == (
        "Máy tính để bàn",
        "Phòng Tin 1",
        "Tốt",
        "Hỏng",
    )
    assert _conditions(counting)["TB-000003"] == ("tot", "Phòng Tin 1")  # nothing written


def test_apply_writes_everything_journalled_and_closes_the_session(counting: Counting) -> None:
    number = _counted(counting)
    changed = counting.apply(counting.preview(number), move_wrong_room=True)
    assert changed == 4
    now = _conditions(counting)
    assert now["TB-000003"] == ("hong", "Phòng Tin 1")
    assert now["TB-000007"] == ("tot", "Phòng Tin 1")
    assert now["TB-000004"] == now["TB-000005"] == ("that_lac", "Phòng Tin 1")
    assert now["TB-000001"] == ("tot", "Phòng Tin 1")
    with counting.school.db.read(actor=counting.officer) as s:
        history = reg.item_history(s, counting.officer, "TB-000004")
        moved = reg.item_history(s, counting.officer, "TB-000007")
        info = stk.stocktake_status(s, counting.officer, number)
    assert history[-1].reason.startswith(f"Kiểm kê số {number} (Phòng Tin 1, ")
    assert history[-1].reason.endswith("không tìm thấy, ghi thất lạc")
    assert history[-1].changes == {"condition": ["tot", "that_lac"]}
    assert moved[-1].reason.endswith("tìm thấy ở Phòng Tin 1, chuyển phòng theo thực tế")
    assert not info.is_open and info.applied_at is not None
    with pytest.raises(ValidationError, match=f"Phiên kiểm kê số {number} đã kết thúc"):
        counting.scan(number, "TB-000004")
    with pytest.raises(ValidationError, match="đã kết thúc"):
        counting.apply(counting.preview(number))
    outcomes = run_checks(counting.school.db)  # journal, seals and rows agree afterwards
    assert [(o.name, o.message) for o in outcomes if not o.ok] == []


def test_a_unit_disposed_after_the_preview_undoes_the_whole_application(
    counting: Counting,
) -> None:
    """Units are written in code order; TB-000005 (missing) is disposed by the principal
    after the preview: TB-000003 and TB-000004, already changed in the transaction, go back
    too, and the session stays open to be previewed and applied again."""
    number = _counted(counting)
    p = counting.preview(number)
    before = _conditions(counting)
    _dispose(counting, "TB-000005")
    with pytest.raises(Conflict, match="Thiết bị TB-000005 đã thay đổi .*đã thanh lý"):
        counting.apply(p, move_wrong_room=True)
    after = _conditions(counting)
    del before["TB-000005"], after["TB-000005"]
    assert after == before
    with counting.school.db.read(actor=counting.officer) as s:
        assert stk.stocktake_status(s, counting.officer, number).is_open
        assert len(reg.item_history(s, counting.officer, "TB-000003")) == 1  # added only
    again = counting.preview(number)
    assert again.reconciliation.missing == ("TB-000004",)
    assert counting.apply(again) == 2  # TB-000003's condition, TB-000004 missing; no move
    assert _conditions(counting)["TB-000007"] == ("tot", "Phòng học 6A1")


def test_a_scan_after_the_preview_asks_for_a_new_preview(counting: Counting) -> None:
    number = _counted(counting)
    p = counting.preview(number)
    counting.scan(number, "TB-000004")
    with pytest.raises(Conflict, match="1 lượt quét mới"):
        counting.apply(p)
    assert counting.apply(counting.preview(number)) == 2  # TB-000003, TB-000005


def test_a_lost_unit_found_again_is_set_back_in_use(counting: Counting) -> None:
    first = counting.open("Phòng học 6A1")
    counting.scan(first, "TB-000007")
    counting.apply(counting.preview(first))
    assert _conditions(counting)["TB-000008"][0] == "that_lac"
    second = counting.open("Phòng học 6A1")
    counting.scan(second, "TB-000008", "TB-000007")
    p = counting.preview(second)
    assert [(c.code, c.before, c.after) for c in p.changes] == [("TB-000008", "that_lac", "tot")]
    counting.apply(p)
    assert _conditions(counting)["TB-000008"] == ("tot", "Phòng học 6A1")


def test_a_teacher_cannot_apply(counting: Counting) -> None:
    number = _counted(counting)
    teacher = counting.school.actor("teacher")
    with counting.school.db.read(actor=teacher) as s:
        from app.equipment import stocktake_apply

        p = stocktake_apply.preview(s, teacher, number)  # reading is allowed
    with counting.school.db.uow(actor=teacher) as s, pytest.raises(Exception, match="quyền"):
        stocktake_apply.apply_stocktake(s, teacher, p)

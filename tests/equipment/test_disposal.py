"""Disposal (thanh lý): the principal approves it with a reason; the row and its code stay."""

from __future__ import annotations

from datetime import date

import pytest

from app import journal_read
from app.equipment import disposal, register
from app.errors import PermissionDenied, ValidationError
from tests.equipment.conftest import EquipmentSchool


def test_only_the_principal_disposes(school: EquipmentSchool) -> None:
    """The equipment officer and a teacher are refused by the service; nothing changes."""
    (code,) = school.add("Máy chiếu cũ", condition="cho_thanh_ly")
    for role in ("equipment_officer", "teacher", "it_coordinator", "secretary"):
        actor = school.actor(role)
        with (
            school.db.uow(actor=actor) as s,
            pytest.raises(PermissionDenied, match="duyệt thanh lý"),
        ):
            disposal.dispose(s, actor, code, "Hỏng bóng đèn")
    with school.db.read() as s:
        assert register.get_item(s, school.officer, code).disposed_on is None


def test_a_disposal_needs_a_reason(school: EquipmentSchool) -> None:
    """A blank reason is refused, naming the item."""
    (code,) = school.add("Máy chiếu cũ")
    principal = school.actor("principal")
    with (
        school.db.uow(actor=principal) as s,
        pytest.raises(ValidationError, match=f"Thanh lý thiết bị «{code}»: cần ghi lý do"),
    ):
        disposal.dispose(s, principal, code, "   ")


def test_disposal_is_journalled_with_its_reason_and_the_code_is_never_reused(
    school: EquipmentSchool,
) -> None:
    """The entry carries "Thanh lý: <reason>"; the item leaves the list of items in use but
    stays in the register; it cannot be edited or disposed again; the next code is new."""
    (code,) = school.add("Máy chiếu cũ")
    principal = school.actor("principal")
    with school.db.uow(actor=principal) as s:
        disposal.dispose(s, principal, code, "Cháy bo mạch, không sửa được", on=date(2026, 5, 20))
    with school.db.read() as s:
        history = register.item_history(s, principal, code)
        in_use = register.list_items(s, principal)
        everything = register.list_items(s, principal, include_disposed=True)
        entries = journal_read.history(s, "equipment_item", str(history[0].entity_id))
    last = history[-1]
    assert last.reason == "Thanh lý: Cháy bo mạch, không sửa được"
    assert last.username == "u_principal"
    assert last.changes["disposed_on"] == [None, "2026-05-20"]
    assert last.changes["disposed_by"] == ["", "u_principal"]
    assert in_use == [] and [r.code for r in everything] == [code]
    assert len(entries) == 2
    with (
        school.db.uow(actor=principal) as s,
        pytest.raises(ValidationError, match="đã thanh lý ngày 20/05/2026"),
    ):
        disposal.dispose(s, principal, code, "lần nữa")
    with (
        school.db.uow(actor=school.officer) as s,
        pytest.raises(ValidationError, match="không sửa được nữa"),
    ):
        register.edit_item(s, school.officer, code, register.ItemEdit(notes="x"))
    assert school.add("Máy chiếu mới") == ("TB-000002",)

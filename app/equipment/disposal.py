"""Disposal (thanh lý): a reasoned state change the principal approves, kept in the register.

The equipment officer may mark an item "chờ thanh lý" (a condition, an ordinary edit); the
disposal itself needs ``Perm.APPROVE_DISPOSAL`` (Ban giám hiệu) and a reason. The row is
never deleted: it keeps its code (never reused), leaves the lists of items in use, and the
journal entry carries the reason, so the register and the public-asset records agree.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from app.changes import Changes
from app.db import Actor, utcnow
from app.equipment.register import ITEM_CHANGES, item_by_code
from app.errors import ValidationError
from app.journal import set_reason
from app.labels import format_date, nfc
from app.messages.equipment import EQUIPMENT_MSG as M
from app.permissions import Perm, require


def dispose(
    session: Session, actor: Actor | None, code: str, reason: str, *, on: date | None = None
) -> Changes:
    """Record the disposal of item ``code`` on ``on`` (today) for ``reason``."""
    require(actor, Perm.APPROVE_DISPOSAL)
    item = item_by_code(session, code)
    why = nfc(reason).strip()
    if not why:
        raise ValidationError(M.disposal_reason_required.format(code=item.code))
    if item.disposed_on is not None:
        raise ValidationError(
            M.item_disposed.format(code=item.code, day=format_date(item.disposed_on))
        )
    set_reason(session, item, M.disposal_reason.format(reason=why))
    item.disposed_on = on or date.today()
    item.disposal_reason = why
    item.disposed_by = actor.username if actor else ""
    item.disposed_at = utcnow()
    session.flush()
    return ITEM_CHANGES

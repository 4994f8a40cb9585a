"""The biên bản thanh lý thiết bị: the disposals approved in a period (or of chosen codes) as a
PDF in the house NĐ 30 frame (issue 11 §2: "Disposal: a reasoned, journalled state change,
with a printed record").

The school's header, the number and date, the title, the period, a sentence on what the
record attests, one row per disposed item (code, name, room, units, original value, reason,
date), the totals, and the signatures of whoever prepares it and the principal. The legal
basis is worded generally: which article of the public-asset decree (NĐ 186/2025, DOMAIN §5)
a school cites is [verify].
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from reportlab.platypus import Flowable, Spacer
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db import Actor
from app.equipment.models import EquipmentItem, Room
from app.errors import ValidationError
from app.labels import format_date
from app.messages.equipment_disposal import DISPOSAL_MSG as M
from app.numbers import thousands
from app.permissions import Perm, require
from app.printing import nd30
from app.printing.school_header import doc_header

WIDTHS_MM = (10, 26, 66, 32, 12, 30, 50, 22)  # 248 mm: the landscape text width


@dataclass(frozen=True)
class Disposed:
    """One disposed item as the record lists it."""

    code: str
    name: str
    room: str
    units: int
    value: Decimal
    reason: str
    on: date


def disposed_items(
    session: Session,
    actor: Actor | None,
    first: date | None = None,
    last: date | None = None,
    codes: tuple[str, ...] = (),
) -> list[Disposed]:
    """The items disposed between ``first`` and ``last`` (inclusive), or those of ``codes``."""
    require(actor, Perm.VIEW_EQUIPMENT)
    if first and last and first > last:
        raise ValidationError(M.no_dates.format(first=format_date(first), last=format_date(last)))
    i = EquipmentItem
    query = (
        select(i, Room.name)
        .outerjoin(Room, Room.id == i.room_id)
        .where(i.disposed_on.is_not(None))
        .order_by(i.disposed_on, i.code)
    )
    if codes:
        query = query.where(i.code.in_([c.strip().upper() for c in codes]))
    if first:
        query = query.where(i.disposed_on >= first)
    if last:
        query = query.where(i.disposed_on <= last)
    return [
        Disposed(
            item.code,
            item.name,
            room or "",
            item.quantity,
            item.value_vnd * item.quantity,
            item.disposal_reason,
            item.disposed_on,
        )  # fmt: skip
        for item, room in session.execute(query)
        if item.disposed_on is not None
    ]


def _body(items: list[Disposed], school: str) -> list[Flowable]:
    body_st = nd30.style(nd30.BODY_SIZE, align="justify", space_after=4)
    rows = [[str(n), x.code, x.name, x.room, str(x.units), thousands(int(x.value)), x.reason,
             format_date(x.on)] for n, x in enumerate(items, 1)]  # fmt: skip
    total = sum((x.value for x in items), Decimal(0))
    return [
        nd30.para(M.opening.format(school=school), body_st),
        nd30.data_table(
            [
                M.col_no,
                M.col_code,
                M.col_name,
                M.col_room,
                M.col_units,
                M.col_value,
                M.col_reason,
                M.col_on,
            ],
            rows,
            WIDTHS_MM,
            size=11,
            align=["center", "left", "left", "left", "center", "right", "left", "center"],
        ),  # fmt: skip
        Spacer(1, 3),
        nd30.para(
            M.total.format(
                count=len(items), units=sum(x.units for x in items), value=thousands(int(total))
            ),
            body_st,
        ),  # fmt: skip
        nd30.para(M.closing, body_st),
    ]


def write_disposal_record(
    session: Session,
    actor: Actor | None,
    path: Path,
    *,
    number: int = 1,
    first: date | None = None,
    last: date | None = None,
    codes: tuple[str, ...] = (),
    officer: str = "",
) -> tuple[Path, int]:
    """Write the record (whole or not at all); the path and how many items it lists."""
    items = disposed_items(session, actor, first, last, codes)
    if not items:
        raise ValidationError(M.none)
    header, principal = doc_header(session, date.today())
    header = nd30.DocHeader(header.authority, header.organisation, header.place, header.on,
                            M.number.format(number=f"{number:02d}"))  # fmt: skip
    period = M.period.format(first=format_date(items[0].on), last=format_date(items[-1].on))
    signers = [nd30.Signer(M.sign_officer, officer, note=M.sign_note),
               nd30.Signer(M.sign_principal, principal, note=M.sign_principal_note)]  # fmt: skip
    doc = nd30.Nd30Document(path, header, landscape=True)
    doc.build(M.title, _body(items, header.organisation), subtitle=period, signers=signers,
              keep_last_with_signers=True)  # fmt: skip
    return path, len(items)

"""The biên bản kiểm kê thiết bị: the stocktake record as a PDF in the NĐ 30 layout.

The school's NĐ 30 header (parent body and school on the left, the national heading on the
right, place and date), the record's number ("Số: 03/BB-KKTB"), the title, who counted where
and when (the committee), the summary per category, then one table per category with code,
name, register room, where found and condition, the closing sentence, the committee's
signature list and the signatures of the officer and the committee's head (decision 028).

An applied session prints the result it froze; an open one prints the live reconciliation
marked as a preview ("Bản xem trước"), for the committee to read before confirming.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, TableStyle

from app.db import Actor
from app.equipment.stocktake import Member, committee_of, stocktake_by_number
from app.equipment.stocktake_apply import (
    CATEGORIES,
    CATEGORY_LABELS,
    Line,
    frozen_result,
    preview_of,
)
from app.equipment.stocktake_models import StocktakeStatus
from app.labels import local
from app.messages.equipment_labels import RECONCILE_MSG
from app.messages.equipment_stocktake import STOCKTAKE_MSG as M
from app.permissions import Perm, require
from app.printing import nd30
from app.printing.school_header import doc_header

WIDTHS_MM = (9, 23, 46, 28, 28, 31)  # TT, code, name, register room, found in, condition
UNKNOWN_REASONS = {"malformed": RECONCILE_MSG.malformed,
                   "not_registered": RECONCILE_MSG.not_registered}  # fmt: skip


@dataclass(frozen=True)
class RecordData:
    """What the record says, from a frozen result or a live preview."""

    number: int
    scope: str
    place: str
    committee: tuple[Member, ...]
    opened_at: datetime
    applied_at: datetime | None
    officer: str
    expected: int
    scans: int
    duplicates: int
    moved: bool
    lines: tuple[Line, ...]

    @property
    def draft(self) -> bool:
        return self.applied_at is None


def record_data(session: Any, actor: Actor | None, number: int) -> RecordData:
    """The record of session ``number``: frozen when applied, a preview while open."""
    require(actor, Perm.VIEW_EQUIPMENT)
    row = stocktake_by_number(session, number)
    if row.status == StocktakeStatus.APPLIED:
        f = frozen_result(row)
        return RecordData(row.number, f.scope, row.place, committee_of(row), row.opened_at,
                          row.applied_at, row.applied_by or row.opened_by, f.expected, f.scans,
                          f.duplicates, f.moved, f.lines)  # fmt: skip
    p = preview_of(session, row)
    rec = p.reconciliation
    return RecordData(row.number, p.scope, row.place, committee_of(row), row.opened_at, None,
                      row.opened_by, rec.expected, rec.scans, rec.duplicate_scans, False,
                      p.lines)  # fmt: skip


def _time(value: datetime) -> str:
    t = local(value)
    return f"{t.hour:02d} giờ {t.minute:02d}"


def _condition(line: Line) -> str:
    if line.category == "condition":
        return f"{line.condition} → {line.new_condition}"
    return line.condition


def _rows(lines: list[Line]) -> list[list[str]]:
    rows = []
    for n, x in enumerate(lines, 1):
        if x.category == "unknown":
            rows.append([str(n), x.code, UNKNOWN_REASONS.get(x.name, x.name), "", x.found_in, ""])
        else:
            rows.append([str(n), x.code, x.name, x.room or M.no_room, x.found_in, _condition(x)])
    return rows


def _body(data: RecordData, school: str) -> list[Flowable]:
    body_st = nd30.style(nd30.BODY_SIZE, align="justify", space_after=3)
    head_st = nd30.style(nd30.BODY_SIZE, font=nd30.SERIF_BOLD, space_after=3)
    opened = local(data.opened_at)
    place = data.place or (data.scope if data.scope != M.whole_school else school)
    out: list[Flowable] = [nd30.para(M.record_opening.format(
        day=opened.strftime("%d/%m/%Y"), time=_time(data.opened_at), place=place,
        school=school), body_st)]  # fmt: skip
    for n, m in enumerate(data.committee, 1):
        out.append(nd30.para(f"{n}. {m.name}" + (f" — {m.role}" if m.role else ""), body_st))
    out.append(nd30.para(M.record_scope.format(scope=data.scope, expected=data.expected,
                                               scans=data.scans, duplicates=data.duplicates),
                         body_st))  # fmt: skip
    out.append(nd30.para(M.record_summary_head, head_st))
    counts = [[str(n), CATEGORY_LABELS[c], str(sum(1 for x in data.lines if x.category == c))]
              for n, c in enumerate(CATEGORIES, 1)]  # fmt: skip
    out.append(nd30.data_table([M.col_no, M.col_category, M.col_count], counts, (10, 115, 40),
                               align=["center", "left", "center"]))  # fmt: skip
    out.append(Spacer(1, 3 * mm))
    out.append(nd30.para(M.record_details_head, head_st))
    heads = [M.col_no, M.col_code, M.col_name, M.col_room, M.col_found_in, M.col_condition]
    for n, c in enumerate(CATEGORIES, 1):
        lines = [x for x in data.lines if x.category == c]
        title = nd30.para(f"{n}. {CATEGORY_LABELS[c]} ({len(lines)})", head_st)
        if not lines:
            out.append(KeepTogether([title, nd30.para(M.record_none, body_st)]))
            continue
        table = nd30.data_table(heads, _rows(lines), WIDTHS_MM, size=11,
                                align=["center", "left", "left", "left", "left", "left"])  # fmt: skip
        # A short table stays with its heading; a long one starts under it and runs on.
        out += [KeepTogether([title, table])] if len(lines) <= 10 else [title, table]
        out.append(Spacer(1, 2 * mm))
    if not data.draft:
        out.append(nd30.para(M.record_moved_yes if data.moved else M.record_moved_no, body_st))
        out.append(nd30.para(M.record_missing_note, body_st))
    members = [[str(n), m.name, m.role, ""] for n, m in enumerate(data.committee, 1)]
    closing = (M.record_closing_draft if data.draft
               else M.record_closing.format(time=_time(data.applied_at)))  # type: ignore[arg-type]  # fmt: skip
    signing = nd30.data_table([M.col_no, M.col_member, M.col_role, M.col_sign], members,
                              (9, 52, 64, 40), align=["center", "left", "left", "left"])  # fmt: skip
    signing.setStyle(TableStyle([("TOPPADDING", (0, 1), (-1, -1), 9),
                                 ("BOTTOMPADDING", (0, 1), (-1, -1), 10)]))  # fmt: skip
    out.append(KeepTogether([Spacer(1, 2 * mm), nd30.para(closing, body_st), signing]))
    return out


def write_record(session: Any, actor: Actor | None, number: int, path: Path) -> Path:
    """Write the record of session ``number`` to ``path`` (whole or not at all)."""
    data = record_data(session, actor, number)
    header, _principal = doc_header(session, local(data.opened_at).date())
    header = nd30.DocHeader(header.authority, header.organisation, header.place, header.on,
                            M.record_number.format(number=data.number))  # fmt: skip
    head = data.committee[0].name if data.committee else ""
    signers = [nd30.Signer(M.sign_officer, data.officer, note="(Ký, ghi rõ họ tên)"),
               nd30.Signer(M.sign_head, head, note="(Ký, ghi rõ họ tên)")]  # fmt: skip
    subtitle = f"{data.scope}" + (f"\n{M.record_draft}" if data.draft else "")
    doc = nd30.Nd30Document(path, header)
    return doc.build(M.record_title, _body(data, header.organisation), subtitle=subtitle,
                     signers=signers)  # fmt: skip

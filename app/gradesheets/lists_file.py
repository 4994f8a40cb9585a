"""The year-end lists (lên lớp, rèn luyện trong hè, kiểm tra lại, ở lại lớp, khen thưởng) as files.

The lists come from ``app.gradebook.lists.result_lists``; this module lays them
out as an .xlsx (one sheet per list) or an NĐ 30 PDF (A4 portrait, one titled
section per list), for one class or the whole school year.
"""

from __future__ import annotations

import uuid
from datetime import date
from pathlib import Path

from openpyxl import Workbook
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer
from sqlalchemy.orm import Session

from app import school
from app.db import Actor
from app.errors import ValidationError
from app.excel import writer
from app.gradebook import access
from app.gradebook.lists import PRIMARY_LIST_KEYS, ListEntry, ResultLists, result_lists
from app.gradebook.primary_export import ALL_LIST_TITLES
from app.gradesheets import documents as D
from app.messages.gradesheets import GRADESHEETS_MSG as M
from app.messages.primary_results import PRIMARY_RESULTS_MSG as PM
from app.printing import nd30
from app.printing.school_header import doc_header
from app.students.access import year_name

LIST_KEYS: tuple[str, ...] = tuple(ALL_LIST_TITLES)
"""promoted, summer_training, retest, repeat, excellent, good, the primary lists
(completed, not_completed, primary_excellent, primary_outstanding), pending."""
HEADINGS = {**M.list_headings, **PM.list_headings}
SHEET_NAMES = {**M.list_sheet_names, **PM.list_sheet_names}
K = writer.Kind
SHORT_SECTION = 12
"""A last list of at most this many students is kept on the page of the signatures."""


def _keys(only: str | None, found: ResultLists) -> tuple[str, ...]:
    """The asked list, or every list that applies to the kinds of class listed."""
    if only is None:
        return tuple(k for k in LIST_KEYS if _applies(k, found))
    if only not in LIST_KEYS:
        raise ValidationError(M.list_unknown.format(value=only, choices=", ".join(LIST_KEYS)))
    return (only,)


def _applies(key: str, found: ResultLists) -> bool:
    """Primary lists for primary classes, secondary lists for secondary ones, pending for both."""
    if key == "pending":
        return True
    return found.has_primary if key in PRIMARY_LIST_KEYS else found.has_secondary


def _load(
    session: Session, actor: Actor | None, year: str | None, class_id: uuid.UUID | None
) -> tuple[ResultLists, str]:
    """The lists and their scope line ("Lớp 6A1 — Năm học …" or "Toàn trường — …")."""
    if class_id is not None:
        group = access.get_class(session, class_id)
        found = result_lists(session, actor, group.school_year, class_id)
        return found, M.lists_scope_class.format(cls=group.name, year=group.school_year)
    name = year_name(session, year)
    return result_lists(session, actor, name, None), M.lists_scope_school.format(year=name)


def _title(keys: tuple[str, ...]) -> str:
    if len(keys) == 1:
        return f"DANH SÁCH {HEADINGS[keys[0]].upper()}"
    return M.lists_title


def _columns(whole_school: bool) -> list[str]:
    head = ["STT", "Mã HS", "Họ và tên"]
    return head + (["Lớp"] if whole_school else []) + ["Ghi chú"]


def _values(i: int, e: ListEntry, whole_school: bool) -> list[object]:
    return [i, e.student_code, e.full_name] + ([e.class_name] if whole_school else []) + [e.detail]


def lists_xlsx(
    session: Session,
    actor: Actor | None,
    path: Path | str,
    *,
    year: str | None = None,
    class_id: uuid.UUID | None = None,
    only: str | None = None,
) -> Path:
    """The lists as .xlsx, one sheet each (``only``: a single list key)."""
    found, scope = _load(session, actor, year, class_id)
    keys = _keys(only, found)
    whole = class_id is None
    columns = _columns(whole)
    profile = school.require_profile(session)
    wb = Workbook()
    wb.remove(wb.active)
    for key in keys:
        entries: tuple[ListEntry, ...] = getattr(found, key)
        if key == "pending" and not entries and only is None:
            continue
        ws = wb.create_sheet(SHEET_NAMES[key])
        titles = [
            (profile.name.upper(), True, 12),
            (f"DANH SÁCH {HEADINGS[key].upper()}", True, 14),
        ]
        D.title_rows(ws, titles + [(scope, False, 12)], len(columns))
        D.header_cells(ws, columns)
        header_row = ws.max_row
        kinds = [K.NUMBER, K.CODE, K.TEXT] + ([K.CODE] if whole else []) + [K.TEXT]
        for i, e in enumerate(entries, start=1):
            D.body_row(ws, _values(i, e, whole), kinds)
        if not entries:
            ws.append([writer.cell(ws, M.lists_empty)])
        D.widths(ws, [6, 14, 28] + ([8] if whole else []) + [70])
        D.page_setup(ws, landscape_page=False, header_rows=(header_row, header_row))
    return writer.save_workbook(wb, path)


def _section(
    n: int, key: str, entries: tuple[ListEntry, ...], whole: bool, *, heading: bool
) -> list[Flowable]:
    """A numbered heading (when the document has several lists) and the list's table."""
    text = M.lists_section.format(n=n, title=HEADINGS[key], count=len(entries))
    style = nd30.style(13, font=nd30.SERIF_BOLD, space_after=2 * mm)
    # A heading never ends a page: start a new page unless a few rows fit below it.
    head = [CondPageBreak(30 * mm), nd30.para(text, style)] if heading else []
    if not entries:
        empty = nd30.para(M.lists_empty, nd30.style(12, font=nd30.SERIF_ITALIC))
        return [KeepTogether([*head, empty]), Spacer(1, 4 * mm)]
    longest = max((e.student_code for e in entries), key=len)
    code_w = min(max(nd30.text_width(longest, nd30.SERIF, 11) / mm + 5, 18.0), 36.0)
    widths = [11.0, code_w, 42.0] + ([14.0] if whole else [])
    widths.append(nd30.TEXT_WIDTH_MM - sum(widths))
    align = ["center", "center", "left"] + (["center"] if whole else []) + ["left"]
    rows = [_values(i, e, whole) for i, e in enumerate(entries, start=1)]
    table = nd30.data_table(_columns(whole), rows, widths, align=align, size=11)
    return [*head, table, Spacer(1, 5 * mm)]


def lists_pdf(
    session: Session,
    actor: Actor | None,
    path: Path | str,
    *,
    year: str | None = None,
    class_id: uuid.UUID | None = None,
    only: str | None = None,
    on: date | None = None,
) -> Path:
    """The lists as an NĐ 30 PDF (A4 portrait), one numbered section per list."""
    found, scope = _load(session, actor, year, class_id)
    keys = _keys(only, found)
    whole = class_id is None
    body: list[Flowable] = []
    last: list[Flowable] = []
    n, short = 0, True
    for key in keys:
        entries: tuple[ListEntry, ...] = getattr(found, key)
        if key == "pending" and not entries and only is None:
            continue
        n += 1
        body += last
        last = _section(n, key, entries, whole, heading=len(keys) > 1)
        short = len(entries) <= SHORT_SECTION
    header, principal = doc_header(session, on or date.today())
    signers = [nd30.Signer("Hiệu trưởng", principal)]
    if class_id is not None:
        group = access.get_class(session, class_id)
        teacher = nd30.Signer(
            "Giáo viên chủ nhiệm", D.homeroom_name(session, group), "(Ký, ghi rõ họ tên)"
        )
        signers.insert(0, teacher)
    doc = nd30.Nd30Document(path, header)
    signatures = nd30.signature_block(signers, doc.width)
    # The signatures never stand alone on a page: a short last list moves with them.
    body += [nd30.closing(last, signatures)] if short else [*last, signatures]
    return doc.build(_title(keys), body, subtitle=scope)

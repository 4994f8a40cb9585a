"""Printed lending lists: the overdue list for the staff room and the lending book.

Both are A4 documents with the school's NĐ 30 header (``app.printing.nd30``) in the bundled
serif font. The overdue list (portrait) names each late slip's teacher, items, dates and
days late. The lending book (sổ theo dõi sử dụng thiết bị dạy học, landscape) has one row per
slip lent: date, teaching week, periods, class, lesson, items with codes and quantities,
borrower, the day they came back and their condition, and a blank column for the borrower's
signature, as the paper book has (decision 027 says what layout this follows and what is
still to verify). ``book_rows`` and ``overdue_rows`` are the table cells, tested on their own.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from reportlab.platypus import Flowable
from sqlalchemy.orm import Session

from app.equipment.loan_models import LoanKind
from app.equipment.loan_queries import BookScope, SlipRow
from app.labels import format_date, local
from app.messages.equipment_loans import EQUIPMENT_LOANS_MSG as M
from app.printing import nd30
from app.printing.school_header import doc_header

OVERDUE_WIDTHS = (11, 14, 30, 42, 24, 24, 20)  # 165 mm: A4 portrait inside NĐ 30 margins
BOOK_WIDTHS = (10, 21, 11, 13, 12, 38, 50, 27, 21, 27, 22)  # 252 mm: A4 landscape
BOOK_SIZE = 10.5


def overdue_rows(rows: Sequence[SlipRow], today: date) -> list[list[str]]:
    """The overdue table's cells, one row per slip."""
    return [
        [
            str(i),
            str(r.number),
            r.borrower_name,
            r.items_text(),
            format_date(r.start_on),
            format_date(r.due_on),
            M.overdue_days.format(n=r.days_late(today)),
        ]  # fmt: skip
        for i, r in enumerate(rows, 1)
    ]


def _periods(r: SlipRow) -> str:
    if r.kind == LoanKind.LONG_TERM:
        return "Dài hạn"
    return r.periods or "Cả ngày"


def _returned(r: SlipRow) -> tuple[str, str]:
    if r.returned_at is None:
        return M.not_returned, ""
    labels = {x.return_label for x in r.lines}
    if len(labels) == 1:
        return format_date(local(r.returned_at).date()), labels.pop()
    return format_date(local(r.returned_at).date()), "; ".join(
        f"{x.code}: {x.return_label}" for x in r.lines
    )


def book_rows(rows: Sequence[SlipRow]) -> list[list[str]]:
    """The lending book's cells, one row per slip, in date order."""
    out = []
    for i, r in enumerate(rows, 1):
        back, condition = _returned(r)
        items = "; ".join(
            f"{x.name} ({x.code})" + (f" × {x.quantity} {x.unit}" if x.quantity != 1 else "")
            for x in r.lines
        )
        lesson = r.lesson + (f" ({r.subject})" if r.subject else "")
        if r.kind == LoanKind.LONG_TERM:
            lesson += M.book_long_term.format(due=format_date(r.due_on))
        out.append([str(i), format_date(r.start_on), str(r.week or ""), _periods(r),
                    r.class_name, lesson, items, r.borrower_name, back, condition, ""])  # fmt: skip
    return out


def write_overdue(
    session: Session, rows: Sequence[SlipRow], path: Path, today: date | None = None
) -> Path:
    """The overdue list as a PDF for the staff room's board."""
    day = today or date.today()
    header, _principal = doc_header(session, day)
    doc = nd30.Nd30Document(path, header)
    body: list[Flowable] = []
    if rows:
        body.append(nd30.data_table(M.overdue_headers, overdue_rows(rows, day), OVERDUE_WIDTHS,
                                    align=["center", "center", "left", "left", "center",
                                           "center", "center"]))  # fmt: skip
    else:
        body.append(nd30.para(M.overdue_empty, nd30.style()))
    signers = [nd30.Signer(M.signer_officer, "", "(Ký, ghi rõ họ tên)")]
    return doc.build(M.overdue_title, body, subtitle=M.overdue_subtitle.format(
        day=format_date(day)), signers=signers)  # fmt: skip


def book_subtitle(scope: BookScope) -> str:
    """ "Năm học 2025-2026 — Học kì 1 — Giáo viên: … — Môn: …"."""
    parts = [M.book_subtitle.format(year=scope.year)]
    if scope.term:
        parts.append(M.book_term.format(term="I" if scope.term == 1 else "II"))
    if scope.teacher:
        parts.append(M.book_teacher.format(name=scope.teacher_name))
    if scope.subject:
        parts.append(M.book_subject.format(subject=scope.subject))
    return " — ".join(parts)


def write_book(session: Session, scope: BookScope, rows: Sequence[SlipRow], path: Path) -> Path:
    """The lending book as a landscape PDF table, its header row repeated on every page."""
    header, principal = doc_header(session, date.today())
    doc = nd30.Nd30Document(path, header, landscape=True)
    body: list[Flowable] = []
    if rows:
        body.append(nd30.data_table(M.book_headers, book_rows(rows), BOOK_WIDTHS, size=BOOK_SIZE,
                                    align=["center", "center", "center", "center", "center",
                                           "left", "left", "left", "center", "left",
                                           "left"]))  # fmt: skip
    else:
        body.append(nd30.para(M.book_empty, nd30.style()))
    signers = [nd30.Signer(M.signer_officer, "", "(Ký, ghi rõ họ tên)"),
               nd30.Signer(M.signer_principal, principal)]  # fmt: skip
    return doc.build(M.book_title, body, subtitle=book_subtitle(scope), signers=signers)

"""The class result sheet "Bảng tổng hợp kết quả đánh giá" as .xlsx and as an NĐ 30 PDF.

A primary class (TT27) gets its own sheet, ``primary_result_sheet``.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from openpyxl import Workbook
from openpyxl.styles import Alignment
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table
from sqlalchemy.orm import Session

from app import school
from app.db import Actor
from app.excel import writer
from app.gradebook import access
from app.gradebook.primary.records import is_primary
from app.gradebook.results import ClassSummary, class_summary
from app.gradesheets import documents as D
from app.gradesheets.primary_result_sheet import (
    primary_result_sheet_pdf,
    primary_result_sheet_xlsx,
)
from app.gradesheets.result_rows import (
    AWARDS,
    LEVELS,
    OUTCOMES,
    ResultRow,
    Statistics,
    number,
    result_rows,
    scope_text,
    share,
    short_text,
    statistics,
    subject_labels,
)
from app.messages.gradesheets import GRADESHEETS_MSG as M
from app.printing import nd30

K = writer.Kind
PDF_SIZE = 9.0
PDF_HEAD_SIZE = 8.5
PDF_SUBJECT_SIZE = 8.0
NOT_RATED = "Chưa xếp loại"


def _summary(
    session: Session, actor: Actor | None, class_id: uuid.UUID, semester: int | None
) -> ClassSummary:
    return class_summary(session, actor, class_id, semester=semester)


# ---------------------------------------------------------------- .xlsx


def _xlsx_headers(summary: ClassSummary) -> tuple[list[str], list[str]]:
    """The fixed columns after the subjects (and, for the year, the outcome columns)."""
    tail = [
        "Kết quả học tập",
        "Kết quả rèn luyện",
        "Nghỉ có phép",
        "Nghỉ không phép",
        "Tổng số buổi nghỉ",
    ]
    if summary.semester is None:
        tail += [
            "Học tập sau kiểm tra lại",
            "Rèn luyện sau hè",
            "Kiểm tra lại",
            "Kết quả cuối năm",
            "Khen thưởng",
        ]
    return ["STT", "Mã HS", "Họ và tên"], tail + ["Ghi chú"]


def _xlsx_value(view: Any) -> Any:
    value = number(view)
    return float(value) if isinstance(value, Decimal) else value


def _xlsx_row(r: ResultRow, labels: tuple[str, ...], year: bool) -> tuple[list[Any], list[K]]:
    st = r.student
    values: list[Any] = [r.no, st.student_code, st.full_name]
    values += [_xlsx_value(m) for m in r.marks]
    values += [_xlsx_value(r.learning), _xlsx_value(r.conduct), r.excused, r.unexcused, r.absent]
    if year:
        values += [
            _xlsx_value(r.learning_after),
            _xlsx_value(r.conduct_after),
            r.retest_note(labels),
        ]
        values += [r.outcome, r.award]
    values.append("" if st.current else "Đã chuyển đi / thôi học")
    kinds = [K.NUMBER, K.CODE] + [
        K.NUMBER if isinstance(v, int | float) else K.TEXT for v in values[2:]
    ]
    return values, kinds


def _xlsx_header_rows(ws: Any, head: list[str], labels: tuple[str, ...], tail: list[str]) -> int:
    """Two header rows: the subjects under one merged group title; returns the second row."""
    group = "Điểm trung bình môn / mức đánh giá"
    D.header_cells(ws, head + [group] + [""] * (len(labels) - 1) + tail)
    D.header_cells(ws, [""] * len(head) + list(labels) + [""] * len(tail))
    second = ws.max_row
    first = second - 1
    n0, n1 = len(head), len(head) + len(labels)
    for j in list(range(1, n0 + 1)) + list(range(n1 + 1, n1 + len(tail) + 1)):
        ws.merge_cells(start_row=first, start_column=j, end_row=second, end_column=j)
    ws.merge_cells(start_row=first, start_column=n0 + 1, end_row=first, end_column=n1)
    return second


def _xlsx_statistics(ws: Any, stats: Statistics, year: bool) -> None:
    ws.append([])
    ws.append([writer.cell(ws, M.result_total.format(n=stats.total), bold=True)])
    D.header_cells(ws, ["", *LEVELS, NOT_RATED])
    for title, counter in (
        ("Kết quả học tập", stats.learning),
        ("Kết quả rèn luyện", stats.conduct),
    ):
        counts = [share(counter[lv], stats.total) for lv in LEVELS] + [
            share(counter[""], stats.total)
        ]
        D.body_row(ws, [title, *counts], [K.TEXT] * 6)
    if year:
        D.header_cells(ws, ["", *OUTCOMES, *AWARDS])
        counts = [share(stats.outcomes[o], stats.total) for o in OUTCOMES]
        counts += [share(stats.awards[a], stats.total) for a in AWARDS]
        D.body_row(ws, ["Số học sinh", *counts], [K.TEXT] * 7)


def result_sheet_xlsx(
    session: Session,
    actor: Actor | None,
    class_id: uuid.UUID,
    path: Path | str,
    semester: int | None = None,
) -> Path:
    """The class result sheet for a semester (1, 2) or the year (None) as .xlsx."""
    if is_primary(access.get_class(session, class_id)):
        return primary_result_sheet_xlsx(session, actor, class_id, path, semester)
    summary = _summary(session, actor, class_id, semester)
    rows = result_rows(summary)
    labels = subject_labels(summary)
    head, tail = _xlsx_headers(summary)
    width = len(head) + len(labels) + len(tail)
    wb = Workbook()
    ws = wb.active
    ws.title = f"Tổng hợp {summary.class_name}"[:31]
    profile = school.require_profile(session)
    D.title_rows(
        ws,
        [
            (profile.name.upper(), True, 12),
            (M.result_title, True, 14),
            (scope_text(summary), False, 12),
        ],
        width,
    )
    header_row = _xlsx_header_rows(ws, head, labels, tail)
    for r in rows:
        values, kinds = _xlsx_row(r, labels, summary.semester is None)
        D.body_row(ws, values, kinds)
    _xlsx_statistics(ws, statistics(rows), summary.semester is None)
    D.widths(ws, [5, 13, 26] + [8] * len(labels) + [12] * (len(tail) - 1) + [20])
    ws.freeze_panes = ws.cell(row=header_row + 1, column=len(head) + 1)
    for c in ws[header_row - 1]:
        c.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    D.page_setup(ws, landscape_page=True, header_rows=(header_row - 1, header_row))
    return writer.save_workbook(wb, path)


# ---------------------------------------------------------------- PDF


def _p(
    text: str, size: float = PDF_SIZE, *, bold: bool = False, align: str = "center"
) -> Paragraph:
    """A table cell: lines joined by <br/>, escaped."""
    return D.pdf_cell(text, size, bold=bold, align=align)


def _head_label(label: str, width_mm: float) -> Paragraph:
    """A subject header that breaks after a hyphen when too wide ("HĐTN-" / "HN")."""
    markup = escape(label)
    size = PDF_SUBJECT_SIZE
    if nd30.text_width(label, nd30.SERIF_BOLD, size) > (width_mm - 1.5) * mm:
        markup = markup.replace("-", "-<br/>").replace("&amp;", "&amp;<br/>")
    style = nd30.style(size, font=nd30.SERIF_BOLD, align="center", leading=size * 1.18)
    return Paragraph(markup, style)


def _pdf_widths(n_subjects: int, year: bool, total_mm: float) -> list[float]:
    fixed = [8, 35] if year else [8, 42]
    tail = [13, 13, 9, 17, 15] if year else [15, 15, 11]
    subject = (total_mm - sum(fixed) - sum(tail)) / max(n_subjects, 1)
    return fixed + [subject] * n_subjects + tail


def _pdf_cells(r: ResultRow, year: bool) -> list[Any]:
    st = r.student
    name = st.full_name + ("" if st.current else " (*)")
    marks = []
    for m, retest in zip(r.marks, r.retests, strict=True):
        text = short_text(m)
        marks.append(_p(f"{text}\nKTL: {short_text(retest)}" if retest else text))
    learning = r.learning.text if r.learning else ""
    if r.learning_after and r.learning_after.text and r.learning_after.text != learning:
        learning += f"\nKTL: {r.learning_after.text}"
    conduct = r.conduct.text if r.conduct else ""
    if r.conduct_after and r.conduct_after.text:
        conduct += f"\nhè: {r.conduct_after.text}"
    cells = [_p(str(r.no)), _p(name, align="left"), *marks, _p(learning), _p(conduct)]
    cells.append(_p("" if r.absent is None else str(r.absent)))
    if year:
        cells += [_p(r.outcome), _p(r.award)]
    return cells


def _pdf_table(summary: ClassSummary, rows: list[ResultRow], total_mm: float) -> Table:
    year = summary.semester is None
    labels = subject_labels(summary)
    widths = _pdf_widths(len(labels), year, total_mm)
    group = "Điểm trung bình môn cả năm" if year else "Điểm trung bình môn học kì"
    tail = ["Kết quả học tập", "Kết quả rèn luyện", "Số buổi nghỉ"]
    tail += ["Kết quả cuối năm", "Khen thưởng"] if year else []
    n = len(labels)
    first = [_p("STT", PDF_HEAD_SIZE, bold=True), _p("Họ và tên", PDF_HEAD_SIZE, bold=True)]
    first += [_p(group, PDF_HEAD_SIZE, bold=True)] + [""] * (n - 1)
    first += [_p(t, PDF_HEAD_SIZE, bold=True) for t in tail]
    second = ["", ""] + [_head_label(lab, w) for lab, w in zip(labels, widths[2:], strict=False)]
    second += [""] * len(tail)
    data = [first, second] + [_pdf_cells(r, year) for r in rows]
    t = Table(data, colWidths=[w * mm for w in widths], repeatRows=2)
    spans = [("SPAN", (2, 0), (1 + n, 0))]
    spans += [("SPAN", (j, 0), (j, 1)) for j in [0, 1, *range(2 + n, 2 + n + len(tail))]]
    t.setStyle(D.grid_style(spans, (1.5, 2.5, 2)))
    return t


def _stat_table(
    head: Sequence[str], rows: Sequence[Sequence[str]], widths_mm: Sequence[float]
) -> Table:
    return D.stat_table(head, rows, widths_mm, size=PDF_SIZE, head_size=PDF_HEAD_SIZE)


def _pdf_statistics(stats: Statistics, year: bool) -> Flowable:
    total = stats.total
    body: list[Flowable] = [Spacer(1, 3 * mm)]
    body.append(nd30.para(M.result_total.format(n=total), nd30.style(11, font=nd30.SERIF_BOLD)))
    body.append(Spacer(1, 1.5 * mm))
    rows = [
        [title, *[share(c[lv], total) for lv in LEVELS], share(c[""], total)]
        for title, c in (("Kết quả học tập", stats.learning), ("Kết quả rèn luyện", stats.conduct))
    ]
    body.append(_stat_table(["", *LEVELS, NOT_RATED], rows, [36] + [24] * 5))
    if year:
        counts = [share(stats.outcomes[o], total) for o in OUTCOMES]
        counts += [share(stats.awards[a], total) for a in AWARDS]
        body.append(Spacer(1, 2 * mm))
        body.append(
            _stat_table(["", *OUTCOMES, *AWARDS], [["Số học sinh", *counts]], [36] + [24] * 6)
        )
    return KeepTogether(body)


def result_sheet_pdf(
    session: Session,
    actor: Actor | None,
    class_id: uuid.UUID,
    path: Path | str,
    semester: int | None = None,
    *,
    on: date | None = None,
) -> Path:
    """The class result sheet as an NĐ 30 PDF on A4 landscape (see ``nd30.Nd30Document``)."""
    if is_primary(access.get_class(session, class_id)):
        return primary_result_sheet_pdf(session, actor, class_id, path, semester, on=on)
    summary = _summary(session, actor, class_id, semester)
    rows = result_rows(summary)
    legend = "Đ: Đạt; CĐ: Chưa đạt. " + M.result_retest_note
    if any(not r.student.current for r in rows):
        legend += " " + M.result_left_note
    table = partial(_pdf_table, summary, rows)
    note = nd30.para(legend, nd30.style(10, font=nd30.SERIF_ITALIC))
    counts = _pdf_statistics(statistics(rows), summary.semester is None)
    heading = (M.result_title, scope_text(summary))
    return D.class_result_pdf(session, class_id, path, on, heading, table, note, lambda _: counts)

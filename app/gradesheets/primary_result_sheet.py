"""The primary class result sheet "Bảng tổng hợp kết quả đánh giá giáo dục" (TT27), .xlsx and PDF.

One row per student: each subject's level (HTT/HT/CHT) and periodic-test score
at the sheet's checkpoint (Cuối năm, or Cuối HK I for semester I), the qualities
and competencies (T/Đ/C), and for the year the result, whether the programme is
completed, and the commendation. Everything comes from
``app.gradebook.primary.results.primary_summary`` (recomputed from the cells);
the rows and counts are built in ``primary_result_rows``. This module writes
the .xlsx; the PDF (A4 landscape, NĐ 30 layout) is ``primary_result_pdf``,
whose ``primary_result_sheet_pdf`` is importable from here too.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment
from sqlalchemy.orm import Session

from app import school
from app.db import Actor
from app.excel import writer
from app.gradebook.primary.results import PrimaryClassSummary, primary_summary
from app.gradesheets import documents as D
from app.gradesheets.primary_result_pdf import primary_result_sheet_pdf as primary_result_sheet_pdf
from app.gradesheets.primary_result_rows import (
    SHORT_LEVEL,
    SheetRow,
    rating_groups,
    scope_text,
    sheet_rows,
    statistics,
    subjects_tested,
    year_headers,
    year_statistics,
    year_statistics_header,
)
from app.gradesheets.result_rows import share
from app.messages.primary_results import PRIMARY_RESULTS_MSG as M

K = writer.Kind


def _xlsx_headers(ws: Any, summary: PrimaryClassSummary) -> int:
    """Three header rows (groups; subject and rating names; Mức/Điểm); returns the last row."""
    head = ["STT", "Mã HS", "Họ và tên"]
    tail = [*year_headers(summary), M.sheet_note]
    tested = subjects_tested(summary)
    n_subject = len(tested) + sum(tested)
    group_row = head + [f"{M.sheet_subjects} ({summary.checkpoint_label})"]
    group_row += [""] * (n_subject - 1)
    for group, span in rating_groups(summary):
        group_row += [group] + [""] * (span - 1)
    name_row, kind_row = [""] * len(head), [""] * len(head)
    for s, with_test in zip(summary.subjects, tested, strict=True):
        name_row += [s.name, ""] if with_test else [s.name]
        kind_row += [M.sheet_level_long, M.sheet_test_long] if with_test else [M.sheet_level_long]
    name_row += list(summary.rating_names)
    kind_row += [""] * len(summary.rating_names)
    for row in (group_row + tail, name_row, kind_row):
        D.header_cells(ws, row + [""] * (len(group_row) + len(tail) - len(row)))
    last = ws.max_row
    first = last - 2
    merge = ws.merge_cells
    for j in [*range(1, 4), *range(len(group_row) + 1, len(group_row) + len(tail) + 1)]:
        merge(start_row=first, start_column=j, end_row=last, end_column=j)
    col = len(head) + 1
    merge(start_row=first, start_column=col, end_row=first, end_column=col + n_subject - 1)
    for with_test in tested:
        if with_test:
            merge(start_row=first + 1, start_column=col, end_row=first + 1, end_column=col + 1)
        col += 2 if with_test else 1
    for _, span in rating_groups(summary):
        merge(start_row=first, start_column=col, end_row=first, end_column=col + span - 1)
        col += span
    for j in range(col - len(summary.rating_names), col):
        merge(start_row=first + 1, start_column=j, end_row=last, end_column=j)
    return last


def _xlsx_row(r: SheetRow, year: bool) -> tuple[list[Any], list[K]]:
    """A student's cells and their kinds (scores as numbers, the rest as text)."""
    st = r.student
    values: list[Any] = [r.no, st.student_code, st.full_name, *r.subjects, *r.ratings]
    if year:
        award = r.award
        values += [r.result, r.outcome, award]
    values.append("" if st.current else M.sheet_left)
    kinds = [K.NUMBER, K.CODE] + [K.NUMBER if isinstance(v, int) else K.TEXT for v in values[2:]]
    return values, kinds


def _xlsx_statistics(ws: Any, summary: PrimaryClassSummary, rows: list[SheetRow]) -> None:
    """The counts under the table: year results and awards, then levels per subject."""
    stats = statistics(summary, rows)
    ws.append([])
    ws.append([writer.cell(ws, M.sheet_total.format(n=stats.total), bold=True)])
    if summary.is_year:
        D.header_cells(ws, ["", *year_statistics_header(summary)])
        counts = year_statistics(stats)
        D.body_row(ws, [M.sheet_count, *counts], [K.TEXT] * (len(counts) + 1))
    D.header_cells(ws, [M.sheet_level_long, *[s.label for s in summary.subjects]])
    for level in (*SHORT_LEVEL.values(), ""):
        counts = [share(c[level], stats.total) for c in stats.levels]
        D.body_row(ws, [level or M.sheet_not_entered, *counts], [K.TEXT] * (len(counts) + 1))


def primary_result_sheet_xlsx(
    session: Session,
    actor: Actor | None,
    class_id: uuid.UUID,
    path: Path | str,
    semester: int | None = None,
) -> Path:
    """The primary class result sheet for the year (None, 2) or semester I (1) as .xlsx."""
    summary = primary_summary(session, actor, class_id, semester)
    rows = sheet_rows(summary)
    wb = Workbook()
    ws = wb.active
    ws.title = f"Tổng hợp {summary.class_name}"[:31]
    tested = subjects_tested(summary)
    n_cells = len(tested) + sum(tested) + len(summary.rating_names)
    tail = year_headers(summary)
    width = 3 + n_cells + len(tail) + 1
    profile = school.require_profile(session)
    titles = [(profile.name.upper(), True, 12), (M.sheet_title, True, 14)]
    D.title_rows(ws, [*titles, (scope_text(summary), False, 12)], width)
    header_row = _xlsx_headers(ws, summary)
    for r in rows:
        D.body_row(ws, *_xlsx_row(r, summary.is_year))
    _xlsx_statistics(ws, summary, rows)
    D.widths(ws, [5, 13, 26] + [6] * n_cells + [16] * len(tail) + [20])
    ws.freeze_panes = ws.cell(row=header_row + 1, column=4)
    for row in ws.iter_rows(min_row=header_row - 2, max_row=header_row):
        for c in row:
            c.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for c in ws[header_row - 1][3 : 3 + n_cells]:
        c.alignment = Alignment(text_rotation=90, horizontal="center", vertical="bottom")
    ws.row_dimensions[header_row - 1].height = 150
    D.page_setup(ws, landscape_page=True, header_rows=(header_row - 2, header_row))
    return writer.save_workbook(wb, path)

"""The compliance report written out: an ``.xlsx`` workbook and an A4 landscape PDF.

The workbook (``app.excel.writer``: safe text cells, numbers as numbers, the header row
frozen, written atomically) has one sheet per level with a line per item of the minimum
list, then a sheet of totals per subject and grade and one of the computer ratio. The PDF
(``app.printing.nd30``: the school's NĐ 30 header, the bundled serif font, written whole or
not at all) has the same tables, a level after another, signed by the equipment officer and
the principal.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer
from sqlalchemy.orm import Session

from app.equipment.compliance import Line, Report, Total
from app.equipment.models import LEVEL_LABELS, SCOPE_LABELS
from app.equipment.ratio import LevelRatio
from app.excel.writer import ColumnSpec, Kind, add_table_sheet, new_workbook, save_workbook
from app.messages.equipment_compliance import COMPLIANCE_MSG as M
from app.printing import nd30
from app.printing.school_header import doc_header

LINE_COLUMNS = (
    ColumnSpec(M.col_no, Kind.NUMBER, 6),
    ColumnSpec(M.col_subject, Kind.TEXT, 16),
    ColumnSpec(M.col_grade, Kind.NUMBER, 8),
    ColumnSpec(M.col_item_no, Kind.CODE, 10),
    ColumnSpec(M.col_name, Kind.TEXT, 48),
    ColumnSpec(M.col_unit, Kind.TEXT, 10),
    ColumnSpec(M.col_quantity, Kind.NUMBER, 11),
    ColumnSpec(M.col_scope, Kind.TEXT, 12),
    ColumnSpec(M.col_classes, Kind.NUMBER, 8),
    ColumnSpec(M.col_required, Kind.NUMBER, 9),
    ColumnSpec(M.col_held, Kind.NUMBER, 12),
    ColumnSpec(M.col_short, Kind.NUMBER, 9),
    ColumnSpec(M.col_status, Kind.TEXT, 12),
)
TOTAL_COLUMNS = (
    ColumnSpec(M.col_level, Kind.TEXT, 10),
    ColumnSpec(M.col_subject, Kind.TEXT, 16),
    ColumnSpec(M.col_grade, Kind.NUMBER, 8),
    ColumnSpec(M.col_lines, Kind.NUMBER, 14),
    ColumnSpec(M.col_lines_enough, Kind.NUMBER, 10),
    ColumnSpec(M.col_lines_short, Kind.NUMBER, 10),
    ColumnSpec(M.col_required, Kind.NUMBER, 9),
    ColumnSpec(M.col_held, Kind.NUMBER, 12),
    ColumnSpec(M.col_short, Kind.NUMBER, 9),
)
RATIO_COLUMNS = (
    ColumnSpec(M.col_level, Kind.TEXT, 10),
    ColumnSpec(M.col_students, Kind.NUMBER, 12),
    ColumnSpec(M.col_computers, Kind.NUMBER, 12),
    ColumnSpec(M.col_ratio, Kind.NUMBER, 12),
    ColumnSpec(M.col_limit, Kind.NUMBER, 12),
    ColumnSpec(M.col_meets, Kind.TEXT, 12),
)
# PDF, A4 landscape (252 mm of text): TT, subject, grade, no., name, unit, norm, needed,
# held, status.
PDF_LINE_WIDTHS = (10, 28, 12, 18, 86, 18, 22, 16, 22, 20)
PDF_LINE_ALIGN = ["center", "left", "center", "center", "left", "center", "center", "right",
                  "right", "center"]  # fmt: skip
PDF_TOTAL_WIDTHS = (20, 40, 16, 36, 28, 28, 24, 30, 30)
PDF_RATIO_WIDTHS = (42, 42, 42, 42, 42, 42)
PDF_SIZE = 10.5


def _grade(grade: int) -> int | str:
    return grade or M.every_grade


def line_rows(lines: Sequence[Line]) -> list[list[Any]]:
    """The workbook's cells of one level's lines (numbers as numbers)."""
    return [[n, x.subject, _grade(x.grade), x.item_no, x.name, x.unit, x.quantity,
             SCOPE_LABELS.get(x.scope, x.scope), x.classes if x.scope == "lop" else None,
             x.required, x.held, x.shortfall, x.status]
            for n, x in enumerate(lines, 1)]  # fmt: skip


def total_rows(totals: Sequence[Total]) -> list[list[Any]]:
    return [[LEVEL_LABELS.get(t.level, t.level), t.subject, _grade(t.grade), t.lines, t.enough,
             t.short_lines, t.required, t.held, t.shortfall] for t in totals]  # fmt: skip


def _ratio_number(r: LevelRatio) -> float | None:
    return None if r.ratio is None else float(r.ratio)


def ratio_rows(ratios: Sequence[LevelRatio]) -> list[list[Any]]:
    return [[r.level_label, r.students, r.computers, _ratio_number(r), float(r.limit),
             M.meets_yes if r.meets else M.meets_no] for r in ratios]  # fmt: skip


def write_xlsx(report: Report, path: Path) -> Path:
    """One sheet per level, then the totals and the computer ratio; saved atomically."""
    wb = new_workbook()
    for level in report.levels:
        lines = [x for x in report.lines if x.level == level]
        add_table_sheet(wb, LEVEL_LABELS[level], LINE_COLUMNS, line_rows(lines))
    add_table_sheet(wb, M.sheet_totals, TOTAL_COLUMNS, total_rows(report.totals))
    add_table_sheet(wb, M.sheet_ratio, RATIO_COLUMNS, ratio_rows(report.ratios))
    return save_workbook(wb, path)


def decimal_text(value: Decimal) -> str:
    """``2,5`` the Vietnamese way; a whole number without decimals."""
    if value == value.to_integral_value():
        return f"{value:.0f}"
    return f"{value:.2f}".rstrip("0").replace(".", ",")


def pdf_line_rows(lines: Sequence[Line]) -> list[list[str]]:
    """The PDF's cells of one level's lines."""
    return [[str(n), x.subject, str(_grade(x.grade)), x.item_no, x.name, x.unit, x.norm,
             str(x.required), str(x.held), x.status] for n, x in enumerate(lines, 1)]  # fmt: skip


def _pdf_ratio_rows(ratios: Sequence[LevelRatio]) -> list[list[str]]:
    return [[r.level_label, str(r.students), str(r.computers),
             r.note if r.ratio is None else decimal_text(r.ratio), decimal_text(r.limit),
             M.meets_yes if r.meets else M.meets_no] for r in ratios]  # fmt: skip


def _body(report: Report) -> list[Flowable]:
    head = nd30.style(nd30.BODY_SIZE, font=nd30.SERIF_BOLD, space_after=3)
    note = nd30.style(nd30.BODY_SIZE - 1, font=nd30.SERIF_ITALIC, space_after=4)
    out: list[Flowable] = [nd30.para(M.counting_note, note)]
    n = 0
    for n, level in enumerate(report.levels, 1):
        lines = [x for x in report.lines if x.level == level]
        out.append(nd30.para(M.level_head.format(n=n, level=LEVEL_LABELS[level]), head))
        out.append(nd30.data_table([M.col_no, M.col_subject, M.col_grade, M.col_item_no,
                                    M.col_name, M.col_unit, M.col_norm, M.col_required,
                                    M.col_held, M.col_status], pdf_line_rows(lines),
                                   PDF_LINE_WIDTHS, align=PDF_LINE_ALIGN, size=PDF_SIZE))  # fmt: skip
        out.append(Spacer(1, 3 * mm))
    out.append(nd30.para(f"{n + 1}. {M.totals_head}", head))
    rows = [[str(v) for v in row] for row in total_rows(report.totals)]
    out.append(nd30.data_table([c.header for c in TOTAL_COLUMNS], rows, PDF_TOTAL_WIDTHS,
                               align=["left", "left", "center"] + ["right"] * 6,
                               size=PDF_SIZE))  # fmt: skip
    out.append(Spacer(1, 3 * mm))
    if report.ratios:
        out.append(nd30.para(f"{n + 2}. {M.ratio_head}", head))
        out.append(nd30.data_table([c.header for c in RATIO_COLUMNS],
                                   _pdf_ratio_rows(report.ratios), PDF_RATIO_WIDTHS,
                                   align=["left", "right", "right", "right", "right", "center"],
                                   size=PDF_SIZE))  # fmt: skip
    return out


def write_pdf(session: Session, report: Report, path: Path, day: date | None = None) -> Path:
    """The report as an A4 landscape document in the school's NĐ 30 frame (whole or nothing)."""
    header, principal = doc_header(session, day or date.today())
    doc = nd30.Nd30Document(path, header, landscape=True)
    signers = [nd30.Signer(M.sign_officer, "", "(Ký, ghi rõ họ tên)"),
               nd30.Signer(M.sign_principal, principal)]  # fmt: skip
    subtitle = M.subtitle.format(year=report.year or "…", lists="; ".join(report.lists))
    return doc.build(M.title, _body(report), subtitle=subtitle, signers=signers)

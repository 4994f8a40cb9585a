"""Writing .xlsx files safely: no formula injection, IDs as text, real dates, atomic save.

A value that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab / carriage
return) would run as a formula when a spreadsheet opens the file. Every text
cell is therefore written as a string cell with Excel's "quote prefix" flag, so
the exact text survives (an export imports back unchanged) but never executes.
Codes, personal IDs and phone numbers are written as text in the text format
"@" so leading zeros stay; dates are real date cells shown as dd/mm/yyyy.
Workbooks are write-only (streamed), so 10⁵ rows stay fast.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from app.atomic_file import written_beside
from app.errors import StorageError
from app.messages.excel import EXCEL_MSG

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
DATE_FORMAT = "DD/MM/YYYY"
TEXT_FORMAT = "@"
FONT_NAME = "Times New Roman"
_THIN = Side(style="thin", color="808080")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_REQUIRED_FILL = PatternFill("solid", fgColor="FCE4D6")
_FONT = Font(name=FONT_NAME, size=12)
_FONT_BOLD = Font(name=FONT_NAME, size=12, bold=True)


class Kind(Enum):
    """How a column's values are written."""

    TEXT = "text"  # free text (names, addresses)
    CODE = "code"  # text that looks like a number: IDs, phones, codes (format "@")
    DATE = "date"  # real date cell, dd/mm/yyyy
    NUMBER = "number"


@dataclass(frozen=True)
class ColumnSpec:
    """One output column: header text, kind, width in characters, required mark."""

    header: str
    kind: Kind = Kind.TEXT
    width: float = 14
    required: bool = False


def is_formula_like(text: str) -> bool:
    """True when a spreadsheet could run ``text`` as a formula."""
    return text.startswith(FORMULA_TRIGGERS)


def _clean(text: str) -> str:
    """Drop control characters that are illegal in .xlsx XML."""
    return ILLEGAL_CHARACTERS_RE.sub("", text)


def cell(ws: Any, value: Any, kind: Kind = Kind.TEXT, *, bold: bool = False) -> WriteOnlyCell:
    """One safe cell for a write-only sheet."""
    if value is None or value == "":
        c = WriteOnlyCell(ws, value=None)
        if kind is Kind.CODE:
            c.number_format = TEXT_FORMAT
        elif kind is Kind.DATE:
            c.number_format = DATE_FORMAT
        return c
    if kind is Kind.DATE and isinstance(value, date | datetime):
        c = WriteOnlyCell(ws, value=value)
        c.number_format = DATE_FORMAT
    elif kind is Kind.NUMBER and isinstance(value, int | float) and not isinstance(value, bool):
        c = WriteOnlyCell(ws, value=value)
    else:
        text = _clean(str(value))
        c = WriteOnlyCell(ws, value=text)
        c.data_type = "s"  # never a formula, whatever the text starts with
        if kind is Kind.CODE:
            c.number_format = TEXT_FORMAT
        if is_formula_like(text):
            c.quotePrefix = True
    c.font = _FONT_BOLD if bold else _FONT
    return c


def new_workbook() -> Workbook:
    """An empty streaming workbook."""
    return Workbook(write_only=True)


def add_table_sheet(
    wb: Workbook,
    title: str,
    columns: Sequence[ColumnSpec],
    rows: Iterable[Sequence[Any]],
    *,
    validations: Sequence[DataValidation] = (),
) -> int:
    """Append a sheet with a styled header row and ``rows``; returns the number of data rows."""
    ws = wb.create_sheet(title=_sheet_title(title))
    for i, col in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(i)].width = col.width
    ws.freeze_panes = "C2" if len(columns) > 2 else "A2"
    for dv in validations:
        ws.data_validations.append(dv)
    ws.append([_header_cell(ws, col) for col in columns])
    n = 0
    kinds = [c.kind for c in columns]
    for row in rows:
        ws.append([cell(ws, v, k) for v, k in zip(row, kinds, strict=False)])
        n += 1
    ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{n + 1}"
    return n


def _header_cell(ws: Any, col: ColumnSpec) -> WriteOnlyCell:
    c = cell(ws, col.header, bold=True)
    c.fill = _REQUIRED_FILL if col.required else _HEADER_FILL
    c.border = _BORDER
    c.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    return c


def _sheet_title(title: str) -> str:
    """A legal sheet name: no []:*?/\\ and at most 31 characters."""
    bad = str.maketrans({ch: "-" for ch in "[]:*?/\\"})
    return (title.translate(bad).strip("'") or "Sheet")[:31]


def list_validation(formula: str, first_row: int, last_row: int, col: int) -> DataValidation:
    """A dropdown on a column range; ``formula`` is a range like ``'DanhMuc'!$A$2:$A$55``."""
    letter = get_column_letter(col)
    dv = DataValidation(type="list", formula1=formula, allow_blank=True, showDropDown=False)
    dv.error = "Giá trị không có trong danh sách."
    dv.errorTitle = "Giá trị không hợp lệ"
    dv.showErrorMessage = False  # a warning, not a block: the import checks values anyway
    dv.add(f"{letter}{first_row}:{letter}{last_row}")
    return dv


def save_workbook(wb: Workbook, path: Path | str) -> Path:
    """Save atomically: write a temporary file beside ``path``, flush it, then replace it."""
    path = Path(path)
    try:
        with written_beside(path) as tmp:
            wb.save(tmp)
    except OSError as exc:
        raise StorageError(EXCEL_MSG.write_failed.format(path=path, detail=exc)) from exc
    return path

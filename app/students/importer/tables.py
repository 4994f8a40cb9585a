"""Locating the student table of each sheet: columns, the ID column's meaning, legacy text.

Headers and title lines are matched on the sheet with its legacy text converted
(they are never stored); the data comes from the raw sheet unless the user
chose to convert. Sheets without a student table are reported, never fatal,
unless the user picked them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from app.errors import ValidationError
from app.excel import cells
from app.excel.headers import Table, find_table, header_key
from app.excel.legacy import Conversion, Encoding, LegacyChoice
from app.excel.reader import Limits, Sheet, read_workbook
from app.messages.excel import EXCEL_MSG
from app.students.importer.layout import AMBIGUOUS_ID_HEADERS, NAME_FIELDS, STUDENT_LAYOUT
from app.students.importer.report import (
    ColumnUse,
    ReadResult,
    SheetInfo,
    TextConversion,
    encodings_label,
)
from app.students.inputs import FIELD_LABELS


def capitalise(name: str) -> str:
    """Capital first letters, for TCVN3 names (the encoding has no capital Á, Ấ, Ố…)."""
    return " ".join(w[:1].upper() + w[1:] for w in name.split(" "))


def column_names(table: Table) -> dict[str, str]:
    """Field → the header text this file uses for it (the canonical label when absent)."""
    headers = table.headers
    out = {f: headers.get(f) or label for f, label in FIELD_LABELS.items()}
    if "full_name" not in headers and "given_name" in headers:
        out["full_name"] = headers["given_name"]
    if "date_of_birth" not in headers and "dob_day" in headers:
        out["date_of_birth"] = headers["dob_day"]
    return out


def _data_conversions(
    table: Table, sheet: Sheet
) -> tuple[list[Conversion], list[Conversion], list[Conversion]]:
    """The sheet's offered conversions in the table's data cells, in the rest, and the doubts.

    TCVN3 has no capitals with a tone, so a converted name gets its capitals back.
    """
    cols = set(table.columns.values())
    names = {
        table.columns[f] for f in NAME_FIELDS + ("family_name", "given_name") if f in table.columns
    }

    def inside(row: int, col: int) -> bool:
        return row >= table.data_start and col in cols

    offered, rest = [], []
    for c in sheet.legacy.conversions:
        if not inside(c.row, c.col):
            rest.append(c)
            continue
        if c.encoding is Encoding.TCVN3 and c.col in names:
            c = replace(c, after=capitalise(c.after))
        offered.append(c)
    doubts = [
        Conversion(d.row, d.col, d.text, d.would_be, d.encoding, False)
        for d in sheet.legacy.doubts
        if inside(d.row, d.col)
    ]
    return offered, rest, doubts


def _located(table: Table, items: list[Conversion], doubt: bool) -> list[TextConversion]:
    by_col = {c: f for f, c in table.columns.items()}
    columns = column_names(table) | {f: h for f, h in table.headers.items() if h}
    return [
        TextConversion(
            table.sheet.name,
            c.row + 1,
            columns.get(by_col[c.col], ""),
            c.before,
            c.after,
            c.encoding,
            doubt,
        )  # fmt: skip
        for c in items
    ]


def _split_merged_name(table: Table) -> None:
    """A "Họ và tên" header merged over two columns heads the family name and the given name.

    Without this the second column (the given names) would be dropped and every
    student stored under the family name alone.
    """
    cols = table.columns
    if "full_name" not in cols or "family_name" in cols or "given_name" in cols:
        return
    c0, r = cols["full_name"], table.header_row
    for (r0, a), (r1, b) in table.sheet.merged:
        if r0 <= r <= r1 and a == c0 and b == c0 + 1 and b not in cols.values():
            header = table.headers.pop("full_name")
            del cols["full_name"]
            cols["family_name"], cols["given_name"] = c0, b
            table.headers["family_name"] = table.headers["given_name"] = header
            return


def decide_id_column(table: Table) -> str:
    """Move an ambiguous "Mã định danh" column to the Ministry code when its content says so.

    Ten-digit text is the Ministry's student code; twelve digits, or a number cell
    of 11 digits (a 12-digit ID that lost its zero), is a personal ID. Returns the
    note the preview shows ("" when the header was not ambiguous).
    """
    col = table.columns.get("personal_id")
    if col is None or header_key(table.headers.get("personal_id", "")) not in AMBIGUOUS_ID_HEADERS:
        return ""
    ministry = personal = 0
    for i in range(table.data_start, len(table.sheet.rows)):
        raw = table.sheet.cell(i, col)
        digits = re.sub(r"[\s.\-]", "", cells.clean_text(raw))
        if not digits.isdigit():
            continue
        number = isinstance(raw, int | float) and not isinstance(raw, bool)
        if len(digits) == 12 or (number and len(digits) == 11):
            personal += 1
        elif len(digits) == 10 and not number:
            ministry += 1
    header = table.headers["personal_id"]
    if ministry > personal and "ministry_code" not in table.columns:
        table.columns["ministry_code"] = table.columns.pop("personal_id")
        table.headers["ministry_code"] = table.headers.pop("personal_id")
        what = FIELD_LABELS["ministry_code"]
    else:
        what = FIELD_LABELS["personal_id"]
    return EXCEL_MSG.id_column_decided.format(
        sheet=table.sheet.name, header=header, what=what, ten=ministry, twelve=personal
    )


def _column_uses(table: Table, id_note: str) -> list[ColumnUse]:
    """Every header cell of the table: the field it fills, or ignored."""
    by_col = {c: f for f, c in table.columns.items()}
    out = []
    rows = [table.header_row] + (
        [table.header_row + 1] if table.data_start > table.header_row + 1 else []
    )
    seen: set[int] = set()
    for r in rows:
        for c, v in enumerate(table.sheet.rows[r] if r < len(table.sheet.rows) else []):
            if c in seen or not isinstance(v, str) or not v.strip():
                continue
            if c in by_col or r == table.header_row:
                seen.add(c)
                f = by_col.get(c, "")
                header = table.headers.get(f) or cells.clean_text(v)
                note = id_note if f in ("personal_id", "ministry_code") and id_note else ""
                out.append(ColumnUse(table.sheet.name, c + 1, header, f, note))
    return sorted(out, key=lambda u: u.column)


def locate_tables(
    path: Path, limits: Limits, choice: LegacyChoice, chosen: Sequence[str] = ()
) -> tuple[list[Table], ReadResult]:
    """Locate the student table of each sheet (of the ``chosen`` ones, if any).

    Data cells are converted only if ``choice`` allows. A sheet without a student
    table is reported and skipped; it is refused only when the user chose it.
    """
    sheets = read_workbook(path, limits)
    _check_chosen(path, sheets, chosen)
    tables: list[Table] = []
    result = ReadResult([], [])
    nameless: list[Table] = []
    for sheet in sheets:
        if chosen and sheet.name not in chosen:
            result.sheets.append(SheetInfo(sheet.name, False, note=EXCEL_MSG.sheet_not_chosen))
            continue
        table = find_table(sheet.converted(), STUDENT_LAYOUT)
        if table is None:
            if chosen or _has_data(sheet):
                result.notices.append(EXCEL_MSG.sheet_skipped.format(sheet=sheet.name))
            result.sheets.append(SheetInfo(sheet.name, False, note=EXCEL_MSG.sheet_no_header))
            continue
        if "full_name" not in table.columns and "given_name" not in table.columns:
            nameless.append(table)
            result.notices.append(
                EXCEL_MSG.sheet_without_names.format(sheet=sheet.name, row=table.header_row + 1)
            )
            note = EXCEL_MSG.sheet_no_name_column
            result.sheets.append(SheetInfo(sheet.name, False, table.header_row + 1, note))
            continue
        _prepare(table, sheet, choice, result)
        result.sheets.append(SheetInfo(sheet.name, True, table.header_row + 1))
        tables.append(table)
    if not tables or (chosen and nameless):
        _refuse_nothing_usable(path, nameless)
    _legacy_notices(result, choice)
    return tables, result


def _has_data(sheet: Sheet) -> bool:
    """At least three rows with two or more filled cells: a sheet worth mentioning."""
    return sum(1 for r in sheet.rows if sum(1 for v in r if not cells.is_blank(v)) >= 2) >= 3


def _check_chosen(path: Path, sheets: Sequence[Sheet], chosen: Sequence[str]) -> None:
    """Every sheet the user named exists (else a refusal naming the sheets there are)."""
    names = [s.name for s in sheets]
    for name in chosen:
        if name not in names:
            raise ValidationError(
                EXCEL_MSG.sheet_not_found.format(
                    file=path.name, sheet=name, sheets=", ".join(f"“{n}”" for n in names)
                )
            )


def _refuse_nothing_usable(path: Path, nameless: Sequence[Table]) -> None:
    """No sheet to read: a missing name column if that is why, else no header at all."""
    if nameless:
        t = nameless[0]
        raise ValidationError(
            EXCEL_MSG.missing_columns.format(
                sheet=t.sheet.name, file=path.name, columns="Họ và tên", row=t.header_row + 1
            )
        )
    required = ", ".join(c.label for c in STUDENT_LAYOUT.columns if c.required)
    raise ValidationError(EXCEL_MSG.no_header.format(file=path.name, required=required + ", …"))


def _prepare(table: Table, sheet: Sheet, choice: LegacyChoice, result: ReadResult) -> None:
    """Settle the table's columns, report them, and give it the sheet the user chose to read."""
    _split_merged_name(table)
    id_note = decide_id_column(table)
    if id_note:
        result.notices.append(id_note)
    uses = _column_uses(table, id_note)
    result.columns += uses
    ignored = [u.header for u in uses if not u.field]
    if ignored:
        result.notices.append(
            EXCEL_MSG.columns_ignored.format(
                sheet=sheet.name, n=len(ignored), columns=", ".join(f"“{h}”" for h in ignored)
            )
        )
    offered, rest, doubts = _data_conversions(table, sheet)
    table.sheet = sheet if choice is LegacyChoice.KEEP else sheet.converted(offered + rest)
    result.conversions += _located(table, offered, doubt=False)
    result.doubts += _located(table, doubts, doubt=True)


def _legacy_notices(result: ReadResult, choice: LegacyChoice) -> None:
    """One line on the legacy text found, and one on the doubtful cells left as they are."""
    if n := len(result.conversions):
        encodings = encodings_label(result.conversions)
        text = {
            LegacyChoice.ASK: EXCEL_MSG.legacy_found,
            LegacyChoice.CONVERT: EXCEL_MSG.legacy_converting,
            LegacyChoice.KEEP: EXCEL_MSG.legacy_keeping,
        }[choice]
        result.notices.append(text.format(n=n, encodings=encodings))
    if result.doubts:
        result.notices.append(EXCEL_MSG.legacy_doubts.format(n=len(result.doubts)))

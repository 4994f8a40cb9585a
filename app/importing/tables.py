"""Locating each sheet's table for an import: columns, sheets the user picked, legacy text.

Headers and title lines are matched on the sheet with its legacy text converted
(they are compared, never stored); the data comes from the raw sheet unless the
user chose to convert. A sheet without a usable table is reported and skipped,
and refused only when the user picked it. What a module adds (settling ambiguous
columns, a capital letter after TCVN3) comes in through a ``TableSpec``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from app.errors import ValidationError
from app.excel import cells
from app.excel.encodings import LegacyChoice
from app.excel.headers import Layout, Table, find_table, ignored_columns_notice
from app.excel.legacy import Conversion
from app.excel.reader import Limits, Sheet, read_workbook
from app.importing.located import (
    ColumnUse,
    SheetInfo,
    SkippedRow,
    TextConversion,
    encodings_label,
)
from app.messages.excel import EXCEL_MSG


def _no_notes(table: Table) -> dict[str, str]:
    return {}


def _as_is(table: Table, conversion: Conversion) -> Conversion:
    return conversion


@dataclass(frozen=True)
class TableSpec:
    """What one import reads: its layout, labels, and the hooks of its own rules.

    ``keys``: at least one of these fields must have a column for a table to be read
    (``keys_label`` names them in messages). ``settle`` may move or split columns
    once the table is found and returns a note per field it decided ("Mã định danh"
    read as the Ministry code); ``adjust`` rewrites an offered conversion (TCVN3 has
    no capitals with a tone, so a converted name gets them back).
    """

    layout: Layout
    labels: Mapping[str, str]
    keys: tuple[str, ...]
    keys_label: str
    settle: Callable[[Table], dict[str, str]] = _no_notes
    adjust: Callable[[Table, Conversion], Conversion] = _as_is


@dataclass
class Found:
    """What locating the tables found besides the rows; the module adds its rows' findings."""

    notices: list[str] = field(default_factory=list)
    conversions: list[TextConversion] = field(default_factory=list)
    doubts: list[TextConversion] = field(default_factory=list)
    columns: list[ColumnUse] = field(default_factory=list)
    skipped: list[SkippedRow] = field(default_factory=list)
    sheets: list[SheetInfo] = field(default_factory=list)


def locate(
    path: Path,
    spec: TableSpec,
    *,
    limits: Limits,
    legacy: LegacyChoice,
    chosen: Sequence[str] = (),
) -> tuple[list[Table], Found]:
    """The table of each sheet (of the ``chosen`` ones, if any), ready to read its rows."""
    sheets = read_workbook(path, limits)
    _check_chosen(path, sheets, chosen)
    tables: list[Table] = []
    found = Found()
    keyless: list[Table] = []
    for sheet in sheets:
        if chosen and sheet.name not in chosen:
            found.sheets.append(SheetInfo(sheet.name, False, note=EXCEL_MSG.sheet_not_chosen))
            continue
        table = find_table(sheet.converted(), spec.layout)
        if table is None:
            if chosen or _has_data(sheet):
                found.notices.append(EXCEL_MSG.sheet_skipped.format(sheet=sheet.name))
            found.sheets.append(SheetInfo(sheet.name, False, note=EXCEL_MSG.sheet_no_header))
            continue
        if not any(k in table.columns for k in spec.keys):
            keyless.append(table)
            row = table.header_row + 1
            found.notices.append(
                EXCEL_MSG.sheet_without_key.format(
                    sheet=sheet.name, row=row, columns=spec.keys_label
                )
            )
            note = EXCEL_MSG.sheet_no_key_column.format(columns=spec.keys_label)
            found.sheets.append(SheetInfo(sheet.name, False, row, note))
            continue
        _prepare(table, sheet, spec, legacy, found)
        found.sheets.append(SheetInfo(sheet.name, True, table.header_row + 1))
        tables.append(table)
    if not tables or (chosen and keyless):
        _refuse_nothing_usable(path, spec, keyless)
    _legacy_notices(found, legacy)
    return tables, found


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


def _refuse_nothing_usable(path: Path, spec: TableSpec, keyless: Sequence[Table]) -> None:
    """No sheet to read: a missing key column if that is why, else no header at all."""
    if keyless:
        t = keyless[0]
        raise ValidationError(
            EXCEL_MSG.missing_columns.format(
                sheet=t.sheet.name, file=path.name, columns=spec.keys_label, row=t.header_row + 1
            )
        )
    required = ", ".join(c.label for c in spec.layout.columns if c.required)
    raise ValidationError(EXCEL_MSG.no_header.format(file=path.name, required=required + ", …"))


def _prepare(
    table: Table, sheet: Sheet, spec: TableSpec, legacy: LegacyChoice, found: Found
) -> None:
    """Settle the table's columns, report them, and give it the sheet the user chose to read."""
    notes = spec.settle(table)
    found.notices += [n for n in dict.fromkeys(notes.values()) if n]
    uses = column_uses(table, spec, notes)
    found.columns += uses
    ignored = [u.header for u in uses if not u.field]
    if notice := ignored_columns_notice(sheet.name, ignored):
        found.notices.append(notice)
    offered, rest, doubts = _data_conversions(table, sheet, spec)
    table.sheet = sheet if legacy is LegacyChoice.KEEP else sheet.converted(offered + rest)
    found.conversions += _located(table, spec, offered, doubt=False)
    found.doubts += _located(table, spec, doubts, doubt=True)


def column_uses(table: Table, spec: TableSpec, notes: Mapping[str, str]) -> list[ColumnUse]:
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
                label = spec.labels.get(f, f)
                out.append(ColumnUse(table.sheet.name, c + 1, header, f, notes.get(f, ""), label))
    return sorted(out, key=lambda u: u.column)


def _data_conversions(
    table: Table, sheet: Sheet, spec: TableSpec
) -> tuple[list[Conversion], list[Conversion], list[Conversion]]:
    """The sheet's offered conversions in the table's data cells, in the rest, and the doubts."""
    cols = set(table.columns.values())

    def inside(row: int, col: int) -> bool:
        return row >= table.data_start and col in cols

    offered, rest = [], []
    for c in sheet.legacy.conversions:
        if inside(c.row, c.col):
            offered.append(spec.adjust(table, c))
        else:
            rest.append(c)
    doubts = [
        Conversion(d.row, d.col, d.text, d.would_be, d.encoding, False)
        for d in sheet.legacy.doubts
        if inside(d.row, d.col)
    ]
    return offered, rest, doubts


def _located(
    table: Table, spec: TableSpec, items: list[Conversion], doubt: bool
) -> list[TextConversion]:
    by_col = {c: f for f, c in table.columns.items()}

    def column(f: str) -> str:
        return table.headers.get(f) or spec.labels.get(f, "")

    return [
        TextConversion(
            table.sheet.name,
            c.row + 1,
            column(by_col[c.col]),
            c.before,
            c.after,
            c.encoding,
            doubt,
        )  # fmt: skip
        for c in items
    ]


def _legacy_notices(found: Found, choice: LegacyChoice) -> None:
    """One line on the legacy text found, and one on the doubtful cells left as they are."""
    if n := len(found.conversions):
        encodings = encodings_label(found.conversions)
        text = {
            LegacyChoice.ASK: EXCEL_MSG.legacy_found,
            LegacyChoice.CONVERT: EXCEL_MSG.legacy_converting,
            LegacyChoice.KEEP: EXCEL_MSG.legacy_keeping,
        }[choice]
        found.notices.append(text.format(n=n, encodings=encodings))
    if found.doubts:
        found.notices.append(EXCEL_MSG.legacy_doubts.format(n=len(found.doubts)))

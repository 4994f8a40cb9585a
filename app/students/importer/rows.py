"""From a workbook to located student rows: ``StudentInput`` plus cell-level problems."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from app.excel import cells
from app.excel.encodings import LegacyChoice
from app.excel.headers import Table, header_key_words
from app.excel.reader import Limits
from app.importing.located import (
    ColumnUse,
    Problem,
    SheetInfo,
    TextConversion,
    encodings_label,
)
from app.messages.excel import EXCEL_MSG
from app.students import exporter
from app.students.importer import blocks
from app.students.importer.blocks import SkipKind, SkippedRow, row_text
from app.students.importer.layout import FOOTER, NOT_MARKED, TEXT_FIELDS, class_hint
from app.students.importer.tables import column_names, locate_tables
from app.students.inputs import StudentInput
from app.students.validation import parse_sex

__all__ = [
    "ColumnUse",
    "ParsedRow",
    "Problem",
    "ReadResult",
    "SheetInfo",
    "TextConversion",
    "encodings_label",
    "read_rows",
]

DEFAULT_LIMITS = Limits()


@dataclass
class ReadResult:
    """What ``read_rows`` found: the rows, file-level notices, legacy text offered and left."""

    rows: list[ParsedRow]
    notices: list[str]
    conversions: list[TextConversion] = field(default_factory=list)
    doubts: list[TextConversion] = field(default_factory=list)
    columns: list[ColumnUse] = field(default_factory=list)
    skipped: list[SkippedRow] = field(default_factory=list)
    sheets: list[SheetInfo] = field(default_factory=list)


@dataclass
class ParsedRow:
    """One data row read from the file, before it is matched against the database."""

    sheet: str
    row: int
    value: StudentInput
    problems: list[Problem]
    columns: dict[str, str]
    texts: dict[str, str]

    def template_cells(self) -> tuple[Any, ...]:
        """The row in template column order, as read (for the rejected-rows file)."""
        v, stt = self.value, self.texts.get("stt", "")
        shown: dict[str, Any] = self.texts | {
            "stt": int(stt) if stt.isdigit() else stt,
            "full_name": v.full_name,
            "sex": v.sex or "",
            "personal_id": v.personal_id or self.texts.get("personal_id", ""),
            "class_name": v.class_name or "",
        }
        if v.date_of_birth:
            shown["date_of_birth"] = v.date_of_birth
        return tuple(shown.get(f, "") for f in exporter.TEMPLATE_FIELDS)


def _sex(texts: dict[str, str]) -> str | None:
    if texts.get("sex"):
        return texts["sex"]
    if "female_mark" not in texts and "male_mark" not in texts:
        return None
    for mark in ("female_mark", "male_mark"):
        # A sex written out in a tick column ("Nam" under "Nữ") says what it says.
        word = parse_sex(texts.get(mark, ""))
        if word is not None:
            return "Nữ" if word == "nu" else "Nam"
    if texts.get("female_mark", "").lower() not in NOT_MARKED:
        return "Nữ"
    if texts.get("male_mark", "").lower() not in NOT_MARKED:
        return "Nam"
    return "Nam" if "male_mark" not in texts else None


def _full_name(texts: dict[str, str]) -> str:
    if texts.get("full_name"):
        return texts["full_name"]
    return " ".join(t for t in (texts.get("family_name", ""), texts.get("given_name", "")) if t)


def _bad_date(raw: cells.CellValue) -> str:
    """Why a date cell was refused: a date not in the calendar, or not a date at all."""
    missing = cells.nonexistent_date(raw)
    return EXCEL_MSG.date_nonexistent.format(value=missing) if missing else EXCEL_MSG.date_invalid


class _Row:
    """Turns one table row into a ``StudentInput`` and the problems found on the way."""

    def __init__(
        self, table: Table, row: int, values: dict[str, Any], hint: str, columns: dict[str, str]
    ) -> None:
        self.table, self.row, self.values, self.hint = table, row, values, hint
        self.columns = columns
        self.texts = {f: cells.clean_text(v) for f, v in values.items()}
        self.problems: list[Problem] = []

    def column(self, f: str) -> str:
        return self.columns.get(f) or f

    def problem(
        self,
        f: str,
        reason: str,
        *,
        error: bool = True,
        value: str | None = None,
        confirm: bool = False,
    ) -> None:
        shown = self.texts.get(f, "") if value is None else value
        self.problems.append(
            Problem(self.table.sheet.name, self.row, self.column(f), shown, reason, error, confirm)
        )

    def absorb(self, below: _Row) -> None:
        """Take the cells a continuation row fills where this row's are blank."""
        for f, v in below.values.items():
            if not cells.is_blank(v) and cells.is_blank(self.values.get(f)):
                self.values[f] = v
                self.texts[f] = below.texts[f]

    def date_of_birth(self) -> date | None:
        raw = self.values.get("date_of_birth")
        if not cells.is_blank(raw):
            day = cells.to_date(raw)
            if day is None:
                self.problem("date_of_birth", _bad_date(raw))
            return day
        parts = [self.texts.get(k, "") for k in ("dob_day", "dob_month", "dob_year")]
        if not any(parts):
            return None
        try:
            return date(int(parts[2]), int(parts[1]), int(parts[0]))
        except ValueError:
            written = "/".join(parts)
            self.problem("date_of_birth", _bad_date(written), value=written)
            return None

    def personal_id(self) -> str | None:
        if cells.is_blank(self.values.get("personal_id")):
            return None
        got = cells.personal_id(self.values["personal_id"])
        if not got.ok:
            self.problem("personal_id", got.note)
        elif got.note:  # zeros restored: a guess about a number cell, accepted once per file
            self.problem("personal_id", got.note, error=False, confirm=True)
        return got.value

    def lifelong_record_number(self) -> str | None:
        """Read as a personal ID is: 12 digits, zeros restored in a number cell."""
        if cells.is_blank(self.values.get("lifelong_record_number")):
            return None
        got = cells.personal_id(self.values["lifelong_record_number"])
        if not got.ok:
            self.problem("lifelong_record_number", got.note)
        return got.value

    def build(self) -> ParsedRow:
        t = self.texts
        full_name = _full_name(t)
        dob = self.date_of_birth()
        # A blank cell keeps what is stored (None), never clears it.
        texts: dict[str, Any] = {f: t.get(f) or None for f in TEXT_FIELDS}
        value = StudentInput(
            full_name=full_name,
            date_of_birth=dob,
            sex=_sex(t),
            personal_id=self.personal_id(),
            lifelong_record_number=self.lifelong_record_number(),
            class_name=t.get("class_name") or self.hint or None,
            **texts,
        )
        return ParsedRow(self.table.sheet.name, self.row, value, self.problems, self.columns, t)


def _is_data(texts: dict[str, str]) -> bool:
    """A row naming a student; footers ("Tổng số: 3 học sinh", "Người lập biểu") are not data."""
    ids = ("personal_id", "student_code", "date_of_birth", "dob_year")
    if any(texts.get(k) for k in ids):
        return True
    name = texts.get("full_name") or texts.get("given_name") or ""
    return bool(name) and not FOOTER.match(header_key_words(name))


def read_rows(
    path: Path | str,
    limits: Limits = DEFAULT_LIMITS,
    legacy: LegacyChoice = LegacyChoice.ASK,
    sheets: Sequence[str] = (),
    mapping: Mapping[str, str] | None = None,
) -> ReadResult:
    """Every data row of every student table in the file, with cell-level problems.

    Legacy text is listed in ``conversions``; the rows hold it converted unless
    ``legacy`` is KEEP (ASK shows what converting would give, but commits nothing).
    ``sheets`` limits the reading to the sheets the user picked; ``mapping`` (header →
    field) reads columns whose headers the layout does not know.
    """
    path = Path(path)
    tables, found = locate_tables(path, limits, legacy, sheets, mapping)
    result = ReadResult([], **vars(found))
    for table in tables:
        _read_table(table, result)
    return result


def _read_table(table: Table, result: ReadResult) -> None:
    """The students of one table; titles, totals, repeats and continuation rows reported."""
    sheet, hint, columns = table.sheet, class_hint(table), column_names(table)
    name_cols = {table.columns[f] for f in ("full_name", "given_name") if f in table.columns}
    headers: list[int] = []
    kept: list[_Row] = []
    skipped: list[SkippedRow] = []
    for row, values in table.rows(headers):
        raw = sheet.rows[row - 1]
        r = _Row(table, row, values, hint, columns)
        name = r.texts.get("full_name") or r.texts.get("given_name") or ""
        if kept and not name and blocks.is_continuation(table, row - 1, name_cols):
            kept[-1].absorb(r)
            skipped.append(SkippedRow(sheet.name, row, SkipKind.CONTINUATION, row_text(raw)))
            continue
        subtitle = blocks.is_subtitle(raw) and not blocks.plausible_name(name)
        if not subtitle and _is_data(r.texts):
            for f, c in table.columns.items():
                if (row - 1, c) in sheet.uncached:
                    r.problem(f, EXCEL_MSG.formula_without_value, error=False, value="")
            kept.append(r)
            continue
        if found := blocks.block_class(raw):
            hint = found  # the next block's class, for tables without a class column
        skipped.append(SkippedRow(sheet.name, row, blocks.skip_kind(raw), row_text(raw)))
    for row in headers:
        text = row_text(sheet.rows[row - 1])
        skipped.append(SkippedRow(sheet.name, row, SkipKind.HEADER, text))
    result.rows += [r.build() for r in kept]
    if skipped:
        skipped.sort(key=lambda s: s.row)
        result.skipped += skipped
        result.notices.append(EXCEL_MSG.rows_skipped.format(sheet=sheet.name, n=len(skipped)))

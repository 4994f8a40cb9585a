"""From a workbook to located student rows: ``StudentInput`` plus cell-level problems."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from app.errors import ValidationError
from app.excel import cells
from app.excel.headers import Table, find_table, header_key, header_key_words
from app.excel.legacy import ENCODING_LABELS, Conversion, Encoding, LegacyChoice
from app.excel.reader import Limits, Sheet, read_workbook
from app.messages.excel import EXCEL_MSG
from app.students import exporter
from app.students.importer.layout import (
    AMBIGUOUS_ID_HEADERS,
    FOOTER,
    NAME_FIELDS,
    NOT_MARKED,
    STUDENT_LAYOUT,
    TEXT_FIELDS,
    class_hint,
)
from app.students.inputs import FIELD_LABELS, StudentInput
from app.students.validation import parse_sex

DEFAULT_LIMITS = Limits()


@dataclass(frozen=True)
class Problem:
    """One error or warning, located in the file."""

    sheet: str
    row: int
    column: str
    value: str
    reason: str
    is_error: bool = True
    needs_confirming: bool = False  # a repair (an ID's restored zeros) the user must accept

    @property
    def message(self) -> str:
        """'Trang tính “6A1”, dòng 7, cột “Ngày sinh”: “31/02/2013” — không hiểu ngày…'."""
        where = EXCEL_MSG.location.format(sheet=self.sheet, row=self.row, column=self.column)
        if self.value:
            return EXCEL_MSG.problem.format(where=where, value=self.value, reason=self.reason)
        return EXCEL_MSG.problem_no_value.format(where=where, reason=self.reason)

    def as_dict(self) -> dict[str, Any]:
        """Plain data for ``--json``."""
        return {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "reason": self.reason,
            "severity": "error" if self.is_error else "warning",
            "message": self.message,
        }


@dataclass(frozen=True)
class TextConversion:
    """A data cell typed in a legacy encoding: converted (``doubt`` False) or left alone."""

    sheet: str
    row: int
    column: str
    before: str
    after: str
    encoding: Encoding
    doubt: bool = False

    @property
    def message(self) -> str:
        """'Trang tính “6A1”, dòng 7, cột “Họ và tên”: “Ñaëng” → “Đặng” (VNI…)'."""
        where = EXCEL_MSG.location.format(sheet=self.sheet, row=self.row, column=self.column)
        label = ENCODING_LABELS[self.encoding]
        if self.doubt:
            return EXCEL_MSG.legacy_doubt.format(
                where=where, text=self.before, after=self.after, encoding=label
            )
        return EXCEL_MSG.legacy_conversion.format(
            where=where, before=self.before, after=self.after, encoding=label
        )

    def as_dict(self) -> dict[str, Any]:
        """Plain data for ``--json``."""
        return {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "before": self.before,
            "after": self.after,
            "encoding": self.encoding.value,
            "message": self.message,
        }


@dataclass(frozen=True)
class ColumnUse:
    """How one header of the file was read: the field it fills, or ignored (``field`` "")."""

    sheet: str
    column: int  # 1-based
    header: str
    field: str
    note: str = ""

    @property
    def label(self) -> str:
        """The field's Vietnamese label, or "bỏ qua" for an ignored column."""
        return FIELD_LABELS.get(self.field, self.field) if self.field else EXCEL_MSG.column_ignored

    def as_dict(self) -> dict[str, Any]:
        """Plain data for ``--json``."""
        return {
            "sheet": self.sheet,
            "column": self.column,
            "header": self.header,
            "field": self.field,
            "label": self.label,
            "note": self.note,
        }


@dataclass
class ReadResult:
    """What ``read_rows`` found: the rows, file-level notices, legacy text offered and left."""

    rows: list[ParsedRow]
    notices: list[str]
    conversions: list[TextConversion] = field(default_factory=list)
    doubts: list[TextConversion] = field(default_factory=list)
    columns: list[ColumnUse] = field(default_factory=list)


def encodings_label(items: list[TextConversion] | tuple[TextConversion, ...]) -> str:
    """'VNI (phông VNI-Times), TCVN3 (…)' for the encodings of ``items``."""
    seen = dict.fromkeys(c.encoding for c in items)
    return ", ".join(ENCODING_LABELS[e] for e in seen)


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


def _capitalise(name: str) -> str:
    """Capital first letters, for TCVN3 names (the encoding has no capital Á, Ấ, Ố…)."""
    return " ".join(w[:1].upper() + w[1:] for w in name.split(" "))


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


def _column_names(table: Table) -> dict[str, str]:
    """Field → the header text this file uses for it (the canonical label when absent)."""
    headers = table.headers
    out = {f: headers.get(f) or label for f, label in FIELD_LABELS.items()}
    if "full_name" not in headers and "given_name" in headers:
        out["full_name"] = headers["given_name"]
    if "date_of_birth" not in headers and "dob_day" in headers:
        out["date_of_birth"] = headers["dob_day"]
    return out


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

    def date_of_birth(self) -> date | None:
        raw = self.values.get("date_of_birth")
        if not cells.is_blank(raw):
            day = cells.to_date(raw)
            if day is None:
                self.problem("date_of_birth", EXCEL_MSG.date_invalid)
            return day
        parts = [self.texts.get(k, "") for k in ("dob_day", "dob_month", "dob_year")]
        if not any(parts):
            return None
        try:
            return date(int(parts[2]), int(parts[1]), int(parts[0]))
        except ValueError:
            self.problem("date_of_birth", EXCEL_MSG.date_invalid, value="/".join(parts))
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
            c = replace(c, after=_capitalise(c.after))
        offered.append(c)
    doubts = [
        Conversion(d.row, d.col, d.text, d.would_be, d.encoding, False)
        for d in sheet.legacy.doubts
        if inside(d.row, d.col)
    ]
    return offered, rest, doubts


def _located(table: Table, items: list[Conversion], doubt: bool) -> list[TextConversion]:
    by_col = {c: f for f, c in table.columns.items()}
    columns = _column_names(table) | {f: h for f, h in table.headers.items() if h}
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


def _tables(path: Path, limits: Limits, choice: LegacyChoice) -> tuple[list[Table], ReadResult]:
    """Locate the student table of each sheet; data cells converted only if ``choice`` allows.

    Headers and title lines are matched on the converted view (they are never
    stored); data comes from the raw sheet when the user keeps legacy text as it is.
    """
    sheets = read_workbook(path, limits)
    tables: list[Table] = []
    result = ReadResult([], [])
    for sheet in sheets:
        table = find_table(sheet.converted(), STUDENT_LAYOUT)
        if table is None:
            if sum(1 for r in sheet.rows if sum(1 for v in r if not cells.is_blank(v)) >= 2) >= 3:
                result.notices.append(EXCEL_MSG.sheet_skipped.format(sheet=sheet.name))
            continue
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
        tables.append(table)
    if not tables:
        required = ", ".join(c.label for c in STUDENT_LAYOUT.columns if c.required)
        raise ValidationError(EXCEL_MSG.no_header.format(file=path.name, required=required + ", …"))
    for t in tables:
        if "full_name" not in t.columns and "given_name" not in t.columns:
            raise ValidationError(
                EXCEL_MSG.missing_columns.format(
                    sheet=t.sheet.name, file=path.name, columns="Họ và tên", row=t.header_row + 1
                )
            )
    _legacy_notices(result, choice)
    return tables, result


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


def read_rows(
    path: Path | str,
    limits: Limits = DEFAULT_LIMITS,
    legacy: LegacyChoice = LegacyChoice.ASK,
) -> ReadResult:
    """Every data row of every student table in the file, with cell-level problems.

    Legacy text is listed in ``conversions``; the rows hold it converted unless
    ``legacy`` is KEEP (ASK shows what converting would give, but commits nothing).
    """
    path = Path(path)
    tables, result = _tables(path, limits, legacy)
    for table in tables:
        hint, columns = class_hint(table), _column_names(table)
        for row, values in table.rows():
            r = _Row(table, row, values, hint, columns)
            if _is_data(r.texts):
                result.rows.append(r.build())
    return result

"""The student import's rules on top of the shared table locator (``app.importing.tables``):
a "Họ và tên" header merged over two columns, the meaning of a "Mã định danh" column,
capitals for names converted from TCVN3.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path

from app.errors import ValidationError
from app.excel import cells
from app.excel.encodings import Encoding, LegacyChoice
from app.excel.headers import Table, header_key
from app.excel.legacy import Conversion
from app.excel.reader import Limits
from app.importing.tables import Found, TableSpec, locate
from app.messages.excel import EXCEL_MSG
from app.students.importer.layout import (
    AMBIGUOUS_ID_HEADERS,
    IMPORT_LABELS,
    NAME_FIELDS,
    STUDENT_LAYOUT,
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


def _settle(table: Table) -> dict[str, str]:
    """A merged name header split in two; an ambiguous ID column decided by its content."""
    _split_merged_name(table)
    note = decide_id_column(table)
    if not note:
        return {}
    return {"ministry_code" if "ministry_code" in table.columns else "personal_id": note}


def _adjust(table: Table, conversion: Conversion) -> Conversion:
    """TCVN3 has no capitals with a tone, so a converted name gets its capitals back."""
    names = {
        table.columns[f] for f in (*NAME_FIELDS, "family_name", "given_name") if f in table.columns
    }
    if conversion.encoding is Encoding.TCVN3 and conversion.col in names:
        return replace(conversion, after=capitalise(conversion.after))
    return conversion


STUDENT_SPEC = TableSpec(
    STUDENT_LAYOUT,
    FIELD_LABELS | IMPORT_LABELS,
    keys=("full_name", "given_name"),
    keys_label="Họ và tên",
    settle=_settle,
    adjust=_adjust,
)


def mappable_fields() -> list[tuple[str, str]]:
    """(field, Vietnamese label) of every column a user may map a header to, in layout order."""
    labels = STUDENT_SPEC.labels
    return [
        (c.field, labels[c.field])
        for c in STUDENT_LAYOUT.columns
        if c.field in labels and c.field != "stt"  # a row number is never stored
    ]


def resolve_mapping(mapping: Mapping[str, str]) -> dict[str, str]:
    """The user's "header → field" choices with each field checked (a key or its label)."""
    fields = {c.field for c in STUDENT_LAYOUT.columns}
    labels = STUDENT_SPEC.labels
    by_label = {header_key(label): f for f, label in labels.items() if f in fields}
    out = {}
    for header, wanted in mapping.items():
        f = wanted if wanted in fields else by_label.get(header_key(wanted))
        if f is None:
            f = STUDENT_LAYOUT.match(wanted)
        if f is None or not header.strip():
            choices = ", ".join(f"“{labels[f]}”" for f in sorted(fields, key=list(labels).index)
                                if f in labels)  # fmt: skip
            raise ValidationError(
                EXCEL_MSG.map_unknown.format(header=header, field=wanted, choices=choices)
            )
        out[header.strip()] = f
    return out


def locate_tables(
    path: Path,
    limits: Limits,
    choice: LegacyChoice,
    chosen: Sequence[str] = (),
    mapping: Mapping[str, str] | None = None,
) -> tuple[list[Table], Found]:
    """Locate the student table of each sheet (of the ``chosen`` ones, if any).

    ``mapping`` ("SĐT phụ huynh" → "guardian_phone") reads headers the layout does not know.
    """
    spec = STUDENT_SPEC
    if mapping:
        spec = replace(spec, layout=spec.layout.with_headers(resolve_mapping(mapping)))
    return locate(path, spec, limits=limits, legacy=choice, chosen=chosen)

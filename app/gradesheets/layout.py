"""The teacher sheet's fixed layout, its fingerprint, and reading one cell as typed text.

Pure: no database, no files. The exporter writes what this module describes and
the importer reads it back, so the two can never disagree about a row number or
a metadata key.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from app.excel.cells import CellValue, clean_text
from app.messages.gradesheets import GRADESHEETS_MSG as M

FORMAT = "truongso-gradesheet"
VERSION = "1"
META_SHEET = "_truongso"
"""The hidden sheet's name (state "veryHidden": not even listed by Excel's Unhide)."""
HEADER_ROW = 7
"""Excel row of the column headers; the title block fills rows 1–6."""
FIRST_DATA_ROW = HEADER_ROW + 1
FIXED_COLUMNS = 3
"""STT, Mã HS, Họ và tên; assessment columns start at column D."""
META_TABLE_ROW = 20
"""Excel row of the hidden sheet's table header (key/value pairs fill rows 2–19)."""
META_KEYS = (
    "format",
    "version",
    "school_code",
    "school_name",
    "class_id",
    "class_name",
    "school_year",
    "subject_id",
    "subject_name",
    "semester",
    "comment_only",
    "columns",
    "sheet_name",
    "exported_at",
    "exported_by",
    "fingerprint",
)


@dataclass(frozen=True)
class SheetMeta:
    """What the hidden sheet says about the export: ids, columns and the grid as exported."""

    values: dict[str, str]
    students: tuple[tuple[uuid.UUID, str, str], ...]
    """(student id, code, full name) in sheet order."""
    base: dict[uuid.UUID, dict[str, str | None]]
    """Stored value of each cell at export time, by student and column."""

    @property
    def columns(self) -> tuple[str, ...]:
        """Assessment columns in sheet order: TX1…TXn, GK, CK, DG."""
        return tuple(c for c in self.values.get("columns", "").split(",") if c)

    def uuid(self, key: str) -> uuid.UUID:
        """A metadata id (ValueError when malformed)."""
        return uuid.UUID(self.values.get(key, ""))

    @property
    def semester(self) -> int:
        """1 or 2 (ValueError when malformed)."""
        return int(self.values.get("semester", ""))


def fingerprint(
    class_id: uuid.UUID,
    subject_id: uuid.UUID,
    semester: int,
    columns: Sequence[str],
    grid: Iterable[tuple[uuid.UUID, Sequence[str | None]]],
) -> str:
    """SHA-256 of a grid's stored values (rows in id order, so sorting the sheet changes nothing)."""
    rows = sorted([str(sid), list(values)] for sid, values in grid)
    payload = {
        "class": str(class_id),
        "subject": str(subject_id),
        "semester": semester,
        "columns": list(columns),
        "rows": rows,
    }
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def typed_text(value: CellValue) -> tuple[str, str | None]:
    """What a teacher typed in a score cell as text, or ("", reason) when it cannot be a score.

    Numbers come back as Excel stores them (8.5, 7.0); a value computed by a
    formula such as 8.299999999999999 reads as 8.3. Dates and times are what a
    score becomes when the cell's format or the locale turned "8/5" into 8 May.
    """
    if value is None or value == "":
        return "", None
    if isinstance(value, bool):
        return "", M.bool_cell
    if isinstance(value, datetime | date):
        return "", M.date_cell.format(shown=f"{value:%d/%m/%Y}")
    if isinstance(value, time | timedelta):
        return "", M.date_cell.format(shown=str(value))
    if isinstance(value, int):
        return str(value), None
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value)), None
        return format(value, ".9f").rstrip("0").rstrip("."), None
    return clean_text(value), None


def shown_value(value: CellValue) -> str:
    """A raw cell as the user saw it, for messages (numbers with a decimal comma)."""
    if isinstance(value, float) and not value.is_integer():
        return typed_text(value)[0].replace(".", ",")
    if isinstance(value, datetime | date):
        return f"{value:%d/%m/%Y}"
    return clean_text(value) if value is not None else ""

"""What reading a student file found: the rows, and the pipeline's located findings."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from app.importing.located import (
    ColumnUse,
    Problem,
    SheetInfo,
    SkippedRow,
    TextConversion,
    encodings_label,
)

if TYPE_CHECKING:
    from app.students.importer.rows import ParsedRow

__all__ = [
    "ColumnUse",
    "Problem",
    "ReadResult",
    "SheetInfo",
    "SkippedRow",
    "TextConversion",
    "encodings_label",
]


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

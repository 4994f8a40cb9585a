"""What reading a student file found, besides the rows: problems, legacy text, columns, sheets."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from app.excel.legacy import ENCODING_LABELS, Encoding
from app.messages.excel import EXCEL_MSG
from app.students.importer.blocks import SkippedRow
from app.students.importer.layout import IMPORT_LABELS
from app.students.inputs import FIELD_LABELS

if TYPE_CHECKING:
    from app.students.importer.rows import ParsedRow


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
        if not self.field:
            return EXCEL_MSG.column_ignored
        return FIELD_LABELS.get(self.field) or IMPORT_LABELS.get(self.field, self.field)

    @property
    def letter(self) -> str:
        """Excel's letter of the column (1 → A, 27 → AA)."""
        out, n = "", self.column
        while n:
            n, r = divmod(n - 1, 26)
            out = chr(65 + r) + out
        return out

    def as_dict(self) -> dict[str, Any]:
        """Plain data for ``--json``."""
        return {
            "sheet": self.sheet,
            "column": self.column,
            "header": self.header,
            "field": self.field,
            "letter": self.letter,
            "label": self.label,
            "note": self.note,
        }


@dataclass(frozen=True)
class SheetInfo:
    """A worksheet of the file: read for students (``used``), or why not."""

    name: str
    used: bool
    header_row: int = 0  # 1-based; 0 when no header row was found
    note: str = ""

    def as_dict(self) -> dict[str, Any]:
        """Plain data for ``--json``."""
        return {"name": self.name, "used": self.used, "header_row": self.header_row,
                "note": self.note}  # fmt: skip


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


def encodings_label(items: list[TextConversion] | tuple[TextConversion, ...]) -> str:
    """'VNI (phông VNI-Times), TCVN3 (…)' for the encodings of ``items``."""
    seen = dict.fromkeys(c.encoding for c in items)
    return ", ".join(ENCODING_LABELS[e] for e in seen)

"""What an import found besides its rows, each located in the file: the one set of types
every spreadsheet import reports with (students, grade sheets, and the modules to come).

``Problem`` is a refused or doubtful cell; ``TextConversion`` a cell typed in a legacy
encoding; ``ColumnUse`` how a header was read; ``SheetInfo`` whether a sheet was read;
``SkippedRow`` a row that is not data (titles, totals, repeated headers).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from app.excel.encodings import ENCODING_LABELS, Encoding
from app.messages.excel import EXCEL_MSG


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
    field_label: str = ""  # the field's Vietnamese label (the import's own wording)

    @property
    def label(self) -> str:
        """The field's Vietnamese label, or "bỏ qua" for an ignored column."""
        if not self.field:
            return EXCEL_MSG.column_ignored
        return self.field_label or self.field

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
    """A worksheet of the file: read (``used``), or why not."""

    name: str
    used: bool
    header_row: int = 0  # 1-based; 0 when no header row was found
    note: str = ""

    def as_dict(self) -> dict[str, Any]:
        """Plain data for ``--json``."""
        return {"name": self.name, "used": self.used, "header_row": self.header_row,
                "note": self.note}  # fmt: skip


class SkipKind(StrEnum):
    """Why a row of the table is not a student."""

    HEADER = "header"
    TITLE = "title"
    TOTAL = "total"
    CONTINUATION = "continuation"


SKIP_LABELS = {
    SkipKind.HEADER: "tiêu đề cột lặp lại",
    SkipKind.TITLE: "tiêu đề hoặc dòng phụ của một khối",
    SkipKind.TOTAL: "dòng tổng cộng hoặc chữ ký",
    SkipKind.CONTINUATION: "dòng nối của ô gộp dọc",
}


@dataclass(frozen=True)
class SkippedRow:
    """A row read and left out, with what it said."""

    sheet: str
    row: int
    kind: SkipKind
    text: str

    @property
    def message(self) -> str:
        """'Trang tính “Khối 6”, dòng 5: “Từ ngày: … Khối: 6” (tiêu đề … của một khối)'."""
        return EXCEL_MSG.row_skipped.format(
            sheet=self.sheet, row=self.row, text=self.text, kind=SKIP_LABELS[self.kind]
        )

    def as_dict(self) -> dict[str, Any]:
        """Plain data for ``--json``."""
        return {
            "sheet": self.sheet,
            "row": self.row,
            "kind": self.kind.value,
            "text": self.text,
            "message": self.message,
        }


def encodings_label(items: list[TextConversion] | tuple[TextConversion, ...]) -> str:
    """'VNI (phông VNI-Times), TCVN3 (…)' for the encodings of ``items``."""
    seen = dict.fromkeys(c.encoding for c in items)
    return ", ".join(ENCODING_LABELS[e] for e in seen)

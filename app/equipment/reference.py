"""The Ministry's minimum teaching-equipment lists as data: the row schema and its checks.

Pure rules, no database: a row read from a CSV file (``resources/equipment/``) or from a
school's spreadsheet (``equipment import-list``) is checked here, cell by cell, into a
``ReferenceRow`` or a list of ``CellProblem`` naming the field, the value and the reason.
The columns are documented in docs/equipment.md.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from app.equipment.models import LEVEL_LABELS
from app.excel.cells import CellValue, clean_text, is_blank
from app.excel.headers import header_key_words
from app.messages.equipment import EQUIPMENT_MSG as M

CIRCULARS: dict[str, str] = {
    "37/2021/TT-BGDĐT": "tieu_hoc",
    "38/2021/TT-BGDĐT": "thcs",
    "39/2021/TT-BGDĐT": "thpt",
}
"""The circulars of the minimum lists and the level each covers."""
GRADES: dict[str, range] = {"tieu_hoc": range(1, 6), "thcs": range(6, 10), "thpt": range(10, 13)}
LEVEL_NAMES: dict[str, str] = {
    "tieu hoc": "tieu_hoc", "tieu_hoc": "tieu_hoc", "th": "tieu_hoc",
    "thcs": "thcs", "trung hoc co so": "thcs",
    "thpt": "thpt", "trung hoc pho thong": "thpt",
}  # fmt: skip
FIELDS = ("circular", "level", "subject", "grade", "item_no", "name", "purpose", "description",
          "user", "unit", "quantity", "scope", "notes")  # fmt: skip
"""The CSV header, in order (docs/equipment.md)."""
LABELS: dict[str, str] = {
    "circular": "Thông tư",
    "level": "Cấp học",
    "subject": "Môn học",
    "grade": "Lớp",
    "item_no": "Số thứ tự",
    "name": "Tên thiết bị",
    "purpose": "Mục đích",
    "description": "Mô tả chi tiết",
    "user": "Đối tượng sử dụng",
    "unit": "Đơn vị tính",
    "quantity": "Số lượng",
    "scope": "Tính theo",
    "notes": "Ghi chú",
}
_CIRCULAR_RE = re.compile(r"(3[789])\s*/\s*2021")
_GRADE_RE = re.compile(r"^(?:lop\s*)?(\d{1,2})$")


@dataclass(frozen=True)
class ReferenceRow:
    """One checked line of a minimum list."""

    circular: str
    level: str
    subject: str
    grade: int
    item_no: str
    name: str
    purpose: str = ""
    description: str = ""
    user: str = ""
    unit: str = ""
    quantity: int = 1
    scope: str = "lop"
    notes: str = ""

    @property
    def key(self) -> tuple[str, int, str]:
        """What identifies the line within its list: subject, grade, number in the circular."""
        return (self.subject, self.grade, self.item_no)


@dataclass(frozen=True)
class CellProblem:
    """A refused cell: its field, the value as typed, and why."""

    field: str
    value: str
    reason: str


def _folded(value: CellValue) -> str:
    return header_key_words(value).strip()


def circular_of(value: CellValue) -> str | None:
    """``38/2021/TT-BGDĐT`` from "TT 38/2021", "Thông tư 38/2021/TT-BGDĐT", "38/2021"."""
    match = _CIRCULAR_RE.search(clean_text(value))
    return f"{match.group(1)}/2021/TT-BGDĐT" if match else None


def _grade(value: CellValue) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return int(value) if float(value).is_integer() else None
    match = _GRADE_RE.match(_folded(value))
    return int(match.group(1)) if match else None


def _quantity(value: CellValue) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return int(value) if float(value).is_integer() and value >= 1 else None
    text = clean_text(value)
    return int(text) if text.isdigit() and int(text) >= 1 else None


def _user(value: CellValue) -> str | None:
    parts = {p.strip() for p in re.split(r"[,;/+ ]+|\bva\b", _folded(value)) if p.strip()}
    if not parts:
        return ""
    if not parts <= {"gv", "hs"}:
        return None
    return ",".join(p.upper() for p in ("gv", "hs") if p in parts)


def _scope(value: CellValue) -> str | None:
    text = _folded(value).removeprefix("theo ").removeprefix("tinh theo ").strip()
    if text in ("", "lop", "/lop"):
        return "lop"
    if text in ("truong", "/truong"):
        return "truong"
    return None


def check_row(
    values: dict[str, CellValue], *, circular: str = "", version_level: str = ""
) -> tuple[ReferenceRow | None, list[CellProblem]]:
    """Check one row's cells; ``circular`` stands for a missing column (the command's option)."""
    problems: list[CellProblem] = []

    def bad(f: str, reason: str) -> None:
        problems.append(CellProblem(f, clean_text(values.get(f, "")), reason))

    raw_circular = values.get("circular", "")
    found = circular_of(raw_circular) if not is_blank(raw_circular) else circular_of(circular)
    if found is None:
        bad("circular", M.circular_unknown if not is_blank(raw_circular) else M.required_cell)
    level = CIRCULARS.get(found or "", version_level)
    raw_level = values.get("level", "")
    if not is_blank(raw_level):
        named = LEVEL_NAMES.get(_folded(raw_level))
        if named != level and found:
            bad("level", M.level_of_circular.format(circular=found, level=_level_label(level)))
    texts = {f: clean_text(values.get(f, "")) for f in FIELDS}
    for f in ("subject", "item_no", "name"):
        if not texts[f]:
            bad(f, M.required_cell)
    grade = _grade(values.get("grade", ""))
    if grade is None or not 0 <= grade <= 12:
        bad("grade", M.grade_bad)
    elif grade and level and grade not in GRADES[level]:
        bad("grade", M.grade_not_in_level.format(grade=grade, level=_level_label(level)))
    raw_quantity = values.get("quantity", "")
    quantity = 1 if is_blank(raw_quantity) else _quantity(raw_quantity)
    if quantity is None:
        bad("quantity", M.quantity_bad)
    user = _user(values.get("user", ""))
    if user is None:
        bad("user", M.user_bad)
    scope = _scope(values.get("scope", ""))
    if scope is None:
        bad("scope", M.scope_bad)
    if problems or found is None or grade is None or quantity is None:
        return None, problems
    return ReferenceRow(
        found, level, texts["subject"], grade, texts["item_no"], texts["name"], texts["purpose"],
        texts["description"], user or "", texts["unit"], quantity, scope or "lop", texts["notes"],
    ), []  # fmt: skip


def _level_label(level: str) -> str:
    return LEVEL_LABELS.get(level, level)


def duplicates(rows: Iterable[tuple[int, ReferenceRow]]) -> list[tuple[int, int]]:
    """(row, first row) of each row repeating an earlier one's subject, grade and number."""
    first: dict[tuple[str, int, str], int] = {}
    out = []
    for number, row in rows:
        if row.key in first:
            out.append((number, first[row.key]))
        else:
            first[row.key] = number
    return out

"""Rows of a student table that are not students: block titles, sub-titles, totals, repeats.

School systems export one block per class: a title ("DANH SÁCH HỌC SINH LỚP 6A1"),
sub-title lines ("Từ ngày: 01/09/2025   Khối: 6", "Đến ngày: …   Lớp: 6A1"), the
header again, the students, a total line. Students spread over two rows with
vertically merged cells leave a continuation row below them. None of these is a
student; each is skipped and reported (``SkippedRow``), and a block's class
comes from its title when the table has no class column.
"""

from __future__ import annotations

import re

from app.excel.cells import CellValue, clean_text, is_blank
from app.excel.headers import Table, header_key_words
from app.importing.located import SKIP_LABELS, SkipKind, SkippedRow
from app.students.importer.layout import CLASS_IN_TITLE, FOOTER

__all__ = ["SKIP_LABELS", "SkipKind", "SkippedRow"]

# A cell that labels a value, as sub-title lines do: "Từ ngày:", "Khối: 6", "Lớp:6A1".
_LABEL = re.compile(
    r"^(tu ngay|den ngay|khoi|lop|nam hoc|hoc ky|hoc ki|truong|ngay in|ngay lap|giao vien chu nhiem"
    r"|gvcn|si so|tong so|phong|so|ma truong)\s*:"
)


def row_text(raw: list[CellValue]) -> str:
    """The row's non-blank cells joined, for reports (at most 120 characters)."""
    text = " ".join(clean_text(v) for v in raw if not is_blank(v))
    return text if len(text) <= 120 else text[:119] + "…"


def is_subtitle(raw: list[CellValue]) -> bool:
    """Some cell labels a value ("Từ ngày:", "Khối: 6"): a block's sub-title line."""
    return any(
        isinstance(v, str) and ":" in v and _LABEL.match(header_key_words(v).strip()) is not None
        for v in raw
    )


def skip_kind(raw: list[CellValue]) -> SkipKind:
    """What a non-student row is: a total/signature line, or a title/sub-title."""
    words = header_key_words(row_text(raw)).strip()
    if words.startswith(("tong", "cong", "nguoi lap", "hieu truong", "xac nhan")):
        return SkipKind.TOTAL
    return SkipKind.TITLE


def block_class(raw: list[CellValue]) -> str:
    """The class a title or sub-title names ("LỚP 6A1", "Lớp: 6A1"), or ""."""
    m = CLASS_IN_TITLE.search(row_text(raw))
    return m.group(1).replace(" ", "").upper() if m else ""


def is_continuation(table: Table, row: int, name_cols: set[int]) -> bool:
    """The 0-based ``row`` lies inside a vertically merged name cell started on a row above."""
    for (r0, c0), (r1, c1) in table.sheet.merged:
        if r0 < row <= r1 and any(c0 <= c <= c1 for c in name_cols):
            return True
    return False


def plausible_name(name: str) -> bool:
    """A name cell that is not a footer or a labelled value."""
    return bool(name) and not FOOTER.match(header_key_words(name))

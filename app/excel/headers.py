"""Finding the header row of a sheet and mapping its columns to fields.

Real files put title rows above the header ("SỞ GD&ĐT…", "DANH SÁCH HỌC SINH
LỚP 6A1"), spell headers many ways ("Ngày tháng năm sinh", "NS", "CCCD"),
split one header over two rows under a merged parent ("Họ tên" over "Cha" and
"Mẹ"), number the columns in a row under the header ("(1) (2) (3)") and repeat
the header on every printed page. ``find_table`` copes with all of these; what a
field is called is data (a ``Layout``), not code.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property

from app.excel import legacy
from app.excel.cells import CellValue, clean_text, is_blank
from app.excel.encodings import ENCODING_LABELS
from app.excel.legacy import Conversion
from app.excel.reader import Sheet
from app.messages.excel import EXCEL_MSG

SCAN_ROWS = 40
_PAREN_RE = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_NUMBERING_RE = re.compile(r"^\(?(\d{1,2})\)?$")
_SUFFIXES = ("cuahocsinh", "hocsinh", "cuahs", "hs")


def header_key(text: CellValue) -> str:
    """Comparable form of a header: no notes in brackets, accents, case, spaces or symbols."""
    s = clean_text(text)
    s = _PAREN_RE.sub("", s).replace("đ", "d").replace("Đ", "D")
    s = unicodedata.normalize("NFD", s.lower())
    return "".join(c for c in s if c.isascii() and c.isalnum())


def header_key_words(text: CellValue) -> str:
    """Accent-free lower-case words of a cell ("Tổng số: 3" → "tong so: 3"), for keyword tests."""
    s = clean_text(text).replace("đ", "d").replace("Đ", "D")
    s = unicodedata.normalize("NFD", s.lower())
    return "".join(c for c in s if unicodedata.category(c) != "Mn")


@dataclass(frozen=True)
class Column:
    """A field of a layout: its canonical header, other spellings, and whether it is required."""

    field: str
    label: str
    synonyms: tuple[str, ...] = ()
    required: bool = False


@dataclass(frozen=True)
class Layout:
    """The columns a table may have; at least ``min_matches`` must be found in the header row."""

    columns: tuple[Column, ...]
    min_matches: int = 3

    @cached_property
    def index(self) -> dict[str, str]:
        """Header key → field, from labels and synonyms."""
        out: dict[str, str] = {}
        for col in self.columns:
            for text in (col.label, *col.synonyms):
                out.setdefault(header_key(text), col.field)
        return out

    @cached_property
    def labels(self) -> dict[str, str]:
        """Field → canonical header."""
        return {c.field: c.label for c in self.columns}

    def with_headers(self, extra: Mapping[str, str]) -> Layout:
        """This layout with more spellings (header → field), taking precedence over its own."""
        added = tuple(Column(f, h) for h, f in extra.items())
        return replace(self, columns=added + self.columns)

    def match(self, text: CellValue) -> str | None:
        """The field a header cell names, or None; a header typed in TCVN3/VNI matches too.

        Headers are only compared, never stored, so reading one in a legacy encoding
        when it matches nothing as it stands cannot alter data.
        """
        found = self._match_key(header_key(text))
        if found is None and isinstance(text, str) and not text.isascii():
            for variant in legacy.decoded_variants(text):
                if found := self._match_key(header_key(variant)):
                    break
        return found

    def _match_key(self, key: str) -> str | None:
        if not key:
            return None
        if key in self.index:
            return self.index[key]
        for suffix in _SUFFIXES:
            if key.endswith(suffix) and key[: -len(suffix)] in self.index:
                return self.index[key[: -len(suffix)]]
        return self._near(key)

    def _near(self, key: str) -> str | None:
        """One typo away from exactly one known long header (e.g. "ngaysnh")."""
        if len(key) < 7:
            return None
        hits = {f for k, f in self.index.items() if len(k) >= 7 and _one_edit(key, k)}
        return hits.pop() if len(hits) == 1 else None


def _one_edit(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` differ by exactly one insertion, deletion or substitution."""
    if abs(len(a) - len(b)) > 1 or a == b:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    i = 0
    while i < len(short) and short[i] == long_[i]:
        i += 1
    return short[i:] == long_[i + 1 :]


@dataclass
class Table:
    """A located table: where its header is, which column holds which field."""

    sheet: Sheet
    layout: Layout
    header_row: int
    data_start: int
    columns: dict[str, int]
    headers: dict[str, str]
    title_lines: list[str] = field(default_factory=list)
    unknown_headers: list[str] = field(default_factory=list)

    def legacy_in_data(self) -> list[Conversion]:
        """Legacy-text conversions the sheet offers inside this table's data cells."""
        cols = set(self.columns.values())
        return [
            c for c in self.sheet.legacy.conversions if c.row >= self.data_start and c.col in cols
        ]

    def legacy_kept_notice(self) -> str | None:
        """A line for imports that keep text as typed: which legacy-looking cells stay as they are."""
        found = self.legacy_in_data()
        if not found:
            return None
        first = found[0]
        by_col = {c: f for f, c in self.columns.items()}
        column = self.headers.get(by_col[first.col], "")
        return EXCEL_MSG.legacy_kept_here.format(
            sheet=self.sheet.name, n=len(found), encoding=ENCODING_LABELS[first.encoding],
            row=first.row + 1, column=column, before=first.before, after=first.after,
        )  # fmt: skip

    def ignored_notice(self) -> str | None:
        """The line saying which header cells no field reads (their columns are not imported)."""
        return ignored_columns_notice(self.sheet.name, self.unknown_headers)

    def missing_required(self) -> list[str]:
        """Canonical labels of required fields that no column holds."""
        return [c.label for c in self.layout.columns if c.required and c.field not in self.columns]

    def rows(self, skipped: list[int] | None = None) -> Iterator[tuple[int, dict[str, CellValue]]]:
        """(Excel row number, values by field) of each data row; blank and repeated-header rows skipped.

        The Excel numbers of repeated header and numbering rows go to ``skipped`` when given.
        """
        cols = list(self.columns.items())
        header = self.sheet.rows[self.header_row]
        again = {
            c: text
            for _, c in cols
            if c < len(header) and isinstance(text := header[c], str) and text.strip()
        }
        for i in range(self.data_start, len(self.sheet.rows)):
            raw = self.sheet.rows[i]
            width = len(raw)
            values = {f: (raw[c] if c < width else "") for f, c in cols}
            if all(is_blank(v) for v in values.values()):
                continue
            if _repeats(raw, again) or _is_numbering_row(raw):
                if skipped is not None:
                    skipped.append(i + 1)
                continue
            yield i + 1, values


def _repeats(raw: list[CellValue], header: dict[int, str]) -> bool:
    """A header row printed again further down (one per printed page): two cells equal the header's."""
    hits = 0
    for c, text in header.items():
        if c < len(raw) and raw[c] == text:
            hits += 1
            if hits >= 2:
                return True
    return False


def find_table(sheet: Sheet, layout: Layout) -> Table | None:
    """Locate the header row among the first rows of ``sheet``; None when there is none."""
    best: tuple[int, int, dict[str, int]] | None = None
    for r in range(min(SCAN_ROWS, len(sheet.rows))):
        found = _match_row(sheet, r, layout)
        if len(found) >= layout.min_matches and (best is None or len(found) > best[1]):
            best = (r, len(found), found)
    if best is None:
        return None
    r, _, found = best
    columns = dict(found)
    sub_cols = _sub_header(sheet, r, layout, columns)
    data_start = r + 2 if sub_cols else r + 1
    if _is_numbering_row(sheet.rows[data_start] if data_start < len(sheet.rows) else []):
        data_start += 1
    headers = {f: clean_text(sheet.merged_value(r, c)) for f, c in columns.items()}
    for f, c in columns.items():
        if c in sub_cols:
            headers[f] = f"{headers[f]} – {clean_text(sheet.cell(r + 1, c))}"
    return Table(
        sheet,
        layout,
        r,
        data_start,
        columns,
        headers,
        _title_lines(sheet, r),
        _unknown(sheet, r, columns),
    )


def _match_row(sheet: Sheet, r: int, layout: Layout) -> dict[str, int]:
    """Fields named by the cells of row ``r`` (first column wins on duplicates)."""
    found: dict[str, int] = {}
    for c, v in enumerate(sheet.rows[r]):
        if isinstance(v, str) and v.strip():
            f = layout.match(v)
            if f and f not in found:
                found[f] = c
    return found


def _sub_header(sheet: Sheet, r: int, layout: Layout, columns: dict[str, int]) -> set[int]:
    """Map a second header row under merged parents ("Họ tên" → "Cha", "Mẹ").

    Only cells under a header merged across several columns count, so a data
    row is never mistaken for a sub-header. Returns the columns it mapped.
    """
    if r + 1 >= len(sheet.rows):
        return set()
    spans = _horizontal_spans(sheet, r)
    sub: dict[str, int] = {}
    for c, v in enumerate(sheet.rows[r + 1]):
        if c not in spans or not isinstance(v, str) or not v.strip():
            continue
        parent = clean_text(sheet.merged_value(r, c))
        f = layout.match(f"{parent} {v}") or layout.match(v)
        if f and f not in sub:
            sub[f] = c
    taken = set(sub.values())
    for f, c in list(columns.items()):
        if c in taken:
            del columns[f]
    for f, c in sub.items():
        columns.setdefault(f, c)
    return taken


def _horizontal_spans(sheet: Sheet, r: int) -> set[int]:
    """0-based columns of row ``r`` covered by a merged range wider than one column."""
    cols: set[int] = set()
    for (r0, c0), (r1, c1) in sheet.merged:
        if r0 <= r <= r1 and c1 > c0:
            cols.update(range(c0, c1 + 1))
    return cols


def _is_numbering_row(row: list[CellValue]) -> bool:
    """A row like "(1) (2) (3)…" or "1 2 3…" printed under the header of official forms."""
    nums: list[int] = []
    for v in row:
        if is_blank(v):
            continue
        if isinstance(v, int | float) and not isinstance(v, bool) and float(v).is_integer():
            nums.append(int(v))
            continue
        m = _NUMBERING_RE.match(clean_text(v))
        if not m:
            return False
        nums.append(int(m.group(1)))
    return len(nums) >= 3 and all(b > a for a, b in zip(nums, nums[1:], strict=False))


def _title_lines(sheet: Sheet, r: int) -> list[str]:
    """Text of the rows above the header (titles, the school, the class)."""
    lines = []
    for row in sheet.rows[:r]:
        text = " ".join(clean_text(v) for v in row if not is_blank(v))
        if text:
            lines.append(text)
    return lines


def ignored_columns_notice(sheet: str, headers: list[str]) -> str | None:
    """«Trang tính “…”: N cột không được nhập (bỏ qua): “…”», or None when every column is read."""
    if not headers:
        return None
    columns = ", ".join(f"“{h}”" for h in headers)
    return EXCEL_MSG.columns_ignored.format(sheet=sheet, n=len(headers), columns=columns)


def _unknown(sheet: Sheet, r: int, columns: dict[str, int]) -> list[str]:
    """Header cells that map to no field (ignored, shown so the user knows)."""
    used = set(columns.values())
    return [
        clean_text(v)
        for c, v in enumerate(sheet.rows[r])
        if c not in used and isinstance(v, str) and v.strip()
    ]

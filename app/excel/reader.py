"""Opening user-supplied spreadsheets (.xlsx, .xls, .ods) safely and fast (python-calamine).

``read_workbook`` checks the file before parsing it (size, signature, zip or OLE
structure, encryption, what an .ods would unpack to) so every refusal names the
file and says what to do. The format is decided from the content, never from the
name: school systems often export HTML or an .xlsx under an ``.xls`` name.
Sheets come back as plain grids of values with absolute 1-based Excel row
numbers; formulas give their cached values (what Excel last showed). Cells come
back exactly as stored: text that reads as the legacy TCVN3/VNI encodings is only
*offered* for conversion (``Sheet.legacy``), and ``Sheet.converted`` applies the
offer once the user has agreed.
"""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

import python_calamine as calamine

from app.errors import ValidationError
from app.excel.cells import CellValue
from app.excel.formulas import uncached_formulas
from app.excel.legacy import Conversion, LegacyPlan, plan_rows
from app.excel.probe import (
    Damaged,
    OleKind,
    SheetSize,
    biff_encrypted,
    biff_sheet_sizes,
    ods_sheet_sizes,
    probe_ole,
)
from app.excel.xlsx_probe import XlsxSheet, xlsx_sheet_sizes
from app.messages.excel import EXCEL_MSG
from app.numbers import thousands

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
MB = 1024 * 1024


class Format(StrEnum):
    """The spreadsheet formats the reader opens, as told by the file's content."""

    XLSX = "xlsx"
    XLS = "xls"
    ODS = "ods"


_ENCRYPTED = {
    Format.XLSX: EXCEL_MSG.file_encrypted,
    Format.XLS: EXCEL_MSG.file_xls_encrypted,
    Format.ODS: EXCEL_MSG.file_ods_encrypted,
}
_UNDETECTED = "Cannot detect file format"
_MANIFEST = "META-INF/manifest.xml"
# What zipfile raises on a damaged member besides BadZipFile: a bad deflate stream, an
# unknown compression method, a member encrypted with a zip password, a garbled name.
_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    OSError,
    EOFError,
    zlib.error,
    NotImplementedError,
    RuntimeError,
    UnicodeDecodeError,
)

Merged = tuple[tuple[int, int], tuple[int, int]]


@dataclass(frozen=True)
class Limits:
    """What the reader refuses as too big (a safety net against mistakes and zip bombs)."""

    max_bytes: int = 50 * MB
    max_rows: int = 100_000
    max_cells: int = 2_000_000
    max_unzipped_bytes: int = 400 * MB
    # 3,000 students × 60 columns is 180,000 cells; a district's list fits. The largest
    # file these accept builds in under 500 MB (bench/import_memory.py).


@dataclass
class Sheet:
    """One worksheet as values; ``rows[i]`` is Excel row ``i + 1``, ``rows[i][j]`` column ``j + 1``."""

    name: str
    rows: list[list[CellValue]]
    merged: list[Merged] = field(default_factory=list)
    legacy: LegacyPlan = field(default_factory=LegacyPlan)
    uncached: frozenset[tuple[int, int]] = frozenset()  # formulas stored without a result

    def converted(self, conversions: Iterable[Conversion] | None = None) -> Sheet:
        """A copy with the offered (or the given) legacy conversions applied; ``self`` is unchanged."""
        todo = self.legacy.conversions if conversions is None else tuple(conversions)
        if not todo:
            return self
        rows = list(self.rows)
        copied: set[int] = set()
        for c in todo:
            if c.row not in copied:
                rows[c.row] = list(rows[c.row])
                copied.add(c.row)
            rows[c.row][c.col] = c.after
        return Sheet(self.name, rows, self.merged, self.legacy, self.uncached)

    def cell(self, row: int, col: int) -> CellValue:
        """The value at 0-based ``row``, ``col`` ("" outside the grid)."""
        if row < len(self.rows) and col < len(self.rows[row]):
            return self.rows[row][col]
        return ""

    def merged_value(self, row: int, col: int) -> CellValue:
        """The value shown at 0-based ``row``, ``col``: a merged range shows its top-left cell."""
        for (r0, c0), (r1, c1) in self.merged:
            if r0 <= row <= r1 and c0 <= col <= c1:
                return self.cell(r0, c0)
        return self.cell(row, col)


def check_file(path: Path, limits: Limits = Limits()) -> Format:
    """The file's format; refuses, naming the file, anything not a readable, sane spreadsheet."""
    name = path.name
    if not path.is_file():
        raise ValidationError(EXCEL_MSG.file_missing.format(file=name))
    size = path.stat().st_size
    if size == 0:
        raise ValidationError(EXCEL_MSG.file_empty.format(file=name))
    if size > limits.max_bytes:
        raise ValidationError(
            EXCEL_MSG.file_too_big.format(
                file=name, size=f"{size / MB:.1f}".replace(".", ","), limit=limits.max_bytes // MB
            )
        )
    with path.open("rb") as fh:
        head = fh.read(8)
    if head.startswith(OLE_MAGIC):
        return _check_ole(path, limits)
    if not head.startswith(ZIP_MAGIC):
        raise ValidationError(_non_zip_message(path))
    return _check_zip(path, limits)


def _check_ole(path: Path, limits: Limits) -> Format:
    """An OLE container is an .xls (a Workbook or Book stream), an encrypted .xlsx, or not ours."""
    name = path.name
    found = probe_ole(path.read_bytes())
    if found.kind is OleKind.ENCRYPTED_XLSX:
        raise ValidationError(EXCEL_MSG.file_encrypted.format(file=name))
    if found.kind is OleKind.OTHER:
        raise ValidationError(EXCEL_MSG.file_not_sheet.format(file=name))
    if found.kind is OleKind.DAMAGED:
        raise ValidationError(_corrupt(name))
    if biff_encrypted(found.workbook):
        raise ValidationError(EXCEL_MSG.file_xls_encrypted.format(file=name))
    try:
        sizes = biff_sheet_sizes(found.workbook)
    except Damaged:
        raise ValidationError(_corrupt(name)) from None
    _check_sizes(sizes, name, limits)
    return Format.XLS


def _check_sizes(sizes: Iterable[SheetSize | XlsxSheet], file: str, limits: Limits) -> None:
    """Refuse a sheet with more rows or cells than the limits, before the parser builds it:
    the parser builds the whole block from A1 to the furthest cell, so that is what counts."""
    for found in sizes:
        size = found.size if isinstance(found, XlsxSheet) else found
        if size.rows > limits.max_rows:
            raise ValidationError(
                EXCEL_MSG.file_too_many_rows.format(
                    sheet=size.name, file=file, rows=thousands(size.rows),
                    limit=thousands(limits.max_rows),
                )
            )  # fmt: skip
        cells = max(size.rows * size.cols, found.cells if isinstance(found, XlsxSheet) else 0)
        if cells > limits.max_cells:
            raise ValidationError(
                EXCEL_MSG.file_too_many_cells.format(
                    sheet=size.name, file=file, rows=thousands(size.rows),
                    cols=thousands(size.cols), cells=thousands(cells),
                    limit=thousands(limits.max_cells),
                )
            )  # fmt: skip


def _corrupt(file: str, detail: object = EXCEL_MSG.unreadable_content) -> str:
    return EXCEL_MSG.file_corrupt.format(file=file, detail=detail)


def _non_zip_message(path: Path) -> str:
    """HTML tables and CSV saved under an Excel name get their own hint; the rest is 'not xlsx'."""
    with path.open("rb") as fh:
        sample = fh.read(4096)
    lowered = sample.lower()
    if b"<html" in lowered or b"<table" in lowered:
        return EXCEL_MSG.file_html.format(file=path.name)
    if sample.startswith(b"%PDF"):
        return EXCEL_MSG.file_not_xlsx.format(file=path.name)
    try:
        text = sample.decode("utf-8-sig")
    except UnicodeDecodeError:
        return EXCEL_MSG.file_not_xlsx.format(file=path.name)
    if "\x00" not in text and any(sep in text for sep in (",", ";", "\t", "\n")):
        return EXCEL_MSG.file_text.format(file=path.name)
    return EXCEL_MSG.file_not_xlsx.format(file=path.name)


def _check_zip(path: Path, limits: Limits) -> Format:
    """The zip must open, hold a workbook (.xlsx) or a spreadsheet document (.ods), not
    inflate to something absurd, and (.ods) not unpack to more cells than the limits."""
    name = path.name
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            names = {i.filename for i in infos}
            if "xl/workbook.xml" in names or "xl/workbook.bin" in names:
                kind = Format.XLSX
            elif _is_ods(zf, names):
                kind = Format.ODS
            else:
                raise ValidationError(EXCEL_MSG.file_other_zip.format(file=name))
            unzipped = sum(i.file_size for i in infos)
            if unzipped > limits.max_unzipped_bytes:
                raise ValidationError(
                    EXCEL_MSG.file_unzipped_too_big.format(
                        file=name, size=unzipped // MB, limit=limits.max_unzipped_bytes // MB
                    )
                )
            if kind is Format.XLSX and "xl/workbook.xml" in names:
                _check_sizes(xlsx_sheet_sizes(zf), name, limits)
            bad = zf.testzip()
            if bad is not None:
                raise ValidationError(
                    EXCEL_MSG.file_corrupt.format(file=name, detail=f"phần {bad} hỏng")
                )
            if kind is Format.ODS:
                _check_ods(zf, name, limits)
    except _ZIP_ERRORS as exc:
        raise ValidationError(_corrupt(name, exc)) from exc
    return kind


def _is_ods(zf: zipfile.ZipFile, names: set[str]) -> bool:
    """An OpenDocument spreadsheet: says so in ``mimetype`` (or, lacking it, in its manifest)."""
    if "mimetype" in names:
        with zf.open("mimetype") as fh:
            return fh.read(len(ODS_MIMETYPE) + 2).strip() == ODS_MIMETYPE
    if _MANIFEST in names:
        with zf.open(_MANIFEST) as fh:
            return b'"' + ODS_MIMETYPE + b'"' in fh.read(64 * 1024)
    return False


def _check_ods(zf: zipfile.ZipFile, name: str, limits: Limits) -> None:
    """Not password-protected, with content, and no sheet bigger than the limits once unpacked."""
    if _MANIFEST in zf.namelist():
        with zf.open(_MANIFEST) as fh:
            if b"encryption-data" in fh.read():
                raise ValidationError(EXCEL_MSG.file_ods_encrypted.format(file=name))
    if "content.xml" not in zf.namelist():
        raise ValidationError(_corrupt(name))
    try:
        with zf.open("content.xml") as fh:
            sizes = ods_sheet_sizes(fh)
    except Damaged:
        raise ValidationError(_corrupt(name)) from None
    _check_sizes(sizes, name, limits)


def read_workbook(path: Path | str, limits: Limits = Limits()) -> list[Sheet]:
    """Every visible worksheet of ``path`` as a ``Sheet``, values as stored, legacy text offered."""
    path = Path(path)
    kind = check_file(path, limits)
    try:
        with path.open("rb") as fh:
            book = calamine.CalamineWorkbook.from_filelike(fh)
            sheets = list(_sheets(book, path.name, limits))
    except ValidationError:
        raise
    except calamine.PasswordError as exc:
        raise ValidationError(_ENCRYPTED[kind].format(file=path.name)) from exc
    except calamine.CalamineError as exc:
        # Reading by content, calamine tries each format in turn and says only this.
        detail = EXCEL_MSG.unreadable_content if str(exc) == _UNDETECTED else exc
        raise ValidationError(_corrupt(path.name, detail)) from exc
    except BaseException as exc:
        # The parser panics on some damaged files; pyo3 raises that as a BaseException.
        if type(exc).__name__ != "PanicException":
            raise
        raise ValidationError(_corrupt(path.name)) from exc
    if not sheets:
        raise ValidationError(EXCEL_MSG.no_sheets.format(file=path.name))
    if kind is Format.XLSX:
        found = uncached_formulas(path)
        for sheet in sheets:
            sheet.uncached = frozenset(found.get(sheet.name, ()))
    return sheets


def _sheets(book: calamine.CalamineWorkbook, file: str, limits: Limits) -> Iterator[Sheet]:
    """Visible, non-empty worksheets, size-checked before their cells are loaded."""
    for meta in book.sheets_metadata:
        if meta.visible != calamine.SheetVisibleEnum.Visible:
            continue
        if meta.typ != calamine.SheetTypeEnum.WorkSheet:
            continue
        ws = book.get_sheet_by_name(meta.name)
        if ws.end is None:
            continue
        height, width = ws.end[0] + 1, ws.end[1] + 1
        _check_sizes([SheetSize(meta.name, height, width)], file, limits)
        rows: list[list[CellValue]] = ws.to_python(skip_empty_area=False)  # type: ignore[assignment]
        merged = list(ws.merged_cell_ranges or [])
        yield Sheet(meta.name, rows, merged, plan_rows(rows))

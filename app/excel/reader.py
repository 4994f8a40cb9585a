"""Opening user-supplied .xlsx files safely and fast (python-calamine).

``read_workbook`` checks the file before parsing it (size, signature, zip
structure, encryption) so every refusal names the file and says what to do.
Sheets come back as plain grids of values with absolute 1-based Excel row
numbers; formulas give their cached values (what Excel last showed). Cells come
back exactly as stored: text that reads as the legacy TCVN3/VNI encodings is only
*offered* for conversion (``Sheet.legacy``), and ``Sheet.converted`` applies the
offer once the user has agreed.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import python_calamine as calamine

from app.errors import ValidationError
from app.excel.cells import CellValue
from app.excel.legacy import Conversion, LegacyPlan, plan_rows
from app.messages.excel import EXCEL_MSG

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
_ENCRYPTED_MARK = "EncryptedPackage".encode("utf-16-le")
MB = 1024 * 1024

Merged = tuple[tuple[int, int], tuple[int, int]]


@dataclass(frozen=True)
class Limits:
    """What the reader refuses as too big (a safety net against mistakes and zip bombs)."""

    max_bytes: int = 50 * MB
    max_rows: int = 200_000
    max_cells: int = 12_000_000
    max_unzipped_bytes: int = 1024 * MB


@dataclass
class Sheet:
    """One worksheet as values; ``rows[i]`` is Excel row ``i + 1``, ``rows[i][j]`` column ``j + 1``."""

    name: str
    rows: list[list[CellValue]]
    merged: list[Merged] = field(default_factory=list)
    legacy: LegacyPlan = field(default_factory=LegacyPlan)

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
        return Sheet(self.name, rows, self.merged, self.legacy)

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


def check_file(path: Path, limits: Limits = Limits()) -> None:
    """Refuse, with a message naming the file, anything that is not a readable, sane .xlsx."""
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
        raise ValidationError(_ole_message(path))
    if not head.startswith(ZIP_MAGIC):
        raise ValidationError(_non_zip_message(path))
    _check_zip(path, limits)


def _ole_message(path: Path) -> str:
    """An OLE container is either an encrypted .xlsx or an old binary .xls."""
    data = path.read_bytes()
    if _ENCRYPTED_MARK in data:
        return EXCEL_MSG.file_encrypted.format(file=path.name)
    return EXCEL_MSG.file_xls.format(file=path.name)


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


def _check_zip(path: Path, limits: Limits) -> None:
    """The zip must open, hold a workbook part, and not inflate to something absurd."""
    name = path.name
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            names = {i.filename for i in infos}
            bad = zf.testzip()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError) as exc:
        raise ValidationError(EXCEL_MSG.file_corrupt.format(file=name, detail=exc)) from exc
    if bad is not None:
        raise ValidationError(EXCEL_MSG.file_corrupt.format(file=name, detail=f"phần {bad} hỏng"))
    if "xl/workbook.xml" not in names and "xl/workbook.bin" not in names:
        raise ValidationError(EXCEL_MSG.file_other_zip.format(file=name))
    if sum(i.file_size for i in infos) > limits.max_unzipped_bytes:
        raise ValidationError(
            EXCEL_MSG.file_too_big.format(
                file=name,
                size=">" + str(limits.max_unzipped_bytes // MB),
                limit=limits.max_bytes // MB,
            )
        )


def read_workbook(path: Path | str, limits: Limits = Limits()) -> list[Sheet]:
    """Every visible worksheet of ``path`` as a ``Sheet``, values as stored, legacy text offered."""
    path = Path(path)
    check_file(path, limits)
    try:
        with path.open("rb") as fh:
            book = calamine.CalamineWorkbook.from_filelike(fh)
            sheets = list(_sheets(book, path.name, limits))
    except ValidationError:
        raise
    except (calamine.CalamineError, calamine.ZipError, calamine.XmlError) as exc:
        raise ValidationError(EXCEL_MSG.file_corrupt.format(file=path.name, detail=exc)) from exc
    except calamine.PasswordError as exc:
        raise ValidationError(EXCEL_MSG.file_encrypted.format(file=path.name)) from exc
    if not sheets:
        raise ValidationError(EXCEL_MSG.no_sheets.format(file=path.name))
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
        if height > limits.max_rows or height * width > limits.max_cells:
            raise ValidationError(
                EXCEL_MSG.file_too_many_rows.format(
                    sheet=meta.name, file=file, rows=height, limit=limits.max_rows
                )
            )
        rows: list[list[CellValue]] = ws.to_python(skip_empty_area=False)  # type: ignore[assignment]
        merged = list(ws.merged_cell_ranges or [])
        yield Sheet(meta.name, rows, merged, plan_rows(rows))

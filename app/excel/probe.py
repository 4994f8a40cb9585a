"""What an .xls or .ods file holds, measured before the spreadsheet parser builds it.

python-calamine builds every sheet of an .xls or .ods as soon as it opens the
file, sized by what the file claims. One .ods cell can say "repeat me a million
times", and a damaged .xls can claim a sheet of four billion rows: the parser
then asks for more memory than exists and the process dies, beyond any
``except``. These pure functions read the container and the records themselves
(an OLE compound file and its BIFF workbook stream; an OpenDocument content.xml,
streamed) and report sheet sizes, password protection and damage, so the reader
can refuse such files with a message before the parser sees them. Nothing here
raises on bad input except ``Damaged``.
"""

from __future__ import annotations

import struct
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import Enum
from typing import IO
from xml.parsers import expat


class Damaged(Exception):
    """The file's structure is broken: it cannot be a readable spreadsheet."""


@dataclass(frozen=True)
class SheetSize:
    """A sheet's used size as the parser will build it: rows and columns from A1."""

    name: str
    rows: int
    cols: int


class OleKind(Enum):
    """What an OLE compound file holds."""

    XLS = "xls"  # a Workbook (BIFF8) or Book (BIFF5) stream
    ENCRYPTED_XLSX = "encrypted-xlsx"  # an .xlsx saved with a password
    OTHER = "other"  # a .doc, .msg, …: a sound container without a workbook
    DAMAGED = "damaged"  # no directory could be read


@dataclass(frozen=True)
class OleProbe:
    """An OLE file's kind and, for an .xls, its workbook stream."""

    kind: OleKind
    workbook: bytes = b""


# ---------------------------------------------------------------- OLE compound files

_STREAM, _ROOT = 2, 5  # directory entry types
_OLE_SPECIAL = 0xFFFFFFFA  # and above: end of chain, free, FAT or DIFAT sector
_MINI_CUTOFF_AT = 56


def probe_ole(data: bytes) -> OleProbe:
    """Which kind of OLE file ``data`` is, with the workbook stream of an .xls."""
    ole = _Ole(data)
    entries = ole.directory()
    if "EncryptedPackage" in entries:
        return OleProbe(OleKind.ENCRYPTED_XLSX)
    workbook = entries.get("Workbook") or entries.get("Book")
    if workbook is None:
        return OleProbe(OleKind.OTHER if "Root Entry" in entries else OleKind.DAMAGED)
    return OleProbe(OleKind.XLS, ole.stream(*workbook, root=entries.get("Root Entry")))


class _Ole:
    """Just enough of an OLE compound file to list its streams and read them.

    Damage never raises: a sector that cannot be found ends a chain early, and
    a stream comes back short.
    """

    def __init__(self, data: bytes) -> None:
        self.data = data
        shift, mini_shift = struct.unpack_from("<HH", data, 30) if len(data) >= 512 else (0, 0)
        self.shift = shift if shift in (9, 12) and mini_shift == 6 else 0
        self.size = 1 << self.shift if self.shift else 0
        self.sectors = len(data) // self.size if self.shift else 0  # no chain is longer
        self.fat = self._fat_sectors() if self.shift else []

    def sector(self, n: int) -> bytes:
        """Sector ``n``, short or empty past the end of the file."""
        offset = (n + 1) * self.size
        return self.data[offset : offset + self.size]

    def next(self, n: int) -> int | None:
        """The sector after ``n`` in its chain; None at the end or where the FAT is damaged."""
        fat, slot = divmod(n, self.size // 4)
        table = self.sector(self.fat[fat]) if fat < len(self.fat) else b""
        return _link(table, slot)

    def directory(self) -> dict[str, tuple[int, int]]:
        """Entry name → (first sector, size) for the streams and the root."""
        entries: dict[str, tuple[int, int]] = {}
        if not self.shift:
            return entries
        first = struct.unpack_from("<I", self.data, 48)[0]
        block = self._chain(first, self.sectors * self.size, self.sector, self.next)
        for at in range(0, len(block) - 127, 128):
            length, kind = struct.unpack_from("<HB", block, at + 64)
            if kind in (_STREAM, _ROOT) and 2 < length <= 64 and length % 2 == 0:
                name = block[at : at + length - 2].decode("utf-16-le", "replace")
                entries.setdefault(name, struct.unpack_from("<II", block, at + 116))
        return entries

    def stream(self, start: int, size: int, *, root: tuple[int, int] | None) -> bytes:
        """A stream's bytes (short if the file is damaged); small streams live in the mini
        stream, itself kept in the root entry's chain of sectors."""
        if size >= struct.unpack_from("<I", self.data, _MINI_CUTOFF_AT)[0]:
            return self._chain(start, size, self.sector, self.next)
        if root is None:
            return b""
        mini = self._chain(root[0], root[1], self.sector, self.next)
        first, count = struct.unpack_from("<II", self.data, 60)
        mini_fat = self._chain(first, count * self.size, self.sector, self.next)

        def mini_sector(n: int) -> bytes:
            return mini[n * 64 : n * 64 + 64]

        def mini_next(n: int) -> int | None:
            return _link(mini_fat, n)

        return self._chain(start, size, mini_sector, mini_next)

    def _chain(
        self,
        start: int,
        size: int,
        read: Callable[[int], bytes],
        follow: Callable[[int], int | None],
    ) -> bytes:
        """``size`` bytes from the chain of sectors starting at ``start`` (fewer if it breaks)."""
        parts: list[bytes] = []
        got, seen = 0, set()
        sector: int | None = start
        while got < size and sector is not None and sector not in seen:
            block = read(sector)
            if not block:
                break
            seen.add(sector)
            parts.append(block)
            got += len(block)
            sector = follow(sector)
        return b"".join(parts)[:size]

    def _fat_sectors(self) -> list[int]:
        """Where the FAT lives: 109 sectors listed in the header, the rest in DIFAT sectors."""
        fat = list(struct.unpack_from("<109I", self.data, 76))
        sector, count = struct.unpack_from("<II", self.data, 68)
        per_sector = self.size // 4
        for _ in range(min(count, self.sectors)):
            block = self.sector(sector)
            if len(block) < self.size:
                break
            values = struct.unpack_from(f"<{per_sector}I", block)
            fat.extend(values[:-1])
            sector = values[-1]
        return fat


def _link(table: bytes, slot: int) -> int | None:
    """Entry ``slot`` of an allocation table; None at the end of a chain or past the table."""
    if len(table) < 4 * (slot + 1):
        return None
    after: int = struct.unpack_from("<I", table, 4 * slot)[0]
    return None if after >= _OLE_SPECIAL else after


# ---------------------------------------------------------------- BIFF workbook streams

_BOF, _EOF, _FILEPASS, _BOUNDSHEET, _SST, _DIMENSIONS = 0x0809, 0x000A, 0x002F, 0x85, 0xFC, 0x200
_MULRK = 0x00BD
_MAX_ROWS, _MAX_COLS = 65536, 256  # the grid of Excel 97–2003
# Records the parser turns into cells, each starting with its row and column (u16, u16).
_CELLS = frozenset({0x0006, 0x0203, 0x0204, 0x0205, 0x027E, 0x00FD, _MULRK})


def biff_encrypted(stream: bytes) -> bool:
    """Whether the workbook's global records hold FILEPASS: an .xls saved with a password."""
    for record, _at, _length in _records(stream, 0):
        if record == _FILEPASS:
            return True
        if record == _EOF:
            break
    return False


def biff_sheet_sizes(stream: bytes) -> list[SheetSize]:
    """Every sheet's size as the parser will build it (hidden ones too: all are built).

    A sheet is as tall and wide as its furthest cell record. Raises ``Damaged``
    for what no Excel file holds and the parser would choke on: a DIMENSIONS
    record (from which the parser reserves memory) or a cell outside the
    65536 × 256 grid, an absurd count of shared strings.
    """
    if len(stream) < 4 or struct.unpack_from("<H", stream)[0] != _BOF:
        raise Damaged
    sheets: list[tuple[int, str]] = []
    for record, at, length in _records(stream, 0):
        if record == _BOUNDSHEET and length >= 8:
            sheets.append((struct.unpack_from("<I", stream, at)[0], _sheet_name(stream, at)))
        elif record == _SST and length >= 8:
            unique = struct.unpack_from("<i", stream, at + 4)[0]
            if not 0 <= unique <= len(stream) // 3:  # each string takes 3 bytes or more
                raise Damaged
        elif record == _EOF:
            break
    return [_biff_sheet(stream, pos, name) for pos, name in sheets]


def _biff_sheet(stream: bytes, pos: int, name: str) -> SheetSize:
    if pos >= len(stream):
        raise Damaged
    rows = cols = 0
    for record, at, length in _records(stream, pos):
        if record in _CELLS and length >= 4:
            row, col = struct.unpack_from("<HH", stream, at)
            if record == _MULRK and length >= 6:
                col = max(col, struct.unpack_from("<H", stream, at + length - 2)[0])
            rows, cols = max(rows, row + 1), max(cols, col + 1)
        elif record == _DIMENSIONS:
            first_row, last_row, first_col, last_col = _dimensions(stream, at, length)
            if (
                last_row
                and last_col
                and (  # both past-the-end; 0 means an empty sheet
                    not first_row <= last_row <= _MAX_ROWS or not first_col <= last_col <= _MAX_COLS
                )
            ):
                raise Damaged
        elif record == _EOF:
            break
    if cols > _MAX_COLS:
        raise Damaged
    return SheetSize(name, rows, cols)


def _dimensions(stream: bytes, at: int, length: int) -> tuple[int, int, int, int]:
    """DIMENSIONS: first row, last row + 1, first column, last column + 1 (BIFF8 or BIFF5)."""
    if length == 14:
        return struct.unpack_from("<IIHH", stream, at)
    if length == 10:
        return struct.unpack_from("<HHHH", stream, at)
    raise Damaged


def _records(stream: bytes, pos: int) -> Iterator[tuple[int, int, int]]:
    """(type, offset of the data, length) of each record from ``pos``, while whole."""
    end = len(stream)
    while pos + 4 <= end:
        record, length = struct.unpack_from("<HH", stream, pos)
        if pos + 4 + length > end:
            return
        yield record, pos + 4, length
        pos += 4 + length


def _sheet_name(stream: bytes, at: int) -> str:
    """The name in a BOUNDSHEET record, for messages (BIFF8 Unicode, else Windows-1252)."""
    count, flags = stream[at + 6], stream[at + 7]
    if flags in (0, 1):
        raw = stream[at + 8 : at + 8 + count * (2 if flags else 1)]
        return raw.decode("utf-16-le" if flags else "latin-1", "replace")
    return stream[at + 7 : at + 7 + count].decode("cp1252", "replace")


# ---------------------------------------------------------------- OpenDocument content.xml

_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0 "
_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0 "
_T_TABLE, _T_NAME, _T_ROW = _TABLE + "table", _TABLE + "name", _TABLE + "table-row"
_T_CELLS = frozenset({_TABLE + "table-cell", _TABLE + "covered-table-cell"})
_T_ROWS_REPEATED = _TABLE + "number-rows-repeated"
_T_COLS_REPEATED = _TABLE + "number-columns-repeated"
_O_VALUE_TYPE, _O_ANNOTATION = _OFFICE + "value-type", _OFFICE + "annotation"
_TEXT_P = "urn:oasis:names:tc:opendocument:xmlns:text:1.0 p"


def ods_sheet_sizes(content: IO[bytes]) -> list[SheetSize]:
    """Every table's size in an OpenDocument content.xml, streamed (hidden ones too).

    A table is as tall as its last row holding a value and as wide as its widest
    such cell, repeats included; empty cells and rows (however often repeated, as
    LibreOffice writes down to row 1048576) count for nothing. Raises ``Damaged``
    for XML that does not parse.
    """
    scan = _OdsScan()
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.buffer_text = True
    parser.StartElementHandler = scan.start
    parser.EndElementHandler = scan.end
    parser.CharacterDataHandler = scan.chars
    try:
        parser.ParseFile(content)
    except expat.ExpatError as exc:
        raise Damaged from exc
    return scan.sizes


class _OdsScan:
    """The expat handlers of ``ods_sheet_sizes``."""

    def __init__(self) -> None:
        self.sizes: list[SheetSize] = []
        self.depth = 0  # of tables: a table inside a cell is not a sheet
        self.skip = 0  # inside a comment (office:annotation), which holds no value
        self.text = 0  # inside a text:p
        self.name = ""
        self.row = self.rows = self.cols = 0
        self.repeated = self.col = self.cell_end = self.row_end = 0

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        if tag == _T_TABLE:
            self.depth += 1
            if self.depth == 1:
                self.name = attrs.get(_T_NAME, "")
                self.row = self.rows = self.cols = 0
        elif self.depth != 1:
            return
        elif self.skip or tag == _O_ANNOTATION:
            self.skip += 1
        elif tag == _T_ROW:
            self.repeated = _repeat(attrs.get(_T_ROWS_REPEATED))
            self.col = self.row_end = 0
        elif tag in _T_CELLS:
            self.col += _repeat(attrs.get(_T_COLS_REPEATED))
            self.cell_end = self.col
            if _O_VALUE_TYPE in attrs:
                self.row_end = max(self.row_end, self.cell_end)
        elif tag == _TEXT_P:
            self.text += 1
        elif self.text:  # a space, tab or line break inside the text
            self.row_end = max(self.row_end, self.cell_end)

    def chars(self, data: str) -> None:
        if self.text and not self.skip and self.depth == 1:
            self.row_end = max(self.row_end, self.cell_end)

    def end(self, tag: str) -> None:
        if tag == _T_TABLE:
            if self.depth == 1:
                self.sizes.append(SheetSize(self.name, self.rows, self.cols))
            self.depth -= 1
        elif self.depth != 1:
            return
        elif self.skip:
            self.skip -= 1
        elif tag == _TEXT_P:
            self.text -= 1
        elif tag == _T_ROW:
            self.row += self.repeated
            if self.row_end:
                self.rows = self.row
                self.cols = max(self.cols, self.row_end)


def _repeat(value: str | None) -> int:
    """A repeat count attribute; missing or unreadable counts once."""
    try:
        return max(1, int(value)) if value else 1
    except ValueError:
        return 1

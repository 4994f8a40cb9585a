"""How big each sheet of an .xlsx really is, measured from its XML before the parser builds it.

python-calamine loads a worksheet as a dense block from A1 to its furthest cell:
one stray cell at row 1,048,576 is a million rows, and a 31 MB file can hold 190,000 × 60
cells that need gigabytes once built. The ``<dimension>`` element a file declares can be
missing or wrong, so this streams each worksheet's XML from the zip (a megabyte at a time,
never whole) and counts what is there: the ``<c>`` cells, the furthest row number and the
furthest column letter. The reader refuses a sheet beyond its limits with a message,
before any cell is built. Only byte patterns are matched: no entities are expanded.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

from app.excel.probe import SheetSize

CHUNK = 1 << 20
_CELL = re.compile(rb"<(?:\w+:)?c[\s/>]")
_ROW_REF = re.compile(rb"<(?:\w+:)?row\b[^>]*?\sr=\"(\d{1,9})\"")
_ROW = re.compile(rb"<(?:\w+:)?row[\s/>]")
_COL_REF = re.compile(rb"<(?:\w+:)?c\b[^>]*?\sr=\"([A-Z]{1,4})\d")
_SHEET = re.compile(rb"<(?:\w+:)?sheet\b[^>]*>")
_ATTR = re.compile(rb"\b([\w:]+)=\"([^\"]*)\"")
_REL = re.compile(rb"<(?:\w+:)?Relationship\b[^>]*>")


@dataclass(frozen=True)
class XlsxSheet:
    """One worksheet: its name, its zip member, and the cells found in it."""

    size: SheetSize
    cells: int


def column_number(letters: bytes) -> int:
    """``b"A"`` → 1, ``b"AZ"`` → 52, ``b"XFD"`` → 16384."""
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def _attrs(tag: bytes) -> dict[bytes, bytes]:
    return {k.split(b":")[-1] if k != b"r:id" else k: v for k, v in _ATTR.findall(tag)}


def sheet_members(zf: zipfile.ZipFile) -> list[tuple[str, str]]:
    """(sheet name, zip member) for each sheet of the workbook, in workbook order."""
    names = set(zf.namelist())
    targets: dict[bytes, str] = {}
    if "xl/_rels/workbook.xml.rels" in names:
        rels = zf.read("xl/_rels/workbook.xml.rels")
        for tag in _REL.findall(rels):
            a = _attrs(tag)
            target = a.get(b"Target", b"").decode("utf-8", "replace").lstrip("/")
            targets[a.get(b"Id", b"")] = target if target.startswith("xl/") else "xl/" + target
    out: list[tuple[str, str]] = []
    for tag in _SHEET.findall(zf.read("xl/workbook.xml")):
        a = _attrs(tag)
        member = targets.get(a.get(b"r:id", b""), "")
        if member in names:
            out.append((a.get(b"name", b"").decode("utf-8", "replace"), member))
    if not out:  # no readable workbook map: measure every worksheet part there is
        out = [(m, m) for m in sorted(names) if re.match(r"xl/worksheets/[^/]+\.xml$", m)]
    return out


def _pieces(zf: zipfile.ZipFile, member: str) -> Iterator[bytes]:
    """The member's bytes in chunks cut just before a ``<``, so no tag is split."""
    carry = b""
    with zf.open(member) as fh:
        while block := fh.read(CHUNK):
            data = carry + block
            cut = data.rfind(b"<")
            if cut <= 0:
                carry = data
                continue
            carry = data[cut:]
            yield data[:cut]
    if carry:
        yield carry


def measure(zf: zipfile.ZipFile, name: str, member: str) -> XlsxSheet:
    """Count one worksheet's cells and find its furthest row and column, streaming."""
    cells = rows_seen = max_row = 0
    columns: set[bytes] = set()
    for piece in _pieces(zf, member):
        cells += len(_CELL.findall(piece))
        rows_seen += len(_ROW.findall(piece))
        for m in _ROW_REF.finditer(piece):
            max_row = max(max_row, int(m.group(1)))
        columns.update(_COL_REF.findall(piece))
    max_col = max((column_number(c) for c in columns), default=1 if cells else 0)
    height = max(max_row, rows_seen)
    return XlsxSheet(SheetSize(name, height, max_col), cells)


def xlsx_sheet_sizes(zf: zipfile.ZipFile) -> Iterator[XlsxSheet]:
    """Every worksheet of an .xlsx measured (zip errors propagate to the caller)."""
    for name, member in sheet_members(zf):
        yield measure(zf, name, member)

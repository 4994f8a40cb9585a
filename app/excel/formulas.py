"""Formula cells an .xlsx file holds without a stored result.

Excel saves what each formula last showed beside it, and the reader returns that
value. Files written by other programs often store the formula alone: the cell
then reads as empty and its content would vanish unseen. ``uncached_formulas``
finds those cells so an import can say which ones they are.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path, PurePosixPath
from xml.etree import ElementTree

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_REF = re.compile(r"^([A-Z]+)(\d+)$")

Cell = tuple[int, int]  # 0-based row, column


def _column(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def _sheet_parts(zf: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → its part's path in the package."""
    rels = ElementTree.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(f"{_PKG_REL}Relationship")}
    book = ElementTree.fromstring(zf.read("xl/workbook.xml"))
    out = {}
    for s in book.iter(f"{_MAIN}sheet"):
        target = targets.get(s.get(f"{_REL}id"), "")
        if target:
            part = (
                target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl", target))
            )
            out[s.get("name", "")] = part
    return out


def _scan(data: bytes) -> set[Cell]:
    """Cells of one sheet part with a formula and no (or an empty) stored value."""
    found: set[Cell] = set()
    for _, el in ElementTree.iterparse(_Bytes(data), events=("end",)):
        if el.tag != f"{_MAIN}c":
            continue
        if el.find(f"{_MAIN}f") is not None:
            v = el.find(f"{_MAIN}v")
            if v is None or not (v.text or "").strip():
                m = _REF.match(el.get("r", ""))
                if m:
                    found.add((int(m.group(2)) - 1, _column(m.group(1))))
        el.clear()
    return found


class _Bytes:
    """A minimal file-like object over bytes for iterparse (no copy)."""

    def __init__(self, data: bytes) -> None:
        self.data, self.pos = memoryview(data), 0

    def read(self, n: int = -1) -> bytes:
        end = len(self.data) if n < 0 else min(len(self.data), self.pos + n)
        chunk = bytes(self.data[self.pos : end])
        self.pos = end
        return chunk


def uncached_formulas(path: Path) -> dict[str, set[Cell]]:
    """Sheet name → formula cells without a stored result, for an .xlsx (empty otherwise)."""
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
            if "xl/workbook.xml" not in names or "xl/_rels/workbook.xml.rels" not in names:
                return {}
            out = {}
            for sheet, part in _sheet_parts(zf).items():
                if part not in names:
                    continue
                data = zf.read(part)
                if b"<f" not in data and b":f" not in data:
                    continue
                cells = _scan(data)
                if cells:
                    out[sheet] = cells
            return out
    except (zipfile.BadZipFile, ElementTree.ParseError, KeyError, OSError):
        # The reader has vetted the file already; a part this scan cannot parse only
        # means no warning, never a refusal of a file Excel itself opens.
        return {}

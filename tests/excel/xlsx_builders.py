"""Builders of small real .xlsx files for tests: sheets, merged titles, cached formulas, damage."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import openpyxl

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def make_xlsx(
    path: Path,
    sheets: Mapping[str, Sequence[Sequence[Any]]],
    *,
    merges: Mapping[str, Sequence[str]] | None = None,
    hidden: Sequence[str] = (),
    text_cells: Mapping[str, Sequence[str]] | None = None,
) -> Path:
    """Write ``sheets`` (name → rows) with openpyxl; ``merges`` like {"6A1": ["A1:F1"]}."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(list(row))
        for rng in (merges or {}).get(name, ()):
            ws.merge_cells(rng)
        for ref in (text_cells or {}).get(name, ()):
            ws[ref].data_type = "s"
        if name in hidden:
            ws.sheet_state = "hidden"
    wb.save(path)
    return path


def set_cached_values(path: Path, sheet_no: int, values: Mapping[str, Any]) -> Path:
    """Give formula cells a cached result, as Excel does when it saves (openpyxl writes none)."""
    member = f"xl/worksheets/sheet{sheet_no}.xml"
    with zipfile.ZipFile(path) as zin:
        parts = {i.filename: zin.read(i.filename) for i in zin.infolist()}
    xml = parts[member].decode("utf-8")
    for ref, value in values.items():
        pattern = re.compile(
            rf'<c r="{ref}"([^>]*)><f>(.*?)</f>(?:<v\s*/>|<v></v>|<v>.*?</v>)?</c>'
        )
        kind = ' t="str"' if isinstance(value, str) else ""
        xml, n = pattern.subn(
            lambda m, v=value, k=kind, r=ref: (
                f'<c r="{r}"{m.group(1)}{k}><f>{m.group(2)}</f><v>{v}</v></c>'
            ),
            xml,
        )
        assert n == 1, f"no formula cell {ref}"
    parts[member] = xml.encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for name, data in parts.items():
            zout.writestr(name, data)
    return path


def truncate(path: Path, keep: float = 0.5) -> Path:
    """Cut a file short, like an interrupted download."""
    data = path.read_bytes()
    path.write_bytes(data[: int(len(data) * keep)])
    return path

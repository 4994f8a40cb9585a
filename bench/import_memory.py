"""Bench: peak memory of reading the largest .xlsx the importer accepts, and of refusing a bomb.

Each measurement runs in its own process and reports its peak resident memory
(``ru_maxrss``). Baseline, same run: a process that imports the reader and
does nothing (Python, calamine and the app's modules loaded). Figures:

- the largest accepted sheet (``Limits().max_cells`` cells, 60 columns): file
  size, unzipped size, seconds, peak MB and peak ÷ baseline. Target: ≤ 500 MB.
- a sheet just past the cell limit: refused by counting its XML, unparsed;
- the file of issue 15 §4 (190,000 × 60 cells, about 1 GB unzipped) and one
  stray cell at row 1,048,576: both refused before parsing; seconds and peak MB.

    .venv/bin/python bench/import_memory.py
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

COLUMNS = 60
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
    'package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.'
    'openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="'
    'application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.'
    'openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/'
    'worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
    'spreadsheetml.worksheet+xml"/></Types>'
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats'
    '.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
    'openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/'
    'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships"><sheets><sheet name="6A1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats'
    '.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
    'openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/></Relationships>'
)


def _letters(n: int) -> str:
    out = ""
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out


def write_xlsx(
    path: Path, rows: int, cols: int, stray_row: int | None = None, level: int = 1
) -> None:
    """A plain .xlsx of ``rows`` × ``cols`` text and number cells, written as a stream."""
    letters = [_letters(c + 1) for c in range(cols)]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as zf:
        zf.writestr("[Content_Types].xml", CONTENT_TYPES)
        zf.writestr("_rels/.rels", ROOT_RELS)
        zf.writestr("xl/workbook.xml", WORKBOOK)
        zf.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as fh:
            fh.write(
                b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.'
                b'openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
            )
            for r in range(1, rows + 1):
                cells = "".join(
                    f'<c r="{letters[c]}{r}" t="inlineStr"><is><t>Học sinh {r}</t></is></c>'
                    if c % 3 == 0
                    else f'<c r="{letters[c]}{r}"><v>{r * 7 + c}</v></c>'
                    for c in range(cols)
                )
                fh.write(f'<row r="{r}">{cells}</row>'.encode())
            if stray_row:
                fh.write(f'<row r="{stray_row}"><c r="A{stray_row}"><v>1</v></c></row>'.encode())
            fh.write(b"</sheetData></worksheet>")


CHILD = """
import json, resource, sys, time
from app.errors import ValidationError
from app.excel.reader import read_workbook
t = time.perf_counter()
outcome = "read"
if sys.argv[1] != "-":
    try:
        sheets = read_workbook(sys.argv[1])
        outcome = f"read {sum(len(s.rows) for s in sheets)} rows"
    except ValidationError as exc:
        outcome = "refused: " + exc.message
print(json.dumps({"s": time.perf_counter() - t, "peak_mb": resource.getrusage(
    resource.RUSAGE_SELF).ru_maxrss / 1024, "outcome": outcome}, ensure_ascii=False))
"""


def measure(path: Path | None) -> dict:
    """Read ``path`` (None: nothing) in a fresh process; its time, peak memory and outcome."""
    arg = str(path) if path else "-"
    out = subprocess.run(
        [sys.executable, "-c", CHILD, arg], capture_output=True, text=True, cwd=ROOT, check=True
    )
    return dict(json.loads(out.stdout))


def unzipped_mb(path: Path) -> float:
    with zipfile.ZipFile(path) as zf:
        return sum(i.file_size for i in zf.infolist()) / (1 << 20)


def main() -> None:
    from app.excel.reader import Limits

    limits = Limits()
    base = measure(None)
    print(f"Baseline (Python + reader imported): peak {base['peak_mb']:.0f} MB")
    with tempfile.TemporaryDirectory() as tmp:
        cases = [
            ("largest accepted", limits.max_cells // COLUMNS, COLUMNS, None),
            ("just past the cell limit", limits.max_cells // COLUMNS + 2_000, COLUMNS, None),
            ("issue 15 bomb 190,000 × 60", 190_000, 60, None),
            ("stray cell at row 1,048,576", 20, 10, 1_048_576),
        ]
        for label, rows, cols, stray in cases:
            path = Path(tmp) / "bench.xlsx"
            t = time.perf_counter()
            write_xlsx(path, rows, cols, stray, level=6 if rows > 100_000 else 1)
            made = time.perf_counter() - t
            got = measure(path)
            print(
                f"{label}: {rows:,} × {cols} cells, file {path.stat().st_size / (1 << 20):.1f} MB, "
                f"unzipped {unzipped_mb(path):.0f} MB (written in {made:.1f} s)\n"
                f"  {got['outcome'][:110]}\n"
                f"  {got['s']:.2f} s, peak {got['peak_mb']:.0f} MB "
                f"(ratio to baseline {got['peak_mb'] / base['peak_mb']:.1f}×; target ≤ 500 MB)"
            )
            path.unlink()


if __name__ == "__main__":
    main()

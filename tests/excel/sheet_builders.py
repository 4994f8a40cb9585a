"""Builders of small real .xls (xlwt, Excel 97–2003 BIFF8) and .ods (OpenDocument) files."""

from __future__ import annotations

import zipfile
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import xlwt

Rows = Sequence[Sequence[Any]]


def make_xls(
    path: Path,
    sheets: Mapping[str, Rows],
    *,
    hidden: Sequence[str] = (),
    merges: Mapping[str, Sequence[tuple[int, int, int, int]]] | None = None,
) -> Path:
    """Write ``sheets`` (name → rows) as Excel 97–2003 would: dates are numbers with a date
    format; ``merges`` like {"6A1": [(row0, row1, col0, col1)]} (0-based, inclusive)."""
    book = xlwt.Workbook(encoding="utf-8")
    day = xlwt.easyxf(num_format_str="dd/mm/yyyy")
    moment = xlwt.easyxf(num_format_str="dd/mm/yyyy hh:mm")
    for name, rows in sheets.items():
        ws = book.add_sheet(name)
        merged = (merges or {}).get(name, ())
        covered = {
            (r, c)
            for r0, r1, c0, c1 in merged
            for r in range(r0, r1 + 1)
            for c in range(c0, c1 + 1)
        }
        for r0, r1, c0, c1 in merged:
            ws.write_merge(r0, r1, c0, c1, rows[r0][c0])
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is None or (r, c) in covered:
                    continue
                if isinstance(value, datetime):
                    ws.write(r, c, value, moment)
                elif isinstance(value, date):
                    ws.write(r, c, value, day)
                else:
                    ws.write(r, c, value)
        if name in hidden:
            ws.visibility = 1
    book.save(str(path))
    return path


_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0" '
    'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"'
)
_STYLES = (
    '<number:date-style style:name="N1"><number:day number:style="long"/><number:text>/'
    '</number:text><number:month number:style="long"/><number:text>/</number:text>'
    '<number:year number:style="long"/></number:date-style>'
    '<style:style style:name="ce1" style:family="table-cell" style:data-style-name="N1"/>'
    '<style:style style:name="shown" style:family="table">'
    '<style:table-properties table:display="true"/></style:style>'
    '<style:style style:name="hidden" style:family="table">'
    '<style:table-properties table:display="false"/></style:style>'
)
_MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<manifest:manifest xmlns:manifest='
    '"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
    '<manifest:file-entry manifest:full-path="/" manifest:version="1.2" '
    'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
    "</manifest:manifest>"
)
ODS_MIMETYPE = "application/vnd.oasis.opendocument.spreadsheet"


def ods_cell(value: Any, repeat: int = 1) -> str:
    """One table:table-cell as LibreOffice writes it (``repeat`` > 1 repeats it across)."""
    rep = f' table:number-columns-repeated="{repeat}"' if repeat > 1 else ""
    if value is None or value == "":
        return f"<table:table-cell{rep}/>"
    if isinstance(value, bool):
        attrs = f'office:value-type="boolean" office:boolean-value="{str(value).lower()}"'
    elif isinstance(value, datetime | date):
        attrs = f'table:style-name="ce1" office:value-type="date" office:date-value="{value.isoformat()}"'
    elif isinstance(value, int | float):
        attrs = f'office:value-type="float" office:value="{value}"'
    else:
        attrs = 'office:value-type="string"'
    return (
        f"<table:table-cell{rep} {attrs}><text:p>{escape(str(value))}</text:p></table:table-cell>"
    )


def ods_row(cells: str, repeat: int = 1) -> str:
    rep = f' table:number-rows-repeated="{repeat}"' if repeat > 1 else ""
    return f"<table:table-row{rep}>{cells}</table:table-row>"


def make_ods(
    path: Path,
    sheets: Mapping[str, Rows],
    *,
    hidden: Sequence[str] = (),
    tails: Mapping[str, str] | None = None,
) -> Path:
    """Write ``sheets`` (name → rows) as an OpenDocument spreadsheet, with the empty rows
    down to row 1048576 that LibreOffice writes; ``tails`` adds raw row XML to a sheet."""
    tables = []
    for name, rows in sheets.items():
        body = "".join(ods_row("".join(ods_cell(v) for v in row)) for row in rows)
        body += (tails or {}).get(name, "")
        body += ods_row(ods_cell(None, 1024), 1_048_576 - len(rows))
        style = "hidden" if name in hidden else "shown"
        tables.append(
            f'<table:table table:name={quoteattr(name)} table:style-name="{style}">'
            f"{body}</table:table>"
        )
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content {_NS} '
        f'office:version="1.2"><office:automatic-styles>{_STYLES}</office:automatic-styles>'
        f"<office:body><office:spreadsheet>{''.join(tables)}</office:spreadsheet>"
        "</office:body></office:document-content>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("mimetype", ODS_MIMETYPE, compress_type=zipfile.ZIP_STORED)
        zf.writestr("content.xml", content)
        zf.writestr("META-INF/manifest.xml", _MANIFEST)
    return path

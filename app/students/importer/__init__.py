"""Importing students from Excel: ``preview`` (writes nothing), then ``commit`` (one transaction).

Flow for the wizard and the CLI::

    with db.read(actor) as s:
        pv = importer.preview(s, actor, path, progress)      # per row: insert/update/unchanged/rejected
    result = importer.commit(db, actor, pv, progress, reason=...)  # restore point, then one uow

- Headers are matched by spelling variants (``STUDENT_LAYOUT``), below any title
  rows; the class comes from the "Lớp" column, else a "LỚP 6A1" title line, else the
  sheet name. Text typed in TCVN3/VNI is never converted unseen: the preview lists
  each cell before → after (``conversions``) and the cells left as they are
  (``doubts``); ``commit`` refuses until the user chooses ``LegacyChoice.CONVERT``
  (``pv.with_legacy``) or previews again with ``LegacyChoice.KEEP``. IDs that lost
  their leading zeros are restored where unambiguous.
- Each problem names the sheet, row, column, value and reason (``Problem.message``).
- ``commit`` refuses while any row is rejected unless ``skip_rejected=True`` (then
  the valid rows are written and ``write_rejected`` gives the others back as an
  .xlsx in the template layout with a "Lý do" column, to fix and re-import alone).
- Warnings never block. Warnings that a personal ID disagrees with the birth date
  or sex (DOMAIN §7) are kept only with a reason: the user types it in the wizard,
  or passes ``--reason`` on the CLI; it is journalled with every change.
- Re-importing the same file is a no-op (rows are UNCHANGED and nothing is written);
  a cancel through ``progress`` rolls the whole transaction back.
"""

from __future__ import annotations

from app.students.exporter import write_template
from app.students.importer.flow import (
    ACTION_LABELS,
    RESTORE_LABEL,
    Action,
    ImportPreview,
    ImportResult,
    PreviewRow,
    commit,
    preview,
    write_rejected,
)
from app.students.importer.layout import STUDENT_LAYOUT
from app.students.importer.rows import (
    ColumnUse,
    ParsedRow,
    Problem,
    ReadResult,
    SheetInfo,
    TextConversion,
    read_rows,
)
from app.students.importer.tables import mappable_fields

__all__ = [
    "ACTION_LABELS",
    "RESTORE_LABEL",
    "STUDENT_LAYOUT",
    "Action",
    "ColumnUse",
    "ImportPreview",
    "ImportResult",
    "ParsedRow",
    "PreviewRow",
    "Problem",
    "ReadResult",
    "SheetInfo",
    "TextConversion",
    "commit",
    "mappable_fields",
    "preview",
    "read_rows",
    "write_rejected",
    "write_template",
]

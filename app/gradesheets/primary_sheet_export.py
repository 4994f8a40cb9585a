"""Export of the primary (TT27) teacher sheet: one class × subject × semester.

The same file as the TT22 sheet (``sheet_writer``): the title block, the
header at ``layout.HEADER_ROW``, a protected structure with only the assessment
cells unlocked, and the "veryHidden" ``_truongso`` sheet with the ids, the
columns (MD1, KT1, NX1, MD2, KT2, NX2), every cell as exported and the layout
fingerprint (``primary_fingerprint``, which the import in ``primary_sheet``
compares). Levels get an HTT/HT/CHT dropdown, tests a whole number 0–10 rule,
comments a length limit.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from openpyxl.worksheet.datavalidation import DataValidation
from sqlalchemy.orm import Session

from app.db import Actor
from app.gradebook.primary.grid import PColumn, primary_grid
from app.gradebook.primary.values import COMMENT_MAX_LENGTH, PKind, show_pstored
from app.gradesheets.sheet_writer import ExportedSheet, SheetLook, grid_fingerprint, write_sheet
from app.messages.gradesheets import GRADESHEETS_MSG as M
from app.messages.primary_sheets import PRIMARY_SHEETS_MSG as PM

_WIDTHS = {"MD": 9.0, "KT": 8.0, "NX": 36.0}
LEVEL_CHOICES = ("HTT", "HT", "CHT")


primary_fingerprint = grid_fingerprint
"""The layout fingerprint of a grid's stored values (the same as a TT22 grid's)."""


def _sheet_value(stored: str | None, col: PColumn) -> Any:
    """A cell's pre-filled value: HTT/HT/CHT, test scores as numbers, comments as text."""
    if stored is None:
        return None
    if col.slot.kind is PKind.TEST and stored.isdigit():
        return int(stored)
    return show_pstored(stored, col.slot)


def _rule(col: PColumn, _top: str) -> DataValidation:
    """HTT/HT/CHT dropdown, a whole number 0–10, or the comment length limit."""
    kind = col.slot.kind
    if kind is PKind.LEVEL:
        dv = DataValidation(type="list", formula1=f'"{",".join(LEVEL_CHOICES)}"')
        dv.errorTitle, dv.error = PM.level_rule_title, PM.level_rule
    elif kind is PKind.TEST:
        dv = DataValidation(type="whole", operator="between", formula1="0", formula2="10")
        dv.errorTitle, dv.error = PM.test_rule_title, PM.test_rule
    else:
        limit = str(COMMENT_MAX_LENGTH)
        dv = DataValidation(type="textLength", operator="lessThanOrEqual", formula1=limit)
        dv.errorTitle = M.comment_rule_title
        dv.error = M.comment_rule.format(limit=COMMENT_MAX_LENGTH)
    return dv


def export_primary_sheet(
    session: Session,
    actor: Actor | None,
    class_id: uuid.UUID,
    subject_id: uuid.UUID,
    semester: int,
    path: Path | str,
) -> ExportedSheet:
    """Write the teacher sheet of one primary class × subject × semester."""
    grid = primary_grid(session, actor, class_id, subject_id, semester)
    tested = any(c.slot.kind is PKind.TEST for c in grid.columns)
    widths = [_WIDTHS[c.slot.kind.value] for c in grid.columns]
    look: SheetLook[PColumn] = SheetLook(
        PM.sheet_title.format(subject=grid.subject.name.upper(), cls=grid.class_name),
        (PM.sheet_help if tested else PM.sheet_help_levels).format(limit=COMMENT_MAX_LENGTH),
        48,
        lambda col, cell: _sheet_value(cell.stored, col),
        lambda col: col.slot.kind is PKind.COMMENT,
        _rule,
        widths,
        header_height=32,
    )
    return write_sheet(session, actor, grid, look, path)

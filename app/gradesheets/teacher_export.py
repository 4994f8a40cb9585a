"""Export the TT22 teacher grade sheet (.xlsx) of one class × subject × semester.

Scores are pre-filled as numbers, with data validation on every score cell
(0–10 with one decimal, or Đ/CĐ for a comment-only subject) and a length limit
on comments; the layout, the protection and the hidden sheet are the shared
``sheet_writer``'s. ``export_sheet`` hands a primary class to
``primary_sheet_export`` (TT27).
"""

from __future__ import annotations

import uuid
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl.worksheet.datavalidation import DataValidation
from sqlalchemy.orm import Session

from app.db import Actor
from app.errors import PermissionDenied
from app.gradebook import access, catalogue
from app.gradebook.grid import GradeGrid, GridColumn, grade_grid
from app.gradebook.primary.records import is_primary
from app.gradebook.values import COMMENT_MAX_LENGTH, Kind
from app.gradesheets.primary_sheet_export import export_primary_sheet
from app.gradesheets.sheet_writer import ExportedSheet, SheetLook, write_sheet
from app.messages.gradesheets import GRADESHEETS_MSG as M
from app.permissions import Role
from app.students.models import ClassGroup

_WIDTHS = {"score": 7.5, "comment": 40.0}


def _sheet_value(stored: str | None, key: str, comment_only: bool, text: str) -> Any:
    """A cell's pre-filled value: scores as numbers (Excel shows 8,5 in a Vietnamese locale)."""
    if stored is None:
        return None
    if key == Kind.COMMENT.value or comment_only:
        return text
    number = Decimal(stored)
    return int(number) if number == number.to_integral_value() else float(number)


def _rule(grid: GradeGrid, col: GridColumn, top: str) -> DataValidation:
    """0–10 with one decimal (or Đ/CĐ) on score cells, a length limit on comments."""
    if col.key == Kind.COMMENT.value:
        dv = DataValidation(
            type="textLength", operator="lessThanOrEqual", formula1=str(COMMENT_MAX_LENGTH)
        )
        dv.errorTitle, dv.error = (
            M.comment_rule_title,
            M.comment_rule.format(limit=COMMENT_MAX_LENGTH),
        )
    elif grid.subject.comment_only:
        dv = DataValidation(type="list", formula1='"Đ,CĐ"')
        dv.errorTitle, dv.error = M.grade_rule_title, M.grade_rule
    else:
        rule = f"AND(ISNUMBER({top}),{top}>=0,{top}<=10,ROUND({top},1)={top})"
        dv = DataValidation(type="custom", formula1=rule)
        dv.errorTitle, dv.error = M.score_rule_title, M.score_rule
    return dv


def require_own_subject(
    session: Session, actor: Actor | None, group: ClassGroup, subject_id: uuid.UUID
) -> None:
    """A teacher exports only a subject they teach in the class (its homeroom teacher any of
    the class's, to read: importing still needs the assignment); the office and the principal
    any (they hand the sheets out)."""
    access.require_view(session, actor, group)
    if actor is None or actor.role != Role.TEACHER or access.supervises(actor):
        return
    if access.is_homeroom(group, actor):
        return
    if not access.teaches(session, actor, group.id, subject_id):
        subject = catalogue.get_subject(session, subject_id).name
        raise PermissionDenied(
            M.export_not_yours.format(user=actor.username, subject=subject, cls=group.name)
        )


def export_sheet(
    session: Session,
    actor: Actor | None,
    class_id: uuid.UUID,
    subject_id: uuid.UUID,
    semester: int,
    path: Path | str,
) -> ExportedSheet:
    """Write the teacher sheet of one class × subject × semester; returns what was written."""
    group = access.get_class(session, class_id)
    require_own_subject(session, actor, group, subject_id)
    if is_primary(group):
        return export_primary_sheet(session, actor, class_id, subject_id, semester, path)
    grid = grade_grid(session, actor, class_id, subject_id, semester)
    comment_only = grid.subject.comment_only
    widths = [_WIDTHS["comment" if c.key == Kind.COMMENT.value else "score"] for c in grid.columns]
    look: SheetLook[GridColumn] = SheetLook(
        M.sheet_title.format(subject=grid.subject.name.upper(), cls=grid.class_name),
        M.sheet_help_comments if comment_only else M.sheet_help_scores,
        32,
        lambda col, cell: _sheet_value(cell.stored, col.key, comment_only, cell.text),
        lambda col: col.key == Kind.COMMENT.value,
        lambda col, top: _rule(grid, col, top),
        widths,
    )
    return write_sheet(session, actor, grid, look, path)

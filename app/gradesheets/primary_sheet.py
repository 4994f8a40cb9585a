"""The primary (TT27) teacher sheet: export one class × subject × semester, read it back.

The same file as the TT22 sheet (``teacher_export`` / ``teacher_import``),
written by ``primary_sheet_export`` (``export_primary_sheet``,
``primary_fingerprint``, importable from here too); this module reads a
returned sheet: every cell validated, diffed against the grade book and the
export, conflicts flagged. ``export_sheet`` and ``preview_sheet`` hand primary
classes here; ``commit_sheet`` writes a primary batch through
``primary_cells.write_subject_batch`` (the grade book's ``save_cells``).
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

from sqlalchemy.orm import Session

from app.db import Actor
from app.errors import ValidationError
from app.excel.reader import Sheet
from app.gradebook import access
from app.gradebook.catalogue import SubjectInfo
from app.gradebook.primary.grid import PrimaryGrid, column_label, primary_grid
from app.gradebook.primary.values import parse_pcell, parse_pslot, show_pstored
from app.gradesheets import layout as L
from app.gradesheets.model import BatchKind, SheetPreview
from app.gradesheets.primary_cells import slot_refusal
from app.gradesheets.primary_sheet_export import export_primary_sheet as export_primary_sheet
from app.gradesheets.primary_sheet_export import primary_fingerprint as primary_fingerprint
from app.gradesheets.sheet_reading import CellRules, Reading, read_sheet
from app.messages.gradesheets import GRADESHEETS_MSG as M
from app.students.models import ClassGroup


def _labels(meta: L.SheetMeta, grid: PrimaryGrid, file: str) -> dict[str, str]:
    out = {c.key: c.label for c in grid.columns}
    for key in meta.columns:
        try:
            out.setdefault(key, column_label(parse_pslot(key), grid.semester))
        except ValueError as exc:
            raise ValidationError(M.meta_damaged.format(file=file, detail=key)) from exc
    return out


def _rules(rd: Reading[PrimaryGrid], key: str) -> CellRules:
    """How a column of a TT27 sheet reads (MD1 … NX2), headed as the sheet heads it."""
    slot = parse_pslot(key)
    grid = rd.grid
    return CellRules(
        partial(parse_pcell, slot=slot),
        partial(slot_refusal, slot, grid.subject, grid.grade, grid.semester),
        partial(show_pstored, slot=slot),
        slot.key,
        rd.labels[key],
    )


def preview_primary_sheet(
    session: Session,
    actor: Actor | None,
    path: Path,
    sheets: list[Sheet],
    meta: L.SheetMeta,
    group: ClassGroup,
    subject: SubjectInfo,
) -> SheetPreview:
    """Validate, diff and flag conflicts of a returned primary sheet (its metadata already checked)."""
    access.require_subject_entry(session, actor, group, subject.id, subject.name)
    grid = primary_grid(session, actor, group.id, subject.id, meta.semester)
    labels = partial(_labels, meta, grid, path.name)
    return read_sheet(path, sheets, meta, grid, BatchKind.PRIMARY, labels, _rules)

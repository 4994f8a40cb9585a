"""Opening any grade file (teacher sheet or long format) and committing its preview.

``commit_sheet`` writes nothing unless every cell is valid and every conflict
has a choice; then it takes a restore point and writes all grids in one
transaction through the grade book's ``save_scores`` (primary classes:
``save_cells`` and ``save_ratings``), which validates again, journals old and
new values, and enforces locks: principal plus a reason.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from pathlib import Path

from sqlalchemy.orm import Session

from app.changes import Changes, changes_of
from app.db import Actor, Database
from app.errors import Conflict, ValidationError
from app.excel.reader import read_workbook
from app.gradebook import access
from app.gradebook.entry import CellEdit, save_scores
from app.gradebook.grid import grade_grid
from app.gradesheets.long_format import CSV_SUFFIXES, find_long_table, preview_long
from app.gradesheets.model import (
    Batch,
    BatchKind,
    CellChange,
    CellKey,
    Choice,
    CommitResult,
    SheetPreview,
    to_write,
    unresolved,
)
from app.gradesheets.primary_long import write_ratings_batch, write_subject_batch
from app.gradesheets.sheet_grid import require_unmoved, stored_now
from app.gradesheets.teacher_import import preview_sheet, read_meta
from app.importing.writing import journal_reason, write_after_restore_point
from app.messages.gradesheets import GRADESHEETS_MSG as M
from app.write_lock import lock_for_write

RESTORE_LABEL = "truoc-nhap-bang-diem"


def preview_file(
    session: Session, actor: Actor | None, path: Path | str, *, year: str | None = None
) -> SheetPreview:
    """Preview a teacher sheet or a long-format file, whichever ``path`` is."""
    path = Path(path)
    if path.suffix.lower() in CSV_SUFFIXES:
        return preview_long(session, actor, path, year=year)
    sheets = read_workbook(path)
    if read_meta(path) is None and find_long_table(sheets) is not None:
        return preview_long(session, actor, path, year=year)
    return preview_sheet(session, actor, path)


def _by_batch(cells: list[CellChange]) -> dict[Batch, list[CellChange]]:
    out: dict[Batch, list[CellChange]] = defaultdict(list)
    for c in cells:
        out[c.batch].append(c)
    return out


def _check_allowed(
    db: Database, actor: Actor | None, batches: list[Batch], reason: str | None
) -> None:
    """Refuse before taking a restore point when a lock forbids the change (the service's message)."""
    with db.read(actor) as s:
        for b in batches:
            access.require_change_allowed(
                s, actor, access.get_class(s, b.class_id), b.semester, reason
            )


def _same_as_preview(
    s: Session, actor: Actor | None, batch: Batch, cells: list[CellChange]
) -> None:
    """Conflict when a cell to write changed in the grade book since the preview."""
    grid = grade_grid(s, actor, batch.class_id, batch.subject_id, batch.semester)
    require_unmoved(stored_now(grid.rows), [(c.column, c) for c in cells])


def commit_sheet(
    db: Database,
    actor: Actor | None,
    preview: SheetPreview,
    choices: Mapping[CellKey, Choice] | None = None,
    reason: str | None = None,
) -> CommitResult:
    """Write the previewed changes (conflicts as chosen) in one transaction after a restore point."""
    choices = dict(choices or {})
    if preview.problems:
        raise ValidationError(M.has_errors.format(file=preview.file.name, n=len(preview.problems)))
    if pending := unresolved(preview, choices):
        raise Conflict(M.conflicts_unresolved.format(n=len(pending), first=pending[0].message))
    writes = list(to_write(preview, choices))
    kept = sum(1 for c in preview.conflicts if choices[c.key] is Choice.KEEP_CURRENT)
    if not writes:
        return CommitResult(preview.file, False, kept=kept)
    grouped = _by_batch(writes)
    _check_allowed(db, actor, list(grouped), reason)
    why = journal_reason(M.import_reason.format(file=preview.file.name), reason)

    def write(s: Session) -> tuple[int, int, int, Changes]:
        lock_for_write(s)  # each batch's check against the preview sees what it will replace
        inserted = updated = deleted = 0
        changes = Changes()
        for batch, cells in grouped.items():
            if batch.kind is BatchKind.PRIMARY:
                saved = write_subject_batch(s, actor, batch, cells, reason)
            elif batch.kind is BatchKind.RATINGS:
                saved = write_ratings_batch(s, actor, batch, cells, reason)
            else:
                _same_as_preview(s, actor, batch, cells)
                edits = [CellEdit(c.student_id, c.column, c.new or "") for c in cells]
                saved = save_scores(
                    s, actor, batch.class_id, batch.subject_id, batch.semester, edits, reason
                )
            inserted += saved.inserted
            updated += saved.updated
            deleted += saved.deleted
            changes |= changes_of(saved)
        return inserted, updated, deleted, changes

    (inserted, updated, deleted, changes), point = write_after_restore_point(
        db, actor, write, restore_label=RESTORE_LABEL, why=why
    )
    return CommitResult(
        preview.file,
        True,
        inserted,
        updated,
        deleted,
        kept=kept,
        restore_point=point,
        changes=changes,
    )

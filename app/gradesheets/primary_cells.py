"""What the primary (TT27) teacher sheet and long format share, cell by cell.

``primary_change`` (a diff line), ``slot_refusal`` (a column the subject does
not have in this grade), ``rating_column`` (the preview key of a quality or
competency cell), and the writes ``commit_sheet`` calls for a primary batch:
``write_subject_batch`` (the grade book's ``save_cells``) and
``write_ratings_batch`` (``save_ratings``, one per checkpoint).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy.orm import Session

from app.changes import Changes
from app.db import Actor
from app.errors import Conflict
from app.gradebook.catalogue import SubjectInfo
from app.gradebook.entry import SaveResult
from app.gradebook.primary.entry import PCellEdit, save_cells
from app.gradebook.primary.grid import PRow, primary_grid
from app.gradebook.primary.ratings import RatingEdit, rating_sheet, save_ratings
from app.gradebook.primary.values import PKind, PSlot, checkpoint_label, show_pstored, subject_slots
from app.gradesheets.model import Batch, CellChange
from app.messages.gradesheets import GRADESHEETS_MSG as M
from app.messages.primary_entry import PRIMARY_ENTRY_MSG as EM
from app.messages.primary_sheets import PRIMARY_SHEETS_MSG as PM

RATING_KIND = "PC"


def rating_column(name: str, checkpoint: int) -> str:
    """The column key of a rating cell in a preview: "PC1:Chăm chỉ"."""
    return f"{RATING_KIND}{checkpoint}:{name}"


def _rating_key(column: str) -> tuple[int, str]:
    """(checkpoint, name) of a ``rating_column`` key."""
    head, _, name = column.partition(":")
    return int(head.removeprefix(RATING_KIND)), name


def primary_change(
    batch: Batch,
    row: PRow,
    slot: PSlot,
    where: tuple[str, int],
    old: str | None,
    new: str | None,
    heading: str,
    base: str | None = None,
    *,
    conflict: bool = False,
) -> CellChange:
    """A primary cell's change (``where`` = sheet, row; ``base`` = the value at export)."""
    return CellChange(
        batch,
        row.student_id,
        row.student_code,
        row.full_name,
        slot.key,
        where[0],
        where[1],
        old,
        new,
        show_pstored(old, slot),
        show_pstored(new, slot),
        base,
        show_pstored(base, slot),
        conflict=conflict,
        heading=heading,
    )


def slot_refusal(slot: PSlot, subject: SubjectInfo, grade: int, semester: int) -> str | None:
    """Why a subject has no such column in this grade now (a value there is refused), or None."""
    if slot in subject_slots(subject.name, not subject.comment_only, grade):
        return None
    if slot.kind is not PKind.TEST:
        return PM.stale_column
    if subject.comment_only:
        return EM.no_test_subject.format(subject=subject.name)
    when = checkpoint_label(semester, slot.checkpoint)
    when = when[:1].lower() + when[1:]  # "giữa HK I", "cuối năm"
    return EM.no_test_checkpoint.format(subject=subject.name, grade=grade, when=when)


def write_subject_batch(
    session: Session,
    actor: Actor | None,
    batch: Batch,
    cells: Sequence[CellChange],
    reason: str | None,
) -> SaveResult:
    """Write one primary grid's changes with ``save_cells``; Conflict if a cell moved since preview."""
    grid = primary_grid(session, actor, batch.class_id, batch.subject_id, batch.semester)
    now = {r.student_id: {c.key: c.stored for c in r.cells} for r in grid.rows}
    moved = [c for c in cells if now.get(c.student_id, {}).get(c.column) != c.old]
    if moved:
        raise Conflict(M.changed_since_preview.format(n=len(moved), first=moved[0].where))
    edits = [PCellEdit(c.student_id, c.column, c.new or "") for c in cells]
    return save_cells(
        session, actor, batch.class_id, batch.subject_id, batch.semester, edits, reason
    )


def write_ratings_batch(
    session: Session,
    actor: Actor | None,
    batch: Batch,
    cells: Sequence[CellChange],
    reason: str | None,
) -> SaveResult:
    """Write one class × semester of ratings, a ``save_ratings`` per checkpoint; Conflict if moved."""
    by_cp: dict[int, list[tuple[str, CellChange]]] = defaultdict(list)
    for c in cells:
        cp, name = _rating_key(c.column)
        by_cp[cp].append((name, c))
    changes, counts = Changes(), [0, 0, 0, 0]
    for cp, items in sorted(by_cp.items()):
        sheet = rating_sheet(session, actor, batch.class_id, batch.semester, cp)
        now = {x.student_id: x.values for x in sheet.lines}
        moved = [c for name, c in items if now.get(c.student_id, {}).get(name) != c.old]
        if moved:
            raise Conflict(M.changed_since_preview.format(n=len(moved), first=moved[0].where))
        edits = [RatingEdit(c.student_id, name, c.new or "") for name, c in items]
        saved = save_ratings(session, actor, batch.class_id, batch.semester, cp, edits, reason)
        changes |= saved.changes
        for i, n in enumerate((saved.inserted, saved.updated, saved.deleted, saved.unchanged)):
            counts[i] += n
    return SaveResult(changes, *counts)

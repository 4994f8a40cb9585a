"""What an import preview holds: located problems, per-cell changes and conflicts, counts.

One preview type serves both the teacher sheet and the long format, so the
wizard, the CLI and ``commit_sheet`` handle them alike. Nothing here touches
the database.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from app.changes import Changes, carried
from app.importing.located import Problem
from app.messages.gradesheets import GRADESHEETS_MSG as M

CellKey = tuple[uuid.UUID, uuid.UUID, int, str]
"""(student, subject, semester, column "TX1"…"DG"): one cell of the grade book."""


class SheetKind(StrEnum):
    """Which file layout a preview was read from."""

    TEACHER = "teacher"
    LONG = "long"


class BatchKind(StrEnum):
    """What a batch writes: TT22 cells, TT27 subject cells, or TT27 qualities and competencies."""

    SCORES = "scores"
    PRIMARY = "primary"
    RATINGS = "ratings"
    """``subject_id`` is a placeholder; each cell's column names the rating and its checkpoint."""


class Choice(StrEnum):
    """What to do with a conflicting cell (changed both in the file and in the app)."""

    TAKE_SHEET = "take_sheet"
    KEEP_CURRENT = "keep_current"


@dataclass(frozen=True)
class Batch:
    """One grid the file writes to: class × subject × semester."""

    class_id: uuid.UUID
    class_name: str
    school_year: str
    subject_id: uuid.UUID
    subject_name: str
    semester: int
    locked: bool
    kind: BatchKind = BatchKind.SCORES

    @property
    def key(self) -> tuple[uuid.UUID, uuid.UUID, int]:
        """(class, subject, semester)."""
        return (self.class_id, self.subject_id, self.semester)


@dataclass(frozen=True)
class CellChange:
    """A cell whose file value differs from the grade book now.

    ``old`` is the stored value now, ``new`` the file's (canonical stored text;
    None = empty), ``base`` the value when the sheet was exported (teacher
    sheets only). ``conflict``: the app changed the cell after the export too,
    so the user must choose.
    """

    batch: Batch
    student_id: uuid.UUID
    student_code: str
    full_name: str
    column: str
    sheet: str
    row: int
    old: str | None
    new: str | None
    old_text: str
    new_text: str
    base: str | None = None
    base_text: str = ""
    conflict: bool = False
    heading: str = ""
    """The column as the file heads it, when not the key itself (primary: "Mức GK I")."""

    @property
    def key(self) -> CellKey:
        """The cell's identity in the grade book."""
        return (self.student_id, self.batch.subject_id, self.batch.semester, self.column)

    @property
    def label(self) -> str:
        """The column as the sheet heads it: TX1 … GK, CK, Nhận xét (primary: its heading)."""
        if self.heading:
            return self.heading
        return M.header_comment if self.column == "DG" else self.column

    @property
    def where(self) -> str:
        """ "6A1 · Toán · HK1 · Lê Văn An (HS001) · TX2"."""
        return (
            f"{self.batch.class_name} · {self.batch.subject_name} · HK{self.batch.semester} · "
            f"{self.full_name} ({self.student_code}) · {self.label}"
        )

    @property
    def message(self) -> str:
        """One Vietnamese line describing the change or the conflict."""
        old = self.old_text or M.empty_value
        new = self.new_text or M.empty_value
        if self.conflict:
            base = self.base_text or M.empty_value
            return M.conflict_line.format(where=self.where, base=base, old=old, new=new)
        return M.change_line.format(where=self.where, old=old, new=new)

    def as_dict(self) -> dict[str, Any]:
        """Plain data for ``--json``: old and new as people read them (decimal comma)."""
        data = {
            "class": self.batch.class_name,
            "subject": self.batch.subject_name,
            "semester": self.batch.semester,
            "student_code": self.student_code,
            "full_name": self.full_name,
            "column": self.column,
            "sheet": self.sheet,
            "row": self.row,
            "old": self.old_text or None,
            "new": self.new_text or None,
        }
        if self.conflict:
            data["exported"] = self.base_text or None
        if self.heading:
            data["heading"] = self.heading
        return data


@dataclass(frozen=True)
class SheetPreview:
    """Everything the user sees before confirming an import; nothing has been written."""

    file: Path
    kind: SheetKind
    batches: tuple[Batch, ...]
    changes: tuple[CellChange, ...]
    problems: tuple[Problem, ...]
    unchanged: int = 0
    changed_elsewhere: int = 0
    notices: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        """True when no cell was refused."""
        return not self.problems

    @property
    def conflicts(self) -> tuple[CellChange, ...]:
        """Cells changed both in the file and in the app since the export."""
        return tuple(c for c in self.changes if c.conflict)

    @property
    def plain_changes(self) -> tuple[CellChange, ...]:
        """Changes without a conflict."""
        return tuple(c for c in self.changes if not c.conflict)

    @property
    def counts(self) -> dict[str, int]:
        """Changes, conflicts, unchanged cells, app-only changes and errors."""
        return {
            "changes": len(self.plain_changes),
            "conflicts": len(self.conflicts),
            "unchanged": self.unchanged,
            "changed_elsewhere": self.changed_elsewhere,
            "errors": len(self.problems),
        }

    def summary(self) -> str:
        """One line of counts, in Vietnamese."""
        c = self.counts
        return M.preview_summary.format(
            file=self.file.name,
            batches=len(self.batches),
            changes=c["changes"],
            conflicts=c["conflicts"],
            unchanged=c["unchanged"],
            errors=c["errors"],
        )

    def as_dict(self) -> dict[str, Any]:
        """Plain data for ``--json``: counts, each change, each conflict and each error."""
        return {
            "file": str(self.file),
            "format": self.kind.value,
            "sheets": [
                {
                    "class": b.class_name,
                    "school_year": b.school_year,
                    "subject": b.subject_name,
                    "semester": b.semester,
                    "locked": b.locked,
                }
                for b in self.batches
            ],
            "counts": self.counts,
            "changes": [c.as_dict() for c in self.plain_changes],
            "conflicts": [c.as_dict() for c in self.conflicts],
            "errors": [p.as_dict() for p in self.problems],
            "notices": list(self.notices),
        }


def choose_all(preview: SheetPreview, choice: Choice) -> dict[CellKey, Choice]:
    """The same choice for every conflicting cell (the CLI's --take-sheet / --keep-current)."""
    return {c.key: choice for c in preview.conflicts}


@dataclass(frozen=True)
class CommitResult:
    """What ``commit_sheet`` wrote."""

    file: Path
    written: bool
    inserted: int = 0
    updated: int = 0
    deleted: int = 0
    kept: int = 0
    restore_point: Path | None = None
    changes: Changes = carried()
    """What the grade writes touched (cells, and the results and snapshots refreshed)."""

    def as_dict(self) -> dict[str, Any]:
        """Plain data for ``--json``."""
        return {
            "written": self.written,
            "inserted": self.inserted,
            "updated": self.updated,
            "deleted": self.deleted,
            "kept_current": self.kept,
            "restore_point": str(self.restore_point) if self.restore_point else None,
        }


def unresolved(preview: SheetPreview, choices: Mapping[CellKey, Choice]) -> list[CellChange]:
    """Conflicts that have no choice yet."""
    return [c for c in preview.conflicts if c.key not in choices]


def to_write(preview: SheetPreview, choices: Mapping[CellKey, Choice]) -> Iterable[CellChange]:
    """Plain changes, plus conflicts where the user took the file's value."""
    for c in preview.changes:
        if not c.conflict or choices.get(c.key) is Choice.TAKE_SHEET:
            yield c

"""Importing the assignment grid from a spreadsheet, through the one import pipeline.

Read (.xlsx, .xls, .ods) → locate the table (a "Lớp" column, "GVCN", one column per subject
of the year, spelled as the catalogue names it or by its short name; other columns are
reported as ignored) → check every cell → preview what would change → write all of it in one
unit of work after a restore point, or nothing while any cell is refused. Each refusal names
the sheet, row, column and value. A row sets its class's cells exactly as written: a blank
cell of a subject the class studies clears it (the preview lists it); classes and subject
columns the file does not have stay as they are. Re-importing an unchanged file writes nothing.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from app.assignments.grid import (
    HOMEROOM,
    AssignmentGrid,
    CellChange,
    ChangeLine,
    GridSaved,
    change_lines,
    load_grid,
    save_grid,
)
from app.assignments.teachers import resolve, split_teachers
from app.db import Actor, Database
from app.errors import ValidationError
from app.excel.cells import CellValue, clean_text
from app.excel.encodings import LegacyChoice
from app.excel.headers import Column, Layout
from app.excel.reader import Limits
from app.importing.located import ColumnUse, Problem
from app.importing.tables import TableSpec, locate
from app.importing.writing import journal_reason, write_after_restore_point
from app.messages.assignments import ASSIGN_MSG as M
from app.permissions import Perm, require
from app.students.validation import normalise_class_name

MAX_SHOWN = 20
_YEAR = re.compile(r"(\d{4})\s*-\s*(\d{4})")
_SUBJECT = "s:"


@dataclass(frozen=True)
class AssignmentsPreview:
    """What the file holds and what importing it would change; writes nothing."""

    file: Path
    year: str
    classes: int
    changes: tuple[CellChange, ...]
    lines: tuple[ChangeLine, ...]
    problems: tuple[Problem, ...]
    notices: tuple[str, ...]
    columns: tuple[ColumnUse, ...]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    def refusal(self) -> str:
        """Why nothing may be written ("" when it may)."""
        if self.errors:
            shown = "\n".join(p.message for p in self.errors[:MAX_SHOWN])
            return M.import_refused.format(file=self.file.name, n=len(self.errors), problems=shown)
        if not self.classes:
            return M.import_empty.format(file=self.file.name)
        return ""


def _spec(grid: AssignmentGrid, subjects: dict[str, str]) -> TableSpec:
    columns = [
        Column("class", M.class_column, ("Tên lớp",), required=True),
        Column("homeroom", M.homeroom_column, (M.homeroom_label, "GV chủ nhiệm", "Chủ nhiệm")),
    ]
    for s in grid.subjects:
        columns.append(Column(_SUBJECT + s.name, s.name, (s.label,) if s.label != s.name else ()))
    labels = {c.field: c.label for c in columns}
    subjects.update({c.field: c.label for c in columns[2:]})
    return TableSpec(Layout(tuple(columns), min_matches=2), labels, ("class",), M.class_column)


def _cell(
    grid: AssignmentGrid, class_id: uuid.UUID, subject: str, value: CellValue
) -> tuple[tuple[str, ...], list[str]]:
    """The usernames a cell names, and why each refused part is refused."""
    users: list[str] = []
    reasons: list[str] = []
    present = grid.teachers_of(class_id, subject)
    active = {t.username for t in grid.teachers if t.active}
    for part in split_teachers(clean_text(value)):
        user, why = resolve(part, grid.teachers)
        if user is None:
            reasons.append(why)
        elif user not in active and user not in present:
            reasons.append(M.teacher_inactive.format(user=user))
        elif user not in users:
            users.append(user)
    if subject == HOMEROOM and len(users) > 1:
        reasons.append(M.one_homeroom)
    return tuple(users), reasons


def _year_notice(sheet: str, year: str) -> str:
    m = _YEAR.search(sheet)
    found = f"{m.group(1)}-{m.group(2)}" if m else year
    return "" if found == year else M.other_year.format(sheet=sheet, found=found, year=year)


def preview_import(
    session: Session,
    actor: Actor | None,
    path: Path,
    year: str,
    *,
    legacy: LegacyChoice = LegacyChoice.KEEP,
) -> AssignmentsPreview:
    """Read and check ``path`` against ``year``'s grid; say what importing it would change."""
    require(actor, Perm.MANAGE_CLASSES)
    grid = load_grid(session, actor, year)
    subjects: dict[str, str] = {}
    tables, found = locate(path, _spec(grid, subjects), limits=Limits(), legacy=legacy)
    notices = list(found.notices)
    problems: list[Problem] = []
    changes: list[CellChange] = []
    first_row: dict[str, int] = {}
    for table in tables:
        sheet = table.sheet.name
        if note := _year_notice(sheet, year):
            notices.append(note)
        header = {
            f: table.headers.get(f) or subjects.get(f, M.homeroom_column) for f in table.columns
        }
        for row, values in table.rows():
            raw = clean_text(values.get("class"))
            name = normalise_class_name(raw)
            group = grid.by_name(name)
            where = header.get("class", M.class_column)
            if not name:
                problems.append(Problem(sheet, row, where, raw, M.class_blank))
                continue
            if group is None:
                problems.append(Problem(sheet, row, where, raw, M.class_missing.format(year=year)))
                continue
            if name in first_row:
                reason = M.class_repeated.format(row=first_row[name])
                problems.append(Problem(sheet, row, where, raw, reason))
                continue
            first_row[name] = row
            for f, value in values.items():
                if f == "class":
                    continue
                subject = HOMEROOM if f == "homeroom" else f[len(_SUBJECT) :]
                text = clean_text(value)
                if not group.studies(subject):
                    if text:
                        why = M.subject_not_studied.format(cls=name, subject=subject)
                        problems.append(Problem(sheet, row, header[f], text, why))
                    continue
                users, reasons = _cell(grid, group.id, subject, value)
                problems += [Problem(sheet, row, header[f], text, r) for r in reasons]
                if not reasons:
                    changes.append(CellChange(group.id, subject, users))
    return AssignmentsPreview(
        path,
        year,
        len(first_row),
        tuple(changes),
        tuple(change_lines(grid, changes)),
        tuple(problems),
        tuple(notices),
        tuple(found.columns),
    )


def import_assignments(
    db: Database,
    actor: Actor | None,
    path: Path,
    year: str,
    *,
    legacy: LegacyChoice = LegacyChoice.KEEP,
) -> tuple[AssignmentsPreview, GridSaved]:
    """Preview, then write every change in one unit of work after a restore point.

    Refused (nothing written) while any cell is; a file that changes nothing writes nothing.
    """
    with db.read(actor=actor) as s:
        pv = preview_import(s, actor, path, year, legacy=legacy)
    refusal = pv.refusal()
    if refusal:
        raise ValidationError(refusal)
    if not pv.lines:
        return pv, GridSaved(())
    label = M.label.format(file=path.name)

    def write(s: Session) -> GridSaved:
        fresh = preview_import(s, actor, path, year, legacy=legacy)
        if fresh.refusal():  # the grid or the accounts changed since the preview
            raise ValidationError(fresh.refusal())
        return save_grid(s, actor, year, fresh.changes)

    saved, _point = write_after_restore_point(
        db, actor, write, restore_label=label, why=journal_reason(label, None)
    )
    return pv, saved

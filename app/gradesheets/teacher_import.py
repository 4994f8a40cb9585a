"""Preview a teacher sheet coming back: validate every cell, diff it, flag conflicts.

Writes nothing. The hidden sheet says which class, subject and semester the
file belongs to and what every cell held at export time; comparing that with
the file and with the grade book now gives, per cell: unchanged, a change, a
change made in the app only (kept), or a conflict (changed in both).
"""

from __future__ import annotations

import uuid
from functools import partial
from pathlib import Path
from typing import Any

import python_calamine as calamine
from sqlalchemy.orm import Session

from app import school
from app.db import Actor
from app.errors import ValidationError
from app.excel.cells import clean_text
from app.excel.headers import header_key
from app.excel.reader import Sheet, read_workbook
from app.gradebook import access
from app.gradebook.catalogue import SubjectInfo, class_subject
from app.gradebook.grid import GradeGrid, grade_grid
from app.gradebook.primary.records import is_primary
from app.gradebook.values import parse_cell, parse_slot, show_stored, slot_problem
from app.gradesheets import layout as L
from app.gradesheets.model import BatchKind, SheetPreview
from app.gradesheets.primary_sheet import preview_primary_sheet
from app.gradesheets.sheet_reading import CellRules, Reading, read_sheet
from app.messages.gradesheets import GRADESHEETS_MSG as M
from app.students.models import ClassGroup

_FIXED = ("no", "code", "name")


def read_meta(path: Path) -> L.SheetMeta | None:
    """The hidden sheet's metadata and exported grid; None when the file has no such sheet."""
    try:
        with path.open("rb") as fh:
            book = calamine.CalamineWorkbook.from_filelike(fh)
            if L.META_SHEET not in book.sheet_names:
                return None
            rows = book.get_sheet_by_name(L.META_SHEET).to_python(skip_empty_area=False)
    except (calamine.CalamineError, OSError) as exc:  # read_workbook has vetted the file
        raise ValidationError(M.meta_damaged.format(file=path.name, detail=exc)) from exc
    return _parse_meta(path, rows)


def _parse_meta(path: Path, rows: list[list[Any]]) -> L.SheetMeta:
    values: dict[str, str] = {}
    header: list[str] | None = None
    students: list[tuple[uuid.UUID, str, str]] = []
    base: dict[uuid.UUID, dict[str, str | None]] = {}
    try:
        for raw in rows:
            cells = [clean_text(v) for v in raw]
            if header is not None:
                if not any(cells):
                    continue
                cells += [""] * (len(header) - len(cells))
                sid = uuid.UUID(cells[0])
                students.append((sid, cells[1], cells[2]))
                base[sid] = {k: cells[i] or None for i, k in enumerate(header) if i >= 3}
            elif cells and cells[0] == "student_id":
                header = cells
            elif len(cells) >= 2 and cells[0] in L.META_KEYS:
                values[cells[0]] = cells[1]
    except ValueError as exc:
        raise ValidationError(M.meta_damaged.format(file=path.name, detail=exc)) from exc
    return L.SheetMeta(values, tuple(students), base)


def _check_meta(meta: L.SheetMeta, file: str) -> None:
    """Right format and version, and the recorded grid matches its fingerprint."""
    if meta.values.get("format") != L.FORMAT:
        raise ValidationError(M.not_a_sheet.format(file=file))
    if meta.values.get("version") != L.VERSION:
        raise ValidationError(M.meta_version.format(file=file, version=meta.values.get("version")))
    try:
        fp = L.fingerprint(
            meta.uuid("class_id"),
            meta.uuid("subject_id"),
            meta.semester,
            meta.columns,
            ((sid, [meta.base[sid].get(k) for k in meta.columns]) for sid, _, _ in meta.students),
        )
    except ValueError as exc:
        raise ValidationError(M.meta_damaged.format(file=file, detail=exc)) from exc
    if fp != meta.values.get("fingerprint"):
        raise ValidationError(M.meta_damaged.format(file=file, detail="dấu kiểm không khớp"))


def _resolve(session: Session, meta: L.SheetMeta, file: str) -> tuple[ClassGroup, SubjectInfo]:
    """The school, class and subject the file names, or a refusal naming them."""
    profile = school.require_profile(session)
    code = meta.values.get("school_code", "")
    if code != profile.code:
        other = f"{meta.values.get('school_name', '?')}, mã {code}"
        raise ValidationError(M.other_school.format(file=file, other=other, school=profile.name))
    cls, year = meta.values.get("class_name", "?"), meta.values.get("school_year", "?")
    group = session.get(ClassGroup, meta.uuid("class_id"))
    if group is None:
        raise ValidationError(M.class_gone.format(file=file, cls=cls, year=year))
    if (group.name, group.school_year) != (cls, year):
        raise ValidationError(
            M.class_renamed.format(
                file=file, sheet_cls=cls, sheet_year=year, cls=group.name, year=group.school_year
            )
        )
    try:
        subject = class_subject(session, group, meta.uuid("subject_id"))
    except ValidationError as exc:
        name = meta.values.get("subject_name", "?")
        raise ValidationError(M.subject_gone.format(file=file, subject=name, cls=cls)) from exc
    return group, subject


def _expectation(
    meta: L.SheetMeta, file: str, expect: tuple[uuid.UUID, uuid.UUID, int] | None
) -> None:
    """Refuse a sheet of another grid than the one the user is importing into."""
    if expect is None:
        return
    got = (meta.uuid("class_id"), meta.uuid("subject_id"), meta.semester)
    if got != expect:
        raise ValidationError(
            M.wrong_grid.format(
                file=file,
                subject=meta.values.get("subject_name", "?"),
                cls=meta.values.get("class_name", "?"),
                semester=meta.semester,
            )
        )


def _looks_like_ours(sheets: list[Sheet]) -> bool:
    """A visible table with our STT / Mã HS / Họ và tên header (hidden sheet removed)."""
    keys = {header_key(h) for h in (M.header_no, M.header_code, M.header_name)}
    for sheet in sheets:
        for row in sheet.rows[: L.HEADER_ROW + 5]:
            if keys <= {header_key(v) for v in row if isinstance(v, str)}:
                return True
    return False


def _rules(rd: Reading[GradeGrid], key: str) -> CellRules:
    """How an assessment column of a TT22 sheet reads (TX1 … GK, CK, DG)."""
    slot = parse_slot(key)
    comment_only = rd.grid.subject.comment_only
    return CellRules(
        partial(parse_cell, slot=slot, comment_only=comment_only),
        partial(slot_problem, slot, rd.grid.regular_count),
        partial(show_stored, slot=slot, comment_only=comment_only),
        key,
    )


def preview_sheet(
    session: Session,
    actor: Actor | None,
    path: Path | str,
    *,
    expect: tuple[uuid.UUID, uuid.UUID, int] | None = None,
) -> SheetPreview:
    """Read and check a returned teacher sheet; ``expect`` = (class, subject, semester) if known."""
    path = Path(path)
    sheets = read_workbook(path)
    meta = read_meta(path)
    if meta is None:
        template = M.meta_removed if _looks_like_ours(sheets) else M.not_a_sheet
        raise ValidationError(template.format(file=path.name))
    _check_meta(meta, path.name)
    _expectation(meta, path.name, expect)
    group, subject = _resolve(session, meta, path.name)
    if is_primary(group):
        return preview_primary_sheet(session, actor, path, sheets, meta, group, subject)
    access.require_subject_entry(session, actor, group, subject.id, subject.name)
    grid = grade_grid(session, actor, group.id, subject.id, meta.semester)
    labels = partial(_labels, grid)
    return read_sheet(path, sheets, meta, grid, BatchKind.SCORES, labels, _rules)


def _labels(grid: GradeGrid) -> dict[str, str]:
    """Column key → the grid's header."""
    return {c.key: c.label for c in grid.columns}

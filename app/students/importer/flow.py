"""Preview (writes nothing) and commit (one transaction after a restore point) of an import."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from app.changes import Changes
from app.db import Actor, Database
from app.errors import ValidationError
from app.excel.encodings import LegacyChoice
from app.excel.reader import Limits
from app.fastinsert import paused_gc
from app.importing.writing import journal_reason, write_after_restore_point
from app.messages.excel import EXCEL_MSG
from app.numbers import thousands
from app.permissions import Perm, require
from app.progress import NullProgress, Progress, check_cancel
from app.students import exporter
from app.students.bulk import plan_upsert, upsert_students
from app.students.changes import STUDENT_CHANGES
from app.students.importer.blocks import SkippedRow
from app.students.importer.rows import (
    DEFAULT_LIMITS,
    ColumnUse,
    ParsedRow,
    Problem,
    SheetInfo,
    TextConversion,
    encodings_label,
    read_rows,
)
from app.students.inputs import FIELD_LABELS, StudentInput
from app.students.issues import OVERRIDABLE, Issue
from app.students.plan import RowAction, UpsertReport
from app.students.validation import normalise_class_name

RESTORE_LABEL = "truoc-nhap-hoc-sinh"


class Action(StrEnum):
    """What committing the preview does with a row."""

    INSERT = "insert"
    UPDATE = "update"
    UNCHANGED = "unchanged"
    REJECTED = "rejected"


ACTION_LABELS = {
    Action.INSERT: "Thêm mới",
    Action.UPDATE: "Cập nhật",
    Action.UNCHANGED: "Không đổi",
    Action.REJECTED: "Bị từ chối",
}
_FROM_PLAN = {
    RowAction.INSERT: Action.INSERT,
    RowAction.UPDATE: Action.UPDATE,
    RowAction.UNCHANGED: Action.UNCHANGED,
    RowAction.REJECT: Action.REJECTED,
}


@dataclass(frozen=True)
class PreviewRow:
    """One data row of the file and what committing would do with it."""

    sheet: str
    row: int
    action: Action
    value: StudentInput
    problems: tuple[Problem, ...]
    cells: tuple[Any, ...]  # template-order values as read; kept for rejected rows only
    student_code: str = ""
    changed: tuple[str, ...] = ()
    needs_reason: bool = False

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.is_error)

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if not p.is_error)


@dataclass(frozen=True)
class ImportPreview:
    """Everything the wizard shows before the user confirms; nothing has been written."""

    file: Path
    year: str
    rows: tuple[PreviewRow, ...]
    notices: tuple[str, ...] = ()
    plan: UpsertReport | None = None  # the matching done by the preview, reused if still valid
    conversions: tuple[TextConversion, ...] = ()  # legacy text: before → after
    doubts: tuple[TextConversion, ...] = ()  # cells of legacy columns left as they are
    legacy: LegacyChoice = LegacyChoice.ASK
    columns: tuple[ColumnUse, ...] = ()  # how each header was read (field, or ignored)
    skipped: tuple[SkippedRow, ...] = ()  # rows read that are not students (titles, totals…)
    sheets: tuple[SheetInfo, ...] = ()  # every worksheet: read, or why not
    chosen: tuple[str, ...] = ()  # the sheets the user picked (empty: every sheet)
    mapping: tuple[tuple[str, str], ...] = ()  # headers the user mapped to fields

    @property
    def needs_legacy_choice(self) -> bool:
        """Legacy text was found and the user has not yet said to convert it or keep it."""
        return bool(self.conversions) and self.legacy is LegacyChoice.ASK

    def with_legacy(self, choice: LegacyChoice) -> ImportPreview:
        """The same preview with the conversions accepted (the rows already hold them).

        Keeping the text as it is changes the rows: run ``preview`` again with KEEP.
        """
        if choice is LegacyChoice.KEEP and self.conversions and self.legacy is not choice:
            raise ValueError("keeping legacy text needs a new preview")
        return replace(self, legacy=choice)

    @property
    def encodings(self) -> str:
        """The legacy encodings found, for messages."""
        return encodings_label(self.conversions)

    def count(self, action: Action) -> int:
        return sum(1 for r in self.rows if r.action is action)

    @property
    def counts(self) -> dict[str, int]:
        """Rows per action, plus rows with warnings."""
        out = {a.value: self.count(a) for a in Action}
        out["warnings"] = sum(
            1 for r in self.rows if r.warnings and r.action is not Action.REJECTED
        )
        return out

    @property
    def rejected(self) -> tuple[PreviewRow, ...]:
        return tuple(r for r in self.rows if r.action is Action.REJECTED)

    @property
    def problems(self) -> tuple[Problem, ...]:
        return tuple(p for r in self.rows for p in r.problems)

    def summary(self) -> str:
        """One line of counts, in Vietnamese."""
        c = self.counts
        return EXCEL_MSG.preview_summary.format(
            file=self.file.name, total=thousands(len(self.rows)),
            **{k: thousands(c[k]) for k in ("insert", "update", "unchanged", "rejected", "warnings")},
        )  # fmt: skip


@dataclass(frozen=True)
class ImportResult:
    """What ``commit`` wrote."""

    file: Path
    inserted: int
    updated: int
    unchanged: int
    rejected: int
    written: bool
    restore_point: Path | None = None

    @property
    def changes(self) -> Changes:
        """What the import wrote (the runner announces it)."""
        return STUDENT_CHANGES if self.written else Changes()


# ---------------------------------------------------------------- preview and commit


def _reason_text(issue: Issue) -> str:
    """An issue's message without the leading "Label: " (the column is shown separately)."""
    head, sep, rest = issue.message.partition(": ")
    return rest if sep and head in FIELD_LABELS.values() else issue.message


def _problem(p: ParsedRow, issue: Issue, first: dict[tuple[str, str], ParsedRow]) -> Problem:
    reason = _reason_text(issue)
    value = p.texts.get(issue.field, "")
    if issue.field == "personal_id" and p.value.personal_id:
        value = p.value.personal_id
    if issue.code.endswith("_batch_duplicate"):
        other = first.get((issue.field, str(getattr(p.value, issue.field) or "")))
        if other is not None:
            reason = EXCEL_MSG.duplicate_in_file.format(row=other.row, sheet=other.sheet)
    if issue.field == "class_name" and value:  # the cell as written, not as normalised
        reason = reason.replace(normalise_class_name(value), value)
    column = p.columns.get(issue.field, FIELD_LABELS.get(issue.field, issue.field))
    return Problem(p.sheet, p.row, column, value, reason, issue.is_error)


def _new_issues(p: ParsedRow, issues: Sequence[Issue]) -> list[Issue]:
    """Plan issues, minus those on a cell already reported unreadable (one reason per cell)."""
    bad = {x.column for x in p.problems if x.is_error}
    return [i for i in issues if p.columns.get(i.field) not in bad]


def _first_rows(
    parsed: Sequence[ParsedRow], values: Sequence[StudentInput]
) -> dict[tuple[str, str], ParsedRow]:
    """Where each personal ID and student code first appears (for duplicate messages)."""
    first: dict[tuple[str, str], ParsedRow] = {}
    for p, v in zip(parsed, values, strict=True):
        for attr in ("personal_id", "student_code"):
            key = getattr(v, attr)
            if key:
                first.setdefault((attr, key), p)
    return first


def _same_person_warnings(parsed: Sequence[ParsedRow]) -> None:
    """Rows without an ID repeating another row's name and birth date: a warning, never merged."""
    seen: dict[tuple[str, date], ParsedRow] = {}
    for p in parsed:
        v = p.value
        if v.personal_id or not v.full_name or v.date_of_birth is None:
            continue
        key = (v.full_name.lower(), v.date_of_birth)
        if key in seen:
            other = seen[key]
            reason = EXCEL_MSG.same_person_in_file.format(row=other.row, sheet=other.sheet)
            p.problems.append(
                Problem(p.sheet, p.row, p.columns["full_name"], v.full_name, reason, False)
            )
        else:
            seen[key] = p


def _preview_rows(parsed: Sequence[ParsedRow], report: UpsertReport) -> list[PreviewRow]:
    """Each parsed row with its planned action and every problem, located in the file."""
    first = _first_rows(parsed, [r.value for r in report.rows])
    rows = []
    for p, plan in zip(parsed, report.rows, strict=True):
        problems = tuple(p.problems) + tuple(
            _problem(p, i, first) for i in _new_issues(p, plan.issues)
        )
        action = _FROM_PLAN[plan.action]
        if any(x.is_error for x in problems):
            action = Action.REJECTED
        needs = any(i.code in OVERRIDABLE for i in plan.issues) or any(
            x.needs_confirming for x in problems
        )
        rows.append(
            PreviewRow(
                p.sheet,
                p.row,
                action,
                plan.value,
                problems,
                p.template_cells() if action is Action.REJECTED else (),
                plan.student_code,
                plan.changed_fields,
                needs,
            )  # fmt: skip
        )
    return rows


def preview(
    session: Session,
    actor: Actor | None,
    path: Path | str,
    progress: Progress | None = None,
    *,
    year: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
    legacy: LegacyChoice = LegacyChoice.ASK,
    sheets: Sequence[str] = (),
    mapping: Mapping[str, str] | None = None,
) -> ImportPreview:
    """Read, validate and match every row of ``path``; writes nothing.

    Text typed in a legacy encoding is listed in ``conversions``; with ``legacy``
    ASK the rows show it converted but ``commit`` refuses until the user chooses.
    ``sheets`` reads only those worksheets (every sheet with a student table if empty);
    ``mapping`` maps headers the layout does not know to fields ("SĐT ông bà" → guardian_phone).
    """
    require(actor, Perm.EDIT_STUDENTS)
    progress = progress or NullProgress()
    path = Path(path)
    progress.update(0, 0, EXCEL_MSG.reading_file.format(file=path.name))
    with paused_gc():  # tens of thousands of small objects, no garbage cycles
        read = read_rows(path, limits, legacy, sheets, mapping)
        parsed = read.rows
        check_cancel(progress)
        _same_person_warnings(parsed)
        inputs = [p.value for p in parsed]
        report = plan_upsert(session, actor, inputs, year=year, progress=progress)
        rows = _preview_rows(parsed, report)
    return ImportPreview(
        path, report.year, tuple(rows), tuple(read.notices), report,
        tuple(read.conversions), tuple(read.doubts), legacy, tuple(read.columns),
        tuple(read.skipped), tuple(read.sheets), tuple(sheets), tuple((mapping or {}).items()),
    )  # fmt: skip


def commit(
    db: Database,
    actor: Actor | None,
    pv: ImportPreview,
    progress: Progress | None = None,
    *,
    reason: str = "",
    skip_rejected: bool = False,
) -> ImportResult:
    """Write the previewed changes in one transaction, after a restore point.

    Refuses while rows are rejected unless ``skip_rejected``; refuses rows whose
    personal ID disagrees with the birth date or sex unless ``reason`` says why
    they are kept. Unchanged rows are not written at all.
    """
    require(actor, Perm.EDIT_STUDENTS)
    progress = progress or NullProgress()
    if pv.needs_legacy_choice:
        raise ValidationError(
            EXCEL_MSG.legacy_choice_needed.format(
                file=pv.file.name, n=len(pv.conversions), encodings=pv.encodings
            )
        )
    if pv.rejected and not skip_rejected:
        raise ValidationError(
            EXCEL_MSG.import_has_rejected.format(file=pv.file.name, n=len(pv.rejected))
        )
    keep = [r for r in pv.rows if r.action in (Action.INSERT, Action.UPDATE)]
    needing = [r for r in keep if r.needs_reason]
    if needing and not reason.strip():
        first = next(p.message for p in needing[0].warnings)
        raise ValidationError(EXCEL_MSG.reason_needed.format(n=len(needing), first=first))
    unchanged, rejected = pv.count(Action.UNCHANGED), len(pv.rejected)
    if not keep:
        return ImportResult(pv.file, 0, 0, unchanged, rejected, written=False)
    why = journal_reason(EXCEL_MSG.import_reason.format(file=pv.file.name), reason)
    planned = None
    if pv.plan is not None:
        kept = tuple(
            plan
            for row, plan in zip(pv.rows, pv.plan.rows, strict=True)
            if row.action in (Action.INSERT, Action.UPDATE)
        )
        planned = replace(pv.plan, rows=kept)

    def write(s: Session) -> UpsertReport:
        return upsert_students(
            s, actor, [r.value for r in keep], reason=why, year=pv.year,
            progress=progress, planned=planned,
        )  # fmt: skip

    report, point = write_after_restore_point(
        db, actor, write, restore_label=RESTORE_LABEL, why=why, progress=progress
    )
    return ImportResult(
        pv.file, report.inserted, report.updated, unchanged + report.unchanged, rejected,
        written=True, restore_point=point,
    )  # fmt: skip


def write_rejected(pv: ImportPreview, path: Path | str) -> Path:
    """The rejected rows in the template layout plus a "Lý do" column, to fix and re-import."""
    rows = [list(r.cells) + ["\n".join(p.message for p in r.errors)] for r in pv.rejected]
    return exporter.write_rows(path, "Bị từ chối", rows, [EXCEL_MSG.reason_header])

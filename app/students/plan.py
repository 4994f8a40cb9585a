"""Planning an upsert: decide per row insert / update / unchanged / reject, writing nothing.

Rows match existing students by personal ID, then by student code. Every
database lookup is batched (a few IN queries for the whole list), so planning
10,000 rows costs a handful of queries, not 10,000.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.changes import Changes
from app.messages.students import M
from app.progress import NullProgress, Progress, check_cancel
from app.students import validation as v
from app.students.changes import STUDENT_CHANGES
from app.students.check import validate_input
from app.students.inputs import GUARDIAN_FIELDS, StudentInput
from app.students.models import ClassGroup, Enrolment, Guardian, Student
from app.students.rowmap import COLUMN_FIELD, given_columns

CHUNK = 2_000

# The steps an upsert reports, counted in students (``app.progress``).
CHECKING = "Kiểm tra dữ liệu"
WRITING = "Ghi dữ liệu"
STUDENTS_UNIT = "học sinh"


class RowAction(StrEnum):
    """What an upsert does with one input row."""

    INSERT = "insert"
    UPDATE = "update"
    UNCHANGED = "unchanged"
    REJECT = "reject"


@dataclass(frozen=True)
class RowPlan:
    """One input row's fate: the normalised value, issues, and the matched student if any."""

    index: int
    action: RowAction
    value: StudentInput
    issues: tuple[v.Issue, ...] = ()
    student_id: uuid.UUID | None = None
    student_code: str = ""
    changed_fields: tuple[str, ...] = ()

    @property
    def errors(self) -> tuple[v.Issue, ...]:
        return tuple(i for i in self.issues if i.is_error)

    @property
    def warnings(self) -> tuple[v.Issue, ...]:
        return tuple(i for i in self.issues if not i.is_error)


@dataclass(frozen=True)
class UpsertReport:
    """Per-row plans (in input order) and the counts the import preview shows."""

    rows: tuple[RowPlan, ...]
    year: str
    written: bool = False
    journal_seq: int | None = None  # journal head when planned: unchanged means still valid

    def count(self, action: RowAction) -> int:
        return sum(1 for r in self.rows if r.action is action)

    @property
    def inserted(self) -> int:
        return self.count(RowAction.INSERT)

    @property
    def updated(self) -> int:
        return self.count(RowAction.UPDATE)

    @property
    def unchanged(self) -> int:
        return self.count(RowAction.UNCHANGED)

    @property
    def rejected(self) -> int:
        return self.count(RowAction.REJECT)

    @property
    def changes(self) -> Changes:
        """What was written: student records, or nothing (a preview, an unchanged re-run)."""
        return STUDENT_CHANGES if self.written and (self.inserted or self.updated) else Changes()


@dataclass
class _Known:
    """Existing data the plan compares against, loaded in batches."""

    by_pid: dict[str, dict[str, Any]] = field(default_factory=dict)
    by_code: dict[str, dict[str, Any]] = field(default_factory=dict)
    guardians: dict[uuid.UUID, dict[str, tuple[str, str]]] = field(default_factory=dict)
    class_of: dict[uuid.UUID, str] = field(default_factory=dict)
    classes: set[str] = field(default_factory=set)
    by_name_dob: dict[tuple[str, Any], list[dict[str, Any]]] = field(default_factory=dict)


def _chunks(values: Iterable[Any]) -> Iterable[list[Any]]:
    items = list(values)
    for i in range(0, len(items), CHUNK):
        yield items[i : i + CHUNK]


def _load(session: Session, values: Sequence[StudentInput], year: str) -> _Known:
    known = _Known()
    cols = list(Student.__table__.columns)
    lookups = (
        (known.by_pid, Student.personal_id, {v_.personal_id for v_ in values}),
        (known.by_code, Student.student_code, {v_.student_code for v_ in values}),
    )
    for target, attr, wanted in lookups:
        for chunk in _chunks(w for w in wanted if w):
            for row in session.execute(select(*cols).where(attr.in_(chunk))).mappings():
                target[row[attr.key]] = dict(row)
    names = {v_.full_name for v_ in values if v_.full_name and not v_.personal_id}
    for chunk in _chunks(names):
        for row in session.execute(select(*cols).where(Student.full_name.in_(chunk))).mappings():
            key = (row["full_name"], row["date_of_birth"])
            known.by_name_dob.setdefault(key, []).append(dict(row))
    ids = {r["id"] for r in [*known.by_pid.values(), *known.by_code.values()]}
    ids |= {r["id"] for rows in known.by_name_dob.values() for r in rows}
    for chunk in _chunks(ids):
        _load_related(session, known, chunk, year)
    known.classes = set(
        session.scalars(select(ClassGroup.name).where(ClassGroup.school_year == year))
    )
    return known


def _load_related(session: Session, known: _Known, ids: list[uuid.UUID], year: str) -> None:
    stmt = (
        select(Guardian.student_id, Guardian.relation, Guardian.full_name, Guardian.phone)
        .where(Guardian.student_id.in_(ids))
        .order_by(Guardian.created_at)
    )
    for sid, relation, name, phone in session.execute(stmt):
        known.guardians.setdefault(sid, {}).setdefault(relation, (name, phone))
    stmt2 = (
        select(Enrolment.student_id, ClassGroup.name)
        .join(ClassGroup, ClassGroup.id == Enrolment.class_id)
        .where(Enrolment.student_id.in_(ids), Enrolment.school_year == year)
        .where(Enrolment.end_date.is_(None))
    )
    known.class_of.update({sid: name for sid, name in session.execute(stmt2)})


def guardian_changes(existing: dict[str, tuple[str, str]], value: StudentInput) -> list[str]:
    """Input fields whose guardian name or phone differs from what is stored (by relation)."""
    out: list[str] = []
    for relation, (name_field, phone_field) in GUARDIAN_FIELDS.items():
        name, phone = getattr(value, name_field), getattr(value, phone_field)
        old = existing.get(relation)
        if old is None:
            out += [name_field, phone_field] if name else []
            continue
        if name and name != old[0]:
            out.append(name_field)
        if phone is not None and phone != old[1]:
            out.append(phone_field)
    return out


def _diff(row: dict[str, Any], value: StudentInput, known: _Known) -> list[str]:
    cols = given_columns(value)
    cols.pop("student_code", None)
    fields_ = [COLUMN_FIELD.get(c, c) for c, new in cols.items() if row.get(c) != new]
    fields_ = [f for f in dict.fromkeys(fields_) if f in COLUMN_FIELD.values()]
    sid = row["id"]
    fields_ += guardian_changes(known.guardians.get(sid, {}), value)
    if value.class_name and known.class_of.get(sid) != value.class_name:
        fields_.append("class_name")
    return fields_


def _identical_candidate(
    value: StudentInput, issues: list[v.Issue], known: _Known
) -> dict[str, Any] | None:
    """A stored student identical to this ID-less, code-less row (so a re-run is a no-op).

    Same name and birth date with any difference is only a warning: never merged.
    """
    candidates = known.by_name_dob.get((value.full_name, value.date_of_birth), [])
    for row in candidates:
        if not value.student_code and not _diff(row, value, known):
            return row
    for row in candidates:
        issues.append(
            v.warning(
                "full_name",
                "duplicate_candidate",
                M.duplicate_candidate,
                other=row["full_name"],
                code=row["student_code"],
            )
        )
    return None


def _plan_row(
    index: int, value: StudentInput, issues: list[v.Issue], known: _Known, year: str
) -> RowPlan:
    by_pid = known.by_pid.get(value.personal_id or "")
    by_code = known.by_code.get(value.student_code or "")
    if by_pid and by_code and by_pid["id"] != by_code["id"]:
        issues.append(
            v.error(
                "personal_id",
                "match_conflict",
                M.match_conflict,
                pid=value.personal_id,
                code_a=by_pid["student_code"],
                code_b=by_code["student_code"],
            )
        )
    if value.class_name and value.class_name not in known.classes:
        issues.append(
            v.error(
                "class_name",
                "class_not_found",
                M.class_not_found,
                value=value.class_name,
                year=year,
            )
        )
    target = by_pid or by_code
    if target is None and value.full_name and not value.personal_id:
        target = _identical_candidate(value, issues, known)
    if by_pid and value.student_code and value.student_code != by_pid["student_code"]:
        issues.append(
            v.warning(
                "student_code",
                "code_kept",
                M.code_kept,
                value=value.student_code,
                code=by_pid["student_code"],
            )
        )
    if any(i.is_error for i in issues):
        return RowPlan(index, RowAction.REJECT, value, tuple(issues))
    if target is None:
        return RowPlan(
            index, RowAction.INSERT, value, tuple(issues), None, value.student_code or ""
        )
    changed = _diff(target, value, known)
    action = RowAction.UPDATE if changed else RowAction.UNCHANGED
    return RowPlan(
        index, action, value, tuple(issues), target["id"], target["student_code"], tuple(changed)
    )


def _batch_duplicates(values: Sequence[StudentInput]) -> dict[int, list[v.Issue]]:
    """Errors for a personal ID or code repeated inside the list itself (later rows rejected)."""
    out: dict[int, list[v.Issue]] = {}
    for attr, template in (
        ("personal_id", M.pid_duplicate_in_batch),
        ("student_code", M.code_duplicate_in_batch),
    ):
        first: dict[str, int] = {}
        for i, value in enumerate(values):
            key = getattr(value, attr)
            if not key:
                continue
            if key in first:
                out.setdefault(i, []).append(
                    v.error(
                        attr, f"{attr}_batch_duplicate", template, value=key, row=first[key] + 1
                    )
                )
            else:
                first[key] = i
    return out


def build_plan(
    session: Session,
    inputs: Sequence[StudentInput],
    year: str,
    progress: Progress | None = None,
) -> UpsertReport:
    """Validate and match every row against the database (no permission check, no writes)."""
    progress = progress or NullProgress()
    start = int(year[:4])
    checked = []
    for i, inp in enumerate(inputs):
        if i % 500 == 0:
            check_cancel(progress)
            progress.update(i, len(inputs), CHECKING, STUDENTS_UNIT)
        checked.append(validate_input(inp, year_start=start))
    values = [c.value for c in checked]
    known = _load(session, values, year)
    dupes = _batch_duplicates(values)
    rows = [
        _plan_row(i, c.value, list(c.issues) + dupes.get(i, []), known, year)
        for i, c in enumerate(checked)
    ]
    progress.update(len(inputs), len(inputs), CHECKING, STUDENTS_UNIT)
    return UpsertReport(tuple(rows), year)

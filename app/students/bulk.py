"""Upsert many students at once (imports, demo data): plan, then write in one transaction.

Inserts go through ``journal.bulk_insert`` (Core executemany plus one journal
entry per row); updates, usually few, go through the ORM so each change is
diffed and journalled with the reason. Unchanged rows write nothing, so
re-running the same list leaves the database and the journal as they were.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from app import fastinsert, journal
from app.db import Actor, utcnow
from app.errors import ValidationError
from app.messages.students import M
from app.permissions import Perm, require
from app.progress import NullProgress, Progress, check_cancel
from app.students import access, classes, codes, rowmap, store
from app.students.inputs import GUARDIAN_FIELDS, Status, StudentInput
from app.students.models import (
    SEARCH_TERM_TABLE,
    ClassGroup,
    Enrolment,
    Guardian,
    Student,
)
from app.students.plan import (
    STUDENTS_UNIT,
    WRITING,
    RowAction,
    RowPlan,
    UpsertReport,
    build_plan,
)
from app.write_lock import lock_for_write

WRITE_CHUNK = 2_000
ANALYZE_AFTER = 500  # inserted rows that make a statistics refresh worth it
_TERM_KEYS = ("term", "student_id")


def plan_upsert(
    session: Session,
    actor: Actor | None,
    inputs: Sequence[StudentInput],
    *,
    year: str | None = None,
    progress: Progress | None = None,
) -> UpsertReport:
    """The import preview: what each row would do, writing nothing."""
    require(actor, Perm.EDIT_STUDENTS)
    seq = journal.head_seq(session)
    with fastinsert.paused_gc():
        report = build_plan(session, inputs, access.year_name(session, year), progress)
    return replace(report, journal_seq=seq)


def upsert_students(
    session: Session,
    actor: Actor | None,
    inputs: Sequence[StudentInput],
    *,
    reason: str,
    year: str | None = None,
    on: date | None = None,
    skip_rejected: bool = False,
    progress: Progress | None = None,
    planned: UpsertReport | None = None,
) -> UpsertReport:
    """Insert new students and update matched ones; ``reason`` is journalled with every change.

    Raises ``ValidationError`` (writing nothing) when any row is rejected,
    unless ``skip_rejected``. Cancelling through ``progress`` raises
    ``Cancelled``; the caller's unit of work then rolls everything back.
    ``planned`` (from ``plan_upsert``) is reused instead of validating and
    matching again, but only if nothing tracked was written since it was made.
    """
    require(actor, Perm.EDIT_STUDENTS)
    if not reason.strip():
        raise ValidationError(M.event_reason_required.format(what="nhập danh sách học sinh"))
    progress = progress or NullProgress()
    lock_for_write(session)  # the head compared below stays this one until we commit
    year = access.year_name(session, year)
    fresh = (
        planned is not None
        and planned.year == year
        and planned.journal_seq is not None
        and planned.journal_seq == journal.head_seq(session)
    )
    with fastinsert.paused_gc():
        report = (
            planned
            if fresh and planned is not None
            else build_plan(session, inputs, year, progress)
        )
    rejected = [r for r in report.rows if r.action is RowAction.REJECT]
    if rejected and not skip_rejected:
        first = M.row.format(row=rejected[0].index + 1, message=rejected[0].errors[0].message)
        raise ValidationError(M.upsert_rejected.format(count=len(rejected), first=first))
    start = on or classes.default_start(session, year)
    saved_reason = session.info.get("reason")
    session.info["reason"] = saved_reason or reason
    writing = _Writing(progress, report)
    try:
        with fastinsert.paused_gc():
            inserted = _insert_all(session, report, year, start, writing)
        _update_all(session, report, year, start, reason, writing)
    finally:
        session.info["reason"] = saved_reason
    if len(inserted) >= ANALYZE_AFTER:
        refresh_statistics(session)
    rows = tuple(inserted.get(r.index, r) for r in report.rows)
    return UpsertReport(rows, year, written=True)


def refresh_statistics(session: Session) -> None:
    """Let SQLite's planner know the new table sizes after a large import.

    Without statistics it may filter 100,000 students through a low-selectivity
    index (status) instead of the few search matches. PostgreSQL's autovacuum
    does this by itself.
    """
    if session.get_bind().dialect.name != "sqlite":
        return
    session.execute(text("PRAGMA analysis_limit=1000"))
    for table in ("student", "student_search_term", "enrolment", "guardian"):
        session.execute(text(f"ANALYZE {table}"))


def _defaults(model: type[Any]) -> dict[str, Any]:
    """Scalar column defaults of a model, so every bulk row carries the same keys (a column
    the database fills, such as ``student.lifelong_record_number``, gets its text default)."""
    out: dict[str, Any] = {}
    for col in model.__table__.columns:
        default = col.default
        out[col.key] = default.arg if default is not None and default.is_scalar else None
        server = col.server_default
        if default is None and server is not None and isinstance(server.arg, str):
            out[col.key] = server.arg
    return out


def _student_row(value: StudentInput, code: str, base: dict[str, Any]) -> dict[str, Any]:
    row = base | rowmap.given_columns(value) | {"student_code": code, "id": uuid.uuid4()}
    row["status"] = Status.ACTIVE
    row |= rowmap.derived(row)
    return row


def _guardian_rows(
    value: StudentInput, student: dict[str, Any], base: dict[str, Any]
) -> list[dict[str, Any]]:
    out = []
    for relation, (name_field, phone_field) in GUARDIAN_FIELDS.items():
        name = getattr(value, name_field)
        if name:
            out.append(
                base
                | {
                    "id": uuid.uuid4(),
                    "student_id": student["id"],
                    "relation": relation,
                    "full_name": name,
                    "phone": getattr(value, phone_field) or "",
                }
            )
    return out


class _Writing:
    """The write step's progress: students written so far, of those to insert or update."""

    def __init__(self, outer: Progress, report: UpsertReport) -> None:
        self.outer = outer
        self.total = sum(1 for r in report.rows if r.action in (RowAction.INSERT, RowAction.UPDATE))
        self.done = 0
        outer.update(0, self.total, WRITING, STUDENTS_UNIT)

    def reach(self, done: int) -> None:
        """``done`` students written so far."""
        self.done = done
        self.outer.update(done, self.total, WRITING, STUDENTS_UNIT)

    @property
    def cancelled(self) -> bool:
        return self.outer.cancelled


def _insert_all(
    session: Session, report: UpsertReport, year: str, start: date, progress: _Writing
) -> dict[int, RowPlan]:
    """Write every INSERT row with Core executemany; returns the rows with their new ids and codes."""
    plans = [r for r in report.rows if r.action is RowAction.INSERT]
    if not plans:
        return {}
    new_codes = iter(
        codes.next_codes(session, sum(1 for p in plans if not p.student_code), int(year[:4]))
    )
    stmt = select(ClassGroup.name, ClassGroup.id).where(ClassGroup.school_year == year)
    class_ids = {name: cid for name, cid in session.execute(stmt)}
    now, school_code = utcnow(), session.info.get("school_code", "")
    stamp = {"school_code": school_code, "created_at": now, "updated_at": now}
    s_base, g_base, e_base = (_defaults(m) | stamp for m in (Student, Guardian, Enrolment))
    done: dict[int, RowPlan] = {}
    for i in range(0, len(plans), WRITE_CHUNK):
        check_cancel(progress.outer)
        students, guardians, enrolments, terms = [], [], [], []
        for plan in plans[i : i + WRITE_CHUNK]:
            value = plan.value
            row = _student_row(value, plan.student_code or next(new_codes), s_base)
            students.append(row)
            guardians += _guardian_rows(value, row, g_base)
            if value.class_name:
                enrolments.append(
                    e_base
                    | {
                        "id": uuid.uuid4(),
                        "student_id": row["id"],
                        "class_id": class_ids[value.class_name],
                        "school_year": year,
                        "start_date": start,
                    }
                )
            found = rowmap.search_terms(
                row["full_name"],
                row["student_code"],
                row["personal_id"],
                rowmap.input_phones(value),
                row.get("ministry_code") or "",
            )
            terms += [(t, row["id"]) for t in found]
            done[plan.index] = RowPlan(
                plan.index, plan.action, plan.value, plan.issues, row["id"], row["student_code"],
                plan.changed_fields,
            )  # fmt: skip
        journal.bulk_insert(session, Student, students)
        journal.bulk_insert(session, Guardian, guardians)
        journal.bulk_insert(session, Enrolment, enrolments)
        fastinsert.insert_values(session.connection(), SEARCH_TERM_TABLE, _TERM_KEYS, terms)
        progress.reach(progress.done + len(students))
    return done


def _update_all(
    session: Session, report: UpsertReport, year: str, start: date, reason: str, progress: _Writing
) -> None:
    """Apply every UPDATE row through the ORM so each change is diffed and journalled."""
    plans = [r for r in report.rows if r.action is RowAction.UPDATE]
    ids = [p.student_id for p in plans]
    for i in range(0, len(ids), WRITE_CHUNK):
        list(session.scalars(select(Student).where(Student.id.in_(ids[i : i + WRITE_CHUNK]))))
    written = progress.done  # the inserts before
    for n, plan in enumerate(plans):
        if n % 200 == 0:
            check_cancel(progress.outer)
            progress.reach(written + n)
        assert plan.student_id is not None
        student = store.get_student(session, plan.student_id)
        cols = rowmap.given_columns(plan.value)
        cols.pop("student_code", None)
        store.apply_guardians(session, student, plan.value, reason)
        store.write_student(session, student, cols, reason)
        if plan.value.class_name:
            group = classes.class_by_name(session, plan.value.class_name, year)
            classes.place_in_class(session, student, group, start, reason)
        store.refresh_terms(session, student)
    progress.reach(written + len(plans))

"""Lock-time snapshots of computed results, and the ``check`` that recomputes them.

A snapshot is what the results were when the principal locked a semester
(scope 1 or 2; locking semester II also snapshots the year, scope 0). Changes
made after the lock refresh it in the same transaction, so any difference
between a snapshot and a fresh recomputation means the data was altered
outside the app, or the rules changed: ``verify`` reports each difference.
Primary classes (TT27) store their levels, tests and ratings per semester and
the year result, outcome and commendation (``primary.results.snapshot_payload``).

Snapshots are the official results the hub receives (``result@1``, decision 022 §4), so
every write is journalled, with the reason of the action that caused it: an insert per
student and scope at the lock (the compact path, ``journal.bulk_insert``), an update of the
changed fields after a change under lock and a delete at the unlock (through the ORM). No
Core ``UPDATE`` or ``DELETE`` may touch the table: it would bypass the journal.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, TypeAlias

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import journal
from app.changes import Changes
from app.db import Database, utcnow
from app.gradebook import access
from app.gradebook.models import ResultSnapshot
from app.gradebook.primary.records import PrimaryRecords, is_primary, load_primary
from app.gradebook.primary.results import snapshot_payload
from app.gradebook.records import (
    ClassRecords,
    ConductRow,
    RosterEntry,
    evaluate_semester_of,
    load_class,
    student_year,
)
from app.gradebook.terms import semester_label
from app.gradebook.values import level_of
from app.grading import CommentGrade, Level, evaluate_year
from app.messages.gradebook import GRADEBOOK_MSG as M
from app.messages.primary_results import PRIMARY_RESULTS_MSG as PM
from app.students.models import ClassGroup, Student

YEAR_SCOPE = 0
SNAPSHOTS = "result_snapshot"
AnyRecords: TypeAlias = ClassRecords | PrimaryRecords
"""A secondary (TT22) or primary (TT27) class's loaded records."""


def _plain(value: Any) -> Any:
    """Canonical JSON form of a computed value."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Level):
        return value.label
    if isinstance(value, CommentGrade):
        return value.value
    return str(getattr(value, "value", value))


def _load(
    session: Session, group: ClassGroup, student_ids: Iterable[uuid.UUID] | None = None
) -> AnyRecords:
    """A class's records: TT27 for a primary class, TT22 otherwise."""
    if is_primary(group):
        return load_primary(session, group, student_ids=student_ids)
    return load_class(session, group, student_ids=student_ids)


def _canonical(data: Any) -> str:
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def snapshot_data(records: AnyRecords, student_id: uuid.UUID, scope: int) -> str:
    """The canonical JSON of a student's computed results for a scope (1, 2 or 0 = year)."""
    if isinstance(records, PrimaryRecords):
        return _canonical(snapshot_payload(records, student_id, scope))
    data: dict[str, Any]
    if scope == YEAR_SCOPE:
        ev = evaluate_year(student_year(records, student_id))
        data = {
            "subjects": {
                str(s.id): _plain(r.value)
                for s, r in zip(records.subjects, ev.subjects, strict=True)
            },
            "after_retest": {
                str(s.id): _plain(r.value)
                for s, r in zip(records.subjects, ev.subjects_after_retest, strict=True)
            },
            "learning": _plain(ev.learning_result.value),
            "learning_after_retest": _plain(
                ev.learning_after_retest.value if ev.learning_after_retest else None
            ),
            "conduct": _plain(ev.conduct.value),
            "conduct_after_summer": _plain(
                ev.conduct_after_summer.value if ev.conduct_after_summer else None
            ),
            "absent_sessions": student_year(records, student_id).absent_sessions,
            "outcome": _plain(ev.outcome.value),
            "commendation": _plain(ev.commendation.value),
        }
    else:
        sem = evaluate_semester_of(records, student_id, scope)
        row = records.conduct.get((student_id, scope), ConductRow())
        data = {
            "subjects": {
                str(s.id): _plain(r.value)
                for s, r in zip(records.subjects, sem.subjects, strict=True)
            },
            "learning": _plain(sem.learning_result.value),
            "conduct": _plain(level_of(row.conduct)),
            "absent_sessions": row.absent_total,
        }
    return _canonical(data)


def _scopes(locked: Iterable[int]) -> list[int]:
    scopes = sorted(set(locked))
    return scopes + [YEAR_SCOPE] if 2 in scopes else scopes


def _upsert(
    session: Session,
    records: AnyRecords,
    roster: Iterable[RosterEntry],
    scopes: list[int],
    reason: str,
) -> None:
    entries = list(roster)
    ids = [e.student_id for e in entries]
    existing = {
        (s.student_id, s.scope): s
        for s in session.scalars(
            select(ResultSnapshot).where(
                ResultSnapshot.student_id.in_(ids),
                ResultSnapshot.school_year == records.school_year,
                ResultSnapshot.scope.in_(scopes),
            )
        )
    }
    now = utcnow()
    school = session.info.get("school_code", "")
    new: list[dict[str, Any]] = []
    for entry in entries:
        for scope in scopes:
            data = snapshot_data(records, entry.student_id, scope)
            row = existing.get((entry.student_id, scope))
            if row is None:
                new.append(
                    {"id": uuid.uuid4(), "school_code": school, "created_at": now,
                     "updated_at": now, "student_id": entry.student_id,
                     "class_id": records.class_id, "school_year": records.school_year,
                     "scope": scope, "data": data, "taken_at": now}
                )  # fmt: skip
            elif row.data != data:
                row.data, row.taken_at, row.class_id = data, now, records.class_id
                journal.set_reason(session, row, reason)
    session.flush()
    # A whole class at the lock: the compact path (decision 001), the same entries as the ORM's.
    journal.bulk_insert(session, ResultSnapshot, new, reason)


def take(session: Session, group: ClassGroup, semester: int, reason: str) -> int:
    """Snapshot every student of the class for a semester just locked (and the year for II),
    journalled with the lock's ``reason``."""
    records = _load(session, group)
    scopes = _scopes([semester])
    _upsert(session, records, records.roster, scopes, reason)
    return len(records.roster)


def drop(session: Session, group: ClassGroup, semester: int, reason: str) -> None:
    """Remove the class's snapshots of a semester being unlocked (and the year's for II),
    each delete journalled with the unlock's ``reason``."""
    rows = session.scalars(
        select(ResultSnapshot).where(
            ResultSnapshot.class_id == group.id, ResultSnapshot.scope.in_(_scopes([semester]))
        )
    ).all()
    for row in rows:
        session.delete(row)
        journal.set_reason(session, row, reason)
    session.flush()


def refresh(
    session: Session,
    group: ClassGroup,
    student_ids: Iterable[uuid.UUID],
    reason: str | None = None,
) -> Changes:
    """Bring the snapshots of changed students up to date after a change under lock; each
    update is journalled with the change's ``reason`` (a default one when it had none)."""
    locked = access.locked_semesters(session, group.id)
    if not locked:
        return Changes()
    records = _load(session, group, student_ids)
    _upsert(session, records, records.roster, _scopes(locked), reason or M.snapshot_refreshed)
    return Changes.of(SNAPSHOTS)


@dataclass(frozen=True)
class SnapshotCheck:
    """Outcome of comparing every snapshot with a recomputation."""

    checked: int
    mismatches: tuple[str, ...]

    @property
    def ok(self) -> bool:
        """True when every snapshot matches."""
        return not self.mismatches

    @property
    def message(self) -> str:
        """One Vietnamese paragraph for ``python main.py check``."""
        if self.ok:
            return M.snapshots_ok.format(count=self.checked)
        shown = "; ".join(self.mismatches[:5])
        more = len(self.mismatches) - 5
        tail = M.snapshots_more.format(count=more) if more > 0 else ""
        return M.snapshots_bad.format(count=len(self.mismatches), details=shown) + tail


def _scope_label(scope: int) -> str:
    return M.scope_year if scope == YEAR_SCOPE else semester_label(scope)


def _differences(stored: str, fresh: str) -> str:
    try:
        old, new = json.loads(stored), json.loads(fresh)
    except ValueError:
        return M.snapshot_unreadable
    keys = sorted(k for k in set(old) | set(new) if old.get(k) != new.get(k))
    labels = {**PM.snapshot_fields, **M.snapshot_fields}
    return ", ".join(labels.get(k, k) for k in keys)


def verify_session(session: Session) -> SnapshotCheck:
    """Recompute every stored snapshot and list those that differ."""
    rows = session.execute(
        select(ResultSnapshot, Student.full_name, Student.student_code)
        .join(Student, Student.id == ResultSnapshot.student_id)
        .order_by(ResultSnapshot.class_id)
    ).all()
    by_class: dict[uuid.UUID, list[tuple[ResultSnapshot, str, str]]] = {}
    for snap, name, code in rows:
        by_class.setdefault(snap.class_id, []).append((snap, name, code))
    mismatches: list[str] = []
    for class_id, snaps in by_class.items():
        group = session.get(ClassGroup, class_id)
        if group is None:
            mismatches.append(M.snapshot_class_missing)
            continue
        records = _load(session, group, {s.student_id for s, _, _ in snaps})
        present = {e.student_id for e in records.roster}
        for snap, name, code in snaps:
            where = M.snapshot_where.format(
                student=name, code=code, cls=group.name, scope=_scope_label(snap.scope)
            )
            if snap.student_id not in present:
                mismatches.append(M.snapshot_not_in_class.format(where=where))
                continue
            fresh = snapshot_data(records, snap.student_id, snap.scope)
            if fresh != snap.data:
                fields = _differences(snap.data, fresh)
                mismatches.append(M.snapshot_differs.format(where=where, fields=fields))
    return SnapshotCheck(len(rows), tuple(mismatches))


def verify(db: Database) -> SnapshotCheck:
    """``verify_session`` in a read-only session of ``db`` (for ``python main.py check``)."""
    with db.read() as session:
        return verify_session(session)

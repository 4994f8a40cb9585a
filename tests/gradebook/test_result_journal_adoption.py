"""Official results an older release stored without journal entries are adopted once at start
(``app.safety.adoption``; decision 022 §4): each becomes an insert with its reason, row_match
and every check agree afterwards, a second start adds nothing, packages carry them."""

from __future__ import annotations

import json
import uuid
from typing import Any

from sqlalchemy import func, insert, select

from app import checks, journal
from app.db import utcnow
from app.gradebook.locking import lock_semester
from app.gradebook.models import GradeLock, ResultSnapshot
from app.gradebook.records import load_class
from app.gradebook.snapshots import YEAR_SCOPE, snapshot_data
from app.journal_schema import JournalEntry, format_time
from app.messages.gradebook import GRADEBOOK_MSG as M
from app.messages.seals import SEAL_MSG
from app.runtime import open_runtime
from app.safety import adoption
from app.safety.row_match import verify_rows
from app.students.models import ClassGroup
from app.sync.payload import build_payloads
from tests.gradebook.conftest import YEAR, GradeSchool, fill_year

ANH = "Lê Văn Anh"
TABLE = "result_snapshot"


def _lock_as_the_old_release(gs: GradeSchool, semester: int) -> int:
    """Lock a semester the way releases before sync did: the lock journalled, its results
    stored with a plain INSERT and no journal entry. Returns how many were stored."""
    principal = gs.actor("principal")
    with gs.db.uow(actor=principal) as s:
        s.add(
            GradeLock(
                id=uuid.uuid4(),
                school_code=gs.db.school_code,
                class_id=gs.class_id,
                semester=semester,
                locked=True,
                changed_by=principal.username,
            )
        )
        s.flush()
        group = s.get(ClassGroup, gs.class_id)
        assert group is not None
        records = load_class(s, group)
        now = utcnow()
        scopes = [semester, YEAR_SCOPE] if semester == 2 else [semester]
        rows = [
            {
                "id": uuid.uuid4(),
                "school_code": gs.db.school_code,
                "created_at": now,
                "updated_at": now,
                "student_id": e.student_id,
                "class_id": gs.class_id,
                "school_year": YEAR,
                "scope": scope,
                "data": snapshot_data(records, e.student_id, scope),
                "taken_at": now,
            }
            for e in records.roster
            for scope in scopes
        ]
        s.execute(insert(ResultSnapshot.__table__), rows)
    return len(rows)


def _result_entries(gs: GradeSchool) -> list[Any]:
    e = JournalEntry
    with gs.db.read() as s:
        stmt = select(e.seq, e.op, e.entity_id, e.changes, e.reason, e.username, e.mac)
        return list(s.execute(stmt.where(e.entity_type == TABLE).order_by(e.seq)).all())


def _rows(gs: GradeSchool) -> dict[str, Any]:
    with gs.db.read() as s:
        return {str(r.id): r for r in s.execute(select(*ResultSnapshot.__table__.c)).all()}


def _head(gs: GradeSchool) -> int:
    with gs.db.read() as s:
        return journal.head_seq(s)


def _green(gs: GradeSchool) -> None:
    # Every check but the student index: the fixture adds its students without search terms.
    outcomes = [c for c in checks.run_checks(gs.db) if c.name != "hoc_sinh"]
    assert [(c.name, c.message) for c in outcomes if not c.ok] == []


def test_untracked_results_are_named_then_adopted_once(gs: GradeSchool) -> None:
    """Before: check names each stored result as written outside the app. adopt_results
    journals each as an insert of what it holds, sealed, with the Vietnamese reason, by
    «nang_cap»; check is green; a second run writes nothing."""
    fill_year(gs, ANH, {"Toán": "6"})
    stored = _lock_as_the_old_release(gs, 1) + _lock_as_the_old_release(gs, 2)
    assert stored == 12
    with gs.db.read() as s:
        before = verify_rows(s)
        assert adoption.due(s)
    said = SEAL_MSG.row_unrecorded.format(what="Kết quả chính thức {id}")
    assert sorted(before.problems) == sorted(said.replace("{id}", i) for i in _rows(gs))
    assert adoption.adopt_results(gs.db) == 12
    entries = _result_entries(gs)
    rows = _rows(gs)
    assert sorted(e.entity_id for e in entries) == sorted(rows)
    for e in entries:
        row = rows[e.entity_id]
        assert (e.op, e.reason, e.username) == ("insert", M.results_adopted, "nang_cap")
        assert e.mac  # sealed with the school's key like every other entry (decision 015)
        assert json.loads(e.changes) == {
            "school_code": row.school_code,
            "student_id": str(row.student_id),
            "class_id": str(row.class_id),
            "school_year": row.school_year,
            "scope": row.scope,
            "data": row.data,
            "taken_at": format_time(row.taken_at),
        }
    _green(gs)
    head = _head(gs)
    assert adoption.adopt_results(gs.db) == 0
    with gs.db.read() as s:
        assert not adoption.due(s) and adoption.adopt(s) == 0
    assert _head(gs) == head


def test_start_adopts_then_the_results_travel_and_live_on(gs: GradeSchool) -> None:
    """Opening the database the way the window and the CLI do adopts the old results; a later
    change under lock journals an update of an adopted result; a second start adds nothing;
    packages carry every result as result@1 with the fields of its row."""
    fill_year(gs, ANH, {})
    _lock_as_the_old_release(gs, 1)
    url = gs.db.engine.url.render_as_string(hide_password=False)
    runtime = open_runtime(url)
    try:
        assert runtime.warnings == []
    finally:
        runtime.close()
    adopted = _result_entries(gs)
    assert [e.op for e in adopted] == ["insert"] * 4
    principal = gs.actor("principal")
    with gs.db.uow(actor=principal) as s:
        lock_semester(s, principal, gs.class_id, 2, "Khóa sổ cuối năm")
    head = _head(gs)
    runtime = open_runtime(url)
    runtime.close()
    assert _head(gs) == head  # nothing more to adopt
    with gs.db.read() as s:
        epoch = journal.current_epoch(s) or ""
        payloads = build_payloads(s, gs.db.school_code, epoch, 0, head)
        results = s.scalar(select(func.count()).select_from(ResultSnapshot))
    changes = [
        json.loads(line)
        for p in payloads
        for line in p.entries.splitlines()
        if json.loads(line)["entity"] == "result@1"
    ]
    rows = _rows(gs)
    assert results == 12 and len(changes) == 12
    assert {c["id"] for c in changes} == set(rows) and {c["event"] for c in changes} == {"new"}
    for change in changes:
        row = rows[change["id"]]
        assert change["fields"] == {
            "student_id": str(row.student_id),
            "class_id": str(row.class_id),
            "school_year": row.school_year,
            "scope": row.scope,
            "data": row.data,
            "taken_at": format_time(row.taken_at),
        }
    _green(gs)


def test_nothing_to_adopt_writes_nothing(gs: GradeSchool) -> None:
    """A database whose results this release wrote, or with none yet: no entry at start."""
    head = _head(gs)
    assert adoption.adopt_results(gs.db) == 0
    assert _head(gs) == head
    fill_year(gs, ANH, {})
    principal = gs.actor("principal")
    with gs.db.uow(actor=principal) as s:
        lock_semester(s, principal, gs.class_id, 1)
    head = _head(gs)
    assert adoption.adopt_results(gs.db) == 0
    assert _head(gs) == head

"""Official results (``result_snapshot``) are journalled (issue 10 §0, decision 022 §4): an insert
per student and scope at the lock, an update of the changed fields after a correction under
lock, a delete at the unlock; every check stays green and packages carry them as ``result@1``."""

from __future__ import annotations

import json
import uuid
from typing import Any

from sqlalchemy import select

from app import checks, journal, journal_view, labels
from app.gradebook.entry import CellEdit, save_scores
from app.gradebook.locking import lock_semester, unlock_semester
from app.gradebook.models import ResultSnapshot
from app.gradebook.snapshots import YEAR_SCOPE
from app.journal_schema import JournalEntry, format_time
from app.messages.gradebook import GRADEBOOK_MSG as M
from app.safety.record_history import verify_histories
from app.safety.row_match import verify_rows
from app.sync.payload import build_payloads
from tests.gradebook.conftest import GradeSchool, fill_year

ANH = "Lê Văn Anh"
TABLE = "result_snapshot"


def _lock(gs: GradeSchool, semester: int, reason: str = "") -> None:
    principal = gs.actor("principal")
    with gs.db.uow(actor=principal) as s:
        lock_semester(s, principal, gs.class_id, semester, reason)


def _unlock(gs: GradeSchool, semester: int, reason: str) -> None:
    principal = gs.actor("principal")
    with gs.db.uow(actor=principal) as s:
        unlock_semester(s, principal, gs.class_id, semester, reason)


def _entries(gs: GradeSchool, after: int = 0) -> list[Any]:
    """The result entries after number ``after``: (seq, op, entity_id, changes, reason)."""
    e = JournalEntry
    with gs.db.read() as s:
        stmt = select(e.seq, e.op, e.entity_id, e.changes, e.reason).where(
            e.entity_type == TABLE, e.seq > after
        )
        return list(s.execute(stmt.order_by(e.seq)).all())


def _rows(gs: GradeSchool) -> dict[str, Any]:
    """Every stored result by id, as read from the table."""
    with gs.db.read() as s:
        return {str(r.id): r for r in s.execute(select(*ResultSnapshot.__table__.c)).all()}


def _head(gs: GradeSchool) -> int:
    with gs.db.read() as s:
        return journal.head_seq(s)


def _as_journalled(row: Any) -> dict[str, Any]:
    """The values a row holds, in the journal's canonical form."""
    return {
        "school_code": row.school_code,
        "student_id": str(row.student_id),
        "class_id": str(row.class_id),
        "school_year": row.school_year,
        "scope": row.scope,
        "data": row.data,
        "taken_at": format_time(row.taken_at),
    }


def _all_green(gs: GradeSchool) -> None:
    with gs.db.read() as s:
        rows, histories = verify_rows(s), verify_histories(s)
    assert rows.ok, rows.problems
    assert histories.ok, histories.problems
    # Every check but the student index: the fixture adds its students without search terms.
    outcomes = [c for c in checks.run_checks(gs.db) if c.name != "hoc_sinh"]
    assert {c.name for c in outcomes} >= {"nhat_ky", "niem_phong", "du_lieu", "ket_qua_hoc_tap"}
    assert [(c.name, c.message) for c in outcomes if not c.ok] == []


def test_locking_journals_one_insert_per_student_and_scope(gs: GradeSchool) -> None:
    """Semester I: one insert per student; semester II: semester II and the year for each. Each
    insert holds the row's values and the lock's reason; row_match and every check agree."""
    fill_year(gs, ANH, {"Toán": "7"})
    start = _head(gs)
    _lock(gs, 1)
    first = _entries(gs, start)
    assert [e.op for e in first] == ["insert"] * 4
    assert {e.reason for e in first} == {M.lock_reason_default}
    _lock(gs, 2, "Khóa sổ cuối năm")
    second = _entries(gs, start)[4:]
    assert [e.op for e in second] == ["insert"] * 8
    assert {e.reason for e in second} == {"Khóa sổ cuối năm"}
    rows = _rows(gs)
    assert sorted(e.entity_id for e in first + second) == sorted(rows)
    for entry in first + second:
        assert json.loads(entry.changes) == _as_journalled(rows[entry.entity_id])
    scopes = sorted(rows[e.entity_id].scope for e in second)
    assert scopes == [YEAR_SCOPE] * 4 + [2] * 4
    _all_green(gs)


def test_a_correction_after_lock_journals_an_update_of_the_changed_fields(gs: GradeSchool) -> None:
    """Toán raised to 9 under lock, with a reason: one update of Anh's semester-I result (its
    data and time), journalled with that reason; the other students' results are untouched."""
    fill_year(gs, ANH, {})
    _lock(gs, 1)
    start = _head(gs)
    principal = gs.actor("principal")
    cells = [CellEdit(gs.students[ANH], c, "9") for c in ("TX1", "TX2", "TX3", "TX4", "GK", "CK")]
    with gs.db.uow(actor=principal) as s:
        save_scores(s, principal, gs.class_id, gs.subjects["Toán"], 1, cells, "Chấm phúc khảo")
    (entry,) = _entries(gs, start)
    row = _rows(gs)[entry.entity_id]
    assert (entry.op, entry.reason) == ("update", "Chấm phúc khảo")
    assert row.student_id == gs.students[ANH]
    changes = json.loads(entry.changes)
    assert sorted(changes) == ["data", "taken_at"]
    old, new = changes["data"]
    assert new == row.data and old != new
    assert json.loads(new)["subjects"][str(gs.subjects["Toán"])] == "9.0"
    assert json.loads(old)["subjects"][str(gs.subjects["Toán"])] == "8.0"
    assert changes["taken_at"][1] == format_time(row.taken_at)
    _all_green(gs)


def test_unlock_journals_deletes_and_relock_new_inserts(gs: GradeSchool) -> None:
    """Lock → correction → unlock → relock: the unlock deletes each result with its reason (the
    year's too for semester II), the relock inserts fresh ones; every check stays green."""
    fill_year(gs, ANH, {})
    _lock(gs, 1)
    _lock(gs, 2)
    principal = gs.actor("principal")
    with gs.db.uow(actor=principal) as s:
        cell = [CellEdit(gs.students[ANH], "GK", "10")]
        save_scores(s, principal, gs.class_id, gs.subjects["Toán"], 2, cell, "Sửa điểm nhập nhầm")
    before = _rows(gs)
    start = _head(gs)
    _unlock(gs, 2, "Bổ sung điểm còn thiếu")
    removed = _entries(gs, start)
    assert [e.op for e in removed] == ["delete"] * 8
    assert {e.reason for e in removed} == {"Bổ sung điểm còn thiếu"}
    assert {before[e.entity_id].scope for e in removed} == {2, YEAR_SCOPE}
    for entry in removed:  # a delete carries the last state
        assert json.loads(entry.changes) == _as_journalled(before[entry.entity_id])
    assert {r.scope for r in _rows(gs).values()} == {1}
    _all_green(gs)
    start = _head(gs)
    _lock(gs, 2, "Khóa lại sau khi bổ sung")
    again = _entries(gs, start)
    assert [e.op for e in again] == ["insert"] * 8
    assert not {e.entity_id for e in again} & set(before)
    _all_green(gs)


def test_packages_carry_results_whose_fields_equal_the_rows(gs: GradeSchool) -> None:
    """build_payloads over the whole journal: a ``result@1`` new change per result, an update
    with the new values after a correction (semester I's result and the year's), a cancel per
    result removed; the last state the changes leave equals the row (app.sync.entities)."""
    fill_year(gs, ANH, {})
    _lock(gs, 1)
    _lock(gs, 2)
    principal = gs.actor("principal")
    with gs.db.uow(actor=principal) as s:
        cell = [CellEdit(gs.students[ANH], "CK", "3")]
        save_scores(s, principal, gs.class_id, gs.subjects["Toán"], 1, cell, "Chấm phúc khảo")
    _unlock(gs, 2, "Bổ sung điểm còn thiếu")
    with gs.db.read() as s:
        upto, epoch = journal.head_seq(s), journal.current_epoch(s) or ""
        payloads = build_payloads(s, gs.db.school_code, epoch, 0, upto)
    changes = [
        json.loads(line)
        for p in payloads
        for line in p.entries.splitlines()
        if json.loads(line)["entity"] == "result@1"
    ]
    events = [c["event"] for c in changes]
    assert (events.count("new"), events.count("update"), events.count("cancel")) == (12, 2, 8)
    state: dict[str, dict[str, Any] | None] = {}
    for change in changes:
        if change["event"] == "cancel":
            state[change["id"]] = None
        else:
            state[change["id"]] = {**(state.get(change["id"]) or {}), **change["fields"]}
    rows = _rows(gs)
    held = {k: v for k, v in state.items() if v is not None}
    assert sorted(held) == sorted(rows)
    for row_id, fields in held.items():
        wire = {k: v for k, v in _as_journalled(rows[row_id]).items() if k != "school_code"}
        assert fields == wire
    updates = [c for c in changes if c["event"] == "update"]
    assert all(set(c["fields"]) == {"data", "taken_at"} for c in updates)
    assert all(c["version"] > 0 and c["at"].endswith("Z") for c in changes)


def test_result_entries_read_in_vietnamese(gs: GradeSchool) -> None:
    """The journal viewer's line for a result: the student, the class, what it is the result of,
    never its JSON or an id; a correction reads as «Kết quả»; labels and fields are Vietnamese."""
    fill_year(gs, ANH, {})
    _lock(gs, 2)
    principal = gs.actor("principal")
    with gs.db.uow(actor=principal) as s:
        cell = [CellEdit(gs.students[ANH], "CK", "4")]
        save_scores(s, principal, gs.class_id, gs.subjects["Toán"], 2, cell, "Chấm phúc khảo")
    with gs.db.read() as s:
        records = [r for r in journal.query(s, limit=10**6) if r.entity_type == TABLE]
        names = journal_view.referenced_names(s, records)
    year = next(
        r
        for r in records
        if r.changes.get("scope") == YEAR_SCOPE
        and r.changes.get("student_id") == str(gs.students[ANH])
    )
    line = labels.describe_entry(year, names)
    assert line.startswith(f"Học sinh: {ANH}, Lớp: 6A1")
    assert "Kết quả của: Cả năm" in line and "{" not in line
    updates = [r for r in records if r.op == "update"]
    assert updates and {labels.describe_entry(r, names) for r in updates} == {"Kết quả"}
    assert labels.entity_label(TABLE) == "Kết quả chính thức"
    assert labels.field_label("taken_at", TABLE) == "Thời điểm chốt"
    assert labels.format_value("scope", 2, TABLE) == "Học kì II"
    uuid.UUID(str(year.changes["class_id"]))  # the stored value stays the id

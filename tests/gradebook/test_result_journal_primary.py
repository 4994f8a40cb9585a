"""A primary (TT27) class's official results are journalled too (decision 022 §4): inserts at
the lock, an update of the semester II and year results after a correction under lock, deletes
at the unlock; row_match and the snapshot check agree throughout."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select

from app import journal
from app.gradebook.locking import lock_semester, unlock_semester
from app.gradebook.models import ResultSnapshot
from app.gradebook.primary_entry import PCellEdit, save_cells
from app.gradebook.snapshots import YEAR_SCOPE, verify
from app.journal_schema import JournalEntry
from app.safety.row_match import verify_rows
from tests.gradebook_primary.conftest import PrimarySchool, ps  # noqa: F401  (the fixture)
from tests.gradebook_primary.test_results import ANH, fill_student

TABLE = "result_snapshot"


def _entries(school: PrimarySchool, after: int) -> list[Any]:
    e = JournalEntry
    with school.db.read() as s:
        stmt = select(e.op, e.entity_id, e.changes, e.reason).where(
            e.entity_type == TABLE, e.seq > after
        )
        return list(s.execute(stmt.order_by(e.seq)).all())


def _head(school: PrimarySchool) -> int:
    with school.db.read() as s:
        return journal.head_seq(s)


def _scopes(school: PrimarySchool) -> dict[str, int]:
    with school.db.read() as s:
        return {str(i): n for i, n in s.execute(select(ResultSnapshot.id, ResultSnapshot.scope))}


def _agree(school: PrimarySchool) -> None:
    with school.db.read() as s:
        rows = verify_rows(s)
    assert rows.ok, rows.problems
    assert verify(school.db).ok


def test_primary_results_are_journalled_from_lock_to_unlock(ps: PrimarySchool) -> None:  # noqa: F811
    fill_student(ps, ANH)
    principal = ps.actor("principal")
    start = _head(ps)
    with ps.db.uow(actor=principal) as s:
        lock_semester(s, principal, ps.class_id, 2, "Khóa sổ cuối năm")
    locked = _entries(ps, start)
    scopes = _scopes(ps)
    assert [e.op for e in locked] == ["insert"] * 8
    assert sorted(scopes[e.entity_id] for e in locked) == [YEAR_SCOPE] * 4 + [2] * 4
    assert {e.reason for e in locked} == {"Khóa sổ cuối năm"}
    _agree(ps)

    start = _head(ps)
    edit = [PCellEdit(ps.students[ANH], "KT2", "7")]
    with ps.db.uow(actor=principal) as s:
        save_cells(s, principal, ps.class_id, ps.subjects["Toán"], 2, edit, "Chấm phúc khảo lại")
    corrected = _entries(ps, start)
    assert sorted(scopes[e.entity_id] for e in corrected) == [YEAR_SCOPE, 2]
    assert {(e.op, e.reason) for e in corrected} == {("update", "Chấm phúc khảo lại")}
    year = next(e for e in corrected if scopes[e.entity_id] == YEAR_SCOPE)
    old, new = json.loads(year.changes)["data"]
    assert (json.loads(old)["result"], json.loads(new)["result"]) == (
        "Hoàn thành xuất sắc",
        "Hoàn thành tốt",
    )
    _agree(ps)

    start = _head(ps)
    with ps.db.uow(actor=principal) as s:
        unlock_semester(s, principal, ps.class_id, 2, "Bổ sung nhận xét còn thiếu")
    removed = _entries(ps, start)
    assert sorted(e.entity_id for e in removed) == sorted(scopes)
    assert {(e.op, e.reason) for e in removed} == {("delete", "Bổ sung nhận xét còn thiếu")}
    assert _scopes(ps) == {}
    _agree(ps)

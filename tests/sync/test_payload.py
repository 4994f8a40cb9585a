"""A package's content from a journal range (issue 10 §1): wire changes with record id, event
and a version that only grows; what stays is dropped or skipped; blobs once; cut by size."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from app import accounts, journal
from app.errors import ValidationError
from app.journal_schema import JournalEntry
from app.students.models import Student
from app.sync.payload import build_payloads
from tests.conftest import Seeded
from tests.gradebook.conftest import GradeSchool, fill_year


def _all(db_session, school: str, epoch: str, upto: int, cap: int = 5 * 1024 * 1024):
    return build_payloads(db_session, school, epoch, 0, upto, cap)


def test_the_whole_journal_becomes_wire_changes_with_nothing_that_stays(gs: GradeSchool) -> None:
    name = next(iter(gs.students))
    fill_year(gs, name, {"Toán": "7,5"})
    with gs.db.uow(actor=gs.admin) as s:
        student = s.get(Student, gs.students[name])
        assert student is not None
        student.health_notes, student.full_name = "hen suyễn", "Nguyễn Văn Mới"
    with gs.db.read() as s:
        upto, epoch = journal.head_seq(s), journal.current_epoch(s)
        assert epoch is not None
        (payload,) = _all(s, "THCS0001", epoch, upto)
        users = s.scalar(
            select(JournalEntry.seq).where(JournalEntry.entity_type == "user_account").limit(1)
        )
    changes = [json.loads(line) for line in payload.entries.splitlines()]
    assert (payload.first, payload.last) == (1, upto)
    assert len(changes) + payload.skipped == upto  # every number accounted for: no gap
    assert users is not None and all(c["version"] != users for c in changes)  # accounts stay
    people = [c for c in changes if c["entity"] in ("student@1", "guardian@1")]
    assert people and all(not {"health_notes", "phone", "notes"} & set(c["fields"]) for c in people)
    renamed = [c for c in changes if c["id"] == str(gs.students[name]) and c["event"] == "update"]
    assert renamed[-1]["fields"] == {"full_name": "Nguyễn Văn Mới"}  # new values only
    versions = [c["version"] for c in changes]
    assert versions == sorted(versions) and len(set(versions)) == len(versions)
    assert payload.manifest["entities"]["assessment@1"] > 10
    assert payload.manifest["to"] == upto and payload.manifest["head_hash"]
    assert payload.manifest["head_mac"]  # sealed with the test school's key (decision 015)


def test_a_range_is_cut_by_size_into_contiguous_payloads(gs: GradeSchool) -> None:
    fill_year(gs, next(iter(gs.students)), {})
    with gs.db.read() as s:
        upto, epoch = journal.head_seq(s), journal.current_epoch(s) or ""
        parts = _all(s, "THCS0001", epoch, upto, cap=20_000)
    assert len(parts) > 2
    assert parts[0].first == 1 and parts[-1].last == upto
    assert all(a.last + 1 == b.first for a, b in zip(parts, parts[1:], strict=False))
    assert all(p.size <= 20_000 for p in parts)


def test_a_change_larger_than_a_package_is_named_not_cut(seeded: Seeded) -> None:
    admin = seeded.actor("admin")
    with seeded.db.uow(actor=admin) as s:
        accounts.create_user(s, admin, "gv.moi", "Giáo viên Mới", "teacher", "matkhau123")
    with seeded.db.read() as s:
        upto, epoch = journal.head_seq(s), journal.current_epoch(s) or ""
        with pytest.raises(ValidationError, match="lớn hơn giới hạn một gói"):
            _all(s, "THCS0001", epoch, upto, cap=100)

"""Every journal entry the app writes reads as a Vietnamese line (issue 17 §5).

"Xếp lớp" and "Khóa sổ điểm" entries had an empty "Nội dung": a new record
without a name field said nothing. A demo school (secondary and primary) is
written through the real services, then more of them run (an update with a
reason, a guardian added and removed, a withdrawal, a change of code pattern,
exports, a backup, a grade book unlocked, accounts and the school profile
edited); every entry must be described, with the records it points at named.
"""

from __future__ import annotations

import re
import uuid
from pathlib import Path

import pytest
from sqlalchemy import select

from app import accounts, demo, journal, journal_view, labels, migrate, school
from app import students as st
from app.db import Actor, Database, make_engine, sqlite_url
from app.gradebook import locking
from app.gradebook.models import GradeLock
from app.journal import JournalRecord
from app.permissions import Role
from app.safety import backup
from app.students import class_list_pdf, exporter, snapshot

pytestmark = pytest.mark.slow
_IDENTIFIER = re.compile(r"[a-z0-9_]+")
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def _demo(tmp_path: Path, levels: str, students: int) -> Database:
    db = Database(make_engine(sqlite_url(tmp_path / f"{levels.replace(',', '_')}.sqlite")))
    migrate.upgrade(db.engine)
    demo.create_demo(db, levels=levels)
    demo.fill_demo(db, students)
    return db


def _more_services(db: Database, tmp_path: Path) -> None:
    """Writes the demo does not make: updates, a delete, events of every module."""
    admin = Actor.system("kiem_thu")
    with db.uow(actor=admin) as s:
        sid = s.scalar(select(st.Student.id).order_by(st.Student.student_code).limit(1))
        assert sid is not None
        st.update_student(
            s, admin, sid, st.StudentInput(full_name="Lý Xuân Phúc"), reason="Sửa tên"
        )
        gid = st.add_guardian(s, admin, sid, st.GuardianInput("giam_ho", "Lý Văn Tư")).id
    with db.uow(actor=admin) as s:
        st.remove_guardian(s, admin, gid, reason="Nhập nhầm")
        st.set_code_pattern(s, admin, "HS{year2}{seq:05d}")
        exporter.export_xlsx(s, admin, tmp_path / "ds.xlsx")
        class_list_pdf.export_pdf(s, admin, tmp_path / "ds.pdf")
        snapshot.as_inputs(s, admin, st.StudentFilter(), include_personal_id=True)
        lock = s.scalar(select(GradeLock).where(GradeLock.locked.is_(True)).limit(1))
        assert lock is not None
        locking.unlock_semester(s, admin, lock.class_id, lock.semester, "Sửa điểm phúc khảo")
        accounts.reset_password(s, admin, "gv.toan", "matkhaumoi1")
        accounts.update_user(s, admin, "gv.van", role=Role.PRINCIPAL)
        prof = school.require_profile(s)
        school.update_profile(
            s, admin, prof.__class__(**{**prof.__dict__, "phone": "0237 3000 000"})
        )
    backup.create_backup(db, admin, tmp_path / "sao-luu")
    with db.uow(actor=admin) as s:  # what older databases hold: a journalled view of an ID
        journal.record_event(s, "student", str(sid), "view_sensitive", {"fields": ["personal_id"]})


def _entries(db: Database) -> tuple[list[JournalRecord], dict[str, str]]:
    with db.read() as s:
        records = journal.query(s, limit=10**6)
        return records, journal_view.referenced_names(s, records)


def _check_every_entry(records: list[JournalRecord], names: dict[str, str]) -> dict[str, str]:
    """Assert each entry reads as Vietnamese; one description per kind of entry, for a look."""
    seen: dict[str, str] = {}
    for rec in records:
        kind = f"{rec.entity_type}/{rec.op}/{rec.changes.get('event', '')}"
        line = labels.describe_entry(rec, names)
        assert line.strip(), f"{kind}: empty description"
        assert not _IDENTIFIER.fullmatch(line), f"{kind}: {line!r} is a code name"
        assert not _UUID.search(line), f"{kind}: {line!r} shows an id"
        assert labels.entity_label(rec.entity_type) != rec.entity_type, f"{kind}: no label"
        seen.setdefault(kind, line)
    return seen


def test_every_entry_of_a_secondary_school_is_described(tmp_path: Path) -> None:
    """Every kind of entry the secondary demo and the services write has a readable line."""
    db = _demo(tmp_path, demo.SECONDARY, 60)
    _more_services(db, tmp_path)
    records, names = _entries(db)
    seen = _check_every_entry(records, names)
    expected = {
        "enrolment/insert/", "grade_lock/insert/", "grade_lock/update/", "assessment/insert/",
        "teaching_assignment/insert/", "student/update/", "guardian/delete/",
        "student_code_sequence/event/code_pattern", "student/event/export_personal_id",
        "backup/event/sao_luu", "student/event/view_sensitive", "user_account/update/",
        "result_snapshot/insert/", "result_snapshot/delete/",
    }  # fmt: skip
    assert expected <= set(seen), expected - set(seen)
    enrolment = next(r for r in records if r.entity_type == "enrolment" and r.op == "insert")
    line = labels.describe_entry(enrolment, names)
    assert line.startswith("Học sinh: ") and "Lớp: " in line
    assert names[str(enrolment.changes["student_id"])] in line
    lock = next(r for r in records if r.entity_type == "grade_lock" and r.op == "insert")
    assert names[str(lock.changes["class_id"])] in labels.describe_entry(lock, names)
    assert seen["student_code_sequence/event/code_pattern"] == "Đổi mẫu mã học sinh"
    result = next(r for r in records if r.entity_type == "result_snapshot" and r.op == "insert")
    line = labels.describe_entry(result, names)  # the student, the class, never the JSON
    assert line.startswith("Học sinh: ") and "Kết quả của: " in line and "{" not in line
    uuid.UUID(str(enrolment.changes["class_id"]))  # the stored value stays the id


def test_every_entry_of_a_primary_school_is_described(tmp_path: Path) -> None:
    """The primary demo's own records (levels, qualities, nominations) are described too."""
    db = _demo(tmp_path, demo.PRIMARY, 30)
    records, names = _entries(db)
    seen = _check_every_entry(records, names)
    assert {"primary_rating/insert/", "enrolment/insert/", "result_snapshot/insert/"} <= set(seen)

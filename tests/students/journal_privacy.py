"""A student with sensitive data in the journal, shared by the journal-privacy tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app import access_log, journal
from app import students as st
from app.access_log import AccessEvent, AccessFilter, AccessRecord
from app.journal import JournalRecord
from app.journal_schema import dumps
from app.permissions import GRANTS, Perm, Role
from tests.students.conftest import SchoolWithClasses

PID = st.make_personal_id("038", date(2014, 2, 2), "nu", 4321)
GUARDIAN_PID = st.make_personal_id("038", date(1984, 5, 5), "nam", 8765)
HEALTH = "Hen phế quản, dị ứng tôm"
HEALTH_NEW = "Hen phế quản đã ổn định"
SECRETS = (PID, GUARDIAN_PID, HEALTH, HEALTH_NEW)


@dataclass
class Private:
    """A student of 6A1 with a personal ID and health notes, a father with an ID, one update."""

    school: SchoolWithClasses
    student: st.SavedStudent
    guardian_id: str


def make_private(school: SchoolWithClasses) -> Private:
    """The student, as the secretary enters and then corrects them."""
    saved = school.add(
        "Trần Thị Bích",
        date(2014, 2, 2),
        "Nữ",
        class_name="6A1",
        personal_id=PID,
        height_cm=138.5,
        weight_kg=31.0,
        health_notes=HEALTH,
    )
    sec = school.actor("secretary")
    with school.db.uow(actor=sec) as s:
        gid = st.add_guardian(
            s, sec, saved.id, st.GuardianInput("cha", "Trần Văn Cường", personal_id=GUARDIAN_PID)
        ).id
    with school.db.uow(actor=sec) as s:
        st.update_student(
            s,
            sec,
            saved.id,
            st.StudentInput(full_name="Trần Thị Bích", health_notes=HEALTH_NEW),
            reason="Theo phiếu khám",
        )
    return Private(school, saved, str(gid))


def holds(role: Role, perm: Perm) -> bool:
    return perm in GRANTS[role]


def leaked(records: list[JournalRecord]) -> set[str]:
    """The secret values that appear anywhere in ``records``."""
    text = "\n".join(dumps(r.changes) for r in records)
    return {secret for secret in SECRETS if secret in text}


def student_entries(p: Private, records: list[JournalRecord]) -> list[JournalRecord]:
    ids = {str(p.student.id), p.guardian_id}
    return [r for r in records if r.entity_id in ids and r.op != journal.OP_EVENT]


def view_events(p: Private) -> list[AccessRecord]:
    """The sensitive-data views logged in the access log, newest first."""
    admin = p.school.actor("admin")
    with p.school.db.read() as s:
        return access_log.entries(s, admin, AccessFilter(event=AccessEvent.SENSITIVE_VIEWED))

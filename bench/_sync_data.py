"""Journalled school data for the sync benches (bench/sync_build.py, bench/hub_ingest.py).

Not a bench itself (the leading underscore keeps it out of ``make bench``). ``student_rows``
are the students ``sync_build.py`` journals; ``journal_school`` writes a realistic mix of
about ``entries`` journal entries into a migrated school database: the school, its year,
subjects and classes, then students, their enrolments and assessments (inserted with
``journal.bulk_insert``), then corrections through the ORM as the screens make them: scores
changed, students' details changed, a few scores cleared (deleted rows).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

SCHOOL = "79000701"
YEAR = "2025-2026"
SUBJECTS = ("Toán", "Ngữ văn", "Tiếng Anh", "Khoa học tự nhiên", "Lịch sử và Địa lí")
_CHUNK = 10_000
_EDITS = 250  # corrections saved a few hundred at a time, as a class's screens save them


def student_rows(n: int, school: str = SCHOOL) -> list[dict[str, object]]:
    """``n`` student rows as ``journal.bulk_insert`` takes them (each with its id)."""
    now = datetime.now(UTC)
    return [
        {
            "id": uuid.uuid4(), "school_code": school, "created_at": now, "updated_at": now,
            "student_code": f"HS{i:07d}", "ministry_code": "", "lifelong_record_number": "",
            "personal_id": f"038113{i:06d}", "family_middle_name": "Nguyễn Thị",
            "given_name": "Ánh", "full_name": f"Nguyễn Thị Ánh {i}",
            "date_of_birth": date(2013, 4, i % 28 + 1), "sex": "nu", "ethnicity_code": "01",
            "ethnicity_code_system": "QĐ 121-TCTK 1979", "religion": "", "nationality": "Việt Nam",
            "place_of_birth": "Thanh Hóa", "hometown": "Thanh Hóa", "address_province": "",
            "address_commune": "", "address_detail": "Thôn 3, xã Quảng Phú", "phone": "0912345678",
            "status": "dang_hoc", "policy_group": "", "disability": False, "disability_type": "",
            "poverty": "", "height_cm": None, "weight_kg": None, "health_notes": "",
            "consent_given": True, "consent_date": None, "consent_by": "", "notes": "",
            "search_text": "", "sort_key": "",
        }
        for i in range(n)
    ]  # fmt: skip


@dataclass(frozen=True)
class Mix:
    """How many journal entries of each kind ``journal_school`` wrote."""

    setup: int  # school, year, subjects, classes
    students: int
    enrolments: int
    assessments: int
    score_updates: int
    student_updates: int
    deletes: int

    @property
    def entries(self) -> int:
        return (self.setup + self.students + self.enrolments + self.assessments
                + self.score_updates + self.student_updates + self.deletes)  # fmt: skip

    @property
    def records(self) -> int:
        """Distinct records the entries touch (what the hub must end up holding)."""
        return self.setup + self.students + self.enrolments + self.assessments

    def describe(self) -> str:
        return (f"{self.students} students, {self.enrolments} enrolments, "
                f"{self.assessments} assessments, {self.score_updates} score and "
                f"{self.student_updates} student updates, {self.deletes} scores cleared, "
                f"{self.setup} school/year/subject/class rows")  # fmt: skip


def plan(entries: int) -> Mix:
    """The mix for about ``entries`` entries: per student one enrolment, 3.5 assessments;
    then 8 % score corrections, 4 % student updates, 1 % scores cleared."""
    students = max(1, round(entries * 0.16))
    classes = -(-students // 40)
    return Mix(
        setup=2 + len(SUBJECTS) + classes, students=students, enrolments=students,
        assessments=round(students * 3.5), score_updates=round(entries * 0.08),
        student_updates=round(entries * 0.04), deletes=round(entries * 0.01),
    )  # fmt: skip


def _bulk(db: Any, model: type[Any], rows: Sequence[dict[str, Any]]) -> None:
    from app import journal
    from app.db import Actor

    for start in range(0, len(rows), _CHUNK):
        with db.uow(actor=Actor.system("bench"), reason="bench") as s:
            journal.bulk_insert(s, model, rows[start : start + _CHUNK])


def journal_school(db: Any, entries: int, school: str = SCHOOL) -> Mix:
    """About ``entries`` journal entries of one school in ``db`` (migrated, empty)."""
    from sqlalchemy import select

    from app.db import Actor
    from app.gradebook.models import Assessment, Subject
    from app.school import School, SchoolYear
    from app.students.models import ClassGroup, Enrolment, Student

    mix = plan(entries)
    now = datetime.now(UTC)

    def row(**values: Any) -> dict[str, Any]:
        return {"id": uuid.uuid4(), "school_code": school, "created_at": now,
                "updated_at": now, **values}  # fmt: skip

    _bulk(db, School, [row(code=school, name="Trường THCS Quảng Phú", levels="thcs",
                           province="Thanh Hóa", commune="Quảng Phú", authority="",
                           principal="Lê Văn Minh", address="", phone="", email="")])  # fmt: skip
    _bulk(db, SchoolYear, [row(name=YEAR, start_date=date(2025, 9, 5),
                               end_date=date(2026, 5, 31), is_current=True)])  # fmt: skip
    subjects = [row(school_year=YEAR, level="thcs", grade=6, name=name, short_name="",
                    periods_per_year=105, comment_only=False, elective=False, position=n,
                    active=True, provenance="") for n, name in enumerate(SUBJECTS)]  # fmt: skip
    _bulk(db, Subject, subjects)
    n_classes = mix.setup - 2 - len(SUBJECTS)
    classes = [row(school_year=YEAR, grade=6 + c % 4, name=f"{6 + c % 4}A{c // 4 + 1}",
                   homeroom_teacher_id=None) for c in range(n_classes)]  # fmt: skip
    _bulk(db, ClassGroup, classes)
    students = student_rows(mix.students, school)
    _bulk(db, Student, students)
    _bulk(db, Enrolment, [row(student_id=st["id"], class_id=classes[i // 40]["id"],
                              school_year=YEAR, start_date=date(2025, 9, 5), end_date=None)
                          for i, st in enumerate(students)])  # fmt: skip
    scores = []
    for i in range(mix.assessments):
        slot, st = divmod(i, mix.students)
        scores.append(row(student_id=students[st]["id"], class_id=classes[st // 40]["id"],
                          subject_id=subjects[slot % len(SUBJECTS)]["id"], school_year=YEAR,
                          semester=1, kind="TX", number=slot // len(SUBJECTS) + 1,
                          value=f"{5 + i % 5}.5"))  # fmt: skip
    _bulk(db, Assessment, scores)
    actor = Actor.system("bench")
    ids = [a["id"] for a in scores]
    for start in range(0, mix.score_updates, _EDITS):
        chunk = ids[start : min(start + _EDITS, mix.score_updates)]
        with db.uow(actor=actor, reason="Sửa điểm nhập nhầm") as s:
            for a in s.scalars(select(Assessment).where(Assessment.id.in_(chunk))):
                a.value = "9" if a.value != "9" else "8"
    sids = [st["id"] for st in students[: mix.student_updates]]
    for start in range(0, len(sids), _EDITS):
        with db.uow(actor=actor, reason="Cập nhật hồ sơ") as s:
            for st in s.scalars(
                select(Student).where(Student.id.in_(sids[start : start + _EDITS]))
            ):
                st.address_detail = "Thôn 5, xã Quảng Phú"
    gone = ids[-mix.deletes :] if mix.deletes else []
    with db.uow(actor=actor, reason="Xóa điểm nhập thừa") as s:
        for a in s.scalars(select(Assessment).where(Assessment.id.in_(gone))):
            s.delete(a)
    return mix

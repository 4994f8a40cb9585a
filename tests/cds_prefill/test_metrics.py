"""The CĐS pre-fill metrics against a hand-counted school, on SQLite and PostgreSQL."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from decimal import Decimal

import pytest

from app import journal, school
from app.cds.prefill import METRIC_IDS, compute_metrics
from app.cds.prefill_queries import all_metrics
from app.equipment.register import ItemInput, add_items
from app.errors import PermissionDenied
from app.gradebook.entry import CellEdit, save_scores
from app.students.models import Student
from app.transcripts.models import State, Transcript, TranscriptVersion
from tests.conftest import Seeded
from tests.gradebook.conftest import YEAR, GradeSchool, add_student, build_school


@pytest.fixture
def gs(seeded: Seeded) -> GradeSchool:
    """Class 6A1 with four students (and one who left in October), Toán taught by u_teacher
    and gv.cn as homeroom teacher."""
    g = build_school(seeded)
    add_student(g.db, g.class_id, "Võ Văn Đi", "HS099", end=date(2025, 10, 1))
    return g


def _metrics(gs: GradeSchool, year: str = YEAR) -> dict:
    with gs.db.read() as s:
        return compute_metrics(s, gs.actor("it_coordinator"), year)


def _enter_grades(gs: GradeSchool, names: list[str]) -> None:
    with gs.db.uow(actor=gs.teacher) as s:
        cells = [CellEdit(gs.students[n], "TX1", "8") for n in names]
        save_scores(s, gs.teacher, gs.class_id, gs.subjects["Toán"], 1, cells)


def _transcript(gs: GradeSchool, name: str, states: list[str]) -> None:
    with gs.db.uow(actor=gs.admin) as s:
        t = Transcript(
            id=uuid.uuid4(), student_id=gs.students[name], class_id=gs.class_id,
            school_year=YEAR, level="thcs", latest_version=len(states),
        )  # fmt: skip
        s.add(t)
        s.flush()
        for n, state in enumerate(states, 1):
            s.add(TranscriptVersion(transcript_id=t.id, number=n, state=state, data="{}",
                                    data_sha256="0" * 64))  # fmt: skip


def test_students_grades_and_personal_ids_are_counted_by_hand(gs: GradeSchool) -> None:
    """4 students stay the year (the one who left in October is not counted); 3 have a
    grade, 1 a personal ID: 75,0 % and 25,0 %, each with its counts in words."""
    _enter_grades(gs, ["Nguyễn Văn Bảo", "Trần Thị Ánh", "Lê Văn Anh"])
    with gs.db.uow(actor=gs.admin) as s:
        s.get_one(Student, gs.students["Phạm Minh Châu"]).personal_id = "038214000123"
    m = _metrics(gs)
    assert m["students_enrolled"].value == 4
    assert m["students_with_grades"].value == Decimal("75.0")
    assert "3/4 học sinh" in m["students_with_grades"].explanation
    assert "= 75,0 %" in m["students_with_grades"].explanation
    assert m["students_personal_id"].value == Decimal("25.0")
    assert "1/4 học sinh" in m["students_personal_id"].explanation


def test_signed_transcripts_count_the_latest_version_only(gs: GradeSchool) -> None:
    """Of three học bạ, one is signed, one a draft and one signed then corrected into a new
    draft: 1 of 4 students = 25,0 %; with none made the metric says why instead."""
    assert not _metrics(gs)["transcripts_signed"].available
    assert "Chưa lập học bạ" in _metrics(gs)["transcripts_signed"].why_not
    _transcript(gs, "Nguyễn Văn Bảo", [State.SIGNED])
    _transcript(gs, "Trần Thị Ánh", [State.DRAFT])
    _transcript(gs, "Lê Văn Anh", [State.SIGNED, State.DRAFT])
    m = _metrics(gs)["transcripts_signed"]
    assert m.available and m.value == Decimal("25.0")
    assert "1/4 học sinh" in m.explanation and "Học bạ đã lập: 3" in m.explanation


def test_teachers_who_entered_grades_come_from_the_journal(gs: GradeSchool) -> None:
    """Two teachers are assigned (Toán, homeroom); only u_teacher entered grades under their
    own account (the administrator's entries do not count): 1/2 = 50,0 %."""
    m = _metrics(gs)["teachers_entering_grades"]
    assert m.value == Decimal("0.0")
    _enter_grades(gs, ["Nguyễn Văn Bảo"])
    with gs.db.uow(actor=gs.admin) as s:
        cells = [CellEdit(gs.students["Lê Văn Anh"], "TX2", "7")]
        save_scores(s, gs.admin, gs.class_id, gs.subjects["Toán"], 1, cells)
    m = _metrics(gs)["teachers_entering_grades"]
    assert m.value == Decimal("50.0")
    assert m.explanation.startswith("1/2 giáo viên")


def test_equipment_register_and_computer_ratio(gs: GradeSchool) -> None:
    """An empty register says so; then 2 computers and 10 desks: 3 lines (12 units), changed
    this year, and 4 THCS students / 2 computers = 2,00 students per computer."""
    before = _metrics(gs)
    assert not before["equipment_items"].available
    assert before["students_per_computer_thcs"].why_not.startswith("THCS: sổ thiết bị chưa có")
    with gs.db.uow(actor=gs.admin) as s:
        add_items(s, gs.admin, ItemInput("Máy tính để bàn", count=2, is_computer=True))
        add_items(s, gs.admin, ItemInput("Bàn học sinh", count=10, serial=False))
    m = _metrics(gs)
    assert m["equipment_items"].value == 3
    assert "3 dòng trong sổ thiết bị (12 đơn vị)" in m["equipment_items"].explanation
    assert m["equipment_register_in_use"].value is True
    assert m["students_per_computer_thcs"].value == Decimal("2.00")
    assert "4 học sinh đang học / 2 máy tính" in m["students_per_computer_thcs"].explanation
    assert "students_per_computer_thpt" not in m  # the school teaches THCS only


def test_backups_in_the_year_and_the_last_ones_age(gs: GradeSchool) -> None:
    """No backup yet says why; two journalled backups count 2, the last one taken today is
    0 days old, and 3 days old three days later."""
    assert _metrics(gs)["backup_age_days"].why_not == "Chưa sao lưu dữ liệu lần nào."
    for name in ("a.tsbak", "b.tsbak"):
        with gs.db.uow(actor=gs.admin) as s:
            journal.record_event(s, "backup", name, "sao_luu", {"size": 1})
    m = _metrics(gs)
    assert m["backups_in_year"].value == 2
    assert m["backup_age_days"].value == 0
    with gs.db.read() as s:
        later = {x.id: x for x in all_metrics(s, YEAR, date.today() + timedelta(days=3))}
    assert later["backup_age_days"].value == 3


def test_an_unknown_year_and_a_past_year_say_why(gs: GradeSchool) -> None:
    """A year not in the app makes every metric unavailable with the reason; a past year
    has no computer ratio (the register holds today's computers)."""
    m = _metrics(gs, "2030-2031")
    assert list(m) == list(METRIC_IDS)
    assert all(not x.available and "2030-2031" in x.why_not for x in m.values())
    with gs.db.uow(actor=gs.admin) as s:
        school.add_year(s, gs.admin, "2024-2025")
    past = _metrics(gs, "2024-2025")
    assert past["students_enrolled"].why_not.startswith("Năm học 2024-2025 chưa có học sinh")
    assert "năm học hiện tại (2025-2026)" in past["students_per_computer_thcs"].why_not


def test_only_those_who_may_see_the_self_assessment_get_the_metrics(gs: GradeSchool) -> None:
    """A teacher is refused; the principal may read them."""
    with gs.db.read() as s, pytest.raises(PermissionDenied):
        compute_metrics(s, gs.actor("teacher"), YEAR)
    with gs.db.read() as s:
        assert compute_metrics(s, gs.actor("principal"), YEAR)["students_enrolled"].value == 4

"""Bulk upsert (import path): matching, idempotence, rejection without partial writes, cancel."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import func, select

from app import journal
from app import students as st
from app.errors import Cancelled, ValidationError
from app.journal import JournalEntry
from tests.students.conftest import SchoolWithClasses

ROWS = [
    st.StudentInput(
        full_name="Nguyễn Văn An", date_of_birth=date(2014, 9, 5), sex="Nam", class_name="6A1",
        personal_id="038214000111", father_name="Nguyễn Văn Bình", father_phone="0912345678",
    ),
    st.StudentInput(
        full_name="lê thị bảo", date_of_birth=date(2014, 1, 5), sex="nữ", class_name="6a1",
        mother_name="Trần Thị Lan", mother_phone="987654321", ethnicity="Mường",
    ),
    st.StudentInput(
        full_name="Phạm Minh Đức", date_of_birth=date(2013, 2, 7), sex="Nam", class_name="7A1",
        student_code="HS-0007",
    ),
]  # fmt: skip


def journal_size(school: SchoolWithClasses) -> int:
    with school.db.read() as s:
        return int(s.scalar(select(func.count()).select_from(JournalEntry)) or 0)


def upsert(school: SchoolWithClasses, rows: list[st.StudentInput], **kw: object) -> st.UpsertReport:
    sec = school.actor("secretary")
    with school.db.uow(actor=sec) as s:
        return st.upsert_students(s, sec, rows, reason="Nhập từ tệp danh_sach.xlsx", **kw)  # type: ignore[arg-type]


def test_insert_then_rerun_changes_nothing(school: SchoolWithClasses) -> None:
    """First run inserts with journal entries; the same rows again are all unchanged, journal untouched."""
    first = upsert(school, ROWS)
    assert [r.action for r in first.rows] == [st.RowAction.INSERT] * 3
    assert first.rows[2].student_code == "HS-0007" and first.rows[0].student_code
    size = journal_size(school)
    second = upsert(school, ROWS)
    assert [r.action for r in second.rows] == [st.RowAction.UNCHANGED] * 3
    assert journal_size(school) == size
    with school.db.read() as s:
        entry = journal.history(s, "student", str(first.rows[1].student_id))[0]
        d = st.get_student_detail(s, school.actor("admin"), first.rows[1].student_id)
    assert entry.reason == "Nhập từ tệp danh_sach.xlsx"
    assert (d.full_name, d.sex, d.ethnicity_code, d.current_class) == (
        "Lê Thị Bảo",
        "nu",
        "06",
        "6A1",
    )
    assert [(g.relation, g.phone) for g in d.guardians] == [("me", "0987654321")]


def test_matches_by_personal_id_then_code_and_journals_updates(school: SchoolWithClasses) -> None:
    """A changed row updates the student found by ID (or else code), journalled with the reason."""
    first = upsert(school, ROWS)
    changed = [
        replace(ROWS[0], full_name="Nguyễn Văn Ân", father_phone="0912000000"),
        ROWS[1],
        replace(ROWS[2], class_name="6A1", address="Thôn 5"),
    ]
    plan_sec = school.actor("secretary")
    with school.db.read() as s:
        preview = st.plan_upsert(s, plan_sec, changed)
    assert [r.action for r in preview.rows] == ["update", "unchanged", "update"]
    assert set(preview.rows[0].changed_fields) == {"full_name", "father_phone"}
    assert set(preview.rows[2].changed_fields) == {"class_name", "address"}
    second = upsert(school, changed)
    assert [r.student_id for r in second.rows] == [r.student_id for r in first.rows]
    with school.db.read() as s:
        last = journal.history(s, "student", str(first.rows[0].student_id))[-1]
        d = st.get_student_detail(s, plan_sec, first.rows[2].student_id)
    assert last.changes["full_name"] == ["Nguyễn Văn An", "Nguyễn Văn Ân"]
    assert last.reason == "Nhập từ tệp danh_sach.xlsx"
    assert d.current_class == "6A1" and d.address_detail == "Thôn 5"


def test_missing_columns_keep_stored_values(school: SchoolWithClasses) -> None:
    """A file without some columns (None fields) leaves those fields as they are."""
    upsert(school, ROWS)
    sparse = st.StudentInput(
        full_name="Nguyễn Văn An",
        date_of_birth=date(2014, 9, 5),
        sex="Nam",
        personal_id="038214000111",
    )
    report = upsert(school, [sparse])
    assert report.rows[0].action is st.RowAction.UNCHANGED


def test_any_rejected_row_writes_nothing(school: SchoolWithClasses) -> None:
    """One bad row rejects the whole write with a message naming the row; the database is untouched."""
    bad = [*ROWS, st.StudentInput(full_name="Lê Văn 3", date_of_birth=date(2014, 1, 1), sex="Nam")]
    size = journal_size(school)
    with pytest.raises(ValidationError, match="Có 1 dòng bị từ chối.*Dòng 4: Họ và tên"):
        upsert(school, bad)
    assert journal_size(school) == size
    report = upsert(school, bad, skip_rejected=True)
    assert [r.action for r in report.rows] == ["insert", "insert", "insert", "reject"]


def test_rejections_by_kind(school: SchoolWithClasses) -> None:
    """Duplicates inside the file, unknown classes and ID/code conflicts are rejected with reasons."""
    upsert(school, ROWS)
    rows = [
        st.StudentInput(full_name="Hà Văn Tú", date_of_birth=date(2013, 1, 1), sex="Nam", class_name="9A9"),
        st.StudentInput(full_name="Hà Văn Tư", date_of_birth=date(2013, 1, 1), sex="Nam", personal_id="038213000999"),
        st.StudentInput(full_name="Hà Văn Tứ", date_of_birth=date(2013, 1, 1), sex="Nam", personal_id="038213000999"),
        replace(ROWS[0], student_code="HS-0007"),
    ]  # fmt: skip
    sec = school.actor("secretary")
    with school.db.read() as s:
        plan = st.plan_upsert(s, sec, rows)
    kinds = [[i.code for i in r.errors] for r in plan.rows]
    assert kinds == [["class_not_found"], [], ["personal_id_batch_duplicate"], ["match_conflict"]]
    assert "dòng 2" in plan.rows[2].errors[0].message


def test_identical_row_without_id_is_unchanged_but_a_variant_warns(
    school: SchoolWithClasses,
) -> None:
    """Re-importing an ID-less row matches its identical record; a different one only warns."""
    upsert(school, ROWS)
    sec = school.actor("secretary")
    with school.db.read() as s:
        again = st.plan_upsert(s, sec, [ROWS[1]]).rows[0]
        variant = st.plan_upsert(s, sec, [replace(ROWS[1], class_name="7A1")]).rows[0]
    assert again.action is st.RowAction.UNCHANGED
    assert variant.action is st.RowAction.INSERT
    assert [w.code for w in variant.warnings] == ["duplicate_candidate"]


class CancelAfter:
    """A progress that asks to cancel after a number of updates."""

    def __init__(self, updates: int) -> None:
        self.left = updates

    def update(self, done: int, total: int, label: str = "", unit: str = "") -> None:
        self.left -= 1

    @property
    def cancelled(self) -> bool:
        return self.left < 0


def test_cancel_writes_nothing(school: SchoolWithClasses) -> None:
    """Cancelling mid-way raises Cancelled and the unit of work leaves no trace."""
    size = journal_size(school)
    with pytest.raises(Cancelled):
        upsert(school, ROWS * 1, progress=CancelAfter(1))
    assert journal_size(school) == size
    with school.db.read() as s:
        assert st.count_students(s, school.actor("admin"), st.StudentFilter()) == 0


def test_exported_values_reimport_unchanged(school: SchoolWithClasses) -> None:
    """``as_inputs`` gives template values that re-import as all unchanged (export round trip)."""
    upsert(school, ROWS)
    admin = school.actor("admin")
    with school.db.uow(actor=admin) as s:
        values = st.as_inputs(s, admin, st.StudentFilter(), include_personal_id=True)
    assert [v.sex for v in values] == ["Nam", "Nữ", "Nam"]  # name order: An, Bảo, Đức
    assert values[1].ethnicity == "Mường" and values[0].personal_id == "038214000111"
    again = upsert(school, values)
    assert [r.action for r in again.rows] == [st.RowAction.UNCHANGED] * 3
    with school.db.read() as s:
        events = [e for e in journal.query(s, journal.JournalFilter(op="event"))]
    assert [e.changes["event"] for e in events] == ["export_personal_id"]


def test_index_check_finds_stale_rows(school: SchoolWithClasses) -> None:
    """``main.py check`` notices a student whose sort key no longer matches the name."""
    from app.students.integrity import verify_index

    saved = upsert(school, ROWS).rows[0]
    with school.db.read() as s:
        assert verify_index(s).ok
    with school.db.uow(actor=school.actor("admin")) as s:
        s.get(st.Student, saved.student_id).sort_key = "zzz"
    with school.db.read() as s:
        result = verify_index(s)
    assert not result.ok and result.stale == 1 and "1 học sinh có khóa sắp xếp cũ" in result.message

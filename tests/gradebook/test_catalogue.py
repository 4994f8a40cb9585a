"""Subject catalogue per school year, semesters with dates, teaching assignments."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from app import school
from app.errors import Conflict, PermissionDenied, ValidationError
from app.gradebook import assignments, catalogue, electives, terms
from app.gradebook.catalogue import SubjectEdit, seed_rows
from app.gradebook.entry import CellEdit, save_scores
from app.gradebook.grid import grade_grid
from app.gradebook.models import Subject
from tests.gradebook.conftest import YEAR, GradeSchool, make_class


def test_seed_file_matches_domain_section_1() -> None:
    """The bundled seed carries DOMAIN §1's period counts, comment-only subjects and provenance."""
    rows = {(r.level, r.grade, r.name): r for r in seed_rows()}
    assert rows[("thcs", 6, "Công nghệ")].periods_per_year == 35
    assert rows[("thcs", 8, "Công nghệ")].periods_per_year == 52
    assert rows[("thpt", 10, "Lịch sử")].periods_per_year == 52
    assert (
        rows[("thpt", 11, "Vật lí")].elective
        and rows[("thpt", 11, "Vật lí")].periods_per_year == 70
    )
    comment = {r.name for r in seed_rows() if r.level != "tieu_hoc" and r.comment_only}
    assert comment == {
        "Giáo dục thể chất",
        "Nghệ thuật",
        "Âm nhạc",
        "Mĩ thuật",
        "Nội dung giáo dục của địa phương",
        "Hoạt động trải nghiệm, hướng nghiệp",
    }
    assert all("[verify]" in r.provenance for r in seed_rows())
    thcs6 = [r for r in seed_rows() if r.level == "thcs" and r.grade == 6]
    assert len(thcs6) == 12


def test_catalogue_is_per_year_and_copies_forward(gs: GradeSchool) -> None:
    """A new year copies the previous one; editing it leaves the finished year as it was."""
    with gs.db.uow(actor=gs.admin) as s:
        catalogue.update_subject(
            s, gs.admin, gs.subjects["Toán"], SubjectEdit(periods_per_year=105, short_name="T")
        )
        school.add_year(s, gs.admin, "2026-2027")  # copies the catalogue as it stands now
        copied = s.scalar(
            select(func.count()).select_from(Subject).where(Subject.school_year == "2026-2027")
        )
        assert copied == 12 * 4
        assert catalogue.ensure_catalogue(s, gs.admin, "2026-2027") == 0
        new = catalogue.find_subject(s, "2026-2027", 6, "t")
        catalogue.update_subject(s, gs.admin, new.id, SubjectEdit(periods_per_year=70))
        old = catalogue.find_subject(s, YEAR, 6, "Toán")
        assert (old.periods_per_year, new.periods_per_year, new.short_name) == (105, 70, "T")
        assert catalogue.info(new).regular_count == 3 and catalogue.info(old).regular_count == 4


def test_catalogue_edits_are_checked(gs: GradeSchool) -> None:
    """Bad period counts, duplicate names and teachers editing the catalogue are refused."""
    with gs.db.uow(actor=gs.admin) as s:
        with pytest.raises(ValidationError):
            catalogue.update_subject(
                s, gs.admin, gs.subjects["Toán"], SubjectEdit(periods_per_year=0)
            )
        with pytest.raises(Conflict):
            catalogue.update_subject(s, gs.admin, gs.subjects["Toán"], SubjectEdit(name="Ngữ văn"))
        with pytest.raises(PermissionDenied):
            catalogue.update_subject(
                s, gs.teacher, gs.subjects["Toán"], SubjectEdit(periods_per_year=70)
            )
        added = catalogue.add_subject(
            s, gs.admin, YEAR, 6, "Tiếng dân tộc Thái", 105, short_name="TDT"
        )
        assert (added.regular_count, added.provenance) == (4, "Nhà trường bổ sung")
        with pytest.raises(ValidationError):
            electives.set_electives(s, gs.admin, gs.class_id, [gs.subjects["Toán"]])


def test_semesters_have_dates(gs: GradeSchool) -> None:
    """Default HK I/HK II dates split the year in mid-January; edits must stay inside and not overlap."""
    with gs.db.uow(actor=gs.admin) as s:
        first, second = terms.list_semesters(s, YEAR)
        assert (first.start_date, first.end_date, second.start_date, second.end_date) == (
            date(2025, 9, 5),
            date(2026, 1, 15),
            date(2026, 1, 16),
            date(2026, 5, 31),
        )
        assert first.label == "Học kì I" and first.stored
        terms.set_semester_dates(s, gs.admin, YEAR, 1, date(2025, 9, 5), date(2026, 1, 10))
        with pytest.raises(ValidationError):
            terms.set_semester_dates(s, gs.admin, YEAR, 2, date(2026, 1, 5), date(2026, 5, 25))
        with pytest.raises(ValidationError):
            terms.set_semester_dates(s, gs.admin, YEAR, 2, date(2026, 1, 16), date(2026, 6, 30))
        with pytest.raises(PermissionDenied):
            terms.set_semester_dates(s, gs.teacher, YEAR, 1, date(2025, 9, 5), date(2026, 1, 12))
        found = terms.semester_on(s, date(2026, 1, 20))
        assert found is not None and found.number == 2


def test_teaching_assignments(gs: GradeSchool) -> None:
    """Assign, list, refuse duplicates and subjects the class does not study; unassigning revokes entry."""
    with gs.db.uow(actor=gs.admin) as s:
        info = assignments.assign_teacher(
            s, gs.admin, gs.class_id, gs.subjects["Ngữ văn"], "gv.khac"
        )
        assert (info.class_name, info.subject_name, info.teacher_username) == (
            "6A1",
            "Ngữ văn",
            "gv.khac",
        )
        with pytest.raises(Conflict):
            assignments.assign_teacher(s, gs.admin, gs.class_id, gs.subjects["Ngữ văn"], "gv.khac")
        with pytest.raises(PermissionDenied):
            assignments.assign_teacher(
                s, gs.teacher, gs.class_id, gs.subjects["Tin học"], "u_teacher"
            )
        mine = assignments.my_assignments(s, gs.outsider, YEAR)
        assert [(a.class_name, a.subject_name) for a in mine] == [("6A1", "Ngữ văn")]
        listed = assignments.list_assignments(s, gs.actor("secretary"), YEAR, class_id=gs.class_id)
        assert {(a.subject_name, a.teacher_username) for a in listed} == {
            ("Toán", "u_teacher"),
            ("Ngữ văn", "gv.khac"),
        }
    cell = [CellEdit(gs.students["Lê Văn Anh"], "TX1", "7")]
    with gs.db.uow(actor=gs.outsider) as s:
        save_scores(s, gs.outsider, gs.class_id, gs.subjects["Ngữ văn"], 1, cell)
    with gs.db.uow(actor=gs.admin) as s:
        assignments.unassign_teacher(s, gs.admin, info.id)
    with pytest.raises(PermissionDenied), gs.db.uow(actor=gs.outsider) as s:
        save_scores(s, gs.outsider, gs.class_id, gs.subjects["Ngữ văn"], 1, cell)


def test_grid_fingerprint_tracks_changes(gs: GradeSchool) -> None:
    """The fingerprint is stable while nothing changes and differs after any cell changes."""

    def fingerprint() -> str:
        with gs.db.read() as s:
            return grade_grid(s, gs.admin, gs.class_id, gs.subjects["Toán"], 1).fingerprint()

    empty = fingerprint()
    assert fingerprint() == empty
    with gs.db.uow(actor=gs.admin) as s:
        save_scores(
            s,
            gs.admin,
            gs.class_id,
            gs.subjects["Toán"],
            1,
            [CellEdit(gs.students["Lê Văn Anh"], "TX1", "7")],
        )
    assert fingerprint() != empty


def test_primary_classes_are_refused_not_miscomputed(gs: GradeSchool) -> None:
    """A grade-5 class is assessed under TT27, so the TT22 grid refuses it with a clear message."""
    primary = make_class(gs.db, "5A", 5, None)
    with gs.db.read() as s, pytest.raises(ValidationError) as err:
        grade_grid(s, gs.admin, primary, gs.subjects["Toán"], 1)
    assert "Thông tư 27" in err.value.message

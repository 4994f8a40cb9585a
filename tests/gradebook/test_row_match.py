"""A grade, a name or a row changed behind the app's back no longer matches the journal
(issue 15 §1; decision 015): ``check`` names it, on SQLite and PostgreSQL."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import insert, text

from app.checks import check_rows
from app.gradebook.models import Semester
from app.labels import entity_label
from app.messages.seals import SEAL_MSG
from app.safety.row_match import verify_rows
from tests.gradebook.conftest import GradeSchool, fill_year


def _rows(gs: GradeSchool):
    with gs.db.read() as s:
        return verify_rows(s)


def test_a_school_worked_through_the_app_matches_its_journal(gs: GradeSchool) -> None:
    """Grades, conduct, students and accounts written by the services: every row matches."""
    fill_year(gs, next(iter(gs.students)), {"Toán": "7,5"})
    result = _rows(gs)
    assert result.ok and result.rows > 100
    outcome = check_rows(gs.db)
    assert outcome.ok and outcome.message == result.message


def test_a_grade_edited_in_the_database_is_named(gs: GradeSchool) -> None:
    """A score raised by hand in an unlocked semester: the chain is intact, the row is not."""
    fill_year(gs, next(iter(gs.students)), {"Toán": "4"})
    with gs.db.engine.begin() as conn:
        row_id, value = conn.execute(text("SELECT id, value FROM assessment LIMIT 1")).one()
        assert value != "9,5"
        conn.execute(text("UPDATE assessment SET value = '9,5' WHERE id = :i"), {"i": row_id})
    result = _rows(gs)
    assert result.count == 1 and "«Giá trị»" in result.problems[0]
    assert not check_rows(gs.db).ok


def test_a_student_renamed_added_or_deleted_by_hand_is_named(gs: GradeSchool) -> None:
    """An identity field edited, an enrolment deleted and a semester inserted without the app:
    each is named, with the record's id."""
    first, second = list(gs.students)[:2]
    with gs.db.engine.begin() as conn:
        conn.execute(
            text("UPDATE student SET full_name = 'Tên Khác' WHERE id = :i"),
            {"i": gs.students[first].hex if gs.db.path else gs.students[first]},
        )
        conn.execute(
            text("DELETE FROM enrolment WHERE student_id = :i"),
            {"i": gs.students[second].hex if gs.db.path else gs.students[second]},
        )
        extra = uuid.uuid4()
        conn.execute(
            insert(Semester.__table__).values(
                id=extra, school_code="THCS0001", school_year="2040-2041", number=1,
                start_date=date(2040, 9, 5), end_date=date(2041, 1, 15),
            )
        )  # fmt: skip
    result = _rows(gs)
    assert result.count == 3, result.problems
    text_of = " ".join(result.problems)
    assert f"{gs.students[first]} ({first}): «Họ và tên»" in text_of
    assert "đã bị xóa khỏi CSDL ngoài ứng dụng" in text_of
    assert SEAL_MSG.row_unrecorded.format(what=f"{entity_label('semester')} {extra}") in text_of

"""The new school year on hand-made fixtures: every outcome, edits, a second run, waiting students."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from app import school
from app.accounts import User
from app.errors import PermissionDenied, ValidationError
from app.gradebook.conduct import save_summer_conduct
from app.gradebook.retests import save_retest
from app.journal_schema import JournalEntry
from app.rollover.apply import ClassEdit
from app.rollover.plan import Action, StudentMove
from app.students import events
from app.students.inputs import Status
from app.students.models import ClassGroup, Enrolment, EventKind, Student, StudentEvent
from tests.rollover.conftest import ANH, ANH2, BAO, CHAU, NEXT, WEAK, Rollover, give_year


def _year_end(ro: Rollover) -> None:
    """Promoted, retained (50 sessions absent), re-test, summer training; 9A1: one passes."""
    gs = ro.gs
    give_year(ro.db, gs.class_id, gs.students[ANH])
    give_year(ro.db, gs.class_id, gs.students[ANH2], absent=50)
    give_year(ro.db, gs.class_id, gs.students[BAO], WEAK, conduct=("Khá", "Khá"))
    give_year(ro.db, gs.class_id, gs.students[CHAU], conduct=("Đạt", "Chưa đạt"))
    give_year(ro.db, ro.final_class, ro.finalists["Đỗ Thị Hà"])


def _by_name(moves: tuple[StudentMove, ...]) -> dict[str, StudentMove]:
    return {m.full_name: m for m in moves}


def _class_of(ro: Rollover, name: str) -> str | None:
    with ro.db.read() as s:
        stmt = (
            select(ClassGroup.name)
            .join(Enrolment, Enrolment.class_id == ClassGroup.id)
            .join(Student, Student.id == Enrolment.student_id)
            .where(Student.full_name == name, Enrolment.school_year == NEXT,
                   Enrolment.end_date.is_(None))
        )  # fmt: skip
        return s.scalar(stmt)


def _journal_size(ro: Rollover) -> int:
    with ro.db.read() as s:
        return int(s.scalar(select(func.count()).select_from(JournalEntry)) or 0)


def test_preview_sorts_every_outcome(ro: Rollover) -> None:
    """The preview: promoted to 7A1, retained in 6A1, re-test and summer wait, grade 9 leaves."""
    _year_end(ro)
    with ro.db.uow(actor=ro.admin) as s:
        events.withdraw(s, ro.admin, ro.finalists["Vũ Minh Khoa"], on=date(2026, 1, 10),
                        reason="Gia đình chuyển vào Nam")  # fmt: skip
    plan = ro.plan()
    moves = _by_name(plan.students)
    assert (moves[ANH].action, moves[ANH].target) == (Action.PROMOTE, "7A1")
    assert (moves[ANH2].action, moves[ANH2].target) == (Action.REPEAT, "6A1")
    assert "45" in moves[ANH2].reason
    assert moves[BAO].action is Action.WAIT and "kiểm tra lại" in moves[BAO].reason
    assert moves[CHAU].action is Action.WAIT and "rèn luyện trong hè" in moves[CHAU].reason
    ha = moves["Đỗ Thị Hà"]
    assert ha.action is Action.GRADUATE and "Hoàn thành chương trình THCS" in ha.reason
    khoa = moves["Vũ Minh Khoa"]
    assert khoa.action is Action.LEFT and "Thôi học" in khoa.reason
    assert {m.full_name for m in plan.exceptions} == {ANH2, BAO, CHAU, "Vũ Minh Khoa"}
    classes = {c.key: c for c in plan.classes}
    assert set(classes) == {"6A1", "7A1"}
    assert (classes["7A1"].promoted, classes["7A1"].homeroom, classes["7A1"].exists) == (
        1, "gv.cn", False)  # fmt: skip
    assert (classes["6A1"].repeating, classes["6A1"].homeroom) == (1, "")
    assert not plan.target_exists and not plan.changes_nothing


def test_apply_then_second_run_changes_nothing(ro: Rollover) -> None:
    """Apply creates the year, its subjects and classes and places students; a rerun writes nothing."""
    _year_end(ro)
    applied = ro.apply()
    assert applied.year_created and applied.classes_created == 2
    # waiting: the re-test, the summer training and Vũ Minh Khoa, who has no results at all
    assert (applied.promoted, applied.repeated, applied.graduated, applied.waiting) == (1, 1, 1, 3)
    khoa = _by_name(ro.plan().students)["Vũ Minh Khoa"]
    assert khoa.action is Action.WAIT and khoa.reason.startswith("Chưa đủ kết quả cả năm")
    assert _class_of(ro, ANH) == "7A1" and _class_of(ro, ANH2) == "6A1"
    assert _class_of(ro, BAO) is None
    with ro.db.read() as s:
        years = {y.name: y for y in school.list_years(s)}
        assert NEXT in years and years["2025-2026"].is_current  # the switch is a separate step
        ha = s.get(Student, ro.finalists["Đỗ Thị Hà"])
        assert ha is not None and ha.status == Status.GRADUATED
        event = s.scalar(select(StudentEvent).where(StudentEvent.student_id == ha.id))
        assert event is not None and event.kind == EventKind.GRADUATION
        assert event.school_year == "2025-2026" and "THCS" in event.details
        old = s.scalar(select(Enrolment).where(Enrolment.student_id == ro.gs.students[ANH],
                                               Enrolment.school_year == "2025-2026"))  # fmt: skip
        assert old is not None and old.end_date == years["2025-2026"].end_date
        from app.gradebook.models import Subject

        assert s.scalar(select(func.count()).where(Subject.school_year == NEXT))
    size = _journal_size(ro)
    again = ro.plan()
    assert again.changes_nothing
    assert _by_name(again.students)[ANH].action is Action.PLACED
    second = ro.apply()
    assert not second.wrote and _journal_size(ro) == size


def test_waiting_students_are_placed_when_their_result_arrives(ro: Rollover) -> None:
    """Re-tests passed: promoted into 7A1; summer training failed: retained in 6A1."""
    _year_end(ro)
    ro.apply()
    gs = ro.gs
    with ro.db.uow(actor=ro.admin) as s:
        for subject in ("Toán", "Ngữ văn"):
            save_retest(s, ro.admin, gs.class_id, gs.subjects[subject], gs.students[BAO], "6")
        save_summer_conduct(s, ro.admin, gs.class_id, gs.students[CHAU], "Chưa đạt")
    moves = _by_name(ro.plan().students)
    assert moves[BAO].action is Action.PROMOTE and moves[CHAU].action is Action.REPEAT
    placed = ro.apply(place=True)
    assert (placed.promoted, placed.repeated, placed.classes_created) == (1, 1, 0)
    assert placed.waiting == 1
    assert _class_of(ro, BAO) == "7A1" and _class_of(ro, CHAU) == "6A1"
    assert ro.plan().changes_nothing and len(ro.plan().waiting) == 1  # Khoa: no results yet


def test_place_needs_the_rollover_first(ro: Rollover) -> None:
    """Placing waiting students before the new year exists is refused with a plain message."""
    _year_end(ro)
    with pytest.raises(Exception, match="Chuyển năm học"):
        ro.apply(place=True)


def test_edits_rename_classes_and_change_homerooms(ro: Rollover) -> None:
    """A renamed class is created under its new name with the chosen teacher; a wrong grade is refused."""
    _year_end(ro)
    with pytest.raises(ValidationError, match="khối 7"):
        ro.apply({"7A1": ClassEdit(name="8A1")})
    applied = ro.apply({"7A1": ClassEdit(name="7a2", homeroom="gv.khac"),
                        "6A1": ClassEdit(homeroom="gv.cn")})  # fmt: skip
    assert applied.classes_created == 2
    assert _class_of(ro, ANH) == "7A2"
    with ro.db.read() as s:
        stmt = (
            select(ClassGroup.name, User.username)
            .join(User, User.id == ClassGroup.homeroom_teacher_id)
            .where(ClassGroup.school_year == NEXT)
        )
        leaders = {name: user for name, user in s.execute(stmt)}
    assert leaders == {"7A2": "gv.khac", "6A1": "gv.cn"}
    # a student placed later follows 6A1 to where it went up: the renamed class, not a new 7A1
    gs = ro.gs
    with ro.db.uow(actor=ro.admin) as s:
        for subject in ("Toán", "Ngữ văn"):
            save_retest(s, ro.admin, gs.class_id, gs.subjects[subject], gs.students[BAO], "6")
    proposals = {c.key: c for c in ro.plan().classes}
    assert set(proposals) == {"7A2"} and proposals["7A2"].exists
    assert proposals["7A2"].homeroom == "gv.khac"


def test_transferred_out_students_are_not_carried(ro: Rollover) -> None:
    """A student who transferred out during the year is listed, never placed."""
    _year_end(ro)
    with ro.db.uow(actor=ro.admin) as s:
        events.transfer_out(s, ro.admin, ro.gs.students[ANH], on=date(2026, 3, 2),
                            reason="Theo gia đình", to_school="Trường THCS Lê Lợi")  # fmt: skip
    moves = _by_name(ro.plan().students)
    assert moves[ANH].action is Action.LEFT and "Chuyển đi" in moves[ANH].reason
    ro.apply()
    assert _class_of(ro, ANH) is None


def test_only_principal_and_admin_may_roll_over(ro: Rollover) -> None:
    """A secretary or a teacher cannot even preview the new year."""
    for role in ("secretary", "teacher"):
        with pytest.raises(PermissionDenied):
            ro.plan(ro.gs.actor(role))
    assert ro.plan(ro.gs.actor("principal")).target == NEXT


def test_years_must_follow_each_other(ro: Rollover) -> None:
    """2025-2026 → 2027-2028 is refused: the new year is the one right after."""
    from app.rollover.plan import build_plan

    with pytest.raises(ValidationError, match="2026-2027"), ro.db.read() as s:
        build_plan(s, ro.admin, "2025-2026", "2027-2028")


def test_thpt_class_keeps_its_electives(ro: Rollover) -> None:
    """10A1 with Vật lí, Hóa học, Sinh học, Tin học goes up to 11A1 with the same combination."""
    from app.gradebook.electives import set_electives
    from app.gradebook.models import ClassElective, Subject
    from tests.gradebook.conftest import build_thpt_class

    thpt = build_thpt_class(ro.gs)
    combo = ("Vật lí", "Hóa học", "Sinh học", "Tin học")
    with ro.db.uow(actor=ro.admin) as s:
        set_electives(s, ro.admin, thpt.class_id, thpt.ids(*combo))
    give_year(ro.db, thpt.class_id, thpt.student_id)
    applied = ro.apply()
    assert applied.promoted == 1 and _class_of(ro, "Đỗ Thị Hà") == "11A1"
    with ro.db.read() as s:
        stmt = (
            select(Subject.name, Subject.grade)
            .join(ClassElective, ClassElective.subject_id == Subject.id)
            .join(ClassGroup, ClassGroup.id == ClassElective.class_id)
            .where(ClassGroup.name == "11A1", ClassGroup.school_year == NEXT)
        )
        chosen = {(name, grade) for name, grade in s.execute(stmt)}
    assert chosen == {(name, 11) for name in combo}

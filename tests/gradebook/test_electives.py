"""A class's elective subjects: the programme's limits, permissions, locks, scores, journal."""

from __future__ import annotations

import uuid

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import func, select

from app.changes import Changes
from app.db import Actor
from app.errors import PermissionDenied, ValidationError
from app.gradebook import assignments, catalogue, electives, locking
from app.gradebook.catalogue import SubjectEdit, seed_rows
from app.gradebook.electives import ClassElectives, ElectiveOption, choice_problem
from app.gradebook.entry import CellEdit, save_scores
from app.journal import JournalEntry
from app.students.models import ClassGroup
from tests.gradebook.conftest import YEAR, GradeSchool, ThptClass, add_level, make_class

SCIENCE = ("Vật lí", "Hóa học", "Sinh học", "Tin học")
SOCIAL = ("Địa lí", "Giáo dục kinh tế và pháp luật", "Công nghệ", "Tin học")


def choose(t: ThptClass, names: tuple[str, ...], actor: Actor | None = None, reason: str = ""):  # type: ignore[no-untyped-def]
    """Set 10A1's electives by name in one unit of work."""
    who = actor or t.admin
    with t.db.uow(actor=who) as s:
        return electives.set_electives(s, who, t.class_id, t.ids(*names), reason)


def chosen_names(t: ThptClass) -> list[str]:
    with t.db.read() as s:
        return [o.name for o in electives.class_electives(s, t.admin, t.class_id).chosen]


def journal_rows(t: ThptClass, entity: str = "class_elective") -> list[tuple[str, str]]:
    with t.db.read() as s:
        stmt = select(JournalEntry.op, JournalEntry.reason).where(
            JournalEntry.entity_type == entity
        )
        return [(op, reason) for op, reason in s.execute(stmt.order_by(JournalEntry.seq))]


def test_limits_follow_the_programme_as_data() -> None:
    """THPT grades study exactly 4 electives, primary 1–2 at most one, THCS has no limit row."""
    for grade in (10, 11, 12):
        limit = electives.limit_for(grade)
        assert limit is not None and (limit.minimum, limit.maximum) == (4, 4)
        assert "[verify]" in limit.provenance and "13/2022" in limit.provenance
    first = electives.limit_for(1)
    assert first is not None and (first.minimum, first.maximum) == (0, 1)
    assert electives.limit_for(3) is None and electives.limit_for(6) is None
    seeded = {(r.level, r.name) for r in seed_rows() if r.elective}
    assert seeded <= set(electives.group_names()), "every seeded elective has a display group"
    assert len({n for lvl, n in seeded if lvl == "thpt"}) == 9


def test_four_electives_are_set_and_five_refused(thpt: ThptClass) -> None:
    """Four electives become the class's subjects; five, or three, are refused naming the limit."""
    with pytest.raises(ValidationError) as five:
        choose(thpt, (*SCIENCE, "Địa lí"))
    assert five.value.message == "Lớp 10A1 phải học đúng 4 môn lựa chọn; đang chọn 5."
    with pytest.raises(ValidationError) as three:
        choose(thpt, SCIENCE[:3])
    assert "đang chọn 3" in three.value.message
    assert chosen_names(thpt) == []
    saved = choose(thpt, SCIENCE)
    assert saved.changes.touches("class_elective") and saved.added == SCIENCE
    assert chosen_names(thpt) == list(SCIENCE)
    with thpt.db.read() as s:
        group = s.get(ClassGroup, thpt.class_id)
        assert group is not None
        studied = {x.name for x in catalogue.class_subjects(s, group)}
    assert set(SCIENCE) <= studied and "Địa lí" not in studied and "Toán" in studied


def test_only_the_grades_active_electives_are_accepted(thpt: ThptClass) -> None:
    """A compulsory subject, another grade's elective, a repeat and a retired elective are refused."""
    with pytest.raises(ValidationError) as compulsory:
        choose(thpt, ("Toán", *SCIENCE[:3]))
    assert compulsory.value.message == "Môn Toán không phải môn lựa chọn của khối lớp 10A1."
    with thpt.db.read() as s:
        other = catalogue.find_subject(s, YEAR, 11, "Địa lí").id
    with pytest.raises(ValidationError), thpt.db.uow(actor=thpt.admin) as s:
        electives.set_electives(s, thpt.admin, thpt.class_id, [other, *thpt.ids(*SCIENCE[:3])])
    with pytest.raises(ValidationError) as twice:
        choose(thpt, (*SCIENCE[:3], "Vật lí"))
    assert twice.value.message == "Môn Vật lí được chọn hai lần."
    with thpt.db.uow(actor=thpt.admin) as s:
        catalogue.update_subject(
            s, thpt.admin, thpt.subjects["Mĩ thuật"], SubjectEdit(active=False)
        )
    with pytest.raises(ValidationError) as retired:
        choose(thpt, (*SCIENCE[:3], "Mĩ thuật"))
    assert "ngừng dạy" in retired.value.message


def test_only_class_managers_set_electives(thpt: ThptClass) -> None:
    """Teachers and the principal cannot set a class's electives; the secretary can."""
    for role in ("teacher", "principal"):
        with pytest.raises(PermissionDenied):
            choose(thpt, SCIENCE, thpt.gs.actor(role))
    choose(thpt, SCIENCE, thpt.gs.actor("secretary"))
    assert chosen_names(thpt) == list(SCIENCE)
    with pytest.raises(PermissionDenied), thpt.db.read() as s:
        electives.class_electives(s, thpt.gs.outsider, thpt.class_id)


def test_the_same_choice_again_changes_nothing(thpt: ThptClass) -> None:
    """Setting the current choice again (in any order, without a reason) writes nothing."""
    choose(thpt, SCIENCE)
    with thpt.db.read() as s:
        before = s.scalar(select(func.count()).select_from(JournalEntry))
    again = choose(thpt, tuple(reversed(SCIENCE)))
    assert again.changes == Changes() and (again.added, again.removed) == ((), ())
    assert again.chosen == SCIENCE
    with thpt.db.read() as s:
        assert s.scalar(select(func.count()).select_from(JournalEntry)) == before


def test_changes_are_journalled_with_their_reason(thpt: ThptClass) -> None:
    """The first choice gets a default reason; changing it needs a written one, kept per row."""
    choose(thpt, SCIENCE)
    assert journal_rows(thpt) == [("insert", "Chọn môn lựa chọn cho lớp 10A1")] * 4
    with pytest.raises(ValidationError) as bare:
        choose(thpt, SOCIAL)
    assert "phải ghi rõ lý do" in bare.value.message
    saved = choose(thpt, SOCIAL, reason="Lớp chuyển sang tổ hợp xã hội")
    assert set(saved.removed) == {"Vật lí", "Hóa học", "Sinh học"}
    assert set(saved.added) == {"Địa lí", "Giáo dục kinh tế và pháp luật", "Công nghệ"}
    assert sorted(journal_rows(thpt)[4:]) == sorted(
        [("delete", "Lớp chuyển sang tổ hợp xã hội")] * 3
        + [("insert", "Lớp chuyển sang tổ hợp xã hội")] * 3
    )
    assert chosen_names(thpt) == list(SOCIAL)


def test_an_elective_with_scores_cannot_be_removed(thpt: ThptClass) -> None:
    """Dropping an elective that has scores is refused with its name and count; others go, with their teachers."""
    choose(thpt, SCIENCE)
    cells = [CellEdit(thpt.student_id, "TX1", "8"), CellEdit(thpt.student_id, "TX2", "7,5")]
    with thpt.db.uow(actor=thpt.admin) as s:
        save_scores(s, thpt.admin, thpt.class_id, thpt.subjects["Vật lí"], 1, cells)
        assignments.assign_teacher(
            s, thpt.admin, thpt.class_id, thpt.subjects["Tin học"], "gv.khac"
        )
    with pytest.raises(ValidationError) as scored:
        choose(thpt, ("Địa lí", "Hóa học", "Sinh học", "Tin học"), reason="Đổi tổ hợp môn")
    assert scored.value.message == (
        "Không bỏ được môn Vật lí của lớp 10A1: đã ghi 2 điểm và nhận xét của môn này. "
        "Muốn đổi môn, phải xóa các điểm đó trước."
    )
    saved = choose(thpt, ("Vật lí", "Hóa học", "Sinh học", "Địa lí"), reason="Đổi Tin học")
    assert (saved.removed, saved.unassigned) == (("Tin học",), 1)
    assert saved.changes.touches("teaching_assignment")
    assert journal_rows(thpt, "teaching_assignment")[-1] == ("delete", "Đổi Tin học")
    with thpt.db.read() as s:
        options = electives.class_electives(s, thpt.admin, thpt.class_id).options
    assert {o.name: o.scores for o in options}["Vật lí"] == 2


def test_a_locked_grade_book_freezes_the_choice(thpt: ThptClass) -> None:
    """While a semester of the class is locked no elective changes; the same choice still passes."""
    choose(thpt, SCIENCE)
    with thpt.db.uow(actor=thpt.admin) as s:
        locking.lock_semester(s, thpt.admin, thpt.class_id, 1)
    with pytest.raises(ValidationError) as locked:
        choose(thpt, SOCIAL, reason="Đổi tổ hợp môn")
    assert locked.value.message.startswith("Sổ điểm lớp 10A1 Học kì I đã khóa")
    assert choose(thpt, SCIENCE).changes == Changes()
    with thpt.db.read() as s:
        assert electives.class_electives(s, thpt.admin, thpt.class_id).locked == (1,)


def test_primary_first_grade_may_add_one_optional_subject(gs: GradeSchool) -> None:
    """Grade 1 may add Ngoại ngữ 1 (0 or 1 elective) and later drop it with a reason."""
    add_level(gs, "tieu_hoc")
    class_id = make_class(gs.db, "1A", 1, None)
    with gs.db.uow(actor=gs.admin) as s:
        info = electives.class_electives(s, gs.admin, class_id)
        assert [(o.name, o.group) for o in info.options] == [("Ngoại ngữ 1", "Môn học tự chọn")]
        assert (info.minimum, info.maximum) == (0, 1)
        electives.set_electives(s, gs.admin, class_id, [info.options[0].subject_id])
    with gs.db.uow(actor=gs.admin) as s:
        saved = electives.set_electives(s, gs.admin, class_id, [], "Phụ huynh không đăng ký")
    assert saved.removed == ("Ngoại ngữ 1",) and saved.chosen == ()


def test_grouped_options_follow_the_groups_file(thpt: ThptClass) -> None:
    """The nine THPT electives come grouped: social sciences, natural sciences, technology and arts."""
    with thpt.db.read() as s:
        info = electives.class_electives(s, thpt.admin, thpt.class_id)
    assert [(g, len(items)) for g, items in info.grouped()] == [
        ("Khoa học xã hội", 2),
        ("Khoa học tự nhiên", 3),
        ("Công nghệ và nghệ thuật", 4),
    ]


def _info(
    count: int, *, chosen: int = 0, scores: int = 0, locked: tuple[int, ...] = ()
) -> ClassElectives:
    options = tuple(
        ElectiveOption(
            uuid.uuid4(), f"Môn {i}", "", "Nhóm", i < chosen, True, scores if i < chosen else 0
        )
        for i in range(count)
    )
    return ClassElectives(uuid.uuid4(), "10A1", YEAR, 10, 4, 4, "", options, locked)


def test_choice_problem_names_what_the_dialog_must_fix() -> None:
    """The pure check reports the count, the lock, scores and a missing reason, in that order."""
    info = _info(9)
    ids = [o.subject_id for o in info.options]
    assert choice_problem(info, ids[:4]) is None
    assert choice_problem(info, ids[:2]) == "Lớp 10A1 phải học đúng 4 môn lựa chọn; đang chọn 2."
    locked = _info(9, locked=(2,))
    assert "Học kì II đã khóa" in (
        choice_problem(locked, [o.subject_id for o in locked.options[:4]]) or ""
    )
    assert "không thuộc danh sách" in (choice_problem(info, [uuid.uuid4()]) or "")
    held = _info(9, chosen=4, scores=3)
    new = [o.subject_id for o in held.options[1:5]]
    assert "Không bỏ được môn Môn 0" in (choice_problem(held, new, "Đổi môn học") or "")
    free = _info(9, chosen=4)
    new = [o.subject_id for o in free.options[1:5]]
    assert "lý do" in (choice_problem(free, new) or "")
    assert choice_problem(free, new, "Đổi môn học") is None
    few = _info(3)
    assert "chỉ có 3 môn" in (choice_problem(few, [o.subject_id for o in few.options]) or "")


@given(st.sets(st.integers(min_value=0, max_value=8)))
def test_any_set_of_four_distinct_options_is_valid(picked: set[int]) -> None:
    """For a class with no choice yet, a set of options is valid exactly when it has four."""
    info = _info(9)
    ids = [info.options[i].subject_id for i in sorted(picked)]
    assert (choice_problem(info, ids) is None) == (len(picked) == 4)

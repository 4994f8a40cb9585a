"""The demo schools to explore the app with: a THCS/THPT school (default) or a primary school.

``build_demo`` writes a whole demo school in one unit of work, reporting each step
with counts ("Tạo học sinh mẫu — ghi dữ liệu: 1.250/3.000 học sinh"): cancelled
or failed, it leaves the database as empty as it found it.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from types import MappingProxyType

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import accounts, school, setup
from app.changes import Changes
from app.db import Actor, Database
from app.permissions import Role
from app.progress import NullProgress, Progress, Relabelled, check_cancel
from app.students import classes as student_classes
from app.students import demo_data, events
from app.students.bulk import upsert_students
from app.students.models import Student

DEMO_PASSWORD = "truongso2025"

DEMO_PROFILE = school.SchoolProfile(
    code="79000701",
    name="Trường THCS và THPT Nguyễn Trãi",
    levels=("thcs", "thpt"),
    province="Thanh Hóa",
    commune="Xã Ngọc Lặc",
    authority="Sở Giáo dục và Đào tạo Thanh Hóa",
    principal="Lê Thị Hồng Nhung",
    address="Thôn Minh Sơn, xã Ngọc Lặc, tỉnh Thanh Hóa",
    phone="0237 3871 234",
    email="c23nguyentrai@thanhhoa.edu.vn",
)

DEMO_USERS: tuple[tuple[str, str, str], ...] = (
    ("hieutruong", "Lê Thị Hồng Nhung", Role.PRINCIPAL),
    ("giaovu", "Phạm Thị Thu Hà", Role.SECRETARY),
    ("cntt", "Nguyễn Đức Thắng", Role.IT_COORDINATOR),
    ("thietbi", "Hoàng Văn Bình", Role.EQUIPMENT_OFFICER),
    ("gv.toan", "Trần Minh Tuấn", Role.TEACHER),
    ("gv.van", "Đỗ Thị Lan Anh", Role.TEACHER),
    ("gv.anh", "Vũ Thị Ngọc Ánh", Role.TEACHER),
)

SECONDARY = "thcs,thpt"
PRIMARY = "tieu_hoc"
DEMO_LEVELS = (SECONDARY, PRIMARY)
"""The demo schools there are, by their levels (``python main.py demo --levels``)."""
DEMO_STUDENTS = {SECONDARY: 1200, PRIMARY: 600}
"""Default number of demo students of each demo school."""

PRIMARY_PROFILE = school.SchoolProfile(
    code="38000915",
    name="Trường Tiểu học Minh Sơn",
    levels=("tieu_hoc",),
    province="Thanh Hóa",
    commune="Xã Ngọc Lặc",
    authority="Ủy ban nhân dân xã Ngọc Lặc",
    principal="Nguyễn Thị Thanh Hương",
    address="Thôn Minh Thành, xã Ngọc Lặc, tỉnh Thanh Hóa",
    phone="0237 3871 569",
    email="thminhson.ngoclac@thanhhoa.edu.vn",
)

PRIMARY_USERS: tuple[tuple[str, str, str], ...] = (
    ("hieutruong", "Nguyễn Thị Thanh Hương", Role.PRINCIPAL),
    ("giaovu", "Lê Thị Thu Trang", Role.SECRETARY),
    ("cntt", "Trịnh Văn Hùng", Role.IT_COORDINATOR),
    ("thietbi", "Phạm Thị Hằng", Role.EQUIPMENT_OFFICER),
    ("gv.1a", "Lê Thị Minh Nguyệt", Role.TEACHER),
    ("gv.2a", "Nguyễn Thị Hoa", Role.TEACHER),
    ("gv.3a", "Bùi Thị Thanh Tâm", Role.TEACHER),
    ("gv.4a", "Trịnh Văn Lâm", Role.TEACHER),
    ("gv.5a", "Đỗ Thị Hải Yến", Role.TEACHER),
    ("gv.anh", "Mai Thị Quỳnh Anh", Role.TEACHER),
    ("gv.tin", "Phạm Văn Khoa", Role.TEACHER),
)
"""The primary demo: gv.1a … gv.5a lead class A of their grade and teach most of its subjects;
gv.anh teaches Ngoại ngữ 1 and gv.tin Tin học và Công nghệ there."""


@dataclass(frozen=True)
class DemoSummary:
    """What the demo created, for the CLI and the wizard (``counts``: what filling it made)."""

    school_code: str
    users: tuple[str, ...]
    years: tuple[str, ...]
    password: str
    counts: Mapping[str, int] = field(default_factory=lambda: MappingProxyType({}))

    @property
    def changes(self) -> Changes:
        """What creating the demo wrote: the school, its years and accounts."""
        return setup.SETUP_CHANGES


def demo_school(
    levels: str = SECONDARY,
) -> tuple[school.SchoolProfile, tuple[tuple[str, str, str], ...]]:
    """The profile and users of the demo school of ``levels`` (one of ``DEMO_LEVELS``)."""
    if levels == PRIMARY:
        return PRIMARY_PROFILE, PRIMARY_USERS
    if levels == SECONDARY:
        return DEMO_PROFILE, DEMO_USERS
    raise ValueError(f"no demo school for levels {levels!r}")


DEMO_ACTOR = Actor.system("demo")
STUDENTS_STEP = "Tạo học sinh mẫu"
GRADES_STEP = "Tạo sổ điểm mẫu"


def build_demo(
    db: Database,
    admin_password: str = DEMO_PASSWORD,
    levels: str = SECONDARY,
    students: int | None = None,
    progress: Progress | None = None,
    *,
    year_end: bool = False,
) -> DemoSummary:
    """The whole demo school (``students``: the default of its kind) in one unit of work.

    With ``year_end`` the school stands at the end of its last finished year (``year_end_year``),
    every result in and the grade book locked, ready for a new school year.

    Each step is reported to ``progress``, and its Hủy stops the job: nothing is
    then committed, so the database is left as it was (empty, on a first run).
    """
    progress = progress or NullProgress()
    count = DEMO_STUDENTS[levels] if students is None else students
    with db.uow(actor=setup.SETUP_ACTOR, reason=setup.SETUP_REASON) as s:
        summary = _create_in(s, admin_password, levels, progress, year_end=year_end)
        counts = _fill_in(s, count, progress, year_end=year_end) if count > 0 else {}
        check_cancel(progress)
    db.school_code = summary.school_code
    return DemoSummary(summary.school_code, summary.users, summary.years, admin_password, counts)


def create_demo(
    db: Database,
    admin_password: str = DEMO_PASSWORD,
    levels: str = SECONDARY,
    *,
    year_end: bool = False,
) -> DemoSummary:
    """Create the demo school, this year and last, and one user per role, on an empty database
    (``year_end``: «this year» is the last finished one)."""
    with db.uow(actor=setup.SETUP_ACTOR, reason=setup.SETUP_REASON) as s:
        summary = _create_in(s, admin_password, levels, NullProgress(), year_end=year_end)
    db.school_code = summary.school_code
    return summary


def _step(s: Session, actor: Actor, reason: str) -> None:
    """What follows is journalled as ``actor`` with ``reason`` (what came before is flushed)."""
    s.flush()
    s.info.update(actor=actor, reason=reason)


def year_end_year(today: date) -> str:
    """The school year that last ended by ``today`` (31 May): the year-end demo's current year."""
    current = school.year_for(today)
    first = int(current[:4])
    return current if today > date(first + 1, 5, 31) else f"{first - 1}-{first}"


def _create_in(
    s: Session, password: str, levels: str, progress: Progress, *, year_end: bool = False
) -> DemoSummary:
    profile, users = demo_school(levels)
    today = date.today()
    current = year_end_year(today) if year_end else school.year_for(today)
    first = int(current[:4])
    previous = f"{first - 1}-{first}"
    making = "Tạo trường và tài khoản mẫu"
    progress.update(0, len(users) + 1, making, "tài khoản")
    setup.create(s, setup.SetupRequest(profile, "admin", "Quản trị hệ thống", password, current))
    _step(s, DEMO_ACTOR, "Tạo trường mẫu")
    s.info["school_code"] = profile.code
    school.add_year(s, DEMO_ACTOR, previous)
    for n, (username, full_name, role) in enumerate(users, start=1):
        check_cancel(progress)
        progress.update(n, len(users) + 1, making, "tài khoản")
        accounts.create_user(s, DEMO_ACTOR, username, full_name, role, password)
    progress.update(len(users) + 1, len(users) + 1, making, "tài khoản")
    names = ("admin",) + tuple(u for u, _, _ in users)
    return DemoSummary(profile.code, names, (previous, current), password)


def is_primary_school(db: Database) -> bool:
    """Whether the school teaches only primary grades (the primary demo)."""
    with db.read() as s:
        return _is_primary(s)


def _is_primary(s: Session) -> bool:
    return school.require_profile(s).levels == (PRIMARY,)


DEMO_HOMEROOMS: tuple[str, ...] = ("gv.toan", "gv.van", "gv.anh")
PRIMARY_HOMEROOM = "gv.{grade}a"
"""The primary demo's homeroom teacher of class A of a grade."""


def _demo_classes(s: Session, actor: Actor, students: int) -> list[tuple[str, int, int]]:
    """Create this year's classes for the demo school's grades; the demo teachers lead three."""
    plan = list(demo_data.class_plan(student_classes.school_grades(s), students))
    infos = [student_classes.create_class(s, actor, name) for name, _, _ in plan]
    firsts = [i for i in infos if i.name.endswith("1")]
    firsts = [firsts[0], firsts[len(firsts) // 2], firsts[-1]] if firsts else []
    for info, teacher in zip(firsts, DEMO_HOMEROOMS, strict=False):
        student_classes.set_homeroom(s, actor, info.id, teacher)
    return plan


def _primary_classes(s: Session, actor: Actor, students: int) -> list[tuple[str, int, int]]:
    """This year's primary classes (1A, 1B, …); class A of each grade has its homeroom teacher."""
    plan = list(demo_data.primary_class_plan(student_classes.school_grades(s), students))
    usernames = {u for u, _, _ in PRIMARY_USERS}
    for name, grade, _ in plan:
        leader = PRIMARY_HOMEROOM.format(grade=grade)
        homeroom = leader if name.endswith("A") and leader in usernames else None
        student_classes.create_class(s, actor, name, homeroom=homeroom)
    return plan


def _demo_events(
    s: Session,
    actor: Actor,
    rng: random.Random,
    count: int,
    other_schools: tuple[str, ...],
) -> int:
    """Transfer out or withdraw a few students (to ``other_schools``) during the current school year."""
    year = school.current_year(s)
    assert year is not None
    ids = list(s.scalars(select(Student.id).order_by(Student.student_code)))
    chosen = rng.sample(ids, min(count, len(ids)))
    last = max(date.today(), year.start_date + timedelta(days=45))
    span = (min(last, year.end_date) - year.start_date).days
    for n, sid in enumerate(chosen):
        on = year.start_date + timedelta(days=rng.randint(14, max(15, span)))
        if n % 3 == 2:
            events.withdraw(s, actor, sid, on=on, reason="Gia đình xin cho nghỉ học")
        else:
            school_name = rng.choice(other_schools)
            events.transfer_out(
                s, actor, sid, on=on, reason="Theo gia đình chuyển nơi ở", to_school=school_name
            )
    return len(chosen)


DEMO_OTHER_SCHOOLS = (
    "Trường THCS Lê Lợi, Thanh Hóa",
    "Trường THPT Lam Kinh, Thanh Hóa",
    "Trường THCS Nguyễn Du, Hà Nội",
    "Trường THCS Trần Phú, Nghệ An",
)
PRIMARY_OTHER_SCHOOLS = (
    "Trường Tiểu học Lê Lợi, Thanh Hóa",
    "Trường Tiểu học Minh Khai, Thanh Hóa",
    "Trường Tiểu học Nguyễn Du, Hà Nội",
    "Trường Tiểu học Trần Phú, Nghệ An",
)


def fill_demo(
    db: Database,
    students: int = 1200,
    progress: Progress | None = None,
    *,
    year_end: bool = False,
) -> dict[str, int]:
    """Fill the demo school with classes, students, guardians, transfers and grades (deterministic).

    One unit of work: cancelled through ``progress``, it writes nothing. The
    primary demo school (levels ``tieu_hoc``) gets primary classes and TT27
    assessments. Uses the bulk upsert path, so 1,200 students take a few seconds. With
    ``year_end`` the current year is filled whole and locked (see ``build_demo``).
    """
    with db.uow(actor=DEMO_ACTOR) as s:
        counts = _fill_in(s, students, progress or NullProgress(), year_end=year_end)
        check_cancel(progress or NullProgress())
    return counts


def _fill_in(
    s: Session, students: int, progress: Progress, *, year_end: bool = False
) -> dict[str, int]:
    actor = DEMO_ACTOR
    primary = _is_primary(s)
    _step(s, actor, "Tạo lớp học mẫu")
    progress.update(0, 0, "Tạo lớp học mẫu")
    plan = (_primary_classes if primary else _demo_classes)(s, actor, students) if students else []
    names = demo_data.DemoNames(seed=2025)
    _step(s, actor, STUDENTS_STEP)
    year = school.current_year(s)
    assert year is not None
    start = int(year.name[:4])
    inputs = [
        demo_data.demo_student(names, class_name, grade, start)
        for class_name, grade, count in plan
        for _ in range(count)
    ]
    report = upsert_students(
        s, actor, inputs, reason=STUDENTS_STEP, on=year.start_date,
        progress=Relabelled(progress, STUDENTS_STEP),
    )  # fmt: skip
    others = PRIMARY_OTHER_SCHOOLS if primary else DEMO_OTHER_SCHOOLS
    _step(s, actor, "Biến động học sinh mẫu")
    moved = _demo_events(s, actor, names.rng, max(1, students // 100), others) if students else 0
    guardians = sum(
        1 for i in inputs for name in (i.father_name, i.mother_name, i.guardian_name) if name
    )
    grading = Relabelled(progress, GRADES_STEP)
    grades = _fill_grades(s, primary, grading, year_end) if students else {}
    equipment = _fill_equipment(s, [name for name, _, _ in plan], primary, progress)
    return {
        "students": report.inserted,
        "classes": len(plan),
        "guardians": guardians,
        "events": moved,
        **{f"grades_{k}": v for k, v in grades.items()},
        **{f"equipment_{k}": v for k, v in equipment.items()},
    }


def _fill_equipment(
    s: Session, classes: list[str], primary: bool, progress: Progress
) -> dict[str, int]:
    """The inventory: rooms, the register, loans and a stocktake (app.equipment.demo)."""
    from app.equipment.demo import STEP, fill_inventory_in

    _step(s, DEMO_ACTOR, STEP)
    teachers = [u for u, _, role in (PRIMARY_USERS if primary else DEMO_USERS)
                if role == Role.TEACHER]  # fmt: skip
    return fill_inventory_in(s, DEMO_ACTOR, classes, teachers, progress)


def _fill_grades(s: Session, primary: bool, progress: Progress, year_end: bool) -> dict[str, int]:
    """The grade book of the demo school: TT27 for the primary one, TT22 otherwise."""
    if primary:
        from app.gradebook.primary_demo import fill_primary_grades_in

        _step(s, DEMO_ACTOR, "Tạo sổ theo dõi chất lượng giáo dục mẫu")
        return fill_primary_grades_in(s, DEMO_ACTOR, progress=progress, year_end=year_end)
    from app.gradebook.demo import fill_grades_in

    _step(s, DEMO_ACTOR, GRADES_STEP)
    return fill_grades_in(s, DEMO_ACTOR, progress=progress, year_end=year_end)

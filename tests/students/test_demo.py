"""Demo data: realistic, valid, deterministic, and loaded through the bulk path."""

from __future__ import annotations

from collections import Counter

import pytest
from sqlalchemy import func, select

from app import demo, school
from app import students as st
from app.db import Actor, Database
from app.students import demo_data
from app.students.check import validate_input


def sample(n: int, seed: int = 2025) -> list[st.StudentInput]:
    names = demo_data.DemoNames(seed)
    return [demo_data.demo_student(names, "6A1", 6, 2025) for _ in range(n)]


def test_generator_is_deterministic_and_valid() -> None:
    """The same seed gives the same students, and every one passes validation without warnings."""
    first, again = sample(300), sample(300)
    assert first == again
    for value in first:
        checked = validate_input(value, year_start=2025)
        assert checked.issues == (), (value.full_name, checked.issues)


def test_names_have_realistic_proportions() -> None:
    """Nguyễn leads among Kinh students (~38 %); "Thị" is only for girls, "Văn" only for boys."""
    rows = sample(3000)
    kinh = [r for r in rows if r.ethnicity == "Kinh"]
    families = Counter(r.full_name.split()[0] for r in kinh)
    assert 0.33 < families["Nguyễn"] / len(kinh) < 0.43
    assert families.most_common(1)[0][0] == "Nguyễn" and families["Trần"] > families["Vũ"]
    assert 0.65 < len(kinh) / len(rows) < 0.8
    for r in rows:
        middle = r.full_name.split()[1:-1]
        assert not ("Thị" in middle and r.sex == "Nam") and not ("Văn" in middle and r.sex == "Nữ")
    ids = [r.personal_id for r in rows if r.personal_id]
    assert len(ids) == len(set(ids)) and sum(i.startswith("038") for i in ids) / len(ids) > 0.9


def test_class_plan_spreads_students() -> None:
    """Students spread over every grade in classes of at most 43."""
    plan = list(demo_data.class_plan([6, 7, 8, 9, 10, 11, 12], 1200))
    assert sum(n for _, _, n in plan) == 1200
    assert {g for _, g, _ in plan} == set(range(6, 13)) and max(n for _, _, n in plan) <= 43
    assert plan[0][0] == "6A1" and plan[-1][0].startswith("12C")


@pytest.mark.slow
def test_fill_demo_counts(empty_db: Database) -> None:
    """fill_demo creates the classes, students, guardians, events and grades it reports."""
    demo.create_demo(empty_db)
    counts = demo.fill_demo(empty_db, 150)
    with empty_db.read() as s:
        n_students = s.scalar(select(func.count()).select_from(st.Student))
        n_guardians = s.scalar(select(func.count()).select_from(st.Guardian))
        n_events = s.scalar(select(func.count()).select_from(st.StudentEvent))
        year = school.current_year(s)
        assert year is not None
        classes = st.list_classes(s, Actor.system("test"), year.name)
    assert {k: counts[k] for k in ("students", "classes", "guardians", "events")} == {
        "students": 150,
        "classes": len(classes),
        "guardians": n_guardians,
        "events": 1,
    }
    assert counts["grades_assessments"] > 150 * 10
    assert n_students == 150 and n_events == 1 and len(classes) == 7
    assert year is not None and {c.school_year for c in classes} == {year.name}
    assert sum(1 for c in classes if c.homeroom_username) == 3

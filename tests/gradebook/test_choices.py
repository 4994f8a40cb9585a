"""Which classes each role may open in the grade book, and what it keeps there: the rule in app/, no Qt."""

from __future__ import annotations

import pytest

from app.db import Actor
from app.gradebook import access, catalogue
from app.gradebook.choices import (
    ClassChoice,
    is_class_teacher,
    keeps_homeroom_records,
    load_classes,
    sees_homeroom_tabs,
)
from app.permissions import Role
from tests.gradebook.conftest import YEAR, GradeSchool


def _classes(gs: GradeSchool, actor: Actor) -> tuple[ClassChoice, ...]:
    with gs.db.read(actor) as s:
        return load_classes(s, actor, YEAR)


def _all_subjects(gs: GradeSchool) -> set[str]:
    with gs.db.read() as s:
        group = access.get_class(s, gs.class_id)
        return {x.name for x in catalogue.class_subjects(s, group)}


# role → (opens 6A1, sees its homeroom tabs, keeps its homeroom records)
OFFICE = {
    Role.ADMIN: (True, True, True),
    Role.PRINCIPAL: (True, True, True),
    Role.SECRETARY: (True, True, False),
    Role.IT_COORDINATOR: (False, False, False),
    Role.EQUIPMENT_OFFICER: (False, False, False),
}


@pytest.mark.parametrize("role", list(OFFICE))
def test_office_roles_open_every_class_or_none(gs: GradeSchool, role: Role) -> None:
    """Roles with the grade book see every class with all its subjects; the others see none."""
    actor = gs.actor(role.value)
    opens, tabs, keeps = OFFICE[role]
    classes = _classes(gs, actor)
    assert [c.name for c in classes] == (["6A1"] if opens else [])
    assert not is_class_teacher(actor)
    if opens:
        choice = classes[0]
        assert {x.name for x in choice.subjects} == _all_subjects(gs)
        assert not choice.homeroom
        assert sees_homeroom_tabs(actor, choice) is tabs
        assert keeps_homeroom_records(actor, choice) is keeps


def test_subject_teacher_opens_only_their_subject(gs: GradeSchool) -> None:
    """A teacher assigned Toán in 6A1 opens 6A1 with Toán alone and no homeroom sheets."""
    (choice,) = _classes(gs, gs.teacher)
    assert is_class_teacher(gs.teacher)
    assert [x.name for x in choice.subjects] == ["Toán"]
    assert not choice.homeroom
    assert not sees_homeroom_tabs(gs.teacher, choice)
    assert not keeps_homeroom_records(gs.teacher, choice)


def test_homeroom_teacher_opens_the_class_they_lead(gs: GradeSchool) -> None:
    """The homeroom teacher opens their class (no subject of their own) and keeps its records."""
    (choice,) = _classes(gs, gs.homeroom)
    assert (choice.name, choice.homeroom, choice.homeroom_name) == ("6A1", True, "Cô Chủ Nhiệm")
    assert choice.subjects == ()
    assert sees_homeroom_tabs(gs.homeroom, choice)
    assert keeps_homeroom_records(gs.homeroom, choice)


def test_other_teacher_opens_nothing(gs: GradeSchool) -> None:
    """A teacher with no assignment and no class of their own opens no class."""
    assert _classes(gs, gs.outsider) == ()

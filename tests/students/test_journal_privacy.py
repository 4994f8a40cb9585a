"""Sensitive student fields in the journal: masked for every role that may not see them.

Covers the journal read services (``app.journal_view``) and the student history
service, one test per role each (the command line: test_journal_privacy_cli.py).
"""

from __future__ import annotations

import pytest

from app import journal, journal_view
from app.db import Actor
from app.errors import PermissionDenied
from app.gradebook.history import FIELDS as GRADE_HISTORY_FIELDS
from app.journal import JournalFilter
from app.permissions import Perm, Role
from app.students.history import student_history
from tests.students.conftest import SchoolWithClasses
from tests.students.journal_privacy import (
    PID,
    SECRETS,
    Private,
    holds,
    leaked,
    make_private,
    student_entries,
    view_events,
)


@pytest.fixture
def private(school: SchoolWithClasses) -> Private:
    """A student of 6A1 with a personal ID and health notes, a father with an ID, one update."""
    return make_private(school)


# ---------------------------------------------------------------- the rule


def test_sensitive_fields_are_declared_on_the_models() -> None:
    """The student's personal ID (and the lifelong record number based on it), health and
    ID-bearing search text, and a guardian's ID, are declared sensitive."""
    declared = journal_view.sensitive_fields()
    assert declared["student"] == {
        "personal_id",
        "lifelong_record_number",
        "height_cm",
        "weight_kg",
        "health_notes",
        "search_text",
    }
    assert declared["guardian"] == {"personal_id"}


@pytest.mark.parametrize("role", list(Role))
def test_masked_fields_decision_per_role(role: Role) -> None:
    """Only a role allowed to see sensitive data, and only after a journalled reveal, sees them unmasked."""
    actor = Actor(f"u_{role.value}", role.value)
    sensitive = journal_view.sensitive_fields()["student"]
    assert journal_view.masked_fields(actor, "student") == sensitive
    revealed = journal_view.masked_fields(actor, "student", revealed=True)
    assert revealed == (frozenset() if holds(role, Perm.VIEW_SENSITIVE) else sensitive)
    assert journal_view.masked_fields(actor, "user_account", revealed=False) == frozenset()


# ---------------------------------------------------------------- journal viewer service


@pytest.mark.parametrize("role", list(Role))
def test_journal_entries_per_role(private: Private, role: Role) -> None:
    """The journal read services refuse roles without journal access and mask sensitive values for all others."""
    actor = private.school.actor(role)
    with private.school.db.read() as s:
        if not holds(role, Perm.VIEW_JOURNAL):
            with pytest.raises(PermissionDenied):
                journal_view.entries(s, actor)
            with pytest.raises(PermissionDenied):
                journal_view.history(s, actor, "student", str(private.student.id))
            return
        records = journal_view.entries(s, actor)
        history = journal_view.history(s, actor, "student", str(private.student.id))
    assert leaked(records) == set() and leaked(history) == set()
    mine = student_entries(private, records)
    assert {r.entity_type for r in mine} == {"student", "guardian"}
    assert all(r.masked for r in mine)
    update = next(r for r in mine if r.op == journal.OP_UPDATE and r.entity_type == "student")
    assert update.changes["health_notes"] == [journal_view.MASKED, journal_view.MASKED]
    assert update.reason == "Theo phiếu khám"  # what is not sensitive stays readable


@pytest.mark.parametrize("role", list(Role))
def test_text_search_finds_only_what_the_role_may_see(private: Private, role: Role) -> None:
    """Searching for a personal ID finds its entry only for roles allowed to see it; names are found by all."""
    actor = private.school.actor(role)
    with private.school.db.read() as s:
        if not holds(role, Perm.VIEW_JOURNAL):
            with pytest.raises(PermissionDenied):
                journal_view.entries(s, actor, JournalFilter(text=PID))
            return
        by_id = journal_view.entries(s, actor, JournalFilter(text=PID))
        by_health = journal_view.entries(s, actor, JournalFilter(text="dị ứng"))
        by_name = journal_view.entries(s, actor, JournalFilter(text="Trần Thị Bích"))
    if holds(role, Perm.VIEW_SENSITIVE):
        assert str(private.student.id) in {r.entity_id for r in by_id}
        assert by_health
    else:
        assert by_id == [] and by_health == []
    assert str(private.student.id) in {r.entity_id for r in by_name}
    assert leaked(by_id + by_health + by_name) == set()


@pytest.mark.parametrize("role", list(Role))
def test_reveal_per_role(private: Private, role: Role) -> None:
    """Showing an entry's sensitive values is allowed only to journal readers who may see them, and is logged."""
    actor = private.school.actor(role)
    with private.school.db.read() as s:
        seqs = [
            r.seq
            for r in journal.query(s)
            if r.entity_id in {str(private.student.id), private.guardian_id}
        ]
    before = len(view_events(private))
    if not (holds(role, Perm.VIEW_JOURNAL) and holds(role, Perm.VIEW_SENSITIVE)):
        with pytest.raises(PermissionDenied), private.school.db.uow(actor=actor) as s:
            journal_view.reveal(s, actor, seqs)
        assert len(view_events(private)) == before
        return
    with private.school.db.uow(actor=actor) as s:
        shown = journal_view.reveal(s, actor, seqs)
    assert [r.seq for r in shown] == seqs
    assert leaked(shown) == set(SECRETS)
    events = view_events(private)[: len(view_events(private)) - before]
    assert {(e.entity_type, e.entity_id) for e in events} == {
        ("student", str(private.student.id)),
        ("guardian", private.guardian_id),
    }
    assert {e.username for e in events} == {actor.username}
    assert all(e.details["entries"] for e in events)


# ---------------------------------------------------------------- history screens' services


@pytest.mark.parametrize("role", list(Role))
def test_student_history_per_role(private: Private, role: Role) -> None:
    """The student history masks sensitive values unless the role may see them and they were revealed."""
    actor = private.school.actor(role)
    sid = private.student.id
    with private.school.db.read() as s:
        if not holds(role, Perm.VIEW_STUDENTS):
            with pytest.raises(PermissionDenied):
                student_history(s, actor, sid)
            return
        hidden = student_history(s, actor, sid)
        revealed = student_history(s, actor, sid, revealed=True)
    assert {r.entity_type for r in hidden} >= {"student", "guardian"}
    assert leaked(hidden) == set()
    if holds(role, Perm.VIEW_SENSITIVE):
        assert leaked(revealed) == set(SECRETS)
    else:  # a teacher stays masked even if a caller claims the values were revealed
        assert leaked(revealed) == set()


def test_grade_history_shows_no_sensitive_field() -> None:
    """The grade history lists only score and conduct fields, none of which is declared sensitive."""
    declared = journal_view.sensitive_fields()
    for entity_type, fields in GRADE_HISTORY_FIELDS.items():
        assert not set(fields) & declared.get(entity_type, frozenset()), entity_type

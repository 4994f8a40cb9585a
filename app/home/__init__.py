"""Home pages per role (issue 12 §5): a few figures, each opening the list behind it.

One module per role builds its sections from plain grouped queries (never one query per
student) and checks the rights itself, so the window, a script or a test get the same
page: ``principal`` (enrolment, missing grades, locks, approvals), ``teacher`` (my classes
and subjects, deadlines), ``secretary`` (records to complete, transfers, recent changes),
``it`` (the data's health, locked accounts) and ``equipment`` (the lending desk, the
stocktake). The administrator sees the principal's and the IT coordinator's sections.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.db import Actor
from app.home import equipment, it, principal, secretary, teacher
from app.home.figures import Facts, HomePage
from app.permissions import Role

__all__ = ["home_page"]


def home_page(session: Session, actor: Actor | None, facts: Facts) -> HomePage:
    """The home page of ``actor``'s role (empty for a role without one)."""
    role = actor.role if actor is not None else ""
    if role == Role.PRINCIPAL:
        return principal.page(session, actor, facts)
    if role == Role.TEACHER:
        return teacher.page(session, actor, facts)
    if role == Role.SECRETARY:
        return secretary.page(session, actor, facts)
    if role == Role.IT_COORDINATOR:
        return it.page(session, actor, facts)
    if role == Role.EQUIPMENT_OFFICER:
        return equipment.page(session, actor, facts)
    if role == Role.ADMIN:
        ours = principal.sections(session, actor, facts)
        health = [s for s in it.sections(session, actor, facts) if s.key != "data"]
        return HomePage(role, tuple([s for s in ours if s.key != "data"] + health))
    return HomePage(role)

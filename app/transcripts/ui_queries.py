"""What the "Học bạ" page asks before it shows anything: the classes one may open, what the
logged-in account may do with one class's transcripts (and why not), and a student's
hand-entered years at other schools.

The rules are ``app.transcripts.access``'s: this module only asks them and keeps the
refusal's Vietnamese message, so a button the account cannot use is disabled with the
reason the service would give. Queries return frozen dataclasses and write nothing.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db import Actor
from app.errors import PermissionDenied
from app.gradebook.access import get_class, is_homeroom
from app.gradebook.primary.records import is_primary
from app.permissions import Perm, Role, require
from app.students.models import ClassGroup
from app.transcripts import access, build
from app.transcripts.models import SIGNING_ORDER, TranscriptProcess


@dataclass(frozen=True)
class TranscriptClass:
    """A class the page offers in its picker."""

    id: uuid.UUID
    name: str
    grade: int
    primary: bool
    homeroom: bool


@dataclass(frozen=True)
class Abilities:
    """What the account may do with one class's transcripts: "" when allowed, else why not."""

    prepare: str
    sign: dict[str, str]  # role → "" or why not
    issue: str
    copies: str

    def may_sign(self) -> bool:
        """Whether the account signs in at least one role."""
        return any(not why for why in self.sign.values())


@dataclass(frozen=True)
class ProcessLine:
    """A year at another school, entered by hand."""

    school_year: str
    class_name: str
    school_name: str
    principal: str


def transcript_classes(
    session: Session, actor: Actor | None, year: str
) -> tuple[TranscriptClass, ...]:
    """The classes of ``year`` whose transcripts ``actor`` may see: a teacher the classes they
    lead, the principal and the office every class; in grade and name order."""
    require(actor, Perm.VIEW_TRANSCRIPTS)
    assert actor is not None
    stmt = select(ClassGroup).where(ClassGroup.school_year == year)
    if actor.role == Role.TEACHER:
        stmt = stmt.where(ClassGroup.homeroom_teacher_id == actor.user_id)
    groups = session.scalars(stmt.order_by(ClassGroup.grade, ClassGroup.name))
    return tuple(
        TranscriptClass(g.id, g.name, g.grade, is_primary(g), is_homeroom(g, actor)) for g in groups
    )


def _why(check: Callable[[], None]) -> str:
    try:
        check()
    except PermissionDenied as exc:
        return exc.message
    return ""


def _sign_check(actor: Actor | None, group: ClassGroup, role: str) -> Callable[[], None]:
    return lambda: access.require_sign(actor, group, role)


def abilities(session: Session, actor: Actor | None, class_id: uuid.UUID) -> Abilities:
    """Each action of the page for ``class_id``, allowed or refused with the service's words."""
    group = get_class(session, class_id)
    return Abilities(
        prepare=_why(lambda: access.require_prepare(actor, group)),
        sign={role: _why(_sign_check(actor, group, role)) for role in SIGNING_ORDER},
        issue=_why(lambda: access.require_issue(actor)),
        copies=_why(lambda: access.require_copies(actor)),
    )


def process_lines(
    session: Session, actor: Actor | None, student_id: uuid.UUID, year: str
) -> tuple[ProcessLine, ...]:
    """The student's hand-entered years at other schools, oldest first (for one who may see
    the student's transcript of ``year``)."""
    access.require_view(actor, build.class_of(session, student_id, year))
    stmt = (
        select(TranscriptProcess)
        .where(TranscriptProcess.student_id == student_id)
        .order_by(TranscriptProcess.school_year)
    )
    return tuple(
        ProcessLine(p.school_year, p.class_name, p.school_name, p.principal)
        for p in session.scalars(stmt)
    )

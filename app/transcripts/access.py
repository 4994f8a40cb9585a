"""Who may do what with a class's transcripts (issue 9 §5), decided here for the window and the CLI.

- Prepare: the class's homeroom teacher, or the principal (and admin).
- Sign: the homeroom teacher signs first, for their class only; the principal signs second
  and applies the school's seal third.
- Issue (phát hành): the principal. Copies and extracts: the principal or the secretary.
- View and print: the principal, the secretary, the class's homeroom teacher.
A teacher of another class can neither prepare, sign nor view.
"""

from __future__ import annotations

from app.db import Actor
from app.errors import PermissionDenied
from app.gradebook.access import is_homeroom
from app.messages.transcripts import TRANSCRIPT_MSG as M
from app.permissions import Perm, Role, require
from app.students.models import ClassGroup
from app.transcripts.models import SignerRole


def _homeroom_only(actor: Actor | None, group: ClassGroup) -> None:
    """A teacher's transcript rights hold for the class they lead only."""
    assert actor is not None
    if actor.role == Role.TEACHER and not is_homeroom(group, actor):
        raise PermissionDenied(M.not_homeroom.format(user=actor.username, cls=group.name))


def require_view(actor: Actor | None, group: ClassGroup) -> None:
    """Raise unless the actor may read and print the class's transcripts."""
    require(actor, Perm.VIEW_TRANSCRIPTS)
    _homeroom_only(actor, group)


def require_prepare(actor: Actor | None, group: ClassGroup) -> None:
    """Raise unless the actor may prepare (lập) the class's transcripts and their extras."""
    require(actor, Perm.PREPARE_TRANSCRIPTS)
    _homeroom_only(actor, group)


def require_sign(actor: Actor | None, group: ClassGroup, role: str) -> None:
    """Raise unless the actor may sign as ``role``: the homeroom teacher as homeroom teacher;
    the principal (or a deputy, same role) as principal and for the school's seal."""
    require(actor, Perm.SIGN_TRANSCRIPTS)
    assert actor is not None
    if role == SignerRole.HOMEROOM:
        if not is_homeroom(group, actor):
            raise PermissionDenied(M.not_homeroom.format(user=actor.username, cls=group.name))
        return
    if actor.role not in (Role.PRINCIPAL, Role.ADMIN):
        raise PermissionDenied(M.principal_signs.format(user=actor.username))


def require_issue(actor: Actor | None) -> None:
    """Raise unless the actor may issue (phát hành) a signed transcript."""
    require(actor, Perm.ISSUE_TRANSCRIPTS)


def require_copies(actor: Actor | None) -> None:
    """Raise unless the actor may hand out copies and extracts (and log them)."""
    require(actor, Perm.ISSUE_TRANSCRIPT_COPIES)

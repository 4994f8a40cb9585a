"""The accounts that may teach, and reading a teacher typed in a cell ("gv.toan", a full
name, or "Nguyễn Thị Lan (gv.toan)" as the export writes it)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.accounts import User
from app.gradebook.assignments import TEACHING_ROLES
from app.labels import nfc
from app.messages.assignments import ASSIGN_MSG as M
from app.permissions import Role

_WITH_USER = re.compile(r"^(.*)\(([^()]+)\)\s*$")
_SEPARATORS = re.compile(r"[;,\n]+")


@dataclass(frozen=True)
class Teacher:
    """An account shown in the grid: its login, full name, and whether it may get new classes."""

    username: str
    full_name: str
    active: bool = True

    @property
    def label(self) -> str:
        """'Nguyễn Thị Lan (gv.toan)': what the grid and the export show."""
        return f"{self.full_name} ({self.username})" if self.full_name else self.username


def teacher_list(session: Session) -> list[Teacher]:
    """Every account: those who may teach (teachers first, then principals and admins), by
    name, then the others (closed accounts, other roles: shown, never offered)."""
    rows = session.execute(
        select(User.username, User.full_name, User.active, User.role).order_by(User.full_name)
    )
    roles = {}
    out = []
    for u, n, a, r in rows:
        roles[u] = r
        out.append(Teacher(u, n, bool(a) and r in TEACHING_ROLES))
    # teachers first, then the principals and admins who also teach, then closed accounts
    return sorted(
        out,
        key=lambda t: (not t.active, roles[t.username] != Role.TEACHER, t.full_name, t.username),
    )


def split_teachers(text: str) -> list[str]:
    """The parts of a cell naming several teachers ("gv.toan; gv.van"), trimmed."""
    return [p.strip() for p in _SEPARATORS.split(nfc(text or "")) if p.strip()]


def resolve(text: str, teachers: Sequence[Teacher]) -> tuple[str | None, str]:
    """(username, "") for a typed teacher, or (None, why not)."""
    wanted = nfc(text).strip()
    m = _WITH_USER.match(wanted)
    if m:
        wanted = m.group(2).strip()
    by_user = {t.username: t for t in teachers}
    found = by_user.get(wanted.lower())
    if found is None:
        named = [t for t in teachers if t.full_name.casefold() == wanted.casefold()]
        active = [t for t in named if t.active] or named
        if len(active) > 1:
            users = ", ".join(t.username for t in active)
            return None, M.teacher_ambiguous.format(n=len(active), text=wanted, users=users)
        found = active[0] if active else None
    if found is None:
        return None, M.teacher_unknown.format(text=text.strip())
    return found.username, ""

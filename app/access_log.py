"""The access log: who signed in or out, failed to, was locked out, or was shown sensitive data.

Apart from the change journal (``app.journal``), which records changes to the
school's data, chains them and is what sync sends: a sign-in changes no data,
and a reveal of a personal ID is an access, not a change (DOMAIN §7: access to
sensitive fields is logged). This log stays on this database, is only appended
to, and is read by whoever manages the accounts (``Perm.MANAGE_USERS``): the
journal page's "Truy cập" tab and ``python main.py access-log list``.
Decision 012.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import DateTime, Integer, String, Text, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from app.db import Actor, Base, utcnow
from app.permissions import Perm, require


class AccessEvent(StrEnum):
    """What an access-log entry records."""

    SIGN_IN = "sign_in"
    SIGN_OUT = "sign_out"
    SIGN_IN_FAILED = "sign_in_failed"
    LOCKED_OUT = "locked_out"
    UNLOCKED = "unlocked"
    SENSITIVE_VIEWED = "sensitive_viewed"


EVENT_LABELS: dict[str, str] = {
    AccessEvent.SIGN_IN: "Đăng nhập",
    AccessEvent.SIGN_OUT: "Đăng xuất",
    AccessEvent.SIGN_IN_FAILED: "Đăng nhập không thành công",
    AccessEvent.LOCKED_OUT: "Tài khoản bị khóa tạm thời",
    AccessEvent.UNLOCKED: "Mở khóa tài khoản",
    AccessEvent.SENSITIVE_VIEWED: "Xem thông tin nhạy cảm",
}

# Why a sign-in failed (``details["why"]``).
WRONG_PASSWORD = "wrong_password"
UNKNOWN_USER = "unknown_user"
DISABLED = "disabled"
LOCKED = "locked"


class AccessEntry(Base):
    """One access-log entry; never updated, never deleted by the app."""

    __tablename__ = "access_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    school_code: Mapped[str] = mapped_column(String(20), default="")
    username: Mapped[str] = mapped_column(String(64), index=True)
    user_id: Mapped[str] = mapped_column(String(36), default="")
    event: Mapped[str] = mapped_column(String(32))
    entity_type: Mapped[str] = mapped_column(String(64), default="")
    entity_id: Mapped[str] = mapped_column(String(64), default="")
    details: Mapped[str] = mapped_column(Text, default="{}")


def record(
    session: Session,
    event: AccessEvent,
    actor: Actor | None,
    *,
    username: str = "",
    entity: tuple[str, str] = ("", ""),
    details: Mapping[str, Any] | None = None,
    at: datetime | None = None,
) -> None:
    """Append one entry in the caller's unit of work.

    ``username`` names the account when there is no actor (a failed sign-in
    records what was typed); ``entity`` is the (type, id) of what was shown.
    """
    name = actor.username if actor is not None else username
    session.add(
        AccessEntry(
            at=at or utcnow(),
            school_code=session.info.get("school_code", "") or "",
            username=name.strip().lower()[:64],
            user_id=str(actor.user_id) if actor is not None and actor.user_id else "",
            event=str(event),
            entity_type=entity[0],
            entity_id=entity[1],
            details=json.dumps(dict(details or {}), ensure_ascii=False, sort_keys=True),
        )
    )
    session.flush()


@dataclass(frozen=True)
class AccessRecord:
    """An access-log entry as the viewer and the CLI see it."""

    id: int
    at: datetime
    username: str
    event: str
    entity_type: str
    entity_id: str
    details: dict[str, Any]


@dataclass(frozen=True)
class AccessFilter:
    """What the access-log viewer shows; empty fields match everything."""

    username: str = ""
    event: str = ""
    since: datetime | None = None
    until: datetime | None = None


def _to_record(e: AccessEntry) -> AccessRecord:
    at = e.at if e.at.tzinfo else e.at.replace(tzinfo=UTC)
    return AccessRecord(
        e.id, at, e.username, e.event, e.entity_type, e.entity_id, json.loads(e.details or "{}")
    )


def entries(
    session: Session, actor: Actor | None, flt: AccessFilter = AccessFilter(), limit: int = 500
) -> list[AccessRecord]:
    """Newest entries first, filtered (whoever manages the accounts)."""
    require(actor, Perm.MANAGE_USERS)
    stmt = select(AccessEntry).order_by(AccessEntry.id.desc()).limit(limit)
    if flt.username:
        stmt = stmt.where(AccessEntry.username == flt.username.strip().lower())
    if flt.event:
        stmt = stmt.where(AccessEntry.event == flt.event)
    if flt.since:
        stmt = stmt.where(AccessEntry.at >= flt.since)
    if flt.until:
        stmt = stmt.where(AccessEntry.at < flt.until)
    return [_to_record(e) for e in session.scalars(stmt)]


def event_label(event: str) -> str:
    """Vietnamese name of an access event."""
    return EVENT_LABELS.get(event, event)

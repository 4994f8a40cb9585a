"""Local user accounts: argon2id hashes, login with lock-out, password policy.

Signing in, out, failing to and being locked out are recorded in the access log
(``app.access_log``), not the change journal: the sign-in state of an account
(failed attempts, lock, last sign-in) is declared local on the model.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Boolean, Connection, DateTime, Integer, String, event, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from app import access_log, journal
from app.access_log import AccessEvent
from app.changes import USERS, Changes, carried
from app.db import Actor, Base, Database, SyncMixin, utcnow
from app.errors import AuthError, Conflict, NotFound, ValidationError
from app.messages import MSG
from app.permissions import ROLE_LABELS, Perm, Role, require

MAX_FAILED_ATTEMPTS = 5
LOCK_MINUTES = 5
MIN_PASSWORD_LENGTH = 8
_USERNAME_RE = re.compile(r"^[a-z0-9._]{3,32}$")

_hasher = PasswordHasher()
USER_CHANGES = Changes.of(USERS)


class User(SyncMixin, journal.Tracked, Base):
    """A person who logs in to this school's data."""

    __tablename__ = "user_account"
    __journal_redact__ = frozenset({"password_hash"})
    __journal_local__ = frozenset({"failed_attempts", "locked_until", "last_login_at", "seal"})

    username: Mapped[str] = mapped_column(String(32), unique=True)
    full_name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(32))
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False)
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    seal: Mapped[str | None] = mapped_column(String(64), nullable=True)  # app.safety.seals


@dataclass(frozen=True)
class UserInfo:
    """A user as shown in lists; never carries the hash."""

    id: uuid.UUID
    username: str
    full_name: str
    role: str
    role_label: str
    active: bool
    locked_until: datetime | None
    must_change_password: bool
    last_login_at: datetime | None
    changes: Changes = carried()  # set by create_user and update_user

    def actor(self) -> Actor:
        """The actor this user acts as."""
        return Actor(self.username, self.role, self.id, self.full_name)


@event.listens_for(Session, "after_begin")
def _account_still_allowed(session: Session, _transaction: object, connection: Connection) -> None:
    """Every write re-checks its signed-in account (issue 15 §5): a session left open after
    the account was disabled, locked out or given another role writes nothing."""
    actor = session.info.get("actor")
    if not session.info.get("write") or actor is None or actor.user_id is None:
        return
    row = connection.execute(
        select(User.active, User.locked_until, User.role).where(User.id == actor.user_id)
    ).one_or_none()
    if row is None or not row.active:
        raise AuthError(MSG.session_disabled.format(user=actor.username))
    locked = _aware(row.locked_until)
    now = datetime.now(UTC)
    if locked is not None and locked > now:
        minutes = max(1, round((locked - now).total_seconds() / 60))
        raise AuthError(MSG.session_locked.format(user=actor.username, minutes=minutes))
    if row.role != actor.role:
        raise AuthError(
            MSG.session_role_changed.format(
                user=actor.username, role=ROLE_LABELS.get(row.role, row.role)
            )
        )


def _aware(value: datetime | None) -> datetime | None:
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value


def _info(u: User) -> UserInfo:
    return UserInfo(
        u.id,
        u.username,
        u.full_name,
        u.role,
        ROLE_LABELS.get(u.role, u.role),
        u.active,
        _aware(u.locked_until),
        u.must_change_password,
        _aware(u.last_login_at),
    )


def check_password_policy(password: str, username: str = "") -> None:
    """At least 8 characters, letters and digits, not the username."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationError(MSG.password_too_short.format(n=MIN_PASSWORD_LENGTH))
    if not (re.search(r"[^\W\d_]", password) and re.search(r"\d", password)):
        raise ValidationError(MSG.password_needs_letter_digit)
    if username and password.lower() == username.lower():
        raise ValidationError(MSG.password_same_as_username)


def hash_password(password: str) -> str:
    """argon2id hash of a password."""
    return _hasher.hash(password)


def _get(session: Session, username: str) -> User:
    user = session.scalar(select(User).where(User.username == username.strip().lower()))
    if user is None:
        raise NotFound(MSG.user_not_found.format(user=username))
    return user


def create_user(
    session: Session,
    actor: Actor | None,
    username: str,
    full_name: str,
    role: str,
    password: str,
    *,
    school_code: str = "",
) -> UserInfo:
    """Add an account (admins only; the first-run setup acts as the system)."""
    require(actor, Perm.MANAGE_USERS)
    username = username.strip().lower()
    if not _USERNAME_RE.match(username):
        raise ValidationError(MSG.username_invalid)
    if role not in {r.value for r in Role}:
        raise ValidationError(MSG.role_unknown.format(role=role))
    if not full_name.strip():
        raise ValidationError(MSG.full_name_required)
    check_password_policy(password, username)
    if session.scalar(select(User.id).where(User.username == username)):
        raise Conflict(MSG.username_taken.format(user=username))
    user = User(
        username=username,
        full_name=full_name.strip(),
        role=role,
        password_hash=hash_password(password),
        school_code=school_code or session.info.get("school_code", ""),
    )
    session.add(user)
    session.flush()
    return replace(_info(user), changes=USER_CHANGES)


def count_users(session: Session) -> int:
    """How many accounts exist."""
    return int(session.scalar(select(func.count()).select_from(User)) or 0)


def list_users(session: Session, actor: Actor | None) -> list[UserInfo]:
    """All accounts, by username."""
    require(actor, Perm.MANAGE_USERS)
    return [_info(u) for u in session.scalars(select(User).order_by(User.username))]


def get_user(session: Session, username: str) -> UserInfo:
    """One account by username."""
    return _info(_get(session, username))


@dataclass(frozen=True)
class LoginResult:
    """Outcome of a password check: the user, or the error to show after committing."""

    user: UserInfo | None
    error: AuthError | None = None


def authenticate(
    session: Session, username: str, password: str, now: datetime | None = None
) -> LoginResult:
    """Check a password; lock the account for 5 minutes after 5 failures.

    Every outcome goes to the access log. It never raises for a wrong password:
    failed attempts, the lock and the log must be committed even though the login
    fails. Use ``login`` to get both.
    """
    now = now or utcnow()
    user = session.scalar(select(User).where(User.username == username.strip().lower()))
    if user is None:
        _failed(session, None, now, access_log.UNKNOWN_USER, username=username)
        return LoginResult(None, AuthError(MSG.login_failed))
    actor = Actor(user.username, user.role, user.id, user.full_name)
    if not user.active:
        _failed(session, actor, now, access_log.DISABLED)
        return LoginResult(None, AuthError(MSG.login_disabled.format(user=user.username)))
    locked_until = _aware(user.locked_until)
    if locked_until and locked_until > now:
        _failed(session, actor, now, access_log.LOCKED)
        minutes = max(1, int((locked_until - now).total_seconds() // 60) + 1)
        return LoginResult(
            None, AuthError(MSG.login_locked.format(user=user.username, minutes=minutes))
        )
    session.info["actor"] = actor
    try:
        _hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return LoginResult(None, _wrong_password(session, user, actor, now))
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.failed_attempts = 0
    user.locked_until = None
    user.last_login_at = now
    access_log.record(session, AccessEvent.SIGN_IN, actor, at=now)
    return LoginResult(_info(user))


def _failed(
    session: Session, actor: Actor | None, now: datetime, why: str, **details: object
) -> None:
    """Log a refused sign-in (``username`` among ``details`` when no account matched)."""
    typed = str(details.pop("username", ""))
    access_log.record(
        session,
        AccessEvent.SIGN_IN_FAILED,
        actor,
        username=typed,
        details={"why": why, **details},
        at=now,
    )


def _wrong_password(session: Session, user: User, actor: Actor, now: datetime) -> AuthError:
    """Count a wrong password, locking the account at the limit; the error to show."""
    user.failed_attempts += 1
    _failed(
        session,
        actor,
        now,
        access_log.WRONG_PASSWORD,
        attempt=user.failed_attempts,
        limit=MAX_FAILED_ATTEMPTS,
    )
    if user.failed_attempts < MAX_FAILED_ATTEMPTS:
        session.flush()
        return AuthError(MSG.login_failed)
    user.locked_until = now + timedelta(minutes=LOCK_MINUTES)
    user.failed_attempts = 0
    session.flush()
    access_log.record(
        session,
        AccessEvent.LOCKED_OUT,
        actor,
        details={"minutes": LOCK_MINUTES, "attempts": MAX_FAILED_ATTEMPTS},
        at=now,
    )
    return AuthError(MSG.login_locked.format(user=user.username, minutes=LOCK_MINUTES))


def login(db: Database, username: str, password: str) -> UserInfo:
    """Authenticate in its own unit of work; raises ``AuthError`` after saving attempts."""
    with db.uow() as s:
        result = authenticate(s, username, password)
    if result.error is not None or result.user is None:
        raise result.error or AuthError(MSG.login_failed)
    return result.user


def sign_out(db: Database, user: UserInfo) -> None:
    """Log that ``user`` left the window (sign-out, switch of user or quit)."""
    with db.uow() as s:
        access_log.record(s, AccessEvent.SIGN_OUT, user.actor())


def change_password(session: Session, actor: Actor, current: str, new: str) -> Changes:
    """A user changes their own password, proving the current one."""
    user = _get(session, actor.username)
    try:
        _hasher.verify(user.password_hash, current)
    except (VerificationError, InvalidHashError):
        raise ValidationError(MSG.wrong_current_password) from None
    check_password_policy(new, user.username)
    user.password_hash = hash_password(new)
    user.must_change_password = False
    session.flush()
    return USER_CHANGES


def reset_password(session: Session, actor: Actor | None, username: str, new: str) -> Changes:
    """An admin sets another user's password; the user must change it at next login."""
    require(actor, Perm.MANAGE_USERS)
    user = _get(session, username)
    check_password_policy(new, user.username)
    user.password_hash = hash_password(new)
    user.must_change_password = True
    user.failed_attempts = 0
    user.locked_until = None
    journal.set_reason(session, user, "Quản trị viên đặt lại mật khẩu")
    session.flush()
    return USER_CHANGES


def _active_admins(session: Session) -> int:
    stmt = (
        select(func.count()).select_from(User).where(User.role == Role.ADMIN, User.active.is_(True))
    )
    return int(session.scalar(stmt) or 0)


def update_user(
    session: Session,
    actor: Actor | None,
    username: str,
    *,
    full_name: str | None = None,
    role: str | None = None,
    active: bool | None = None,
) -> UserInfo:
    """Change an account's name, role or active flag; the last admin stays an admin."""
    require(actor, Perm.MANAGE_USERS)
    user = _get(session, username)
    if role is not None and role not in {r.value for r in Role}:
        raise ValidationError(MSG.role_unknown.format(role=role))
    demotes = (
        user.role == Role.ADMIN
        and user.active
        and ((role is not None and role != Role.ADMIN) or active is False)
    )
    if demotes and _active_admins(session) <= 1:
        raise Conflict(MSG.last_admin)
    if full_name is not None:
        if not full_name.strip():
            raise ValidationError(MSG.full_name_required)
        user.full_name = full_name.strip()
    if role is not None:
        user.role = role
    if active is not None:
        user.active = active
    session.flush()
    return replace(_info(user), changes=USER_CHANGES)


def unlock_user(session: Session, actor: Actor | None, username: str) -> Changes:
    """An admin lifts a lock-out early."""
    require(actor, Perm.MANAGE_USERS)
    user = _get(session, username)
    user.locked_until = None
    user.failed_attempts = 0
    session.flush()
    access_log.record(
        session,
        AccessEvent.UNLOCKED,
        actor,
        entity=(User.__tablename__, str(user.id)),
        details={"user": user.username},
    )
    return USER_CHANGES

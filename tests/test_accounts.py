"""Accounts: every permission boundary, lock-out, password policy, resets, the last admin."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from app import access_log, accounts, journal, school
from app.access_log import AccessEvent
from app.db import Actor, Database, make_engine
from app.errors import AuthError, Conflict, PermissionDenied, ValidationError
from app.messages import MSG
from app.permissions import Perm, Role
from tests.conftest import PASSWORD, Seeded, seed

ROLES = [r.value for r in Role]
T0 = datetime(2025, 10, 6, 7, 30, tzinfo=UTC)


# ---------------------------------------------------------------- permission boundaries

Call = Callable[[Any, Actor | None], object]


def _profile_edit(s: Any, actor: Actor | None) -> object:
    prof = school.require_profile(s)
    return school.update_profile(
        s, actor, school.SchoolProfile(**{**prof.__dict__, "principal": "Lê Văn Tám"})
    )


# (service, permission it needs, call, writes?) and the roles the policy lets through.
SERVICES: dict[str, tuple[Perm, Call, bool]] = {
    "accounts.create_user": (
        Perm.MANAGE_USERS,
        lambda s, a: accounts.create_user(s, a, "moi.vao", "Người Mới", Role.TEACHER, "matkhau456"),
        True,
    ),
    "accounts.list_users": (Perm.MANAGE_USERS, lambda s, a: accounts.list_users(s, a), False),
    "accounts.reset_password": (
        Perm.MANAGE_USERS,
        lambda s, a: accounts.reset_password(s, a, "u_equipment_officer", "matkhau456"),
        True,
    ),
    "accounts.update_user": (
        Perm.MANAGE_USERS,
        lambda s, a: accounts.update_user(s, a, "u_equipment_officer", full_name="Tên Mới"),
        True,
    ),
    "accounts.unlock_user": (  # an access, not a change to data: in the access log (below)
        Perm.MANAGE_USERS,
        lambda s, a: accounts.unlock_user(s, a, "u_khoa"),
        False,
    ),
    "school.update_profile": (Perm.EDIT_SCHOOL, _profile_edit, True),
    "school.add_year": (Perm.EDIT_SCHOOL, lambda s, a: school.add_year(s, a, "2026-2027"), True),
    "school.set_current_year": (
        Perm.EDIT_SCHOOL,
        lambda s, a: school.set_current_year(s, a, "2024-2025"),
        True,
    ),
}

# The policy, written out rather than read from GRANTS, so a change to GRANTS shows here.
ALLOWED: dict[Perm, set[str]] = {
    Perm.MANAGE_USERS: {Role.ADMIN},
    Perm.EDIT_SCHOOL: {Role.ADMIN, Role.PRINCIPAL},
}


class _RollBack(Exception):
    """Raised at the end of a permitted call so the shared database stays pristine."""


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def shared(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Seeded]:
    """One seeded database per backend for the whole role matrix (every call rolls back)."""
    from app import migrate
    from app.db import sqlite_url
    from tests.conftest import _pg_database

    if request.param == "sqlite":
        urls: Iterator[str] = iter([sqlite_url(tmp_path_factory.mktemp("perm") / "p.sqlite")])
    else:
        urls = _pg_database()
    url = next(urls)
    db = Database(make_engine(url))
    migrate.upgrade(db.engine)
    try:
        seeded = seed(db)
        system = Actor.system("test")
        with db.uow(actor=system) as s:  # a past year that set_current_year can switch to
            school.add_year(s, system, "2024-2025")
        with db.uow(actor=system) as s:  # a locked account for unlock_user, not one acting
            accounts.create_user(s, system, "u_khoa", "Người Bị Khóa", Role.TEACHER, PASSWORD)
        for _ in range(accounts.MAX_FAILED_ATTEMPTS):
            with db.uow() as s:
                accounts.authenticate(s, "u_khoa", "sai-mat-khau1")
        yield seeded
    finally:
        db.dispose()
        for _ in urls:  # drop the PostgreSQL database
            pass


def _journal_count(db: Database) -> int:
    with db.read() as s:
        return journal.verify(s).count


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("service", list(SERVICES))
def test_service_enforces_its_permission_for_every_role(
    shared: Seeded, service: str, role: str
) -> None:
    """Allowed roles get through (and are journalled by name); others get PermissionDenied."""
    perm, call, writes = SERVICES[service]
    actor = shared.actor(role)
    before = _journal_count(shared.db)
    if role in ALLOWED[perm]:
        with pytest.raises(_RollBack), shared.db.uow(actor=actor) as s:
            call(s, actor)
            if writes:
                mine = journal.query(s, journal.JournalFilter(username=actor.username))
                assert mine, f"{service} by {role} left no journal entry"
            raise _RollBack
    else:
        with pytest.raises(PermissionDenied) as err, shared.db.uow(actor=actor) as s:
            call(s, actor)
        assert actor.username in err.value.message
    assert _journal_count(shared.db) == before


@pytest.mark.parametrize("service", list(SERVICES))
def test_service_refuses_a_caller_who_is_not_logged_in(shared: Seeded, service: str) -> None:
    """With no actor at all (a script forgetting to log in) every guarded service refuses."""
    _perm, call, _writes = SERVICES[service]
    with pytest.raises(PermissionDenied), shared.db.uow() as s:
        call(s, None)


def test_policy_table_covers_every_permission_the_services_use() -> None:
    """Each permission used above has its expected roles written down."""
    assert {perm for perm, _c, _w in SERVICES.values()} == set(ALLOWED)


# ---------------------------------------------------------------- lock-out


def _attempt(db: Database, username: str, password: str, at: datetime) -> accounts.LoginResult:
    with db.uow() as s:
        return accounts.authenticate(s, username, password, now=at)


@dataclass(frozen=True)
class _Row:
    id: str
    failed_attempts: int
    locked_until: datetime | None


def _user_row(db: Database, username: str) -> _Row:
    with db.read() as s:
        user = s.scalar(select(accounts.User).where(accounts.User.username == username))
        assert user is not None
        return _Row(str(user.id), user.failed_attempts, user.locked_until)


def _lock_out(db: Database, username: str = "u_teacher") -> None:
    for i in range(accounts.MAX_FAILED_ATTEMPTS):
        result = _attempt(db, username, "sai-mat-khau1", T0 + timedelta(seconds=i))
        assert result.user is None


def test_five_failures_lock_the_account_for_five_minutes(seeded: Seeded) -> None:
    """Four wrong passwords only count; the fifth locks the account until five minutes later."""
    for i in range(accounts.MAX_FAILED_ATTEMPTS - 1):
        result = _attempt(seeded.db, "u_teacher", "sai-mat-khau1", T0 + timedelta(seconds=i))
        assert result.error is not None and result.error.message == MSG.login_failed
    assert _user_row(seeded.db, "u_teacher").locked_until is None
    fifth = _attempt(seeded.db, "u_teacher", "sai-mat-khau1", T0 + timedelta(seconds=4))
    assert fifth.error is not None
    assert fifth.error.message == MSG.login_locked.format(user="u_teacher", minutes=5)
    locked_until = _user_row(seeded.db, "u_teacher").locked_until
    assert locked_until is not None
    assert locked_until.replace(tzinfo=UTC) == T0 + timedelta(seconds=4, minutes=5)


def test_the_lock_is_in_the_access_log_not_the_journal(seeded: Seeded) -> None:
    """Five failures and the lock are access-log entries of that user; the journal has none."""
    before = _journal_count(seeded.db)
    _lock_out(seeded.db)
    assert _journal_count(seeded.db) == before
    admin = seeded.actor("admin")
    with seeded.db.read() as s:
        rows = access_log.entries(s, admin, access_log.AccessFilter(username="u_teacher"))
    assert [(r.event, r.details.get("attempt")) for r in reversed(rows)] == [
        *((AccessEvent.SIGN_IN_FAILED, n) for n in range(1, 6)),
        (AccessEvent.LOCKED_OUT, None),
    ]
    assert rows[0].details == {"minutes": 5, "attempts": 5}
    assert rows[0].at == T0 + timedelta(seconds=4)


def test_correct_password_is_refused_while_locked(seeded: Seeded) -> None:
    """Knowing the password does not shorten the lock."""
    _lock_out(seeded.db)
    result = _attempt(seeded.db, "u_teacher", PASSWORD, T0 + timedelta(minutes=4, seconds=59))
    assert result.user is None
    assert result.error is not None and "khóa" in result.error.message


def test_login_works_again_after_five_minutes(seeded: Seeded) -> None:
    """Once the five minutes are over the right password logs in and clears the lock."""
    _lock_out(seeded.db)
    result = _attempt(seeded.db, "u_teacher", PASSWORD, T0 + timedelta(minutes=5, seconds=5))
    assert result.user is not None and result.user.username == "u_teacher"
    row = _user_row(seeded.db, "u_teacher")
    assert (row.locked_until, row.failed_attempts) == (None, 0)


def test_login_raises_after_saving_the_failed_attempt(seeded: Seeded) -> None:
    """``login`` commits the failure counter before raising, so lock-out cannot be dodged."""
    with pytest.raises(AuthError):
        accounts.login(seeded.db, "u_teacher", "sai-mat-khau1")
    assert _user_row(seeded.db, "u_teacher").failed_attempts == 1


def test_admin_unlock_lifts_the_lock_early(seeded: Seeded) -> None:
    """An admin can unlock a locked account before the five minutes pass."""
    _lock_out(seeded.db)
    admin = seeded.actor("admin")
    with seeded.db.uow(actor=admin) as s:
        accounts.unlock_user(s, admin, "u_teacher")
    result = _attempt(seeded.db, "u_teacher", PASSWORD, T0 + timedelta(minutes=1))
    assert result.user is not None


# ---------------------------------------------------------------- password policy


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("abc123", MSG.password_too_short.format(n=8)),
        ("chiconchu", MSG.password_needs_letter_digit),
        ("12345678", MSG.password_needs_letter_digit),
        ("gv.toan2", MSG.password_same_as_username),
    ],
)
def test_password_policy_rejects_weak_passwords(password: str, message: str) -> None:
    """Short, letters-only, digits-only and same-as-username passwords are refused."""
    with pytest.raises(ValidationError) as err:
        accounts.check_password_policy(password, "gv.toan2")
    assert err.value.message == message


def test_password_policy_accepts_letters_and_digits() -> None:
    """Eight characters mixing letters (Vietnamese too) and digits pass."""
    accounts.check_password_policy("matkhau1", "giaovu")
    accounts.check_password_policy("Trường2025", "giaovu")


def test_weak_password_creates_no_account(seeded: Seeded) -> None:
    """A refused password leaves neither the account nor a journal entry behind."""
    admin = seeded.actor("admin")
    before = _journal_count(seeded.db)
    with pytest.raises(ValidationError), seeded.db.uow(actor=admin) as s:
        accounts.create_user(s, admin, "yeu.qua", "Mật Khẩu Yếu", Role.TEACHER, "1234")
    with seeded.db.read() as s:
        assert "yeu.qua" not in [u.username for u in accounts.list_users(s, admin)]
    assert _journal_count(seeded.db) == before


# ---------------------------------------------------------------- admin reset, last admin


def test_admin_reset_forces_a_change_at_next_login(seeded: Seeded) -> None:
    """After a reset the new password works, the user must change it, and changing clears it."""
    admin = seeded.actor("admin")
    with seeded.db.uow(actor=admin) as s:
        accounts.reset_password(s, admin, "u_secretary", "tamthoi123")
    user = accounts.login(seeded.db, "u_secretary", "tamthoi123")
    assert user.must_change_password
    with seeded.db.uow(actor=user.actor()) as s:
        accounts.change_password(s, user.actor(), "tamthoi123", "riengtoi456")
    again = accounts.login(seeded.db, "u_secretary", "riengtoi456")
    assert not again.must_change_password
    with pytest.raises(AuthError):
        accounts.login(seeded.db, "u_secretary", "tamthoi123")


def test_reset_is_journalled_without_the_hash(seeded: Seeded) -> None:
    """The reset appears in the user's history with its reason, and no hash is stored."""
    admin = seeded.actor("admin")
    with seeded.db.uow(actor=admin) as s:
        accounts.reset_password(s, admin, "u_secretary", "tamthoi123")
        user_id = str(accounts.get_user(s, "u_secretary").id)
    with seeded.db.read() as s:
        last = journal.history(s, "user_account", user_id)[-1]
    assert last.username == "u_admin"
    assert last.reason == "Quản trị viên đặt lại mật khẩu"
    assert last.changes["password_hash"] == [journal.REDACTED, journal.REDACTED]
    assert last.changes["must_change_password"] == [False, True]


def test_change_password_needs_the_current_one(seeded: Seeded) -> None:
    """A user cannot change their password without proving the current one."""
    teacher = seeded.actor("teacher")
    with pytest.raises(ValidationError), seeded.db.uow(actor=teacher) as s:
        accounts.change_password(s, teacher, "khongphai123", "moi45678")


def _leave_one_admin(seeded: Seeded) -> Actor:
    """Disable the seeded u_admin: the set-up's "admin" is the one active admin left."""
    admin = seeded.actor("admin")
    with seeded.db.uow(actor=admin) as s:
        accounts.update_user(s, admin, "u_admin", active=False)
        return accounts.get_user(s, "admin").actor()


@pytest.mark.parametrize(
    "change", [{"role": Role.SECRETARY}, {"active": False}], ids=["demote", "deactivate"]
)
def test_the_last_admin_cannot_be_demoted_or_deactivated(
    seeded: Seeded, change: dict[str, Any]
) -> None:
    """With one active admin left, removing its rights is refused and nothing changes."""
    admin = _leave_one_admin(seeded)
    with pytest.raises(Conflict) as err, seeded.db.uow(actor=admin) as s:
        accounts.update_user(s, admin, "admin", **change)
    assert err.value.message == MSG.last_admin
    with seeded.db.read() as s:
        info = accounts.get_user(s, "admin")
    assert (info.role, info.active) == (Role.ADMIN, True)


def test_an_admin_can_be_demoted_while_another_remains(seeded: Seeded) -> None:
    """Two active admins: demoting one is allowed."""
    admin = seeded.actor("admin")
    with seeded.db.uow(actor=admin) as s:
        info = accounts.update_user(s, admin, "admin", role=Role.PRINCIPAL)
    assert info.role == Role.PRINCIPAL


def test_disabled_account_cannot_log_in(seeded: Seeded) -> None:
    """A deactivated account is refused even with the right password."""
    admin = seeded.actor("admin")
    with seeded.db.uow(actor=admin) as s:
        accounts.update_user(s, admin, "u_teacher", active=False)
    with pytest.raises(AuthError) as err:
        accounts.login(seeded.db, "u_teacher", PASSWORD)
    assert err.value.message == MSG.login_disabled.format(user="u_teacher")


def _try_new_password(db: Database, actor: Actor, new: str) -> AuthError | None:
    """The signed-in teacher changes her password (a write); the refusal, if any."""
    try:
        with db.uow(actor=actor) as s:
            accounts.change_password(s, actor, PASSWORD, new)
    except AuthError as exc:
        return exc
    return None


def test_an_open_session_stops_writing_once_its_account_is_disabled_locked_or_changed(
    seeded: Seeded,
) -> None:
    """Issue 15 §5: every unit of work re-checks the account; nothing is written when refused."""
    db, admin = seeded.db, seeded.actor("admin")
    teacher = accounts.login(db, "u_teacher", PASSWORD).actor()
    with db.uow(actor=admin) as s:
        accounts.update_user(s, admin, "u_teacher", active=False)
    refused = _try_new_password(db, teacher, "matkhaumoi1")
    assert refused is not None and refused.message == MSG.session_disabled.format(user="u_teacher")
    with db.uow(actor=admin) as s:
        accounts.update_user(s, admin, "u_teacher", active=True)
    now = datetime.now(UTC)
    for i in range(accounts.MAX_FAILED_ATTEMPTS):  # someone else guesses her password
        assert _attempt(db, "u_teacher", "sai-mat-khau1", now + timedelta(seconds=i)).user is None
    refused = _try_new_password(db, teacher, "matkhaumoi2")
    assert refused is not None and "đang bị khóa" in refused.message
    with db.uow(actor=admin) as s:
        accounts.unlock_user(s, admin, "u_teacher")
        accounts.update_user(s, admin, "u_teacher", role=Role.SECRETARY)
    refused = _try_new_password(db, teacher, "matkhaumoi3")
    assert refused is not None and "Giáo vụ" in refused.message and "đăng nhập" in refused.message
    for tried in ("matkhaumoi1", "matkhaumoi2", "matkhaumoi3"):  # none of them was stored
        assert _attempt(db, "u_teacher", tried, now + timedelta(minutes=10)).user is None
    with db.uow(actor=admin) as s:
        accounts.unlock_user(s, admin, "u_teacher")
    again = accounts.login(db, "u_teacher", PASSWORD).actor()
    assert _try_new_password(db, again, "matkhaumoi4") is None

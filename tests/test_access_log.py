"""Sign-ins go to the access log, not the change journal (issue 17 §5); who may read it."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from app import access_log, accounts, cli, journal, journal_view, labels
from app import students as st
from app.access_log import AccessEvent, AccessFilter, AccessRecord
from app.db import Database
from app.errors import AuthError, PermissionDenied
from app.permissions import Role
from tests.conftest import PASSWORD, Seeded


def _journal_size(db: Database) -> int:
    with db.read() as s:
        return journal.verify(s).count


def _log(seeded: Seeded, **flt: str) -> list[AccessRecord]:
    admin = seeded.actor("admin")
    with seeded.db.read() as s:
        return access_log.entries(s, admin, AccessFilter(**flt))


def test_a_sign_in_writes_no_journal_entry_but_an_access_log_row(seeded: Seeded) -> None:
    """Signing in twice leaves the journal as it was and logs two sign-ins by that account;
    the users list still shows the last sign-in."""
    before = _journal_size(seeded.db)
    first = accounts.login(seeded.db, "u_teacher", PASSWORD)
    accounts.login(seeded.db, "u_teacher", PASSWORD)
    assert _journal_size(seeded.db) == before
    rows = _log(seeded, username="u_teacher")
    assert [r.event for r in rows] == [AccessEvent.SIGN_IN, AccessEvent.SIGN_IN]
    assert rows[0].id > rows[1].id and rows[0].at >= rows[1].at
    with seeded.db.read() as s:
        assert accounts.get_user(s, "u_teacher").last_login_at is not None
    assert first.last_login_at is not None


@pytest.mark.parametrize(
    ("username", "why"),
    [("u_teacher", "wrong_password"), ("khong.co.ai", "unknown_user"), ("u_secretary", "disabled")],
)
def test_a_refused_sign_in_is_logged_with_why(seeded: Seeded, username: str, why: str) -> None:
    """A wrong password, an unknown name and a disabled account each log a failed sign-in."""
    admin = seeded.actor("admin")
    with seeded.db.uow(actor=admin) as s:
        accounts.update_user(s, admin, "u_secretary", active=False)
    before = _journal_size(seeded.db)
    with pytest.raises(AuthError):
        accounts.login(seeded.db, username, "sai-mat-khau1" if why != "disabled" else PASSWORD)
    assert _journal_size(seeded.db) == before
    [row] = _log(seeded, event=AccessEvent.SIGN_IN_FAILED)
    assert (row.username, row.details["why"]) == (username, why)
    assert labels.describe_access(row).startswith("Không đăng nhập được: ")


def test_sign_out_and_unlock_are_logged(seeded: Seeded) -> None:
    """Leaving the window logs a sign-out; an admin's unlock names the account, not the journal."""
    user = accounts.login(seeded.db, "u_teacher", PASSWORD)
    accounts.sign_out(seeded.db, user)
    admin = seeded.actor("admin")
    before = _journal_size(seeded.db)
    with seeded.db.uow(actor=admin) as s:
        accounts.unlock_user(s, admin, "u_teacher")
    assert _journal_size(seeded.db) == before
    assert [r.event for r in _log(seeded, username="u_teacher")] == [
        AccessEvent.SIGN_OUT, AccessEvent.SIGN_IN,
    ]  # fmt: skip
    [unlock] = _log(seeded, event=AccessEvent.UNLOCKED)
    assert unlock.username == "u_admin" and unlock.details == {"user": "u_teacher"}
    assert labels.describe_access(unlock) == "Mở khóa tài khoản u_teacher"


@pytest.mark.parametrize("role", [r for r in Role if r != Role.ADMIN])
def test_only_who_manages_accounts_reads_the_log(seeded: Seeded, role: Role) -> None:
    """Every role but the administrator is refused the access log."""
    actor = seeded.actor(role.value)
    with seeded.db.read() as s, pytest.raises(PermissionDenied):
        access_log.entries(s, actor)


def test_revealing_sensitive_values_is_logged_as_an_access(seeded: Seeded) -> None:
    """Showing a student's ID on the record or in the journal logs who saw which fields of
    whom in the access log, and adds nothing to the change journal."""
    sec = seeded.actor("secretary")
    pid = st.make_personal_id("038", date(2014, 2, 2), "nu", 4321)
    with seeded.db.uow(actor=sec) as s:
        saved = st.create_student(
            s, sec, st.StudentInput(full_name="Trần Thị Bích", date_of_birth=date(2014, 2, 2),
                                    sex="Nữ", personal_id=pid),
        )  # fmt: skip
    before = _journal_size(seeded.db)
    with seeded.db.uow(actor=sec) as s:
        detail = st.get_student_detail(s, sec, saved.id, include_sensitive=True)
    assert detail.personal_id == pid
    admin = seeded.actor("admin")
    with seeded.db.uow(actor=admin) as s:
        [entry] = journal.history(s, "student", str(saved.id))
        journal_view.reveal(s, admin, [entry.seq])
    assert _journal_size(seeded.db) == before
    rows = _log(seeded, event=AccessEvent.SENSITIVE_VIEWED)
    assert [(r.username, r.entity_id) for r in rows] == [
        ("u_admin", str(saved.id)), ("u_secretary", str(saved.id)),
    ]  # fmt: skip
    assert rows[0].details["entries"] == [entry.seq]
    with seeded.db.read() as s:
        names = journal_view.record_names(s, [(rows[0].entity_type, rows[0].entity_id)])
    line = labels.describe_access(rows[0], names)
    assert "số định danh cá nhân" in line and "Trần Thị Bích" in line and pid not in line


def test_every_access_event_reads_as_a_sentence(seeded: Seeded) -> None:
    """Each kind of entry has a Vietnamese name and a non-empty description."""
    for event in AccessEvent:
        assert access_log.event_label(event) != str(event)
        rec = AccessRecord(1, accounts.utcnow(), "u_admin", event, "", "", {})
        assert labels.describe_access(rec).strip()


def _cli(capsys: pytest.CaptureFixture[str], seeded: Seeded, *args: str) -> tuple[int, str, str]:
    url = seeded.db.engine.url.render_as_string(hide_password=False)
    code = cli.main(["access-log", "list", "--db", url, *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_access_log_list_on_the_command_line(
    seeded: Seeded, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """``access-log list`` prints each entry with its Vietnamese line; --user and --event
    filter, --json carries the description; an account that may not read it is refused."""
    accounts.login(seeded.db, "u_teacher", PASSWORD)
    with pytest.raises(AuthError):
        accounts.login(seeded.db, "u_teacher", "sai-mat-khau1")
    code, out, err = _cli(capsys, seeded)
    assert code == 0, err
    lines = out.splitlines()
    assert len(lines) == 2 and "Đăng nhập thành công" in lines[1]
    assert "Không đăng nhập được: sai mật khẩu (lần 1/5)" in lines[0]
    code, out, err = _cli(capsys, seeded, "--event", "sign_in", "--json")
    assert code == 0, err
    [row] = json.loads(out)
    assert (row["username"], row["event_label"], row["description"]) == (
        "u_teacher", "Đăng nhập", "Đăng nhập thành công",
    )  # fmt: skip
    code, out, err = _cli(capsys, seeded, "--user", "u_admin")
    assert (code, out.strip()) == (0, "(nhật ký truy cập trống)")
    code, out, err = _cli(capsys, seeded, "--event", "dang_nhap")
    assert code == 1 and "sign_in" in err
    monkeypatch.setenv("TRUONGSO_PASSWORD", PASSWORD)
    code, out, err = _cli(capsys, seeded, "--as", "u_it_coordinator")
    assert code == 1 and "quản lý tài khoản" in err and out == ""


@pytest.mark.parametrize(
    "sql", ["UPDATE access_log SET username = 'ai_do'", "DELETE FROM access_log"]
)
def test_the_database_refuses_to_change_or_delete_access_log_rows(seeded: Seeded, sql: str) -> None:
    """Like the journal (migration 0008), the access log is append-only in the database."""
    accounts.login(seeded.db, "u_teacher", PASSWORD)
    with seeded.db.read() as s:
        before = access_log.entries(s, seeded.actor("admin"))
    with pytest.raises(DBAPIError, match="append-only"), seeded.db.engine.begin() as conn:
        conn.execute(text(sql))
    with seeded.db.read() as s:
        assert access_log.entries(s, seeded.actor("admin")) == before
    assert before

"""``check`` follows each record's history: every old value is the value it replaced (issue 15 §7).

The stale entries are made the way two PCs made them before the writers' lock:
a second session that read the record before the first one's change was
committed, then wrote from what it had read.
"""

from __future__ import annotations

import json
import uuid
import warnings

from sqlalchemy import text
from sqlalchemy.orm import Session

from app import accounts
from app.accounts import User
from app.checks import CHECK_NAMES, CHECKS, check_record_histories, run_checks
from app.db import Actor
from app.safety.record_history import HistoryWalk, verify_histories
from tests.cli_runner import run_main
from tests.conftest import PASSWORD, Seeded

SYSTEM = Actor.system("test")


def _user(seeded: Seeded, name: str = "gv.lich.su") -> uuid.UUID:
    with seeded.db.uow(actor=SYSTEM) as s:
        return accounts.create_user(s, SYSTEM, name, "Cô Lịch Sử", "teacher", PASSWORD).id


def _rename(seeded: Seeded, user_id: uuid.UUID, full_name: str) -> None:
    with seeded.db.uow(actor=SYSTEM) as s:
        s.get_one(User, user_id).full_name = full_name


def _stale_session(seeded: Seeded, user_id: uuid.UUID) -> tuple[Session, User]:
    """A second PC's session that has read the account (and will write from what it read).

    Its read transaction ends at once (SQLite refuses a write from a stale snapshot;
    the old PostgreSQL writers read before their first flush, outside any lock)."""
    other = Session(seeded.db.engine, expire_on_commit=False)
    other.info.update(actor=Actor.system("may-2"), school_code=seeded.db.school_code)
    user = other.get_one(User, user_id)
    other.commit()
    return other, user


def test_a_history_that_chains_is_clean(seeded: Seeded) -> None:
    """Inserts, updates and a delete in order: clean, and every journalled record is counted."""
    uid = _user(seeded)
    _rename(seeded, uid, "Cô Lịch Sử Mới")
    _rename(seeded, uid, "Cô Lịch Sử")
    with seeded.db.uow(actor=SYSTEM) as s:
        s.delete(s.get_one(User, uid))
    with seeded.db.read() as s:
        result = verify_histories(s)
        records = s.scalar(
            text("SELECT count(DISTINCT entity_type || entity_id) FROM journal_entry")
        )
    assert result.ok, result.message
    assert result.records == records
    assert result.message.startswith("Lịch sử thay đổi liền mạch:")


def test_a_stale_old_value_is_reported(seeded: Seeded) -> None:
    """A PC that read "A", wrote "C" after another PC wrote "B": the entry "A → C" is reported."""
    uid = _user(seeded)
    other, stale = _stale_session(seeded, uid)
    _rename(seeded, uid, "Cô B")
    stale.full_name = "Cô C"
    other.commit()
    other.close()
    outcome = check_record_histories(seeded.db)
    assert not outcome.ok
    assert outcome.name == "lich_su"
    assert "«Cô Lịch Sử» → «Cô C»" in outcome.message
    assert "đang là «Cô B»" in outcome.message
    assert "«Họ và tên»" in outcome.message and "Tài khoản" in outcome.message


def test_two_deletes_of_one_record_are_reported(seeded: Seeded) -> None:
    """Two PCs deleting one record, both journalled: the second delete is reported."""
    uid = _user(seeded)
    other, stale = _stale_session(seeded, uid)
    with seeded.db.uow(actor=SYSTEM) as s:
        s.delete(s.get_one(User, uid))
    other.delete(stale)
    with warnings.catch_warnings():  # SQLAlchemy: "expected to delete 1 row(s); 0 were matched"
        warnings.simplefilter("ignore")
        other.commit()
    other.close()
    with seeded.db.read() as s:
        result = verify_histories(s)
    assert result.count == 1, result.problems
    assert "đã bị xóa ở mục số" in result.problems[0]


def test_a_value_changed_outside_the_app_shows_as_a_break(seeded: Seeded) -> None:
    """A direct edit of the file (not journalled), then an edit in the app: the break shows."""
    uid = _user(seeded)
    with seeded.db.engine.begin() as conn:
        conn.execute(
            text("UPDATE user_account SET full_name = 'Sửa lén' WHERE id = :id"),
            {"id": uid.hex if seeded.db.path else str(uid)},
        )
    _rename(seeded, uid, "Cô Lịch Sử Mới")
    with seeded.db.read() as s:
        result = verify_histories(s)
        (changes,) = s.execute(
            text("SELECT changes FROM journal_entry WHERE op = 'update' ORDER BY seq DESC LIMIT 1")
        ).one()
    assert json.loads(changes)["full_name"] == ["Sửa lén", "Cô Lịch Sử Mới"]
    assert result.count == 1 and "đang là «Cô Lịch Sử»" in result.problems[0]


def test_registered_and_run_by_the_check_command(seeded: Seeded) -> None:
    """The check is registered (CHECKS, CHECK_NAMES) and ``check`` fails with exit 1 when it does."""
    assert check_record_histories in CHECKS
    assert CHECK_NAMES["check_record_histories"] == "lich_su"
    assert any(r.name == "lich_su" and r.ok for r in run_checks(seeded.db))
    uid = _user(seeded)
    other, stale = _stale_session(seeded, uid)
    _rename(seeded, uid, "Cô B")
    stale.full_name = "Cô C"
    other.commit()
    other.close()
    url = seeded.db.engine.url.render_as_string(hide_password=False)
    done = run_main(["check", "--db", url, "--json"])
    assert done.returncode == 1, done.stderr
    found = {r["check"]: r for r in json.loads(done.stdout)}
    assert not found["lich_su"]["ok"] and "«Cô C»" in found["lich_su"]["message"]


def test_a_record_older_than_the_journal_is_followed_from_its_first_entry() -> None:
    """No insert seen: the first update's old value is taken as it is, the next ones must chain."""
    walk = HistoryWalk()
    update = [
        (7, "update", json.dumps({"full_name": ["Cũ", "B"]})),
        (9, "update", json.dumps({"full_name": ["B", "C"], "phone": [None, "0901"]})),
    ]
    walk.record("user_account", "u1", update)
    assert walk.count == 0
    walk.record(
        "user_account", "u2", [*update, (12, "update", json.dumps({"full_name": ["B", "D"]}))]
    )
    assert walk.count == 1 and "mục số 12" in walk.problems[0] and "đang là «C»" in walk.problems[0]

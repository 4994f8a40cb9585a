"""Keyed seals (issue 15 §1, decision 015): recomputing the journal, cutting it or editing an
account by hand is caught by ``check``, which the plain hash chain alone could not do."""

from __future__ import annotations

import hashlib
import json

from sqlalchemy import Connection, select, text

from app import accounts, journal, journal_seal, school, secrets
from app.checks import check_seals
from app.journal_schema import JournalEntry, entry_hash
from app.messages.seals import SEAL_MSG
from app.safety import seals
from tests.conftest import TEST_SCHOOL_KEY, Seeded


def _drop_guards(conn: Connection) -> None:
    """What someone editing the file does first: drop the append-only triggers."""
    if conn.dialect.name == "sqlite":
        conn.execute(text("DROP TRIGGER journal_entry_no_update"))
        conn.execute(text("DROP TRIGGER journal_entry_no_delete"))
    else:
        conn.execute(text("DROP TRIGGER journal_entry_no_change ON journal_entry"))
        conn.execute(text("DROP TRIGGER journal_entry_no_truncate ON journal_entry"))


def _add_years(seeded: Seeded, *names: str) -> None:
    admin = seeded.actor("admin")
    for name in names:
        with seeded.db.uow(actor=admin) as s:
            school.add_year(s, admin, name)


def _seals(seeded: Seeded) -> seals.SealResult:
    with seeded.db.read() as s:
        return seals.verify_seals(s, seeded.db.school_code)


def _head(seeded: Seeded) -> tuple[int, str, str | None]:
    with seeded.db.read() as s:
        row = s.execute(text("SELECT seq, hash, mac FROM journal_head")).one()
    return int(row[0]), str(row[1]), row[2]


def test_every_entry_and_the_head_are_sealed_with_the_school_key(seeded: Seeded) -> None:
    """Each write seals its entries and the head with the key derived from the school's key."""
    _add_years(seeded, "2030-2031")
    key = journal_seal.derive(TEST_SCHOOL_KEY)
    seq, chain_hash, mac = _head(seeded)
    assert mac == journal_seal.head_mac(key, seq, chain_hash)
    with seeded.db.read() as s:
        rows = s.execute(text("SELECT seq, hash, mac FROM journal_entry ORDER BY seq")).all()
    assert rows and all(m == journal_seal.entry_mac(key, q, h) for q, h, m in rows)
    result = _seals(seeded)
    assert result.ok and result.sealed_to == seq and result.key_id == key.key_id
    outcome = check_seals(seeded.db)
    assert outcome.ok and f"đến mục {seq}" in outcome.message


def _rechain_from(conn: Connection, start: int) -> None:
    """Recompute every plain hash from entry ``start`` on, and the head: no key is needed."""
    table = JournalEntry.__table__
    rows = conn.execute(select(table).order_by(table.c.seq)).mappings().all()
    prev = next(r["hash"] for r in rows if r["seq"] == start - 1)
    for row in rows:
        if row["seq"] < start:
            continue
        fixed = {**dict(row), "prev_hash": prev}
        new = entry_hash(fixed)
        conn.execute(
            text("UPDATE journal_entry SET prev_hash = :p, hash = :h WHERE seq = :s"),
            {"p": prev, "h": new, "s": row["seq"]},
        )
        prev = new
    conn.execute(text("UPDATE journal_head SET hash = :h"), {"h": prev})


def test_a_rechained_journal_passes_the_hash_chain_but_not_the_seals(seeded: Seeded) -> None:
    """An edited entry with every later hash recomputed: the chain is "intact", the seals are not."""
    _add_years(seeded, "2030-2031", "2031-2032")
    with seeded.db.engine.begin() as conn:
        _drop_guards(conn)
        conn.execute(text("UPDATE journal_entry SET reason = 'sửa lén' WHERE seq = 3"))
        _rechain_from(conn, 3)
    with seeded.db.read() as s:
        assert journal.verify(s).ok  # what the plain chain alone concluded before
    result = _seals(seeded)
    assert not result.ok
    assert result.message == SEAL_MSG.bad_entry.format(seq=3)
    assert not check_seals(seeded.db).ok


def test_a_cut_tail_with_the_head_fixed_up_is_caught(seeded: Seeded) -> None:
    """Cut the last entries and copy the new last number and hash into the head."""
    _add_years(seeded, "2030-2031", "2031-2032")
    seq, _, _ = _head(seeded)
    with seeded.db.engine.begin() as conn:
        _drop_guards(conn)
        conn.execute(text("DELETE FROM journal_entry WHERE seq > :s"), {"s": seq - 2})
        last = conn.execute(text("SELECT hash FROM journal_entry WHERE seq = :s"), {"s": seq - 2})
        conn.execute(
            text("UPDATE journal_head SET seq = :s, hash = :h"), {"s": seq - 2, "h": last.scalar()}
        )
    with seeded.db.read() as s:
        assert journal.verify(s).ok
    assert SEAL_MSG.bad_head.format(seq=seq - 2) in _seals(seeded).problems
    with seeded.db.engine.begin() as conn:  # the head's seal removed too
        conn.execute(text("UPDATE journal_head SET mac = NULL"))
    assert SEAL_MSG.head_unsealed.format(seq=seq - 2) in _seals(seeded).problems


def test_the_anchor_outside_the_database_catches_a_cut_that_rewrites_the_seals(
    seeded: Seeded,
) -> None:
    """Even with the last seals removed (to look like writes from a PC without the key), the
    anchor this PC keeps beside the database still knows how far the journal went."""
    _add_years(seeded, "2030-2031", "2031-2032")
    seq, _, _ = _head(seeded)
    anchor = seals.read_anchor(seals.database_id(seeded.db.engine))
    assert anchor is not None and anchor["seq"] == seq
    with seeded.db.engine.begin() as conn:
        _drop_guards(conn)
        conn.execute(text("DELETE FROM journal_entry WHERE seq > :s"), {"s": seq - 2})
        conn.execute(text("UPDATE journal_entry SET mac = NULL WHERE seq = :s"), {"s": seq - 2})
        last = conn.execute(text("SELECT hash FROM journal_entry WHERE seq = :s"), {"s": seq - 2})
        conn.execute(
            text("UPDATE journal_head SET seq = :s, hash = :h, mac = NULL"),
            {"s": seq - 2, "h": last.scalar()},
        )
    result = _seals(seeded)
    assert SEAL_MSG.anchor_ahead.format(known=seq, seq=seq - 2) in result.problems


def test_a_forged_anchor_is_reported(seeded: Seeded) -> None:
    """Lowering the anchor's number by hand breaks its seal."""
    _add_years(seeded, "2030-2031")
    path = seals.anchor_path()
    data = json.loads(path.read_text("utf-8"))
    for value in data.values():
        value["seq"] -= 1
    path.write_text(json.dumps(data), "utf-8")
    assert _seals(seeded).problems == [SEAL_MSG.anchor_forged.format(path=path)]


def test_an_account_edited_in_the_database_is_caught(seeded: Seeded) -> None:
    """Raising a teacher to administrator, or swapping a password hash, outside the app."""
    assert _seals(seeded).accounts >= 2
    with seeded.db.engine.begin() as conn:
        conn.execute(text("UPDATE user_account SET role = 'admin' WHERE username = 'u_teacher'"))
    assert _seals(seeded).problems == [SEAL_MSG.bad_account.format(username="u_teacher")]
    with seeded.db.engine.begin() as conn:
        conn.execute(text("UPDATE user_account SET role = 'teacher' WHERE username = 'u_teacher'"))
        known = conn.execute(
            text("SELECT password_hash FROM user_account WHERE username = 'u_admin'")
        ).scalar()
        conn.execute(
            text("UPDATE user_account SET password_hash = :h WHERE username = 'u_secretary'"),
            {"h": known},
        )
    assert _seals(seeded).problems == [SEAL_MSG.bad_account.format(username="u_secretary")]


def test_the_apps_own_account_changes_keep_the_seal(seeded: Seeded) -> None:
    """A password reset and a new account through the app are sealed as they are written."""
    admin = seeded.actor("admin")
    with seeded.db.uow(actor=admin) as s:
        accounts.reset_password(s, admin, "u_teacher", "moi12345")
        accounts.create_user(s, admin, "gv_moi", "Giáo viên mới", "teacher", "matkhau123")
    result = _seals(seeded)
    assert result.ok and not result.notes


def test_a_pc_without_the_key_writes_unsealed_and_is_told_why(seeded: Seeded) -> None:
    """A second PC that has not imported the key file writes on; its entries are unsealed,
    check says so (not damage), and the next write on a PC with the key seals them all."""
    _add_years(seeded, "2030-2031")
    sealed, _, _ = _head(seeded)
    secrets.use_memory_backend()  # another PC: its keyring has no key of this school
    _add_years(seeded, "2031-2032")
    head_key = journal_seal.derive(TEST_SCHOOL_KEY).key_id
    outcome = check_seals(seeded.db)
    assert outcome.ok and outcome.message == SEAL_MSG.no_key_here.format(key_id=head_key)
    seq, _, mac = _head(seeded)
    assert mac is None

    secrets.use_memory_backend(shared=True)  # back on the PC with the key
    result = _seals(seeded)
    assert result.ok and result.sealed_to == sealed
    assert result.notes == [SEAL_MSG.unsealed_tail.format(count=seq - sealed, first=sealed + 1)]
    _add_years(seeded, "2032-2033")
    result = _seals(seeded)
    assert result.ok and not result.notes and result.sealed_to == _head(seeded)[0] > seq


def test_a_wrong_key_cannot_seal_nor_claim(seeded: Seeded) -> None:
    """A PC whose keyring holds another key for the school neither seals nor takes over."""
    from app.safety import keys

    secrets.use_memory_backend()
    keys.store_key("THCS0001", hashlib.sha256(b"khac").digest())
    _add_years(seeded, "2031-2032")
    with seeded.db.read() as s:
        key_id = s.execute(text("SELECT key_id FROM journal_head")).scalar()
    assert key_id == journal_seal.derive(TEST_SCHOOL_KEY).key_id
    assert _head(seeded)[2] is None


def test_a_cut_journal_is_told_at_the_next_start(seeded: Seeded, tmp_path) -> None:
    """Opening the database (window or command) reads the head and the anchor and says what
    to do; the command still runs, nothing is rolled back behind the user's back."""
    from app.runtime import open_runtime

    _add_years(seeded, "2030-2031")
    seq, _, _ = _head(seeded)
    with seeded.db.engine.begin() as conn:
        _drop_guards(conn)
        conn.execute(text("DELETE FROM journal_entry WHERE seq = :s"), {"s": seq})
        last = conn.execute(text("SELECT hash FROM journal_entry WHERE seq = :s"), {"s": seq - 1})
        conn.execute(
            text("UPDATE journal_head SET seq = :s, hash = :h, mac = NULL"),
            {"s": seq - 1, "h": last.scalar()},
        )
    url = seeded.db.engine.url.render_as_string(hide_password=False)
    rt = open_runtime(url, lock=False, upgrade=False)
    try:
        problems = [w for w in rt.warnings if "Kiểm tra dữ liệu" in w]
    finally:
        rt.close()
    assert problems == [
        SEAL_MSG.at_start.format(problem=SEAL_MSG.head_unsealed.format(seq=seq - 1)),
        SEAL_MSG.at_start.format(problem=SEAL_MSG.anchor_ahead.format(known=seq, seq=seq - 1)),
    ]


def test_a_backup_carries_the_head_and_a_restore_starts_a_new_anchor(
    school_db: Seeded, tmp_path
) -> None:
    """The backup header holds the journal's head; restoring that older copy over a database
    that went further is a deliberate step back: the anchor is renewed, check stays clean."""
    from app.safety import backup, crypto

    _add_years(school_db, "2030-2031")
    seq, chain_hash, mac = _head(school_db)
    info = backup.create_backup(school_db.db, school_db.actor("admin"), tmp_path / "bk")
    with open(info.path, "rb") as fh:
        header, _ = crypto.read_header(fh, info.path)
    assert header.journal_head == f"{seq}:{chain_hash}:{mac}"
    _add_years(school_db, "2031-2032", "2032-2033")
    assert school_db.db.path is not None
    school_db.db.dispose()
    backup.restore_backup(info.path, school_db.db.path)
    result = _seals(school_db)
    assert result.ok and not result.problems
    anchor = seals.read_anchor(seals.database_id(school_db.db.engine))
    # + the new epoch's event (decision 022) and the restore's own
    assert anchor is not None and anchor["seq"] == _head(school_db)[0] == seq + 2


def test_a_killed_anchor_write_leaves_nothing_after_the_next_start(seeded: Seeded) -> None:
    """A process killed between writing the anchor's temporary file and renaming it: the next
    start removes that file once it is old enough not to be another process's write."""
    import os
    import time

    _add_years(seeded, "2030-2031")
    stale = seals.anchor_path().with_name(f"{seals.ANCHOR_FILE}.999999.part")
    fresh = seals.anchor_path().with_name(f"{seals.ANCHOR_FILE}.999998.part")
    stale.write_text("{", "utf-8")
    fresh.write_text("{", "utf-8")
    old = time.time() - 3600
    os.utime(stale, (old, old))
    with seeded.db.read() as s:
        assert seals.startup_problems(s, seeded.db.school_code) == []
    assert not stale.exists() and fresh.exists()

"""Where the journal's seals get their key, the head anchored outside the database, account seals.

``app.journal_seal`` computes MACs; this module, in the safety layer where the school's
keys live (``app.safety.keys``), gives it its key source, and adds two seals of its own:

- **The anchor** (``journal-anchor.json`` in the data folder): after every commit that
  appended sealed entries, the head (number, chain hash, MAC) of that database as this
  PC last wrote it. A database cut back, or replaced by an older copy behind the app's
  back, no longer reaches what this PC saw. A restore (``forget_anchor``) starts afresh.
  The file is replaced whole (write beside, rename) but not synced to the disk on each
  commit: after a power cut it may lag behind the database, never get ahead of it.
- **Account seals**: an account's name, role, state and password hash are sealed in
  ``user_account.seal`` on every write, so raising a teacher to administrator or
  replacing a password hash in a database browser is caught by ``check``.

``verify_seals`` checks all of them; decision 015 says what this protects against and
what it cannot.
"""

from __future__ import annotations

import json
import logging
import os
import time
import uuid
from collections.abc import Iterator
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import event, select
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import Session

from app import journal_seal, paths
from app.accounts import User
from app.db import sqlite_path
from app.journal_schema import JournalEntry, JournalHead
from app.journal_seal import SealKey
from app.messages.seals import SEAL_MSG as M
from app.numbers import thousands
from app.safety import keys

log = logging.getLogger(__name__)
ANCHOR_FILE = "journal-anchor.json"


def _school_key(school_code: str, create: bool) -> bytes | None:
    return keys.get_or_create_key(school_code) if create else keys.current_key(school_code)


def install() -> None:
    """Give the journal its key source (``app.modules`` calls it once)."""
    journal_seal.set_key_source(_school_key)


# ---------------------------------------------------------------- the anchor


def sqlite_id(path: Path) -> str:
    """A SQLite database's name in the anchor: the file's full path."""
    return str(Path(path).resolve())


def database_id(bind: Engine | Connection) -> str:
    """A database's name in the anchor: the SQLite file's full path, or the URL sans password."""
    engine = bind.engine
    path = sqlite_path(engine)
    if path is not None:
        return sqlite_id(path)
    return engine.url.render_as_string(hide_password=True)


def anchor_path() -> Path:
    """The anchor file of this data folder."""
    return paths.data_dir() / ANCHOR_FILE


def _read_anchors(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _write_anchors(path: Path, data: dict[str, Any]) -> None:
    part = path.with_name(f"{path.name}.{os.getpid()}.part")  # one per process: no clash
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        part.write_text(json.dumps(data, ensure_ascii=False, sort_keys=True), "utf-8")
        os.replace(part, path)
    except OSError as exc:  # a full disk or a read-only folder never fails a saved write
        log.warning("journal anchor not written: %s", exc)
        with suppress(OSError):
            part.unlink()


def write_anchor(database: str, seq: int, chain_hash: str, key: SealKey) -> None:
    """Record that ``database``'s journal reached ``seq``; never moves the anchor back."""
    path = anchor_path()
    data = _read_anchors(path)
    old = data.get(database)
    if isinstance(old, dict) and old.get("key_id") == key.key_id and old.get("seq", 0) > seq:
        return  # another process of this PC already saw further
    data[database] = {
        "seq": seq,
        "hash": chain_hash,
        "key_id": key.key_id,
        "mac": journal_seal.anchor_mac(key, database, seq, chain_hash),
    }
    _write_anchors(path, data)


def remove_stale_anchor_parts(min_age: float = 60.0) -> None:
    """What a process killed while writing the anchor left (older than ``min_age`` seconds,
    so another process's write in progress is never touched)."""
    now = time.time()
    for part in paths.data_dir().glob(f"{ANCHOR_FILE}.*.part"):
        with suppress(OSError):
            if now - part.stat().st_mtime >= min_age:
                part.unlink()


def forget_anchor(database: str) -> None:
    """A restore: the journal legitimately goes back; the next write anchors it afresh."""
    path = anchor_path()
    data = _read_anchors(path)
    if data.pop(database, None) is not None:
        _write_anchors(path, data)


def read_anchor(database: str) -> dict[str, Any] | None:
    """What this PC last saw of ``database``'s journal, or None."""
    found = _read_anchors(anchor_path()).get(database)
    return found if isinstance(found, dict) else None


@event.listens_for(Session, "after_commit")
def _anchor_after_commit(session: Session) -> None:
    head = session.info.pop("journal_head", None)
    if head is None or head[2] is None:
        return
    seq, chain_hash, key = head
    write_anchor(database_id(session.get_bind()), seq, chain_hash, key)


@event.listens_for(Session, "after_rollback")
def _no_anchor_after_rollback(session: Session) -> None:
    session.info.pop("journal_head", None)


# ---------------------------------------------------------------- account seals


def _account_values(user: User) -> tuple[object, ...]:
    return (user.username, user.role, bool(user.active), user.password_hash,
            bool(user.must_change_password))  # fmt: skip


def account_seal(key: SealKey, user: User) -> str:
    """The seal of an account's protected values."""
    return journal_seal.row_mac(key, "user_account", str(user.id), _account_values(user))


@event.listens_for(Session, "before_flush")
def _seal_accounts(session: Session, _ctx: Any, _instances: Any) -> None:
    users = [o for o in (*session.new, *session.dirty) if isinstance(o, User)]
    if not users:
        return
    head_key = session.execute(select(JournalHead.key_id).where(JournalHead.id == 1)).scalar()
    for user in users:
        school = user.school_code or session.info.get("school_code", "")
        key = journal_seal.sealing_key(school, head_key)
        # The column defaults a new account would get at the insert, set now so the seal
        # covers the values stored.
        user.id = user.id or uuid.uuid4()
        user.active = True if user.active is None else user.active
        user.must_change_password = bool(user.must_change_password)
        user.seal = account_seal(key, user) if key is not None else None


# ---------------------------------------------------------------- verifying


@dataclass
class SealResult:
    """What the seals say: ``problems`` are damage; ``notes`` explain what could not be sealed."""

    sealed_to: int = 0
    key_id: str = ""
    accounts: int = 0
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def message(self) -> str:
        if self.problems:
            return " ".join(self.problems)
        if not self.key_id:
            return " ".join(self.notes) or M.not_sealed_yet
        text = M.ok.format(seq=thousands(self.sealed_to), key_id=self.key_id)
        if self.accounts:
            text += M.ok_accounts.format(accounts=self.accounts)
        return " ".join([text, *self.notes])


def _entries(session: Session, batch: int) -> Iterator[tuple[int, str, str | None]]:
    last = 0
    while True:
        rows = session.execute(
            select(JournalEntry.seq, JournalEntry.hash, JournalEntry.mac)
            .where(JournalEntry.seq > last)
            .order_by(JournalEntry.seq)
            .limit(batch)
        ).all()
        if not rows:
            return
        for seq, chain_hash, mac in rows:
            yield int(seq), str(chain_hash), mac
        last = int(rows[-1][0])


def _check_entries(session: Session, key: SealKey, out: SealResult, batch: int) -> int:
    """Every sealed entry's MAC; returns the last entry's number (0 for none)."""
    last = 0
    last_sealed = 0
    unsealed_from = 0
    for seq, chain_hash, mac in _entries(session, batch):
        last = seq
        if mac is None:
            unsealed_from = unsealed_from or seq
            continue
        if not journal_seal.same(journal_seal.entry_mac(key, seq, chain_hash), mac):
            out.problems.append(M.bad_entry.format(seq=seq))
            return last
        last_sealed, unsealed_from = seq, 0
    out.sealed_to = last_sealed
    if unsealed_from:
        out.notes.append(
            M.unsealed_tail.format(count=last - unsealed_from + 1, first=unsealed_from)
        )
    return last


def _check_head(session: Session, key: SealKey, out: SealResult, last: int) -> None:
    head = session.execute(
        select(JournalHead.seq, JournalHead.hash, JournalHead.mac).where(JournalHead.id == 1)
    ).one_or_none()
    if head is None:
        return  # journal.verify reports a missing head
    if head.mac is not None:
        if not journal_seal.same(journal_seal.head_mac(key, head.seq, head.hash), head.mac):
            out.problems.append(M.bad_head.format(seq=head.seq))
    elif last and out.sealed_to == last:
        out.problems.append(M.head_unsealed.format(seq=last))


def _check_anchor(session: Session, key: SealKey, out: SealResult) -> None:
    database = database_id(session.get_bind())
    anchor = read_anchor(database)
    if anchor is None or anchor.get("key_id") != key.key_id:
        return
    seq, chain_hash = int(anchor.get("seq", 0)), str(anchor.get("hash", ""))
    if not journal_seal.same(journal_seal.anchor_mac(key, database, seq, chain_hash),
                             anchor.get("mac")):  # fmt: skip
        out.problems.append(M.anchor_forged.format(path=anchor_path()))
        return
    head_seq = session.execute(select(JournalHead.seq).where(JournalHead.id == 1)).scalar() or 0
    if seq > head_seq:
        out.problems.append(M.anchor_ahead.format(known=seq, seq=head_seq))
        return
    found = session.execute(select(JournalEntry.hash).where(JournalEntry.seq == seq)).scalar()
    if found != chain_hash:
        out.problems.append(M.anchor_differs.format(known=seq))


def _check_accounts(session: Session, key: SealKey, out: SealResult) -> None:
    for user in session.execute(select(User)).scalars():
        if user.seal is None:
            out.notes.append(M.unsealed_account.format(username=user.username))
        elif not journal_seal.same(account_seal(key, user), user.seal):
            out.problems.append(M.bad_account.format(username=user.username))
        else:
            out.accounts += 1


def startup_problems(session: Session, school_code: str) -> list[str]:
    """The quick part of ``verify_seals`` for every start: the head, the last entry and this
    PC's anchor (a few rows, whatever the journal's size), each problem with what to do."""
    head = session.execute(
        select(JournalHead.seq, JournalHead.key_id).where(JournalHead.id == 1)
    ).one_or_none()
    key = journal_seal.key_for(school_code)
    remove_stale_anchor_parts()
    if head is None or head.key_id is None or key is None or key.key_id != head.key_id:
        return []
    out = SealResult()
    last = session.execute(
        select(JournalEntry.seq, JournalEntry.mac).where(JournalEntry.seq == head.seq)
    ).one_or_none()
    if last is not None and last.mac is not None:
        out.sealed_to = head.seq
    _check_head(session, key, out, head.seq)
    _check_anchor(session, key, out)
    return [M.at_start.format(problem=p) for p in out.problems]


def verify_seals(session: Session, school_code: str, batch: int = 5_000) -> SealResult:
    """Check the journal's MACs, its head, this PC's anchor and the account seals."""
    out = SealResult()
    head_key = session.execute(select(JournalHead.key_id).where(JournalHead.id == 1)).scalar()
    if head_key is None:
        return out  # nothing sealed yet (a database from before, or no key anywhere)
    key = journal_seal.key_for(school_code)
    if key is None or key.key_id != head_key:
        out.notes.append(M.no_key_here.format(key_id=head_key))
        return out
    out.key_id = key.key_id
    last = _check_entries(session, key, out, batch)
    if out.problems:
        return out
    _check_head(session, key, out, last)
    _check_anchor(session, key, out)
    _check_accounts(session, key, out)
    return out

"""Keyed seals on the journal: recomputing the chain needs the school's key (decision 015).

The hash chain (``app.journal_schema.entry_hash``) proves that no entry was altered,
removed or reordered, but anyone can recompute it after an edit. Each entry therefore
also carries a MAC — HMAC-SHA256 over its number and chain hash, keyed with a key
derived from the school's key in keyring (HKDF, the backup key of ``app.safety.keys``)
— and so does the head. Since an entry's chain hash covers every entry before it, one
valid MAC vouches for the whole journal up to that entry.

The first write of a database claims it for the key of the PC that makes it: the head
records the key's id. A PC without that key (a second PC of a school that has not
imported the key file yet, or a damaged keyring) still writes, unsealed (``mac`` NULL),
and ``check`` says so and how to fix it; the next sealed entry covers those too.

The key itself comes from a source the safety layer installs (``set_key_source``),
so this module needs no knowledge of where keys are kept.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

import keyring
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from app.errors import StorageError

log = logging.getLogger(__name__)

KEY_INFO = b"truongso journal seal v1"
_NEGATIVE_FOR = 30.0  # seconds a "no key here" answer is remembered

KeySource = Callable[[str, bool], "bytes | None"]
"""(school code, create if missing) → the school's key, or None."""


@dataclass(frozen=True)
class SealKey:
    """The journal's MAC key and its public id (``ABCD-EF01-2345-6789``)."""

    key: bytes
    key_id: str


_source: KeySource | None = None
_cache: dict[tuple[object, str], tuple[SealKey | None, float]] = {}


def set_key_source(source: KeySource | None) -> None:
    """Install where school keys come from (the safety layer does, once per process)."""
    global _source
    _source = source
    _cache.clear()


def forget() -> None:
    """Drop remembered keys (after a key is imported or the keyring changes)."""
    _cache.clear()


def derive(school_key: bytes) -> SealKey:
    """The journal key derived from the school's key; its id names it without revealing it."""
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=KEY_INFO).derive(school_key)
    digest = hashlib.sha256(b"truongso-journal-key-id\x00" + key).hexdigest()[:16].upper()
    return SealKey(key, "-".join(digest[i : i + 4] for i in range(0, 16, 4)))


def key_for(school_code: str, *, create: bool = False) -> SealKey | None:
    """This PC's journal key for ``school_code`` (made when ``create`` and missing), or None.

    A keyring that fails never stops a write: the entry is written unsealed and the log
    says why."""
    if not school_code or _source is None:
        return None
    slot = (keyring.get_keyring(), school_code)
    cached = _cache.get(slot)
    if cached is not None:
        found, until = cached
        if found is not None or (not create and time.monotonic() < until):
            return found
    try:
        school_key = _source(school_code, create)
    except StorageError as exc:
        log.warning("journal key unavailable for %s: %s", school_code, exc.message)
        school_key = None
    found = derive(school_key) if school_key else None
    _cache[slot] = (found, time.monotonic() + _NEGATIVE_FOR)
    return found


def sealing_key(school_code: str, head_key_id: str | None) -> SealKey | None:
    """The key a write seals with: the claimed one if this PC has it; claim one if none is."""
    if head_key_id is None:
        return key_for(school_code, create=True)
    found = key_for(school_code)
    return found if found is not None and found.key_id == head_key_id else None


def _mac(key: SealKey, *parts: object) -> str:
    text = "\x1f".join(str(p) for p in parts).encode("utf-8")
    return hmac.digest(key.key, text, "sha256").hex()


def entry_mac(key: SealKey, seq: int, chain_hash: str) -> str:
    """The MAC of entry ``seq`` whose chain hash is ``chain_hash`` (one-shot HMAC: this runs
    once per journalled row)."""
    return hmac.digest(key.key, f"entry\x1f{seq}\x1f{chain_hash}".encode(), "sha256").hex()


def head_mac(key: SealKey, seq: int, chain_hash: str) -> str:
    """The MAC of the head pointing at entry ``seq``."""
    return _mac(key, "head", seq, chain_hash, key.key_id)


def anchor_mac(key: SealKey, database: str, seq: int, chain_hash: str) -> str:
    """The MAC of the head record kept outside ``database`` (the anchor file, backups)."""
    return _mac(key, "anchor", database, seq, chain_hash, key.key_id)


def row_mac(key: SealKey, table: str, row_id: str, values: tuple[object, ...]) -> str:
    """The MAC of a row's protected values (an account's name, role, state, password hash)."""
    return _mac(key, "row", table, row_id, *values)


def same(expected: str, got: str | None) -> bool:
    """Compare MACs in constant time."""
    return got is not None and hmac.compare_digest(expected, got)

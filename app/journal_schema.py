"""The journal's tables and the canonical form its hash chain is computed over.

Shared by ``app.journal`` (writing) and ``app.journal_read`` (reading, verifying).
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Mapping
from datetime import UTC, date, datetime
from decimal import Decimal
from types import MappingProxyType
from typing import Any

from sqlalchemy import DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base

GENESIS_HASH = "0" * 64
REDACTED = "***"

OP_INSERT = "insert"
OP_UPDATE = "update"
OP_DELETE = "delete"
OP_EVENT = "event"


class JournalEntry(Base):
    """One recorded change or event; never updated, never deleted by the app."""

    __tablename__ = "journal_entry"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    school_code: Mapped[str] = mapped_column(String(20), default="")
    user_id: Mapped[str] = mapped_column(String(36), default="")
    username: Mapped[str] = mapped_column(String(64), default="")
    entity_type: Mapped[str] = mapped_column(String(64), index=True)
    entity_id: Mapped[str] = mapped_column(String(64), index=True)
    op: Mapped[str] = mapped_column(String(16))
    changes: Mapped[str] = mapped_column(Text, default="{}")
    reason: Mapped[str] = mapped_column(Text, default="")
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    mac: Mapped[str | None] = mapped_column(String(64), nullable=True)


class JournalHead(Base):
    """The single row that points at the newest entry (number and hash)."""

    __tablename__ = "journal_head"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    seq: Mapped[int] = mapped_column(Integer, default=0)
    hash: Mapped[str] = mapped_column(String(64), default=GENESIS_HASH)
    mac: Mapped[str | None] = mapped_column(String(64), nullable=True)
    key_id: Mapped[str | None] = mapped_column(String(19), nullable=True)
    epoch: Mapped[str | None] = mapped_column(String(36), nullable=True)  # decision 022 §2


class Tracked:
    """Mixin marking an ORM class whose changes are journalled.

    ``__journal_redact__`` names columns whose values must never be written to
    the journal (password hashes): the entry records that they changed.

    ``__journal_sensitive__`` names columns whose values are journalled but shown
    only to actors allowed to see sensitive data, and only once that access is
    logged (personal IDs, health): ``app.journal_view`` masks them.

    ``__journal_label__`` and ``__journal_fields__`` name the entity and its
    columns in Vietnamese, for the journal viewer, the histories and the CLI
    (``app.labels``).

    ``__journal_events__`` names in Vietnamese the events ``journal.record_event``
    writes about the entity (an export, a change of code pattern). A model that is
    not tracked may declare a label and events too, when events are journalled
    about it.

    ``__journal_values__`` names in Vietnamese the coded values of some columns
    ({"kind": {"chuyen_di": "Chuyển đi"}}), so the journal never shows the code.

    ``__journal_local__`` names columns that hold this database's working state,
    not the school's data (an account's failed sign-ins, lock and last sign-in):
    their changes are not journalled; ``app.access_log`` records the sign-ins.
    """

    __journal_redact__: frozenset[str] = frozenset()
    __journal_local__: frozenset[str] = frozenset()
    __journal_sensitive__: frozenset[str] = frozenset()
    __journal_label__: str = ""
    __journal_fields__: Mapping[str, str] = MappingProxyType({})
    __journal_events__: Mapping[str, str] = MappingProxyType({})
    __journal_values__: Mapping[str, Mapping[str, str]] = MappingProxyType({})


# ---------------------------------------------------------------- values


def _plain(value: Any) -> Any:
    """A JSON-safe, dialect-independent form of a column value."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime):
        return format_time(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, bytes):
        return value.hex()
    return str(value)


def format_time(value: datetime) -> str:
    """Canonical UTC text of a timestamp; naive values (SQLite) are taken as UTC."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def dumps(data: Mapping[str, Any]) -> str:
    """Canonical JSON: sorted keys, no spaces, Unicode kept."""
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def entry_hash(row: Mapping[str, Any]) -> str:
    """SHA-256 over an entry's content and the previous hash."""
    parts = [
        str(row["seq"]),
        format_time(row["at"]),
        row["school_code"] or "",
        row["user_id"] or "",
        row["username"] or "",
        row["entity_type"],
        row["entity_id"],
        row["op"],
        row["changes"],
        row["reason"] or "",
        row["prev_hash"],
    ]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()

"""The canonical form of a transcript record: the text that is stored, hashed and put in the QR.

One JSON text per record: keys sorted, no spaces, Unicode kept; a ``Decimal`` as text with
one decimal place ("8.5", "10.0"), a date as ISO text ("2026-05-31"), a tuple as a list.
The same record always gives the same text, so its SHA-256 identifies the data exactly; and
the text reads back into the same record (``loads``), so a version stored years ago is drawn
again from its own data, not from today's database.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import types
import typing
from datetime import date
from decimal import Decimal
from enum import Enum
from functools import cache
from typing import Any

from app.transcripts import record as rec
from app.transcripts.record import TranscriptRecord

ONE_DECIMAL = Decimal("0.1")


def decimal_text(value: Decimal) -> str:
    """A score or a measure as canonical text with one decimal: Decimal("8.50") → "8.5"."""
    return str(value.quantize(ONE_DECIMAL))


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Decimal):
        return decimal_text(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    return value


def as_data(record: TranscriptRecord) -> dict[str, Any]:
    """The record as plain JSON values (what ``dumps`` writes)."""
    data = _plain(record)
    assert isinstance(data, dict)
    return data


def dumps(record: TranscriptRecord) -> str:
    """The canonical JSON text of a record."""
    return canonical_json(as_data(record))


def canonical_json(data: Any) -> str:
    """Canonical JSON of plain data: sorted keys, no spaces, Unicode kept."""
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def sha256_text(text: str) -> str:
    """SHA-256 (hex) of a text's UTF-8 bytes."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def digest(record: TranscriptRecord) -> str:
    """The SHA-256 of a record's canonical text: the hash in the QR code."""
    return sha256_text(dumps(record))


# ---------------------------------------------------------------- reading back


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls, vars(rec))


def _decimal_or_text(value: Any) -> Any:
    """A ``Mark``: numeric text is a score (Decimal), anything else a label."""
    if isinstance(value, str):
        try:
            return Decimal(value)
        except ArithmeticError:
            return value
    return value


def _convert(hint: Any, value: Any) -> Any:
    if value is None:
        return None
    if hint == rec.Mark:
        return _decimal_or_text(value)
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        kinds = [a for a in args if a is not type(None)]
        return _convert(kinds[0], value) if len(kinds) == 1 else _decimal_or_text(value)
    if origin is tuple:
        return tuple(_convert(args[0], v) for v in value)
    if hint is Decimal:
        return Decimal(value)
    if hint is date:
        return date.fromisoformat(value)
    if isinstance(hint, type) and issubclass(hint, Enum):
        return hint(value)
    if dataclasses.is_dataclass(hint) and isinstance(hint, type):
        return _build(hint, value)
    return value


def _build(cls: type, data: dict[str, Any]) -> Any:
    hints = _hints(cls)
    known = {f.name for f in dataclasses.fields(cls)}
    return cls(**{k: _convert(hints[k], v) for k, v in data.items() if k in known})


def from_data(data: dict[str, Any]) -> TranscriptRecord:
    """A record from its plain JSON values (fields added to the contract later get defaults)."""
    built = _build(TranscriptRecord, data)
    assert isinstance(built, TranscriptRecord)
    return built


def loads(text: str) -> TranscriptRecord:
    """The record a canonical text describes."""
    return from_data(json.loads(text))

"""Every journalled row holds what its journal says: a change made behind the app's back shows.

The journal records each insert, update and delete of a tracked row, with the values, and
its keyed seals (``app.safety.seals``) mean nobody without the school's key can rewrite it.
So the journal is a keyed checksum of every tracked row: replaying a record's entries gives
the values it must hold now. A grade changed with a database browser, a student's name or
personal ID edited by hand, a row added or deleted outside the app: each no longer matches,
and ``check`` names it (sensitive values are never printed).

Columns outside the journal are not compared: the key, the creation and update times,
this database's working state (``__journal_local__``) and redacted ones (password hashes,
which the account seals cover). A record whose history starts before its journal (no
insert seen) is not compared. One table is held at a time, as a hash per row.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Float,
    Integer,
    Numeric,
    String,
    Table,
    Uuid,
    select,
    type_coerce,
)
from sqlalchemy.orm import Session

from app.db import Base
from app.journal_schema import OP_INSERT, OP_UPDATE, Tracked, format_time
from app.labels import entity_label, field_label
from app.messages.seals import SEAL_MSG as M
from app.numbers import thousands
from app.safety.record_history import by_record

MAX_LISTED = 20
_SKIPPED = frozenset({"id", "created_at", "updated_at"})


@dataclass(frozen=True)
class MatchResult:
    """How many rows were compared and which do not hold what their journal says."""

    rows: int
    count: int = 0
    problems: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return self.count == 0

    @property
    def message(self) -> str:
        if self.ok:
            return M.rows_ok.format(rows=thousands(self.rows))
        return M.rows_broken.format(count=thousands(self.count), first=self.problems[0])


def _number(value: Any) -> Any:
    try:
        return Decimal(str(value)).normalize()
    except (InvalidOperation, ValueError):
        return value


def _normaliser(column: Any) -> Any:
    """One column's values, from the database or from the journal, in one comparable form."""
    kind = column.type
    if isinstance(kind, Boolean):
        return lambda v: None if v is None else bool(v)
    if isinstance(kind, Integer | Float | Numeric):
        return lambda v: None if v is None else _number(v)
    if isinstance(kind, DateTime):
        return lambda v: format_time(v) if isinstance(v, datetime) else v
    if isinstance(kind, Date):
        return lambda v: v.isoformat() if isinstance(v, date) else v
    if isinstance(kind, Uuid):
        return _uuid_hex
    return lambda v: v


def _uuid_hex(value: Any) -> Any:
    """A UUID as 32 hex digits, whether read as a UUID, as text with dashes or without."""
    if isinstance(value, uuid.UUID):
        return value.hex
    return value.replace("-", "").lower() if isinstance(value, str) else value


def _dashed(value: Any) -> str:
    """A key as the journal names it: a UUID read as 32 hex digits gets its dashes back."""
    if isinstance(value, str) and len(value) == 32:
        return f"{value[:8]}-{value[8:12]}-{value[12:16]}-{value[16:20]}-{value[20:]}"
    return str(value)


class _Table:
    """A tracked table: the columns the journal records, and how to compare them."""

    def __init__(self, cls: type[Tracked], table: Table) -> None:
        left_out = _SKIPPED | cls.__journal_local__ | cls.__journal_redact__
        self.table = table
        self.name = str(table.name)
        self.columns = [c for c in table.columns if c.key not in left_out]
        self.keys = [c for c in table.primary_key.columns]
        self.normal = {c.key: _normaliser(c) for c in self.columns}
        self.sensitive = cls.__journal_sensitive__

    def row_id(self, row: Any) -> str:
        return ",".join(_dashed(row[c.key]) for c in self.keys if row[c.key] is not None)

    def values(self, source: Any) -> tuple[Any, ...]:
        return tuple(self.normal[c.key](source.get(c.key)) for c in self.columns)

    def current(self, session: Session) -> dict[str, int]:
        """Each row's id → the hash of its compared values."""
        out: dict[str, int] = {}
        # UUIDs read as they are stored (no UUID object per value: most of the cost).
        columns = [
            type_coerce(c, String).label(c.key) if isinstance(c.type, Uuid) else c
            for c in self.table.columns
        ]
        stmt = select(*columns).execution_options(yield_per=5_000)
        for row in session.execute(stmt).mappings():
            out[self.row_id(row)] = hash(self.values(row))
        return out


def _tables() -> dict[str, _Table]:
    return {
        str(m.local_table.name): _Table(m.class_, m.local_table)  # type: ignore[arg-type]
        for m in Base.registry.mappers
        if issubclass(m.class_, Tracked) and isinstance(m.local_table, Table)
    }


_NAMING = ("full_name", "username", "name", "student_code", "class_name")


def _replay(entries: list[Any]) -> tuple[dict[str, Any] | None, bool, str]:
    """What the journal says a record holds now (None: deleted), whether that is known, and
    the record's name as the journal last gave it ("Nguyễn Văn An"), for the message."""
    values: dict[str, Any] = {}
    complete = False
    for _seq, op, text in entries:
        changes = json.loads(text)
        if op == OP_INSERT:
            values, complete = dict(changes), True
        elif op == OP_UPDATE:
            values.update({k: new for k, (_old, new) in changes.items()})
        else:
            values.update(changes)
            return None, True, _name(values)
    return values, complete, _name(values)


def _name(values: dict[str, Any]) -> str:
    found = next((values[k] for k in _NAMING if isinstance(values.get(k), str) and values[k]), "")
    return f" ({found})" if found else ""


class _Walk:
    def __init__(self, session: Session) -> None:
        self.session = session
        self.rows = 0
        self.count = 0
        self.problems: list[str] = []
        self.table: _Table | None = None
        self.current: dict[str, int] = {}

    def report(self, text: str) -> None:
        self.count += 1
        if len(self.problems) < MAX_LISTED:
            self.problems.append(text)

    def differs(self, table: _Table, row_id: str, said: dict[str, Any]) -> str:
        """The first column of ``row_id`` whose value is not what the journal says."""
        parts = row_id.split(",")
        where = [
            c == (uuid.UUID(v) if isinstance(c.type, Uuid) else v)
            for c, v in zip(table.keys, parts, strict=False)
        ]
        row = self.session.execute(select(table.table).where(*where)).mappings().first()
        for column in table.columns:
            normal = table.normal[column.key]
            if row is not None and normal(row[column.key]) != normal(said.get(column.key)):
                return field_label(column.key, table.name)
        return ""

    def begin(self, table: _Table) -> None:
        self.finish()
        self.table, self.current = table, table.current(self.session)

    def finish(self) -> None:
        """Rows of the table just walked that no entry ever recorded."""
        if self.table is not None:
            label = entity_label(self.table.name)
            for row_id in self.current:
                self.report(M.row_unrecorded.format(what=f"{label} {row_id}"))
        self.table, self.current = None, {}

    def record(self, row_id: str, entries: list[Any]) -> None:
        table = self.table
        assert table is not None
        said, known, named = _replay(entries)
        held = self.current.pop(row_id, None)
        if said is None:
            if held is not None:
                self.report(M.row_back.format(what=self.what(row_id, named)))
            return
        self.rows += 1
        if held is None:
            self.report(M.row_gone.format(what=self.what(row_id, named)))
        elif known and held != hash(table.values(said)):
            field = self.differs(table, row_id, said)
            self.report(M.row_changed.format(what=self.what(row_id, named), field=field))

    def what(self, row_id: str, named: str) -> str:
        """The record as a message names it (labels are looked up only for a problem)."""
        assert self.table is not None
        return f"{entity_label(self.table.name)} {row_id}{named}"


def verify_rows(session: Session) -> MatchResult:
    """Compare every tracked row with what the journal says it holds."""
    tables = _tables()
    walk = _Walk(session)
    for entity_type, entity_id, entries in by_record(session, types=sorted(tables)):
        if walk.table is None or walk.table.name != entity_type:
            walk.begin(tables.pop(entity_type))
        walk.record(entity_id, entries)
    for table in tables.values():  # tables no entry mentions: every row is unrecorded
        walk.begin(table)
    walk.finish()
    return MatchResult(walk.rows, walk.count, tuple(walk.problems))

"""Large INSERT batches without SQLAlchemy's per-row parameter processing.

Core executemany rebuilds a parameter set and runs every column's bind
processor once per row; for an import of 100,000+ rows that bookkeeping costs
more than the database does. ``insert_rows`` compiles the same ``INSERT`` Core
would, applies the same dialect bind processors (``TypeEngine.bind_processor``)
column by column, and hands the finished parameters to the DB-API's
``executemany`` through ``Connection.exec_driver_sql``. The values stored are
therefore exactly those Core would store: on SQLite a ``Uuid`` becomes 32 hex
digits and a ``DateTime`` 'YYYY-MM-DD HH:MM:SS.ffffff'; on PostgreSQL (psycopg)
the driver adapts them natively, as it does under Core.

Rows missing a column whose default is a Python callable (``uuid4``,
``utcnow``) or an SQL expression go through plain Core instead, so defaults are
never evaluated differently.

``paused_gc`` keeps the cyclic garbage collector out of such bursts: building
a few hundred thousand rows, dicts and tuples makes CPython run full
collections over every live object again and again (over half a second of a
10,000-student import), while the rows themselves hold no reference cycles.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from functools import lru_cache
from operator import itemgetter
from typing import Any

from sqlalchemy import Connection, Dialect, Table, insert


def insert_rows(connection: Connection, table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
    """INSERT ``rows`` (dicts with the first row's keys) exactly as Core executemany would."""
    if not rows:
        return
    keys = [k for k in rows[0] if k in table.c]
    constants = _missing_defaults(table, keys)
    if constants is None or not keys:
        connection.execute(insert(table), list(rows))
        return
    get = itemgetter(*keys)
    values = [get(r) for r in rows] if len(keys) > 1 else [(get(r),) for r in rows]
    insert_values(connection, table, keys, values, constants)


def insert_values(
    connection: Connection,
    table: Table,
    keys: Sequence[str],
    values: Sequence[Sequence[Any]],
    constants: Mapping[str, Any] | None = None,
) -> None:
    """INSERT tuples of ``keys`` values (plus the same ``constants`` on every row)."""
    if not values:
        return
    constants = dict(constants or {})
    names = [*keys, *constants]
    columns = [list(c) for c in zip(*values, strict=True)] if keys else []
    columns += [[v] * len(values) for v in constants.values()]
    sql, processors, order, binds = _statement(table, tuple(names), connection.dialect)
    for i, process in enumerate(processors):
        if process is not None:
            columns[i] = _convert(process, columns[i])
    rows = zip(*columns, strict=True)
    params: list[Any]
    if binds is not None:  # named parameters (psycopg)
        params = [dict(zip(binds, row, strict=True)) for row in rows]
    elif order is None:
        params = list(rows)
    else:
        pick = itemgetter(*order)
        params = [pick(row) for row in rows]
    connection.exec_driver_sql(sql, params)


_Statement = tuple[str, list[Any], list[int] | None, list[str] | None]


@lru_cache(maxsize=64)
def _statement(table: Table, names: tuple[str, ...], dialect: Dialect) -> _Statement:
    """Core's INSERT for these columns: SQL, bind processors, and how to lay out parameters.

    Positional dialects (SQLite) get tuples, reordered only if the SQL's order
    differs from ``names``; named ones (psycopg) get dicts keyed by bind name.
    """
    processors = [table.c[n].type.dialect_impl(dialect).bind_processor(dialect) for n in names]
    compiled = insert(table).compile(dialect=dialect, column_keys=list(names))
    bind_of = {p.key: compiled.escaped_bind_names.get(b, b) for b, p in compiled.binds.items()}
    if not compiled.positional:
        return compiled.string, processors, None, [bind_of[n] for n in names]
    where = {bind_of[n]: i for i, n in enumerate(names)}
    order = [where[b] for b in compiled.positiontup or ()]
    return compiled.string, processors, None if order == list(range(len(names))) else order, None


def _missing_defaults(table: Table, keys: Sequence[str]) -> dict[str, Any] | None:
    """Scalar defaults of the columns the rows leave out; None when one needs Core to evaluate it."""
    out: dict[str, Any] = {}
    given = set(keys)
    for col in table.columns:
        if col.key in given:
            continue
        default = col.default
        if default is None:
            continue
        if not default.is_scalar:
            return None
        out[col.key] = default.arg  # type: ignore[attr-defined]
    return out


def _convert(process: Callable[[Any], Any], values: list[Any]) -> list[Any]:
    """Apply a bind processor to a column; a column of one repeated object is converted once."""
    first = values[0]
    if values[-1] is first and all(v is first for v in values):
        return [process(first)] * len(values)
    return list(map(process, values))


@contextmanager
def paused_gc() -> Iterator[None]:
    """Run a block of bulk allocation without cyclic garbage collection (nesting is a no-op)."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()

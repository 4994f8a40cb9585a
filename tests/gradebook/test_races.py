"""Two PCs on one grade cell at the same instant (issue 15 §7), with real processes.

On PostgreSQL the old code lost a value to a unique violation (two PCs filling an
empty cell), ended with StaleDataError (set against clear), journalled a stale old
value (two updates) and two deletes of one row (two clears). Each race is run for
``ROUNDS`` rounds, both PCs released by a barrier; every save must succeed, the
cell's journal must chain (each old value is the value actually replaced) and
``check`` must stay clean. On SQLite the file lock serialises the writers: the
same rules hold.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import select

from app import journal
from app.checks import check_journal, check_record_histories
from app.db import Actor
from app.gradebook.entry import CellEdit, save_scores
from app.gradebook.models import Assessment
from app.journal import JournalEntry
from tests.gradebook.conftest import GradeSchool
from tests.gradebook.race_worker import COLUMN, PCS, SEMESTER, Cell, Outcome, Racers

ROUNDS = 25
OVERLAPS = 10
"""At least this many rounds must really overlap; a loaded machine races more rounds to get them."""
ANH = "Lê Văn Anh"


@pytest.fixture
def racers(gs: GradeSchool) -> Iterator[tuple[GradeSchool, Racers]]:
    """Two racing PCs on Lê Văn Anh's Toán TX1 of semester I."""
    url = gs.db.engine.url.render_as_string(hide_password=False)
    cell = Cell(url, gs.class_id, gs.subjects["Toán"], gs.students[ANH])
    pcs = Racers(cell, gs.db.school_code)
    try:
        yield gs, pcs
    finally:
        pcs.close()


def _set(gs: GradeSchool, value: str) -> None:
    """Put the cell in its starting state (the test's own write, before the PCs race)."""
    actor = Actor.system("test")
    with gs.db.uow(actor=actor) as s:
        edit = CellEdit(gs.students[ANH], COLUMN, value)
        save_scores(s, actor, gs.class_id, gs.subjects["Toán"], SEMESTER, [edit])


def _mark(gs: GradeSchool) -> int:
    with gs.db.read() as s:
        return journal.head_seq(s)


def _cell(gs: GradeSchool) -> str | None:
    with gs.db.read() as s:
        return s.scalar(
            select(Assessment.value).where(
                Assessment.student_id == gs.students[ANH],
                Assessment.subject_id == gs.subjects["Toán"],
                Assessment.semester == SEMESTER,
                Assessment.kind == "TX",
                Assessment.number == 1,
            )
        )


def _entries(gs: GradeSchool, after: int) -> list[tuple[str, str, Any, Any]]:
    """The cell's journal since ``after``: (who, op, old value, new value), oldest first."""
    with gs.db.read() as s:
        rows = s.scalars(
            select(JournalEntry)
            .where(JournalEntry.seq > after, JournalEntry.entity_type == "assessment")
            .order_by(JournalEntry.seq)
        ).all()
        out = []
        for e in rows:
            changes = __import__("json").loads(e.changes)
            if e.op == "update":
                old, new = changes["value"]
            elif e.op == "insert":
                old, new = None, changes["value"]
            else:
                old, new = changes["value"], None
            out.append((e.username, e.op, old, new))
        return out


def _chain_problem(start: str | None, entries: list[tuple[str, str, Any, Any]]) -> str:
    """Why the entries do not chain from ``start`` (each old value the previous new one), or ""."""
    value = start
    for who, op, old, new in entries:
        if old != value:
            return f"{who} {op}: journal says {old!r} → {new!r}, the cell held {value!r}"
        value = new
    return ""


def _run(
    gs: GradeSchool, pcs: Racers, start: str, values: tuple[str, str]
) -> tuple[list[str], list[tuple[dict[str, Outcome], list[Any], str | None, str | None]]]:
    """ROUNDS races from ``start`` or more, until OVERLAPS of them overlapped (at most four times
    as many): (problems found, per round: outcomes, entries, start, end)."""
    problems: list[str] = []
    rounds = []
    together = 0
    for n in range(4 * ROUNDS):
        if n >= ROUNDS and together >= OVERLAPS:
            break
        _set(gs, "")
        _set(gs, start)
        before = _cell(gs)
        mark = _mark(gs)
        outcomes = pcs.race(*values)
        together += pcs.overlapped(outcomes)
        entries = _entries(gs, mark)
        after = _cell(gs)
        for o in outcomes.values():
            if not o.ok:
                problems.append(f"round {n + 1}, {o.pc}: {o.error or ''} {list(o.warnings)}")
        if why := _chain_problem(before, entries):
            problems.append(f"round {n + 1}: {why}")
        elif (entries[-1][3] if entries else before) != after:
            problems.append(f"round {n + 1}: the journal ends at {entries[-1]}, the cell {after!r}")
        rounds.append((outcomes, entries, before, after))
    assert together >= OVERLAPS, f"the saves overlapped in only {together} of {len(rounds)} rounds"
    return problems, rounds


def _assert_clean(gs: GradeSchool, problems: list[str]) -> None:
    assert not problems, f"{len(problems)} problem(s) in {ROUNDS} rounds:\n" + "\n".join(problems)
    for check in (check_journal, check_record_histories):
        outcome = check(gs.db)
        assert outcome.ok, outcome


def test_two_pcs_fill_an_empty_cell(racers: tuple[GradeSchool, Racers]) -> None:
    """Both fill the empty cell: both succeed, one inserts, the other updates from that value."""
    gs, pcs = racers
    problems, rounds = _run(gs, pcs, "", ("5,1", "5,2"))
    for n, (outcomes, entries, _before, after) in enumerate(rounds, 1):
        counts = sorted(o.counts for o in outcomes.values() if o.counts)
        if counts != [(0, 1, 0, 0), (1, 0, 0, 0)]:
            problems.append(f"round {n}: counts {counts}")
        if [op for _w, op, _o, _n in entries] != ["insert", "update"] or after not in (
            "5.1",
            "5.2",
        ):
            problems.append(f"round {n}: journal {entries}, cell {after!r}")
    _assert_clean(gs, problems)


def test_two_pcs_change_a_cell(racers: tuple[GradeSchool, Racers]) -> None:
    """Both change a filled cell: two updates, the second's old value is the first's new one."""
    gs, pcs = racers
    problems, rounds = _run(gs, pcs, "5", ("5,1", "5,2"))
    for n, (_outcomes, entries, _before, _after) in enumerate(rounds, 1):
        if [op for _w, op, _o, _n in entries] != ["update", "update"]:
            problems.append(f"round {n}: journal {entries}")
    _assert_clean(gs, problems)


def test_one_pc_sets_while_another_clears(racers: tuple[GradeSchool, Racers]) -> None:
    """One sets, one clears at once: both succeed, in one order or the other, journalled so."""
    gs, pcs = racers
    problems, rounds = _run(gs, pcs, "5", ("6", ""))
    for n, (_outcomes, entries, _before, after) in enumerate(rounds, 1):
        ops = [op for _w, op, _o, _n in entries]
        if (ops, after) not in ((["update", "delete"], None), (["delete", "insert"], "6")):
            problems.append(f"round {n}: journal {entries}, cell {after!r}")
    _assert_clean(gs, problems)


def test_two_pcs_clear_a_cell(racers: tuple[GradeSchool, Racers]) -> None:
    """Both clear the cell: one delete journalled, the other save a no-op that says so."""
    gs, pcs = racers
    problems, rounds = _run(gs, pcs, "5", ("", ""))
    for n, (outcomes, entries, _before, after) in enumerate(rounds, 1):
        counts = sorted(o.counts for o in outcomes.values() if o.counts)
        if counts != [(0, 0, 0, 1), (0, 0, 1, 0)]:
            problems.append(f"round {n}: counts {counts}")
        if [op for _w, op, _o, _n in entries] != ["delete"] or after is not None:
            problems.append(f"round {n}: journal {entries}, cell {after!r}")
    _assert_clean(gs, problems)


def test_racers_really_race(racers: tuple[GradeSchool, Racers]) -> None:
    """The harness is honest: both PCs are released together and both saves are journalled."""
    gs, pcs = racers
    mark = _mark(gs)
    outcomes = pcs.race("7", "8")
    assert set(outcomes) == set(PCS) and all(o.ok for o in outcomes.values()), outcomes
    assert {who for who, *_ in _entries(gs, mark)} == set(PCS)

"""Other "PCs" on one grade cell: worker processes that save at the same instant, or hold on.

``Racers`` starts two processes (``spawn``: nothing of the test's engines is
inherited), each with its own engine on the test database, warmed up before the
first round. For each round the test hands both a value for the same cell; they
meet at a ``multiprocessing.Barrier`` and save at once, each in its own unit of
work, as two PCs pressing Enter together. Each reports what the save returned
or the error it ended with, and any warning it printed (an English SQLAlchemy
warning on stderr is a failure too).

``Holder`` is a PC that saved into the cell and keeps its transaction open, busy
or frozen (SIGSTOP), while the test makes another PC write.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import signal
import time
import uuid
import warnings
from dataclasses import dataclass
from multiprocessing.queues import Queue
from multiprocessing.synchronize import Barrier
from typing import Any

PCS = ("may-1", "may-2")
COLUMN = "TX1"
SEMESTER = 1


@dataclass(frozen=True)
class Cell:
    """The raced cell: the database, the class, the subject and the student."""

    url: str
    class_id: uuid.UUID
    subject_id: uuid.UUID
    student_id: uuid.UUID


@dataclass(frozen=True)
class Outcome:
    """What one PC's save ended with: counts (inserted, updated, deleted, unchanged) or an error."""

    pc: str
    counts: tuple[int, int, int, int] | None
    error: str
    warnings: tuple[str, ...]
    started: float = 0.0
    finished: float = 0.0

    @property
    def ok(self) -> bool:
        return self.counts is not None and not self.error and not self.warnings


def _save(db: Any, pc: str, cell: Cell, value: str) -> Outcome:
    from app.db import Actor
    from app.errors import AppError
    from app.gradebook.entry import CellEdit, save_scores

    actor = Actor.system(pc)
    started = time.time()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            with db.uow(actor=actor) as s:
                edit = CellEdit(cell.student_id, COLUMN, value)
                saved = save_scores(s, actor, cell.class_id, cell.subject_id, SEMESTER, [edit])
            counts = (saved.inserted, saved.updated, saved.deleted, saved.unchanged)
            error = ""
        except AppError as exc:
            counts, error = None, f"AppError: {exc.message}"
        except Exception as exc:  # a bug: the old code's IntegrityError, StaleDataError
            counts, error = None, f"{type(exc).__name__}: {exc}"
    caught_text = tuple(str(w.message) for w in caught)
    return Outcome(pc, counts, error, caught_text, started, time.time())


def _run(pc: str, cell: Cell, school_code: str, todo: Queue, done: Queue, barrier: Barrier) -> None:
    from sqlalchemy import text

    from app import modules as _modules  # noqa: F401  (every module wired in: decision 008)
    from app.db import Database, make_engine

    db = Database(make_engine(cell.url), school_code=school_code)
    with db.read() as s:  # connect before the first round, so the race is on the save alone
        s.execute(text("SELECT 1"))
    done.put(("ready", pc))
    while (value := todo.get()) is not None:
        barrier.wait()
        done.put(_save(db, pc, cell, value))
    db.dispose()


class Racers:
    """Two worker processes saving into the same cell at the same instant, round after round."""

    def __init__(self, cell: Cell, school_code: str) -> None:
        ctx = mp.get_context("spawn")
        self._barrier = ctx.Barrier(len(PCS), timeout=60)
        self._done: Queue = ctx.Queue()
        self._todo: list[Queue] = [ctx.Queue() for _ in PCS]
        self._procs = [
            ctx.Process(
                target=_run, args=(pc, cell, school_code, q, self._done, self._barrier), daemon=True
            )
            for pc, q in zip(PCS, self._todo, strict=True)
        ]
        for p in self._procs:
            p.start()
        for _ in PCS:
            assert self._done.get(timeout=60)[0] == "ready"

    def race(self, *values: str) -> dict[str, Outcome]:
        """Both PCs save their value (``values[i]`` for ``PCS[i]``) at once; what each ended with."""
        for q, value in zip(self._todo, values, strict=True):
            q.put(value)
        outcomes = [self._done.get(timeout=60) for _ in PCS]
        return {o.pc: o for o in outcomes}

    @staticmethod
    def overlapped(outcomes: dict[str, Outcome]) -> bool:
        """Whether both saves were under way at one moment (each began before the other ended)."""
        a, b = outcomes.values()
        return a.started < b.finished and b.started < a.finished

    def close(self) -> None:
        for q in self._todo:
            q.put(None)
        for p in self._procs:
            p.join(timeout=30)
            if p.is_alive():
                p.kill()


def _hold(cell: Cell, school_code: str, value: str, ready: Any, go: Any, done: Queue) -> None:
    from app import modules as _modules  # noqa: F401  (every module wired in: decision 008)
    from app.db import Actor, Database, make_engine
    from app.errors import AppError
    from app.gradebook.entry import CellEdit, save_scores

    db = Database(make_engine(cell.url), school_code=school_code)
    actor = Actor.system("may-treo")
    try:
        with db.uow(actor=actor) as s:
            edit = CellEdit(cell.student_id, COLUMN, value)
            save_scores(s, actor, cell.class_id, cell.subject_id, SEMESTER, [edit])
            ready.set()  # flushed: this transaction holds the journal's head
            go.get()  # a queue, not an Event: freezing here must not hold a lock the test needs
        done.put("committed")
    except AppError as exc:
        done.put(f"AppError: {exc.message}")
    except Exception as exc:
        done.put(f"{type(exc).__name__}: {exc}")
    db.dispose()


class Holder:
    """A PC that saved into the cell and holds its transaction open until ``release``.

    It takes its timeouts from the environment when started (``TRUONGSO_PG_IDLE_TIMEOUT``).
    ``freeze`` stops the process (SIGSTOP) as a PC that hangs; ``release`` lets it go on
    and commit, and returns how that ended: "committed" or the error it met.
    """

    def __init__(self, cell: Cell, school_code: str, value: str) -> None:
        ctx = mp.get_context("spawn")
        self._ready, self._go, self._done = ctx.Event(), ctx.Queue(), ctx.Queue()
        self.process = ctx.Process(
            target=_hold,
            args=(cell, school_code, value, self._ready, self._go, self._done),
            daemon=True,
        )
        self.process.start()
        assert self._ready.wait(60), "the holding PC did not save"
        self._frozen = False

    def freeze(self) -> None:
        assert self.process.pid is not None
        os.kill(self.process.pid, signal.SIGSTOP)
        self._frozen = True

    def release(self) -> str:
        self._go.put(True)
        if self._frozen:
            assert self.process.pid is not None
            os.kill(self.process.pid, signal.SIGCONT)
            self._frozen = False
        outcome = str(self._done.get(timeout=30))
        self.process.join(timeout=30)
        return outcome

    def close(self) -> None:
        """Let it finish if it still runs (a failed test); kill it if it does not."""
        if self.process.is_alive():
            try:
                self.release()
            finally:
                if self.process.is_alive():
                    self.process.kill()

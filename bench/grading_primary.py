"""Primary (TT27) year results from the database, per class: load + rules + summary, vs a baseline.

Run: ``python bench/grading_primary.py [--students N] [--repeat R]``. Builds a
primary demo school in a temporary SQLite file (``create_demo`` + ``fill_demo``
with ``levels=tieu_hoc``; not timed): grades 1–5, classes of up to 35, every
checkpoint of last year filled (levels, test scores, comments, 13–15
qualities and competencies per student).

Then, for every class of last year, in a read-only session:

- gradebook: ``load_primary`` + ``evaluate_primary_class`` (the TT27 year result
  of every student, with reasons) — the path behind locks, ``check`` and lists;
- summary: ``primary_summary`` for the year (what the "Tổng hợp" tab and
  ``results --json`` show: per subject levels and tests at four checkpoints,
  ratings, result, outcome, commendation);
- baseline: the same assessment and rating rows selected on the same
  connection and tallied in plain Python (count of HTT per student, lowest
  end-of-year test).

Prints the median time per class, the ratio to the baseline, and the verdict
against the target (the secondary grade book's: < 50 ms per class).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import select  # noqa: E402

from app import demo, migrate  # noqa: E402
from app import modules as _modules  # noqa: E402, F401  (every module wired into the core: decision 008)
from app.db import Actor, Database, make_engine, sqlite_url  # noqa: E402
from app.gradebook.models import Assessment, PrimaryRating  # noqa: E402
from app.gradebook.primary.records import evaluate_primary_class, load_primary  # noqa: E402
from app.gradebook.primary.results import primary_summary  # noqa: E402
from app.students.models import ClassGroup, Enrolment  # noqa: E402

TARGET_MS = 50.0
Step = Callable[[Database, uuid.UUID], int]


def build(db: Database, students: int) -> tuple[list[uuid.UUID], str]:
    """The primary demo school; returns last year's class ids and that year."""
    summary = demo.create_demo(db, levels=demo.PRIMARY)
    demo.fill_demo(db, students)
    last = summary.years[0]
    with db.read() as s:
        ids = list(s.scalars(select(ClassGroup.id).where(ClassGroup.school_year == last)))
    return ids, last


def gradebook(db: Database, class_id: uuid.UUID) -> int:
    """Load a primary class and compute every student's TT27 year result."""
    with db.read() as s:
        group = s.get(ClassGroup, class_id)
        assert group is not None
        results = evaluate_primary_class(load_primary(s, group))
    assert all(r.value is not None for r in results.values())
    return len(results)


def summary(db: Database, class_id: uuid.UUID) -> int:
    """The year summary the Tổng hợp tab and results --json show."""
    actor = Actor.system("bench")
    with db.read() as s:
        found = primary_summary(s, actor, class_id)
    return len(found.students)


def baseline(db: Database, class_id: uuid.UUID) -> int:
    """The same rows on the same kind of session, tallied in plain Python."""
    with db.read() as s:
        ids = list(s.scalars(select(Enrolment.student_id).where(Enrolment.class_id == class_id)))
        cells = select(
            Assessment.student_id,
            Assessment.semester,
            Assessment.kind,
            Assessment.number,
            Assessment.value,
        ).where(Assessment.student_id.in_(ids))
        ratings = select(PrimaryRating.student_id, PrimaryRating.value).where(
            PrimaryRating.student_id.in_(ids)
        )
        tally: dict[Any, list[int]] = {}
        for student, semester, kind, number, value in s.connection().execute(cells):
            acc = tally.setdefault(student, [0, 10, 0])
            if semester == 2 and number == 2 and kind == "MD" and value == "Hoàn thành tốt":
                acc[0] += 1
            elif semester == 2 and number == 2 and kind == "KT":
                acc[1] = min(acc[1], int(value))
        for student, value in s.connection().execute(ratings):
            tally.setdefault(student, [0, 10, 0])[2] += value == "Tốt"
    return len(tally)


def timed(fn: Step, db: Database, classes: list[uuid.UUID]) -> tuple[list[float], list[float]]:
    """Wall and CPU seconds of ``fn`` per class."""
    wall, cpu = [], []
    for class_id in classes:
        t, c = time.perf_counter(), time.process_time()
        fn(db, class_id)
        wall.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3, help="passes over all classes (best kept)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Database(make_engine(sqlite_url(Path(tmp) / "bench.sqlite")))
        migrate.upgrade(db.engine)
        print(
            f"bench/grading_primary.py: TT27 year results, primary demo of {args.students} students"
        )
        t = time.perf_counter()
        classes, year = build(db, args.students)
        print(f"  built in {time.perf_counter() - t:.1f} s; {len(classes)} classes of {year}")
        steps: dict[str, Step] = {"baseline": baseline, "gradebook": gradebook, "summary": summary}
        best: dict[str, tuple[list[float], list[float]]] = {}
        for _ in range(args.repeat):
            for name, fn in steps.items():
                run = timed(fn, db, classes)
                if name not in best or sum(run[1]) < sum(best[name][1]):
                    best[name] = run
        with db.read() as s:
            sizes = [
                len(list(s.scalars(select(Enrolment.id).where(Enrolment.class_id == c))))
                for c in classes
            ]
        db.dispose()
    report(best, statistics.median(sizes), args.repeat)


def report(best: dict[str, tuple[list[float], list[float]]], size: float, repeat: int) -> None:
    """Medians per class (wall and CPU), the ratios and the verdict."""

    def ms(values: list[float]) -> float:
        return statistics.median(values) * 1000

    base_wall, base_cpu = (ms(x) for x in best["baseline"])
    print(f"  median per class (median size {size:.0f} students); best of {repeat} passes")
    print(f"  {'':10} {'wall':>9} {'CPU':>9}")
    print(f"  baseline   {base_wall:7.1f} ms {base_cpu:7.1f} ms   (same rows, plain tallies)")
    for name, what in (("gradebook", "load + TT27 rules"), ("summary", "primary_summary, year")):
        wall, cpu = (ms(x) for x in best[name])
        ratio = f"{wall / base_wall:.1f}× / {cpu / base_cpu:.1f}×"
        print(f"  {name:10} {wall:7.1f} ms {cpu:7.1f} ms   ({what}; ratio wall/CPU {ratio})")
    worst = max(ms(best["gradebook"][1]), ms(best["summary"][1]))
    verdict = "within target" if worst < TARGET_MS else "ABOVE TARGET"
    print(f"  target < {TARGET_MS:.0f} ms per class (CPU) — {verdict}")


if __name__ == "__main__":
    main()

"""The home page of each role (issue 12 §5) on a 3,000-student demo school.

Run: ``python bench/home_page.py [--students 3000] [--repeat 7] [--db URL]``. Without
``--db`` the demo school (``python main.py demo --students N``: classes of about 45, two
years of grades, loans, a stocktake) is built in a temporary folder first (not timed;
about two minutes for 3,000 students). Timed, median of ``--repeat`` after one warm-up:
``app.home.home_page`` for the principal, a teacher, the secretary, the IT coordinator,
the equipment officer and the administrator, each in its own read transaction; the
facts read outside the database (backup folder, file-check stamp) once, apart.
Baselines, same run: ``SELECT count(*) FROM student``, and one
``SELECT count(*)`` over the current year's assessments (the rows the missing-grade
figures must read). Prints each role's time and its ratio to the second baseline.
No target is fixed yet: the principal's page, the slowest, reads each filled cell of the
semester once in a grouped join (never per student); it is computed off the UI thread.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

USERS = ("hieutruong", "gv.toan", "giaovu", "cntt", "thietbi", "admin")


def build_demo(folder: Path, students: int) -> str:
    """The demo school in ``folder`` (its own data folder: keys, backups); its URL."""
    url = f"sqlite:///{folder / 'demo.sqlite'}"
    subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "demo", "--db", url, "--students", str(students)],
        check=True,
        env=dict(os.environ),
        stdout=subprocess.DEVNULL,
    )
    return url


def median_ms(fn: Callable[[], object], repeat: int) -> float:
    fn()  # warm-up: caches, compiled statements
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def run(url: str, repeat: int) -> None:
    from sqlalchemy import func, select

    from app import accounts, modules, school  # noqa: F401  (modules: keys and hooks)
    from app.gradebook.models import Assessment
    from app.home import home_page
    from app.home.health import read_facts
    from app.runtime import open_runtime
    from app.students.models import Student

    rt = open_runtime(url, lock=False)
    db = rt.db
    start = time.perf_counter()
    facts = read_facts(db)
    facts_ms = (time.perf_counter() - start) * 1000
    with db.read() as s:
        year = school.current_year(s)
        assert year is not None
        students = int(s.scalar(select(func.count()).select_from(Student)) or 0)
        users = {u: accounts.get_user(s, u).actor() for u in USERS}

    def count_students() -> None:
        with db.read() as s:
            s.scalar(select(func.count()).select_from(Student))

    def count_assessments() -> None:
        with db.read() as s:
            s.scalar(select(func.count()).where(Assessment.school_year == year.name))

    def page_of(username: str) -> Callable[[], object]:
        actor = users[username]

        def job() -> object:
            with db.read(actor) as s:
                return home_page(s, actor, facts)

        return job

    base_students = median_ms(count_students, repeat)
    base = median_ms(count_assessments, repeat)
    print(f"school: {students:,} students, year {year.name}")
    print(f"facts (backup folder, file-check stamp), once: {facts_ms:8.1f} ms")
    print(f"baseline count(*) student:                {base_students:8.2f} ms")
    print(f"baseline count(*) assessments of the year: {base:8.2f} ms")
    for username in USERS:
        job = page_of(username)
        page = job()
        ms = median_ms(job, repeat)
        figures = len(page.keys())  # type: ignore[attr-defined]
        role = page.role  # type: ignore[attr-defined]
        print(f"{role:18} {username:11} {figures:3} figures {ms:8.1f} ms  ratio {ms / base:6.1f}×")
    rt.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=3000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument(
        "--db", help="an existing demo school (its data folder in TRUONGSO_DATA_DIR)"
    )
    args = parser.parse_args()
    if args.db:
        run(args.db, args.repeat)
        return
    with tempfile.TemporaryDirectory(prefix="bench-home-") as tmp:
        os.environ["TRUONGSO_DATA_DIR"] = str(Path(tmp) / "data")
        print(f"building the demo school ({args.students:,} students)…", flush=True)
        run(build_demo(Path(tmp), args.students), args.repeat)


if __name__ == "__main__":
    main()

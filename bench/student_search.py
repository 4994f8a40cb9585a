"""Bench: accent-insensitive student search over 100,000 students vs a primary-key lookup.

Builds a temporary SQLite database through the real bulk path (demo generator →
``upsert_students``), then times what the list does per keystroke — count plus
the first page of 100 rows — for typical queries (names, a whole code, a part of
a code such as "260689", a phone), against an indexed primary-key lookup of one
student in the same run. Target: median ≤ 30 ms.

    .venv/bin/python bench/student_search.py [--students 100000] [--keep PATH]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import select  # noqa: E402

from app import migrate, setup  # noqa: E402
from app import modules as _modules  # noqa: E402, F401  (every module wired into the core: decision 008)
from app import students as st  # noqa: E402
from app.db import Actor, Database, make_engine, sqlite_url  # noqa: E402
from app.school import SchoolProfile  # noqa: E402
from app.students import demo_data  # noqa: E402

TARGET_MS = 30.0
BATCH = 10_000
PROFILE = SchoolProfile("38000001", "Trường THCS và THPT Bench", ("thcs", "thpt"), "Thanh Hóa")


def build(path: Path, students: int) -> tuple[Database, float]:
    """A migrated database with ``students`` demo students; returns it and the load time."""
    db = Database(make_engine(sqlite_url(path)))
    migrate.upgrade(db.engine)
    setup.initialize(
        db, setup.SetupRequest(PROFILE, "admin", "Quản trị", "matkhau123", "2025-2026")
    )
    actor = Actor.system("bench")
    plan = list(demo_data.class_plan(list(range(6, 13)), students, size=students // 70 + 1))
    with db.uow(actor=actor) as s:
        for name, _, _ in plan:
            st.create_class(s, actor, name)
    names = demo_data.DemoNames(seed=7)
    rows = [demo_data.demo_student(names, c, g, 2025) for c, g, n in plan for _ in range(n)]
    started = time.perf_counter()
    for i in range(0, len(rows), BATCH):
        with db.uow(actor=actor, reason="Bench") as s:
            st.upsert_students(s, actor, rows[i : i + BATCH], reason="Bench")
        print(f"  {min(i + BATCH, len(rows)):>7} học sinh…", end="\r", flush=True)
    return db, time.perf_counter() - started


def median_ms(fn: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Median wall and CPU time of ``fn`` in milliseconds, after one warm-up call.

    CPU time shows the cost apart from other programs competing for the cores.
    """
    fn()
    wall, cpu = [], []
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        fn()
        wall.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
    return statistics.median(wall), statistics.median(cpu)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=21)
    parser.add_argument("--keep", type=Path, help="keep the database at this path")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = args.keep or Path(tmp) / "bench.sqlite"
        if path.exists():
            db = Database(make_engine(sqlite_url(path)))
            load = 0.0
        else:
            db, load = build(path, args.students)
        admin = Actor.system("bench")
        with db.read() as s:
            total = st.count_students(s, admin, st.StudentFilter())
            sample = s.execute(
                select(st.Student.id, st.Student.student_code).limit(1).offset(total * 43 // 100)
            ).one()
            phone = s.scalar(select(st.Guardian.phone).limit(1).offset(total // 130))
            queries = [
                "nguyen thi h",
                "ánh",
                "nguyen",
                "tran van",
                "thi ho",
                "hoa nguyen",
                sample.student_code,
                sample.student_code[-6:],  # a part of the code: year and number ("260689")
                sample.student_code[3:9],  # a part from the middle
                phone,
            ]
            cols = list(st.Student.__table__.columns)

            def pk() -> object:
                return s.execute(select(*cols).where(st.Student.id == sample.id)).one()

            def search(q: str, status: str | None = None) -> Callable[[], object]:
                flt = st.StudentFilter(search=q, status=status)

                def run() -> object:
                    n = st.count_students(s, admin, flt)
                    return n, st.list_student_rows(s, admin, flt, limit=100)

                return run

            base = median_ms(pk, args.repeat * 10)
            results = [(q, median_ms(search(q), args.repeat)) for q in queries]
            results.append(
                (
                    "nguyen thi h + đang học",
                    median_ms(search("nguyen thi h", "dang_hoc"), args.repeat),
                )
            )
            results.append(("(không tìm) trang đầu", median_ms(search(""), args.repeat)))
            hits = {q: st.count_students(s, admin, st.StudentFilter(search=q)) for q in queries}
        db.dispose()
    print(f"Học sinh: {total:,}" + (f"; nạp qua upsert_students: {load:.1f} s" if load else ""))
    print(f"Tải máy (load average 1 phút): {os.getloadavg()[0]:.1f} trên {os.cpu_count()} lõi")
    print(f"Baseline — tra khóa chính một học sinh: {base[0]:.3f} ms (CPU {base[1]:.3f} ms)")
    for q, (wall, cpu) in results:
        extra = f"{hits[q]:>6} kết quả" if q in hits else ""
        print(f"  tìm «{q}»: {wall:7.2f} ms (CPU {cpu:6.2f} ms) {extra}")
    med = statistics.median(wall for _, (wall, _) in results)
    med_cpu = statistics.median(cpu for _, (_, cpu) in results)
    print(
        f"Trung vị tìm kiếm (đếm + trang đầu 100 dòng): {med:.2f} ms (CPU {med_cpu:.2f} ms); "
        f"tỉ lệ so với khóa chính: {med / base[0]:.0f}×"
    )
    print(f"Mục tiêu ≤ {TARGET_MS:.0f} ms: {'ĐẠT' if med <= TARGET_MS else 'CHƯA ĐẠT'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""The hub's ingest rate: a school's packages (about N journal entries) into the hub's database.

Run: ``python bench/hub_ingest.py [--entries 100000] [--repeat 3] [--profile]``. PostgreSQL
from ``TRUONGSO_BENCH_PG_URL`` or ``TRUONGSO_TEST_PG_URL`` (a scratch database is created
and dropped per run); without either, SQLite (said so). Not timed: a migrated school SQLite
file gets about ``--entries`` journal entries (``bench/_sync_data.py``: students,
enrolments, assessments, then score and student corrections and a few cleared scores), cut
into signed packages encrypted to the hub's key (at most 5 MB each); the hub sees the first one
(held: an unknown school) and the operator approves the school's key. Timed, per run:

- hub: ``app.hub.service.ingest_folder`` over the packages: signature, decryption, every
  hash, manifest and entry checks, highest-version-wins apply, package row, ledger entry,
  signed receipt written, one transaction per package; split into verify+decrypt
  (``open_package``), check (manifest and entries), apply (``apply_changes``; within it,
  reading the records the hub already holds, ``_existing``) and the rest;
- baseline: the same rows the hub ended with (school_code, entity, record_id, fields JSON…)
  inserted with one SQLAlchemy Core ``executemany`` in one transaction into a plain table of
  the same columns (no partitions), in the same database, in the same run.

Checks (not timed): every package accepted, the hub's row count equals the distinct records
the journal touched, the ledger verifies. Prints entries per second for both and the ratio;
``--profile`` adds one cProfile'd ingest and its top functions. No target yet: read it.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _sync_data import SCHOOL, journal_school  # noqa: E402

PG_ENVS = ("TRUONGSO_BENCH_PG_URL", "TRUONGSO_TEST_PG_URL")
SPLIT = ("verify+decrypt", "check", "apply", "lookup")  # lookup: part of apply


@contextmanager
def _scratch_pg(base: str) -> Iterator[str]:
    """An empty PostgreSQL database on ``base``'s server, dropped afterwards."""
    from sqlalchemy import create_engine, make_url, text

    name = f"ts_bench_{uuid.uuid4().hex[:10]}"
    url = make_url(base).set(drivername="postgresql+psycopg")
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@contextmanager
def _scratch_sqlite(folder: Path, run: str) -> Iterator[str]:
    from app.db import sqlite_url

    yield sqlite_url(folder / f"hub-{run}.sqlite")


def _split_timers(split: dict[str, float]) -> None:
    """Time the hub's steps by wrapping the names its modules call them by."""
    from app.hub import apply, ingest

    buckets = ((ingest, "open_package", "verify+decrypt"), (ingest, "check_manifest", "check"),
               (ingest, "parse_changes", "check"), (ingest, "blob_names", "check"),
               (ingest, "apply_changes", "apply"), (apply, "_existing", "lookup"))  # fmt: skip
    for module, name, bucket in buckets:
        fn = getattr(module, name)

        def timed(*a: Any, _fn: Callable[..., Any] = fn, _b: str = bucket, **kw: Any) -> Any:
            start = time.perf_counter()
            try:
                return _fn(*a, **kw)
            finally:
                split[_b] += time.perf_counter() - start

        setattr(module, name, timed)


def _make_packages(tmp: Path, entries: int, hub_public: bytes) -> tuple[Any, int, int, list[Path]]:
    """The school's journal and its packages: (mix, entries, distinct records, files)."""
    from sqlalchemy import select

    from app import journal, migrate
    from app import modules as _modules  # noqa: F401
    from app.db import Database, make_engine, sqlite_url
    from app.journal_schema import OP_DELETE, OP_INSERT, OP_UPDATE, JournalEntry
    from app.sync.entities import entity_for
    from app.sync.package_file import write_package
    from app.sync.payload import build_payloads
    from app.sync.school_key import school_key

    db = Database(make_engine(sqlite_url(tmp / "school.sqlite")), school_code=SCHOOL)
    migrate.upgrade(db.engine)
    mix = journal_school(db, entries)
    out = tmp / "usb" / "TruongSo" / "guidi" / SCHOOL
    out.mkdir(parents=True)
    key = school_key(SCHOOL)
    files = []
    with db.read() as s:
        head, epoch = journal.head_seq(s), journal.current_epoch(s) or ""
        e = JournalEntry
        touched = s.execute(
            select(e.entity_type, e.entity_id)
            .where(e.op.in_((OP_INSERT, OP_UPDATE, OP_DELETE)))
            .distinct()  # fmt: skip
        ).all()
        distinct = sum(1 for table, _id in touched if entity_for(table) is not None)
        for n, p in enumerate(build_payloads(s, SCHOOL, epoch, 0, head)):
            files.append(out / f"{n:03d}.tspkg")
            write_package(files[-1], school=SCHOOL, epoch=epoch, seq_from=p.first,
                          seq_to=p.last, manifest=p.manifest, entries=p.entries, blobs=p.blobs,
                          key=key, hub_public=hub_public, max_bytes=6 * 1024 * 1024)  # fmt: skip
    db.dispose()
    return mix, head, distinct, files


def _plain_table(hub_record: Any) -> Any:
    from sqlalchemy import Column, MetaData, Table

    columns = [Column(c.name, c.type, primary_key=c.primary_key, nullable=c.nullable)
               for c in hub_record.columns]  # fmt: skip
    return Table("bench_plain_record", MetaData(), *columns)


class Runner:
    """One hub per run on a scratch database; the hub run, then the baseline, timed."""

    def __init__(self, tmp: Path, files: list[Path], scratch: Callable[[str], Any]) -> None:
        from app.hub.keys import load_keys

        self.tmp, self.files, self.scratch = tmp, files, scratch
        self.keys = load_keys(create=True)
        self.split = dict.fromkeys(SPLIT, 0.0)
        self.rows: list[dict[str, Any]] = []

    def _approved_hub(self, url: str) -> Any:
        from app.hub import service
        from app.hub.ingest import Hub, ingest_bytes
        from app.sync.school_key import school_key

        hub = Hub.open(url, self.keys)
        first = ingest_bytes(hub, self.files[0].read_bytes(), str(self.files[0]))
        if first.status != "held":  # an unknown school's first package, as in real life
            raise RuntimeError(f"first package: {first.status} {first.reason}")
        service.approve(hub, SCHOOL, school_key(SCHOOL).fingerprint, "bench")
        return hub

    def run(self, name: str, profile: cProfile.Profile | None = None) -> dict[str, Any]:
        from sqlalchemy import func, insert, select

        from app.hub import ledger
        from app.hub import schema as t
        from app.hub.service import ingest_folder

        with self.scratch(name) as url:
            hub = self._approved_hub(url)
            receipts = self.tmp / f"receipts-{name}"
            before = dict(self.split)
            start = time.perf_counter()
            if profile is not None:
                profile.enable()
            outcomes = ingest_folder(hub, self.tmp / "usb", receipts)
            if profile is not None:
                profile.disable()
            took = time.perf_counter() - start
            r = t.record.c
            with hub.engine.connect() as conn:
                rows = conn.scalar(select(func.count()).where(r.school_code == SCHOOL))
                deleted = conn.scalar(select(func.count()).where(r.school_code == SCHOOL,
                                                                 r.deleted))  # fmt: skip
                ledger_ok, ledger_n = ledger.verify(conn)
                if not self.rows:
                    self.rows = [dict(m) for m in conn.execute(select(t.record)).mappings()]
            plain = _plain_table(t.record)
            plain.create(hub.engine)
            start = time.perf_counter()
            with hub.engine.begin() as conn:
                conn.execute(insert(plain), self.rows)
            baseline = time.perf_counter() - start
            with hub.engine.connect() as conn:
                copied = conn.scalar(select(func.count()).select_from(plain))
            hub.dispose()
        return {
            "hub": took, "baseline": baseline, "rows": rows, "deleted": deleted,
            "copied": copied, "statuses": sorted({o.status for o in outcomes}),
            "outcomes": len(outcomes), "ledger": (ledger_ok, ledger_n),
            "split": {k: self.split[k] - before[k] for k in SPLIT},
        }  # fmt: skip


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--entries", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=3, help="runs, each on a fresh database")
    ap.add_argument("--sqlite", action="store_true", help="SQLite even when PostgreSQL is set")
    ap.add_argument("--profile", action="store_true", help="one more run under cProfile")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="hub-bench-"))
    os.environ.update(TRUONGSO_DATA_DIR=str(tmp / "data"), TRUONGSO_KEYRING="memory",
                      TRUONGSO_ENCRYPT_DB="0")  # fmt: skip
    try:
        return _bench(args, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _bench(args: argparse.Namespace, tmp: Path) -> int:
    from app.hub.keys import load_keys

    base = next((os.environ[e] for e in PG_ENVS if os.environ.get(e)), "")
    if args.sqlite or not base:
        if not base:
            print(f"bench/hub_ingest.py: no PostgreSQL configured ({' or '.join(PG_ENVS)}); "
                  "measuring on SQLite")  # fmt: skip
        backend = "SQLite"

        def scratch(run: str) -> Any:
            return _scratch_sqlite(tmp, run)
    else:
        backend = "PostgreSQL"

        def scratch(run: str) -> Any:
            return _scratch_pg(base)

    start = time.perf_counter()
    mix, entries, distinct, files = _make_packages(tmp, args.entries,
                                                   load_keys(create=True).encryption_public)  # fmt: skip
    made = time.perf_counter() - start
    runner = Runner(tmp, files, scratch)
    _split_timers(runner.split)
    results = [runner.run(str(n)) for n in range(args.repeat)]
    hub = statistics.median(r["hub"] for r in results)
    baseline = statistics.median(r["baseline"] for r in results)
    ratio = hub / baseline
    last = sorted(results, key=lambda r: r["hub"])[len(results) // 2]  # the median run
    size = sum(f.stat().st_size for f in files)
    print(f"bench/hub_ingest.py: {entries} journal entries in {len(files)} packages "
          f"({size / 1e6:.1f} MB), {backend}, median of {args.repeat} (made in {made:.0f} s, "
          "not timed)")  # fmt: skip
    print(f"  mix: {mix.describe()}")
    print(f"  baseline  {baseline * 1000:8.0f} ms  {len(runner.rows) / baseline:9.0f} rows/s "
          f"= {entries / baseline:9.0f} entries/s  (Core executemany of the hub's "
          f"{len(runner.rows)} rows into a plain table, one transaction)")  # fmt: skip
    print(f"  hub       {hub * 1000:8.0f} ms  {entries / hub:9.0f} entries/s  (ingest_folder: "
          "verify, decrypt, check, apply, ledger, receipts)")  # fmt: skip
    split = {k: v * 1000 for k, v in last["split"].items()}
    rest = last["hub"] * 1000 - sum(v for k, v in split.items() if k != "lookup")
    print(f"  hub split (median run): verify+decrypt {split['verify+decrypt']:.0f} ms, check "
          f"{split['check']:.0f} ms, apply {split['apply']:.0f} ms (of which reading the "
          f"records already held {split['lookup']:.0f} ms), rest (package rows, receipts, "
          f"ledger, commit) {rest:.0f} ms")  # fmt: skip
    print(f"  ratio hub / baseline: {ratio:.2f}×; load average {os.getloadavg()[0]:.1f}")
    ok = all(r["statuses"] == ["accepted"] and r["outcomes"] == len(files)
             and r["rows"] == distinct == mix.records and r["deleted"] == mix.deletes
             and r["copied"] == len(runner.rows) and r["ledger"] == (True, len(files))
             for r in results)  # fmt: skip
    print(f"  check (every run; the median one shown): {last['outcomes']} receipts {'/'.join(last['statuses'])}; hub rows "
          f"{last['rows']} (of which {last['deleted']} cancelled) vs {distinct} distinct records "
          f"in the journal; ledger {'verifies' if last['ledger'][0] else 'BROKEN'} "
          f"({last['ledger'][1]} entries) — {'OK' if ok else 'MISMATCH'}")  # fmt: skip
    if args.profile:
        profile = cProfile.Profile()
        runner.run("profile", profile)
        stats = pstats.Stats(profile)
        for key in ("cumulative", "tottime"):
            print(f"\n  cProfile of one ingest_folder, top 25 by {key}:")
            stats.sort_stats(key).print_stats(25)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())

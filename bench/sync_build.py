"""Building sync packages from the journal: N journalled student rows → encrypted, signed packages.

Run: ``python bench/sync_build.py [--entries 100000] [--repeat 3]``. A migrated SQLite file
gets ``--entries`` students through ``journal.bulk_insert`` (not timed). Timed, median of
``--repeat``:

- packages: ``app.sync.payload.build_payloads`` over the whole journal (wire changes, what
  stays dropped, cut at 5 MB) and ``write_package`` for each (zip, X25519 + AES-256-GCM to a
  hub key, Ed25519 signature, written whole);
- baseline: the same student rows read with one SELECT, dumped as JSON lines and zipped
  (deflate) to a file, in the same run.

Prints both, entries per second and the ratio. Target: packages / baseline ≤ 3×.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _sync_data import SCHOOL, student_rows  # noqa: E402

TARGET = 3.0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--entries", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="sync-bench-"))
    os.environ.update(TRUONGSO_DATA_DIR=str(tmp / "data"), TRUONGSO_KEYRING="memory",
                      TRUONGSO_ENCRYPT_DB="0")  # fmt: skip
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
    from sqlalchemy import select

    from app import journal, migrate
    from app import modules as _modules  # noqa: F401
    from app.db import Actor, Database, make_engine, sqlite_url
    from app.students.models import Student
    from app.sync.package_file import write_package
    from app.sync.payload import build_payloads
    from app.sync.school_key import school_key

    db = Database(make_engine(sqlite_url(tmp / "bench.sqlite")), school_code=SCHOOL)
    migrate.upgrade(db.engine)
    rows = student_rows(args.entries)
    for start in range(0, len(rows), 10_000):
        with db.uow(actor=Actor.system("bench"), reason="bench") as s:
            journal.bulk_insert(s, Student, rows[start : start + 10_000])
    hub = X25519PrivateKey.generate().public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    key = school_key(SCHOOL)

    def packages(out: Path) -> int:
        with db.read() as s:
            head, epoch = journal.head_seq(s), journal.current_epoch(s) or ""
            parts = build_payloads(s, SCHOOL, epoch, 0, head)
        for n, p in enumerate(parts):
            write_package(out / f"{n}.tspkg", school=SCHOOL, epoch=epoch, seq_from=p.first,
                          seq_to=p.last, manifest=p.manifest, entries=p.entries, blobs=p.blobs,
                          key=key, hub_public=hub, max_bytes=6 * 1024 * 1024)  # fmt: skip
        return len(parts)

    def baseline(out: Path) -> int:
        table = Student.__table__
        with db.read() as s:
            lines = [
                json.dumps({k: str(v) for k, v in r.items()}, ensure_ascii=False) + "\n"
                for r in s.execute(select(table)).mappings()
            ]
        with zipfile.ZipFile(out / "baseline.zip", "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr("entries.jsonl", "".join(lines))
        return 1

    timings: dict[str, list[float]] = {"packages": [], "baseline": []}
    files = 0
    for run in range(args.repeat):
        for name, fn in (("baseline", baseline), ("packages", packages)):
            out = tmp / f"{name}-{run}"
            out.mkdir()
            start = time.perf_counter()
            made = fn(out)
            timings[name].append(time.perf_counter() - start)
            files = made if name == "packages" else files
    med = {k: statistics.median(v) for k, v in timings.items()}
    ratio = med["packages"] / med["baseline"]
    print(f"bench/sync_build.py: {args.entries} journal entries (students), SQLite, "
          f"median of {args.repeat}")  # fmt: skip
    print(f"  baseline  {med['baseline'] * 1000:8.0f} ms  {args.entries / med['baseline']:9.0f} "
          "rows/s  (SELECT, JSON lines, zip)")  # fmt: skip
    print(f"  packages  {med['packages'] * 1000:8.0f} ms  {args.entries / med['packages']:9.0f} "
          f"entries/s  ({files} packages of ≤ 5 MB, encrypted and signed)")  # fmt: skip
    print(
        f"  ratio packages / baseline: {ratio:.2f}× (target ≤ {TARGET:.0f}×) — "
        f"{'OK' if ratio <= TARGET else 'OVER TARGET'}; load average {os.getloadavg()[0]:.1f}"
    )
    db.dispose()
    shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

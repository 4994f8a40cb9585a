"""Stocktake reconciliation: 20,000 scans against a register of 20,000 items.

Run: ``python bench/equipment.py [--items 20000] [--repeat 21] [--seed 11]``. A register of
``--items`` active items in 60 rooms and a whole-school stocktake's scans are made in memory
(not timed) with a school's noise: 2 % of the items not scanned, 1 % scanned in another
room, 0.5 % unknown labels (half well-formed codes the register lacks, half misreads),
1 % read twice, the scans shuffled a little as an officer walks the rooms. Timed, median
of ``--repeat``:

- reconcile: ``app.equipment.reconcile.reconcile`` over the register and the scans (plain
  records in, every category out, sorted);
- baseline: the same codes as two plain lists of strings, ``set(scanned) - set(register)``
  and ``set(register) - set(scanned)``, in the same run.

Prints both, the counts (checked against the noise put in) and the ratio.
Target: reconcile / baseline ≤ 10×.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.equipment.reconcile import RegisterItem, Scan, reconcile  # noqa: E402

TARGET = 10.0
ROOMS = [f"P{floor}{n:02d}" for floor in range(1, 4) for n in range(1, 21)]
CONDITIONS = ["tốt", "tốt", "tốt", "hỏng nhẹ"]


def make_data(count: int, seed: int) -> tuple[list[RegisterItem], list[Scan], dict[str, int]]:
    """The register, the scans and the noise put in ({category: how many})."""
    rng = random.Random(seed)
    items = [
        RegisterItem(f"TB-{n:06d}", rng.choice(ROOMS), rng.choice(CONDITIONS))
        for n in range(1, count + 1)
    ]
    shuffled = items[:]
    rng.shuffle(shuffled)
    n_missing, n_wrong = count * 2 // 100, count // 100
    n_unknown, n_dupes = count * 5 // 1000, count // 100
    missing = shuffled[:n_missing]
    wrong = {i.code for i in shuffled[n_missing : n_missing + n_wrong]}
    present = sorted(shuffled[n_missing:], key=lambda i: (i.room, i.code))  # room by room
    start = datetime(2026, 12, 7, 7, 30)
    scans: list[Scan] = []
    for item in present:
        room = item.room or ""
        if item.code in wrong:
            room = ROOMS[(ROOMS.index(room) + 1) % len(ROOMS)]
        noted = "hỏng" if rng.random() < 0.01 else None
        scans.append(Scan(item.code, room, start + timedelta(seconds=2 * len(scans)), noted))
    for n in range(n_unknown):
        code = f"TB-9{n:05d}" if n % 2 else f"TB {n}?"
        scans.insert(rng.randrange(len(scans)), Scan(code, rng.choice(ROOMS), start))
    twice = set(rng.sample(range(len(scans)), n_dupes))
    scans = [s for n, scan in enumerate(scans) for s in (scan,) * (1 + (n in twice))]
    noise = {"missing": len(missing), "wrong_room": n_wrong, "unknown": n_unknown,
             "duplicates": n_dupes}  # fmt: skip
    return items, scans, noise


def median_ms(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--items", type=int, default=20_000)
    ap.add_argument("--repeat", type=int, default=21)
    ap.add_argument("--seed", type=int, default=11)
    args = ap.parse_args()
    items, scans, noise = make_data(args.items, args.seed)
    register_codes = [i.code for i in items]
    scanned_codes = [s.code for s in scans]

    def baseline() -> tuple[set[str], set[str]]:
        scanned, known = set(scanned_codes), set(register_codes)
        return scanned - known, known - scanned

    result = reconcile(items, scans)
    unknown, missing = baseline()
    got = {"missing": len(result.missing), "wrong_room": len(result.wrong_room),
           "unknown": len(result.unknown), "duplicates": result.duplicate_scans}  # fmt: skip
    if got != noise or len(unknown) != noise["unknown"] or len(missing) != noise["missing"]:
        print(f"bench/equipment.py: WRONG RESULT: put in {noise}, found {got}")
        return 1
    base = median_ms(baseline, args.repeat)
    full = median_ms(lambda: reconcile(items, scans), args.repeat)
    ratio = full / base
    print(f"bench/equipment.py: whole-school stocktake, {len(items)} items in {len(ROOMS)} rooms, "
          f"{len(scans)} scans, median of {args.repeat}")  # fmt: skip
    print(f"  noise put in and found: {noise['missing']} missing, {noise['wrong_room']} in the "
          f"wrong room, {noise['unknown']} unknown labels, {noise['duplicates']} repeat reads, "
          f"{len(result.condition_changes)} condition changes")  # fmt: skip
    print(f"  baseline   {base:7.1f} ms  (set difference both ways on the same code strings)")
    print(f"  reconcile  {full:7.1f} ms  ({len(result.found)} found, every category, sorted)")
    print(
        f"  ratio reconcile / baseline: {ratio:.1f}× (target ≤ {TARGET:.0f}×) — "
        f"{'OK' if ratio <= TARGET else 'OVER TARGET'}; load average {os.getloadavg()[0]:.1f}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Cold start to the main window shown (offscreen), against a bare Qt window.

Run: ``python bench/startup.py [--repeat N]``. Each sample is a fresh Python
process; the time runs from just before the parent spawns it to the moment
the window has been shown and the event queue drained (the child reports it,
so interpreter teardown is not counted). The child's CPU time up to that
moment is reported too: on a busy machine it is steadier than wall time.

- app: ``import ui.app``, ``make_application()``, ``open_runtime`` on a demo
  school database (lock, quick_check, migration check), then
  ``build_main_window(runtime, admin)``, ``show()`` and ``processEvents()``;
- baseline: ``QApplication`` + empty ``QMainWindow``, ``show()``, ``processEvents()``.

The login dialog is skipped (it waits for a person). One unmeasured warm-up
run of each comes first, so both start with a warm disk cache; then the two
alternate. Prints medians, the app's phases and the ratio. Target: ≤ 3×.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = 3.0

APP = """
import os, sys, time, json
t0 = float(os.environ["BENCH_T0"])
marks = {}
from ui.app import build_main_window, make_application
from app import accounts
from app.runtime import open_runtime
marks["import"] = time.time() - t0
qapp = make_application()
marks["qapplication"] = time.time() - t0
runtime = open_runtime(os.environ["BENCH_DB"])
with runtime.db.read() as s:
    user = accounts.get_user(s, "admin")
marks["open_runtime"] = time.time() - t0
window = build_main_window(runtime, user)
marks["build_window"] = time.time() - t0
window.show()
qapp.processEvents()
marks["shown"] = time.time() - t0
marks["cpu"] = time.process_time()
print(json.dumps(marks))
sys.stdout.flush()
runtime.close()
os._exit(0)
"""

BASELINE = """
import os, sys, time, json
t0 = float(os.environ["BENCH_T0"])
from PySide6.QtWidgets import QApplication, QMainWindow
qapp = QApplication(sys.argv)
window = QMainWindow()
window.resize(1200, 760)
window.show()
qapp.processEvents()
print(json.dumps({"shown": time.time() - t0, "cpu": time.process_time()}))
sys.stdout.flush()
os._exit(0)
"""


def sample(code: str, env: dict[str, str]) -> dict[str, float]:
    """Spawn one fresh interpreter running ``code``; return the marks it reports."""
    env = {**env, "BENCH_T0": repr(time.time())}
    res = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if res.returncode != 0:
        raise SystemExit(f"child failed ({res.returncode}):\n{res.stderr}")
    return dict(json.loads(res.stdout.strip().splitlines()[-1]))


def make_demo(url: str, env: dict[str, str]) -> None:
    """Create the demo school the way a user would (``main.py demo``)."""
    res = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "demo", "--db", url],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if res.returncode != 0:
        raise SystemExit(f"demo failed:\n{res.stderr}")


def main() -> int:
    """Warm up, then alternate app and baseline samples; print medians and the ratio."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "QT_QPA_PLATFORM": "offscreen",
            "TRUONGSO_DATA_DIR": str(Path(tmp) / "data"),
            "BENCH_DB": f"sqlite:///{Path(tmp) / 'demo.sqlite'}",
        }
        make_demo(env["BENCH_DB"], env)
        sample(APP, env)
        sample(BASELINE, env)
        apps, bases = [], []
        for _ in range(args.repeat):
            apps.append(sample(APP, env))
            bases.append(sample(BASELINE, env))
    app_t = statistics.median(m["shown"] for m in apps)
    base_t = statistics.median(m["shown"] for m in bases)
    app_cpu = statistics.median(m["cpu"] for m in apps)
    base_cpu = statistics.median(m["cpu"] for m in bases)
    print(f"bench/startup.py: cold start to window shown, offscreen, median of {args.repeat}")
    print("                  wall      CPU")
    print(
        f"  baseline  {base_t * 1000:6.0f} ms {base_cpu * 1000:6.0f} ms  (QApplication + empty QMainWindow)"
    )
    print(
        f"  app       {app_t * 1000:6.0f} ms {app_cpu * 1000:6.0f} ms  (demo school, main window for admin)"
    )
    phases = ["import", "qapplication", "open_runtime", "build_window", "shown"]
    prev = 0.0
    for phase in phases:
        at = statistics.median(m[phase] for m in apps)
        print(f"    {phase:<13} +{(at - prev) * 1000:5.0f} ms  (at {at * 1000:5.0f} ms, wall)")
        prev = at
    ratio = app_t / base_t
    verdict = "OK" if ratio <= TARGET else "ABOVE TARGET"
    print(f"  startup ratio (app / baseline): {ratio:.2f}× wall, {app_cpu / base_cpu:.2f}× CPU")
    print(f"  target ≤ {TARGET:.0f}× (wall) — {verdict}; load average {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

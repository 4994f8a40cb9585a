"""Cold start: the first window, the main window and ``--help``, each against its baseline.

Run: ``python bench/startup.py [--repeat N]``. Each sample is a fresh process,
timed from just before the parent spawns it; the child reports the moment its
window is shown and the event queue drained (interpreter teardown is not
counted) and its CPU time up to then, steadier than wall time on a busy machine.

- first window: ``python main.py --db <demo school>`` as a user starts it, up to
  the login dialog on screen (``TRUONGSO_STARTUP_PROBE=1`` makes the app print
  that moment and close the dialog); the data layer is still loading then;
- main window: ``import ui.app``, ``make_application()``, ``open_runtime`` on the
  demo school (lock, quick_check, migration check), ``build_main_window(runtime,
  admin)``, ``show()`` and ``processEvents()`` (the login skipped: it waits for a
  person);
- baseline for both: ``QApplication`` + an empty ``QMainWindow``, ``show()``,
  ``processEvents()``;
- ``--help``: ``python main.py --help`` to its exit, against ``python -c pass``;
- the frozen bundle (``make package``), when ``dist/truongso`` exists: its first
  window and its ``--help``, the same way.

One unmeasured warm-up run of each comes first (warm disk cache); then they
alternate. Prints medians, the main window's phases and the ratios. Targets:
first window ≤ 3× the baseline, ``--help`` ≤ 0.3 s.
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
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUNDLE = ROOT / "dist" / "truongso" / "truongso-cli"
TARGET = 3.0
HELP_TARGET = 0.3

APP = """
import os, sys, time, json
t0 = float(os.environ["BENCH_T0"])
marks = {}
from ui.app import build_main_window, make_application
from app import accounts
from app import modules
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

Marks = dict[str, float]


def _run(
    cmd: list[str], env: dict[str, str], timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    res = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)
    if res.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({res.returncode}):\n{res.stderr}")
    return res


def sample(code: str, env: dict[str, str]) -> Marks:
    """Spawn one fresh interpreter running ``code``; return the marks it reports."""
    env = {**env, "BENCH_T0": repr(time.time())}
    res = _run([sys.executable, "-c", code], env)
    return dict(json.loads(res.stdout.strip().splitlines()[-1]))


class NoProbe(Exception):
    """The program never said its first window was shown (a bundle older than the probe)."""


def first_window(program: list[str], env: dict[str, str]) -> Marks:
    """Start ``program --db <demo>`` with the startup probe; when its first window showed.

    The probe closes that window and the start ends by itself; a program that then waits
    (a bundle refusing a database made by newer code shows why) is stopped after a minute.
    """
    env = {**env, "TRUONGSO_STARTUP_PROBE": "1"}
    t0 = time.time()
    proc = subprocess.Popen(
        [*program, "--db", env["BENCH_DB"]],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        out, _ = proc.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, _ = proc.communicate()
    lines = [line for line in out.splitlines() if line.startswith('{"shown_at"')]
    if not lines:
        raise NoProbe(" ".join(program))
    probe = json.loads(lines[-1])
    return {"shown": probe["shown_at"] - t0, "cpu": probe["cpu"]}


def until_exit(cmd: list[str], env: dict[str, str]) -> Marks:
    """Wall time of ``cmd`` from spawn to exit."""
    t0 = time.perf_counter()
    _run(cmd, env)
    return {"shown": time.perf_counter() - t0}


def _bundle_reports(env: dict[str, str]) -> bool:
    """Whether the bundle reports its first window (one built before the probe does not)."""
    try:
        first_window([str(BUNDLE)], env)
    except NoProbe:
        print(f"  bundle: {BUNDLE.relative_to(ROOT)} predates the startup probe (make package)")
        return False
    return True


def median(samples: list[Marks], key: str = "shown") -> float:
    return statistics.median(m[key] for m in samples)


def make_demo(env: dict[str, str]) -> None:
    """Create the demo school the way a user would (``main.py demo``)."""
    _run([sys.executable, str(ROOT / "main.py"), "demo", "--db", env["BENCH_DB"]], env)


def collect(repeat: int, env: dict[str, str]) -> dict[str, list[Marks]]:
    """Warm up, then alternate every measurement ``repeat`` times."""
    source = [sys.executable, str(ROOT / "main.py")]
    runs: dict[str, Callable[[], Marks]] = {
        "baseline": lambda: sample(BASELINE, env),
        "first": lambda: first_window(source, env),
        "main": lambda: sample(APP, env),
        "help": lambda: until_exit([*source, "--help"], env),
        "pass": lambda: until_exit([sys.executable, "-c", "pass"], env),
    }
    if BUNDLE.exists() and _bundle_reports(env):
        runs["bundle_first"] = lambda: first_window([str(BUNDLE)], env)
        runs["bundle_help"] = lambda: until_exit([str(BUNDLE), "--help"], env)
    for run in runs.values():
        run()
    samples: dict[str, list[Marks]] = {name: [] for name in runs}
    for _ in range(repeat):
        for name, run in runs.items():
            samples[name].append(run())
    return samples


def report(samples: dict[str, list[Marks]], repeat: int) -> None:
    """Print the medians, the main window's phases and the ratios."""
    base, base_cpu = median(samples["baseline"]), median(samples["baseline"], "cpu")

    def window_line(label: str, key: str, what: str) -> float:
        wall, cpu = median(samples[key]), median(samples[key], "cpu")
        print(f"  {label:<13} {wall * 1000:6.0f} ms {cpu * 1000:6.0f} ms  {what}")
        return wall

    print(f"bench/startup.py: cold start, offscreen, median of {repeat}")
    print("                      wall      CPU")
    window_line("baseline", "baseline", "(QApplication + empty QMainWindow)")
    first = window_line("first window", "first", "(main.py to the login shown)")
    main = window_line("main window", "main", "(demo school, main window for admin)")
    prev = 0.0
    for phase in ["import", "qapplication", "open_runtime", "build_window", "shown"]:
        at = median(samples["main"], phase)
        print(f"    {phase:<13} +{(at - prev) * 1000:5.0f} ms  (at {at * 1000:5.0f} ms, wall)")
        prev = at
    ratio = first / base
    cpu_ratio = median(samples["first"], "cpu") / base_cpu
    verdict = "OK" if ratio <= TARGET else "ABOVE TARGET"
    print(f"  first window / baseline: {ratio:.2f}× wall, {cpu_ratio:.2f}× CPU")
    print(f"    target ≤ {TARGET:.0f}× (wall) — {verdict}")
    print(
        f"  main window / baseline: {main / base:.2f}× wall (everything imported up front here;"
        " a real start loads it behind the login)"
    )
    help_t, bare = median(samples["help"]), median(samples["pass"])
    verdict = "OK" if help_t <= HELP_TARGET else "ABOVE TARGET"
    print(
        f"  main.py --help {help_t * 1000:5.0f} ms; python -c pass {bare * 1000:4.0f} ms;"
        f" {help_t / bare:.1f}× — target ≤ {HELP_TARGET * 1000:.0f} ms: {verdict}"
    )
    if "bundle_first" in samples:
        bundle = median(samples["bundle_first"])
        bundle_help = median(samples["bundle_help"])
        print(
            f"  bundle ({BUNDLE.relative_to(ROOT)}): first window {bundle * 1000:5.0f} ms"
            f" ({bundle / base:.2f}× baseline), --help {bundle_help * 1000:5.0f} ms"
        )
    else:
        print(f"  bundle: not timed, no {BUNDLE.relative_to(ROOT)} with the probe (make package)")
    print(f"  load average {os.getloadavg()[0]:.1f}")


def main() -> int:
    """Make the demo school, measure, print."""
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
        make_demo(env)
        samples = collect(args.repeat, env)
    report(samples, args.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())

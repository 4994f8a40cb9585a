"""Kill soak: SIGKILL ``python main.py`` at random moments of grade writes, imports and backups.

    .venv/bin/python -m tests.safety.kill_soak [--kills 120] [--seed 7]

A demo school is made in a temporary data folder (its database encrypted, as every school's
is: decision 019; its key in the folder's file keyring); then, over and over, one of
three commands is started and killed after a random delay (some finish first:
those are acknowledged). Afterwards, after the window's start (which takes the instance lock and cleans up):

- ``check`` passes (the file, the journal's chain and head, the grade results,
  the search index, every record's history);
- every acknowledged grade write is there, or a later attempted one is;
- every import wrote all of its rows or none (their "Ghi chú" marks them), and
  every acknowledged import wrote them all;
- a backup exists once one was acknowledged (retention keeps the newest of each day), and
  every backup file reads back: none is half-written;
- nothing is left over: no ``.part`` file, no plain copy, no restore temporary.

``tests/safety/test_kill_soak.py`` runs a short soak in the suite; this module
run by hand does the long one (issue 15 asks for at least 100 kills).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
ROWS = 30
GIVEN = "An Bình Chi Dũng Giang Hà Hải Hùng Khánh Lan Linh Mai Minh Nam Ngọc Phúc Quân Sơn Tâm Vy"
MIDDLE = "Văn Thị Đức Minh Thu Hữu Bảo Gia Thanh Ngọc Quốc Xuân Kim Hoài Trung"


@dataclass
class Soak:
    """What was tried, what was acknowledged, and what the end state must show."""

    data: Path
    code: str = ""
    grades: list[tuple[str, bool]] = field(default_factory=list)  # (value, acknowledged)
    imports: list[tuple[int, bool]] = field(default_factory=list)  # (batch, acknowledged)
    backups_acked: int = 0
    kills: int = 0
    finished: int = 0

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("TRUONGSO_")}
        # The file keyring: the backup key outlives each process, as on a real PC.
        env.update(TRUONGSO_DATA_DIR=str(self.data), TRUONGSO_KEYRING="file")
        return env

    def run(self, *args: str, timeout: float = 240) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "main.py", *args], cwd=ROOT, env=self.env(),
            capture_output=True, text=True, encoding="utf-8", timeout=timeout,
        )  # fmt: skip

    def start(self, *args: str) -> subprocess.Popen[str]:
        return subprocess.Popen(
            [sys.executable, "main.py", *args], cwd=ROOT, env=self.env(),
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, text=True,
        )  # fmt: skip


def _student_file(path: Path, batch: int) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Họ và tên", "Ngày sinh", "Giới tính", "Lớp", "Ghi chú"])
    given, middle = GIVEN.split(), MIDDLE.split()
    for i in range(ROWS):
        name = f"Trần {middle[(batch + i) % len(middle)]} {given[i % len(given)]}"
        day = f"{1 + (batch * 7 + i) % 28:02d}/{1 + i % 12:02d}/2014"
        ws.append([name, day, "Nữ" if i % 2 else "Nam", "7A1", f"soak-{batch}"])
    wb.save(path)


def _attempt(
    soak: Soak, rng: random.Random, n: int, files: Path, *, kind: str = "", kill: bool = True
) -> None:
    kind = kind or rng.choice(["grade", "grade", "import", "backup"])
    if kind == "grade":
        value = f"{rng.randint(10, 100) / 10:.1f}".replace(".", ",")
        args = ["grades", "set", "--student", soak.code, "--subject", "Toán", "--semester", "1",
                "--kind", "TX", "--index", "2", "--value", value, "--reason", "Soak"]  # fmt: skip
    elif kind == "import":
        path = files / f"lo-{n}.xlsx"
        _student_file(path, n)
        args = ["students", "import", str(path), "--reason", "Soak"]
    else:
        args = ["backup"]
    proc = soak.start(*args)
    deadline = time.monotonic() + (rng.uniform(0.05, 2.5) if kill else 600)
    while proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    if proc.poll() is None:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        soak.kills += 1
        acked = False
    else:
        acked = proc.returncode == 0
        soak.finished += 1
    if kind == "grade":
        soak.grades.append((value, acked))
    elif kind == "import":
        soak.imports.append((n, acked))
    elif acked:
        soak.backups_acked += 1


def soak(kills: int, seed: int, root: Path) -> dict[str, object]:
    """Run the soak until ``kills`` processes were killed; the findings (empty lists: none)."""
    rng = random.Random(seed)
    state = Soak(root / "data")
    files = root / "tep"
    files.mkdir()
    assert state.run("demo", "--students", "60").returncode == 0
    listing = state.run("students", "list", "--class", "7A1", "--json").stdout
    state.code = json.loads(listing)["rows"][0]["student_code"]
    n = 0
    while state.kills < kills:
        n += 1
        _attempt(state, rng, n, files)
    # The school works on after the kills: one more grade written to its end (on a loaded
    # machine every random delay may have been too short for a command to finish).
    n += 1
    _attempt(state, rng, n, files, kind="grade", kill=False)
    # The window's start (the instance lock, then the clean-up of what the kills left), as
    # the secretary's next day begins; `check` itself reads without the lock.
    opened = subprocess.run(
        [sys.executable, "-c", "import app.modules; from app.runtime import open_runtime; "
         "open_runtime().close()"], cwd=ROOT, env=state.env(), capture_output=True, text=True,
    )  # fmt: skip
    problems: list[str] = [] if opened.returncode == 0 else ["start: " + opened.stderr]
    check = state.run("check")
    if check.returncode != 0:
        problems.append("check: " + check.stdout + check.stderr)
    counts, value = _stored(state)
    for batch, acked in state.imports:
        got = counts.get(f"soak-{batch}", 0)
        if got not in (0, ROWS) or (acked and got != ROWS):
            problems.append(f"import {batch}: {got} rows (acknowledged: {acked})")
    acked_at = [i for i, (_, ok) in enumerate(state.grades) if ok]
    if acked_at:
        allowed = {v.replace(",", ".") for v, _ in state.grades[acked_at[-1] :]}
        stored = {str(r[0]).replace(",", ".") for r in value}
        if not stored or not stored <= {a.rstrip("0").rstrip(".") for a in allowed} | allowed:
            problems.append(f"grade: stored {stored}, allowed {sorted(allowed)}")
    leftovers = [
        str(p.relative_to(state.data))
        for p in state.data.rglob("*")
        if p.name.endswith(".part") or ".khoi-phuc-" in p.name or "sao-luu-" in p.name
    ]
    if leftovers:
        problems.append(f"left over: {leftovers}")
    sys.path.insert(0, str(ROOT))
    backups = sorted((state.data / "backups").glob("*.tsbak"))
    readable = _readable_backups(state)
    # Retention keeps the newest backup of each day: one file stands for every acknowledged one.
    if (state.backups_acked and not backups) or readable != len(backups):
        problems.append(f"backups: {len(backups)} files, {readable} readable, "
                        f"{state.backups_acked} acknowledged")  # fmt: skip
    return {
        "kills": state.kills, "finished": state.finished, "attempts": n,
        "grade_writes": len(state.grades), "imports": len(state.imports),
        "backups_acknowledged": state.backups_acked, "backup_files": len(backups),
        "problems": problems,
    }  # fmt: skip


_STORED = """
import json, sys
import app.modules
from app import sqlite_files
db = sqlite_files.connect(sys.argv[1], readonly=True)  # encrypted: keyed from the file keyring
counts = dict(db.execute("SELECT notes, count(*) FROM student GROUP BY notes").fetchall())
value = db.execute(
    "SELECT a.value FROM assessment a JOIN student s ON s.id = a.student_id "
    "WHERE s.student_code = ? AND a.kind = 'TX' AND a.number = 2 AND a.semester = 1 "
    "AND a.subject_id IN (SELECT id FROM subject WHERE name = 'Toán') "
    "AND a.school_year = (SELECT name FROM school_year WHERE is_current = 1)",
    (sys.argv[2],),
).fetchall()
print(json.dumps({"counts": counts, "value": [str(r[0]) for r in value]}))
"""


def _stored(state: Soak) -> tuple[dict[str, int], list[tuple[str]]]:
    """Import batches' row counts and the soaked grade, read in a child through the app's door
    to SQLite files: the database is encrypted, its key in this soak's file keyring."""
    out = subprocess.run(
        [sys.executable, "-c", _STORED, str(state.data / "truongso.sqlite"), state.code],
        cwd=ROOT, env=state.env(), capture_output=True, text=True, check=True,
    )  # fmt: skip
    found = json.loads(out.stdout)
    return found["counts"], [(v,) for v in found["value"]]


def _readable_backups(state: Soak) -> int:
    """How many backup files list with a valid header (``backup --list``-like, in a child)."""
    code = (
        "import json,sys; from app.safety.backup import list_backups; from pathlib import Path;"
        "print(len(list_backups(Path(sys.argv[1]))))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(state.data / "backups")], cwd=ROOT, env=state.env(),
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return int(out.stdout.strip() or 0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=120)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        started = time.monotonic()
        found = soak(args.kills, args.seed, Path(tmp))
    found["seconds"] = round(time.monotonic() - started)
    print(json.dumps(found, ensure_ascii=False, indent=2))
    sys.exit(1 if found["problems"] else 0)


if __name__ == "__main__":
    main()

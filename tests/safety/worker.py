"""A child process for crash and lock tests: ``python -m tests.safety.worker MODE URL [N]``.

Modes:

- ``hold``: open the database with ``open_runtime`` (taking the instance
  lock), print ``HOLDING <pid>``, then wait for stdin to close.
- ``crash``: commit N small transactions through ``Database.uow``, print
  ``COMMITTED <n>`` after each, then start one big transaction that spills
  to the WAL, print ``MID`` and wait to be killed before it can commit.
- ``backup-full FOLDER`` / ``restore-full BACKUP KEYFILE``: the disk "fills up"
  (``RLIMIT_FSIZE``) as soon as the job reports progress, i.e. in the middle of
  writing; prints ``ERROR <message>`` for the ``StorageError`` raised.
"""

from __future__ import annotations

import os
import resource
import signal
import sys
import uuid
from datetime import date
from pathlib import Path

from sqlalchemy import text

from app import journal, school
from app import modules as _modules  # noqa: F401  (every module wired into the core: decision 008)
from app.db import Actor, sqlite_path
from app.errors import StorageError
from app.runtime import open_runtime
from app.safety import backup

BIG_ROWS = 20_000


def hold(url: str) -> None:
    rt = open_runtime(url)
    print(f"HOLDING {os.getpid()}", flush=True)
    sys.stdin.read()
    rt.close()


def crash(url: str, n: int) -> None:
    rt = open_runtime(url)
    actor = Actor.system("worker")
    for i in range(n):
        with rt.db.uow(actor=actor, reason=f"giao dịch {i}") as s:
            school.add_year(s, actor, f"{2040 + i}-{2041 + i}")
        print(f"COMMITTED {i + 1}", flush=True)
    with rt.db.uow(actor=actor, reason="giao dịch lớn bị ngắt") as s:
        s.execute(text("PRAGMA cache_size=20"))
        rows = [
            {
                "id": uuid.uuid4(),
                "school_code": "THCS0001",
                "name": f"x{i:07d}",
                "start_date": date(2099, 9, 5),
                "end_date": date(2100, 5, 31),
                "is_current": False,
            }
            for i in range(BIG_ROWS)
        ]
        journal.bulk_insert(s, school.SchoolYear, rows)
        s.flush()
        print("MID", flush=True)
        sys.stdin.read()  # killed here, inside the open transaction
        raise SystemExit("the parent was meant to kill this process")


class DiskFillsUp:
    """Progress whose first report of work done makes every later write fail (EFBIG)."""

    cancelled = False

    def update(self, done: int, total: int, label: str = "") -> None:
        if done > 0:
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (1, resource.RLIM_INFINITY))


def fill_disk(mode: str, url: str, args: list[str]) -> None:
    try:
        if mode == "backup-full":
            rt = open_runtime(url)
            backup.create_backup(rt.db, Actor.system("worker"), Path(args[0]), DiskFillsUp())
        else:
            target = sqlite_path(url)
            assert target is not None
            backup.restore_backup(Path(args[0]), target, Path(args[1]), progress=DiskFillsUp())
    except StorageError as exc:
        print(f"ERROR {exc.message}", flush=True)
        return
    print("NO ERROR", flush=True)


if __name__ == "__main__":
    mode, url = sys.argv[1], sys.argv[2]
    if mode == "hold":
        hold(url)
    elif mode == "crash":
        crash(url, int(sys.argv[3]))
    elif mode in ("backup-full", "restore-full"):
        fill_disk(mode, url, sys.argv[3:])
    else:
        raise SystemExit(f"unknown mode {mode}")

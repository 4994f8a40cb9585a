"""One writer per database file: an OS-level lock beside it.

The lock is an OS file lock (``filelock``), so it disappears with the process
that held it: a lock left by a crashed or killed process is stale by
construction and is cleared on the next start. A small info file says who
holds it, for the message shown to the second instance.
"""

from __future__ import annotations

import json
import logging
import os
import socket
from pathlib import Path

from filelock import FileLock, Timeout

from app.errors import Conflict
from app.messages import MSG
from app.safety.files import storage_error

log = logging.getLogger(__name__)


class InstanceLock:
    """Exclusive lock on ``<db>.lock``; use as a context manager or acquire/release."""

    def __init__(self, db_path: Path) -> None:
        self.db_path = Path(db_path)
        self.lock_path = self.db_path.with_name(self.db_path.name + ".lock")
        self.info_path = self.db_path.with_name(self.db_path.name + ".lock.json")
        # Held by the process, not by one thread: the window opens the database on a loader
        # thread and releases it on the GUI thread (ui.startup).
        self._lock = FileLock(str(self.lock_path), timeout=0, thread_local=False)
        self.previous_crashed = False

    def acquire(self) -> None:
        """Take the lock or raise ``Conflict`` naming the other holder."""
        try:
            self._lock.acquire()
        except Timeout:
            holder = self.holder()
            raise Conflict(
                MSG.db_in_use.format(
                    path=self.db_path, host=holder.get("host", "?"), pid=holder.get("pid", "?")
                )
            ) from None
        except OSError as exc:  # a read-only or vanished folder
            raise storage_error(exc, self.lock_path) from exc
        # The info file is removed on release: finding it means the last holder
        # died without releasing (crash, power cut, SIGKILL).
        self.previous_crashed = self.info_path.exists()
        try:
            self.info_path.write_text(
                json.dumps({"pid": os.getpid(), "host": socket.gethostname()}), encoding="utf-8"
            )
        except OSError:  # a full disk: keep the lock, the holder is just unnamed
            log.warning("could not write %s", self.info_path, exc_info=True)
            self.info_path.unlink(missing_ok=True)

    def holder(self) -> dict[str, object]:
        """Who holds the lock, as written by the holder (may be stale)."""
        try:
            data = json.loads(self.info_path.read_text(encoding="utf-8"))
            return data if isinstance(data, dict) else {}
        except (OSError, ValueError):
            return {}

    def held_by_this_process(self) -> bool:
        """Whether the current holder, as recorded, is this very process (another lock object)."""
        holder = self.holder()
        return holder.get("pid") == os.getpid() and holder.get("host") == socket.gethostname()

    def release(self) -> None:
        """Give the lock up."""
        if self._lock.is_locked:
            self.info_path.unlink(missing_ok=True)
            self._lock.release()

    @property
    def held(self) -> bool:
        """Whether this object holds the lock."""
        return self._lock.is_locked

    def __enter__(self) -> InstanceLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()

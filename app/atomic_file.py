"""Files the app writes appear whole or not at all: a temporary name beside, then a rename.

A PDF or spreadsheet written straight to its name is truncated when the disk
fills or the process is killed half-way, and a good file of that name is lost.
``written_beside(dest)`` gives ``dest.part`` in the same folder (so the rename
is atomic); when the block ends the file is flushed to disk and renamed over
``dest``; on any error the temporary file is removed and ``dest`` is untouched.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from app.disk_space import as_disk_full


def fsync_file(path: Path) -> None:
    """Flush a closed file's data to the disk."""
    with open(path, "rb+") as fh:
        os.fsync(fh.fileno())


def fsync_dir(folder: Path) -> None:
    """Make a rename inside ``folder`` durable (no-op where directories cannot be synced)."""
    if sys.platform == "win32":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        with suppress(OSError):  # some file systems cannot sync a folder
            os.fsync(fd)
    finally:
        os.close(fd)


def part_path(dest: Path) -> Path:
    """The temporary name a file is written under before it is renamed into place."""
    return dest.with_name(dest.name + ".part")


@contextmanager
def written_beside(dest: Path, mode: int = 0o600) -> Iterator[Path]:
    """``dest.part``, created empty with ``mode``; renamed over ``dest``, durably, when the block
    succeeds, removed when it fails (``dest`` untouched).

    A full disk comes out as ``DiskFull`` (``app.disk_space``); other errors as they are."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = part_path(dest)
    try:
        os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode))
        yield tmp
        fsync_file(tmp)
        os.replace(tmp, dest)
        fsync_dir(dest.parent)
    except BaseException as exc:
        with suppress(OSError):
            tmp.unlink(missing_ok=True)
        if isinstance(exc, Exception) and (full := as_disk_full(exc, dest)) is not None:
            raise full from exc
        raise

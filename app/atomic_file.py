"""Files the app writes appear whole or not at all: a temporary name beside, then a rename.

A PDF or spreadsheet written straight to its name is truncated when the disk
fills or the process is killed half-way, and a good file of that name is lost.
``written_beside(dest)`` gives a temporary path in the same folder (so the rename
is atomic); when the block ends the file is flushed to disk and renamed over
``dest``; on any error the temporary file is removed and ``dest`` is untouched.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from app.disk_space import as_disk_full


def _fsync(path: Path, directory: bool = False) -> None:
    if directory and sys.platform == "win32":
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        with suppress(OSError):  # some file systems cannot sync a folder
            os.fsync(fd)
    finally:
        os.close(fd)


@contextmanager
def written_beside(dest: Path) -> Iterator[Path]:
    """A temporary path beside ``dest``; renamed over it, durably, when the block succeeds.

    A full disk comes out as ``DiskFull`` (``app.disk_space``); other errors as they are."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{dest.stem[:40]}-", suffix=dest.suffix, dir=dest.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        _fsync(tmp)
        os.replace(tmp, dest)
        _fsync(dest.parent, directory=True)
    except BaseException as exc:
        with suppress(OSError):
            tmp.unlink(missing_ok=True)
        if isinstance(exc, Exception) and (full := as_disk_full(exc, dest)) is not None:
            raise full from exc
        raise

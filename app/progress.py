"""Qt-free progress reporting for long jobs (STYLE rule 11)."""

from __future__ import annotations

from typing import Protocol

from app.errors import Cancelled
from app.messages import MSG


class Progress(Protocol):
    """What a long job reports to and asks of its runner."""

    def update(self, done: int, total: int, label: str = "") -> None: ...

    @property
    def cancelled(self) -> bool: ...


class NullProgress:
    """Progress that reports nowhere and is never cancelled (tests, CLI)."""

    def update(self, done: int, total: int, label: str = "") -> None:
        return None

    @property
    def cancelled(self) -> bool:
        return False


def check_cancel(progress: Progress) -> None:
    """Raise ``Cancelled`` if the user asked to stop; call it between steps."""
    if progress.cancelled:
        raise Cancelled(MSG.cancelled)

"""Qt-free progress reporting for long jobs (STYLE rule 11).

A job reports ``update(done, total, label, unit)``: how far it is in the step
``label``, counted in ``unit`` ("học sinh", "lớp"); ``total`` 0 means the step
cannot be counted. The runner shows a determinate bar with ``counted`` —
"1.250/3.000 học sinh" — and its Hủy sets ``cancelled``, which the job reads
between steps (``check_cancel``) to stop before anything is committed.
"""

from __future__ import annotations

from typing import Protocol

from app.errors import Cancelled
from app.messages import MSG
from app.numbers import thousands


class Progress(Protocol):
    """What a long job reports to and asks of its runner."""

    def update(self, done: int, total: int, label: str = "", unit: str = "") -> None: ...

    @property
    def cancelled(self) -> bool: ...


class NullProgress:
    """Progress that reports nowhere and is never cancelled (tests, CLI)."""

    def update(self, done: int, total: int, label: str = "", unit: str = "") -> None:
        return None

    @property
    def cancelled(self) -> bool:
        return False


class Relabelled:
    """Another job's progress under this job's words: "Tạo học sinh mẫu — ghi dữ liệu"."""

    def __init__(self, outer: Progress, prefix: str) -> None:
        self.outer, self.prefix = outer, prefix

    def update(self, done: int, total: int, label: str = "", unit: str = "") -> None:
        step = label[:1].lower() + label[1:]
        self.outer.update(done, total, f"{self.prefix} — {step}" if step else self.prefix, unit)

    @property
    def cancelled(self) -> bool:
        return self.outer.cancelled


def counted(done: int, total: int, unit: str = "") -> str:
    """ "1.250/3.000 học sinh": how far a counted step is, Vietnamese thousands separator."""
    text = f"{thousands(min(done, total))}/{thousands(total)}"
    return f"{text} {unit}" if unit else text


def check_cancel(progress: Progress) -> None:
    """Raise ``Cancelled`` if the user asked to stop; call it between steps."""
    if progress.cancelled:
        raise Cancelled(MSG.cancelled)

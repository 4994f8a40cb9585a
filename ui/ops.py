"""The single runner for background work (STYLE rule 12).

``run(parent, job, on_done)`` calls ``job(progress)`` on a pool thread. A
progress dialog appears only if the job outlives ``SHOW_AFTER_MS``: the step the
job names with, under it, the count ("1.250/3.000 học sinh", ``app.progress.counted``)
and a determinate bar whenever the job reports a total in a unit (a bar with its
percentage without a unit; a busy bar without a total). Its Hủy sets the flag the job reads through ``progress.cancelled``
(see ``app.progress.check_cancel``). The result or the error comes back on the main
thread. What the result changed (an ``app.changes.Changes``, or a result
carrying one: ``app.changes.changes_of``) is announced on the bus before
``on_done`` runs, so every page refreshes. This is the one place that
announces: widgets never start threads, nor call the bus themselves.
"""

from __future__ import annotations

import logging
import threading
import weakref
from collections.abc import Callable
from typing import Any, Generic, TypeVar

import shiboken6
from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal, Slot
from PySide6.QtWidgets import QProgressBar, QProgressDialog, QWidget

from app.changes import changes_of
from app.db_waits import on_wait
from app.messages.waits import WAITS_MSG
from app.progress import Progress, counted
from ui import errors
from ui.signals import bus

T = TypeVar("T")
SHOW_AFTER_MS = 500
log = logging.getLogger(__name__)

_running: set[Op[Any]] = set()
_retired: list[_Runnable] = []
"""Finished runnables, kept until no pool thread is active (a worker may still be returning)."""


class _WorkerProgress:
    """The ``Progress`` a job sees: thread-safe, reports through the op's signal.

    It holds the op weakly: no reference cycle between a Qt object and plain
    Python objects, so the garbage collector never frees the op from a worker.
    """

    def __init__(self, op: Op[Any]) -> None:
        self._op = weakref.ref(op)
        self._cancel = threading.Event()

    def update(self, done: int, total: int, label: str = "", unit: str = "") -> None:
        op = self._op()
        if op is not None:
            op.progressed.emit(int(done), int(total), str(label), str(unit))

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        self._cancel.set()


class _Runnable(QRunnable):
    """Runs one job on a pool thread; Python objects are only ever freed on the main thread.

    The pool does not delete it (no auto-delete): the op keeps it, and the
    worker drops its own reference to the op before ``done`` is set, so the
    last reference to every Qt object is released by the main thread. A
    segmentation fault under load came from a worker freeing them (PySide6).
    """

    def __init__(self, op: Op[Any], job: Callable[[Progress], Any]) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self._holder: list[Op[Any]] = [op]
        self._job: Callable[[Progress], Any] | None = job
        self.done = threading.Event()

    def run(self) -> None:
        op, job = self._holder.pop(), self._job
        self._job = None
        progress = op.progress

        def waiting(now: bool) -> None:  # another PC holds the shared database: say so
            progress.update(0, 0, WAITS_MSG.waiting if now else "")

        try:
            assert job is not None
            with on_wait(waiting):
                result = job(progress)
        except BaseException as exc:  # delivered to the main thread, never lost
            op.failed.emit(exc)
        else:
            op.finished.emit(result)
        finally:
            del op, job
            self.done.set()


class Op(QObject, Generic[T]):
    """One running job: cancel it, or wait for its callbacks on the main thread."""

    finished = Signal(object)
    failed = Signal(object)
    progressed = Signal(int, int, str, str)

    def __init__(
        self,
        parent_widget: QWidget | None,
        label: str,
        on_done: Callable[[T], None] | None,
        on_error: Callable[[BaseException], None] | None,
        quiet: bool = False,
    ) -> None:
        super().__init__()
        self._quiet = quiet
        self._widget = parent_widget
        self._label = label
        self._on_done = on_done
        self._on_error = on_error
        self._dialog: QProgressDialog | None = None
        self._last: tuple[int, int, str, str] = (0, 0, label, "")
        self.progress = _WorkerProgress(self)
        self._runnable: _Runnable | None = None
        self.running = True
        self.finished.connect(self._on_job_finished, Qt.ConnectionType.QueuedConnection)
        self.failed.connect(self._on_job_failed, Qt.ConnectionType.QueuedConnection)
        self.progressed.connect(self._on_job_progressed, Qt.ConnectionType.QueuedConnection)

    def cancel(self) -> None:
        """Ask the job to stop at its next ``check_cancel``."""
        self.progress.cancel()
        if self._dialog is not None:
            self._dialog.setLabelText(self.tr("Đang dừng…"))

    @property
    def cancelled(self) -> bool:
        """Whether cancel was requested."""
        return self.progress.cancelled

    def start(self, job: Callable[[Progress], Any]) -> None:
        pool = QThreadPool.globalInstance()
        if pool.activeThreadCount() == 0:
            _retired.clear()
        _running.add(self)
        if not self._quiet:
            QTimer.singleShot(SHOW_AFTER_MS, self._on_delay_elapsed)
        self._runnable = _Runnable(self, job)
        pool.start(self._runnable)

    @Slot()
    def _on_delay_elapsed(self) -> None:
        if not self.running or self._dialog is not None:
            return
        parent = self._widget if self._widget is not None and _alive(self._widget) else None
        dialog = QProgressDialog(self._label, self.tr("Hủy"), 0, 0, parent)
        dialog.setWindowTitle(self.tr("Đang xử lý"))
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setMinimumDuration(0)
        dialog.setMinimumWidth(420)
        bar = QProgressBar(dialog)  # a count is written under the step, not across the fill
        bar.setAlignment(Qt.AlignmentFlag.AlignCenter)
        dialog.setBar(bar)
        dialog.canceled.connect(self.cancel)
        self._dialog = dialog
        self._on_job_progressed(*self._last)
        dialog.show()

    @property
    def dialog(self) -> QProgressDialog | None:
        """The progress dialog, once shown (tests look at it)."""
        return self._dialog

    @Slot(int, int, str, str)
    def _on_job_progressed(self, done: int, total: int, label: str, unit: str) -> None:
        self._last = (done, total, label or self._label, unit)
        if self._dialog is None:
            return
        total = max(total, 0)
        text = label or self._label
        if total and unit:
            text += "\n" + counted(done, total, unit)
        bar = self._dialog.findChild(QProgressBar)
        if bar is not None:  # a percentage only when there is no count to read
            bar.setTextVisible(not unit)
        self._dialog.setMaximum(total)
        # setValue on a modal dialog processes events: the job may finish meanwhile
        # and close the dialog, so look again before touching it.
        self._dialog.setValue(min(done, total) if total > 0 else 0)
        if self._dialog is not None and not self.cancelled:
            self._dialog.setLabelText(text)

    @Slot(object)
    def _on_job_finished(self, result: Any) -> None:
        self._end()
        bus.announce(changes_of(result))
        if self._on_done is not None and self._receiver_alive():
            self._on_done(result)

    @Slot(object)
    def _on_job_failed(self, exc: BaseException) -> None:
        self._end()
        if not self._receiver_alive():
            log.warning("job failed after its window closed: %r", exc)
            return
        if self._on_error is not None:
            self._on_error(exc)
        else:
            errors.show_error(self._widget, exc)

    def _receiver_alive(self) -> bool:
        return self._widget is None or _alive(self._widget)

    def _end(self) -> None:
        self.running = False
        if self._dialog is not None:
            self._dialog.canceled.disconnect(self.cancel)
            self._dialog.close()
            self._dialog.deleteLater()
            self._dialog = None
        runnable = self._runnable
        if runnable is not None:  # the worker lets go of this op just after emitting
            runnable.done.wait(5.0)
            _retired.append(runnable)
            self._runnable = None
        _running.discard(self)
        self.deleteLater()


def _alive(widget: QWidget) -> bool:
    return shiboken6.isValid(widget)


def run(
    parent: QWidget | None,
    job: Callable[[Progress], T],
    on_done: Callable[[T], None] | None = None,
    *,
    label: str = "",
    on_error: Callable[[BaseException], None] | None = None,
    quiet: bool = False,
) -> Op[T]:
    """Run ``job(progress)`` in the background and deliver its outcome on the main thread.

    ``on_error`` defaults to ``ui.errors.show_error`` (which stays silent for
    ``Cancelled``). ``quiet`` jobs (status look-ups) never show a progress
    dialog. Callbacks are skipped when ``parent`` was destroyed meanwhile.
    """
    op: Op[T] = Op(parent, label, on_done, on_error, quiet)
    op.start(job)
    return op


def running() -> int:
    """How many jobs are still running (the window waits for them before closing)."""
    return len(_running)


def wait_all(timeout_ms: int = 30_000) -> bool:
    """Block until every pool thread is idle (used when the app quits)."""
    return QThreadPool.globalInstance().waitForDone(timeout_ms)

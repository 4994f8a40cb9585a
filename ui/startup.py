"""The data layer loads on a thread while the first window is on screen (issue 17 §7).

Importing SQLAlchemy, the models and the services and opening the database
(lock, integrity check, migration) take most of a start. ``DataLoader`` does it
on a thread started once the first window (the login or the first-run wizard)
is shown, so the user types while it loads; whatever needs the database waits
for it with ``database()``.

Rule that keeps concurrent imports safe: while the loader runs, the GUI thread
imports nothing new from ``app/`` — everything that needs the data layer calls
``wait()`` or ``database()`` first (two threads importing the same modules at
once can see each other's half-initialised modules). The loader never touches
Qt widgets; it only emits ``finished``, delivered on the GUI thread.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QApplication

if TYPE_CHECKING:
    from app.db import Database
    from app.runtime import Runtime


def import_data_layer() -> None:
    """Every model and service wired in (decision 008), and what the login and window need."""
    from app import accounts, modules, runtime, school  # noqa: F401


class DataLoader(QObject):
    """Opens the database named by ``db_url`` on a thread; ``wait`` hands it over."""

    finished = Signal()
    """Loading ended, well or not (``error`` says); emitted on the loader thread, queued."""

    def __init__(self, db_url: str | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.url = db_url
        self.error: BaseException | None = None
        self._runtime: Runtime | None = None
        self._taken = False
        self._thread = threading.Thread(target=self._run, name="mo-co-so-du-lieu")

    def start(self) -> None:
        """Start loading (once)."""
        if self._thread.ident is None:
            self._thread.start()

    @property
    def done(self) -> bool:
        """Whether loading has ended."""
        return self._thread.ident is not None and not self._thread.is_alive()

    def _run(self) -> None:
        try:
            import_data_layer()
            from app.runtime import open_runtime

            self._runtime = open_runtime(self.url)
        except BaseException as exc:  # handed to the GUI thread, which shows it
            self.error = exc
        finally:
            self.finished.emit()

    def _join(self) -> None:
        """Start if needed and wait for the thread, with a busy cursor while it runs."""
        self.start()
        if not self._thread.is_alive():
            return
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self._thread.join()
        finally:
            QApplication.restoreOverrideCursor()

    def wait(self) -> Runtime | None:
        """The runtime once loaded (waiting for it), or None if opening failed (``error``).

        The caller owns the runtime from then on and closes it.
        """
        self._join()
        self._taken = True
        return self._runtime

    def database(self) -> Database | None:
        """The opened database for a dialog that needs it now; None when opening failed."""
        self._join()
        return self._runtime.db if self._runtime is not None else None

    def close(self) -> None:
        """Wait for the thread (never leave a migration half done); close a runtime nobody took."""
        if self._thread.ident is not None:
            self._thread.join()
        if self._runtime is not None and not self._taken:
            self._runtime.close()
        self._runtime = None

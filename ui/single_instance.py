"""A second launch brings the running window to the front (issue 17 §5).

The first window of a database listens on a local socket (``QLocalServer``: a
Unix socket, a named pipe on Windows) named after the user and the database
(``app.launch.instance_key``). A second launch on the same database sends
``activate``, reads ``ok`` and exits quietly. When nobody answers in time (the
socket of a crashed window, a window that hangs) the second launch goes on as
before: the instance lock on the database decides, and its message names the
process that holds it. The lock, not this socket, keeps two writers apart.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket
from PySide6.QtWidgets import QApplication, QMainWindow, QWidget

log = logging.getLogger(__name__)
ACTIVATE = b"activate\n"
OK = b"ok\n"
CONNECT_MS = 500
ANSWER_MS = 3000
"""How long a second launch waits for the running window (its event loop may be busy)."""


def ask_running_to_activate(key: str, answer_ms: int = ANSWER_MS) -> bool:
    """Ask the window listening on ``key`` to come to the front; True when it said it did."""
    sock = QLocalSocket()
    sock.connectToServer(key)
    if not sock.waitForConnected(CONNECT_MS):
        return False
    try:
        sock.write(ACTIVATE)
        if not sock.waitForBytesWritten(answer_ms):
            return False
        while not sock.canReadLine():
            if not sock.waitForReadyRead(answer_ms):
                return False
        return bytes(sock.readLine().data()) == OK
    finally:
        sock.abort()


def bring_to_front() -> QWidget | None:
    """Un-minimise and raise this program's windows; activate the one the user works in."""
    windows = [
        w
        for w in QApplication.topLevelWidgets()
        if w.isVisible() and w.windowType() in (Qt.WindowType.Window, Qt.WindowType.Dialog)
    ]
    for window in windows:
        if window.isMinimized():
            window.setWindowState(window.windowState() & ~Qt.WindowState.WindowMinimized)
        window.raise_()
    modal = QApplication.activeModalWidget()
    mains = [w for w in windows if isinstance(w, QMainWindow)]
    target = modal or (mains[0] if mains else (windows[0] if windows else None))
    if target is not None:
        target.raise_()
        target.activateWindow()
    return target


class InstanceServer(QObject):
    """Listens for a second launch on ``key`` and brings the window to the front."""

    activated = Signal()

    def __init__(self, key: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.key = key
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self.server.newConnection.connect(self._on_new_connection)

    def listen(self) -> bool:
        """Start listening. A socket nobody listens on any more (a crashed window's) is
        replaced; one a live window holds (one that did not answer in time) is left to it:
        with ``UserAccessOption`` Qt would otherwise move the new socket over it."""
        probe = QLocalSocket()
        probe.connectToServer(self.key)
        if probe.waitForConnected(CONNECT_MS):
            probe.abort()
            log.warning("second-launch socket %s is held by a window that did not answer", self.key)
            return False
        if not self.server.listen(self.key):
            QLocalServer.removeServer(self.key)
            if not self.server.listen(self.key):
                log.warning("no second-launch socket %s: %s", self.key, self.server.errorString())
                return False
        log.info("listening for a second launch on %s", self.key)
        return True

    def close(self) -> None:
        """Stop listening (the socket file goes too)."""
        self.server.close()

    def _on_new_connection(self) -> None:
        while (conn := self.server.nextPendingConnection()) is not None:
            conn.readyRead.connect(lambda c=conn: self._on_ready_read(c))
            conn.disconnected.connect(conn.deleteLater)
            self._on_ready_read(conn)

    def _on_ready_read(self, conn: QLocalSocket) -> None:
        if not conn.canReadLine():
            return
        if bytes(conn.readLine().data()) == ACTIVATE:
            target = bring_to_front()
            log.info("brought to the front by a second launch: %s", type(target).__name__)
            conn.write(OK)
            conn.flush()
            self.activated.emit()
        conn.disconnectFromServer()

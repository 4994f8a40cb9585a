"""Garbage cycles are collected on the GUI thread's timer, never by a worker's allocation."""

from __future__ import annotations

import gc
import threading
import weakref

from pytestqt.qtbot import QtBot

from ui import gc_guard


class _Node:
    """An object that can sit in a reference cycle."""

    def __init__(self) -> None:
        self.other: _Node | None = None


def _cycle() -> weakref.ref[_Node]:
    a, b = _Node(), _Node()
    a.other, b.other = b, a
    return weakref.ref(a)


def test_cycles_are_collected_by_the_gui_timer_not_automatically(
    qtbot: QtBot, gui_thread_gc: gc_guard.GcGuard
) -> None:
    """Automatic collection is off; the guard's timer frees a cycle made on a worker thread."""
    assert not gc.isenabled()
    refs: list[weakref.ref[_Node]] = []
    worker = threading.Thread(target=lambda: refs.extend(_cycle() for _ in range(2000)))
    worker.start()
    worker.join()
    assert all(r() is not None for r in refs[:10]), "no collection ran on the worker"
    qtbot.waitUntil(lambda: all(r() is None for r in refs), timeout=5_000)
    assert gui_thread_gc.threshold[0] > 0

"""The one app-wide signal: commands announce what they changed, pages refresh (STYLE rule 8)."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from app.changes import Changes


class Bus(QObject):
    """Carries ``Changes`` from whoever ran a command to every page that shows that data."""

    changed = Signal(object)

    def announce(self, changes: Changes) -> None:
        """Tell every listener that ``changes`` happened (no-op when nothing changed)."""
        if changes:
            self.changed.emit(changes)


bus = Bus()

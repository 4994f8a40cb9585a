"""Read-only grade-book tabs computed from the records (summaries, year-end lists).

They recompute when a change announced on the bus touches what they show; a
hidden tab only notes that it is stale and recomputes when it is shown again.
"""

from __future__ import annotations

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QWidget

from app.changes import Changes
from app.gradebook.choices import ClassChoice
from ui.pages import PageContext
from ui.signals import bus

RESULT_ENTITIES = (
    "assessment",
    "conduct_record",
    "summer_conduct",
    "retest_result",
    "retest_choice",
    "grade_lock",
    "subject",
    "primary_rating",
    "primary_nomination",
)
"""Entity types whose changes alter the results (secondary and primary)."""


class ResultsTab(QWidget):
    """A tab of results for the class picked on the page, kept up to date with the records."""

    entities: tuple[str, ...] = RESULT_ENTITIES
    """Entity types whose changes (announced on the bus) make the tab recompute."""

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._class: ClassChoice | None = None
        self._stale = False
        bus.changed.connect(self._on_bus_changed)

    def reload(self) -> None:
        """Recompute from the database (subclasses clear ``_stale`` here)."""

    def _on_bus_changed(self, changes: Changes) -> None:
        if not changes.touches(*self.entities):
            return
        if self.isVisible():
            self.reload()
        else:
            self._stale = True

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        if self._stale:
            self.reload()

"""What the page's actions read from it: the class shown, its rows and the selection.

``ui.transcripts.actions`` works on a ``TranscriptPage``; the widget (``transcripts_widget``)
builds it and wires its buttons to the actions, so neither imports the other's module in
a circle.
"""

from __future__ import annotations

import uuid

from PySide6.QtWidgets import QComboBox, QTableView, QWidget

from app.transcripts.queries import TranscriptRow
from app.transcripts.ui_queries import Abilities, TranscriptClass
from ui.pages import PageContext
from ui.transcripts.transcripts_model import TranscriptsModel


class TranscriptPage(QWidget):
    """The page's state: the year and class shown, the students' rows, the selection."""

    ctx: PageContext
    classes: tuple[TranscriptClass, ...]
    abilities: Abilities | None
    year_combo: QComboBox
    class_combo: QComboBox
    model: TranscriptsModel
    table: QTableView

    def current_year(self) -> str:
        """The school year shown."""
        return str(self.year_combo.currentData() or "")

    def current_class_id(self) -> uuid.UUID | None:
        """The class shown, if any."""
        data = self.class_combo.currentData()
        return data if isinstance(data, uuid.UUID) else None

    def current_class(self) -> TranscriptClass | None:
        """The class shown, with its level."""
        wanted = self.current_class_id()
        return next((c for c in self.classes if c.id == wanted), None)

    def rows(self) -> list[TranscriptRow]:
        """Every row of the class."""
        return [self.model.row_at(i) for i in range(self.model.rowCount())]

    def selected_rows(self) -> list[TranscriptRow]:
        """The selected students, in table order."""
        picked = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.model.row_at(i) for i in picked]

    def target_rows(self) -> list[TranscriptRow]:
        """The selected students, or the whole class when nobody is selected."""
        return self.selected_rows() or self.rows()

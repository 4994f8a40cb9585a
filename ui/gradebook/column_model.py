"""The base of the grade book's table models: a list of columns with header texts and tooltips.

Entry sheets (``EntryModel``) and class summaries (``SummaryModel``) both keep
their columns in a list the subclass fills; the column count and the
horizontal header (text and tooltip, translated) come from that list.
"""

from __future__ import annotations

from typing import Any, Generic, Protocol, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt


class Labelled(Protocol):
    """A column with a header text and a header tooltip ("" for none)."""

    @property
    def label(self) -> str: ...

    @property
    def tooltip(self) -> str: ...


ColumnT = TypeVar("ColumnT", bound=Labelled)


class ColumnTableModel(QAbstractTableModel, Generic[ColumnT]):
    """A table model whose columns and header come from ``_columns``."""

    def __init__(self) -> None:
        super().__init__()
        self._columns: list[ColumnT] = []

    def column(self, section: int) -> ColumnT:
        """The column shown at ``section``."""
        return self._columns[section]

    def columnCount(  # noqa: N802
        self,
        parent: QModelIndex | QPersistentModelIndex = QModelIndex(),  # noqa: B008
    ) -> int:
        return 0 if parent.isValid() else len(self._columns)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self._columns):
            return None
        col = self._columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.tr(col.label)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tr(col.tooltip) if col.tooltip else None
        return None

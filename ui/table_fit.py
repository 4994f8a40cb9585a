"""Table columns sized to their content, and the full text of anything cut short in a tooltip.

``show_full_text(view)`` (every list gets it through ``ui.widgets.configure_table``;
the grade book's grids call it themselves) shows, on hovering a header or a cell
whose text does not fit ("Nghỉ không ph…", "Chưa đ…"), the whole text, with the
model's own tooltip under it; a cell that fits keeps the model's tooltip.
``fit_columns(view)`` widens each column to its header and its content, within a
limit so one long comment cannot push the others off screen: the table then
scrolls sideways on a small screen instead of cutting words. ``show_empty_text``
says in an empty table why it is empty, rather than leaving a blank box.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPoint, Qt
from PySide6.QtGui import QFont, QFontMetrics, QHelpEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QStyle,
    QTableView,
    QToolTip,
)

MAX_COLUMN_WIDTH = 260
"""The widest ``fit_columns`` makes a column (longer text shows in full in its tooltip)."""
_CELL_MARGIN = 10
"""Room the style keeps around a cell's text (focus frame margins, a little air)."""


def _joined(full: str, tip: str) -> str:
    """The full text, then the model's tooltip when it says more."""
    if not tip or tip == full or tip.startswith(full + "\n"):
        return tip or full
    return f"{full}\n{tip}"


def _text(value: object) -> str:
    return "" if value is None else str(value)


class _FullTextTips(QObject):
    """Answers tooltip events of a view's cells and of its horizontal header."""

    def __init__(self, view: QAbstractItemView) -> None:
        super().__init__(view)
        self._view = view

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() != QEvent.Type.ToolTip or not isinstance(event, QHelpEvent):
            return False
        view = self._view
        header = view.horizontalHeader() if isinstance(view, QTableView) else None
        if header is not None and watched is header.viewport():
            tip = self._header_tip(header, event.pos())
        elif watched is view.viewport():
            tip = self._cell_tip(view.indexAt(event.pos()))
        else:
            return False
        if tip:
            QToolTip.showText(event.globalPos(), tip, watched)  # type: ignore[arg-type]
        else:
            QToolTip.hideText()
            event.ignore()
        return True

    def _header_tip(self, header: QHeaderView, pos: QPoint) -> str:
        section = header.logicalIndexAt(pos)
        model = header.model()
        if section < 0 or model is None:
            return ""
        horizontal = Qt.Orientation.Horizontal
        full = _text(model.headerData(section, horizontal, Qt.ItemDataRole.DisplayRole))
        tip = _text(model.headerData(section, horizontal, Qt.ItemDataRole.ToolTipRole))
        elided = header.sectionSize(section) < header.sectionSizeHint(section)
        return _joined(full, tip) if elided and full else tip

    def _cell_tip(self, index: QModelIndex) -> str:
        if not index.isValid():
            return ""
        full = _text(index.data(Qt.ItemDataRole.DisplayRole))
        tip = _text(index.data(Qt.ItemDataRole.ToolTipRole))
        if full and self._cut(index, full):
            return _joined(full, tip)
        return tip

    def _cut(self, index: QModelIndex, text: str) -> bool:
        """Whether the cell is too narrow for its text (on one line)."""
        view = self._view
        font = index.data(Qt.ItemDataRole.FontRole)
        metrics = QFontMetrics(font) if isinstance(font, QFont) else view.fontMetrics()
        needed = max(metrics.horizontalAdvance(line) for line in text.splitlines() or [""])
        needed += _CELL_MARGIN
        if index.data(Qt.ItemDataRole.DecorationRole) is not None:
            needed += view.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize) + 4
        return needed > view.visualRect(index).width()


def show_full_text(view: QAbstractItemView) -> None:
    """Show the whole text of cut-short headers and cells in their tooltip (once per view)."""
    if view.findChild(_FullTextTips) is not None:
        return
    tips = _FullTextTips(view)
    view.viewport().installEventFilter(tips)
    if isinstance(view, QTableView):
        view.horizontalHeader().viewport().installEventFilter(tips)


def fit_columns(
    view: QTableView, maximum: int = MAX_COLUMN_WIDTH, skip: Iterable[int] = ()
) -> None:
    """Widen each column (but those in ``skip``) to fit its header and content, up to ``maximum``.

    Columns never shrink here: widths a page chose stay the floor.
    """
    model = view.model()
    if model is None:
        return
    header = view.horizontalHeader()
    skipped = set(skip)
    for column in range(model.columnCount()):
        if column in skipped or header.isSectionHidden(column):
            continue
        wanted = max(header.sectionSizeHint(column), view.sizeHintForColumn(column))
        wanted = min(wanted, max(maximum, view.columnWidth(column)))
        if wanted > view.columnWidth(column):
            view.setColumnWidth(column, wanted)


class _EmptyText(QLabel):
    """A muted sentence over an empty table's viewport, hidden once the table has rows."""

    def __init__(self, view: QAbstractItemView, text: str) -> None:
        super().__init__(text, view.viewport())
        self.setObjectName("muted")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWordWrap(True)
        self.setMargin(12)
        self._view = view
        model = view.model()
        for signal in (
            model.modelReset,
            model.rowsInserted,
            model.rowsRemoved,
            model.layoutChanged,
        ):
            signal.connect(self.refresh)
        view.viewport().installEventFilter(self)
        self.refresh()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.Resize:
            self.setGeometry(self._view.viewport().rect())
        return False

    def refresh(self) -> None:
        """Show the sentence while the table has no rows."""
        model = self._view.model()
        self.setGeometry(self._view.viewport().rect())
        self.setVisible(model is not None and model.rowCount() == 0)


def show_empty_text(view: QAbstractItemView, text: str) -> QLabel:
    """Say ``text`` inside the table while it has no rows (instead of an empty white box)."""
    shown = view.viewport().findChild(_EmptyText)
    if shown is None:
        shown = _EmptyText(view, text)
    shown.setText(text)
    shown.refresh()
    return shown

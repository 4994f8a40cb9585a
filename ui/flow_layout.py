"""A layout that wraps: toolbars and filter rows that fit a 1024-pixel screen.

``FlowLayout`` places its items left to right and starts a new line when the
width runs out (a port of Qt's Flow Layout example), so a row of buttons or
filters never forces the window wider than the screen. Items whose horizontal
size policy expands (a search box, ``add_stretch``) share the space left on
their line, which keeps the familiar look of a one-line toolbar on a wide
screen. ``group`` keeps a label with its field so they wrap together.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLayout,
    QLayoutItem,
    QSizePolicy,
    QSpacerItem,
    QWidget,
)

H_SPACING = 8
V_SPACING = 6


class FlowLayout(QLayout):
    """Items in reading order, wrapped onto as many lines as the width needs."""

    _h_spacing = H_SPACING  # class defaults too: see ``_all``
    _v_spacing = V_SPACING

    def __init__(
        self,
        parent: QWidget | None = None,
        h_spacing: int = H_SPACING,
        v_spacing: int = V_SPACING,
    ) -> None:
        super().__init__()
        self._items: list[QLayoutItem] = []
        self._h_spacing = h_spacing
        self._v_spacing = v_spacing
        self.setContentsMargins(0, 0, 0, 0)
        if parent is not None:
            parent.setLayout(self)

    # ------------------------------------------------------------ building

    def addItem(self, item: QLayoutItem) -> None:  # noqa: N802 (Qt override)
        self._items.append(item)

    def add_stretch(self) -> None:
        """Space that pushes the rest of its line to the right."""
        self.addItem(QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum))

    def add_spacing(self, width: int) -> None:
        """A fixed gap (dropped at the start of a line)."""
        self.addItem(QSpacerItem(width, 0, QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Minimum))

    def count(self) -> int:
        return len(self._all())

    def itemAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 (Qt override)
        items = self._all()
        return items[index] if 0 <= index < len(items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 (Qt override)
        items = self._all()
        return items.pop(index) if 0 <= index < len(items) else None

    def _all(self) -> list[QLayoutItem]:
        """The items, or none once Python's garbage collector has cleared this object.

        The collector can clear the attributes of a window's Python objects while Qt,
        deleting the window's widgets, still asks this layout for its items.
        """
        items: list[QLayoutItem] = getattr(self, "_items", [])
        return items

    # ------------------------------------------------------------ sizes

    def expandingDirections(self) -> Qt.Orientation:  # noqa: N802 (Qt override)
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:  # noqa: N802 (Qt override)
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 (Qt override)
        return self._arrange(QRect(0, 0, width, 0), apply=False)

    def minimumSize(self) -> QSize:  # noqa: N802 (Qt override)
        size = QSize()
        for item in self._shown():
            size = size.expandedTo(item.minimumSize())
        return size.grownBy(self.contentsMargins())

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        """Everything on one line."""
        items = [i for i in self._shown() if not isinstance(i, QSpacerItem) or i.sizeHint().width()]
        width = sum(i.sizeHint().width() for i in items) + self._h_spacing * max(len(items) - 1, 0)
        height = max((i.sizeHint().height() for i in items), default=0)
        return QSize(width, height).grownBy(self.contentsMargins())

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802 (Qt override)
        super().setGeometry(rect)
        self._arrange(rect, apply=True)

    # ------------------------------------------------------------ placing

    def _shown(self) -> list[QLayoutItem]:
        """Items that take space: hidden widgets are left out, spacers kept."""
        return [i for i in self._all() if isinstance(i, QSpacerItem) or not i.isEmpty()]

    def _lines(self, width: int) -> list[list[QLayoutItem]]:
        lines: list[list[QLayoutItem]] = [[]]
        used = 0
        for item in self._shown():
            line = lines[-1]
            is_spacer = isinstance(item, QSpacerItem)
            if not line and is_spacer and not _expands(item):
                continue  # a fixed gap never starts a line
            hint = item.sizeHint().width()
            needed = hint if not line else used + self._h_spacing + hint
            if line and needed > width and not (is_spacer and _expands(item)):
                lines.append([item])
                used = hint
            else:
                line.append(item)
                used = needed
        return [line for line in lines if line]

    def _arrange(self, rect: QRect, apply: bool) -> int:
        margins = self.contentsMargins()
        area = rect.marginsRemoved(margins)
        y = area.y()
        lines = self._lines(area.width())
        for n, line in enumerate(lines):
            widths = self._widths(line, area.width())
            heights = [_height(item, w) for item, w in zip(line, widths, strict=True)]
            height = max(heights)
            if apply:
                x = area.x()
                for item, w, h in zip(line, widths, heights, strict=True):
                    if item.expandingDirections() & Qt.Orientation.Vertical:
                        h = height
                    item.setGeometry(QRect(QPoint(x, y + (height - h) // 2), QSize(w, h)))
                    x += w + self._h_spacing
            y += height + (self._v_spacing if n < len(lines) - 1 else 0)
        return y - area.y() + margins.top() + margins.bottom()

    def _widths(self, line: list[QLayoutItem], width: int) -> list[int]:
        """Each item's width on its line: its size hint, expanding items sharing what is left."""
        widths = [i.sizeHint().width() for i in line]
        free = width - sum(widths) - self._h_spacing * (len(line) - 1)
        growing = [n for n, i in enumerate(line) if _expands(i)]
        if free > 0 and growing:
            share, extra = divmod(free, len(growing))
            for k, n in enumerate(growing):
                widths[n] += share + (1 if k < extra else 0)
        elif free < 0:  # an item wider than the line on its own: give it the line
            widths = [
                max(min(w, width), i.minimumSize().width())
                for i, w in zip(line, widths, strict=True)
            ]
        return [min(w, i.maximumSize().width()) for i, w in zip(line, widths, strict=True)]


def _expands(item: QLayoutItem) -> bool:
    return bool(item.expandingDirections() & Qt.Orientation.Horizontal)


def _height(item: QLayoutItem, width: int) -> int:
    """The height ``item`` wants at ``width`` (a wrapping item grows taller when narrow)."""
    if item.hasHeightForWidth():
        return max(item.heightForWidth(width), item.minimumSize().height())
    return max(item.sizeHint().height(), item.minimumSize().height())


def group(*widgets: QWidget, spacing: int = 6) -> QWidget:
    """Widgets kept on one line of a flow layout (a label with its field)."""
    box = QWidget()
    row = QHBoxLayout(box)
    row.setContentsMargins(0, 0, 0, 0)
    row.setSpacing(spacing)
    for widget in widgets:
        row.addWidget(widget)
    expand = QSizePolicy.PolicyFlag.ExpandFlag.value
    expanding = any(w.sizePolicy().horizontalPolicy().value & expand for w in widgets)
    box.setSizePolicy(
        QSizePolicy.Policy.Expanding if expanding else QSizePolicy.Policy.Preferred,
        QSizePolicy.Policy.Fixed,
    )
    return box

"""One figure of the home page: its value, its label and a note, a tile that opens its list."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLayout,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.home.figures import Figure
from ui import style

TILE_WIDTH = 150
"""The narrowest a tile gets; tiles share a card's width evenly."""
TILE_STYLE = f"""
QFrame#homeFigure {{
    background: white; border: 1px solid {style.BORDER}; border-radius: 8px;
}}
QFrame#homeFigure[clickable="true"]:hover {{ border-color: {style.ACCENT}; background: #f5f9ff; }}
QFrame#homeFigure:focus {{ border: 2px solid {style.ACCENT}; }}
QFrame#homeFigure QLabel {{ background: transparent; }}
QLabel#figureValue {{ color: {style.TEXT}; font-size: 15pt; font-weight: 600; }}
QLabel#figureValue[tone="ok"] {{ color: {style.OK}; }}
QLabel#figureValue[tone="warn"] {{ color: {style.WARN}; }}
QLabel#figureValue[tone="bad"] {{ color: {style.BAD}; }}
QLabel#figureLabel {{ color: {style.TEXT}; }}
QLabel#figureLineValue {{ color: {style.TEXT}; font-weight: 600; }}
QLabel#figureNote {{ color: {style.MUTED}; font-size: 8.5pt; }}
"""


class FigureTile(QFrame):
    """A figure; ``clicked`` when it has a list the account may open (mouse, Enter, Space)."""

    clicked = Signal()

    def __init__(
        self, figure: Figure, clickable: bool, line: bool = False, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.figure = figure
        self.clickable = clickable
        self.line = line
        self.hint_width = TILE_WIDTH
        self.setObjectName("homeFigure")
        self.setProperty("clickable", "true" if clickable else "false")
        self.setMinimumWidth(TILE_WIDTH)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
        self.value_label = QLabel(figure.value)
        self.value_label.setObjectName("figureLineValue" if line else "figureValue")
        self.value_label.setProperty("tone", str(figure.tone))
        self.value_label.setWordWrap(not line)  # «Chưa kiểm tra» takes two lines, never cut
        self.text_label = QLabel(figure.label)
        self.text_label.setObjectName("figureLabel")
        self.text_label.setWordWrap(True)
        self.note_label = QLabel(figure.note)
        self.note_label.setObjectName("figureNote")
        self.note_label.setWordWrap(True)
        self.note_label.setVisible(bool(figure.note))
        for label in (self.value_label, self.text_label, self.note_label):
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        if line:
            self._line_layout()
        else:
            self._tile_layout()
        layout = self.layout()
        assert layout is not None
        if not line:
            layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)  # sizeHint rules
        tip = figure.label + (f"\n{figure.note}" if figure.note else "")
        if clickable:
            self.setCursor(Qt.CursorShape.PointingHandCursor)
            self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            tip += "\n" + self.tr("Bấm để xem danh sách.")
        self.setToolTip(tip)
        self.setAccessibleName(f"{figure.label}: {figure.value}")

    def _tile_layout(self) -> None:
        """The value large on top, the label and the note under it."""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 10)
        layout.setSpacing(2)
        for label in (self.value_label, self.text_label, self.note_label):
            layout.addWidget(label)
        layout.addStretch(1)

    def _line_layout(self) -> None:
        """One line of a list: the label and its note on the left, the value on the right."""
        text = QVBoxLayout()
        text.setSpacing(0)
        text.addWidget(self.text_label)
        text.addWidget(self.note_label)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 5, 12, 5)
        layout.addLayout(text, 1)
        layout.addWidget(self.value_label, 0, Qt.AlignmentFlag.AlignVCenter)

    # The tile is as tall as its wrapped label needs at the narrowest width, whatever its
    # width: a page taller than the window then scrolls (``ui.screen.PageHost`` goes by
    # minimum sizes, which know nothing of height-for-width) instead of squashing the tiles.

    # A line of a list keeps Qt's height-for-width (lists sit in a scroll area that uses it).

    def set_hint_width(self, width: int) -> None:
        """The width the tile's column gives it (``ui.home.role_panel``): its height follows."""
        if width != self.hint_width:
            self.hint_width = width
            self.updateGeometry()

    def hasHeightForWidth(self) -> bool:  # noqa: N802 (Qt override)
        return self.line

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        if self.line:
            return super().sizeHint()
        self.ensurePolished()  # the labels' fonts come from the style sheet
        layout = self.layout()
        height = layout.heightForWidth(self.hint_width) if layout is not None else -1
        return QSize(TILE_WIDTH, max(height, super().sizeHint().height()))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        return super().minimumSizeHint() if self.line else self.sizeHint()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt override)
        inside = self.rect().contains(event.position().toPoint())
        if self.clickable and event.button() == Qt.MouseButton.LeftButton and inside:
            self.clicked.emit()
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        keys = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space)
        if self.clickable and event.key() in keys:
            self.clicked.emit()
            event.accept()
            return
        super().keyPressEvent(event)

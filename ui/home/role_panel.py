"""The home page's role figures (``app.home``), read on the runner and shown as tiles.

Each section is a card of tiles; a tile whose list is a page of this account's window
opens it through ``PageContext.open_page`` with the figure's filter. The figures are
re-read when data changes while the page is shown, or when it is shown again after that.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QResizeEvent, QShowEvent
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from app.changes import Changes
from app.home import home_page
from app.home.figures import Figure, HomePage, Section
from app.home.health import read_facts
from app.progress import Progress
from ui import ops
from ui.home.figure_tile import TILE_STYLE, TILE_WIDTH, FigureTile
from ui.pages import PageContext
from ui.signals import bus
from ui.widgets import Card

SPACING = 10
CARD_MARGINS = 32
"""A card's left and right margins (``ui.widgets.Card``)."""


def role_scroll(panel: RolePanel) -> QScrollArea:
    """The panel in a frameless scroll area: a long page scrolls inside, the page stays put."""
    scroll = QScrollArea()
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setWidgetResizable(True)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    scroll.setWidget(panel)
    scroll.setObjectName("roleScroll")
    scroll.setStyleSheet("QScrollArea#roleScroll, QScrollArea#roleScroll > QWidget > QWidget "
                         "{ background: transparent; }")  # fmt: skip
    return scroll


class RolePanel(QWidget):
    """The sections of the account's home page; ``loaded`` once the figures are shown."""

    loaded = Signal()

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.page: HomePage | None = None
        self.tiles: dict[str, FigureTile] = {}
        self._op: ops.Op[HomePage] | None = None
        self._stale = False
        self._grids: list[tuple[QGridLayout, list[FigureTile]]] = []
        self._shown_columns = 0
        self.setStyleSheet(TILE_STYLE)
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(0, 12, 0, 0)
        self.layout_.setSpacing(14)
        self.status_label = QLabel(self.tr("Đang tính các số liệu…"))
        self.status_label.setObjectName("muted")
        self.layout_.addWidget(self.status_label)
        bus.changed.connect(self._on_bus_changed)

    # ------------------------------------------------------------ data

    def refresh(self) -> None:
        """Read the figures again off the main thread."""
        if self._op is not None and self._op.running:
            self._stale = True
            return
        self._stale = False
        db, actor = self.ctx.db, self.ctx.actor

        def job(_progress: Progress) -> HomePage:
            facts = read_facts(db)
            with db.read(actor) as s:
                return home_page(s, actor, facts)

        self._op = ops.run(self, job, self._on_loaded, on_error=self._on_failed, quiet=True)

    def _on_loaded(self, page: HomePage) -> None:
        self.show_page(page)
        if self._stale:
            self.refresh()

    def _on_failed(self, exc: BaseException) -> None:
        self.status_label.setText(self.tr("Chưa tính được số liệu: {error}").format(error=exc))
        self.status_label.setVisible(True)

    def _on_bus_changed(self, changes: Changes) -> None:
        if not changes.entities:
            return
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt override)
        if self._stale:
            self.refresh()
        super().showEvent(event)

    # ------------------------------------------------------------ view

    def show_page(self, page: HomePage) -> None:
        """Replace the cards with ``page``'s sections."""
        self.page = page
        while self.layout_.count() > 1:
            item = self.layout_.takeAt(1)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.tiles.clear()
        self._grids.clear()
        self._shown_columns = self._columns()
        self.status_label.setVisible(False)
        for section in page.sections:
            self.layout_.addWidget(self._section(section))
        self.layout_.addStretch(1)
        self.loaded.emit()

    def _section(self, section: Section) -> Card:
        card = Card(section.title)
        card.setObjectName("card")
        if not section.figures:
            empty = QLabel(section.empty)
            empty.setObjectName("muted")
            empty.setWordWrap(True)
            card.body.addWidget(empty)
            return card
        if section.lines:
            for fig in section.figures:
                card.body.addWidget(self._tile(fig, line=True))
            return card
        grid = QGridLayout()
        grid.setHorizontalSpacing(SPACING)
        grid.setVerticalSpacing(SPACING)
        self._grids.append((grid, [self._tile(fig) for fig in section.figures]))
        card.body.addLayout(grid)
        self._place(grid, self._grids[-1][1], self._columns())
        return card

    def _columns(self) -> int:
        """How many tiles fit side by side in a card at the panel's width."""
        inside = self.width() - CARD_MARGINS
        return max(1, (inside + SPACING) // (TILE_WIDTH + SPACING))

    def _place(self, grid: QGridLayout, tiles: list[FigureTile], columns: int) -> None:
        inside = self.width() - CARD_MARGINS - SPACING * (columns - 1)
        for tile in tiles:
            grid.removeWidget(tile)
            tile.set_hint_width(max(TILE_WIDTH, inside // columns) - 4)
        for n, tile in enumerate(tiles):
            grid.addWidget(tile, n // columns, n % columns)
        for column in range(max(grid.columnCount(), columns)):
            grid.setColumnStretch(column, 1 if column < columns else 0)
            grid.setColumnMinimumWidth(column, TILE_WIDTH if column < columns else 0)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        columns = self._columns()
        if columns != self._shown_columns:
            self._shown_columns = columns
            for grid, tiles in self._grids:
                self._place(grid, tiles, columns)

    def _tile(self, fig: Figure, line: bool = False) -> FigureTile:
        clickable = fig.target is not None and self.ctx.has_page(fig.target.page)
        tile = FigureTile(fig, clickable, line)
        if clickable:
            tile.clicked.connect(lambda f=fig: self._on_tile_clicked(f))
        self.tiles[fig.key] = tile
        return tile

    def _on_tile_clicked(self, fig: Figure) -> None:
        if fig.target is not None:
            self.ctx.open_page(fig.target.page, fig.target.params)

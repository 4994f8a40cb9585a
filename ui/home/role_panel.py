"""The home page's role figures (``app.home``), read on the runner and shown as tiles.

Each section is a card of tiles; a tile whose list is a page of this account's window
opens it through ``PageContext.open_page`` with the figure's filter. The figures are
re-read when data changes while the page is shown, or when it is shown again after that.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from app.changes import Changes
from app.home import home_page
from app.home.figures import Figure, HomePage, Section
from app.home.health import read_facts
from app.progress import Progress
from ui import ops
from ui.flow_layout import FlowLayout
from ui.home.figure_tile import TILE_STYLE, FigureTile
from ui.pages import PageContext
from ui.signals import bus
from ui.widgets import Card


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
        self.setStyleSheet(TILE_STYLE)
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(0, 0, 0, 0)
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
        self.status_label.setVisible(False)
        for section in page.sections:
            self.layout_.addWidget(self._section(section))
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
        flow = FlowLayout()
        for fig in section.figures:
            flow.addWidget(self._tile(fig))
        card.body.addLayout(flow)
        return card

    def _tile(self, fig: Figure) -> FigureTile:
        clickable = fig.target is not None and self.ctx.has_page(fig.target.page)
        tile = FigureTile(fig, clickable)
        if clickable:
            tile.clicked.connect(lambda f=fig: self._on_tile_clicked(f))
        self.tiles[fig.key] = tile
        return tile

    def _on_tile_clicked(self, fig: Figure) -> None:
        if fig.target is not None:
            self.ctx.open_page(fig.target.page, fig.target.params)

"""The Thiết bị page (issue 11): the register (sổ quản lý thiết bị), the rooms, the computer
ratio per level and the Ministry's minimum lists, one tab each. The lending ("Mượn/trả")
and stocktake ("Kiểm kê") tabs join these later.

Every command goes through ``app.equipment``, which checks the rights again: the equipment
officer edits; a teacher, the principal or the IT coordinator read (the principal also
approves disposals). Writes announce their changes, and the page re-reads on them.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtWidgets import QTabWidget, QWidget

from app.changes import Changes
from app.equipment.lists import LIST_CHANGES
from app.equipment.loan_models import LoanStatus
from app.equipment.register import ITEM
from app.equipment.rooms import ROOM
from ui.equipment.lists_tab import ListsTab
from ui.equipment.register_tab import RegisterTab
from ui.equipment.rooms_tab import RatioTab, RoomsTab
from ui.pages import PageContext
from ui.signals import bus
from ui.widgets import PageHeader, page_layout

WATCHED = (ITEM, ROOM, *LIST_CHANGES.entities)


class EquipmentWidget(QWidget):
    """The page; ``refresh`` re-reads every tab."""

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        layout = page_layout(self)
        layout.addWidget(
            PageHeader(
                self.tr("Thiết bị"),
                self.tr("Sổ quản lý thiết bị, phòng học, tỉ lệ máy tính và danh mục tối thiểu."),
            )
        )
        self.register = RegisterTab(ctx)
        self.rooms = RoomsTab(ctx, self.register.say)
        self.ratio = RatioTab(ctx)
        self.lists = ListsTab(ctx, self.register.say)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.register, self.tr("Sổ thiết bị"))
        self.tabs.addTab(self.rooms, self.tr("Phòng học"))
        self.tabs.addTab(self.ratio, self.tr("Tỉ lệ máy tính"))
        self.tabs.addTab(self.lists, self.tr("Danh mục tối thiểu"))
        from ui.equipment.loans_tab import LoansTab  # here only: the tabs are made in one place

        self.loans = LoansTab(ctx)
        self.tabs.addTab(self.loans, self.tr("Mượn/trả"))
        from ui.equipment.stocktake_tab import StocktakeTab  # likewise

        self.stocktake = StocktakeTab(ctx, lambda: list(self.register.rooms))
        self.tabs.addTab(self.stocktake, self.tr("Kiểm kê"))
        layout.addWidget(self.tabs, 1)
        bus.changed.connect(self._on_bus_changed)
        self.refresh()

    def show_target(self, params: Mapping[str, str]) -> None:
        """Open the tab another page asked for (``tab``: loans, stocktake), the slips of a
        ``status`` (or «dang_muon» for ``overdue``) on the lending tab."""
        tabs = {"loans": self.loans, "stocktake": self.stocktake, "register": self.register}
        tab = tabs.get(params.get("tab", ""))
        if tab is None:
            return
        self.tabs.setCurrentWidget(tab)
        if tab is self.loans:
            status = LoanStatus.OUT if params.get("overdue") else params.get("status", "")
            box = self.loans.status_box
            box.setCurrentIndex(max(0, box.findData(status)))

    def refresh(self) -> None:
        """Re-read the rooms, the register, the ratio and the lists."""
        self.register.set_rooms(self.rooms.refresh())
        self.register.refresh()
        self.ratio.refresh()
        self.lists.refresh()

    def _on_bus_changed(self, changes: Changes) -> None:
        if changes.touches(*WATCHED):
            self.refresh()

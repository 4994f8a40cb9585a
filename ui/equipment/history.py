"""An item's history in the shared ``HistoryDialog``: every journal entry about it (added,
edited with its reason, disposed), rooms named rather than shown by id.

The shared dialog stretches "Giá trị mới"; beside the long reasons of the register (a
disposal's reason is written in full) that column was squeezed to a few pixels, so here the
values are sized to their content and the reason takes the rest of the width.
"""

from __future__ import annotations

from PySide6.QtWidgets import QHeaderView, QWidget

from app import journal_view
from app.db import Actor, Database
from app.equipment import register as reg
from ui.history_dialog import HistoryDialog
from ui.journal_model import ChangeColumn
from ui.screen import resize_to_fit
from ui.table_fit import fit_columns

VALUE_WIDTH = 240
"""The widest an old or new value column grows (the full text is in its tooltip)."""
REASON_WIDTH = 180
"""The least width of the reason, which takes what the dialog has left (full text in tooltip)."""
FRAME_ROOM = 64
"""The dialog's margins, the table's frame and its vertical scroll bar."""


def item_history_dialog(
    parent: QWidget | None, db: Database, actor: Actor, row: reg.ItemRow
) -> HistoryDialog:
    """The history dialog of register line ``row``, ready to ``exec``."""
    with db.read(actor) as s:
        records = reg.item_history(s, actor, row.code)
        names = journal_view.referenced_names(s, records)  # rooms by name, not by id
    title = f"{row.code} — {row.name}"
    dialog = HistoryDialog(parent, records, reg.ITEM, title, names=names, source=(db, actor))
    header = dialog.table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(True)
    fit_columns(dialog.table, maximum=VALUE_WIDTH, skip=(ChangeColumn.REASON,))
    resize_to_fit(dialog, 1180, 560)
    others = sum(dialog.table.columnWidth(c) for c in range(ChangeColumn.REASON))
    room = dialog.width() - others - FRAME_ROOM
    dialog.table.setColumnWidth(ChangeColumn.REASON, max(REASON_WIDTH, room))
    dialog.table.scrollToBottom()  # the latest change first in view
    return dialog

"""The "Phòng học" tab (rooms: kind, construction, capacity, level; add, edit, print a room's
labels) and the "Tỉ lệ máy tính" tab (students per working computer per level against the
Ministry's maximums, computed by ``app.equipment.ratio``)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.equipment import ratio, rooms
from app.equipment import register as reg
from app.equipment.ui_queries import room_extra
from app.messages.equipment_ui import EQUIPMENT_UI_MSG as M
from app.permissions import Perm, can
from ui import icons
from ui.equipment.labels_flow import print_labels
from ui.equipment.models import RatioModel, RoomsModel
from ui.equipment.room_dialog import RoomDialog
from ui.flow_layout import FlowLayout
from ui.pages import PageContext
from ui.table_fit import show_empty_text
from ui.widgets import configure_table


def _table(model: object) -> QTableView:
    """Columns as wide as their content; the last one takes the rest of the width."""
    table = QTableView()
    table.setModel(model)  # type: ignore[arg-type]
    configure_table(table)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)
    return table


class RoomsTab(QWidget):
    """The rooms; ``say`` reports what was saved in the page's status line."""

    def __init__(self, ctx: PageContext, say: Callable[[str], None]) -> None:
        super().__init__()
        self.ctx, self.say = ctx, say
        self.may_edit = can(ctx.actor, Perm.MANAGE_EQUIPMENT)
        self.model = RoomsModel()
        self.add_button = QPushButton(icons.icon("user-plus", "#ffffff"), self.tr("Thêm phòng…"))
        self.add_button.setObjectName("primary")
        self.edit_button = QPushButton(icons.icon("edit"), self.tr("Sửa phòng…"))
        self.labels_button = QPushButton(icons.icon("save"), self.tr("In nhãn của phòng…"))
        bar = FlowLayout()
        for button in (self.add_button, self.edit_button, self.labels_button):
            bar.addWidget(button)
            button.setVisible(self.may_edit)
        bar.add_stretch()
        self.table = _table(self.model)
        show_empty_text(self.table, self.tr("Chưa có phòng nào. Bấm «Thêm phòng…» để ghi phòng."))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        self.add_button.clicked.connect(self._on_add_clicked)
        self.edit_button.clicked.connect(self._on_edit_clicked)
        self.labels_button.clicked.connect(self._on_labels_clicked)
        self.table.doubleClicked.connect(self._on_edit_clicked)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self._update_buttons()

    def refresh(self) -> list[str]:
        """Re-read the rooms; their names."""
        actor = self.ctx.actor
        with self.ctx.db.read(actor) as s:
            rows = rooms.list_rooms(s, actor)
        self.model.set_rows(rows)
        self._update_buttons()
        return [r.name for r in rows]

    def selected(self) -> rooms.RoomRow | None:
        chosen = self.table.selectionModel().selectedRows()
        return self.model.row_at(chosen[0].row()) if chosen else None

    def _update_buttons(self, *_args: object) -> None:
        row = self.selected()
        self.edit_button.setEnabled(row is not None)
        self.labels_button.setEnabled(row is not None and row.items > 0)

    def _on_add_clicked(self) -> None:
        dialog = RoomDialog(self, self.ctx.db, self.ctx.actor)
        if dialog.exec():
            self.say(dialog.result_text)

    def _on_edit_clicked(self, *_args: object) -> None:
        row = self.selected()
        if row is None or not self.may_edit:
            return
        with self.ctx.db.read(self.ctx.actor) as s:
            extra = room_extra(s, self.ctx.actor, row.name)
        dialog = RoomDialog(self, self.ctx.db, self.ctx.actor, row, extra)
        if dialog.exec():
            self.say(dialog.result_text)

    def _on_labels_clicked(self) -> None:
        row = self.selected()
        if row is None:
            return
        with self.ctx.db.read(self.ctx.actor) as s:
            items = reg.list_items(s, self.ctx.actor, room=row.name)
        if not items:
            self.say(M.select_first)
            return
        print_labels(self, self.ctx.db, self.ctx.actor, items, row.name,
                     f"nhan-{row.name}".replace(" ", "-"), self.say)  # fmt: skip


class RatioTab(QWidget):
    """The Informatics ratio per level, green when within the limit, red when not."""

    def __init__(self, ctx: PageContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.model = RatioModel()
        note = QLabel(
            self.tr(
                "Tính từ sổ thiết bị và số học sinh đang học: chỉ đếm máy tính chưa thanh lý, "
                "tình trạng tốt hoặc hỏng nhẹ và đang hoạt động. Máy ở phòng dùng chung tính cho "
                "mọi cấp. Quy định tối đa: Tiểu học 2–3, THCS 2, THPT 1 học sinh/máy."
            )
        )
        note.setObjectName("muted")
        note.setWordWrap(True)
        self.table = _table(self.model)
        show_empty_text(self.table, self.tr("Trường chưa ghi cấp học nào."))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(note)
        layout.addWidget(self.table, 1)

    def refresh(self) -> None:
        actor = self.ctx.actor
        with self.ctx.db.read(actor) as s:
            self.model.set_rows(ratio.computer_ratios(s, actor))

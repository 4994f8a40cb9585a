"""The dialogs of the "Kiểm kê" tab: opening a session (room or whole school, the committee),
ticking by hand a unit without a label, and the result preview before it is applied."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.db import Actor, Database
from app.equipment import stocktake as stk
from app.equipment.stocktake_apply import Line, Preview
from app.errors import AppError
from app.messages.equipment_stocktake import STOCKTAKE_MSG as SM
from app.messages.equipment_stocktake_ui import STOCKTAKE_UI_MSG as M
from app.progress import Progress
from ui import errors, ops
from ui.confirm import Confirm
from ui.widgets import ErrorLabel, form

CATEGORIES = (
    ("wrong_room", SM.cat_wrong_room),
    ("missing", SM.cat_missing),
    ("condition", SM.cat_condition),
    ("disposed", SM.cat_disposed),
    ("unknown", SM.cat_unknown),
    ("found", SM.cat_found),
)
"""The categories of the preview, what needs a look first."""


def parse_committee(text: str) -> list[stk.Member]:
    """One member a line: "Họ tên, chức vụ" (the role may be left out)."""
    members = []
    for line in text.splitlines():
        if line.strip():
            name, _, role = line.partition(",")
            members.append(stk.Member(name.strip(), role.strip()))
    return members


class OpenStocktakeDialog(QDialog):
    """Open a session: the room (or the whole school), the committee, the place."""

    def __init__(self, parent: QWidget | None, db: Database, actor: Actor, rooms: list[str]):
        super().__init__(parent)
        self.db, self.actor = db, actor
        self.info: stk.SessionInfo | None = None
        self._running = False
        self.setWindowTitle(self.tr("Mở đợt kiểm kê"))
        self.room_box = QComboBox()
        self.room_box.addItem(SM.whole_school, None)
        for name in rooms:
            self.room_box.addItem(name, name)
        self.committee_edit = QPlainTextEdit()
        self.committee_edit.setPlaceholderText(
            self.tr("Mỗi người một dòng: Họ tên, chức vụ\nVí dụ: Trần Thị Lan, Phó hiệu trưởng")
        )
        self.committee_edit.setMinimumHeight(90)
        self.place_edit = QLineEdit()
        self.place_edit.setPlaceholderText(self.tr("Ví dụ: Phòng Tin 1, nhà B"))
        self.error = ErrorLabel()
        buttons = QDialogButtonBox()
        self.ok_button = buttons.addButton(self.tr("Mở đợt kiểm kê"),
                                           QDialogButtonBox.ButtonRole.AcceptRole)  # fmt: skip
        buttons.addButton(self.tr("Hủy"), QDialogButtonBox.ButtonRole.RejectRole)
        layout = QVBoxLayout(self)
        fields = form()
        fields.addRow(self.tr("Phạm vi"), self.room_box)
        fields.addRow(self.tr("Ban kiểm kê"), self.committee_edit)
        fields.addRow(self.tr("Địa điểm"), self.place_edit)
        layout.addLayout(fields)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        buttons.accepted.connect(self.open_session)
        buttons.rejected.connect(self.reject)

    def open_session(self) -> None:
        """Open the session on the runner; the dialog closes when it is written."""
        if self._running:
            return
        self.error.clear_message()
        db, actor = self.db, self.actor
        room = self.room_box.currentData()
        members = parse_committee(self.committee_edit.toPlainText())
        place = self.place_edit.text()

        def job(_p: Progress) -> stk.SessionInfo:
            with db.uow(actor=actor) as s:
                return stk.open_stocktake(s, actor, room=room, committee=members, place=place)

        self._running = True
        self.ok_button.setEnabled(False)
        ops.run(self, job, self._on_opened, label=self.windowTitle(), on_error=self._on_failed)

    def _on_opened(self, info: stk.SessionInfo) -> None:
        self._running = False
        self.info = info
        self.accept()

    def _on_failed(self, exc: BaseException) -> None:
        self._running = False
        self.ok_button.setEnabled(True)
        if isinstance(exc, AppError):
            self.error.show_message(exc.message)
        else:
            errors.show_error(self, exc)


class TickDialog(QDialog):
    """Pick a unit of the register not scanned yet (one without a label)."""

    def __init__(self, parent: QWidget | None, lines: list[Line]) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Đánh dấu thiết bị không có nhãn"))
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText(self.tr("Lọc theo mã hoặc tên…"))
        self.list = QListWidget()
        for line in lines:
            item = QListWidgetItem(M.line_missing.format(code=line.code, name=line.name,
                                                         room=line.room or SM.no_room))  # fmt: skip
            item.setData(256, line.code)
            self.list.addItem(item)
        if lines:
            self.list.setCurrentRow(0)
        buttons = QDialogButtonBox()
        buttons.addButton(self.tr("Đánh dấu có mặt"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.tr("Hủy"), QDialogButtonBox.ButtonRole.RejectRole)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.list, 1)
        layout.addWidget(buttons)
        self.resize(520, 420)
        self.filter_edit.textChanged.connect(self._on_filter_text_changed)
        self.list.itemDoubleClicked.connect(self.accept)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

    def _on_filter_text_changed(self, text: str) -> None:
        needle = text.strip().casefold()
        for row in range(self.list.count()):
            item = self.list.item(row)
            item.setHidden(bool(needle) and needle not in item.text().casefold())

    def chosen(self) -> str | None:
        item = self.list.currentItem()
        return str(item.data(256)) if item is not None and not item.isHidden() else None

    @classmethod
    def ask(cls, parent: QWidget | None, lines: list[Line]) -> str | None:
        """The code of the unit ticked, or None."""
        dialog = cls(parent, lines)
        return dialog.chosen() if dialog.exec() else None


def line_text(line: Line) -> str:
    """One line of a preview list."""
    if line.category == "wrong_room":
        return M.line_wrong_room.format(code=line.code, name=line.name,
                                        room=line.room or SM.no_room, found=line.found_in)  # fmt: skip
    if line.category == "missing":
        return M.line_missing.format(code=line.code, name=line.name, room=line.room or SM.no_room)
    if line.category == "condition":
        return M.line_condition.format(code=line.code, name=line.name, before=line.condition,
                                       after=line.new_condition)  # fmt: skip
    if line.category == "unknown":
        return M.line_unknown.format(code=line.code, room=line.room)
    return M.line_plain.format(code=line.code, name=line.name)


class PreviewDialog(QDialog):
    """The reconciliation, a list per category; "Áp dụng…" asks before it accepts."""

    def __init__(self, parent: QWidget | None, preview: Preview, may_apply: bool,
                 why_not: str = "") -> None:  # fmt: skip
        super().__init__(parent)
        self.preview = preview
        rec = preview.reconciliation
        self.setWindowTitle(self.tr("Kết quả kiểm kê số {number}").format(number=preview.number))
        head = QLabel(M.preview_head.format(number=preview.number, scope=preview.scope,
                                            expected=rec.expected, scans=rec.scans,
                                            duplicates=rec.duplicate_scans))  # fmt: skip
        head.setWordWrap(True)
        self.categories = QListWidget()
        self.stack = QStackedWidget()
        self.lists: dict[str, QListWidget] = {}
        for key, label in CATEGORIES:
            box = QListWidget()
            for line in preview.lines:
                if line.category == key:
                    box.addItem(line_text(line))
            count = box.count()
            if count == 0:
                box.addItem(SM.record_none)
            self.lists[key] = box
            self.stack.addWidget(box)
            self.categories.addItem(M.category_counts.format(label=label, n=count))
        self.categories.setMaximumWidth(280)
        split = QSplitter()
        split.addWidget(self.categories)
        split.addWidget(self.stack)
        split.setStretchFactor(1, 1)
        split.setChildrenCollapsible(False)
        self.move_check = QCheckBox(self.tr("Chuyển thiết bị tìm thấy ở phòng khác về phòng "
                                            "thực tế trong sổ"))  # fmt: skip
        self.move_check.setEnabled(bool(rec.wrong_room))
        buttons = QDialogButtonBox()
        self.apply_button = QPushButton(self.tr("Áp dụng vào sổ…"))
        self.apply_button.setObjectName("primary")
        self.apply_button.setEnabled(may_apply)
        if not may_apply:
            self.apply_button.setToolTip(why_not)
            self.move_check.setEnabled(False)
        buttons.addButton(self.apply_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.tr("Đóng"), QDialogButtonBox.ButtonRole.RejectRole)
        layout = QVBoxLayout(self)
        layout.addWidget(head)
        layout.addWidget(split, 1)
        layout.addWidget(self.move_check)
        layout.addWidget(buttons)
        self.resize(760, 520)
        self.categories.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.categories.setCurrentRow(0)
        self.apply_button.clicked.connect(self._on_apply_clicked)
        buttons.rejected.connect(self.reject)

    def confirm_text(self) -> str:
        rec = self.preview.reconciliation
        moved = M.moved_yes if self.move_check.isChecked() else M.moved_no
        return M.confirm_text.format(
            number=self.preview.number, scope=self.preview.scope, missing=len(rec.missing),
            conditions=len(self.preview.changes), wrong=len(rec.wrong_room), moved=moved,
        )  # fmt: skip

    def _on_apply_clicked(self) -> None:
        if Confirm.ask(self, M.confirm_title, self.confirm_text(), self.tr("Áp dụng")):
            self.accept()

    @classmethod
    def ask(cls, parent: QWidget | None, preview: Preview, may_apply: bool,
            why_not: str = "") -> bool | None:  # fmt: skip
        """None: closed without applying; else whether to move the wrong-room units."""
        dialog = cls(parent, preview, may_apply, why_not)
        return dialog.move_check.isChecked() if dialog.exec() else None

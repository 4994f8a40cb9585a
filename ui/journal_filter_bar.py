"""The filters of the journal viewer: object, user, operation, dates and text.

It says which ``JournalFilter`` it describes, which of its filters narrow the
list (for the empty message), and clears them all with ``reset``; typing waits
for a pause before ``changed``.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from PySide6.QtCore import QDate, QObject, QTimer, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QDateEdit, QGridLayout, QLabel, QLineEdit

from app import accounts, journal, labels
from app.journal import JournalFilter
from app.permissions import Perm, can
from ui import icons
from ui.empty_state import quoted
from ui.pages import PageContext

TYPING_DELAY_MS = 300


def _day(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def _date_edit(day: QDate) -> QDateEdit:
    edit = QDateEdit(day)
    edit.setDisplayFormat("dd/MM/yyyy")
    edit.setCalendarPopup(True)
    edit.setEnabled(False)
    return edit


class JournalFilterBar(QObject):
    """The filter controls and their grid; ``changed`` when the filter they describe changed."""

    changed = Signal()

    def __init__(self, ctx: PageContext, parent: QObject) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.typing = QTimer(self)
        self.typing.setSingleShot(True)
        self.typing.setInterval(TYPING_DELAY_MS)
        self.grid = self._build()
        self._connect()

    def _build(self) -> QGridLayout:
        self.entity_combo = QComboBox()
        self.user_combo = QComboBox()
        self.user_combo.setEditable(True)
        user_edit = self.user_combo.lineEdit()
        if user_edit is not None:
            user_edit.setPlaceholderText(self.tr("Tất cả"))
        self.op_combo = QComboBox()
        self.op_combo.addItem(self.tr("Tất cả"), "")
        for op in (journal.OP_INSERT, journal.OP_UPDATE, journal.OP_DELETE, journal.OP_EVENT):
            self.op_combo.addItem(self.tr(labels.op_label(op)), op)
        today = QDate.currentDate()
        self.since_box = QCheckBox(self.tr("Từ ngày"))
        self.since_edit = _date_edit(today.addDays(-30))
        self.until_box = QCheckBox(self.tr("Đến ngày"))
        self.until_edit = _date_edit(today)
        self.text_edit = QLineEdit()
        self.text_edit.setPlaceholderText(self.tr("Tìm trong nội dung và lý do…"))
        self.text_edit.addAction(icons.icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.text_edit.setClearButtonEnabled(True)
        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        grid.addWidget(QLabel(self.tr("Đối tượng")), 0, 0)
        grid.addWidget(self.entity_combo, 0, 1)
        grid.addWidget(QLabel(self.tr("Người thực hiện")), 0, 2)
        grid.addWidget(self.user_combo, 0, 3)
        grid.addWidget(QLabel(self.tr("Thao tác")), 0, 4)
        grid.addWidget(self.op_combo, 0, 5)
        grid.addWidget(self.since_box, 1, 0)
        grid.addWidget(self.since_edit, 1, 1)
        grid.addWidget(self.until_box, 1, 2)
        grid.addWidget(self.until_edit, 1, 3)
        grid.addWidget(self.text_edit, 1, 4, 1, 2)
        for column in (1, 3, 5):
            grid.setColumnStretch(column, 1)
        return grid

    def _connect(self) -> None:
        for combo in (self.entity_combo, self.op_combo):
            combo.currentIndexChanged.connect(self.changed)
        self.user_combo.currentTextChanged.connect(self._on_text_edited)
        self.text_edit.textChanged.connect(self._on_text_edited)
        for box in (self.since_box, self.until_box):
            box.toggled.connect(self._on_date_box_toggled)
        for edit in (self.since_edit, self.until_edit):
            edit.dateChanged.connect(self.changed)
        self.typing.timeout.connect(self.changed)

    def fill_choices(self) -> None:
        """The kinds of record the journal holds, and the accounts (for who may list them)."""
        with self.ctx.db.read() as s:
            types = journal.entity_types(s)
            users = (
                [u.username for u in accounts.list_users(s, self.ctx.actor)]
                if can(self.ctx.actor, Perm.MANAGE_USERS)
                else []
            )
        current = self.entity_combo.currentData()
        self.entity_combo.blockSignals(True)
        self.entity_combo.clear()
        self.entity_combo.addItem(self.tr("Tất cả"), "")
        for name in sorted(types, key=labels.entity_label):
            self.entity_combo.addItem(self.tr(labels.entity_label(name)), name)
        self.entity_combo.setCurrentIndex(max(0, self.entity_combo.findData(current)))
        self.entity_combo.blockSignals(False)
        if self.user_combo.count() == 0:
            self.user_combo.blockSignals(True)
            self.user_combo.addItems(["", *users])
            self.user_combo.blockSignals(False)

    def current_filter(self) -> JournalFilter:
        """The filter the controls describe; dates are whole local days."""
        since = until = None
        if self.since_box.isChecked():
            since = datetime.combine(_day(self.since_edit.date()), time()).astimezone()
        if self.until_box.isChecked():
            day = _day(self.until_edit.date()) + timedelta(days=1)
            until = datetime.combine(day, time()).astimezone()
        return JournalFilter(
            entity_type=str(self.entity_combo.currentData() or ""),
            username=self.user_combo.currentText().strip().lower(),
            op=str(self.op_combo.currentData() or ""),
            since=since,
            until=until,
            text=labels.nfc(self.text_edit.text().strip()),
        )

    def narrowing(self) -> list[str]:
        """The chosen filters, as the empty message names them."""
        flt = self.current_filter()
        parts = []
        if flt.entity_type:
            parts.append(self.tr("đối tượng {name}").format(name=self.entity_combo.currentText()))
        if flt.username:
            parts.append(self.tr("người thực hiện {user}").format(user=flt.username))
        if flt.op:
            parts.append(self.tr("thao tác {op}").format(op=self.op_combo.currentText()))
        if flt.since:
            day = self.since_edit.date().toString("dd/MM/yyyy")
            parts.append(self.tr("từ ngày {day}").format(day=day))
        if flt.until:
            day = self.until_edit.date().toString("dd/MM/yyyy")
            parts.append(self.tr("đến ngày {day}").format(day=day))
        if flt.text:
            parts.append(self.tr("nội dung {text}").format(text=quoted(flt.text)))
        return parts

    def reset(self) -> None:
        """No object, user, operation, date or text chosen; one ``changed``."""
        controls = (self.entity_combo, self.user_combo, self.op_combo, self.since_box,
                    self.until_box, self.text_edit)  # fmt: skip
        for widget in controls:
            widget.blockSignals(True)
        self.entity_combo.setCurrentIndex(0)
        self.user_combo.setCurrentIndex(0)
        self.user_combo.setEditText("")
        self.op_combo.setCurrentIndex(0)
        self.since_box.setChecked(False)
        self.until_box.setChecked(False)
        self.text_edit.clear()
        for widget in controls:
            widget.blockSignals(False)
        self.typing.stop()
        self._on_date_box_toggled(False)

    def _on_text_edited(self, _text: str) -> None:
        self.typing.start()

    def _on_date_box_toggled(self, _checked: bool) -> None:
        self.since_edit.setEnabled(self.since_box.isChecked())
        self.until_edit.setEnabled(self.until_box.isChecked())
        self.changed.emit()

"""The "Mượn/trả" tab (issue 11 §3, decisions 027, 029): loan slips, the scan box of the open
slip (scans queued, repeats counted, an unknown code said under the box with a beep, never a
dialog), the officer's approve / refuse / hand out / take back and the two printouts."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QItemSelectionModel
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.changes import Changes
from app.equipment import loan_queries as lq
from app.equipment import loan_slots, loans
from app.equipment import register as reg
from app.equipment.loan_models import LOAN_STATUS_LABELS
from app.equipment.loan_models import LoanStatus as S
from app.permissions import Perm, can
from app.progress import Progress
from ui import icons, ops
from ui.equipment.loans_dialogs import NewSlipDialog, PickItemDialog, RefuseDialog, ReturnDialog
from ui.equipment.loans_models import LinesModel, Scanned, SlipsModel, slip_table
from ui.equipment.loans_prints import print_book, print_overdue
from ui.flow_layout import FlowLayout
from ui.pages import PageContext
from ui.signals import bus
from ui.table_fit import show_empty_text

ALL = ""
OFFICER_ONLY = "Chỉ nhân viên thiết bị được duyệt, từ chối, giao và nhận trả thiết bị."
FILLABLE = (S.DRAFT, S.PENDING, S.APPROVED)


class LoansTab(QWidget):
    """The slips; ``refresh`` re-reads them, keeping the selected slip."""

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        actor = ctx.actor
        self.may_manage = can(actor, Perm.MANAGE_EQUIPMENT)
        self.may_request = can(actor, Perm.REQUEST_LOANS)
        self.may_view = can(actor, Perm.VIEW_LOANS)
        self.all_rows: list[lq.SlipRow] = []
        self.scan_queue: list[str] = []
        self.scanning = False
        self._build()
        self._connect()
        bus.changed.connect(self._on_bus_changed)
        self.refresh()

    def _button(self, icon: str, text: str) -> QPushButton:
        """A button; most go without icons so the two rows fit at 1024 px."""
        return QPushButton(icons.icon(icon), self.tr(text)) if icon else QPushButton(self.tr(text))

    def _build(self) -> None:
        self.scope_box = QComboBox()
        self.scope_box.addItem(self.tr("Phiếu của tôi"), "mine")
        self.scope_box.addItem(self.tr("Mọi phiếu"), "all")
        self.scope_box.setCurrentIndex(1 if self.may_view else 0)
        self.scope_box.setEnabled(self.may_view)
        if not self.may_view:
            self.scope_box.setToolTip(self.tr("Giáo viên chỉ xem các phiếu mượn của mình."))
        self.status_box = QComboBox()
        self.status_box.addItem(self.tr("Mọi trạng thái"), ALL)
        for key, text in LOAN_STATUS_LABELS.items():
            self.status_box.addItem(text, key)
        self.week_box = QComboBox()
        self.week_box.addItem(self.tr("Mọi tuần"), None)
        self.new_button = QPushButton(icons.icon("user-plus", "#ffffff"), self.tr("Phiếu mới…"))
        self.new_button.setObjectName("primary")
        b = self._button
        self.pick_button, self.remove_button = b("edit", "Thêm từ sổ…"), b("alert", "Bỏ khỏi phiếu")
        self.submit_button, self.cancel_button = b("", "Gửi duyệt"), b("", "Hủy phiếu")
        self.approve_button, self.refuse_button = b("", "Duyệt"), b("", "Từ chối…")
        self.hand_out_button, self.take_back_button = b("", "Giao"), b("", "Nhận trả…")
        self.overdue_button, self.book_button = b("", "In phiếu quá hạn…"), b("", "In sổ theo dõi…")
        self.count_label = QLabel()
        self.count_label.setObjectName("muted")
        filters = FlowLayout()  # what is shown, and the printouts of it
        for widget in (self.scope_box, self.status_box, self.week_box, self.count_label):
            filters.addWidget(widget)
        filters.add_stretch()
        filters.addWidget(self.overdue_button)
        filters.addWidget(self.book_button)
        buttons = FlowLayout()
        for button in (self.new_button, self.submit_button, self.cancel_button,
                       self.approve_button, self.refuse_button, self.hand_out_button,
                       self.take_back_button):  # fmt: skip
            buttons.addWidget(button)
        buttons.add_stretch()
        self.new_button.setEnabled(self.may_request)
        self.overdue_button.setEnabled(self.may_view)
        if not self.may_view:
            self.overdue_button.setToolTip(self.tr("Cần quyền xem mọi phiếu mượn."))
        self.book_button.setEnabled(self.may_request or self.may_view)
        self.model = SlipsModel()
        self.table = slip_table(self.model)
        show_empty_text(self.table, self.tr("Chưa có phiếu mượn nào. Bấm «Phiếu mới…» để lập."))
        self.detail_label = QLabel()
        self.detail_label.setWordWrap(True)
        self.scan_edit = QLineEdit()
        self.scan_edit.setMinimumWidth(260)
        self.scan_edit.setClearButtonEnabled(True)
        scan_row = FlowLayout()
        for part in (QLabel(self.tr("Quét mã:")), self.scan_edit, self.pick_button,
                     self.remove_button):  # fmt: skip
            scan_row.addWidget(part)
        self.lines_model = LinesModel()
        self.lines = slip_table(self.lines_model)
        show_empty_text(self.lines, self.tr("Phiếu chưa có thiết bị nào."))
        self.lines.setMinimumHeight(110)  # the header and two items at least
        self.status_label = QLabel()
        self.status_label.setObjectName("muted")
        self.status_label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(filters)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 3)
        layout.addWidget(self.detail_label)
        layout.addLayout(scan_row)
        layout.addWidget(self.lines, 1)
        layout.addWidget(self.status_label)

    def _connect(self) -> None:
        for box in (self.scope_box, self.status_box, self.week_box):
            box.currentIndexChanged.connect(self.apply_filters)
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.lines.selectionModel().selectionChanged.connect(self._update_buttons)
        self.scan_edit.returnPressed.connect(self._on_scan_return_pressed)
        self.new_button.clicked.connect(self._on_new_clicked)
        self.pick_button.clicked.connect(self._on_pick_clicked)
        self.remove_button.clicked.connect(self._on_remove_clicked)
        self.submit_button.clicked.connect(lambda: self._command(loans.submit, "Đã gửi duyệt"))
        self.cancel_button.clicked.connect(lambda: self._command(loans.cancel, "Đã hủy"))
        self.approve_button.clicked.connect(lambda: self._command(loans.approve, "Đã duyệt"))
        self.hand_out_button.clicked.connect(lambda: self._command(loans.hand_out, "Đã giao"))
        self.refuse_button.clicked.connect(self._on_refuse_clicked)
        self.take_back_button.clicked.connect(self._on_take_back_clicked)
        self.overdue_button.clicked.connect(self._on_overdue_clicked)
        self.book_button.clicked.connect(self._on_book_clicked)

    # ------------------------------------------------------------ data

    def refresh(self) -> None:
        """Re-read the slips the actor may see."""
        if not (self.may_request or self.may_view):
            return
        with self.ctx.db.read(self.ctx.actor) as s:
            self.all_rows = lq.list_slips(s, self.ctx.actor)
        weeks = sorted({r.week for r in self.all_rows if r.week is not None})
        kept = self.week_box.currentData()
        self.week_box.blockSignals(True)
        self.week_box.clear()
        self.week_box.addItem(self.tr("Mọi tuần"), None)
        for week in weeks:
            self.week_box.addItem(self.tr("Tuần {n}").format(n=week), week)
        self.week_box.setCurrentIndex(max(0, self.week_box.findData(kept)))
        self.week_box.blockSignals(False)
        self.apply_filters()

    def shown_rows(self) -> list[lq.SlipRow]:
        mine = self.scope_box.currentData() == "mine"
        status, week = self.status_box.currentData(), self.week_box.currentData()
        me = self.ctx.actor.username
        return [r for r in self.all_rows
                if (not mine or r.borrower == me) and (not status or r.status == status)
                and (week is None or r.week == week)]  # fmt: skip

    def apply_filters(self, *_args: object) -> None:
        chosen = self.selected()
        rows = self.shown_rows()
        self.model.set_rows(rows)
        self.count_label.setText(self.tr("{n} phiếu").format(n=len(rows)))
        if chosen is not None:
            self.select_number(chosen.number)
        self._on_selection_changed()

    def selected(self) -> lq.SlipRow | None:
        chosen = self.table.selectionModel().selectedRows()
        return self.model.row_at(chosen[0].row()) if chosen else None

    def select_number(self, number: int) -> bool:
        """Select slip ``number`` when it is shown."""
        for i in range(self.model.rowCount()):
            if self.model.row_at(i).number == number:
                flags = (QItemSelectionModel.SelectionFlag.ClearAndSelect
                         | QItemSelectionModel.SelectionFlag.Rows)  # fmt: skip
                self.table.selectionModel().select(self.model.index(i, 0), flags)
                self.table.scrollTo(self.model.index(i, 0))
                return True
        return False

    def say(self, text: str, bad: bool = False) -> None:
        """The line under the items (the scanner's answers, what was done)."""
        self.status_label.setObjectName("errorText" if bad else "muted")
        self.status_label.style().unpolish(self.status_label)
        self.status_label.style().polish(self.status_label)
        self.status_label.setText(text)

    def _on_bus_changed(self, changes: Changes) -> None:
        if changes.touches(loans.SLIP, loans.LINE, "equipment_item"):
            self.refresh()

    # ------------------------------------------------------------ what may be done

    def _mine(self, row: lq.SlipRow | None) -> bool:
        return row is not None and (self.may_manage or row.borrower == self.ctx.actor.username)

    def fillable(self, row: lq.SlipRow | None) -> bool:
        """Whether items may be added to ``row`` by this user now."""
        if row is None or not self._mine(row):
            return False
        return row.status in (FILLABLE if self.may_manage else (S.DRAFT,))

    def _on_selection_changed(self, *_args: object) -> None:
        row = self.selected()
        self.lines_model.set_rows(row.lines if row else ())
        if row is None:
            self.detail_label.setText(self.tr("Chọn một phiếu để xem và quét thiết bị vào phiếu."))
        else:
            text = self.tr("Phiếu số {n} — {who} — {slot} — {status}").format(
                n=row.number, who=row.borrower_name, slot=row.slot, status=row.status_label
            )
            if row.refusal_reason:
                text += self.tr(" — Lý do từ chối: {r}").format(r=row.refusal_reason)
            self.detail_label.setText(text)
        self._update_buttons()

    def _set(self, button: QPushButton, allowed: bool, ok: bool, why_not: str) -> None:
        button.setEnabled(allowed and ok)
        button.setToolTip("" if allowed else self.tr(why_not))

    def _update_buttons(self, *_args: object) -> None:
        row = self.selected()
        status = row.status if row else ""
        mine = self._mine(row)
        fill = self.fillable(row)
        self.scan_edit.setEnabled(fill)
        if fill:
            hint = self.tr("Quét nhãn thiết bị rồi Enter (hoặc gõ mã)")
        elif row is None:
            hint = self.tr("Chọn một phiếu nháp để quét thiết bị vào")
        elif not mine:
            hint = self.tr("Phiếu của người khác: chỉ xem")
        elif self.may_manage:
            hint = self.tr("Phiếu {s}: không thêm thiết bị được nữa").format(
                s=row.status_label.lower()
            )
        else:
            hint = self.tr("Chỉ thêm được thiết bị vào phiếu nháp; phiếu này đang {s}").format(
                s=row.status_label.lower()
            )
        self.scan_edit.setPlaceholderText(hint)
        self.pick_button.setEnabled(fill)
        self.remove_button.setEnabled(fill and bool(self.lines.selectionModel().selectedRows()))
        self.submit_button.setEnabled(mine and status == S.DRAFT)
        self.cancel_button.setEnabled(mine and status in FILLABLE)
        for button, wanted in ((self.approve_button, S.PENDING), (self.refuse_button, S.PENDING),
                               (self.hand_out_button, S.APPROVED),
                               (self.take_back_button, S.OUT)):  # fmt: skip
            self._set(button, self.may_manage, status == wanted, OFFICER_ONLY)

    # ------------------------------------------------------------ the scanner

    def _on_scan_return_pressed(self) -> None:
        raw = self.scan_edit.text()
        self.scan_edit.clear()
        row = self.selected()
        if not raw.strip() or row is None or not self.fillable(row):
            return
        self.scan_queue.append(raw)
        self._next_scan(row.number)

    def _next_scan(self, number: int) -> None:
        if self.scanning or not self.scan_queue:
            return
        raw = self.scan_queue.pop(0)
        self.scanning = True
        db, actor = self.ctx.db, self.ctx.actor

        def job(_p: Progress) -> Scanned:
            with db.uow(actor=actor) as s:
                return Scanned(loans.add_scanned(s, actor, number, raw))

        def done(out: Scanned) -> None:
            self.scanning = False
            self.say(out.result.message, bad=not out.result.ok)
            if not out.result.ok:
                QApplication.beep()
            self._next_scan(number)

        def failed(exc: BaseException) -> None:
            self.scanning = False
            self.scan_queue.clear()
            self.say(getattr(exc, "message", str(exc)), bad=True)
            QApplication.beep()

        ops.run(self, job, done, label=self.tr("Thêm thiết bị vào phiếu"), on_error=failed,
                quiet=True)  # fmt: skip
        self.scan_edit.setFocus()

    # ------------------------------------------------------------ commands

    def _command(self, command: object, done_text: str, *args: object) -> None:
        row = self.selected()
        if row is None:
            return
        db, actor, number = self.ctx.db, self.ctx.actor, row.number

        def job(_p: Progress) -> Changes:
            with db.uow(actor=actor) as s:
                return command(s, actor, number, *args)  # type: ignore[operator, no-any-return]

        def done(_changes: Changes) -> None:
            self.say(self.tr("{what} phiếu mượn số {n}.").format(what=done_text, n=number))

        ops.run(self, job, done, label=self.tr("Phiếu mượn thiết bị"))

    def _on_new_clicked(self) -> None:
        with self.ctx.db.read(self.ctx.actor) as s:
            year = loan_slots.current_year(s)
            weeks = loan_slots.week_count(year.start_date, year.end_date)
            week = loan_slots.week_of(year.start_date, date.today()) or 1
        dialog = NewSlipDialog(self, weeks, week)
        if not dialog.exec():
            return
        data = dialog.slip_input()
        db, actor = self.ctx.db, self.ctx.actor

        def job(_p: Progress) -> tuple[int, Changes]:
            with db.uow(actor=actor) as s:
                return loans.new_slip(s, actor, data).number, loans.LOAN_CHANGES

        def done(out: tuple[int, Changes]) -> None:
            self.refresh()
            self.select_number(out[0])
            self.say(self.tr("Đã lập phiếu mượn số {n}. Quét nhãn thiết bị để thêm vào phiếu.")
                     .format(n=out[0]))  # fmt: skip
            self.scan_edit.setFocus()

        ops.run(self, job, done, label=self.tr("Lập phiếu mượn"))

    def _on_pick_clicked(self) -> None:
        row = self.selected()
        if row is None:
            return
        with self.ctx.db.read(self.ctx.actor) as s:
            items = reg.list_items(s, self.ctx.actor)
        chosen = PickItemDialog.ask(self, [(i.code, i.name, i.serial, i.quantity) for i in items])
        if chosen is not None:
            code, quantity = chosen
            self._command(lambda s, a, n: (loans.add_item(s, a, n, code, quantity),
                                           loans.LOAN_CHANGES)[1], "Đã thêm thiết bị vào")  # fmt: skip

    def _on_remove_clicked(self) -> None:
        chosen = self.lines.selectionModel().selectedRows()
        if chosen:
            line = self.lines_model.row_at(chosen[0].row())
            self._command(loans.remove_item, "Đã bỏ thiết bị khỏi", line.code)

    def _on_refuse_clicked(self) -> None:
        row = self.selected()
        if row is not None and self.may_manage:
            reason = RefuseDialog.ask(self, row.number)
            if reason:
                self._command(loans.refuse, "Đã từ chối", reason)

    def _on_take_back_clicked(self) -> None:
        row = self.selected()
        if row is not None and self.may_manage:
            conditions = ReturnDialog.ask(self, row)
            if conditions is not None:
                self._command(loans.take_back, "Đã nhận trả", conditions)

    def _on_overdue_clicked(self) -> None:
        if self.may_view:
            print_overdue(self, self.ctx, self.say)

    def _on_book_clicked(self) -> None:
        teachers = sorted({(r.borrower, r.borrower_name) for r in self.all_rows},
                          key=lambda t: t[1])  # fmt: skip
        if not self.may_view:
            teachers = [t for t in teachers if t[0] == self.ctx.actor.username]
        print_book(self, self.ctx, teachers, self.say)

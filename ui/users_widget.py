"""User management: list, add, edit, reset password, deactivate/reactivate, unlock, history."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from PySide6.QtCore import QItemSelection
from PySide6.QtWidgets import QHeaderView, QPushButton, QTableView, QWidget
from sqlalchemy.orm import Session

from app import accounts
from app.accounts import UserInfo
from app.changes import USERS, Changes
from app.errors import Conflict, ValidationError
from app.progress import Progress
from ui import errors, icons, ops
from ui.confirm import Confirm
from ui.flow_layout import FlowLayout
from ui.history_dialog import HistoryDialog
from ui.pages import PageContext
from ui.password_dialog import ResetPasswordDialog
from ui.signals import bus
from ui.user_dialog import UserDialog, UserForm
from ui.users_model import Column, UsersModel, is_locked
from ui.widgets import PageHeader, configure_table, page_layout


def _button(text: str, icon_name: str) -> QPushButton:
    return QPushButton(icons.icon(icon_name), text)


class UsersWidget(QWidget):
    """The accounts page; every change goes through ``app.accounts`` (which checks rights)."""

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.model = UsersModel()
        self._build()
        self._connect()
        self.refresh()

    def _build(self) -> None:
        layout = page_layout(self)
        layout.addWidget(
            PageHeader(
                self.tr("Người dùng"),
                self.tr("Tài khoản đăng nhập và vai trò của giáo viên, nhân viên nhà trường."),
            )
        )
        self.add_button = QPushButton(
            icons.icon("user-plus", "#ffffff"), self.tr("Thêm người dùng")
        )
        self.add_button.setObjectName("primary")
        self.edit_button = _button(self.tr("Sửa"), "edit")
        self.reset_button = _button(self.tr("Đặt lại mật khẩu"), "key")
        self.active_button = _button(self.tr("Vô hiệu hóa"), "user-x")
        self.unlock_button = _button(self.tr("Mở khóa"), "unlock")
        self.history_button = _button(self.tr("Lịch sử thay đổi"), "clock")
        bar = FlowLayout()
        bar.addWidget(self.add_button)
        for button in (self.edit_button, self.reset_button, self.active_button, self.unlock_button):
            bar.addWidget(button)
        bar.add_stretch()
        bar.addWidget(self.history_button)
        layout.addLayout(bar)
        self.table = QTableView()
        self.table.setModel(self.model)
        configure_table(self.table)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(Column.FULL_NAME, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)

    def _connect(self) -> None:
        self.add_button.clicked.connect(self._on_add_clicked)
        self.edit_button.clicked.connect(self._on_edit_clicked)
        self.reset_button.clicked.connect(self._on_reset_clicked)
        self.active_button.clicked.connect(self._on_active_clicked)
        self.unlock_button.clicked.connect(self._on_unlock_clicked)
        self.history_button.clicked.connect(self._on_history_clicked)
        self.table.doubleClicked.connect(self._on_edit_clicked)
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        bus.changed.connect(self._on_bus_changed)

    # ------------------------------------------------------------ data

    def refresh(self) -> None:
        """Reload the list, keeping the selected account selected."""
        selected = self.selected()
        with self.ctx.db.read(self.ctx.actor) as s:
            rows = accounts.list_users(s, self.ctx.actor)
        self.model.set_rows(rows)
        if selected is not None:
            self.select(selected.username)
        self._update_buttons()

    def selected(self) -> UserInfo | None:
        """The account selected in the table."""
        rows = self.table.selectionModel().selectedRows()
        return self.model.user_at(rows[0].row()) if rows else None

    def select(self, username: str) -> None:
        """Select the row of ``username`` if it is listed."""
        row = self.model.row_of(username)
        if row >= 0:
            self.table.selectRow(row)

    def show_target(self, params: Mapping[str, str]) -> None:
        """Select the ``username`` another page asked for (a locked-out account)."""
        if params.get("username"):
            self.select(params["username"])

    def _update_buttons(self) -> None:
        user = self.selected()
        for button in (self.edit_button, self.reset_button, self.history_button):
            button.setEnabled(user is not None)
        self.active_button.setEnabled(user is not None)
        active = user is None or user.active
        self.active_button.setText(self.tr("Vô hiệu hóa") if active else self.tr("Kích hoạt lại"))
        self.active_button.setIcon(icons.icon("user-x" if active else "user-check"))
        self.unlock_button.setEnabled(user is not None and is_locked(user))

    def _on_selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self._update_buttons()

    def _on_bus_changed(self, changes: Changes) -> None:
        if changes.touches(USERS):
            self.refresh()

    # ------------------------------------------------------------ commands

    def _command(
        self,
        write: Callable[[Session], object],
        reason: str,
        on_done: Callable[[], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> None:
        """Run ``write(session)`` in one unit of work in the background; the runner announces
        the changes its result carries, and the list refreshes."""
        db, actor = self.ctx.db, self.ctx.actor

        def job(progress: Progress) -> object:
            with db.uow(actor=actor, reason=reason) as s:
                return write(s)

        def done(_result: object) -> None:
            if on_done is not None:
                on_done()

        ops.run(self, job, done, label=reason, on_error=on_error)

    def _on_add_clicked(self) -> None:
        self._add_user(None, "")

    def _add_user(self, initial: UserForm | None, error: str) -> None:
        values = UserDialog.ask(self, None, initial, error)
        if values is None:
            return
        actor = self.ctx.actor

        def failed(exc: BaseException) -> None:
            if isinstance(exc, ValidationError | Conflict):
                self._add_user(values, exc.message)
            else:
                errors.show_error(self, exc)

        self._command(
            lambda s: accounts.create_user(
                s, actor, values.username, values.full_name, values.role, values.password
            ),
            self.tr("Thêm tài khoản {user}").format(user=values.username),
            lambda: self.select(values.username),
            failed,
        )

    def _on_edit_clicked(self) -> None:
        user = self.selected()
        if user is None:
            return
        values = UserDialog.ask(self, user)
        if values is None:
            return
        actor = self.ctx.actor
        self._command(
            lambda s: accounts.update_user(
                s, actor, user.username, full_name=values.full_name, role=values.role
            ),
            self.tr("Sửa tài khoản {user}").format(user=user.username),
        )

    def _on_reset_clicked(self) -> None:
        user = self.selected()
        if user is None:
            return
        password = ResetPasswordDialog.ask(self, user.username)
        if password is None:
            return
        actor = self.ctx.actor
        self._command(
            lambda s: accounts.reset_password(s, actor, user.username, password),
            self.tr("Đặt lại mật khẩu cho {user}").format(user=user.username),
        )

    def _on_active_clicked(self) -> None:
        user = self.selected()
        if user is None:
            return
        if user.active:
            question = self.tr(
                "Vô hiệu hóa tài khoản {user} ({name})? Người này sẽ không đăng nhập được "
                "cho đến khi được kích hoạt lại."
            ).format(user=user.username, name=user.full_name)
            if not Confirm.ask(self, self.tr("Vô hiệu hóa tài khoản"), question):
                return
        actor, active = self.ctx.actor, not user.active
        reason = (
            self.tr("Kích hoạt lại tài khoản {user}")
            if active
            else self.tr("Vô hiệu hóa tài khoản {user}")
        ).format(user=user.username)
        self._command(
            lambda s: accounts.update_user(s, actor, user.username, active=active), reason
        )

    def _on_unlock_clicked(self) -> None:
        user = self.selected()
        if user is None:
            return
        actor = self.ctx.actor
        self._command(
            lambda s: accounts.unlock_user(s, actor, user.username),
            self.tr("Mở khóa tài khoản {user}").format(user=user.username),
        )

    def _on_history_clicked(self) -> None:
        user = self.selected()
        if user is None:
            return
        HistoryDialog.show_for(
            self,
            self.ctx.db,
            self.ctx.actor,
            USERS,
            str(user.id),
            self.tr("Tài khoản {user} — {name}").format(user=user.username, name=user.full_name),
        )

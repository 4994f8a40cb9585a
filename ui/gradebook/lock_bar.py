"""The lock state of the class's semester, and the principal's Khóa sổ / Mở khóa buttons.

Locking asks for confirmation (the reason is optional): while students still
miss grades, the question lists them (``app.gradebook.missing``, as ``grades
lock`` prints them) and locking anyway is a deliberate choice. Unlocking needs
a written reason. Both are journalled by ``app.gradebook.locking``. Only the
button that applies is enabled: Khóa sổ on an open semester, Mở khóa on a
locked one; those who may not lock see neither.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QPushButton, QWidget

from app import labels
from app.changes import Changes
from app.errors import AppError
from app.gradebook import access
from app.gradebook.choices import ClassChoice
from app.gradebook.locking import LOCKS, LockInfo, lock_semester, lock_status, unlock_semester
from app.gradebook.missing import missing_grades
from app.gradebook.terms import semester_label
from app.progress import Progress
from ui import errors, icons, ops, style
from ui.confirm import Confirm
from ui.flow_layout import FlowLayout, group
from ui.gradebook.dialogs import LockDialog, ReasonDialog
from ui.pages import PageContext
from ui.signals import bus


class LockBar(QWidget):
    """The lock state ("Học kì I: đang mở") with lock buttons for the principal."""

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._class: ClassChoice | None = None
        self._semester = 1
        self._info: LockInfo | None = None
        self._build()
        self._connect()

    def _build(self) -> None:
        self.icon_label = QLabel()
        self.state_label = QLabel()
        self.lock_button = QPushButton(icons.icon("lock"), self.tr("Khóa sổ"))
        self.unlock_button = QPushButton(icons.icon("unlock"), self.tr("Mở khóa"))
        supervises = access.supervises(self.ctx.actor)
        self.lock_button.setVisible(supervises)
        self.unlock_button.setVisible(supervises)
        layout = FlowLayout(self, h_spacing=6)
        layout.addWidget(group(self.icon_label, self.state_label))
        layout.addWidget(self.lock_button)
        layout.addWidget(self.unlock_button)

    def _connect(self) -> None:
        self.lock_button.clicked.connect(self._on_lock_clicked)
        self.unlock_button.clicked.connect(self._on_unlock_clicked)
        bus.changed.connect(self._on_bus_changed)

    @property
    def locked(self) -> bool:
        """Whether the semester shown is locked."""
        return bool(self._info and self._info.locked)

    def set_scope(self, choice: ClassChoice | None, semester: int) -> None:
        """Show the lock state of ``choice``'s ``semester``."""
        self._class, self._semester = choice, semester
        self.reload()

    def reload(self) -> None:
        """Read the lock state again."""
        self._info = None
        if self._class is not None:
            try:
                with self.ctx.db.read(self.ctx.actor) as s:
                    states = lock_status(s, self.ctx.actor, self._class.id)
                self._info = next((x for x in states if x.semester == self._semester), None)
            except AppError as exc:
                errors.show_error(self, exc)
        self._show()

    def _show(self) -> None:
        label = semester_label(self._semester)
        info = self._info
        if info is None:
            self.state_label.setText("")
            self.icon_label.clear()
        elif info.locked:
            when = labels.format_datetime(info.changed_at)
            self.state_label.setText(
                self.tr("{semester}: đã khóa sổ ({user}, {when})").format(
                    semester=label, user=info.changed_by or "—", when=when
                )
            )
            self.state_label.setObjectName("statusWarn")
            self.icon_label.setPixmap(icons.pixmap("lock", 16, style.WARN))
        else:
            self.state_label.setText(self.tr("{semester}: đang mở").format(semester=label))
            self.state_label.setObjectName("statusOk")
            self.icon_label.setPixmap(icons.pixmap("unlock", 16, style.OK))
        self.state_label.style().unpolish(self.state_label)
        self.state_label.style().polish(self.state_label)
        self.lock_button.setEnabled(info is not None and not info.locked)
        self.unlock_button.setEnabled(info is not None and info.locked)

    def _on_bus_changed(self, changes: Changes) -> None:
        if changes.touches(LOCKS):
            self.reload()

    def _on_lock_clicked(self) -> None:
        if self._class is None:
            return
        label = semester_label(self._semester)
        question = self.tr(
            "Khóa sổ điểm lớp {cls} {semester}? Sau khi khóa, giáo viên không sửa được điểm, "
            "rèn luyện và số buổi nghỉ của học kì này; mọi thay đổi phải do Ban giám hiệu "
            "thực hiện, kèm lý do, và được ghi vào nhật ký."
        ).format(cls=self._class.name, semester=label)
        db, actor = self.ctx.db, self.ctx.actor
        class_id, semester = self._class.id, self._semester
        try:
            with db.read(actor) as s:
                found = missing_grades(s, actor, class_id, semester)
        except AppError as exc:
            errors.show_error(self, exc)
            return
        if found.lines:
            if not LockDialog.ask(self, found, question):
                return
        elif not Confirm.ask(
            self, self.tr("Khóa sổ điểm"), f"{found.summary}\n\n{question}", self.tr("Khóa sổ")
        ):
            return

        def lock(progress: Progress) -> Changes:
            with db.uow(actor=actor) as s:
                return lock_semester(s, actor, class_id, semester)

        ops.run(self, lock, label=self.tr("Đang khóa sổ…"))

    def _on_unlock_clicked(self) -> None:
        if self._class is None:
            return
        label = semester_label(self._semester)
        reason = ReasonDialog.ask(
            self,
            self.tr("Mở khóa sổ điểm"),
            self.tr(
                "Mở khóa sổ điểm lớp {cls} {semester}. Giáo viên sẽ sửa được điểm như trước "
                "khi khóa. Lý do mở khóa được ghi vào nhật ký."
            ).format(cls=self._class.name, semester=label),
            self.tr("Mở khóa"),
        )
        if reason is None:
            return
        db, actor = self.ctx.db, self.ctx.actor
        class_id, semester = self._class.id, self._semester

        def unlock(progress: Progress) -> Changes:
            with db.uow(actor=actor, reason=reason) as s:
                return unlock_semester(s, actor, class_id, semester, reason)

        ops.run(self, unlock, label=self.tr("Đang mở khóa…"))

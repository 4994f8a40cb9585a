"""The save flow every entry sheet shares (scores, conduct, re-tests).

Chosen flow: edits stay in the grid until the user saves with "Lưu" or
Ctrl+S; switching class, subject, semester or year with unsaved edits asks
Lưu / Không lưu / Hủy. A save sends every valid edit in one unit of work
(the service checks again and writes all or nothing). Invalid cells block the
save and the cursor jumps to the first one. In a locked semester only the
principal can type at all, and saving asks for the written reason that the
journal keeps with every changed value.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from datetime import datetime

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget
from sqlalchemy.orm import Session

from app.changes import Changes
from app.gradebook.entry import CellProblem, CellValidationError, SaveResult
from app.progress import Progress
from ui import errors, ops
from ui.confirm import Unsaved
from ui.gradebook.dialogs import ReasonDialog, UnsavedDialog
from ui.gradebook.entry_model import EntryModel
from ui.gradebook.entry_panel import EntryPanel
from ui.pages import PageContext
from ui.signals import bus

Writer = Callable[[Session, str | None], SaveResult]
"""Writes the captured edits in the session with the reason (None when not locked)."""


def _noop() -> None:
    return None


class SheetWidget(QWidget):
    """An entry grid with the shared save flow; subclasses load data and build the writer."""

    dirty_changed = Signal(bool)
    entities: tuple[str, ...] = ()
    """Entity types whose changes (announced on the bus) make the sheet reload."""

    def __init__(self, ctx: PageContext, model: EntryModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.model = model
        self.panel = EntryPanel(model)
        self._saving = False
        self._dirty = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addWidget(self.panel)
        self.panel.save_requested.connect(self.save)
        self.panel.discard_requested.connect(self._on_discard_requested)
        self.model.edits_changed.connect(self._on_model_edits_changed)
        bus.changed.connect(self._on_bus_changed)

    # ------------------------------------------------------------ hooks

    def reload(self) -> None:
        """Read the sheet again from the database (drops unsaved edits)."""

    def locked(self) -> bool:
        """Whether the semester shown is locked (saving then needs a reason)."""
        return False

    def sheet_name(self) -> str:
        """How messages name this sheet ("Bảng điểm Toán lớp 6A1, Học kì I")."""
        return ""

    def writer(self) -> Writer | None:
        """A function writing the current valid edits (captured now), or None."""
        return None

    def student_row(self, student_id: uuid.UUID) -> int:
        """The row of a student, for refused cells (-1 when not shown)."""
        return -1

    # ------------------------------------------------------------ state

    def has_unsaved(self) -> bool:
        """Whether edits wait to be saved."""
        return self.model.pending_count() > 0

    def request_leave(
        self, proceed: Callable[[], None], revert: Callable[[], None] = _noop
    ) -> None:
        """Run ``proceed`` once unsaved edits are saved or dropped; ``revert`` if the user stays."""
        if not self.has_unsaved():
            proceed()
            return
        choice = UnsavedDialog.ask(self, self.model.pending_count(), self.sheet_name())
        if choice is Unsaved.SAVE:
            self.save(then=proceed, failed=revert)
        elif choice is Unsaved.DISCARD:
            self.model.discard_edits()
            proceed()
        else:
            revert()

    def _on_model_edits_changed(self) -> None:
        dirty = self.has_unsaved()
        if dirty != self._dirty:
            self._dirty = dirty
            self.dirty_changed.emit(dirty)

    def _on_discard_requested(self) -> None:
        self.model.discard_edits()
        self.panel.set_status(self.tr("Đã bỏ các thay đổi chưa lưu."))

    def _on_bus_changed(self, changes: Changes) -> None:
        if self._saving or self.has_unsaved() or not changes.touches(*self.entities):
            return
        self.reload()

    # ------------------------------------------------------------ saving

    def save(self, then: Callable[[], None] = _noop, failed: Callable[[], None] = _noop) -> None:
        """Check, ask for a reason when locked, then write every valid edit in the background."""
        if self._saving:
            return
        if not self.model.pending_count():
            then()
            return
        invalid = self.model.invalid_cells()
        if invalid:
            row, key, problem = invalid[0]
            self.panel.focus_cell(row, key)
            self.panel.problem_label.show_message(
                self.tr(
                    "Chưa lưu: còn {n} ô không hợp lệ (tô đỏ). Ô đang chọn: {reason} "
                    "Hãy sửa lại hoặc xóa (phím Delete) rồi lưu."
                ).format(n=len(invalid), reason=problem)
            )
            failed()
            return
        reason: str | None = None
        if self.locked():
            reason = ReasonDialog.ask(
                self,
                self.tr("Sửa sổ điểm đã khóa"),
                self.tr(
                    "{sheet} đã khóa. Mọi thay đổi được ghi vào nhật ký cùng giá trị cũ, "
                    "giá trị mới và lý do bạn ghi dưới đây."
                ).format(sheet=self.sheet_name()),
                self.tr("Lưu thay đổi"),
            )
            if reason is None:
                failed()
                return
        write = self.writer()
        if write is None:
            failed()
            return
        self._start_save(write, reason, then, failed)

    def _start_save(
        self,
        write: Writer,
        reason: str | None,
        then: Callable[[], None],
        failed: Callable[[], None],
    ) -> None:
        db, actor = self.ctx.db, self.ctx.actor
        count = self.model.pending_count()

        def job(progress: Progress) -> SaveResult:
            with db.uow(actor=actor, reason=reason) as s:
                return write(s, reason)

        def done(result: SaveResult) -> None:
            # The runner announced result.changes (other tabs refresh); this one reloads here.
            self._saving = False
            where = self.panel.cursor_cell()
            self.reload()
            self.panel.restore_cursor_cell(where)
            self.panel.set_status(
                self.tr("Đã lưu {n} ô lúc {time}.").format(
                    n=count, time=datetime.now().strftime("%H:%M")
                )
            )
            then()

        def error(exc: BaseException) -> None:
            self._saving = False
            self.model.set_editable(self._was_editable)
            if isinstance(exc, CellValidationError):
                self.mark_problems(exc.problems)
            errors.show_error(self, exc)
            failed()

        self._saving = True
        self._was_editable = self.model.editable
        self.model.set_editable(False)
        ops.run(self, job, done, label=self.tr("Đang lưu…"), on_error=error)

    def mark_problems(self, problems: Sequence[CellProblem]) -> None:
        """Flag the cells the service refused, with its reasons."""
        for p in problems:
            row = self.student_row(p.student_id)
            key = self.problem_key(p.column)
            if row >= 0 and self.model.column_of(key) >= 0:
                self.model.mark_problem(row, key, p.reason)

    def problem_key(self, column: str) -> str:
        """The column key of a service problem's column name."""
        return column

    def wait_idle(self) -> bool:
        """Whether no save is running (tests and the page poll it)."""
        return not self._saving

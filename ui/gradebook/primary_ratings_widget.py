"""The "Phẩm chất, năng lực" tab of a primary class: ratings per checkpoint by the homeroom teacher.

Pick the checkpoint (giữa or cuối học kì; cuối học kì II is "Cuối năm") and
type T/Đ/C per quality and competency; "Điền" fills the selected cells. At the
end of the year the last column takes the achievement nominated for "Học sinh
Tiêu biểu". Saving writes ratings and nominations in one unit of work.
"""

from __future__ import annotations

import uuid
from dataclasses import replace

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QComboBox, QHeaderView, QLabel, QWidget
from sqlalchemy.orm import Session

from app.changes import Changes
from app.errors import AppError
from app.gradebook.choices import ClassChoice, keeps_homeroom_records
from app.gradebook.entry import SaveResult
from app.gradebook.locking import LOCKS
from app.gradebook.primary.values import CHECKPOINTS, checkpoint_label
from app.gradebook.primary_ratings import (
    NOMINATIONS,
    RATINGS,
    RatingSheet,
    nominations,
    rating_sheet,
    save_ratings,
    set_nomination,
)
from app.gradebook.terms import semester_label
from ui import errors
from ui.gradebook.combo import find_data
from ui.gradebook.primary_entry_widget import fill_menu_button, fill_selected, header_width
from ui.gradebook.primary_ratings_model import (
    NOMINATION_KEY,
    RATING_ORDER,
    PrimaryRatingsModel,
    is_year_end,
)
from ui.gradebook.sheet import SheetWidget, Writer
from ui.pages import PageContext
from ui.table_fit import fit_columns

RATING_CHOICES = (("T", "Tốt (T)"), ("Đ", "Đạt (Đ)"), ("C", "Cần cố gắng (C)"))
MIN_RATING_WIDTH = 38
NAME_WIDTH = 190
NOMINATION_MIN_WIDTH = 160


class PrimaryRatingsWidget(SheetWidget):
    """One primary class's qualities and competencies at the checkpoint picked."""

    entities = (RATINGS, NOMINATIONS, LOCKS)

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        self.ratings_model = PrimaryRatingsModel()
        super().__init__(ctx, self.ratings_model, parent)
        self._class: ClassChoice | None = None
        self._semester = 1
        self._checkpoint = 1
        self._build()
        self._connect()

    def _build(self) -> None:
        self.title_label = QLabel()
        self.title_label.setObjectName("cardTitle")
        self.checkpoint_combo = QComboBox()
        self.checkpoint_combo.setMinimumWidth(130)
        self.fill_button, self.fill_menu = fill_menu_button(
            self,
            self.tr("Điền"),
            self.tr("Điền mức cho các ô đang chọn (ví dụ chọn cả cột rồi điền Tốt)"),
            [(value, self.tr(label)) for value, label in RATING_CHOICES],
        )
        tools = self.panel.tools
        tools.addWidget(self.title_label)
        tools.addSpacing(12)
        tools.addWidget(QLabel(self.tr("Thời điểm:")))
        tools.addWidget(self.checkpoint_combo)
        tools.addSpacing(8)
        tools.addWidget(self.fill_button)
        self.panel.swatches[-1].setVisible(False)

    def _connect(self) -> None:
        self.checkpoint_combo.activated.connect(self._on_checkpoint_activated)
        self.fill_menu.triggered.connect(self._on_fill_triggered)
        self.ratings_model.edits_changed.connect(self._show_counts)

    # ------------------------------------------------------------ choosing

    def set_scope(self, choice: ClassChoice | None, semester: int) -> None:
        """Show ``choice``'s ratings of ``semester`` at the checkpoint picked before."""
        self._class, self._semester = choice, semester
        self.checkpoint_combo.clear()
        for checkpoint in CHECKPOINTS:
            self.checkpoint_combo.addItem(checkpoint_label(semester, checkpoint), checkpoint)
        self.checkpoint_combo.setCurrentIndex(find_data(self.checkpoint_combo, self._checkpoint))
        self.reload()

    def select_checkpoint(self, checkpoint: int) -> None:
        """Pick a checkpoint without asking about unsaved edits (for the page and tests)."""
        self._checkpoint = checkpoint
        self.checkpoint_combo.setCurrentIndex(find_data(self.checkpoint_combo, checkpoint))
        self.reload()

    def checkpoint(self) -> int:
        """The checkpoint shown: 1 giữa học kì, 2 cuối học kì."""
        return self._checkpoint

    def may_edit(self) -> bool:
        """Whether the actor may rate this class (homeroom teacher or supervisor)."""
        return self._class is not None and keeps_homeroom_records(self.ctx.actor, self._class)

    def _on_checkpoint_activated(self, index: int) -> None:
        wanted = self.checkpoint_combo.itemData(index)
        if wanted == self._checkpoint:
            return

        def go() -> None:
            self._checkpoint = int(wanted)
            self.reload()

        def back() -> None:
            self.checkpoint_combo.setCurrentIndex(
                find_data(self.checkpoint_combo, self._checkpoint)
            )

        self.request_leave(go, back)

    # ------------------------------------------------------------ loading

    def reload(self) -> None:
        """Read the sheet (and the year's nominations) again."""
        if self._class is None:
            self.ratings_model.set_sheet(None, {})
            self._show_state(None)
            return
        try:
            with self.ctx.db.read(self.ctx.actor) as s:
                sheet = rating_sheet(
                    s, self.ctx.actor, self._class.id, self._semester, self._checkpoint
                )
                nominated = nominations(s, self.ctx.actor, self._class.id)
        except AppError as exc:
            self.ratings_model.set_sheet(None, {})
            self._show_state(None)
            errors.show_error(self, exc)
            return
        self.ratings_model.set_sheet(sheet, nominated)
        self._size_columns()
        self._show_state(sheet)

    def _size_columns(self) -> None:
        view = self.panel.view
        header = view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for section in range(self.ratings_model.columnCount()):
            width = max(MIN_RATING_WIDTH, header_width(view, section, 14))
            if self.ratings_model.column(section).key == NOMINATION_KEY:
                width = NOMINATION_MIN_WIDTH
            view.setColumnWidth(section, {0: 44, 1: NAME_WIDTH}.get(section, width))
        fit_columns(view)
        header.setStretchLastSection(True)

    def _show_state(self, sheet: RatingSheet | None) -> None:
        self.fill_button.setEnabled(bool(sheet and sheet.editable))
        self._show_counts()
        if self._class is None or sheet is None:
            self.title_label.setText("")
            self.panel.set_banner("")
            return
        self.title_label.setText(
            self.tr("Lớp {cls} · {when}").format(
                cls=sheet.class_name, when=checkpoint_label(sheet.semester, sheet.checkpoint)
            )
        )
        self.panel.set_banner(self._banner(sheet))

    def _banner(self, sheet: RatingSheet) -> str:
        label = semester_label(sheet.semester)
        if not self.may_edit():
            assert self._class is not None
            return self.tr(
                "Chỉ giáo viên chủ nhiệm lớp ({name}) hoặc Ban giám hiệu đánh giá phẩm chất, "
                "năng lực. Bảng chỉ để xem."
            ).format(name=self._class.homeroom_name or self.tr("chưa phân công"))
        if sheet.locked and not sheet.editable:
            return self.tr("Sổ {semester} đã khóa: chỉ Ban giám hiệu được sửa.").format(
                semester=label
            )
        if sheet.locked:
            return self.tr("Sổ {semester} đã khóa: khi lưu phải ghi rõ lý do.").format(
                semester=label
            )
        text = self.tr(
            "Gõ T (Tốt), Đ hoặc d (Đạt), C (Cần cố gắng). Rê chuột lên tiêu đề cột để xem "
            "tên đầy đủ của phẩm chất, năng lực."
        )
        if is_year_end(sheet):
            text += self.tr(
                " Cột «HS Tiêu biểu»: ghi thành tích nổi bật nếu lớp đề nghị khen thưởng."
            )
        return text

    def _show_counts(self) -> None:
        counts = self.ratings_model.rating_counts()
        parts = [f"{word}: {counts[word]}" for word in RATING_ORDER if counts.get(word)]
        if counts.get(""):
            parts.append(self.tr("Chưa đánh giá: {n} ô").format(n=counts[""]))
        if is_year_end(self.ratings_model.sheet):
            parts.append(self.tr("Đề nghị khen: {n}").format(n=self.ratings_model.nominated()))
        self.panel.set_status(" · ".join(parts))

    def _on_fill_triggered(self, action: QAction) -> None:
        taken = fill_selected(
            self.panel.view, self.ratings_model.rating_sections(), str(action.data())
        )
        if not taken:
            self.panel.problem_label.show_message(
                self.tr("Hãy chọn các ô phẩm chất, năng lực trước khi điền.")
            )

    # ------------------------------------------------------------ sheet hooks

    def locked(self) -> bool:
        sheet = self.ratings_model.sheet
        return bool(sheet and sheet.locked)

    def sheet_name(self) -> str:
        sheet = self.ratings_model.sheet
        if sheet is None:
            return self.tr("Bảng phẩm chất, năng lực")
        return self.tr("Bảng phẩm chất, năng lực lớp {cls}, {when}").format(
            cls=sheet.class_name, when=checkpoint_label(sheet.semester, sheet.checkpoint)
        )

    def writer(self) -> Writer | None:
        sheet = self.ratings_model.sheet
        if sheet is None:
            return None
        edits = self.ratings_model.pending_edits()
        nominated = self.ratings_model.pending_nominations()
        actor = self.ctx.actor

        def write(session: Session, reason: str | None) -> SaveResult:
            result = SaveResult(Changes(), 0, 0, 0, 0)
            if edits:
                result = save_ratings(
                    session,
                    actor,
                    sheet.class_id,
                    sheet.semester,
                    sheet.checkpoint,
                    edits,
                    reason,
                )
            changes = result.changes
            for student_id, achievement in nominated:
                changes |= set_nomination(
                    session, actor, sheet.class_id, student_id, achievement, reason
                )
            return replace(result, changes=changes)

        return write

    def student_row(self, student_id: uuid.UUID) -> int:
        return self.ratings_model.row_of(student_id)

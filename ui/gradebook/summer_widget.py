"""Summer conduct training (rèn luyện trong hè): the result the homeroom teacher records.

Students whose year conduct is Chưa đạt train over the summer; the level they
reach afterwards replaces the year conduct and the outcome is recomputed. It is
a year-end record: when semester II is locked only the principal changes it,
with a written reason.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from PySide6.QtWidgets import QHeaderView, QLabel, QWidget
from sqlalchemy.orm import Session

from app.changes import Changes
from app.errors import AppError
from app.gradebook import access
from app.gradebook.choices import ClassChoice, keeps_homeroom_records
from app.gradebook.conduct import SUMMER, SUMMER_SEMESTER, save_summer_conduct
from app.gradebook.entry import SaveResult
from app.gradebook.lists import result_lists
from app.gradebook.results import class_summary
from app.gradebook.values import parse_level
from ui import errors
from ui.gradebook.conduct_model import LEVEL_SHORTCUTS
from ui.gradebook.entry_model import Checked, ColumnKind, EntryColumn, EntryModel, tooltip_lines
from ui.gradebook.sheet import SheetWidget, Writer
from ui.pages import PageContext
from ui.table_fit import fit_columns

SUMMER_KEY = "summer"
COLUMNS = [
    EntryColumn(ColumnKind.NUMBER, "number", "STT"),
    EntryColumn(ColumnKind.NAME, "name", "Họ và tên"),
    EntryColumn(ColumnKind.INFO, "year", "Rèn luyện cả năm", "Kết quả rèn luyện cả năm"),
    EntryColumn(
        ColumnKind.INPUT,
        SUMMER_KEY,
        "Sau rèn luyện hè",
        "Kết quả sau rèn luyện trong hè: Tốt (T), Khá (K), Đạt (Đ hoặc d), Chưa đạt (CĐ hoặc cd)",
    ),
    EntryColumn(ColumnKind.COMPUTED, "outcome", "Kết quả cuối năm", "Tính lại sau rèn luyện hè"),
]


@dataclass(frozen=True)
class SummerRow:
    """A student flagged for summer training, with the recorded result and the outcome."""

    student_id: uuid.UUID
    full_name: str
    year_conduct: str
    after_summer: str | None
    outcome: str
    outcome_reasons: tuple[str, ...]


class SummerModel(EntryModel):
    """One row per student flagged for summer conduct training."""

    def __init__(self) -> None:
        super().__init__()
        self._rows: tuple[SummerRow, ...] = ()

    def set_rows(self, rows: tuple[SummerRow, ...], editable: bool) -> None:
        """Show the flagged students (dropping unsaved edits)."""
        self.beginResetModel()
        self._rows = rows
        self.reset_columns(COLUMNS)
        self.set_editable(editable)
        self.endResetModel()
        self.edits_changed.emit()

    def pending_entries(self) -> list[tuple[uuid.UUID, str]]:
        """(student, level) of every valid unsaved edit ("" clears)."""
        return [
            (self._rows[row].student_id, e.checked.stored or "")
            for (row, _), e in sorted(self.pending().items())
            if e.checked.problem is None
        ]

    def row_total(self) -> int:
        return len(self._rows)

    def row_label(self, row: int) -> tuple[str, bool]:
        return self._rows[row].full_name, True

    def base(self, row: int, key: str) -> tuple[str | None, str]:
        value = self._rows[row].after_summer
        return value, value or ""

    def check(self, row: int, key: str, text: str) -> Checked:
        if not text:
            return Checked(None, "")
        level = parse_level(LEVEL_SHORTCUTS.get(text.casefold(), text))
        if level.value is None:
            return Checked(None, text, " ".join(level.reasons))
        return Checked(level.value.label, level.value.label)

    def computed(self, row: int, key: str) -> tuple[str, str, bool]:
        r = self._rows[row]
        if key == "year":
            return r.year_conduct, "", False
        return r.outcome or "–", tooltip_lines(r.outcome_reasons, r.outcome), False


class SummerWidget(SheetWidget):
    """Summer conduct results of one class; saving recomputes the outcome."""

    entities = (SUMMER, "conduct_record")

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        self.summer_model = SummerModel()
        super().__init__(ctx, self.summer_model, parent)
        self._class: ClassChoice | None = None
        self._locked = False
        title = QLabel(self.tr("Rèn luyện trong hè"))
        title.setObjectName("cardTitle")
        self.panel.tools.addWidget(title)
        self.panel.show_legend(False)
        self.panel.set_empty_text(self.tr("Không có học sinh nào phải rèn luyện trong hè."))

    def set_scope(self, choice: ClassChoice | None, semester: int) -> None:
        """Show ``choice``'s students flagged for summer training."""
        self._class = choice
        self.reload()

    def reload(self) -> None:
        """Read the flagged students and their results again."""
        if self._class is None:
            self.summer_model.set_rows((), False)
            return
        try:
            rows = self._read(self._class)
        except AppError as exc:
            self.summer_model.set_rows((), False)
            errors.show_error(self, exc)
            return
        supervises = access.supervises(self.ctx.actor)
        may = keeps_homeroom_records(self.ctx.actor, self._class) and (
            not self._locked or supervises
        )
        self.summer_model.set_rows(rows, may)
        view = self.panel.view
        view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for section, width in enumerate((44, 210, 140, 140)):
            view.setColumnWidth(section, width)
        fit_columns(view)
        view.horizontalHeader().setStretchLastSection(True)
        self.panel.set_banner(self._banner(rows, supervises))

    def _banner(self, rows: tuple[SummerRow, ...], supervises: bool) -> str:
        if not rows:
            return self.tr("Không có học sinh nào phải rèn luyện trong hè (hoặc chưa đủ dữ liệu).")
        if self._locked and supervises:
            return self.tr("Sổ điểm Học kì II đã khóa: khi lưu phải ghi rõ lý do.")
        if self._locked:
            return self.tr("Sổ điểm Học kì II đã khóa: chỉ Ban giám hiệu được sửa.")
        return ""

    def _read(self, choice: ClassChoice) -> tuple[SummerRow, ...]:
        actor = self.ctx.actor
        with self.ctx.db.read(actor) as s:
            self._locked = access.is_locked(s, choice.id, SUMMER_SEMESTER)
            flagged = result_lists(s, actor, choice.school_year, choice.id).summer_training
            if not flagged:
                return ()
            summary = class_summary(s, actor, choice.id, choice.school_year, None)
        students = {x.student_id: x for x in summary.students}
        out = []
        for entry in flagged:
            student = students[entry.student_id]
            after = student.conduct_after_summer
            outcome = student.outcome
            out.append(
                SummerRow(
                    entry.student_id,
                    entry.full_name,
                    student.conduct_year.text if student.conduct_year else "",
                    after.text if after and after.text else None,
                    outcome.text if outcome else "",
                    outcome.reasons if outcome else (),
                )
            )
        return tuple(out)

    def locked(self) -> bool:
        return self._locked

    def sheet_name(self) -> str:
        name = self._class.name if self._class else ""
        return self.tr("Bảng rèn luyện trong hè lớp {cls}").format(cls=name)

    def writer(self) -> Writer | None:
        if self._class is None:
            return None
        entries = self.summer_model.pending_entries()
        class_id, actor = self._class.id, self.ctx.actor

        def write(session: Session, reason: str | None) -> SaveResult:
            changes = Changes()
            for student_id, level in entries:
                changes |= save_summer_conduct(session, actor, class_id, student_id, level, reason)
            return SaveResult(changes, len(entries), 0, 0, 0)

        return write

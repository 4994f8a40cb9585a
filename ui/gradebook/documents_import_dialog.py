"""Importing a returned teacher sheet (or a long-format file) from the Sổ điểm page.

The same preview as ``grades import`` (``app.gradesheets.preview_file``): every
refused cell located (sheet, row, column, value, reason), every change old → new,
and every conflict (changed in the file and in the app since the export) with its
own choice: take the file's value or keep the app's. "Ghi vào sổ điểm" is allowed
only when nothing is refused and every conflict is decided; ``commit_sheet`` then
writes everything in one transaction after a restore point, or nothing.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.errors import AppError
from app.gradesheets import CellKey, Choice, CommitResult, SheetPreview, commit_sheet
from app.messages.gradesheets import GRADESHEETS_MSG as GM
from app.progress import Progress
from ui import errors, ops
from ui.confirm import Notice
from ui.gradebook.documents_import_models import (
    CHOICE_LABELS,
    ChangeModel,
    ConflictColumn,
    ConflictModel,
    ProblemModel,
)
from ui.pages import PageContext
from ui.screen import resize_to_fit
from ui.widgets import ErrorLabel, configure_table


def _table(model: ProblemModel | ChangeModel | ConflictModel) -> QTableView:
    view = QTableView()
    view.setModel(model)
    configure_table(view)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    view.horizontalHeader().setStretchLastSection(True)
    return view


def batches_text(pv: SheetPreview) -> str:
    """ "6A1 · Toán · HK1 (đã khóa sổ)", one per grid the file writes to."""
    parts = []
    for b in pv.batches:
        locked = " (đã khóa sổ)" if b.locked else ""
        parts.append(f"{b.class_name} · {b.subject_name} · HK{b.semester}{locked}")
    return "; ".join(parts)


class SheetImportDialog(QDialog):
    """The preview of one file; ``outcome`` holds what the write did once it is done."""

    def __init__(self, parent: QWidget | None, ctx: PageContext, preview: SheetPreview) -> None:
        super().__init__(parent)
        self.ctx, self.preview = ctx, preview
        self.choices: dict[CellKey, Choice] = {}
        self.outcome: CommitResult | None = None
        self.setWindowTitle(self.tr("Nhập bảng điểm — {file}").format(file=preview.file.name))
        resize_to_fit(self, 980, 620)
        self._build()
        self._connect()
        self._fill()
        self._update()

    def _build(self) -> None:
        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        self.summary_label.setObjectName("cardTitle")
        self.batches_label = QLabel()
        self.batches_label.setWordWrap(True)
        self.notices_label = QLabel()
        self.notices_label.setWordWrap(True)
        self.problems = ProblemModel()
        self.changes = ChangeModel()
        self.conflicts = ConflictModel()
        self.problems_view = _table(self.problems)
        self.changes_view = _table(self.changes)
        self.conflicts_view = _table(self.conflicts)
        self.take_all_button = QPushButton(self.tr("Lấy tất cả theo tệp"))
        self.keep_all_button = QPushButton(self.tr("Giữ tất cả như phần mềm"))
        conflict_page = QWidget()
        conflict_layout = QVBoxLayout(conflict_page)
        conflict_layout.setContentsMargins(0, 6, 0, 0)
        explain = QLabel(
            self.tr(
                "Các ô này đã được sửa cả trong tệp và trong phần mềm sau khi xuất tệp. "
                "Hãy chọn cho từng ô: lấy giá trị trong tệp hay giữ giá trị trong phần mềm."
            )
        )
        explain.setWordWrap(True)
        both = QHBoxLayout()
        both.addWidget(explain, 1)
        both.addWidget(self.take_all_button)
        both.addWidget(self.keep_all_button)
        conflict_layout.addLayout(both)
        conflict_layout.addWidget(self.conflicts_view, 1)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.problems_tab = self.tabs.addTab(self.problems_view, "")
        self.changes_tab = self.tabs.addTab(self.changes_view, "")
        self.conflicts_tab = self.tabs.addTab(conflict_page, "")
        self.reason_edit = QLineEdit()
        self.reason_edit.setPlaceholderText(
            self.tr("Lý do sửa điểm (bắt buộc vì học kì đã khóa sổ; chỉ Ban giám hiệu)")
        )
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.error_label = ErrorLabel()
        self.write_button = QPushButton(self.tr("Ghi vào sổ điểm"))
        self.write_button.setObjectName("primary")
        self.close_button = QPushButton(self.tr("Đóng"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.status_label, 1)
        buttons.addWidget(self.write_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 12)
        for widget in (self.summary_label, self.batches_label, self.notices_label):
            layout.addWidget(widget)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.reason_edit)
        layout.addWidget(self.error_label)
        layout.addLayout(buttons)

    def _connect(self) -> None:
        self.take_all_button.clicked.connect(self._on_take_all_clicked)
        self.keep_all_button.clicked.connect(self._on_keep_all_clicked)
        self.write_button.clicked.connect(self._on_write_clicked)
        self.close_button.clicked.connect(self.reject)
        self.reason_edit.textChanged.connect(self._update)

    def _fill(self) -> None:
        pv = self.preview
        self.summary_label.setText(pv.summary())
        self.batches_label.setText(self.tr("Bảng điểm trong tệp: {list}").format(
            list=batches_text(pv) or self.tr("(không có)")))  # fmt: skip
        self.notices_label.setText("\n".join(pv.notices))
        self.notices_label.setVisible(bool(pv.notices))
        self.problems.set_rows(pv.problems)
        self.changes.set_rows(pv.plain_changes)
        self.conflicts.set_rows(pv.conflicts)
        self.combos: list[QComboBox] = []
        for row, change in enumerate(pv.conflicts):
            combo = QComboBox()
            for choice, label in CHOICE_LABELS.items():
                combo.addItem(self.tr(label), choice)
            combo.currentIndexChanged.connect(
                lambda _i, c=combo, key=change.key: self._on_choice_changed(key, c)
            )
            self.combos.append(combo)
            self.conflicts_view.setIndexWidget(
                self.conflicts.index(row, ConflictColumn.CHOICE), combo
            )
        for tab, title, n in (
            (self.problems_tab, self.tr("Lỗi ({n})"), len(pv.problems)),
            (self.changes_tab, self.tr("Thay đổi ({n})"), len(pv.plain_changes)),
            (self.conflicts_tab, self.tr("Xung đột ({n})"), len(pv.conflicts)),
        ):
            self.tabs.setTabText(tab, title.format(n=n))
            self.tabs.setTabEnabled(tab, n > 0)
        first = next(
            (t for t, n in ((self.problems_tab, pv.problems), (self.conflicts_tab, pv.conflicts),
                            (self.changes_tab, pv.plain_changes)) if n),
            self.changes_tab,
        )  # fmt: skip
        self.tabs.setCurrentIndex(first)
        for view in (self.problems_view, self.changes_view, self.conflicts_view):
            view.resizeColumnsToContents()
        self.conflicts_view.setColumnWidth(ConflictColumn.CHOICE, 220)
        self.reason_edit.setVisible(any(b.locked for b in pv.batches))

    # ------------------------------------------------------------ state

    def pending(self) -> int:
        """Conflicts without a choice yet."""
        return sum(1 for c in self.preview.conflicts if c.key not in self.choices)

    def _update(self) -> None:
        pv = self.preview
        if pv.problems:
            text = GM.has_errors.format(file=pv.file.name, n=len(pv.problems))
        elif not pv.changes:
            text = GM.import_nothing.format(file=pv.file.name)
        elif n := self.pending():
            text = self.tr("Còn {n} ô xung đột chưa chọn.").format(n=n)
        else:
            text = self.tr("Chưa ghi gì. Bấm “Ghi vào sổ điểm” để ghi tất cả trong một lần.")
        self.status_label.setText(text)
        self.write_button.setEnabled(not pv.problems and bool(pv.changes) and not self.pending())
        self.take_all_button.setEnabled(bool(pv.conflicts))
        self.keep_all_button.setEnabled(bool(pv.conflicts))

    def choose(self, row: int, choice: Choice) -> None:
        """Decide the conflict of ``row`` (the picker follows)."""
        combo = self.combos[row]
        combo.setCurrentIndex(combo.findData(choice))

    def _set_all(self, choice: Choice) -> None:
        for row in range(len(self.combos)):
            self.choose(row, choice)

    # ------------------------------------------------------------ slots

    def _on_choice_changed(self, key: CellKey, combo: QComboBox) -> None:
        choice = combo.currentData()
        if choice is None:
            self.choices.pop(key, None)
        else:
            self.choices[key] = Choice(choice)
        self._update()

    def _on_take_all_clicked(self) -> None:
        self._set_all(Choice.TAKE_SHEET)

    def _on_keep_all_clicked(self) -> None:
        self._set_all(Choice.KEEP_CURRENT)

    def _on_write_clicked(self) -> None:
        db, actor, pv = self.ctx.db, self.ctx.actor, self.preview
        choices, reason = dict(self.choices), self.reason_edit.text().strip() or None

        def job(_p: Progress) -> CommitResult:
            return commit_sheet(db, actor, pv, choices, reason)

        self.error_label.clear_message()
        self.write_button.setEnabled(False)
        ops.run(self, job, self._on_written, label=self.tr("Đang ghi bảng điểm…"),
                on_error=self._on_failed)  # fmt: skip

    def _on_written(self, result: CommitResult) -> None:
        self.outcome = result
        name = self.preview.file.name
        if result.written:
            text = GM.import_done.format(file=name, inserted=result.inserted,
                                         updated=result.updated, deleted=result.deleted,
                                         kept=result.kept)  # fmt: skip
        else:
            text = GM.import_nothing.format(file=name)
        Notice.ask(self, self.tr("Đã nhập bảng điểm"), text)
        self.accept()

    def _on_failed(self, exc: BaseException) -> None:
        self._update()
        if isinstance(exc, AppError):
            self.error_label.show_message(exc.message)
        else:
            errors.show_error(self, exc)

"""Importing students from Excel: choose → preview (nothing written) → confirm → one transaction.

Reading and checking the file and writing it both run in ``ui.ops`` with a
progress dialog and a Cancel button; a cancel writes nothing. The importer
takes a restore point before it writes (``app.students.importer.commit``).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.errors import AppError, Cancelled
from app.excel.encodings import LegacyChoice
from app.numbers import thousands
from app.paths import exports_dir
from app.progress import Progress
from app.students import exporter, importer
from app.students.importer import Action, ImportPreview, ImportResult
from ui import errors, ops
from ui.confirm import Confirm, Notice
from ui.file_dialogs import OpenFileDialog, SaveFileDialog
from ui.pages import PageContext
from ui.screen import resize_to_fit
from ui.students.import_pages import ChoosePage, PreviewPage, ResultPage
from ui.widgets import fill_years, step_trail

T = TypeVar("T")
XLSX_FILTER = "Tệp Excel (*.xlsx)"
SHEET_FILTER = "Tệp bảng tính Excel, OpenDocument (*.xlsx *.xls *.ods)"
STEPS = ("Chọn tệp", "Xem trước và kiểm tra", "Kết quả")


class ImportWizard(QDialog):
    """The three-step import; ``preview`` and ``result`` hold what the jobs returned."""

    def __init__(self, parent: QWidget | None, ctx: PageContext) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.preview: ImportPreview | None = None
        self.result_value: ImportResult | None = None
        self.busy = False
        self.op: ops.Op[Any] | None = None
        self.setWindowTitle(self.tr("Nhập học sinh từ Excel"))
        resize_to_fit(self, 1040, 680)
        self._build()
        self._connect()
        self._load_years()
        self._go(0)

    def _build(self) -> None:
        self.step_label = QLabel()
        self.choose = ChoosePage()
        self.review = PreviewPage()
        self.outcome = ResultPage()
        self.stack = QStackedWidget()
        for page in (self.choose, self.review, self.outcome):
            self.stack.addWidget(page)
        self.back_button = QPushButton(self.tr("Quay lại"))
        self.next_button = QPushButton()
        self.next_button.setObjectName("primary")
        self.next_button.setDefault(True)
        self.cancel_button = QPushButton(self.tr("Hủy"))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.back_button, self.next_button, self.cancel_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 14)
        layout.setSpacing(12)
        layout.addWidget(self.step_label)
        layout.addWidget(self.stack, 1)
        layout.addLayout(buttons)

    def _connect(self) -> None:
        self.back_button.clicked.connect(self._on_back_clicked)
        self.next_button.clicked.connect(self._on_next_clicked)
        self.cancel_button.clicked.connect(self.reject)
        self.choose.browse_button.clicked.connect(self._on_browse_clicked)
        self.choose.template_button.clicked.connect(self._on_template_clicked)
        self.review.rejected_button.clicked.connect(self._on_save_rejected_clicked)
        self.review.skip_check.toggled.connect(self._update_buttons)
        self.review.legacy.chosen.connect(self._on_legacy_chosen)
        self.review.reread_button.clicked.connect(self._on_reread_clicked)
        self.review.map_button.clicked.connect(self._on_map_clicked)

    def _load_years(self) -> None:
        fill_years(self.choose.year_combo, self.ctx.db, self.ctx.actor, quiet=False)

    # ------------------------------------------------------------ navigation

    @property
    def step(self) -> int:
        """0 choose, 1 preview, 2 result."""
        return self.stack.currentIndex()

    def _go(self, step: int) -> None:
        self.stack.setCurrentIndex(step)
        self.step_label.setText(step_trail(tuple(self.tr(name) for name in STEPS), step))
        self._update_buttons()

    def _writes(self) -> int:
        pv = self.preview
        return pv.count(Action.INSERT) + pv.count(Action.UPDATE) if pv else 0

    def _update_buttons(self) -> None:
        step, pv = self.step, self.preview
        self.back_button.setVisible(step == 1)
        self.cancel_button.setText(self.tr("Đóng") if step == 2 else self.tr("Hủy"))
        self.cancel_button.setVisible(step != 2)
        if step == 0:
            self.next_button.setText(self.tr("Đọc và kiểm tra tệp"))
            self.next_button.setEnabled(not self.busy)
        elif step == 1 and pv is not None:
            blocked = bool(pv.rejected) and not self.review.skip_check.isChecked()
            blocked = blocked or pv.needs_legacy_choice
            n = self._writes()
            self.next_button.setText(
                self.tr("Nhập {n} học sinh").format(n=thousands(n)) if n else self.tr("Xong")
            )
            self.next_button.setEnabled(not self.busy and not (blocked and n))
        else:
            self.next_button.setText(self.tr("Xong"))
            self.next_button.setEnabled(True)

    def _on_back_clicked(self) -> None:
        self._go(0)

    def _on_next_clicked(self) -> None:
        if self.step == 0:
            self.start_preview()
        elif self.step == 1 and self._writes():
            self.start_commit()
        else:
            self.accept()

    # ------------------------------------------------------------ step 1

    def _on_browse_clicked(self) -> None:
        path = OpenFileDialog.ask(
            self, self.tr("Chọn tệp danh sách học sinh"), Path.home(), self.tr(SHEET_FILTER)
        )
        if path is not None:
            self.choose.file_edit.setText(str(path))

    def _on_template_clicked(self) -> None:
        year = str(self.choose.year_combo.currentData() or "") or None
        suggested = exports_dir() / f"mau-nhap-hoc-sinh-{year or 'nam-hoc'}.xlsx"
        path = SaveFileDialog.ask(self, self.tr("Lưu tệp mẫu"), suggested, self.tr(XLSX_FILTER))
        if path is None:
            return
        db, actor = self.ctx.db, self.ctx.actor

        def job(_p: Progress) -> Path:
            with db.read(actor) as s:
                return exporter.write_template(s, actor, path, year=year)

        def done(out: Path) -> None:
            Notice.ask(self, self.tr("Tệp mẫu"), self.tr("Đã lưu tệp mẫu: {path}").format(path=out))

        ops.run(self, job, done, label=self.tr("Đang tạo tệp mẫu…"))

    def start_preview(
        self,
        legacy: LegacyChoice = LegacyChoice.ASK,
        sheets: tuple[str, ...] = (),
        mapping: tuple[tuple[str, str], ...] = (),
    ) -> None:
        """Read and check the chosen file in the background (writes nothing)."""
        text = self.choose.file_edit.text().strip()
        if not text:
            self.choose.error_label.show_message(self.tr("Hãy chọn tệp Excel cần nhập."))
            return
        self.choose.error_label.clear_message()
        path = Path(text)
        year = str(self.choose.year_combo.currentData() or "") or None
        db, actor = self.ctx.db, self.ctx.actor

        def job(progress: Progress) -> ImportPreview:
            with db.read(actor) as s:
                return importer.preview(
                    s, actor, path, progress, year=year, legacy=legacy, sheets=sheets,
                    mapping=dict(mapping),
                )  # fmt: skip

        show = (self.review if self.step == 1 else self.choose).error_label.show_message
        label = self.tr("Đang đọc và kiểm tra {file}…").format(file=path.name)
        self._run(job, self._on_previewed, label, show)

    def _on_previewed(self, pv: ImportPreview) -> None:
        self.preview = pv
        self.review.set_preview(pv)
        self._go(1)

    # ------------------------------------------------------------ step 2

    def _on_legacy_chosen(self, choice: LegacyChoice) -> None:
        """Converting keeps the preview (its rows already show the outcome); keeping re-reads."""
        pv = self.preview
        if pv is None or pv.legacy is choice:
            return
        if choice is LegacyChoice.CONVERT and pv.legacy is LegacyChoice.ASK:
            self.preview = pv.with_legacy(choice)
            self.review.set_preview(self.preview)
            self._update_buttons()
            return
        self.start_preview(choice, pv.chosen, pv.mapping)

    def _on_reread_clicked(self) -> None:
        """Read again with the ticked sheets only (keeping the legacy-text choice)."""
        pv = self.preview
        chosen = self.review.chosen_sheets()
        if pv is None:
            return
        if not chosen:
            self.review.error_label.show_message(self.tr("Hãy chọn ít nhất một trang tính."))
            return
        self.start_preview(pv.legacy, chosen, pv.mapping)

    def _on_map_clicked(self) -> None:
        """Read again with an ignored column mapped to the field the user picked."""
        pv, picked = self.preview, self.review.chosen_mapping()
        if pv is None or picked is None:
            return
        mapping = tuple((h, f) for h, f in pv.mapping if h != picked[0]) + (picked,)
        self.start_preview(pv.legacy, pv.chosen, mapping)

    def _on_save_rejected_clicked(self) -> None:
        pv = self.preview
        if pv is None or not pv.rejected:
            return
        suggested = exports_dir() / f"{pv.file.stem}-bi-tu-choi.xlsx"
        path = SaveFileDialog.ask(
            self, self.tr("Lưu các dòng bị từ chối"), suggested, self.tr(XLSX_FILTER)
        )
        if path is None:
            return

        def done(out: Path) -> None:
            Notice.ask(
                self,
                self.tr("Các dòng bị từ chối"),
                self.tr(
                    "Đã lưu {n} dòng kèm cột “Lý do” vào {path}. Sửa các dòng đó rồi nhập lại "
                    "riêng tệp này."
                ).format(n=len(pv.rejected), path=out),
            )

        ops.run(self, lambda _p: importer.write_rejected(pv, path), done)

    def start_commit(self) -> None:
        """Write the previewed rows in one transaction (after a restore point)."""
        pv = self.preview
        if pv is None:
            return
        skip = self.review.skip_check.isChecked()
        reason = self.review.reason_edit.text().strip()
        question = self.tr(
            "Ghi {n} học sinh (thêm mới {i}, cập nhật {u}) từ tệp {file} vào cơ sở dữ liệu? "
            "Trước khi ghi, phần mềm tạo một điểm khôi phục."
        ).format(
            n=thousands(self._writes()), i=thousands(pv.count(Action.INSERT)),
            u=thousands(pv.count(Action.UPDATE)),
            file=pv.file.name,
        )  # fmt: skip
        if not Confirm.ask(self, self.tr("Xác nhận nhập"), question, self.tr("Nhập")):
            return
        db, actor = self.ctx.db, self.ctx.actor

        def job(progress: Progress) -> ImportResult:
            return importer.commit(db, actor, pv, progress, reason=reason, skip_rejected=skip)

        self._run(job, self._on_committed, self.tr("Đang ghi dữ liệu học sinh…"),
                  self.review.error_label.show_message)  # fmt: skip

    def _on_committed(self, result: ImportResult) -> None:
        self.result_value = result
        self.outcome.set_result(result)
        self._go(2)

    # ------------------------------------------------------------ jobs

    def _run(
        self,
        job: Callable[[Progress], T],
        on_done: Callable[[T], None],
        label: str,
        show: Callable[[str], None],
    ) -> None:
        """Run ``job`` through ui.ops; expected errors show inline, a cancel says so."""
        self.busy = True
        self._update_buttons()

        def finished(value: T) -> None:
            self.busy = False
            on_done(value)
            self._update_buttons()

        def failed(exc: BaseException) -> None:
            self.busy = False
            self._update_buttons()
            if isinstance(exc, Cancelled):
                show(self.tr("Đã hủy. Chưa ghi gì vào cơ sở dữ liệu."))
            elif isinstance(exc, AppError):
                show(exc.message)
            else:
                errors.show_error(self, exc)

        self.op = ops.run(self, job, finished, label=label, on_error=failed)

    @classmethod
    def ask(cls, parent: QWidget | None, ctx: PageContext) -> ImportResult | None:
        """Run the wizard modally; what was imported, or None."""
        wizard = cls(parent, ctx)
        wizard.exec()
        return wizard.result_value

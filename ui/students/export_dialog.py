"""Exporting student lists: one class or the whole school, as .xlsx (re-importable) or a PDF list.

The export runs in ``ui.ops`` inside a write unit of work, because exporting
personal IDs is journalled as an access (``app.students.exporter``).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.errors import AppError
from app.numbers import thousands
from app.paths import exports_dir
from app.permissions import Perm, can
from app.progress import Progress
from app.students import class_list_pdf, exporter, list_classes
from app.students.access import is_class_scoped
from app.students.exporter import ExportResult
from ui import errors, ops
from ui.confirm import Notice
from ui.file_dialogs import SaveFileDialog
from ui.pages import PageContext
from ui.widgets import ErrorLabel, PageHeader, fill_years, form

XLSX, PDF = "xlsx", "pdf"


class ExportDialog(QDialog):
    """Choose what to export and in which format; then choose the file and export."""

    def __init__(
        self, parent: QWidget | None, ctx: PageContext, year: str | None, class_name: str
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.result_value: ExportResult | None = None
        self.whole_allowed = not is_class_scoped(ctx.actor)
        self.setWindowTitle(self.tr("Xuất danh sách học sinh"))
        self.setMinimumWidth(500)
        self._build()
        self._load(year, class_name)
        self._connect()
        self._update()

    def _build(self) -> None:
        self.year_combo = QComboBox()
        self.class_radio = QRadioButton(self.tr("Một lớp"))
        self.whole_radio = QRadioButton(self.tr("Toàn trường"))
        self.scope_group = QButtonGroup(self)
        self.scope_group.addButton(self.class_radio)
        self.scope_group.addButton(self.whole_radio)
        self.class_combo = QComboBox()
        self.class_combo.setMinimumWidth(110)
        self.xlsx_radio = QRadioButton(self.tr("Excel .xlsx (theo mẫu nhập, nhập lại được)"))
        self.pdf_radio = QRadioButton(self.tr("PDF để in (danh sách lớp theo Nghị định 30)"))
        self.format_group = QButtonGroup(self)
        self.format_group.addButton(self.xlsx_radio)
        self.format_group.addButton(self.pdf_radio)
        self.xlsx_radio.setChecked(True)
        self.one_sheet_check = QCheckBox(self.tr("Cả trường trên một trang tính"))
        self.ids_note = QLabel(
            self.tr("Tệp Excel có số định danh cá nhân; việc xuất được ghi vào nhật ký.")
            if can(self.ctx.actor, Perm.VIEW_SENSITIVE)
            else self.tr("Tệp Excel không có số định danh cá nhân (tài khoản không có quyền xem).")
        )
        self.ids_note.setObjectName("muted")
        self.ids_note.setWordWrap(True)
        self.error_label = ErrorLabel()
        lay = form(grow_all=False)
        lay.addRow(self.tr("Năm học"), self.year_combo)
        lay.addRow(self.tr("Phạm vi"), self.class_radio)
        lay.addRow("", self.class_combo)
        lay.addRow("", self.whole_radio)
        lay.addRow(self.tr("Định dạng"), self.xlsx_radio)
        lay.addRow("", self.pdf_radio)
        lay.addRow("", self.one_sheet_check)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("Xuất…"))
        ok.setObjectName("primary")
        self.ok_button = ok
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Hủy"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 16, 18, 12)
        layout.addWidget(PageHeader(self.tr("Xuất danh sách học sinh")))
        layout.addLayout(lay)
        layout.addWidget(self.ids_note)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)

    def _load(self, year: str | None, class_name: str) -> None:
        fill_years(self.year_combo, self.ctx.db, self.ctx.actor, year or "", quiet=False)
        self._load_classes(class_name)
        self.whole_radio.setVisible(self.whole_allowed)
        use_class = bool(class_name) or not self.whole_allowed
        (self.class_radio if use_class else self.whole_radio).setChecked(True)

    def _load_classes(self, chosen: str = "") -> None:
        year = str(self.year_combo.currentData() or "")
        with self.ctx.db.read(self.ctx.actor) as s:
            names = [c.name for c in list_classes(s, self.ctx.actor, year or None)]
        self.class_combo.clear()
        self.class_combo.addItems(names)
        if chosen in names:
            self.class_combo.setCurrentText(chosen)

    def _connect(self) -> None:
        self.year_combo.currentIndexChanged.connect(self._on_year_changed)
        self.scope_group.buttonToggled.connect(self._update)
        self.format_group.buttonToggled.connect(self._update)
        self.buttons.accepted.connect(self._on_export_clicked)
        self.buttons.rejected.connect(self.reject)

    def _on_year_changed(self) -> None:
        self._load_classes(self.class_combo.currentText())
        self._update()

    def _update(self, *_args: object) -> None:
        whole = self.whole_radio.isChecked()
        self.class_combo.setEnabled(not whole)
        self.one_sheet_check.setVisible(whole and self.xlsx_radio.isChecked())
        self.ids_note.setVisible(self.xlsx_radio.isChecked())
        self.ok_button.setEnabled(whole or self.class_combo.count() > 0)

    def suggested_path(self) -> Path:
        """A file name naming the class (or the school) and the year."""
        year = str(self.year_combo.currentData() or "")
        who = (
            "toan-truong"
            if self.whole_radio.isChecked()
            else f"lop-{self.class_combo.currentText()}"
        )
        ext = PDF if self.pdf_radio.isChecked() else XLSX
        return exports_dir() / f"danh-sach-hoc-sinh-{who}-{year}.{ext}"

    def _on_export_clicked(self) -> None:
        fmt = PDF if self.pdf_radio.isChecked() else XLSX
        filters = self.tr("Tệp PDF (*.pdf)") if fmt == PDF else self.tr("Tệp Excel (*.xlsx)")
        path = SaveFileDialog.ask(self, self.tr("Lưu danh sách"), self.suggested_path(), filters)
        if path is None:
            return
        self.export_to(path, fmt)

    def export_to(self, path: Path, fmt: str) -> None:
        """Export the chosen scope to ``path`` in the background."""
        db, actor = self.ctx.db, self.ctx.actor
        year = str(self.year_combo.currentData() or "") or None
        cls_name = None if self.whole_radio.isChecked() else self.class_combo.currentText()
        one_sheet = self.one_sheet_check.isChecked()

        def job(progress: Progress) -> ExportResult:
            with db.uow(actor=actor) as s:
                if fmt == PDF:
                    return class_list_pdf.export_pdf(
                        s, actor, path, year=year, class_name=cls_name, progress=progress
                    )
                return exporter.export_xlsx(
                    s, actor, path, year=year, class_name=cls_name, sheet_per_class=not one_sheet
                )

        self.ok_button.setEnabled(False)
        ops.run(self, job, self._on_exported, label=self.tr("Đang xuất danh sách…"),
                on_error=self._on_failed)  # fmt: skip

    def _on_exported(self, result: ExportResult) -> None:
        self.result_value = result
        Notice.ask(
            self,
            self.tr("Đã xuất danh sách"),
            self.tr("Đã xuất {n} học sinh vào tệp:\n{path}").format(
                n=thousands(result.students), path=result.path
            ),
        )
        self.accept()

    def _on_failed(self, exc: BaseException) -> None:
        self.ok_button.setEnabled(True)
        if isinstance(exc, AppError):
            self.error_label.show_message(exc.message)
        else:
            errors.show_error(self, exc)

    @classmethod
    def ask(
        cls, parent: QWidget | None, ctx: PageContext, year: str | None, class_name: str = ""
    ) -> ExportResult | None:
        """Show the dialog; what was exported, or None."""
        dialog = cls(parent, ctx, year, class_name)
        dialog.exec()
        return dialog.result_value

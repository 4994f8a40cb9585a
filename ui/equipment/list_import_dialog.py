"""Importing a minimum list from a spreadsheet or CSV: a dry run first (what would be added,
changed, removed; every refused cell with its sheet, row, column and value), then the import
itself, allowed only once the preview refuses nothing (issue 11 §1, §7)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.db import Actor, Database
from app.equipment import list_import
from app.excel.encodings import LegacyChoice
from app.messages.equipment import EQUIPMENT_MSG
from app.messages.equipment_ui import EQUIPMENT_UI_MSG as M
from app.progress import Progress
from ui import errors, ops
from ui.equipment.models import ProblemsModel
from ui.screen import resize_to_fit
from ui.widgets import ErrorLabel, PageHeader, configure_table, form


class ListImportDialog(QDialog):
    """The file ``path``: its version and source, Xem trước, then Nhập danh mục."""

    def __init__(self, parent: QWidget | None, db: Database, actor: Actor, path: Path) -> None:
        super().__init__(parent)
        self.db, self.actor, self.path = db, actor, path
        self.preview: list_import.ListPreview | None = None
        self.result_text = ""
        self.setWindowTitle(self.tr("Nhập danh mục thiết bị tối thiểu"))
        self.version_edit = QLineEdit()
        self.version_edit.setPlaceholderText(self.tr("Ví dụ: 2021"))
        self.circular_edit = QLineEdit()
        self.circular_edit.setPlaceholderText(
            self.tr("Khi tệp không có cột Thông tư, ví dụ 38/2021")
        )
        self.source_edit = QLineEdit()
        self.source_edit.setPlaceholderText(self.tr("Văn bản gốc đã chép: số, ngày, nơi lấy"))
        self.convert_check = QCheckBox(self.tr("Chuyển chữ bảng mã cũ (TCVN3, VNI) sang Unicode"))
        self.convert_check.setChecked(True)
        fields = form()
        fields.addRow(self.tr("Tệp"), QLabel(path.name))
        fields.addRow(self.tr("Phiên bản"), self.version_edit)
        fields.addRow(self.tr("Thông tư"), self.circular_edit)
        fields.addRow(self.tr("Nguồn"), self.source_edit)
        fields.addRow("", self.convert_check)
        self.preview_button = QPushButton(self.tr("Xem trước"))
        self.summary_label = QLabel(self.tr("Bấm «Xem trước» để xem tệp sẽ thay đổi những gì; "
                                            "chưa có gì được ghi."))  # fmt: skip
        self.summary_label.setWordWrap(True)
        self.problems_model = ProblemsModel()
        self.problems_table = QTableView()
        self.problems_table.setModel(self.problems_model)
        configure_table(self.problems_table)
        head = self.problems_table.horizontalHeader()
        head.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        head.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.problems_table.setVisible(False)
        self.error = ErrorLabel()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.import_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.import_button.setText(self.tr("Nhập danh mục"))
        self.import_button.setObjectName("primary")
        self.import_button.setEnabled(False)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Đóng"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 16, 18, 12)
        layout.addWidget(PageHeader(self.windowTitle()))
        layout.addLayout(fields)
        layout.addWidget(self.preview_button)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.problems_table, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        resize_to_fit(self, 820, 560)
        self.preview_button.clicked.connect(self._on_preview_clicked)
        self.buttons.accepted.connect(self._on_import_clicked)
        self.buttons.rejected.connect(self.reject)
        for edit in (self.version_edit, self.circular_edit, self.source_edit):
            edit.textChanged.connect(self._on_options_changed)
        self.convert_check.toggled.connect(self._on_options_changed)

    def _options(self) -> dict[str, object]:
        return {
            "version": self.version_edit.text().strip(),
            "source": self.source_edit.text().strip(),
            "circular": self.circular_edit.text().strip(),
            "legacy": LegacyChoice.CONVERT if self.convert_check.isChecked() else LegacyChoice.ASK,
        }

    def _on_options_changed(self, *_args: object) -> None:
        self.import_button.setEnabled(False)  # a new preview is needed first

    def _on_preview_clicked(self) -> None:
        db, actor, path, options = self.db, self.actor, self.path, self._options()
        self.error.clear_message()

        def job(_p: Progress) -> list_import.ListPreview:
            with db.read(actor) as s:
                return list_import.preview_list(s, actor, path, **options)  # type: ignore[arg-type]

        self.preview_button.setEnabled(False)
        ops.run(self, job, self._show_preview, label=self.tr("Đọc tệp danh mục"),
                on_error=self._on_failed)  # fmt: skip

    def _show_preview(self, pv: list_import.ListPreview) -> None:
        self.preview = pv
        self.preview_button.setEnabled(True)
        self.problems_model.set_rows(pv.problems)
        self.problems_table.setVisible(bool(pv.problems))
        lines = list(pv.notices)
        if pv.plan is not None:
            p = pv.plan
            lines.append(EQUIPMENT_MSG.cli_dry_run + EQUIPMENT_MSG.cli_import_summary.format(
                circular=p.circular, level=p.level_label, version=p.version, inserted=p.inserted,
                updated=p.updated, unchanged=p.unchanged, removed=p.removed))  # fmt: skip
            if p.kept_in_use:
                lines.append(EQUIPMENT_MSG.removed_in_use.format(
                    n=len(p.kept_in_use), items="; ".join(p.kept_in_use[:5])))  # fmt: skip
        refusal = pv.refusal()
        if pv.errors:
            lines.append(self.tr("Chưa nhập được: {n} ô bị từ chối (danh sách dưới đây). Sửa tệp "
                                 "rồi bấm «Xem trước» lại; chưa có gì được ghi.").format(
                n=len(pv.errors)))  # fmt: skip
        elif refusal:
            lines.append(refusal)
        self.summary_label.setText("\n".join(lines))
        self.import_button.setEnabled(pv.plan is not None and not refusal)

    def _on_import_clicked(self) -> None:
        if self.preview is None or not self.import_button.isEnabled():
            return
        db, actor, path, options = self.db, self.actor, self.path, self._options()

        def job(_p: Progress) -> object:
            _pv, changes = list_import.import_list(db, actor, path, **options)  # type: ignore[arg-type]
            return changes

        def done(_result: object) -> None:
            plan = self.preview.plan if self.preview else None
            self.result_text = M.list_imported.format(
                circular=plan.circular if plan else "", version=plan.version if plan else ""
            )
            self.accept()  # fmt: skip

        self.import_button.setEnabled(False)
        ops.run(self, job, done, label=self.tr("Nhập danh mục"), on_error=self._on_failed)

    def _on_failed(self, exc: BaseException) -> None:
        self.preview_button.setEnabled(True)
        if isinstance(exc, Exception) and hasattr(exc, "message"):
            self.error.show_message(str(exc.message))
        else:
            errors.show_error(self, exc)

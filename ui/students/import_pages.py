"""The three steps of the import wizard: choose the file, check the preview, see the result."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.messages.excel import EXCEL_MSG
from app.numbers import thousands
from app.students.importer import (
    ACTION_LABELS,
    Action,
    ImportPreview,
    ImportResult,
    mappable_fields,
)
from ui import icons, style
from ui.students.import_columns import ColumnUseModel
from ui.students.import_legacy import LegacyPanel
from ui.students.import_preview_model import WARNINGS, ImportPreviewModel, PreviewColumn
from ui.widgets import Card, ErrorLabel, configure_table, form

INTRO = (
    "Chọn tệp Excel (.xlsx, .xls) hoặc .ods có danh sách học sinh: tệp mẫu của phần mềm hoặc "
    "danh sách sẵn có của trường. Tệp có thể có nhiều trang tính (mỗi lớp một trang), dòng "
    "tên trường phía trên tiêu đề cột, chữ TCVN3 hoặc VNI (chỉ chuyển sang Unicode khi bạn đồng ý), ngày sinh dạng "
    "chữ hoặc dạng số. "
    "Chưa có gì được ghi cho đến khi bạn xem trước và xác nhận."
)


class ChoosePage(QWidget):
    """Step 1: the file, the school year, and the template."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        intro = QLabel(self.tr(INTRO))
        intro.setWordWrap(True)
        self.file_edit = QLineEdit()
        self.file_edit.setPlaceholderText(self.tr("Đường dẫn tệp .xlsx, .xls hoặc .ods"))
        self.browse_button = QPushButton(icons.icon("folder"), self.tr("Chọn tệp…"))
        file_row = QHBoxLayout()
        file_row.addWidget(self.file_edit, 1)
        file_row.addWidget(self.browse_button)
        self.year_combo = QComboBox()
        self.year_combo.setMinimumWidth(120)
        lay = form(grow_all=False)
        lay.addRow(self.tr("Tệp Excel"), file_row)
        lay.addRow(self.tr("Năm học"), self.year_combo)
        card = Card(self.tr("Tệp cần nhập"), "folder")
        card.body.addWidget(intro)
        card.body.addLayout(lay)
        self.template_button = QPushButton(icons.icon("save"), self.tr("Tải tệp mẫu (.xlsx)…"))
        template_note = QLabel(
            self.tr(
                "Tệp mẫu có đủ các cột, đánh dấu cột bắt buộc (*), danh sách thả xuống cho "
                "giới tính, dân tộc và lớp của năm học."
            )
        )
        template_note.setWordWrap(True)
        template_note.setObjectName("muted")
        template = Card(self.tr("Chưa có tệp?"), "info")
        template.body.addWidget(template_note)
        template.body.addWidget(self.template_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.error_label = ErrorLabel()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(card)
        layout.addWidget(template)
        layout.addWidget(self.error_label)
        layout.addStretch(1)


class PreviewPage(QWidget):
    """Step 2: what each row will do, problems located by sheet/row/column, options."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = ImportPreviewModel()
        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        self.summary_label.setObjectName("cardTitle")
        self.notices_label = QLabel()
        self.notices_label.setWordWrap(True)
        self.notices_label.setObjectName("muted")
        self.show_combo = QComboBox()
        self.table = QTableView()
        self.table.setModel(self.model)
        configure_table(self.table)
        head = self.table.horizontalHeader()
        head.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        head.setSectionResizeMode(PreviewColumn.NOTE, QHeaderView.ResizeMode.Stretch)
        self.detail_label = QLabel()
        self.detail_label.setWordWrap(True)
        self.detail_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail_label.setMinimumHeight(40)
        self.detail_label.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.rejected_button = QPushButton(
            icons.icon("save"), self.tr("Lưu các dòng bị từ chối (.xlsx)…")
        )
        self.skip_check = QCheckBox()
        self.reason_edit = QLineEdit()
        self.reason_edit.setPlaceholderText(
            self.tr("Ví dụ: đã đối chiếu giấy khai sinh, giữ nguyên số định danh")
        )
        self.reason_label = QLabel()
        self.reason_label.setObjectName("statusWarn")
        self.reason_label.setWordWrap(True)
        self.error_label = ErrorLabel()
        self.legacy = LegacyPanel()
        top = QHBoxLayout()
        top.addWidget(self.summary_label, 1)
        top.addWidget(QLabel(self.tr("Hiện")))
        top.addWidget(self.show_combo)
        bottom = QHBoxLayout()
        bottom.addWidget(self.skip_check, 1)
        bottom.addWidget(self.rejected_button)
        rows_tab = QWidget()
        rows_layout = QVBoxLayout(rows_tab)
        rows_layout.setContentsMargins(0, 6, 0, 0)
        rows_layout.addWidget(self.table, 1)
        rows_layout.addWidget(self.detail_label)
        self.columns_model = ColumnUseModel()
        self.columns_table = QTableView()
        self.columns_table.setModel(self.columns_model)
        configure_table(self.columns_table)
        self.columns_table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.columns_table.horizontalHeader().setStretchLastSection(True)
        self.tabs = QTabWidget()
        self.tabs.addTab(rows_tab, self.tr("Các dòng"))
        self.tabs.addTab(self.legacy, self.tr("Chuyển mã"))
        self.ignored_combo = QComboBox()
        self.field_combo = QComboBox()
        self.field_combo.addItem(self.tr("— chọn thông tin —"), "")
        for f, label in mappable_fields():
            self.field_combo.addItem(label, f)
        self.map_button = QPushButton(icons.icon("refresh"), self.tr("Gán và đọc lại"))
        map_row = QHBoxLayout()
        map_row.addWidget(QLabel(self.tr("Cột đang bỏ qua")))
        map_row.addWidget(self.ignored_combo, 1)
        map_row.addWidget(QLabel(self.tr("nhập vào")))
        map_row.addWidget(self.field_combo, 1)
        map_row.addWidget(self.map_button)
        self.map_box = QWidget()
        self.map_box.setLayout(map_row)
        columns_tab = QWidget()
        columns_layout = QVBoxLayout(columns_tab)
        columns_layout.setContentsMargins(0, 6, 0, 0)
        columns_layout.addWidget(self.columns_table, 1)
        columns_layout.addWidget(self.map_box)
        self.tabs.addTab(columns_tab, self.tr("Các cột"))
        self.skipped_list = QListWidget()
        self.tabs.addTab(self.skipped_list, self.tr("Dòng bỏ qua"))
        self.sheets_list = QListWidget()
        self.reread_button = QPushButton(
            icons.icon("refresh"), self.tr("Đọc lại các trang đã chọn")
        )
        sheets_tab = QWidget()
        sheets_layout = QVBoxLayout(sheets_tab)
        sheets_layout.setContentsMargins(0, 6, 0, 0)
        sheets_note = QLabel(
            self.tr(
                "Chọn các trang tính có danh sách học sinh cần nhập. Trang không có bảng học sinh "
                "được bỏ qua và ghi lý do."
            )
        )
        sheets_note.setWordWrap(True)
        sheets_layout.addWidget(sheets_note)
        sheets_layout.addWidget(self.sheets_list, 1)
        sheets_layout.addWidget(self.reread_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.tabs.addTab(sheets_tab, self.tr("Trang tính"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.notices_label)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(bottom)
        layout.addWidget(self.reason_label)
        layout.addWidget(self.reason_edit)
        layout.addWidget(self.error_label)
        self.show_combo.currentIndexChanged.connect(self._on_show_changed)
        self.table.selectionModel().selectionChanged.connect(self._on_row_selected)

    def set_preview(self, pv: ImportPreview) -> None:
        """Show a fresh preview."""
        c = pv.counts
        self.summary_label.setText(pv.summary())
        self.notices_label.setText("\n".join(pv.notices))
        self.notices_label.setVisible(bool(pv.notices))
        self.show_combo.blockSignals(True)
        self.show_combo.clear()
        self.show_combo.addItem(self.tr("Tất cả ({n})").format(n=thousands(len(pv.rows))), "")
        for action in Action:
            if c[action.value]:
                text = f"{ACTION_LABELS[action]} ({thousands(c[action.value])})"
                self.show_combo.addItem(self.tr(text), action.value)
        if c[WARNINGS]:
            self.show_combo.addItem(
                self.tr("Có cảnh báo ({n})").format(n=thousands(c[WARNINGS])), WARNINGS
            )
        first = Action.REJECTED.value if c[Action.REJECTED.value] else ""
        self.show_combo.setCurrentIndex(max(0, self.show_combo.findData(first)))
        self.show_combo.blockSignals(False)
        self.model.set_preview(pv)
        self.model.show_only(str(self.show_combo.currentData() or ""))
        self.legacy.set_preview(pv)
        self.columns_model.set_preview(pv)
        self.ignored_combo.clear()
        for u in pv.columns:
            if not u.field:
                self.ignored_combo.addItem(f"{u.letter}: {u.header}", u.header)
        self.map_box.setVisible(self.ignored_combo.count() > 0)
        ignored = sum(1 for u in pv.columns if not u.field)
        self.tabs.setTabText(
            2,
            self.tr("Các cột ({n} bỏ qua)").format(n=ignored) if ignored else self.tr("Các cột"),
        )
        self._show_skipped(pv)
        self._show_sheets(pv)
        legacy_cells = len(pv.conversions) + len(pv.doubts)
        self.tabs.setTabVisible(1, bool(legacy_cells))
        self.tabs.setTabText(1, self.tr("Chuyển mã ({n})").format(n=legacy_cells))
        if pv.needs_legacy_choice:
            self.tabs.setCurrentIndex(1)
        elif not legacy_cells:
            self.tabs.setCurrentIndex(0)
        rejected = len(pv.rejected)
        self.rejected_button.setVisible(rejected > 0)
        self.skip_check.setVisible(rejected > 0)
        self.skip_check.setChecked(False)
        self.skip_check.setText(
            self.tr("Chỉ nhập các dòng hợp lệ, bỏ qua {n} dòng bị từ chối").format(n=rejected)
        )
        needing = sum(1 for r in pv.rows if r.needs_reason and r.action is not Action.REJECTED)
        self.reason_label.setText(
            self.tr(
                "{n} dòng cần xác nhận: số định danh không khớp ngày sinh hoặc giới tính, số "
                "định danh được thêm số 0 ở đầu, hoặc họ tên chỉ có một từ. Để giữ nguyên, ghi "
                "lý do (lưu vào nhật ký):"
            ).format(n=needing)
        )
        self.reason_label.setVisible(needing > 0)
        self.reason_edit.setVisible(needing > 0)
        self.reason_edit.clear()
        self.error_label.clear_message()
        self.detail_label.setText(
            self.tr("Chọn một dòng để xem đầy đủ vị trí và lý do.") if pv.problems else ""
        )

    def _show_skipped(self, pv: ImportPreview) -> None:
        self.skipped_list.clear()
        for r in pv.skipped:
            self.skipped_list.addItem(r.message)
        self.tabs.setTabVisible(3, bool(pv.skipped))
        self.tabs.setTabText(3, self.tr("Dòng bỏ qua ({n})").format(n=len(pv.skipped)))

    def _show_sheets(self, pv: ImportPreview) -> None:
        self.sheets_list.clear()
        for info in pv.sheets:
            text = info.name if not info.note else f"{info.name} — {info.note}"
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, info.name)
            readable = info.used or info.note == EXCEL_MSG.sheet_not_chosen
            flags = Qt.ItemFlag.ItemIsUserCheckable
            item.setFlags(flags | Qt.ItemFlag.ItemIsEnabled if readable else flags)
            item.setCheckState(Qt.CheckState.Checked if info.used else Qt.CheckState.Unchecked)
            self.sheets_list.addItem(item)
        used = sum(1 for s in pv.sheets if s.used)
        self.tabs.setTabVisible(4, len(pv.sheets) > 1)
        self.tabs.setTabText(
            4, self.tr("Trang tính ({used}/{n})").format(used=used, n=len(pv.sheets))
        )

    def chosen_mapping(self) -> tuple[str, str] | None:
        """The ignored header and the field the user picked for it, if both are chosen."""
        header, field = self.ignored_combo.currentData(), self.field_combo.currentData()
        return (str(header), str(field)) if header and field else None

    def chosen_sheets(self) -> tuple[str, ...]:
        """The names of the ticked sheets."""
        out = []
        for i in range(self.sheets_list.count()):
            item = self.sheets_list.item(i)
            if item.checkState() == Qt.CheckState.Checked:
                out.append(str(item.data(Qt.ItemDataRole.UserRole)))
        return tuple(out)

    def _on_show_changed(self) -> None:
        self.model.show_only(str(self.show_combo.currentData() or ""))
        self.detail_label.clear()

    def _on_row_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        row = self.model.row_at(rows[0].row()) if rows else None
        if row is None:
            return
        lines = [("✘ " if p.is_error else "⚠ ") + p.message for p in row.problems]
        self.detail_label.setText(
            "\n".join(lines)
            or self.tr("Dòng {row} của trang tính “{sheet}”: {what}.").format(
                row=row.row, sheet=row.sheet, what=ACTION_LABELS[row.action].lower()
            )
        )


class ResultPage(QWidget):
    """Step 3: what was written, and the restore point taken before."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.icon_label = QLabel()
        self.title_label = QLabel()
        self.title_label.setObjectName("pageTitle")
        self.text_label = QLabel()
        self.text_label.setWordWrap(True)
        self.text_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.point_label = QLabel()
        self.point_label.setObjectName("muted")
        self.point_label.setWordWrap(True)
        self.point_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        head = QHBoxLayout()
        head.addWidget(self.icon_label)
        head.addWidget(self.title_label, 1)
        card = Card(self.tr("Kết quả nhập"), "database")
        card.body.addLayout(head)
        card.body.addWidget(self.text_label)
        card.body.addWidget(self.point_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(card)
        layout.addStretch(1)

    def set_result(self, result: ImportResult) -> None:
        """Describe the outcome."""
        ok = result.written
        self.icon_label.setPixmap(icons.pixmap("check" if ok else "info", 36, style.OK))
        self.title_label.setText(
            self.tr("Đã nhập xong {file}").format(file=result.file.name)
            if ok
            else self.tr("Không có gì thay đổi")
        )
        lines = [
            self.tr("Thêm mới: {n} học sinh").format(n=thousands(result.inserted)),
            self.tr("Cập nhật: {n} học sinh").format(n=thousands(result.updated)),
            self.tr("Không đổi: {n} dòng").format(n=thousands(result.unchanged)),
        ]
        if result.rejected:
            lines.append(
                self.tr("Bị từ chối, không ghi: {n} dòng").format(n=thousands(result.rejected))
            )
        if not ok:
            lines.insert(0, self.tr("Dữ liệu trong tệp giống hệt dữ liệu đã có; không ghi gì."))
        self.text_label.setText("\n".join(lines))
        self.point_label.setText(
            self.tr(
                "Trước khi ghi, phần mềm đã tạo điểm khôi phục (dùng khi cần trả lại dữ liệu "
                "như trước lúc nhập): {path}"
            ).format(path=result.restore_point)
            if result.restore_point is not None
            else ""
        )

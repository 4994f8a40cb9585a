"""Kiểm tra tệp học bạ: a PDF dropped here (or chosen) is judged by ``check_file``.

Every line of the report is shown, the verdict last and coloured (green: the signatures
hold and the file matches the database; red otherwise). The office's trusted root
certificates are managed here too: how many there are, and "Thêm chứng thư gốc…".
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.errors import ValidationError
from app.messages.transcript_cli import TCLI_MSG
from app.progress import Progress
from app.transcripts.checking import FileCheck, add_trusted_root, check_file, trusted_roots
from ui import ops
from ui.confirm import show_status
from ui.file_dialogs import OpenFileDialog
from ui.pages import PageContext
from ui.widgets import ErrorLabel, PageHeader

OK_STYLE = "background:#e6f4ea; color:#1e6b34; border:1px solid #1e6b34; padding:8px;"
BAD_STYLE = "background:#fce8e6; color:#b3261e; border:1px solid #b3261e; padding:8px;"


class VerifyDialog(QDialog):
    """Drop a transcript PDF (or choose one) and read what it is and whether it holds."""

    def __init__(self, parent: QWidget | None, ctx: PageContext) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.check: FileCheck | None = None
        self.setWindowTitle(self.tr("Kiểm tra tệp học bạ"))
        self.setAcceptDrops(True)
        self.setMinimumWidth(600)
        self._build()
        self._connect()
        self._show_roots()

    def _build(self) -> None:
        self.drop_label = QLabel(self.tr("Kéo tệp học bạ (PDF) thả vào đây, hoặc bấm «Chọn tệp…»."))
        self.drop_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.drop_label.setMinimumHeight(56)
        self.drop_label.setStyleSheet("border:2px dashed #9aa4b2; padding:8px;")
        self.file_label = QLabel()
        self.file_label.setObjectName("muted")
        self.file_label.setWordWrap(True)
        self.verdict_label = QLabel()
        self.verdict_label.setWordWrap(True)
        self.verdict_label.setVisible(False)
        self.report_text = QPlainTextEdit()
        self.report_text.setReadOnly(True)
        self.report_text.setMinimumHeight(160)
        self.roots_label = QLabel()
        self.roots_label.setWordWrap(True)
        self.error_label = ErrorLabel()
        self.choose_button = QPushButton(self.tr("Chọn tệp…"))
        self.add_root_button = QPushButton(self.tr("Thêm chứng thư gốc…"))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Đóng"))
        roots = QHBoxLayout()
        roots.addWidget(self.roots_label, 1)
        roots.addWidget(self.add_root_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 16, 18, 12)
        layout.addWidget(
            PageHeader(
                self.tr("Kiểm tra tệp học bạ"),
                self.tr("Chữ ký số, thứ tự ký, và tệp có khớp với dữ liệu của trường không."),
            )
        )
        layout.addWidget(self.drop_label)
        row = QHBoxLayout()
        row.addWidget(self.file_label, 1)
        row.addWidget(self.choose_button)
        layout.addLayout(row)
        layout.addWidget(self.verdict_label)
        layout.addWidget(self.report_text, 1)
        layout.addLayout(roots)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)

    def _connect(self) -> None:
        self.choose_button.clicked.connect(self._on_choose_clicked)
        self.add_root_button.clicked.connect(self._on_add_root_clicked)
        self.buttons.rejected.connect(self.reject)

    # ------------------------------------------------------------ drop

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 (Qt override)
        if _dropped_file(event) is not None:
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 (Qt override)
        path = _dropped_file(event)
        if path is not None:
            event.acceptProposedAction()
            self.check_path(path)

    # ------------------------------------------------------------ checking

    def _on_choose_clicked(self) -> None:
        chosen = OpenFileDialog.ask(
            self, self.tr("Chọn tệp học bạ"), Path.home(), self.tr("Tệp PDF (*.pdf);;Mọi tệp (*)")
        )
        if chosen is not None:
            self.check_path(chosen)

    def check_path(self, path: Path) -> None:
        """Judge ``path`` in the background and show the report."""
        self.error_label.clear_message()
        self.file_label.setText(str(path))
        self.verdict_label.setVisible(False)
        self.report_text.setPlainText(self.tr("Đang kiểm tra…"))
        ctx = self.ctx

        def job(_progress: Progress) -> FileCheck:
            try:
                pdf = path.read_bytes()
            except OSError as exc:
                raise ValidationError(
                    TCLI_MSG.file_unreadable.format(path=path, reason=exc)
                ) from exc
            with ctx.db.read(ctx.actor) as s:
                return check_file(s, pdf, trusted_roots())

        ops.run(self, job, self._on_checked, label=self.tr("Đang kiểm tra tệp học bạ…"),
                on_error=self._on_failed)  # fmt: skip

    def _on_checked(self, check: FileCheck) -> None:
        self.check = check
        lines = check.lines()
        self.report_text.setPlainText("\n".join(lines[:-1]))
        self.verdict_label.setText(lines[-1])
        self.verdict_label.setStyleSheet(OK_STYLE if check.ok else BAD_STYLE)
        self.verdict_label.setVisible(True)

    def _on_failed(self, exc: BaseException) -> None:
        self.report_text.clear()
        self.error_label.show_message(str(exc))

    # ------------------------------------------------------------ trusted roots

    def _show_roots(self) -> None:
        try:
            roots = trusted_roots()
        except ValidationError as exc:
            self.roots_label.setText(exc.message)
            return
        names = [r.subject.rfc4514_string() for r in roots]
        if not names:
            self.roots_label.setText(
                self.tr("Chưa có chứng thư gốc tin cậy nào: chữ ký sẽ được báo là chưa tin cậy.")
            )
        else:
            self.roots_label.setText(self.tr("Chứng thư gốc tin cậy: {n}").format(n=len(names)))
            self.roots_label.setToolTip("\n".join(names))

    def _on_add_root_clicked(self) -> None:
        chosen = OpenFileDialog.ask(
            self, self.tr("Chọn chứng thư gốc"), Path.home(),
            self.tr("Chứng thư (*.pem *.crt *.cer *.der);;Mọi tệp (*)"),
        )  # fmt: skip
        if chosen is not None:
            self.add_root(chosen)

    def add_root(self, path: Path) -> None:
        """Trust the root certificate in ``path`` from now on."""
        try:
            add_trusted_root(path)
        except ValidationError as exc:
            self.error_label.show_message(exc.message)
            return
        self.error_label.clear_message()
        self._show_roots()
        show_status(self.parentWidget(), self.tr("Đã thêm chứng thư gốc tin cậy."))

    @classmethod
    def ask(cls, parent: QWidget | None, ctx: PageContext) -> None:
        """Show the dialog until closed."""
        cls(parent, ctx).exec()


def _dropped_file(event: QDragEnterEvent | QDropEvent) -> Path | None:
    urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
    files = [Path(u.toLocalFile()) for u in urls if u.isLocalFile()]
    return files[0] if len(files) == 1 else None

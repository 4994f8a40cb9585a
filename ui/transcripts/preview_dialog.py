"""Xem trước: a transcript's PDF shown in the app, page under page (decision 021).

The pages are drawn by PDFium (``pypdfium2``) into images on a worker thread, at the width
of the window; Qt's own PDF module (QtPdf, in PySide6-Addons) would have added far more to
the bundle than this. What is shown is the file the next signature goes on, or the signed
one: exactly what "Xuất PDF" writes.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.errors import ValidationError
from app.progress import Progress, check_cancel

UNREADABLE = "Không mở được tệp PDF của học bạ để xem trước ({reason})."
PAGE_WIDTH_PX = 760
"""How wide a page is drawn (A4 at about 92 dpi: readable, and fits a 1024-wide screen)."""


@dataclass(frozen=True)
class PageImage:
    """One drawn page: BGRx pixels as PDFium hands them over."""

    width: int
    height: int
    stride: int
    pixels: bytes

    def image(self) -> QImage:
        """The page as a QImage (a copy that owns its pixels)."""
        fmt = QImage.Format.Format_RGB32
        return QImage(self.pixels, self.width, self.height, self.stride, fmt).copy()


def render_pages(
    pdf: bytes, width: int = PAGE_WIDTH_PX, progress: Progress | None = None
) -> list[PageImage]:
    """Every page of ``pdf`` drawn ``width`` pixels wide (on a worker: no Qt here)."""
    import pypdfium2 as pdfium

    try:
        doc = pdfium.PdfDocument(pdf)
    except pdfium.PdfiumError as exc:
        raise ValidationError(UNREADABLE.format(reason=exc)) from exc
    try:
        out = []
        total = len(doc)
        for number in range(total):
            if progress is not None:
                check_cancel(progress)
                progress.update(number, total, "Đang dựng trang xem trước", "trang")
            page = doc[number]
            scale = width / page.get_width()
            bitmap = page.render(scale=scale, prefer_bgrx=True)
            out.append(PageImage(bitmap.width, bitmap.height, bitmap.stride,
                                 bytes(bitmap.buffer)))  # fmt: skip
            bitmap.close()
            page.close()
        return out
    finally:
        doc.close()


class PreviewDialog(QDialog):
    """The pages of one transcript, one under the other, in a scroll area."""

    def __init__(self, parent: QWidget | None, title: str, pages: list[PageImage]) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.page_labels: list[QLabel] = []
        column = QWidget()
        column.setObjectName("previewPages")
        column_layout = QVBoxLayout(column)
        column_layout.setSpacing(12)
        for page in pages:
            label = QLabel()
            label.setPixmap(QPixmap.fromImage(page.image()))
            label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
            label.setStyleSheet("border:1px solid #c4c9d0; background:white;")
            column_layout.addWidget(label, 0, Qt.AlignmentFlag.AlignHCenter)
            self.page_labels.append(label)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidget(column)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setStyleSheet("QScrollArea { background:#e9ecef; }")
        count = QLabel(self.tr("{n} trang").format(n=len(pages)))
        count.setObjectName("muted")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Đóng"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.scroll_area, 1)
        bottom = QVBoxLayout()
        bottom.addWidget(count)
        layout.addLayout(bottom)
        layout.addWidget(buttons)
        self.resize(PAGE_WIDTH_PX + 60, 640)

    @classmethod
    def ask(cls, parent: QWidget | None, title: str, pages: list[PageImage]) -> None:
        """Show the pages until closed."""
        cls(parent, title, pages).exec()

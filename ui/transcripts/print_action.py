"""Xuất PDF for the whole class: one file to print, or each student's own file.

The print file (``app.transcripts.print_jobs``) draws every transcript of the class from
its stored data into one file for paper, each numbered on its own; each student's own file
is the signed one once signed (the legal copy). The print file runs off the UI thread with
progress and Hủy, and is written whole or not at all.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from app.progress import Progress
from app.transcripts import print_jobs
from app.transcripts.print_files import slug, write_print_file
from ui import ops
from ui.confirm import show_status
from ui.file_dialogs import SaveFileDialog
from ui.transcripts.page_base import TranscriptPage


class PdfKind(Enum):
    """What "Xuất PDF" writes for a whole class."""

    PRINT_FILE = "print"
    EACH = "each"


def ask_kind(page: TranscriptPage) -> PdfKind | None:
    """One file to print or one file per student (None: cancelled)."""
    box = QMessageBox(
        QMessageBox.Icon.Question,
        page.tr("Xuất PDF cả lớp"),
        page.tr(
            "In cả lớp trong một tệp (vẽ từ dữ liệu học bạ, để in ra giấy), hay lưu mỗi học "
            "sinh một tệp (bản đã ký số nếu đã ký)?"
        ),
        parent=page,
    )
    one = box.addButton(page.tr("Một tệp để in"), QMessageBox.ButtonRole.AcceptRole)
    each = box.addButton(page.tr("Mỗi học sinh một tệp"), QMessageBox.ButtonRole.AcceptRole)
    box.addButton(page.tr("Hủy"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(one)
    box.exec()
    clicked = box.clickedButton()
    return PdfKind.PRINT_FILE if clicked is one else PdfKind.EACH if clicked is each else None


def print_class(page: TranscriptPage) -> None:
    """The class's transcripts in one file to print."""
    group = page.current_class()
    if group is None:
        return
    suggested = Path.home() / f"in-hoc-ba_{slug(group.name)}_{page.current_year()}.pdf"
    dest = SaveFileDialog.ask(page, page.tr("Lưu tệp in học bạ cả lớp"), suggested,
                              page.tr("Tệp PDF (*.pdf)"))  # fmt: skip
    if dest is None:
        return
    ctx = page.ctx

    def job(progress: Progress) -> tuple[Path, int]:
        with ctx.db.read(ctx.actor) as s:
            items = print_jobs.class_items(s, ctx.actor, group.id)
        return write_print_file(items, dest, progress=progress), len(items)

    def done(result: tuple[Path, int]) -> None:
        path, count = result
        show_status(page, page.tr("Đã ghi {n} học bạ vào {path}.").format(n=count, path=path))

    ops.run(page, job, done, label=page.tr("Đang vẽ học bạ cả lớp…"))

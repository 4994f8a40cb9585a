"""Printing from the lending tab: the overdue list for the staff room and the lending book
(sổ theo dõi sử dụng thiết bị dạy học) for a term, a teacher or a subject; where to save the
PDF, then ``app.equipment.loans_print`` on the window's runner."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QWidget

from app.equipment import loan_queries as lq
from app.equipment import loans_print
from app.progress import Progress
from ui import ops
from ui.equipment.loans_dialogs import BookDialog
from ui.file_dialogs import SaveFileDialog
from ui.pages import PageContext


def _save_pdf(parent: QWidget, title: str, name: str) -> Path | None:
    path = SaveFileDialog.ask(parent, parent.tr(title), Path.home() / f"{name}.pdf",
                              parent.tr("Tệp PDF (*.pdf)"))  # fmt: skip
    if path is not None and path.suffix.lower() != ".pdf":
        path = path.with_suffix(".pdf")
    return path


def _write(
    parent: QWidget, job: Callable[[Progress], Path], path: Path, say: Callable[[str], None]
) -> None:
    def done(_out: Path) -> None:
        say(parent.tr("Đã ghi {path}.").format(path=path))

    ops.run(parent, job, done, label=parent.tr("Ghi tệp PDF"))


def print_overdue(parent: QWidget, ctx: PageContext, say: Callable[[str], None]) -> None:
    """Ask where, then write the slips still out past their due date."""
    path = _save_pdf(parent, "Lưu danh sách quá hạn (PDF)", "phieu-muon-qua-han")
    if path is None:
        return
    db, actor = ctx.db, ctx.actor

    def job(_p: Progress) -> Path:
        with db.read(actor) as s:
            return loans_print.write_overdue(s, lq.overdue(s, actor), path)

    _write(parent, job, path, say)


def print_book(
    parent: QWidget,
    ctx: PageContext,
    teachers: list[tuple[str, str]],
    say: Callable[[str], None],
) -> None:
    """Ask the term, teacher and subject, then where, then write the lending book."""
    chosen = BookDialog.ask(parent, teachers)
    if chosen is None:
        return
    path = _save_pdf(parent, "Lưu sổ theo dõi sử dụng thiết bị (PDF)", "so-theo-doi-thiet-bi")
    if path is None:
        return
    term, teacher, subject = chosen
    db, actor = ctx.db, ctx.actor

    def job(_p: Progress) -> Path:
        with db.read(actor) as s:
            scope, rows = lq.book(s, actor, term=term, teacher=teacher, subject=subject)
            return loans_print.write_book(s, scope, rows, path)

    _write(parent, job, path, say)

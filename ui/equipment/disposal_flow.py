"""Printing the biên bản thanh lý from the register (issue 11 §2): the disposed lines chosen
in the table, or every disposal when none is chosen; where to save the PDF, then
``app.equipment.disposal_print`` on the window's runner."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtWidgets import QWidget

from app.equipment.disposal_print import write_disposal_record
from app.messages.equipment_disposal import DISPOSAL_MSG as M
from app.progress import Progress
from ui import ops
from ui.file_dialogs import SaveFileDialog
from ui.pages import PageContext


def print_disposals(
    parent: QWidget, ctx: PageContext, codes: Sequence[str], say: Callable[[str], None]
) -> None:
    """Ask where, then write the record of ``codes`` (every disposal when empty)."""
    path = SaveFileDialog.ask(parent, parent.tr("Lưu biên bản thanh lý (PDF)"),
                              Path.home() / "bien-ban-thanh-ly.pdf",
                              parent.tr("Tệp PDF (*.pdf)"))  # fmt: skip
    if path is None:
        return
    if path.suffix.lower() != ".pdf":
        path = path.with_suffix(".pdf")
    db, actor, officer = ctx.db, ctx.actor, ctx.user.full_name

    def job(_p: Progress) -> str:
        with db.read(actor) as s:
            written, count = write_disposal_record(s, actor, path, codes=tuple(codes),
                                                   officer=officer)  # fmt: skip
        return M.cli_written.format(count=count, path=written)

    ops.run(parent, job, say, label=parent.tr("Ghi biên bản thanh lý"))

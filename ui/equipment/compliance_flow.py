"""Writing the compliance report from the Thiết bị page (issue 11 §5): where to save it (an
.xlsx or a PDF, chosen by the file's type), then ``app.equipment.compliance_export`` on the
window's runner; the summary ("… đủ, … thiếu") said in the page's status line."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QWidget

from app.equipment.compliance import compliance_report
from app.equipment.compliance_export import write_pdf, write_xlsx
from app.messages.equipment_compliance import COMPLIANCE_MSG as CM
from app.progress import Progress
from ui import ops
from ui.file_dialogs import SaveFileDialog
from ui.pages import PageContext


def write_report(parent: QWidget, ctx: PageContext, say: Callable[[str], None]) -> None:
    """Ask where (Excel or PDF), then write the report of every level."""
    path = SaveFileDialog.ask(parent, parent.tr("Lưu báo cáo thiết bị tối thiểu"),
                              Path.home() / "bao-cao-thiet-bi-toi-thieu.xlsx",
                              parent.tr("Bảng tính Excel (*.xlsx);;Tệp PDF (*.pdf)"))  # fmt: skip
    if path is None:
        return
    if path.suffix.lower() not in (".xlsx", ".pdf"):
        path = path.with_suffix(".xlsx")
    db, actor = ctx.db, ctx.actor

    def job(_p: Progress) -> str:
        with db.read(actor) as s:
            report = compliance_report(s, actor)
            if path.suffix.lower() == ".pdf":
                write_pdf(s, report, path)
            else:
                write_xlsx(report, path)
        enough = len(report.lines) - report.short_lines
        return CM.cli_written.format(path=path, lines=len(report.lines), enough=enough,
                                     short=report.short_lines)  # fmt: skip

    ops.run(parent, job, say, label=parent.tr("Ghi báo cáo thiết bị tối thiểu"))

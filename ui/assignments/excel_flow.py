"""Export and import of the «Phân công» page: the year's grid to .xlsx and back, through the
same services as the CLI (``app.assignments.excel_export`` / ``excel_import``); the import
shows its preview (what changes, what is refused and where) before anything is written."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from app.assignments.excel_export import export_grid
from app.assignments.excel_import import AssignmentsPreview, import_assignments, preview_import
from app.assignments.grid import AssignmentGrid, GridSaved
from app.assignments.wording import change_text
from app.messages.assignments import ASSIGN_MSG as M
from app.paths import exports_dir
from app.progress import Progress
from ui import ops
from ui.assignments.dialogs import ImportPreviewDialog
from ui.file_dialogs import OpenFileDialog, SaveFileDialog
from ui.pages import PageContext

Report = Callable[[str], None]
"""Shows a finished step's message on the page (its status line and the window's)."""


def export_grid_file(page: QWidget, ctx: PageContext, year: str, report: Report) -> None:
    """Ask where, then write the year's saved grid there."""
    path = SaveFileDialog.ask(
        page,
        page.tr("Xuất bảng phân công"),
        exports_dir() / f"phan-cong-{year}.xlsx",
        page.tr("Tệp Excel (*.xlsx)"),
    )
    if path is None:
        return
    db, actor = ctx.db, ctx.actor

    def job(progress: Progress) -> AssignmentGrid:
        with db.read(actor) as s:
            return export_grid(s, actor, year, path)

    def done(grid: AssignmentGrid) -> None:
        text = M.cli_exported.format(
            classes=len(grid.classes), subjects=len(grid.subjects), path=path
        )
        report(text)

    ops.run(page, job, done, label=page.tr("Đang xuất…"))


def import_grid_file(
    page: QWidget, ctx: PageContext, year: str, report: Report, reload: Callable[[], None]
) -> None:
    """Ask which file, read it in the background, then show its preview."""
    path = OpenFileDialog.ask(
        page,
        page.tr("Nhập bảng phân công"),
        exports_dir(),
        page.tr("Bảng tính (*.xlsx *.xls *.ods)"),
    )
    if path is None:
        return
    db, actor = ctx.db, ctx.actor

    def job(progress: Progress) -> AssignmentsPreview:
        with db.read(actor) as s:
            return preview_import(s, actor, path, year)

    ops.run(
        page,
        job,
        lambda pv: _preview_ready(page, ctx, pv, report, reload),
        label=page.tr("Đang đọc tệp…"),
    )


def _preview_ready(
    page: QWidget,
    ctx: PageContext,
    pv: AssignmentsPreview,
    report: Report,
    reload: Callable[[], None],
) -> None:
    refusal = pv.refusal()
    lines = [*pv.notices]
    lines.append(M.cli_import_preview.format(file=pv.file.name, rows=pv.classes, n=len(pv.lines)))
    lines += change_text(pv.lines)
    if refusal:
        lines.append(refusal)
    if not ImportPreviewDialog.ask(
        page, pv.file.name, "\n".join(lines), not refusal and bool(pv.lines)
    ):
        return
    db, actor, year, path = ctx.db, ctx.actor, pv.year, pv.file

    def job(progress: Progress) -> GridSaved:
        return import_assignments(db, actor, path, year)[1]

    def done(saved: GridSaved) -> None:
        reload()
        text = page.tr("Đã nhập {n} ô từ {file}.").format(n=len(saved.lines), file=path.name)
        report(text)

    ops.run(page, job, done, label=page.tr("Đang nhập…"))

"""Printing QR labels from the page: the paper and the start position, then where to save
the PDF, then ``app.equipment.labels.write_labels`` on the window's runner."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtWidgets import QWidget

from app.db import Actor, Database
from app.equipment import labels
from app.equipment.register import ItemRow
from app.equipment.ui_queries import school_name
from app.messages.equipment_ui import EQUIPMENT_UI_MSG as M
from app.progress import Progress
from ui import ops
from ui.equipment.action_dialogs import LabelsDialog
from ui.file_dialogs import SaveFileDialog


def print_labels(
    parent: QWidget,
    db: Database,
    actor: Actor,
    rows: Sequence[ItemRow],
    what: str,
    file: str,
    report: Callable[[str], None],
) -> None:
    """Ask the paper and the start, then the file, and write the labels of ``rows``; ``report``
    says what was written."""
    chosen = LabelsDialog.ask(parent, len(rows), what)
    if chosen is None:
        return
    layout, start = chosen
    path = SaveFileDialog.ask(
        parent, parent.tr("Lưu tệp nhãn (PDF)"), Path.home() / f"{file}.pdf",
        parent.tr("Tệp PDF (*.pdf)"),
    )  # fmt: skip
    if path is None:
        return
    if path.suffix.lower() != ".pdf":
        path = path.with_suffix(".pdf")
    with db.read(actor) as s:
        school = school_name(s)
    sheet = [labels.Label(r.code, r.name, school, r.room or None) for r in rows]

    def job(_p: Progress) -> int:
        return labels.write_labels(path, sheet, layout, start_at=start)

    def done(pages: int) -> None:
        report(M.labels_written.format(n=len(sheet), pages=pages, path=path))

    ops.run(parent, job, done, label=parent.tr("Ghi tệp nhãn"))

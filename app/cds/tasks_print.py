"""The year's task checklist printed for the principal (issue 16 §2b): an A4 landscape PDF in
the house NĐ 30 frame (``app.printing.nd30``, like ``app.equipment.disposal_print``).

The school's header, the title and the letter followed, a sentence on what the report lists,
the counts per state and the tasks overdue, then one table: the tasks by group, each with its
source (letter and section), the responsible person, the due date, the state, and the note,
the evidence files and what the app itself knows (the linked metrics' explanations); the
preparer's and the principal's signatures.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle
from sqlalchemy.orm import Session

from app.cds.tasks import TaskRow, YearTasks, year_tasks
from app.cds.tasks_models import TaskState
from app.db import Actor
from app.labels import format_date
from app.messages.cds_tasks import TASKS_MSG as M
from app.printing import nd30
from app.printing.fonts import SERIF, SERIF_BOLD, SERIF_ITALIC
from app.printing.school_header import doc_header

WIDTHS_MM = (10, 88, 34, 22, 22, 72)  # 248 mm: the landscape text width
SIZE = 11


def _styles() -> dict[str, Any]:
    lead = SIZE * 1.18
    return {
        "cell": nd30.style(SIZE, leading=lead),
        "center": nd30.style(SIZE, align="center", leading=lead),
        "bold": nd30.style(SIZE, font=SERIF_BOLD, leading=lead),
        "head": nd30.style(SIZE, font=SERIF_BOLD, align="center", leading=lead),
        "small": nd30.style(SIZE - 1, font=SERIF_ITALIC, leading=(SIZE - 1) * 1.18),
    }


def _notes(r: TaskRow, st: dict[str, Any]) -> list[Flowable]:
    """The note as typed, then the evidence files and what the app knows (each once)."""
    out = [nd30.para(r.note, st["cell"])] if r.note else []
    if r.evidence:
        files = ", ".join(e.file_name for e in r.evidence)
        out.append(nd30.para(M.evidence_line.format(files=files), st["small"]))
    said: set[str] = set()
    for f in r.facts:
        if f.text not in said:  # two metrics unavailable for one reason say it once
            said.add(f.text)
            line = f"{M.app_knows if f.available else M.not_yet}: {f.text}"
            out.append(nd30.para(line, st["small"]))
    return out


def _row(n: int, r: TaskRow, st: dict[str, Any]) -> list[Any]:
    task = [nd30.para(r.title, st["cell"]), nd30.para(r.citation, st["small"])]
    due = [nd30.para(format_date(r.due), st["center"])]
    if r.overdue:
        due = [nd30.para(format_date(r.due), nd30.style(SIZE, font=SERIF_BOLD, align="center"))]
    notes = _notes(r, st)
    return [nd30.para(str(n), st["center"]), task, nd30.para(r.responsible, st["cell"]), due,
            nd30.para(r.state_label, st["center"]), notes]  # fmt: skip


def task_table(tasks: YearTasks) -> Table:
    """The tasks by group, a spanning row naming each group."""
    st = _styles()
    heads = [M.col_no, M.col_task, M.col_person, M.col_due, M.col_state, M.col_note]
    data: list[list[Any]] = [[nd30.para(h, st["head"]) for h in heads]]
    spans = []
    group = None
    for n, r in enumerate(tasks.rows, 1):
        if r.group != group:
            group = r.group
            spans.append(len(data))
            data.append([Paragraph("", st["cell"])] * len(heads))
            data[-1][0] = nd30.para(r.group_name, st["bold"])
        data.append(_row(n, r, st))
    t = Table(data, colWidths=[w * mm for w in WIDTHS_MM], repeatRows=1)
    commands: list[tuple[Any, ...]] = [
        ("FONT", (0, 0), (-1, -1), SERIF, SIZE),
        ("GRID", (0, 0), (-1, -1), 0.5, "#000000"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    for i in spans:
        commands += [("SPAN", (0, i), (-1, i)), ("BACKGROUND", (0, i), (-1, i), "#EEEEEE")]
    t.setStyle(TableStyle(commands))
    return t


def _summary(tasks: YearTasks) -> str:
    c = tasks.counts
    late = [r.code for r in tasks.rows if r.overdue]
    overdue = M.overdue.format(codes=", ".join(late)) if late else M.no_overdue
    return M.summary.format(
        total=len(tasks.rows), done=c[TaskState.DONE], doing=c[TaskState.DOING],
        todo=c[TaskState.TODO], na=c[TaskState.NOT_APPLICABLE], overdue=overdue,
    )  # fmt: skip


def write_task_report(
    session: Session,
    actor: Actor | None,
    year: str,
    path: Path,
    *,
    preparer: str = "",
    today: date | None = None,
) -> tuple[Path, YearTasks]:
    """Write the report of ``year`` to ``path`` (whole or not at all)."""
    today = today or date.today()
    tasks = year_tasks(session, actor, year, today)
    header, principal = doc_header(session, today)
    body_st = nd30.style(nd30.BODY_SIZE, align="justify", space_after=4)
    src = tasks.source
    body: list[Flowable] = [
        nd30.para(M.opening.format(year=year, source=src.document, title=src.title), body_st),
        nd30.para(_summary(tasks), body_st),
        task_table(tasks),
        Spacer(1, 3),
        nd30.para(M.closing.format(on=format_date(today)), body_st),
    ]
    signers = [nd30.Signer(M.sign_preparer, preparer, note=M.sign_note),
               nd30.Signer(M.sign_principal, principal, note=M.sign_principal_note)]  # fmt: skip
    doc = nd30.Nd30Document(path, header, landscape=True)
    subtitle = M.subtitle.format(year=year, source=src.document, on=format_date(src.on))
    doc.build(M.title, body, subtitle=subtitle, signers=signers, keep_last_with_signers=True)
    return path, tasks

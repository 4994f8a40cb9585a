"""The year's CĐS task checklist (issue 16 §2b, decision 037): what the Ministry's guidance
letter asks the school to do this year, and how far each task has got.

A school year follows one task list: one imported from a file (``import_tasks``), or, for a
year the app ships a list for (``resources/cds/tasks-<year>.json``), that one — stored the
first time anyone records progress, so the year keeps the list it was worked against. Each
task has a state (chưa làm / đang làm / đã xong / không áp dụng), a responsible person, a due
date (the list's, until someone sets another), a note and evidence files
(``app.cds.tasks_evidence``). Where a task is linked to pre-fill metrics
(``app.cds.prefill``), the list shows what the app knows: the metric's own explanation, or why
it cannot be computed yet. Every change is journalled.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import paths
from app.cds.prefill_queries import METRIC_IDS, all_metrics
from app.cds.prefill_types import Metric
from app.cds.tasks_format import TaskDef, TaskList, TaskSource, canonical_json, parse_tasks
from app.cds.tasks_models import (
    TASK_STATE_LABELS,
    TaskEvidence,
    TaskListRecord,
    TaskProgress,
    TaskState,
)
from app.changes import Changes, carried
from app.db import Actor
from app.errors import Conflict, NotFound, ValidationError
from app.messages.cds_tasks import TASKS_MSG as M
from app.permissions import Perm, require
from app.school import parse_year

CHANGES = Changes.of("cds_task_list", "cds_task", "cds_task_evidence")
_BUNDLED = re.compile(r"^tasks-(\d{4}-\d{4})\.json$")
_DATE = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*$")


@dataclass(frozen=True)
class AppFact:
    """What the app knows about a task, from one linked metric."""

    metric_id: str
    label: str
    text: str  # the metric's explanation, or why it cannot be computed yet
    available: bool


@dataclass(frozen=True)
class EvidenceRow:
    """A file attached to a task."""

    file_name: str
    media_type: str
    size: int
    sha256: str
    added_by: str
    added_at: datetime


@dataclass(frozen=True)
class TaskRow:
    """One task as the list, the screen and the report show it."""

    code: str
    group: str
    group_name: str
    title: str
    citation: str  # "CV 4324/BGDĐT-CNTT, mục III.1.b"
    quote: str
    state: str
    state_label: str
    responsible: str
    due: date | None
    due_note: str
    note: str
    overdue: bool
    evidence: tuple[EvidenceRow, ...] = ()
    facts: tuple[AppFact, ...] = ()


@dataclass(frozen=True)
class YearTasks:
    """A school year's tasks and their counts per state."""

    school_year: str
    source: TaskSource
    note: str
    stored: bool  # False: the bundled list, not yet stored for the year
    rows: tuple[TaskRow, ...]
    counts: dict[str, int]
    changes: Changes = carried()

    def row(self, code: str) -> TaskRow:
        return next(r for r in self.rows if r.code == code)


@dataclass(frozen=True)
class Imported:
    """What ``import_tasks`` stored."""

    school_year: str
    count: int
    document: str
    replaced: bool
    changes: Changes = field(default=CHANGES, compare=False, repr=False)


def bundled_years() -> list[str]:
    """The school years the app ships a task list for."""
    folder = paths.resource("cds")
    names = sorted(p.name for p in folder.glob("tasks-*.json")) if folder.is_dir() else []
    return [m.group(1) for n in names if (m := _BUNDLED.match(n))]


def bundled_list(year: str) -> TaskList | None:
    """The shipped list of ``year``, if any."""
    path = paths.resource("cds", f"tasks-{year}.json")
    return parse_tasks(path.read_bytes(), path.name, METRIC_IDS) if path.is_file() else None


def _record(session: Session, year: str) -> TaskListRecord | None:
    return session.scalar(select(TaskListRecord).where(TaskListRecord.school_year == year))


def year_list(session: Session, year: str) -> tuple[TaskList, bool]:
    """The list ``year`` follows and whether it is stored; ``NotFound`` when it has none."""
    record = _record(session, year)
    if record is not None:
        return parse_tasks(record.content.encode(), record.file_name, METRIC_IDS), True
    shipped = bundled_list(year)
    if shipped is None:
        bundled = ", ".join(bundled_years()) or "-"
        raise NotFound(M.no_list.format(year=year, bundled=bundled))
    return shipped, False


def _store(session: Session, tasks: TaskList, year: str, file_name: str) -> TaskListRecord:
    content = canonical_json(tasks)
    sha = hashlib.sha256(content.encode()).hexdigest()
    record = _record(session, year)
    if record is None:
        record = TaskListRecord(school_year=year, document=tasks.source.document,
                                content=content, content_sha256=sha, file_name=file_name)  # fmt: skip
        session.add(record)
    elif record.content_sha256 != sha:
        record.document, record.content, record.content_sha256 = tasks.source.document, content, sha
        record.file_name = file_name
    session.flush()
    return record


def import_tasks(
    session: Session, actor: Actor | None, data: bytes, file_name: str, year: str | None = None
) -> Imported:
    """Store the list in ``data`` for its school year (or ``year``: a previous year's list
    reused). Replacing a year's list keeps every task that has progress recorded; a file that
    drops one is refused whole."""
    require(actor, Perm.CDS_EDIT)
    tasks = parse_tasks(data, file_name, METRIC_IDS)
    target = year or tasks.school_year
    if target != tasks.school_year:
        tasks = moved_to(tasks, target)
    codes = {t.code for t in tasks.tasks}
    recorded = session.scalars(
        select(TaskProgress.code).where(TaskProgress.school_year == target)
    ).all()
    attached = session.scalars(
        select(TaskEvidence.code).where(TaskEvidence.school_year == target)
    ).all()
    lost = sorted({c for c in (*recorded, *attached) if c not in codes})
    if lost:
        raise Conflict(M.replace_loses.format(codes=", ".join(lost)))
    if not session.info.get("reason"):
        session.info["reason"] = M.reason_import.format(year=target, file=file_name)
    replaced = _record(session, target) is not None
    _store(session, tasks, target, Path(file_name).name)
    return Imported(target, len(tasks.tasks), tasks.source.document, replaced)


def _shifted(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def moved_to(tasks: TaskList, year: str) -> TaskList:
    """A list reused for another school year: its due dates moved by the years between (the
    letters' dates recur each year: 10/10, the 31/5 deadline), each saying so."""
    years = parse_year(year)[0] - parse_year(tasks.school_year)[0]
    note = M.due_moved.format(source=tasks.school_year, year=year)
    moved = tuple(
        replace(t, due=_shifted(t.due, years), due_note=f"{t.due_note} {note}".strip())
        if t.due else t
        for t in tasks.tasks
    )  # fmt: skip
    return replace(tasks, school_year=year, tasks=moved)


def ensure_stored(session: Session, year: str) -> TaskList:
    """The year's list, storing the bundled one first if the year has none stored yet."""
    tasks, stored = year_list(session, year)
    if not stored:
        if not session.info.get("reason"):
            session.info["reason"] = M.reason_bundled.format(
                year=year, source=tasks.source.document
            )
        _store(session, tasks, year, f"tasks-{year}.json")
    return tasks


def parse_due(value: str) -> date:
    """A dd/mm/yyyy date typed by the user."""
    m = _DATE.match(value)
    try:
        if m:
            return date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    except ValueError:
        pass
    raise ValidationError(M.bad_due.format(value=value))


def parse_state(value: str) -> str:
    """A state given by its code (``da_xong``) or its Vietnamese label (``Đã xong``)."""
    wanted = unicodedata.normalize("NFC", value).strip().casefold()
    for code, label in TASK_STATE_LABELS.items():
        if wanted in (code, label.casefold()):
            return code
    choices = ", ".join(f"{label} ({code})" for code, label in TASK_STATE_LABELS.items())
    raise ValidationError(M.bad_state.format(value=value, choices=choices))


def _clean(text: str) -> str:
    return unicodedata.normalize("NFC", text).strip()


def set_task(
    session: Session,
    actor: Actor | None,
    year: str,
    code: str,
    *,
    state: str | None = None,
    responsible: str | None = None,
    due: date | None = None,
    note: str | None = None,
) -> Changes:
    """Record a task's state, responsible person, due date or note (``None``: unchanged)."""
    require(actor, Perm.CDS_EDIT)
    if state is None and responsible is None and due is None and note is None:
        raise ValidationError(M.nothing_to_change.format(code=code))
    if state is not None and state not in TASK_STATE_LABELS:
        state = parse_state(state)
    tasks = ensure_stored(session, year)
    task = find_task(tasks, year, code)
    row = session.scalar(
        select(TaskProgress).where(TaskProgress.school_year == year, TaskProgress.code == task.code)
    )
    if row is None:
        row = TaskProgress(school_year=year, code=task.code, state=TaskState.TODO,
                           responsible="", due_on=task.due, note="")  # fmt: skip
        session.add(row)
    if state is not None:
        row.state = state
    if responsible is not None:
        row.responsible = _clean(responsible)[:120]
    if due is not None:
        row.due_on = due
    if note is not None:
        row.note = _clean(note)
    session.flush()
    return CHANGES


def find_task(tasks: TaskList, year: str, code: str) -> TaskDef:
    wanted = code.strip().upper()
    found = next((t for t in tasks.tasks if t.code.upper() == wanted), None)
    if found is None:
        raise NotFound(M.no_task.format(code=code, year=year))
    return found


def _facts(task: TaskDef, metrics: dict[str, Metric]) -> tuple[AppFact, ...]:
    out = []
    for mid in task.metrics:
        m = metrics.get(mid)
        if m is not None:  # a level the school does not teach has no metric: nothing to say
            out.append(AppFact(mid, m.label, m.explanation if m.available else m.why_not,
                               m.available))  # fmt: skip
    return tuple(out)


def year_tasks(
    session: Session, actor: Actor | None, year: str, today: date | None = None
) -> YearTasks:
    """Every task of ``year`` with its progress, evidence and what the app knows."""
    require(actor, Perm.CDS_VIEW)
    tasks, stored = year_list(session, year)
    today = today or date.today()
    progress = {
        p.code: p
        for p in session.scalars(select(TaskProgress).where(TaskProgress.school_year == year))
    }
    files: dict[str, list[EvidenceRow]] = {}
    for e in session.scalars(
        select(TaskEvidence)
        .where(TaskEvidence.school_year == year, TaskEvidence.withdrawn.is_(False))
        .order_by(TaskEvidence.created_at)
    ):
        files.setdefault(e.code, []).append(
            EvidenceRow(e.file_name, e.media_type, e.size, e.sha256, e.added_by, e.created_at)
        )
    linked = any(t.metrics for t in tasks.tasks)
    metrics = {m.id: m for m in all_metrics(session, year, today)} if linked else {}
    rows = []
    for t in tasks.tasks:
        p = progress.get(t.code)
        state = p.state if p else TaskState.TODO
        due = p.due_on if p else t.due
        open_ = state in (TaskState.TODO, TaskState.DOING)
        rows.append(TaskRow(
            t.code, t.group, tasks.group_name(t.group), t.title, tasks.citation(t), t.quote,
            state, TASK_STATE_LABELS[state], p.responsible if p else "", due, t.due_note,
            p.note if p else "", bool(open_ and due and due < today),
            tuple(files.get(t.code, ())), _facts(t, metrics),
        ))  # fmt: skip
    counts = {s: sum(1 for r in rows if r.state == s) for s in TASK_STATE_LABELS}
    return YearTasks(year, tasks.source, tasks.note, stored, tuple(rows), counts)

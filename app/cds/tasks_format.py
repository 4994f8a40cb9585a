"""The year's task checklist as data (issue 16 §2b): the file format, its validation, the list.

A task list (docs/cds-tasks-format.md) is a JSON file: the school year, the guidance letter it
is taken from, groups, and the tasks, each with a code, a title, the letter's section and the
quoted words that make it a task of the school, optional pre-fill metrics the app can show as
evidence (``app.cds.prefill``), and an optional due date with where it comes from.

``parse_tasks`` reads the bytes and checks everything, collecting every problem with the task
and field it concerns (the first is the message, all are in the details); it is pure. The list
is stored as ``canonical_json`` (what ``parse_tasks`` reads back unchanged).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from app.errors import ValidationError
from app.messages.cds_tasks import TASKS_MSG as M

FORMAT = "truongso-cds-tasks/1"
_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,19}$")
_YEAR = re.compile(r"^(\d{4})-(\d{4})$")
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TOP = ("format", "school_year", "source", "note", "groups", "tasks")
_SOURCE = ("document", "date", "issuer", "title")
_GROUP = ("code", "name")
_TASK = ("code", "group", "title", "section", "quote", "metrics", "due", "due_note")


@dataclass(frozen=True)
class TaskSource:
    """The guidance letter the tasks are taken from."""

    document: str  # "CV 4324/BGDĐT-CNTT"
    on: date
    issuer: str
    title: str


@dataclass(frozen=True)
class TaskGroup:
    code: str
    name: str


@dataclass(frozen=True)
class TaskDef:
    """One task as the letter gives it."""

    code: str
    group: str
    title: str
    section: str  # "mục III.1.b"
    quote: str  # the letter's words ("…" where shortened)
    metrics: tuple[str, ...] = ()
    due: date | None = None
    due_note: str = ""


@dataclass(frozen=True)
class TaskList:
    """A school year's tasks."""

    school_year: str
    source: TaskSource
    note: str
    groups: tuple[TaskGroup, ...]
    tasks: tuple[TaskDef, ...]

    def citation(self, task: TaskDef) -> str:
        """ "CV 4324/BGDĐT-CNTT, mục III.1.b"."""
        return f"{self.source.document}, {task.section}"

    def group_name(self, code: str) -> str:
        return next((g.name for g in self.groups if g.code == code), code)


class _Problems:
    def __init__(self) -> None:
        self.items: list[str] = []

    def add(self, where: str, field: str, reason: str) -> None:
        self.items.append(M.field.format(where=where, field=field, reason=reason))


def _nfc(value: str) -> str:
    return unicodedata.normalize("NFC", value).strip()


class _Reader:
    """Typed fields of one JSON object, each problem recorded under ``where``."""

    def __init__(self, raw: Any, problems: _Problems, where: str, allowed: tuple[str, ...]):
        self.raw: Mapping[str, Any] = raw if isinstance(raw, Mapping) else {}
        self.problems, self.where = problems, where
        self.broken = not isinstance(raw, Mapping)  # said once; its fields are not listed
        if self.broken:
            problems.items.append(M.whole.format(where=where, reason=M.not_object))
        for key in self.raw:
            if key not in allowed:
                self.bad(str(key), M.unknown_field.format(allowed=", ".join(allowed)))

    def bad(self, field: str, reason: str) -> None:
        if not self.broken:
            self.problems.add(self.where, field, reason)

    def text(self, field: str, *, limit: int = 300, required: bool = True) -> str:
        value = self.raw.get(field)
        if value is None:
            if required:
                self.bad(field, M.missing)
            return ""
        if not isinstance(value, str):
            self.bad(field, M.not_text)
            return ""
        value = _nfc(value)
        if required and not value:
            self.bad(field, M.empty)
        elif len(value) > limit:
            self.bad(field, M.too_long.format(n=limit))
        return value

    def checked(self, field: str, rule: Callable[[str], bool], reason: str, **kw: Any) -> str:
        value = self.text(field, required=kw.pop("required", True))
        if value and not rule(value):
            self.bad(field, reason.format(value=value, **kw))
            return ""
        return value

    def day(self, field: str, *, required: bool = False) -> date | None:
        value = self.text(field, required=required)
        if not value:
            return None
        try:
            if _ISO_DAY.match(value):
                return date.fromisoformat(value)
        except ValueError:
            pass
        self.bad(field, M.bad_date.format(value=value))
        return None

    def items(self, field: str, *, required: bool = False) -> list[Any]:
        value = self.raw.get(field)
        if value is None:
            if required:
                self.bad(field, M.missing)
            return []
        if not isinstance(value, list):
            self.bad(field, M.not_list)
            return []
        return value


def _year_ok(value: str) -> bool:
    m = _YEAR.match(value)
    return m is not None and int(m.group(2)) == int(m.group(1)) + 1


def _task(
    raw: Any,
    n: int,
    problems: _Problems,
    seen: set[str],
    groups: set[str],
    metrics: Collection[str],
) -> TaskDef:
    code = raw.get("code") if isinstance(raw, Mapping) else None
    where = M.where_task.format(code=code if isinstance(code, str) else "?", n=n)
    r = _Reader(raw, problems, where, _TASK)
    code = r.checked("code", lambda v: bool(_CODE.match(v)), M.bad_code)
    if code in seen:
        r.bad("code", M.duplicate_code.format(value=code))
    seen.add(code)
    group = r.checked("group", lambda v: v in groups, M.unknown_group, required=False)
    ids: list[str] = []
    for value in r.items("metrics"):
        if not isinstance(value, str) or value not in metrics:
            allowed = ", ".join(metrics)
            r.bad("metrics", M.unknown_metric.format(value=value, allowed=allowed))
        else:
            ids.append(value)
    return TaskDef(
        code=code,
        group=group,
        title=r.text("title"),
        section=r.text("section", limit=60),
        quote=r.text("quote", limit=2000),
        metrics=tuple(ids),
        due=r.day("due"),
        due_note=r.text("due_note", required=False),
    )


def _load_json(data: bytes, file: str) -> Any:
    try:
        return json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise ValidationError(M.unreadable.format(file=file, detail=exc.reason)) from exc
    except json.JSONDecodeError as exc:
        raise ValidationError(M.not_json.format(file=file, line=exc.lineno, col=exc.colno)) from exc


def parse_tasks(data: bytes, file: str, metric_ids: Collection[str]) -> TaskList:
    """The task list in ``data`` (named ``file`` in messages), or ``ValidationError`` naming
    every problem; ``metric_ids`` are the metrics a task may link to."""
    raw = _load_json(data, file)
    problems = _Problems()
    top = _Reader(raw, problems, M.where_top, _TOP)
    fmt = top.text("format")
    if fmt and fmt != FORMAT:
        top.bad("format", M.format_wrong.format(expected=FORMAT, value=fmt))
    year = top.checked("school_year", _year_ok, M.bad_year)
    src = _Reader(top.raw.get("source"), problems, M.where_source, _SOURCE)
    source = TaskSource(
        src.text("document", limit=120), src.day("date", required=True) or date.min,
        src.text("issuer", limit=200), src.text("title", limit=500),
    )  # fmt: skip
    groups = []
    for n, g in enumerate(top.items("groups"), 1):
        gr = _Reader(g, problems, M.where_group.format(n=n), _GROUP)
        groups.append(TaskGroup(gr.text("code", limit=40), gr.text("name", limit=200)))
    tasks_raw = top.items("tasks", required=True)
    if "tasks" in top.raw and isinstance(top.raw["tasks"], list) and not tasks_raw:
        top.bad("tasks", M.no_tasks)
    seen: set[str] = set()
    codes = {g.code for g in groups}
    tasks = [_task(t, n, problems, seen, codes, metric_ids) for n, t in enumerate(tasks_raw, 1)]
    if problems.items:
        raise ValidationError(
            M.bad_file.format(file=file, count=len(problems.items), first=problems.items[0]),
            details="\n".join(problems.items),
        )
    note = top.text("note", limit=2000, required=False)
    return TaskList(year, source, note, tuple(groups), tuple(tasks))


def as_dict(tasks: TaskList) -> dict[str, Any]:
    """The canonical form of ``tasks`` (the file format, empty optional fields left out)."""
    s = tasks.source
    out: dict[str, Any] = {
        "format": FORMAT,
        "school_year": tasks.school_year,
        "source": {"document": s.document, "date": s.on.isoformat(), "issuer": s.issuer,
                   "title": s.title},
        "note": tasks.note,
        "groups": [{"code": g.code, "name": g.name} for g in tasks.groups],
        "tasks": [],
    }  # fmt: skip
    for t in tasks.tasks:
        item: dict[str, Any] = {"code": t.code, "group": t.group, "title": t.title,
                                "section": t.section, "quote": t.quote}  # fmt: skip
        if t.metrics:
            item["metrics"] = list(t.metrics)
        if t.due:
            item["due"] = t.due.isoformat()
        if t.due_note:
            item["due_note"] = t.due_note
        out["tasks"].append(item)
    return out


def canonical_json(tasks: TaskList) -> str:
    """``as_dict`` as stable JSON text (what is stored and hashed)."""
    return json.dumps(as_dict(tasks), ensure_ascii=False, sort_keys=True, indent=1)

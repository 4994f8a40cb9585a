"""Machine-readable and plain-text forms of class results, lists and history (CLI, sheets).

``summary_json`` is the documented JSON shape of ``python main.py results --json``:
values are flat (a number for a score, a string for a level or label, null
when not computable yet) and every object has a ``reasons`` map with the same
keys, listing why each value is what it is.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from app.gradebook.history import HistoryEntry
from app.gradebook.lists import ListEntry, ResultLists
from app.gradebook.results import (
    AbsenceView,
    ClassSummary,
    ResultView,
    StudentSummary,
    SubjectSummary,
)
from app.messages.gradebook import GRADEBOOK_MSG as M

LIST_TITLES: dict[str, str] = {
    "promoted": "Lên lớp",
    "summer_training": "Rèn luyện trong hè",
    "retest": "Kiểm tra lại",
    "repeat": "Ở lại lớp",
    "excellent": "Học sinh Xuất sắc",
    "good": "Học sinh Giỏi",
    "pending": "Chưa đủ dữ liệu để xét",
}


def _flat(**views: ResultView | None) -> dict[str, Any]:
    """``{key: value, ..., "reasons": {key: [...]}}`` for the views given (None skipped)."""
    out: dict[str, Any] = {}
    reasons: dict[str, list[str]] = {}
    for key, view in views.items():
        out[key] = view.json() if view is not None else None
        if view is not None and view.reasons:
            reasons[key] = list(view.reasons)
    out["reasons"] = reasons
    return out


def _absence(view: AbsenceView | None) -> dict[str, Any] | None:
    if view is None:
        return None
    return {"excused": view.excused, "unexcused": view.unexcused, "total": view.total}


def _subject(s: SubjectSummary, semester: int | None) -> dict[str, Any]:
    views: dict[str, ResultView | None] = {}
    if semester in (None, 1):
        views["semester_1"] = s.semester_1
    if semester in (None, 2):
        views["semester_2"] = s.semester_2
    if semester is None:
        views.update(year=s.year, retest=s.retest, after_retest=s.after_retest)
    head = {"subject": s.name, "short_name": s.short_name, "comment_only": s.comment_only}
    return {**head, **_flat(**views)}


def _student(st: StudentSummary, semester: int | None) -> dict[str, Any]:
    learning: dict[str, ResultView | None] = {}
    conduct: dict[str, ResultView | None] = {}
    absences: dict[str, Any] = {}
    for n, lv, cv, av in (
        (1, st.learning_1, st.conduct_1, st.absences_1),
        (2, st.learning_2, st.conduct_2, st.absences_2),
    ):
        if semester in (None, n):
            learning[f"semester_{n}"], conduct[f"semester_{n}"] = lv, cv
            absences[f"semester_{n}"] = _absence(av)
    data: dict[str, Any] = {
        "student_code": st.student_code,
        "full_name": st.full_name,
        "current": st.current,
        "subjects": [_subject(s, semester) for s in st.subjects],
    }
    if semester is None:
        learning.update(year=st.learning_year, after_retest=st.learning_after_retest)
        conduct.update(year=st.conduct_year, after_summer=st.conduct_after_summer)
        absences["year"] = st.absences_year
    data.update(learning_result=_flat(**learning), conduct=_flat(**conduct), absences=absences)
    if semester is None:
        data["outcome"] = _flat(value=st.outcome)
        data["commendation"] = _flat(value=st.commendation)
        data["retest_subjects"] = list(st.retest_subjects)
    return data


def summary_json(summary: ClassSummary) -> dict[str, Any]:
    """The class summary as JSON-ready data."""
    return {
        "class": summary.class_name,
        "school_year": summary.school_year,
        "grade": summary.grade,
        "semester": summary.semester,
        "locked_semesters": sorted(summary.locked),
        "students": [_student(st, summary.semester) for st in summary.students],
    }


def _pad(cells: list[str], widths: list[int]) -> str:
    return "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()


def _table(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    lines = [_pad(header, widths), _pad(["-" * w for w in widths], widths)]
    return "\n".join(lines + [_pad(r, widths) for r in rows])


def _then(before: ResultView | None, after: ResultView | None) -> str:
    """ "2,9 → 6": a value and what replaced it (re-test, summer training), or just the value."""
    first = _text(before)
    return f"{first} → {_text(after)}" if after is not None else first


def _year_cells(st: StudentSummary) -> list[str]:
    marks = [_then(s.year, s.after_retest) for s in st.subjects]
    award = st.commendation if st.commendation and st.commendation.value != "Không" else None
    return [
        *marks,
        _then(st.learning_year, st.learning_after_retest),
        _then(st.conduct_year, st.conduct_after_summer),
        "" if st.absences_year is None else str(st.absences_year),
        _text(st.outcome),
        _text(award) if award else "",
    ]


def _semester_cells(st: StudentSummary, sem: int) -> list[str]:
    marks = [_text(s.semester_1 if sem == 1 else s.semester_2) for s in st.subjects]
    absent = _semester_absent(st, sem)
    return [
        *marks,
        _text(st.learning_1 if sem == 1 else st.learning_2),
        _text(st.conduct_1 if sem == 1 else st.conduct_2),
        "" if absent is None else str(absent),
    ]


def summary_text(summary: ClassSummary) -> str:
    """A readable table: one row per student, one column per subject, then the levels."""
    sem = summary.semester
    if sem is None:
        title = M.text_title_year
    else:
        title = M.text_title_semester.format(n="I" if sem == 1 else "II")
    header = ["STT", "Họ và tên", *[s.label for s in summary.subjects]]
    header += ["Học tập", "Rèn luyện", "Nghỉ"]
    if sem is None:
        header += ["Kết quả", "Khen thưởng"]
    rows = []
    for i, st in enumerate(summary.students, 1):
        name = st.full_name + ("" if st.current else " *")
        cells = _year_cells(st) if sem is None else _semester_cells(st, sem)
        rows.append([str(i), name, *cells])
    head = M.text_heading.format(title=title, cls=summary.class_name, year=summary.school_year)
    return f"{head}\n{_table(header, rows)}\n{M.text_legend}"


def _semester_absent(st: StudentSummary, sem: int) -> int | None:
    view = st.absences_1 if sem == 1 else st.absences_2
    return view.total if view else None


def _text(view: ResultView | None) -> str:
    return (view.text if view else "") or "–"


def list_json(items: tuple[ListEntry, ...]) -> list[dict[str, str]]:
    """One year-end list as JSON-ready data."""
    return [
        {
            "student_code": e.student_code,
            "full_name": e.full_name,
            "class": e.class_name,
            "detail": e.detail,
        }
        for e in items
    ]


def lists_json(lists: ResultLists) -> dict[str, Any]:
    """The year-end lists as JSON-ready data."""
    return {
        "school_year": lists.school_year,
        "class": lists.class_name,
        **{key: list_json(getattr(lists, key)) for key in LIST_TITLES},
    }


def lists_text(lists: ResultLists) -> str:
    """The year-end lists, one titled block each."""
    return titled_lists(lists, LIST_TITLES.items())


def titled_lists(lists: ResultLists, titles: Iterable[tuple[str, str]]) -> str:
    """The lists named by (key, title), one titled block each."""
    blocks = []
    for key, title in titles:
        items: tuple[ListEntry, ...] = getattr(lists, key)
        lines = [f"{title} ({len(items)})"]
        lines += [
            f"  {e.class_name:<6} {e.student_code:<14} {e.full_name:<28} {e.detail}" for e in items
        ]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def history_json(entries: tuple[HistoryEntry, ...]) -> list[dict[str, Any]]:
    """The grade history as JSON-ready data."""
    return [
        {
            "seq": e.seq,
            "at": e.at.isoformat(),
            "username": e.username,
            "what": e.what,
            "op": e.op,
            "old": e.old,
            "new": e.new,
            "reason": e.reason,
        }
        for e in entries
    ]


def history_text(entries: tuple[HistoryEntry, ...]) -> str:
    """The grade history, oldest first, one line per changed value."""
    if not entries:
        return M.history_empty
    return "\n".join(
        f"{e.at.astimezone():%d/%m/%Y %H:%M}  {e.username:<12} {e.what:<36} "
        f"{e.old or '∅'} → {e.new or '∅'}" + (f"  ({e.reason})" if e.reason else "")
        for e in entries
    )

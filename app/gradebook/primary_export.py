"""Machine-readable and plain-text forms of primary (TT27) results and of the year-end lists.

``summary_json`` is the documented JSON shape of ``python main.py results --json``
for a primary class: per student, per subject the levels and test scores keyed
by checkpoint ("Giữa HK I", "Cuối HK I", "Giữa HK II", "Cuối năm"), the ratings
at the summary's checkpoint, and the year's ``result``, ``outcome`` and
``commendation`` as ``{"value": …, "reasons": {"value": [...]}}`` like the
secondary outcome; every part carries the reasons for what is missing.
``lists_json`` / ``lists_text`` cover primary and secondary lists together.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from app.gradebook import export as secondary
from app.gradebook.lists import PRIMARY_LIST_KEYS, ResultLists
from app.gradebook.primary.outcome import PrimaryOutcome
from app.gradebook.primary.results import (
    PrimaryClassSummary,
    PrimaryStudentSummary,
    PrimarySubjectView,
    brief,
)
from app.gradebook.primary.values import rating_of
from app.gradebook.results import ResultView
from app.grading.primary import PrimaryCommendation, PrimaryResult, Rating
from app.messages.primary_results import PRIMARY_RESULTS_MSG as M

PRIMARY_LIST_TITLES: dict[str, str] = {k: M.list_titles[k] for k in PRIMARY_LIST_KEYS}
"""Vietnamese titles of the primary-only lists (``ResultLists`` field → title)."""
ALL_LIST_TITLES: dict[str, str] = {
    **{k: v for k, v in secondary.LIST_TITLES.items() if k != "pending"},
    **PRIMARY_LIST_TITLES,
    "pending": secondary.LIST_TITLES["pending"],
}
"""Every list of ``ResultLists`` in display order, pending last."""
SHORT_LEVEL = {"Hoàn thành tốt": "HTT", "Hoàn thành": "HT", "Chưa hoàn thành": "CHT"}
SHORT_AWARD = {
    PrimaryCommendation.EXCELLENT.value: "HS Xuất sắc",
    PrimaryCommendation.OUTSTANDING.value: "HS Tiêu biểu",
}
SHORT_OUTCOME = {
    PrimaryOutcome.GRADE_COMPLETED.value: "Có",
    PrimaryOutcome.PRIMARY_COMPLETED.value: "Có (tiểu học)",
    PrimaryOutcome.NOT_COMPLETED.value: "Chưa",
}


def _view(view: ResultView | None) -> dict[str, Any]:
    """``{"value": …, "reasons": {"value": [...]}}`` (the secondary outcome's shape)."""
    if view is None:
        return {"value": None, "reasons": {}}
    reasons = {"value": list(view.reasons)} if view.reasons else {}
    return {"value": view.json(), "reasons": reasons}


def _subject(s: PrimarySubjectView) -> dict[str, Any]:
    """One subject: levels and tests per checkpoint, the comment, reasons for what is missing."""
    reasons = {}
    if s.level_reasons:
        reasons["levels"] = list(s.level_reasons)
    if s.test_reasons:
        reasons["tests"] = list(s.test_reasons)
    return {
        "subject": s.name,
        "short_name": s.short_name,
        "tested": s.tested,
        "levels": dict(s.levels),
        "tests": dict(s.tests),
        "test_checkpoints": list(s.test_checkpoints),
        "comment": s.comment,
        "reasons": reasons,
    }


def _student(st: PrimaryStudentSummary, checkpoint: str) -> dict[str, Any]:
    """One student: subjects, ratings at ``checkpoint``, result, outcome, commendation."""
    return {
        "student_code": st.student_code,
        "full_name": st.full_name,
        "current": st.current,
        "subjects": [_subject(s) for s in st.subjects],
        "ratings": {
            "checkpoint": checkpoint,
            "values": dict(st.ratings),
            "reasons": list(st.rating_missing),
        },
        "result": _view(st.result),
        "outcome": _view(st.outcome),
        "commendation": _view(st.commendation),
        "nomination": st.nomination,
    }


def summary_json(summary: PrimaryClassSummary) -> dict[str, Any]:
    """The primary class summary as JSON-ready data."""
    return {
        "class": summary.class_name,
        "school_year": summary.school_year,
        "grade": summary.grade,
        "assessment": "TT27",
        "semester": summary.semester,
        "checkpoint": summary.checkpoint_label,
        "checkpoints": list(summary.checkpoint_labels),
        "locked_semesters": sorted(summary.locked),
        "rating_names": list(summary.rating_names),
        "students": [_student(st, summary.checkpoint_label) for st in summary.students],
    }


def _table(header: list[str], rows: list[list[str]]) -> str:
    """Left-aligned columns as wide as their longest cell, a dashed rule under the header."""
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        return "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()

    return "\n".join([line(header), line(["-" * w for w in widths]), *map(line, rows)])


def subject_cell(s: PrimarySubjectView, checkpoint: str) -> str:
    """ "HTT 9", "HT", "CHT 4" at a checkpoint; "–" for a missing level or test."""
    level = s.levels.get(checkpoint)
    text = SHORT_LEVEL.get(level, level) if level else "–"
    if checkpoint in s.test_checkpoints or checkpoint in s.tests:
        test = s.tests.get(checkpoint)
        text += f" {test if test is not None else '–'}"
    return text


def ratings_cell(ratings: dict[str, str | None]) -> str:
    """ "13T 2Đ 0C" and how many are missing."""
    counts = Counter(rating_of(v) for v in ratings.values())
    text = M.text_ratings.format(
        good=counts[Rating.GOOD], passed=counts[Rating.PASS], effort=counts[Rating.NEEDS_EFFORT]
    )
    return text + (M.text_ratings_missing.format(n=counts[None]) if counts[None] else "")


def _text(view: ResultView | None, short: dict[str, str] | None = None) -> str:
    """A view's text (shortened through ``short``), "–" when not computable."""
    text = view.text if view else ""
    return (short or {}).get(text, text) or "–"


def _award(view: ResultView | None) -> str:
    """The short commendation title, "" for none."""
    if view is None or view.value in (None, PrimaryCommendation.NONE.value):
        return ""
    return SHORT_AWARD.get(view.text, view.text)


def _reason_lines(summary: PrimaryClassSummary) -> list[str]:
    """Why a result is missing or Chưa hoàn thành, one indented line per student."""
    lines = []
    for st in summary.students:
        view = st.result
        if view is None or not summary.is_year:
            continue
        if view.value is None:
            lines.append(f"  {st.full_name}: {brief(view.reasons)}")
        elif view.value == PrimaryResult.NOT_COMPLETED.value and st.outcome is not None:
            lines.append(f"  {st.full_name}: {'; '.join(st.outcome.reasons[1:])}")
    return lines


def summary_text(summary: PrimaryClassSummary) -> str:
    """A readable table: one row per student, the checkpoint's level and test per subject."""
    year = summary.is_year
    sem = "I" if summary.semester == 1 else "II"
    title = M.text_title_year if summary.semester is None else M.text_title_semester.format(n=sem)
    at = summary.checkpoint_label
    header = ["STT", "Họ và tên", *[s.label for s in summary.subjects], "PC-NL"]
    if year:
        header += ["Kết quả", "HT chương trình", "Khen thưởng"]
    rows = []
    for i, st in enumerate(summary.students, 1):
        cells = [str(i), st.full_name + ("" if st.current else " *")]
        cells += [subject_cell(s, at) for s in st.subjects]
        cells.append(ratings_cell(st.ratings))
        if year:
            cells += [_text(st.result), _text(st.outcome, SHORT_OUTCOME), _award(st.commendation)]
        rows.append(cells)
    head = M.text_heading.format(title=title, cls=summary.class_name, year=summary.school_year)
    parts = [head, f"({at})", _table(header, rows), M.text_legend]
    if not year:
        parts.append(M.year_only + ".")
    elif reasons := _reason_lines(summary):
        parts += [M.text_reasons, *reasons]
    return "\n".join(parts)


def shown_lists(lists: ResultLists) -> list[str]:
    """The lists worth printing: secondary ones, primary ones, or both; pending last."""
    keys = []
    for key in ALL_LIST_TITLES:
        primary_only = key in PRIMARY_LIST_KEYS
        secondary_only = key != "pending" and not primary_only
        if (primary_only and not lists.has_primary) or (secondary_only and not lists.has_secondary):
            continue
        keys.append(key)
    return keys


def lists_json(lists: ResultLists) -> dict[str, Any]:
    """The year-end lists as JSON-ready data: every list key, primary and secondary."""
    data = secondary.lists_json(lists)
    for key in PRIMARY_LIST_KEYS:
        data[key] = secondary.list_json(getattr(lists, key))
    return data


def lists_text(lists: ResultLists) -> str:
    """The year-end lists that apply (primary, secondary or both), one titled block each."""
    return secondary.titled_lists(lists, [(k, ALL_LIST_TITLES[k]) for k in shown_lists(lists)])

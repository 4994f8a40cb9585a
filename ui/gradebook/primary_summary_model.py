"""The primary (TT27) class summary as a read-only table: one row per student.

Columns: STT, Họ và tên, for the year Kết quả giáo dục, HT chương trình (Có /
Chưa) and Khen thưởng right after the name so they stay in view on a laptop
screen, PC-NL (how many qualities and competencies are Tốt/Đạt/Cần cố gắng),
then one per subject (short name: the level at the summary's checkpoint as
HTT/HT/CHT and the periodic-test score, "HTT 9"; the same cells as the CLI's
text table). Every cell carries its details or reasons in the tooltip; "–"
means not entered yet.
"""

from __future__ import annotations

from collections import Counter

from PySide6.QtGui import QColor

from app.gradebook.primary.results import (
    PrimaryClassSummary,
    PrimaryStudentSummary,
    PrimarySubjectView,
)
from app.gradebook.primary_export import SHORT_AWARD, SHORT_OUTCOME, ratings_cell, subject_cell
from app.gradebook.results import ResultView
from app.grading.primary import PrimaryCommendation, PrimaryResult, Rating
from ui.gradebook.entry_model import tooltip_lines
from ui.gradebook.summary_model import (
    BAD_FG,
    GOOD_FG,
    NONE_TEXT,
    Part,
    SummaryColumn,
    SummaryModel,
    lead_columns,
)

_GOOD_RESULTS = (PrimaryResult.EXCELLENT.value, PrimaryResult.GOOD.value)
_BAD_WORDS = ("CHT", "Chưa")


def _columns(summary: PrimaryClassSummary) -> list[SummaryColumn]:
    """STT, name, the year's result columns (so they stay in view), PC-NL, then the subjects."""
    cols = lead_columns()
    if summary.is_year:
        cols += [
            SummaryColumn(
                Part.RESULT,
                "Kết quả giáo dục",
                "Hoàn thành xuất sắc, Hoàn thành tốt, Hoàn thành hoặc Chưa hoàn thành",
            ),
            SummaryColumn(
                Part.OUTCOME,
                "HT chương trình",
                "Hoàn thành chương trình lớp học (lớp 5: chương trình tiểu học): Có / Chưa",
            ),
            SummaryColumn(
                Part.COMMENDATION,
                "Khen thưởng",
                "HS Xuất sắc: Học sinh Xuất sắc; HS Tiêu biểu: Học sinh Tiêu biểu hoàn thành "
                "tốt trong học tập và rèn luyện",
            ),
        ]
    cols.append(
        SummaryColumn(
            Part.RATINGS,
            "PC-NL",
            f"Phẩm chất, năng lực {summary.checkpoint_label}: số mức Tốt (T), Đạt (Đ), "
            "Cần cố gắng (C)",
        )
    )
    cols += [
        SummaryColumn(Part.SUBJECT, s.label, s.name, i) for i, s in enumerate(summary.subjects)
    ]
    return cols


def subject_text(view: PrimarySubjectView, checkpoint: str) -> str:
    """A subject at a checkpoint as "HTT 9", "HT", "CHT –"; "–" when nothing is entered."""
    if view.levels.get(checkpoint) is None and checkpoint not in view.tests:
        return NONE_TEXT
    return subject_cell(view, checkpoint)


def subject_lines(view: PrimarySubjectView, checkpoints: tuple[str, ...]) -> list[str]:
    """Every shown checkpoint of a subject ("Giữa HK I: Hoàn thành tốt, KT 9"), comment, gaps."""
    lines = []
    for label in checkpoints:
        level = view.levels.get(label)
        if level is None and label not in view.tests:
            continue
        parts = [level or "chưa nhập mức"]
        if label in view.tests:
            parts.append(f"KT {view.tests[label]}")
        lines.append(f"{label}: {', '.join(parts)}")
    if view.comment:
        lines.append(f"Nhận xét: {view.comment}")
    return lines + list(view.missing)


def ratings_counts(student: PrimaryStudentSummary) -> Counter[str]:
    """How many ratings are Tốt, Đạt, Cần cố gắng ("" for not entered)."""
    return Counter(value or "" for value in student.ratings.values())


def ratings_text(student: PrimaryStudentSummary) -> str:
    """ "13T 2Đ 0C" with " (thiếu n)"; "–" when nothing is rated."""
    if not any(student.ratings.values()):
        return NONE_TEXT
    return ratings_cell(student.ratings)


def ratings_lines(student: PrimaryStudentSummary) -> list[str]:
    """ "Yêu nước: Tốt" per quality and competency, "chưa đánh giá" when missing."""
    return [f"{name}: {value or 'chưa đánh giá'}" for name, value in student.ratings.items()]


def short_text(view: ResultView | None, short: dict[str, str]) -> str:
    """An outcome or commendation as the table shows it: "Có", "HS Xuất sắc"; "" for no award."""
    if view is None or view.value is None:
        return NONE_TEXT
    if view.value == PrimaryCommendation.NONE.value:
        return ""
    return short.get(view.text, view.text)


def compact_reasons(reasons: tuple[str, ...], computed: bool) -> list[str]:
    """Reasons sharing a head ("Chưa đủ mức Hoàn thành tốt: …") joined in one line each.

    When the result is ``computed``, the lines run from the level reached up
    (why this level first, then why not the ones above).
    """
    groups: dict[str, list[str]] = {}
    for reason in reasons:
        head, sep, detail = reason.partition(": ")
        groups.setdefault(head if sep else reason, []).extend([detail] if sep else [])
    lines = [
        f"{head}: {'; '.join(details)}" if details else head for head, details in groups.items()
    ]
    return lines[::-1] if computed else lines


class PrimarySummaryModel(SummaryModel[PrimaryClassSummary, PrimaryStudentSummary]):
    """Rows are the summary's students in name order."""

    bold_parts = (Part.RESULT,)

    def summary_columns(self, summary: PrimaryClassSummary) -> list[SummaryColumn]:
        return _columns(summary)

    def _view(self, student: PrimaryStudentSummary, part: Part) -> ResultView | None:
        return {
            Part.RESULT: student.result,
            Part.OUTCOME: student.outcome,
            Part.COMMENDATION: student.commendation,
        }.get(part)

    def cell_text(self, student: PrimaryStudentSummary, col: SummaryColumn) -> str:
        assert self._summary is not None
        if col.part is Part.SUBJECT:
            return subject_text(student.subjects[col.subject], self._summary.checkpoint_label)
        if col.part is Part.RATINGS:
            return ratings_text(student)
        if col.part is Part.COMMENDATION:
            return short_text(student.commendation, SHORT_AWARD)
        if col.part is Part.OUTCOME:
            return short_text(student.outcome, SHORT_OUTCOME)
        view = self._view(student, col.part)
        return view.text if view and view.text else NONE_TEXT

    def cell_tooltip(self, student: PrimaryStudentSummary, col: SummaryColumn) -> str | None:
        assert self._summary is not None
        if col.part is Part.SUBJECT:
            subject = student.subjects[col.subject]
            lines = subject_lines(subject, self._summary.checkpoint_labels)
            return tooltip_lines(lines, subject.name)
        if col.part is Part.RATINGS:
            return tooltip_lines(ratings_lines(student), col.tooltip)
        view = self._view(student, col.part)
        if view is None:
            return None
        head = view.text if col.part is Part.OUTCOME else f"{col.label}: {view.text}"
        if not view.text:
            head = f"{col.label}: chưa xét được"
        return tooltip_lines(compact_reasons(view.reasons, view.value is not None), head)

    def cell_foreground(
        self, student: PrimaryStudentSummary, col: SummaryColumn, text: str
    ) -> QColor | None:
        if text.startswith(_BAD_WORDS):
            return BAD_FG
        if col.part is Part.RATINGS:
            return BAD_FG if ratings_counts(student)[Rating.NEEDS_EFFORT.value] else None
        if col.part is Part.RESULT and text in _GOOD_RESULTS:
            return GOOD_FG
        if col.part is Part.COMMENDATION and text:
            return GOOD_FG
        return None

"""The class result sheet as rows of plain values: one model for the .xlsx and the PDF.

Everything comes from ``app.gradebook.results.class_summary`` (recomputed from
the recorded assessments); this module only picks the semester or year values
and counts the levels for the statistics block.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from app.gradebook.results import ClassSummary, ResultView, StudentSummary, SubjectSummary
from app.gradebook.terms import semester_label
from app.messages.gradesheets import GRADESHEETS_MSG as M

LEVELS = ("Tốt", "Khá", "Đạt", "Chưa đạt")
OUTCOMES = ("Lên lớp", "Rèn luyện trong hè", "Kiểm tra lại", "Ở lại lớp")
AWARDS = ("Học sinh Xuất sắc", "Học sinh Giỏi")
NO_AWARD = "Không"
SHORT_GRADE = {"Đạt": "Đ", "Chưa đạt": "CĐ"}


@dataclass(frozen=True)
class ResultRow:
    """One student's line of the result sheet (``None``: not computable yet)."""

    no: int
    student: StudentSummary
    marks: tuple[ResultView | None, ...]
    retests: tuple[ResultView | None, ...]
    learning: ResultView | None
    learning_after: ResultView | None
    conduct: ResultView | None
    conduct_after: ResultView | None
    excused: int | None
    unexcused: int | None
    absent: int | None

    @property
    def award(self) -> str:
        """The commendation title, or "" when there is none."""
        c = self.student.commendation
        return c.text if c is not None and c.text != NO_AWARD else ""

    @property
    def outcome(self) -> str:
        """Lên lớp, Ở lại lớp, …; "" for a semester sheet or when not computable."""
        return self.student.outcome.text if self.student.outcome else ""

    def retest_note(self, labels: tuple[str, ...]) -> str:
        """ "Toán: 6,0; Văn: 5,5" (re-test results), or the subjects still to re-test."""
        done = [f"{lab}: {r.text}" for lab, r in zip(labels, self.retests, strict=True) if r]
        return "; ".join(done) or ", ".join(self.student.retest_subjects)


def _mark(s: SubjectSummary, semester: int | None) -> ResultView | None:
    if semester is None:
        return s.year
    return s.semester_1 if semester == 1 else s.semester_2


def _sum(*values: int | None) -> int | None:
    given = [v for v in values if v is not None]
    return sum(given) if given else None


def _row(no: int, st: StudentSummary, semester: int | None) -> ResultRow:
    if semester is None:
        a1, a2 = st.absences_1, st.absences_2
        excused = _sum(a1.excused if a1 else None, a2.excused if a2 else None)
        unexcused = _sum(a1.unexcused if a1 else None, a2.unexcused if a2 else None)
        return ResultRow(
            no,
            st,
            tuple(_mark(s, None) for s in st.subjects),
            tuple(s.retest for s in st.subjects),
            st.learning_year,
            st.learning_after_retest,
            st.conduct_year,
            st.conduct_after_summer,
            excused,
            unexcused,
            st.absences_year,
        )
    absences = st.absences_1 if semester == 1 else st.absences_2
    return ResultRow(
        no,
        st,
        tuple(_mark(s, semester) for s in st.subjects),
        tuple(None for _ in st.subjects),
        st.learning_1 if semester == 1 else st.learning_2,
        None,
        st.conduct_1 if semester == 1 else st.conduct_2,
        None,
        absences.excused if absences else None,
        absences.unexcused if absences else None,
        absences.total if absences else None,
    )


def result_rows(summary: ClassSummary) -> list[ResultRow]:
    """A row per student in name order (students who left included, flagged by ``current``)."""
    return [_row(i, st, summary.semester) for i, st in enumerate(summary.students, start=1)]


def subject_labels(summary: ClassSummary) -> tuple[str, ...]:
    """Column headers of the subjects: the short name where there is one."""
    return tuple(s.label for s in summary.subjects)


def scope_text(summary: ClassSummary) -> str:
    """ "Học kì I — Lớp 6A1 — Năm học 2025-2026" or the whole-year equivalent."""
    if summary.semester is None:
        return M.result_scope_year.format(cls=summary.class_name, year=summary.school_year)
    return M.result_scope_semester.format(
        semester=semester_label(summary.semester), cls=summary.class_name, year=summary.school_year
    )


def number(view: ResultView | None) -> Decimal | str | None:
    """A view's raw value: a Decimal score, a label, or None."""
    return view.value if view is not None else None


def short_text(view: ResultView | None) -> str:
    """A subject result for a narrow printed cell: 8,5 · Đ · CĐ ("" when not computable)."""
    if view is None:
        return ""
    return SHORT_GRADE.get(view.text, view.text)


@dataclass(frozen=True)
class Statistics:
    """Counts over the students still in the class."""

    total: int
    learning: Counter[str]
    conduct: Counter[str]
    outcomes: Counter[str]
    awards: Counter[str]


def statistics(rows: list[ResultRow]) -> Statistics:
    """How many students at each level, outcome and commendation (current students only)."""
    current = [r for r in rows if r.student.current]
    return Statistics(
        len(current),
        Counter(r.learning.text if r.learning and r.learning.text else "" for r in current),
        Counter(r.conduct.text if r.conduct and r.conduct.text else "" for r in current),
        Counter(r.outcome for r in current),
        Counter(r.award for r in current),
    )


def share(count: int, total: int) -> str:
    """ "12 (26,7%)" with a decimal comma."""
    if not total:
        return str(count)
    return f"{count} ({count * 100 / total:.1f}%)".replace(".", ",")

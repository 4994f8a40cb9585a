"""The rows and counts of the primary (TT27) class result sheet, for the .xlsx and the PDF.

One row per student: each subject's level (HTT/HT/CHT) and periodic-test score
at the sheet's checkpoint (Cuối năm, or Cuối HK I for semester I), the qualities
and competencies (T/Đ/C), and for the year the result, whether the programme is
completed, and the commendation; then the counts under the table. Everything
comes from ``app.gradebook.primary.results.primary_summary`` (recomputed from
the cells). The writers are ``primary_result_sheet`` (.xlsx) and
``primary_result_pdf``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from app.gradebook.primary.outcome import PrimaryOutcome, is_completed
from app.gradebook.primary.results import PrimaryClassSummary, PrimaryStudentSummary
from app.gradebook.primary.values import has_test, show_rating
from app.gradesheets.result_rows import share
from app.grading.primary import PrimaryCommendation, PrimaryResult, SubjectLevel
from app.messages.primary_results import PRIMARY_RESULTS_MSG as M

SHORT_LEVEL = {
    SubjectLevel.COMPLETED_WELL: "HTT",
    SubjectLevel.COMPLETED: "HT",
    SubjectLevel.NOT_COMPLETED: "CHT",
}
RESULTS = tuple(r.value for r in PrimaryResult)
AWARDS = (PrimaryCommendation.EXCELLENT.value, PrimaryCommendation.OUTSTANDING.value)
SHORT_AWARD = {AWARDS[0]: "Học sinh Xuất sắc", AWARDS[1]: "Học sinh Tiêu biểu"}


@dataclass(frozen=True)
class SheetRow:
    """One student's line: subject cells (level, then test where there is one), ratings, tail."""

    no: int
    student: PrimaryStudentSummary
    subjects: tuple[str | int | None, ...]
    ratings: tuple[str, ...]

    @property
    def result(self) -> str:
        """Hoàn thành xuất sắc … Chưa hoàn thành; "" when not computable (or semester I)."""
        view = self.student.result
        return view.text if view is not None else ""

    @property
    def outcome(self) -> str:
        """The outcome's full text ("" when not computable)."""
        view = self.student.outcome
        return view.text if view is not None else ""

    @property
    def award(self) -> str:
        """The commendation title, or "" when there is none."""
        view = self.student.commendation
        return view.text if view is not None and view.text in AWARDS else ""


def subjects_tested(summary: PrimaryClassSummary) -> tuple[bool, ...]:
    """Per subject: whether it has a periodic test at the sheet's checkpoint."""
    return tuple(
        has_test(s.name, not s.comment_only, summary.grade, summary.checkpoint)
        for s in summary.subjects
    )


def sheet_rows(summary: PrimaryClassSummary) -> list[SheetRow]:
    """A row per student in name order (those who left included, flagged by ``current``)."""
    at = summary.checkpoint_label
    tested = subjects_tested(summary)
    rows = []
    for i, st in enumerate(summary.students, start=1):
        cells: list[str | int | None] = []
        for s, with_test in zip(st.subjects, tested, strict=True):
            level = s.levels.get(at)
            cells.append(SHORT_LEVEL[SubjectLevel(level)] if level else None)
            if with_test:
                cells.append(s.tests.get(at))
        ratings = tuple(show_rating(st.ratings.get(n)) for n in summary.rating_names)
        rows.append(SheetRow(i, st, tuple(cells), ratings))
    return rows


def scope_text(summary: PrimaryClassSummary) -> str:
    """ "Cuối năm học — Lớp 4A — Năm học 2025-2026" (or Cuối học kì I)."""
    template = M.sheet_scope_year if summary.is_year else M.sheet_scope_semester
    return template.format(cls=summary.class_name, year=summary.school_year)


def rating_groups(summary: PrimaryClassSummary) -> list[tuple[str, int]]:
    """The rating groups in order with how many columns each spans."""
    out: list[tuple[str, int]] = []
    for d in summary.rating_defs:
        if out and out[-1][0] == d.group:
            out[-1] = (d.group, out[-1][1] + 1)
        else:
            out.append((d.group, 1))
    return out


def outcome_header(summary: PrimaryClassSummary) -> str:
    """ "Hoàn thành chương trình lớp học" (grade 5: "… tiểu học")."""
    last = summary.grade == 5
    return (PrimaryOutcome.PRIMARY_COMPLETED if last else PrimaryOutcome.GRADE_COMPLETED).value


def year_headers(summary: PrimaryClassSummary) -> list[str]:
    """The year columns after the ratings (none for semester I)."""
    if not summary.is_year:
        return []
    return [M.sheet_result, outcome_header(summary), M.sheet_commendation]


@dataclass(frozen=True)
class Statistics:
    """Counts over the students still in the class."""

    total: int
    results: Counter[str]
    awards: Counter[str]
    completed: int
    levels: tuple[Counter[str], ...]
    """Per subject: how many HTT, HT, CHT and "" (not entered) at the sheet's checkpoint."""


def year_statistics_header(summary: PrimaryClassSummary) -> list[str]:
    """Column titles of the year counts: each result, not computable, completed, awards."""
    return [*RESULTS, M.sheet_not_rated, outcome_header(summary), *AWARDS]


def year_statistics(stats: Statistics) -> list[str]:
    """The year counts with their share, in ``year_statistics_header`` order."""
    counts = [share(stats.results[x], stats.total) for x in (*RESULTS, "")]
    counts.append(share(stats.completed, stats.total))
    return counts + [share(stats.awards[a], stats.total) for a in AWARDS]


def statistics(summary: PrimaryClassSummary, rows: list[SheetRow]) -> Statistics:
    """How many students at each result, commendation and subject level (current students only)."""
    current = [r.student for r in rows if r.student.current]
    at = summary.checkpoint_label
    levels = []
    for i in range(len(summary.subjects)):
        given = (st.subjects[i].levels.get(at) for st in current)
        levels.append(Counter(SHORT_LEVEL[SubjectLevel(v)] if v else "" for v in given))
    outcomes = [PrimaryOutcome(o) for r in rows if r.student.current and (o := r.outcome)]
    return Statistics(
        len(current),
        Counter(r.result for r in rows if r.student.current),
        Counter(r.award for r in rows if r.student.current),
        sum(1 for o in outcomes if is_completed(o)),
        tuple(levels),
    )

"""Whether a primary student completed the grade's programme, from the TT27 year result (pure).

Thông tư 27/2020, Điều 14 [verify]: a student whose year result is Hoàn thành
xuất sắc, Hoàn thành tốt or Hoàn thành completes the grade's programme (grade 5:
the primary programme); the others have not completed it yet (the teacher
helps them and assesses them again before the new school year). One data
table, ``PRIMARY_OUTCOME_RULES``, so the rule can change without code.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from app.grading.primary import PrimaryResult
from app.grading.scores import Result
from app.messages.grading import GRADING_MSG as GM
from app.messages.primary_results import PRIMARY_RESULTS_MSG as M


class PrimaryOutcome(StrEnum):
    """Year-end outcome of a primary student (xét hoàn thành chương trình)."""

    GRADE_COMPLETED = "Hoàn thành chương trình lớp học"
    PRIMARY_COMPLETED = "Hoàn thành chương trình tiểu học"
    NOT_COMPLETED = "Chưa hoàn thành chương trình lớp học"


@dataclass(frozen=True)
class OutcomeRule:
    """One row of the outcome table: these year results in these grades give ``outcome``."""

    results: frozenset[PrimaryResult]
    grades: range
    outcome: PrimaryOutcome


COMPLETED_RESULTS = frozenset(
    {PrimaryResult.EXCELLENT, PrimaryResult.GOOD, PrimaryResult.COMPLETED}
)
PRIMARY_OUTCOME_RULES: tuple[OutcomeRule, ...] = (
    OutcomeRule(COMPLETED_RESULTS, range(5, 6), PrimaryOutcome.PRIMARY_COMPLETED),
    OutcomeRule(COMPLETED_RESULTS, range(1, 5), PrimaryOutcome.GRADE_COMPLETED),
    OutcomeRule(
        frozenset({PrimaryResult.NOT_COMPLETED}), range(1, 6), PrimaryOutcome.NOT_COMPLETED
    ),
)
"""Checked in order, the first match wins [verify] TT27/2020 Điều 14."""


def _completed_level_failures(reasons: tuple[str, ...]) -> tuple[str, ...]:
    """The conditions of the Hoàn thành level the student missed, from the year result's reasons."""
    prefix = GM.primary_result_not_met.format(result=PrimaryResult.COMPLETED.value, detail="")
    return tuple(r.removeprefix(prefix) for r in reasons if r.startswith(prefix))


def primary_outcome(
    result: Result[PrimaryResult | None], grade: int
) -> Result[PrimaryOutcome | None]:
    """The outcome of a year result in a grade, with reasons (None while the result is missing)."""
    if result.value is None:
        return Result(None, (M.outcome_missing, *result.reasons))
    for rule in PRIMARY_OUTCOME_RULES:
        if result.value in rule.results and grade in rule.grades:
            why = M.outcome_from_result.format(
                result=result.value.value, outcome=rule.outcome.value
            )
            if rule.outcome is PrimaryOutcome.NOT_COMPLETED:
                return Result(rule.outcome, (why, *_completed_level_failures(result.reasons)))
            return Result(rule.outcome, (why,))
    return Result(None, (M.outcome_no_rule.format(result=result.value.value, grade=grade),))


def is_completed(outcome: PrimaryOutcome | None) -> bool:
    """Whether the outcome is a completed programme (grade or primary)."""
    return outcome in (PrimaryOutcome.GRADE_COMPLETED, PrimaryOutcome.PRIMARY_COMPLETED)

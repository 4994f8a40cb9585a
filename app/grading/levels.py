"""TT22 levels: learning result, year conduct, year-end outcome and commendations."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import IntEnum, StrEnum

from app.grading.scores import SCORE_MAX, CommentGrade, Mark, Result, format_score
from app.grading.secondary import SubjectResult
from app.messages.grading import GRADING_MSG as M


class Level(IntEnum):
    """Learning-result or conduct level; a higher number is a better level."""

    FAIL = 0
    PASS = 1
    FAIR = 2
    GOOD = 3

    @property
    def label(self) -> str:
        """The Vietnamese name of the level (Tốt, Khá, Đạt, Chưa đạt)."""
        return LEVEL_LABELS[self]


LEVEL_LABELS: dict[Level, str] = {
    Level.GOOD: "Tốt",
    Level.FAIR: "Khá",
    Level.PASS: "Đạt",
    Level.FAIL: "Chưa đạt",
}


@dataclass(frozen=True)
class LevelRule:
    """Thresholds of one learning-result level (TT22 Điều 9)."""

    level: Level
    max_comment_fails: int
    floor: Decimal
    high: Decimal
    min_high_count: int


LEARNING_RULES: tuple[LevelRule, ...] = (
    LevelRule(Level.GOOD, 0, Decimal("6.5"), Decimal("8.0"), 6),
    LevelRule(Level.FAIR, 0, Decimal("5.0"), Decimal("6.5"), 6),
    LevelRule(Level.PASS, 1, Decimal("3.5"), Decimal("5.0"), 6),
)
"""Checked best first; "every scored subject ≥ floor, at least n subjects ≥ high" [law]."""
ADJUSTMENT_MIN_DROP = 2
"""One subject dragging the level down this many levels raises it one level [law]."""

CONDUCT_YEAR_TABLE: tuple[tuple[Level, Level, frozenset[Level]], ...] = (
    (Level.GOOD, Level.GOOD, frozenset({Level.GOOD, Level.FAIR})),
    (Level.FAIR, Level.FAIR, frozenset({Level.GOOD, Level.FAIR, Level.PASS})),
    (Level.FAIR, Level.PASS, frozenset({Level.GOOD})),
    (Level.FAIR, Level.GOOD, frozenset({Level.PASS, Level.FAIL})),
    (Level.PASS, Level.PASS, frozenset({Level.FAIR, Level.PASS, Level.FAIL})),
    (Level.PASS, Level.FAIR, frozenset({Level.FAIL})),
)
"""(year level, semester II, allowed semester I); every other case is Chưa đạt [agreed]."""


class Outcome(StrEnum):
    """Year-end decision for a secondary student."""

    PROMOTED = "Lên lớp"
    SUMMER_TRAINING = "Rèn luyện trong hè"
    RETEST = "Kiểm tra lại"
    REPEAT = "Ở lại lớp"


MAX_ABSENT_SESSIONS = 45
"""Half-day sessions (buổi) absent, excused or not, still allowing promotion [law]."""
PROMOTION_MIN_LEVEL = Level.PASS


class Commendation(StrEnum):
    """Year-end commendation title (TT22 Điều 15)."""

    EXCELLENT = "Học sinh Xuất sắc"
    GOOD = "Học sinh Giỏi"
    NONE = "Không"


COMMENDATION_MIN_LEVEL = Level.GOOD
EXCELLENT_MIN_AVERAGE = Decimal("9.0")
EXCELLENT_MIN_COUNT = 6


def _rule_failures(rule: LevelRule, results: Sequence[SubjectResult]) -> list[str]:
    """Each condition of ``rule`` the results miss, as a short Vietnamese phrase."""
    scored = [(r.subject_name, r.value) for r in results if isinstance(r.value, Decimal)]
    fails = [r.subject_name for r in results if r.value is CommentGrade.FAIL]
    problems: list[str] = []
    if len(fails) > rule.max_comment_fails:
        problems.append(
            M.too_many_comment_fails.format(count=len(fails), subjects=", ".join(fails))
        )
    floor = format_score(rule.floor)
    problems += [
        M.below_floor.format(subject=name, value=format_score(value), floor=floor)
        for name, value in scored
        if value < rule.floor
    ]
    high = sum(1 for _, value in scored if value >= rule.high)
    if high < rule.min_high_count:
        threshold = format_score(rule.high)
        problems.append(
            M.too_few_high.format(count=high, threshold=threshold, needed=rule.min_high_count)
        )
    return problems


@dataclass(frozen=True)
class _Tally:
    """How many scored subjects one rule sees below its floor and at or above its high mark."""

    rule: LevelRule
    below: int
    high: int

    @classmethod
    def of(cls, rule: LevelRule, scores: Sequence[Decimal]) -> _Tally:
        """Count ``scores`` against ``rule``."""
        below = sum(1 for value in scores if value < rule.floor)
        return cls(rule, below, sum(1 for value in scores if value >= rule.high))

    def holds(self, fails: int) -> bool:
        """Whether the rule is met with ``fails`` comment-only Chưa đạt."""
        rule = self.rule
        return (
            fails <= rule.max_comment_fails and not self.below and self.high >= rule.min_high_count
        )

    def holds_with(self, fails: int, old: Mark | None, new: Mark) -> bool:
        """Whether the rule would be met with one subject's ``old`` value replaced by ``new``."""
        below, high, rule = self.below, self.high, self.rule
        if isinstance(old, Decimal):
            below -= old < rule.floor
            high -= old >= rule.high
        if isinstance(new, Decimal):
            below += new < rule.floor
            high += new >= rule.high
        return fails <= rule.max_comment_fails and not below and high >= rule.min_high_count


def _tallies(results: Sequence[SubjectResult]) -> tuple[list[_Tally], int]:
    """Tallies of the rules checked until the first one met (best first), and the comment fails."""
    scores = [r.value for r in results if isinstance(r.value, Decimal)]
    fails = sum(1 for r in results if r.value is CommentGrade.FAIL)
    tallies: list[_Tally] = []
    for rule in LEARNING_RULES:
        tallies.append(_Tally.of(rule, scores))
        if tallies[-1].holds(fails):
            break
    return tallies, fails


def _level_reasons(
    results: Sequence[SubjectResult], tallies: list[_Tally], fails: int
) -> list[str]:
    """Why each better level was missed, then which level was met (if any)."""
    reasons: list[str] = []
    for tally in tallies:
        label = tally.rule.level.label
        if tally.holds(fails):
            return [*reasons, M.level_met.format(level=label)]
        failures = _rule_failures(tally.rule, results)
        reasons += [M.level_not_met.format(level=label, detail=f) for f in failures]
    return reasons


def _best_mark(value: Mark | None) -> Mark:
    """The best possible result of the same kind (10 or Đạt)."""
    return CommentGrade.PASS if isinstance(value, CommentGrade) else SCORE_MAX


def _adjustment(results: Sequence[SubjectResult], tallies: list[_Tally], fails: int) -> str | None:
    """Why one subject alone drags the level down ≥ 2 levels, or None."""
    level = _level_of(tallies, fails)
    top = max((rule.level for rule in LEARNING_RULES), default=Level.FAIL)
    if top - level < ADJUSTMENT_MIN_DROP:
        return None
    for result in results:
        best = _best_mark(result.value)
        now = fails - (result.value is CommentGrade.FAIL) + (best is CommentGrade.FAIL)
        would_be = next(
            (t.rule.level for t in tallies if t.holds_with(now, result.value, best)), Level.FAIL
        )
        if would_be - level >= ADJUSTMENT_MIN_DROP:
            return M.level_adjusted.format(
                computed=level.label,
                adjusted=Level(level + 1).label,
                subject=result.subject_name,
                would_be=would_be.label,
            )
    return None


def _level_of(tallies: list[_Tally], fails: int) -> Level:
    """The level of the last tally if its rule holds, else Chưa đạt."""
    return tallies[-1].rule.level if tallies and tallies[-1].holds(fails) else Level.FAIL


def _missing(results: Sequence[SubjectResult]) -> tuple[str, ...]:
    """Reasons of every subject whose result is not computable yet."""
    reasons: list[str] = []
    for r in results:
        if r.value is None:
            detail = [M.subject_reason.format(subject=r.subject_name, reason=x) for x in r.reasons]
            reasons += detail or [M.subject_no_result.format(subject=r.subject_name)]
    return tuple(reasons)


def learning_result(results: Sequence[SubjectResult]) -> Result[Level | None]:
    """Semester or year learning result (Tốt/Khá/Đạt/Chưa đạt) with the one-subject adjustment."""
    if not results:
        return Result(None, (M.no_subjects,))
    if missing := _missing(results):
        return Result(None, missing)
    tallies, fails = _tallies(results)
    level = _level_of(tallies, fails)
    reasons = _level_reasons(results, tallies, fails)
    adjustment = _adjustment(results, tallies, fails)
    if adjustment is not None:
        return Result(Level(level + 1), (*reasons, adjustment))
    return Result(level, tuple(reasons))


def conduct_year(semester_1: Level | None, semester_2: Level | None) -> Result[Level | None]:
    """Year conduct from the two semester levels, by the conduct table."""
    missing = tuple(
        M.conduct_missing.format(semester=name)
        for name, level in (("I", semester_1), ("II", semester_2))
        if level is None
    )
    if semester_1 is None or semester_2 is None:
        return Result(None, missing)
    year = next(
        (row[0] for row in CONDUCT_YEAR_TABLE if row[1] == semester_2 and semester_1 in row[2]),
        Level.FAIL,
    )
    why = M.conduct_year.format(first=semester_1.label, second=semester_2.label, year=year.label)
    return Result(year, (why,))


def year_outcome(
    conduct: Level | None,
    learning: Level | None,
    absent_sessions: int,
    *,
    conduct_retrained: bool = False,
    learning_retested: bool = False,
) -> Result[Outcome | None]:
    """Year-end outcome; the flags say the levels given are already after summer/re-test."""
    if absent_sessions < 0:
        return Result(None, (M.absences_invalid.format(sessions=absent_sessions),))
    if absent_sessions > MAX_ABSENT_SESSIONS:
        why = M.absences_exceeded.format(sessions=absent_sessions, limit=MAX_ABSENT_SESSIONS)
        return Result(Outcome.REPEAT, (why,))
    missing = [M.outcome_missing_conduct] if conduct is None else []
    missing += [M.outcome_missing_learning] if learning is None else []
    if conduct is None or learning is None:
        return Result(None, tuple(missing))
    if conduct < PROMOTION_MIN_LEVEL:
        return _conduct_outcome(conduct, learning, conduct_retrained)
    if learning < PROMOTION_MIN_LEVEL:
        return _learning_outcome(learning, learning_retested)
    why = M.promoted.format(
        conduct=conduct.label,
        learning=learning.label,
        sessions=absent_sessions,
        limit=MAX_ABSENT_SESSIONS,
    )
    return Result(Outcome.PROMOTED, (why,))


def _learning_outcome(learning: Level, retested: bool) -> Result[Outcome | None]:
    """Outcome when year learning is below Đạt (conduct fine): re-test, or repeat after it."""
    if retested:
        return Result(
            Outcome.REPEAT, (M.learning_failed_after_retest.format(level=learning.label),)
        )
    return Result(Outcome.RETEST, (M.learning_not_passed.format(level=learning.label),))


def _conduct_outcome(conduct: Level, learning: Level, retrained: bool) -> Result[Outcome | None]:
    """Outcome when year conduct is below Đạt: summer training, or repeat after it."""
    if retrained:
        return Result(Outcome.REPEAT, (M.conduct_failed_after_summer.format(level=conduct.label),))
    reasons = [M.conduct_not_passed.format(level=conduct.label)]
    if learning < PROMOTION_MIN_LEVEL:
        reasons.append(M.also_learning_not_passed.format(level=learning.label))
    return Result(Outcome.SUMMER_TRAINING, tuple(reasons))


def commendation(
    conduct: Level | None, learning: Level | None, year_results: Sequence[SubjectResult]
) -> Result[Commendation | None]:
    """Học sinh Xuất sắc or Giỏi from year conduct, year learning and the ĐTBmcn values."""
    if conduct is None or learning is None:
        return Result(None, (M.commendation_missing,))
    required = COMMENDATION_MIN_LEVEL.label
    reasons = []
    if conduct < COMMENDATION_MIN_LEVEL:
        reasons.append(M.commendation_needs_conduct.format(level=conduct.label, required=required))
    if learning < COMMENDATION_MIN_LEVEL:
        reasons.append(
            M.commendation_needs_learning.format(level=learning.label, required=required)
        )
    if reasons:
        return Result(Commendation.NONE, (*reasons, M.commendation_none))
    high = sum(
        1 for r in year_results if isinstance(r.value, Decimal) and r.value >= EXCELLENT_MIN_AVERAGE
    )
    if high >= EXCELLENT_MIN_COUNT:
        title = Commendation.EXCELLENT
        return Result(title, (M.commendation_awarded.format(title=title.value),))
    short = M.commendation_needs_high.format(
        count=high, threshold=format_score(EXCELLENT_MIN_AVERAGE), needed=EXCELLENT_MIN_COUNT
    )
    title = Commendation.GOOD
    return Result(title, (short, M.commendation_awarded.format(title=title.value)))

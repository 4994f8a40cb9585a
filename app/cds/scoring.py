"""Scoring a self-assessment (issue 16 §2): a pure function the screen calls on every edit.

``score(criteria_set, answers, evidence)`` takes the set, each criterion's ``Answer`` (the
value, or the manual points) and how many evidence files each criterion has, and returns
every criterion's points, each group's total and level, the mandatory conditions met and
unmet, the missing evidence and the unanswered criteria. The level rule is the set's data
(``Level``): a group reaches the highest band its total is in, and a band that needs the
mandatory criteria only when all of the group's are met. The school's overall level is given
only when the set says how groups combine (``overall``); otherwise it is None and the reason
is ``overall_note``: never invented.

``parse_value`` reads what a user typed ("có", "12", "85,5") for a criterion's rule.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from app.cds.sets import CriteriaSet, Criterion, Group, Level, RuleKind, points_text
from app.errors import ValidationError
from app.messages.cds import CDS_MSG as M

Value = bool | int | Decimal | None
_YES = {"có", "co", "yes", "y", "true", "1", "x", "đạt", "dat"}
_NO = {"không", "khong", "no", "n", "false", "0", "chưa", "chua"}


@dataclass(frozen=True)
class Answer:
    """A criterion's result: ``value`` for the rule kinds that compute points, ``points`` for
    ``manual``; both None when nothing is entered yet."""

    value: Value = None
    points: Decimal | None = None


@dataclass(frozen=True)
class CriterionScore:
    """A criterion's points and state in the current answers."""

    code: str
    points: Decimal
    answered: bool
    met: bool | None  # mandatory criteria: whether the condition is met; None otherwise
    evidence_missing: bool


@dataclass(frozen=True)
class GroupScore:
    """A group's total, level and mandatory conditions."""

    code: str
    name: str
    total: Decimal
    max_points: Decimal
    criteria_total: Decimal  # the sum of its criteria's maxima (the set may fall short)
    level: Level | None
    level_by_points: Level | None  # the band of the total alone, mandatory conditions aside
    mandatory_met: tuple[str, ...]
    mandatory_unmet: tuple[str, ...]
    answered: int
    criteria: int

    @property
    def level_label(self) -> str:
        """``Mức 2 (Đáp ứng cơ bản)`` or ``Chưa xếp mức``."""
        if self.level is None:
            return M.level_unknown
        return f"{self.level.label} ({self.level.name})" if self.level.name else self.level.label


@dataclass(frozen=True)
class ScoreResult:
    """Everything a screen or a printout shows about the current answers."""

    criteria: Mapping[str, CriterionScore]
    groups: tuple[GroupScore, ...]
    overall: Level | None
    overall_note: str
    unmet_mandatory: tuple[str, ...]
    missing_evidence: tuple[str, ...]
    unanswered: tuple[str, ...]
    warnings: tuple[str, ...]

    def problems(self, cset: CriteriaSet) -> list[str]:
        """The unmet mandatory conditions and missing evidence as sentences."""
        out = []
        for code in self.unmet_mandatory:
            c = cset.criterion(code)
            out.append(M.mandatory_unmet.format(code=code, text=c.text if c else ""))
        out.extend(M.evidence_missing.format(code=code) for code in self.missing_evidence)
        return out


def _band_points(c: Criterion, figure: Decimal) -> Decimal:
    reached = [b.points for b in c.rule.bands if figure >= b.min]
    return reached[-1] if reached else Decimal(0)


def criterion_points(c: Criterion, answer: Answer | None) -> tuple[Decimal, bool]:
    """The points ``answer`` earns on ``c`` and whether it is answered at all."""
    if answer is None:
        return Decimal(0), False
    kind = c.rule.kind
    if kind is RuleKind.MANUAL:
        if answer.points is None:
            return Decimal(0), False
        return min(max(answer.points, Decimal(0)), c.max_points), True
    if answer.value is None:
        return Decimal(0), False
    if kind is RuleKind.YES_NO:
        return (c.max_points if answer.value is True else Decimal(0)), True
    return _band_points(c, Decimal(answer.value)), True


def _met(c: Criterion, answer: Answer | None, points: Decimal, answered: bool) -> bool:
    if not answered or answer is None:
        return False
    if c.rule.kind is RuleKind.YES_NO:
        return answer.value is True
    return points > 0


def _level(levels: tuple[Level, ...], total: Decimal, all_met: bool) -> tuple[Level | None, ...]:
    by_points = [x for x in levels if x.reached(total)]
    allowed = [x for x in by_points if all_met or not x.needs_mandatory]
    return (allowed[-1] if allowed else None), (by_points[-1] if by_points else None)


def _group(cset: CriteriaSet, g: Group, scores: Mapping[str, CriterionScore]) -> GroupScore:
    mine = [scores[c.code] for c in g.criteria]
    total = sum((s.points for s in mine), Decimal(0))
    met = tuple(s.code for s in mine if s.met is True)
    unmet = tuple(s.code for s in mine if s.met is False)
    level, by_points = _level(cset.levels, total, not unmet)
    return GroupScore(g.code, g.name, total, g.max_points, g.criteria_total, level, by_points,
                      met, unmet, sum(s.answered for s in mine), len(mine))  # fmt: skip


def score(
    cset: CriteriaSet, answers: Mapping[str, Answer], evidence: Mapping[str, int]
) -> ScoreResult:
    """Points, totals and levels of ``answers`` against ``cset`` (pure; no database)."""
    scores: dict[str, CriterionScore] = {}
    for c in cset.criteria:
        answer = answers.get(c.code)
        points, answered = criterion_points(c, answer)
        met = _met(c, answer, points, answered) if c.mandatory else None
        missing = c.evidence_required and evidence.get(c.code, 0) == 0
        scores[c.code] = CriterionScore(c.code, points, answered, met, missing)
    groups = tuple(_group(cset, g, scores) for g in cset.groups)
    overall: Level | None = None
    note = M.overall_unknown
    if cset.overall == "lowest":
        levels = [g.level for g in groups]
        overall = None if None in levels else min(levels, key=lambda x: x.level if x else 0)
        note = ""
    return ScoreResult(
        scores, groups, overall, note,
        tuple(code for code, s in scores.items() if s.met is False),
        tuple(code for code, s in scores.items() if s.evidence_missing),
        tuple(code for code, s in scores.items() if not s.answered),
        cset.warnings(),
    )  # fmt: skip


def _decimal(text: str) -> Decimal | None:
    cleaned = text.strip().rstrip("%").strip().replace(",", ".")
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def parse_value(c: Criterion, text: str) -> Value:
    """The value typed for ``c`` ("có", "12", "85,5 %"); "" is no value; a clear error else."""
    raw = text.strip()
    if not raw:
        return None
    kind = c.rule.kind
    if kind is RuleKind.YES_NO:
        low = raw.lower()
        if low in _YES or low in _NO:
            return low in _YES
        raise ValidationError(M.value_yes_no.format(code=c.code, value=raw))
    number = _decimal(raw)
    if kind is RuleKind.COUNT_BANDS:
        if number is None or number < 0 or number != number.to_integral_value():
            raise ValidationError(M.value_count.format(code=c.code, value=raw))
        return int(number)
    if kind is RuleKind.PERCENT_BANDS:
        if number is None or not 0 <= number <= 100:
            raise ValidationError(M.value_percent.format(code=c.code, value=raw))
        return number
    raise ValidationError(M.value_for_manual.format(code=c.code))


def parse_points(c: Criterion, text: str) -> Decimal | None:
    """Manual points typed for ``c`` (0 to its maximum); "" is none."""
    raw = text.strip()
    if not raw:
        return None
    if c.rule.kind is not RuleKind.MANUAL:
        raise ValidationError(M.points_not_manual.format(code=c.code))
    number = _decimal(raw)
    if number is None or not 0 <= number <= c.max_points:
        raise ValidationError(M.value_points.format(code=c.code, max=points_text(c.max_points),
                                                    value=raw))  # fmt: skip
    return number


def value_text(value: Value) -> str:
    """How a value is stored: "true"/"false", "12", "85.5"; "" for none."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def stored_value(c: Criterion, text: str) -> Value:
    """A stored value back as the rule's type."""
    if not text:
        return None
    if c.rule.kind is RuleKind.YES_NO:
        return text == "true"
    if c.rule.kind is RuleKind.COUNT_BANDS:
        return int(Decimal(text))
    return Decimal(text)


def display_value(c: Criterion, value: Value) -> str:
    """A value as people read it: "Có", "12", "85,5 %"; "" for none."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return M.yes if value else M.no
    if c.rule.kind is RuleKind.PERCENT_BANDS:
        return f"{points_text(Decimal(value))} %"
    unit = f" {c.rule.unit}" if c.rule.unit else ""
    return f"{points_text(Decimal(value))}{unit}"


def display_stored(c: Criterion, text: str) -> str:
    """A stored value (or pre-filled figure) as people read it; a manual criterion's figure
    may be a yes/no fact or a number."""
    if text in ("true", "false"):
        return M.yes if text == "true" else M.no
    if not text:
        return ""
    if c.rule.kind is RuleKind.YES_NO:
        return display_value(c, stored_value(c, text))
    return display_value(c, Decimal(text))

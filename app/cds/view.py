"""What the screens and printouts show of an assessment (queries: they write nothing).

``assessment_view`` gives one year's whole picture: the set (with its unverified mark and
warnings), the state and the actions the viewer may take, the deadline, each criterion's
row (rule, maximum, value, points, note, pre-filled figure and how it was computed, evidence
files) and the score. ``answers_for_scoring`` gives what ``scoring.score`` needs, so a screen
rescoring on every keystroke replaces one ``Answer`` and calls ``score`` again, without the
database. ``year_comparison`` gives each year's group totals for a chart.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.cds import evidence, workflow
from app.cds.assessment import find, require_assessment, set_of
from app.cds.models import STATE_LABELS, Answer, Assessment, State
from app.cds.scoring import Answer as ScoringAnswer
from app.cds.scoring import (
    ScoreResult,
    display_stored,
    parse_points,
    parse_value,
    score,
    stored_value,
)
from app.cds.sets import RULE_LABELS, CriteriaSet, RuleKind
from app.db import Actor
from app.errors import NotFound
from app.messages.cds import CDS_MSG as M
from app.permissions import Perm, can, require


@dataclass(frozen=True)
class CriterionRow:
    """One criterion as the assessment's table shows it."""

    group: str
    code: str
    text: str
    rule: str
    rule_label: str
    max_points: Decimal
    mandatory: bool
    evidence_required: bool
    value: str  # as stored ("true", "12", "85.5") for the editor
    value_label: str  # as shown ("Có", "12", "85,5 %")
    points: Decimal
    manual_points: Decimal | None
    answered: bool
    note: str
    prefill_metric: str
    prefill_label: str
    prefill_explanation: str
    overridden: bool
    override_reason: str
    evidence: tuple[evidence.EvidenceInfo, ...]
    evidence_missing: bool


@dataclass(frozen=True)
class AssessmentView:
    """One school year's assessment, everything a screen or printout needs."""

    year: str
    set_key: str
    set_version: str
    set_title: str
    decision: str
    decision_date: date
    verified: bool
    set_warnings: tuple[str, ...]
    state: str
    state_label: str
    actions: tuple[tuple[str, str], ...]  # (action, label) the viewer may take
    editable: bool
    deadline: date
    deadline_text: str
    principal_comment: str
    authority_comment: str
    authority_decided_on: date | None
    rows: tuple[CriterionRow, ...]
    result: ScoreResult
    problems: tuple[str, ...]
    criteria_set: CriteriaSet  # for ``rescore`` as the user types
    answers: Mapping[str, ScoringAnswer]
    evidence_counts: Mapping[str, int]


@dataclass(frozen=True)
class YearScore:
    """One year's figures for the comparison chart."""

    year: str
    state_label: str
    set_label: str
    groups: tuple[tuple[str, str, Decimal, Decimal, str], ...]  # code, name, total, max, level


def _rows(session: Session, a: Assessment) -> dict[str, Answer]:
    rows = session.scalars(select(Answer).where(Answer.assessment_id == a.id)).all()
    return {r.criterion: r for r in rows}


def answers_for_scoring(
    session: Session, a: Assessment, cset: CriteriaSet
) -> dict[str, ScoringAnswer]:
    """Each criterion's stored result as ``scoring.Answer``."""
    stored = _rows(session, a)
    out: dict[str, ScoringAnswer] = {}
    for c in cset.criteria:
        r = stored.get(c.code)
        if r is not None:
            value = None if c.rule.kind is RuleKind.MANUAL else stored_value(c, r.value)
            out[c.code] = ScoringAnswer(value, r.points)
    return out


def current_score(session: Session, actor: Actor | None, year: str) -> ScoreResult:
    """The score of the assessment of ``year`` as stored."""
    require(actor, Perm.CDS_VIEW)
    a = require_assessment(session, year)
    cset = set_of(session, a)
    return score(cset, answers_for_scoring(session, a, cset), evidence.counts(session, a.id))


def assessment_view(
    session: Session, actor: Actor | None, year: str, today: date | None = None
) -> AssessmentView:
    """The whole picture of ``year``'s assessment."""
    require(actor, Perm.CDS_VIEW)
    a = require_assessment(session, year)
    cset = set_of(session, a)
    stored = _rows(session, a)
    files = evidence.files_of(session, a.id)
    answers, counts = answers_for_scoring(session, a, cset), evidence.counts(session, a.id)
    result = score(cset, answers, counts)
    rows = []
    for c in cset.criteria:
        r = stored.get(c.code)
        s = result.criteria[c.code]
        value = r.value if r else ""
        rows.append(CriterionRow(
            c.group, c.code, c.text, str(c.rule.kind), RULE_LABELS[c.rule.kind], c.max_points,
            c.mandatory, c.evidence_required, value, display_stored(c, value), s.points,
            r.points if r else None, s.answered, r.note if r else "", c.prefill,
            display_stored(c, r.prefill_value) if r else "",
            r.prefill_explanation if r else "", bool(r and r.overridden),
            r.override_reason if r else "",
            tuple(f for f in files if f.criterion == c.code), s.evidence_missing,
        ))  # fmt: skip
    due = workflow.deadline(session, a)
    return AssessmentView(
        year, cset.key, cset.version, cset.title, cset.decision, cset.decision_date,
        cset.verified, cset.warnings(), a.state, STATE_LABELS[a.state],
        tuple((t.action, t.label) for t in workflow.actions_for(actor, a.state)),
        a.state == State.DRAFT and can(actor, Perm.CDS_EDIT), due,
        workflow.deadline_text(due, a.state, today or date.today()), a.principal_comment,
        a.authority_comment, a.authority_decided_on, tuple(rows), result,
        tuple(result.problems(cset)), cset, answers, counts,
    )  # fmt: skip


def rescore(v: AssessmentView, code: str, *, value: str | None = None,
            points: str | None = None) -> ScoreResult:  # fmt: skip
    """The score with criterion ``code`` as being typed (``value`` or manual ``points``, as
    text), the others as stored: what the screen shows on every keystroke (pure, no database).
    Text that cannot be read raises the same ``ValidationError`` as saving it would."""
    c = v.criteria_set.criterion(code)
    if c is None:
        raise NotFound(M.no_criterion.format(set=v.criteria_set.label, code=code))
    old = v.answers.get(code, ScoringAnswer())
    typed = ScoringAnswer(
        parse_value(c, value) if value is not None else old.value,
        parse_points(c, points) if points is not None else old.points,
    )
    return score(v.criteria_set, {**v.answers, code: typed}, v.evidence_counts)


def year_comparison(session: Session, actor: Actor | None) -> list[YearScore]:
    """Every year's group totals and levels, oldest first (the chart per group)."""
    require(actor, Perm.CDS_VIEW)
    out = []
    for a in session.scalars(select(Assessment).order_by(Assessment.school_year)).all():
        cset = set_of(session, a)
        r = score(cset, answers_for_scoring(session, a, cset), evidence.counts(session, a.id))
        out.append(YearScore(a.school_year, STATE_LABELS[a.state], cset.label,
                             tuple((g.code, g.name, g.total, g.max_points, g.level_label)
                                   for g in r.groups)))  # fmt: skip
    return out


def chart_series(years: list[YearScore]) -> dict[str, list[tuple[str, Decimal]]]:
    """Per group code, the (year, total) points of the chart."""
    series: dict[str, list[tuple[str, Decimal]]] = {}
    for y in years:
        for code, _name, total, _max, _level in y.groups:
            series.setdefault(code, []).append((y.year, total))
    return series


def has_assessment(session: Session, year: str) -> bool:
    """Whether ``year`` has an assessment yet."""
    return find(session, year) is not None

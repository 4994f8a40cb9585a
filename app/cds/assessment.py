"""The school's yearly self-assessment: starting it, entering results, pre-fill and evidence.

One assessment per school year, made against one stored criteria set, kept for good (a newer
set never changes it; a draft may be moved to another set on purpose). Results are entered
criterion by criterion: the value (có/không, a count, a percentage) or, for a manual rule, the
points, with a note. A criterion whose set names a ``prefill`` metric gets the value the app
computes (``app.cds.prefill``); a value other than the pre-filled one needs a reason, and the
assessment remembers that it was overridden. Only a draft can be changed (``app.cds.workflow``).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.cds import evidence, set_store
from app.cds.models import STATE_LABELS, Answer, Assessment, CriteriaSetRecord, State
from app.cds.scoring import display_stored, parse_points, parse_value, value_text
from app.cds.sets import CriteriaSet, Criterion, RuleKind
from app.changes import Changes, carried
from app.db import Actor
from app.errors import NotFound, ValidationError
from app.messages.cds import CDS_MSG as M
from app.permissions import Perm, require
from app.school import SchoolYear

if TYPE_CHECKING:  # helper C2's metrics (app.cds.prefill); imported where they are computed
    from app.cds.prefill import Metric

CHANGES = Changes.of("cds_assessment", "cds_answer")


@dataclass(frozen=True)
class Prefilled:
    """What ``prefill`` did: criteria given a value, and those the user had overridden."""

    filled: tuple[str, ...]
    kept: tuple[str, ...]
    unavailable: tuple[str, ...]
    changes: Changes = carried()


def find(session: Session, year: str) -> Assessment | None:
    """The assessment of ``year``, if started."""
    return session.scalars(select(Assessment).where(Assessment.school_year == year)).first()


def require_assessment(session: Session, year: str) -> Assessment:
    """The assessment of ``year``, or ``NotFound``."""
    found = find(session, year)
    if found is None:
        raise NotFound(M.no_assessment.format(year=year))
    return found


def set_of(session: Session, a: Assessment) -> CriteriaSet:
    """The criteria set ``a`` is made against."""
    record = session.get(CriteriaSetRecord, a.set_id)
    assert record is not None  # a foreign key
    return set_store.criteria_set(record)


def _check_year(session: Session, year: str) -> None:
    if session.scalar(select(SchoolYear.id).where(SchoolYear.name == year)) is None:
        raise NotFound(M.no_year.format(year=year))


def start(
    session: Session, actor: Actor | None, year: str, key: str = "", version: str = ""
) -> Assessment:
    """The assessment of ``year``, started against the newest set (or ``key`` ``version``)."""
    require(actor, Perm.CDS_EDIT)
    found = find(session, year)
    if found is not None:
        return found
    _check_year(session, year)
    record = (set_store.find_record(session, key, version) if key
              else set_store.newest_record(session))  # fmt: skip
    a = Assessment(school_year=year, set_id=record.id, state=State.DRAFT)
    session.add(a)
    session.flush()
    return a


def editable(session: Session, actor: Actor | None, year: str) -> Assessment:
    """The draft of ``year`` for an edit by ``actor`` (started if need be)."""
    a = start(session, actor, year)
    if a.state != State.DRAFT:
        raise ValidationError(M.not_editable.format(year=year, state=STATE_LABELS[a.state]))
    return a


def criterion_of(cset: CriteriaSet, code: str) -> Criterion:
    """The criterion ``code`` of ``cset``, or a clear error naming it."""
    c = cset.criterion(code.strip())
    if c is None:
        raise NotFound(M.no_criterion.format(set=cset.label, code=code.strip()))
    return c


def _answer_row(session: Session, a: Assessment, code: str) -> Answer:
    row = session.scalars(
        select(Answer).where(Answer.assessment_id == a.id, Answer.criterion == code)
    ).first()
    if row is None:
        row = Answer(assessment_id=a.id, criterion=code)
        session.add(row)
    return row


def set_answer(
    session: Session, actor: Actor | None, year: str, code: str, *, value: str | None = None,
    points: str | None = None, note: str | None = None, reason: str = "",
) -> Changes:  # fmt: skip
    """Record a criterion's result (``value`` typed as the user typed it, or manual
    ``points``) and note; a value other than the pre-filled one needs ``reason``."""
    a = editable(session, actor, year)
    c = criterion_of(set_of(session, a), code)
    row = _answer_row(session, a, c.code)
    if value is not None:
        new = value_text(parse_value(c, value))
        if row.prefill_value and new != row.prefill_value:
            if not reason.strip():
                raise ValidationError(M.override_reason.format(
                    code=c.code, prefill=display_stored(c, row.prefill_value),
                    value=value.strip()))  # fmt: skip
            row.overridden, row.override_reason = True, reason.strip()
        elif row.prefill_value:
            row.overridden, row.override_reason = False, ""
        row.value = new
    if points is not None:
        row.points = parse_points(c, points)
    if note is not None:
        row.note = note.strip()
    session.flush()
    return CHANGES


def _metric_value(c: Criterion, m: Metric) -> str | None:
    """The metric's value as ``c``'s stored value, or None when the kinds do not match."""
    v = m.value
    kind = c.rule.kind
    if kind is RuleKind.YES_NO and isinstance(v, bool):
        return value_text(v)
    if kind is RuleKind.COUNT_BANDS and isinstance(v, int) and not isinstance(v, bool):
        return value_text(v)
    if kind is RuleKind.PERCENT_BANDS and isinstance(v, int | Decimal) and not isinstance(v, bool):
        return value_text(Decimal(v)) if 0 <= v <= 100 else None
    if kind is RuleKind.MANUAL and v is not None:  # kept beside the points, for information
        return value_text(v)
    return None


def apply_metrics(
    session: Session, actor: Actor | None, year: str, metrics: Mapping[str, Metric]
) -> Prefilled:
    """Pre-fill every criterion whose set names a metric: its computed value and how it was
    computed; a value the user overrode stays, with the new computed value beside it."""
    a = editable(session, actor, year)
    filled, kept, unavailable = [], [], []
    for c in set_of(session, a).criteria:
        if not c.prefill:
            continue
        row = _answer_row(session, a, c.code)
        m = metrics.get(c.prefill)
        row.prefill_metric = c.prefill
        if m is None or not m.available:
            row.prefill_value = ""
            row.prefill_explanation = M.prefill_unavailable.format(
                why=m.why_not if m else c.prefill
            )
            unavailable.append(c.code)
            continue
        computed = _metric_value(c, m)
        if computed is None:
            row.prefill_value = ""
            row.prefill_explanation = M.prefill_mismatch.format(metric=m.label, unit=m.unit,
                                                                rule=c.rule.kind)  # fmt: skip
            unavailable.append(c.code)
            continue
        row.prefill_value, row.prefill_explanation = computed, m.explanation
        if c.rule.kind is RuleKind.MANUAL:  # points stay the school's; the figure is beside
            filled.append(c.code)
        elif row.overridden and row.value != computed:
            kept.append(c.code)
        else:
            row.value, row.overridden, row.override_reason = computed, False, ""
            filled.append(c.code)
    session.flush()
    return Prefilled(tuple(filled), tuple(kept), tuple(unavailable), CHANGES)


def prefill(session: Session, actor: Actor | None, year: str) -> Prefilled:
    """Compute the app's metrics for ``year`` and pre-fill the assessment with them."""
    from app.cds.prefill import compute_metrics

    require(actor, Perm.CDS_EDIT)
    return apply_metrics(session, actor, year, compute_metrics(session, actor, year))


def add_evidence(
    session: Session, actor: Actor | None, year: str, code: str, name: str, data: bytes
) -> evidence.EvidenceInfo:
    """Attach a file to criterion ``code`` of the draft of ``year``."""
    a = editable(session, actor, year)
    c = criterion_of(set_of(session, a), code)
    return evidence.attach(session, actor, a.id, c.code, name, data)


def add_evidence_file(
    session: Session, actor: Actor | None, year: str, code: str, path: Path | str
) -> evidence.EvidenceInfo:
    """``add_evidence`` of a file on disk."""
    require(actor, Perm.CDS_EDIT)
    return add_evidence(session, actor, year, code, Path(path).name, evidence.read_file(path))


def withdraw_evidence(
    session: Session, actor: Actor | None, year: str, evidence_id: uuid.UUID, reason: str
) -> Changes:
    """Withdraw a file of the draft of ``year`` (kept, with the reason)."""
    a = editable(session, actor, year)
    return evidence.withdraw(session, actor, a.id, evidence_id, reason)


def switch_set(session: Session, actor: Actor | None, year: str, key: str, version: str) -> Changes:
    """Move the draft of ``year`` to another stored set; results of codes the new set keeps
    stay (the others stay stored, unused)."""
    a = editable(session, actor, year)
    record = set_store.find_record(session, key, version)
    if record.id == a.set_id:
        raise ValidationError(M.set_switch_same.format(year=year))
    a.set_id = record.id
    session.flush()
    return CHANGES

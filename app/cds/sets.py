"""Criteria sets as data (issue 16 §1): the file format, its validation, the parsed set.

A criteria set (bộ tiêu chí) is a JSON file documented in docs/cds-criteria-format.md: the
decision it transcribes, its groups, each criterion's code, text, maximum points, mandatory
flag, scoring rule (``yes_no``, ``count_bands``, ``percent_bands`` or ``manual``), whether it
needs evidence and the optional pre-fill metric, and the level rule (each group's total to
Mức 1/2/3, which levels need the mandatory criteria, and how groups combine, when known).

``app.cds.set_loader.parse_set`` reads and checks a file into these types; ``as_dict`` gives
back the canonical form that is stored and exported. Pure: no database.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any

from app.messages.cds import CDS_MSG as M

FORMAT = "truongso-cds-criteria/1"


class RuleKind(StrEnum):
    """How a criterion's result becomes points."""

    YES_NO = "yes_no"  # có → the maximum, không → 0
    COUNT_BANDS = "count_bands"  # a count; the points of the highest band reached
    PERCENT_BANDS = "percent_bands"  # a percentage 0–100; the points of the highest band reached
    MANUAL = "manual"  # points typed by the school, 0 to the maximum


RULE_LABELS: dict[str, str] = {
    RuleKind.YES_NO: M.rule_yes_no,
    RuleKind.COUNT_BANDS: M.rule_count,
    RuleKind.PERCENT_BANDS: M.rule_percent,
    RuleKind.MANUAL: M.rule_manual,
}


@dataclass(frozen=True)
class Band:
    """From ``min`` (inclusive) on, the criterion scores ``points``."""

    min: Decimal
    points: Decimal


@dataclass(frozen=True)
class Rule:
    """A scoring rule; ``bands`` ascend from 0 for the banded kinds."""

    kind: RuleKind
    bands: tuple[Band, ...] = ()
    unit: str = ""


@dataclass(frozen=True)
class Criterion:
    """One criterion (chỉ số) of a group."""

    code: str
    text: str
    group: str
    max_points: Decimal
    mandatory: bool
    rule: Rule
    evidence_required: bool = False
    prefill: str = ""
    guidance: str = ""


@dataclass(frozen=True)
class Group:
    """A group of criteria scored together (CĐS trong dạy, học; CĐS trong quản trị)."""

    code: str
    name: str
    max_points: Decimal
    criteria: tuple[Criterion, ...]

    @property
    def criteria_total(self) -> Decimal:
        """The sum of the criteria's maximum points (may fall short of ``max_points``)."""
        return sum((c.max_points for c in self.criteria), Decimal(0))


@dataclass(frozen=True)
class Level:
    """A level band applied to each group's total: reached from ``min`` or ``above``."""

    level: int
    label: str
    name: str
    min: Decimal | None
    above: Decimal | None
    needs_mandatory: bool

    def reached(self, total: Decimal) -> bool:
        """Whether ``total`` is inside this band's threshold (mandatory conditions aside)."""
        if self.min is not None:
            return total >= self.min
        return self.above is not None and total > self.above


@dataclass(frozen=True)
class CriteriaSet:
    """A parsed, validated criteria set."""

    key: str
    version: str
    title: str
    decision: str
    decision_date: date
    verified: bool
    verification_note: str
    deadline_day: int
    deadline_month: int
    groups: tuple[Group, ...]
    levels: tuple[Level, ...]
    overall: str  # "" = how groups combine is not known; "lowest" = the lowest group level
    known_gaps: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()

    @property
    def criteria(self) -> tuple[Criterion, ...]:
        """Every criterion, group by group, in the file's order."""
        return tuple(c for g in self.groups for c in g.criteria)

    def criterion(self, code: str) -> Criterion | None:
        """The criterion of ``code``, or None."""
        return next((c for c in self.criteria if c.code == code), None)

    @property
    def label(self) -> str:
        """``qd4725 2022.1``: how lists name the set."""
        return f"{self.key} {self.version}"

    def warnings(self) -> tuple[str, ...]:
        """What a reader must know: unverified, groups whose criteria miss points, known gaps."""
        out = [] if self.verified else [self.verification_note or M.set_unverified]
        for g in self.groups:
            if g.criteria_total != g.max_points:
                out.append(M.group_sum.format(group=g.name, sum=_num(g.criteria_total),
                                              max=_num(g.max_points)))  # fmt: skip
        return (*out, *self.known_gaps)


def _num(value: Decimal) -> str:
    """``10``, ``2,5``: a point figure the Vietnamese way."""
    text = f"{value.normalize():f}"
    return text.replace(".", ",")


points_text = _num


def plain_text(value: Decimal) -> str:
    """``10``, ``18.5``: a point figure for data files (JSON), without trailing zeros."""
    return f"{value.normalize():f}"


def _plain(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def _criterion_dict(c: Criterion) -> dict[str, Any]:
    rule: dict[str, Any] = {"type": str(c.rule.kind)}
    if c.rule.bands:
        rule["bands"] = [{"min": _plain(b.min), "points": _plain(b.points)} for b in c.rule.bands]
    if c.rule.unit:
        rule["unit"] = c.rule.unit
    out: dict[str, Any] = {"code": c.code, "text": c.text, "max_points": _plain(c.max_points),
                           "mandatory": c.mandatory, "rule": rule,
                           "evidence_required": c.evidence_required}  # fmt: skip
    if c.prefill:
        out["prefill"] = c.prefill
    if c.guidance:
        out["guidance"] = c.guidance
    return out


def _level_dict(x: Level) -> dict[str, Any]:
    out: dict[str, Any] = {"level": x.level, "label": x.label, "name": x.name,
                           "needs_mandatory": x.needs_mandatory}  # fmt: skip
    if x.min is not None:
        out["min"] = _plain(x.min)
    if x.above is not None:
        out["above"] = _plain(x.above)
    return out


def as_dict(s: CriteriaSet) -> dict[str, Any]:
    """The canonical file form of ``s`` (what is stored, hashed and exported)."""
    return {
        "format": FORMAT, "key": s.key, "version": s.version, "title": s.title,
        "decision": s.decision, "decision_date": s.decision_date.isoformat(),
        "verified": s.verified, "verification_note": s.verification_note,
        "deadline": {"day": s.deadline_day, "month": s.deadline_month},
        "groups": [{"code": g.code, "name": g.name, "max_points": _plain(g.max_points),
                    "criteria": [_criterion_dict(c) for c in g.criteria]} for g in s.groups],
        "levels": {"bands": [_level_dict(x) for x in s.levels], "overall": s.overall or None},
        "known_gaps": list(s.known_gaps), "sources": list(s.sources),
    }  # fmt: skip


def canonical_text(s: CriteriaSet) -> str:
    """``as_dict`` as stable JSON text: the same set gives the same text and SHA-256."""
    return json.dumps(as_dict(s), ensure_ascii=False, sort_keys=True, indent=1)

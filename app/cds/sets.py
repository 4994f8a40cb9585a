"""Criteria sets as data (issue 16 §1): the file format, its validation, the parsed set.

A criteria set (bộ tiêu chí) is a JSON file documented in docs/cds-criteria-format.md: the
decision it transcribes, its groups, each criterion's code, text, maximum points, mandatory
flag, scoring rule (``yes_no``, ``count_bands``, ``percent_bands`` or ``manual``), whether it
needs evidence and the optional pre-fill metric, and the level rule (each group's total to
Mức 1/2/3, which levels need the mandatory criteria, and how groups combine, when known).

``parse_set`` reads the bytes and checks everything, collecting every problem with the group,
criterion and field it concerns; the first is the message and all are in the details. It is
pure: no database. ``as_dict`` gives back the canonical form that is stored and exported.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

from app.errors import ValidationError
from app.messages.cds import CDS_MSG as M

FORMAT = "truongso-cds-criteria/1"
_KEY = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,59}$")


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


class _Problems:
    """Every problem found in one file, each naming where it is."""

    def __init__(self) -> None:
        self.items: list[str] = []

    def add(self, where: str, field: str, reason: str, **at: str) -> None:
        template = {"top": M.at_top, "group": M.at_group, "criterion": M.at_criterion,
                    "level": M.at_level}[where]  # fmt: skip
        self.items.append(template.format(field=field, reason=reason, **at))


@dataclass
class _Reader:
    """Reads typed fields of one JSON object, recording problems under ``where``."""

    obj: Mapping[str, Any]
    problems: _Problems
    where: str
    at: dict[str, str]
    allowed: frozenset[str]

    def __post_init__(self) -> None:
        for name in self.obj:
            if name not in self.allowed:
                self._bad(name, M.unknown_field)

    def _bad(self, name: str, reason: str) -> None:
        self.problems.add(self.where, name, reason, **self.at)

    def text(self, name: str, *, required: bool = True) -> str:
        value = self.obj.get(name)
        if value in (None, "") and not required:
            return ""
        if not isinstance(value, str) or not value.strip():
            self._bad(name, M.missing if value is None else M.not_text)
            return ""
        return value.strip()

    def flag(self, name: str, default: bool | None = None) -> bool:
        value = self.obj.get(name, default)
        if not isinstance(value, bool):
            self._bad(name, M.missing if value is None else M.not_bool)
            return False
        return value

    def number(self, name: str, *, required: bool = True, whole: bool = False) -> Decimal | None:
        value = self.obj.get(name)
        if value is None:
            if required:
                self._bad(name, M.missing)
            return None
        ok = isinstance(value, int | float) and not isinstance(value, bool) and value >= 0
        if not ok or (whole and not float(value).is_integer()):
            self._bad(name, M.not_int if whole else M.not_number)
            return None
        try:
            return Decimal(str(value))
        except InvalidOperation:  # pragma: no cover - json gives finite numbers
            self._bad(name, M.not_number)
            return None

    def items(self, name: str) -> list[Any]:
        value = self.obj.get(name)
        if not isinstance(value, list) or not value:
            self._bad(name, M.missing if value is None else M.not_list)
            return []
        return value

    def child(self, value: Any, where: str, at: dict[str, str], allowed: frozenset[str],
              field: str) -> _Reader | None:  # fmt: skip
        if not isinstance(value, dict):
            self._bad(field, M.not_object)
            return None
        return _Reader(value, self.problems, where, at, allowed)


_TOP = frozenset({"format", "key", "version", "title", "decision", "decision_date", "verified",
                  "verification_note", "deadline", "groups", "levels", "known_gaps", "sources",
                  "notes"})  # fmt: skip
_GROUP = frozenset({"code", "name", "max_points", "criteria"})
_CRITERION = frozenset({"code", "text", "max_points", "mandatory", "rule", "evidence_required",
                        "prefill", "guidance"})  # fmt: skip
_RULE = frozenset({"type", "bands", "unit"})
_BAND = frozenset({"min", "points"})
_LEVELS = frozenset({"bands", "overall", "note"})
_LEVEL = frozenset({"level", "label", "name", "min", "above", "needs_mandatory"})
_DEADLINE = frozenset({"day", "month"})


def _rule(c: _Reader, code: str, max_points: Decimal) -> Rule:
    r = c.child(c.obj.get("rule"), "criterion", {"code": code}, _RULE, "rule")
    if r is None:
        return Rule(RuleKind.MANUAL)
    kind_text = r.text("type")
    if kind_text not in set(RuleKind):
        if kind_text:
            r._bad("rule.type", M.bad_rule_type.format(choices=", ".join(RuleKind)))
        return Rule(RuleKind.MANUAL)
    kind = RuleKind(kind_text)
    if kind is RuleKind.MANUAL and max_points <= 0:
        r._bad("max_points", M.manual_max)
    if kind not in (RuleKind.COUNT_BANDS, RuleKind.PERCENT_BANDS):
        return Rule(kind, unit=r.text("unit", required=False))
    bands: list[Band] = []
    for raw in r.items("bands"):
        b = r.child(raw, "criterion", {"code": code}, _BAND, "rule.bands")
        if b is None:
            continue
        low = b.number("min", whole=kind is RuleKind.COUNT_BANDS)
        points = b.number("points")
        if low is None or points is None:
            continue
        if points > max_points:
            b._bad("rule.bands.points", M.band_points.format(points=_num(points),
                                                             max=_num(max_points)))  # fmt: skip
        if kind is RuleKind.PERCENT_BANDS and low > 100:
            b._bad("rule.bands.min", M.band_percent.format(value=_num(low)))
        bands.append(Band(low, points))
    lows = [b.min for b in bands]
    if bands and (lows[0] != 0 or any(a >= b for a, b in zip(lows, lows[1:], strict=False))):
        r._bad("rule.bands", M.bands_order)
    return Rule(kind, tuple(bands), r.text("unit", required=False))


def _criterion(raw: Any, g: _Reader, group: str, seen: set[str]) -> Criterion | None:
    code = str(raw.get("code", "?")) if isinstance(raw, dict) else "?"
    c = g.child(raw, "criterion", {"code": code}, _CRITERION, "criteria")
    if c is None:
        return None
    code = c.text("code")
    if code in seen:
        c._bad("code", M.duplicate_code.format(code=code))
    seen.add(code)
    max_points = c.number("max_points") or Decimal(0)
    mandatory = c.flag("mandatory")
    prefill = c.text("prefill", required=False)
    if prefill and not _KEY.match(prefill):
        c._bad("prefill", M.bad_key)
    return Criterion(
        code, c.text("text"), group, max_points, mandatory, _rule(c, code, max_points),
        c.flag("evidence_required", False), prefill, c.text("guidance", required=False),
    )  # fmt: skip


def _groups(top: _Reader) -> tuple[Group, ...]:
    groups: list[Group] = []
    seen_codes: set[str] = set()
    seen_groups: set[str] = set()
    for raw in top.items("groups"):
        name = str(raw.get("code", "?")) if isinstance(raw, dict) else "?"
        g = top.child(raw, "group", {"group": name}, _GROUP, "groups")
        if g is None:
            continue
        code = g.text("code")
        if code in seen_groups:
            g._bad("code", M.duplicate_group.format(code=code))
        seen_groups.add(code)
        criteria = [_criterion(c, g, code, seen_codes) for c in g.items("criteria")]
        groups.append(Group(code, g.text("name"), g.number("max_points") or Decimal(0),
                            tuple(c for c in criteria if c is not None)))  # fmt: skip
    return tuple(groups)


def _levels(top: _Reader) -> tuple[tuple[Level, ...], str]:
    lv = top.child(top.obj.get("levels"), "top", {}, _LEVELS, "levels")
    if lv is None:
        return (), ""
    levels: list[Level] = []
    for raw in lv.items("bands"):
        number = str(raw.get("level", "?")) if isinstance(raw, dict) else "?"
        b = lv.child(raw, "level", {"level": number}, _LEVEL, "levels.bands")
        if b is None:
            continue
        low, above = b.number("min", required=False), b.number("above", required=False)
        if (low is None) == (above is None):
            b._bad("min/above", M.level_threshold)
        level = b.number("level", whole=True)
        levels.append(Level(int(level or 0), b.text("label"), b.text("name", required=False),
                            low, above, b.flag("needs_mandatory", False)))  # fmt: skip
    edges = [x.min if x.min is not None else x.above for x in levels]
    ordered = all(a is not None and b is not None and a < b
                  for a, b in zip(edges, edges[1:], strict=False))  # fmt: skip
    if levels and (levels[0].min != 0 or not ordered):
        lv._bad("levels.bands", M.level_order)
    overall = lv.obj.get("overall")
    if overall not in (None, "", "lowest"):
        lv._bad("levels.overall", M.overall_rule)
        overall = ""
    return tuple(levels), overall or ""


def _deadline(top: _Reader) -> tuple[int, int]:
    d = top.child(top.obj.get("deadline", {"day": 31, "month": 5}), "top", {}, _DEADLINE,
                  "deadline")  # fmt: skip
    if d is None:
        return 31, 5
    day, month = d.number("day", whole=True), d.number("month", whole=True)
    try:
        date(2000, int(month or 0), int(day or 0))  # a leap year: 29/02 is a real day
    except ValueError:
        d._bad("deadline", M.deadline_bad)
        return 31, 5
    return int(day or 31), int(month or 5)


def _strings(top: _Reader, name: str) -> tuple[str, ...]:
    value = top.obj.get(name, [])
    if not isinstance(value, list) or not all(isinstance(x, str) and x.strip() for x in value):
        top._bad(name, M.not_text)
        return ()
    return tuple(x.strip() for x in value)


def _day(top: _Reader, name: str) -> date:
    text = top.text(name)
    try:
        return date.fromisoformat(text)
    except ValueError:
        if text:
            top._bad(name, M.not_date)
        return date(1970, 1, 1)


def parse_set(data: bytes, file: str) -> CriteriaSet:
    """The criteria set in ``data`` (a JSON file named ``file``), or a ``ValidationError``."""
    try:
        raw = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise ValidationError(M.set_unreadable.format(file=file, detail=exc.reason)) from exc
    except json.JSONDecodeError as exc:
        raise ValidationError(M.set_not_json.format(file=file, line=exc.lineno, col=exc.colno,
                                                    detail=exc.msg)) from exc  # fmt: skip
    problems = _Problems()
    if not isinstance(raw, dict):
        problems.add("top", "format", M.not_object)
        raw = {}
    top = _Reader(raw, problems, "top", {}, _TOP)
    if raw.get("format") != FORMAT:
        problems.add("top", "format", M.set_format.format(expected=FORMAT,
                                                          found=raw.get("format", "")))  # fmt: skip
    key = top.text("key")
    if key and not _KEY.match(key):
        top._bad("key", M.bad_key)
    day, month = _deadline(top)
    levels, overall = _levels(top)
    result = CriteriaSet(
        key, top.text("version"), top.text("title"), top.text("decision"),
        _day(top, "decision_date"), top.flag("verified"),
        top.text("verification_note", required=False), day, month, _groups(top), levels,
        overall, _strings(top, "known_gaps"), _strings(top, "sources"),
    )  # fmt: skip
    if problems.items:
        raise ValidationError(
            M.set_bad_file.format(file=file, count=len(problems.items), first=problems.items[0]),
            details="\n".join(problems.items),
        )
    return result


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

"""Reading a criteria set file (docs/cds-criteria-format.md) into ``app.cds.sets`` types.

``parse_set`` reads the bytes and checks everything, collecting every problem with the group,
criterion and field it concerns; the first is the message and all are in the details, so a
file is refused whole with every mistake listed. Unknown fields are mistakes too (a typo would
otherwise be ignored silently). Pure: no database.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from app.cds.sets import (
    FORMAT,
    Band,
    CriteriaSet,
    Criterion,
    Group,
    Level,
    Rule,
    RuleKind,
    points_text,
)
from app.errors import ValidationError
from app.messages.cds import CDS_MSG as M

_KEY = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,59}$")
_num = points_text


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

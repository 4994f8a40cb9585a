"""The value type of a pre-fill metric (``app.cds.prefill``)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

MetricValue = Decimal | int | bool | None


@dataclass(frozen=True)
class Metric:
    """One figure the app computes from its own records.

    ``value`` is a ``Decimal`` for a share (a percentage, 1 decimal) or a ratio, an ``int``
    for a count, a ``bool`` for a yes/no fact, ``None`` when not ``available`` (then
    ``why_not`` says why, in Vietnamese). ``explanation`` names the records, the formula and
    the counts.
    """

    id: str
    label: str
    value: MetricValue
    unit: str
    explanation: str
    available: bool
    why_not: str = ""

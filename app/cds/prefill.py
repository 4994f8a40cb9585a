"""Pre-fill metrics for the CĐS self-assessment and the year's task checklist (issue 16 §2).

Each metric measures something the app itself holds (the grade book, the học bạ, accounts,
the equipment register, backups) for one school year, shows how it was computed in plain
Vietnamese ("412/430 học sinh có học bạ đã ký = 95,8 %"), or says why it cannot be computed
yet. ``compute_metrics`` is a query: it reads, writes nothing, and returns frozen values that
the assessment (a criterion's ``prefill: <metric id>``), the task checklist and the screens
use as they are.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.cds.prefill_queries import METRIC_IDS, all_metrics
from app.cds.prefill_types import Metric, MetricValue
from app.db import Actor
from app.permissions import Perm, require

__all__ = ["METRIC_IDS", "Metric", "MetricValue", "compute_metrics"]


def compute_metrics(session: Session, actor: Actor | None, school_year: str) -> dict[str, Metric]:
    """Every metric of ``school_year`` by id, in the order of ``METRIC_IDS`` (a level the
    school does not teach has no computer-ratio metric)."""
    require(actor, Perm.CDS_VIEW)
    return {m.id: m for m in all_metrics(session, school_year)}

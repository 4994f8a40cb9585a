"""The submission bundle (gói gửi đi): the assessment as JSON with its criteria set, plus the
evidence files, in one zip written whole or not at all (issue 16 §2).

``assessment.json`` holds the school, the year, the state, the set's key, version and SHA-256,
each criterion's value, points, note, pre-filled figure and evidence (name, version, size,
SHA-256 and path in the zip), the group totals and levels. ``criteria-set.json`` is the set
exactly as stored. ``minh-chung/<sha256><ext>`` holds each file once (content-addressed).
Exporting it from "BGH đã duyệt" records the assessment as sent (``mark_sent``).
"""

from __future__ import annotations

import json
import zipfile
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from app import school
from app.atomic_file import written_beside
from app.cds import evidence, workflow
from app.cds.assessment import require_assessment
from app.cds.models import STATE_LABELS, CriteriaSetRecord, State
from app.cds.sets import plain_text
from app.cds.view import AssessmentView, assessment_view
from app.changes import Changes, carried
from app.db import Actor
from app.errors import StorageError, ValidationError
from app.messages.cds import CDS_MSG as M
from app.messages.excel import EXCEL_MSG
from app.permissions import Perm, require

FORMAT = "truongso-cds-submission/1"
EXPORTABLE = (State.APPROVED, State.SENT, State.ACCEPTED)


@dataclass(frozen=True)
class Bundle:
    """What was written: the file, how many evidence files, the state afterwards."""

    path: Path
    files: int
    state_label: str
    changes: Changes = carried()


def _num(value: Decimal) -> str:
    return plain_text(value)


def document(v: AssessmentView, school_code: str, school_name: str, set_sha: str) -> dict[str, Any]:
    """The assessment as the bundle's JSON."""
    criteria = []
    for r in v.rows:
        criteria.append({
            "code": r.code, "group": r.group, "value": r.value, "value_label": r.value_label,
            "points": _num(r.points) if r.answered else None, "note": r.note,
            "prefill": {"metric": r.prefill_metric, "value": r.prefill_label,
                        "explanation": r.prefill_explanation, "overridden": r.overridden,
                        "reason": r.override_reason} if r.prefill_metric else None,
            "evidence": [{"file_name": f.file_name, "version": f.file_version,
                          "media_type": f.media_type, "size": f.size, "sha256": f.sha256,
                          "path": f"minh-chung/{f.sha256}{Path(f.file_name).suffix.lower()}"}
                         for f in r.evidence if not f.withdrawn],
        })  # fmt: skip
    groups = [{"code": g.code, "name": g.name, "total": _num(g.total),
               "max_points": _num(g.max_points),
               "level": g.level.label if g.level else None,
               "mandatory_met": list(g.mandatory_met), "mandatory_unmet": list(g.mandatory_unmet)}
              for g in v.result.groups]  # fmt: skip
    overall = v.result.overall
    return {
        "format": FORMAT, "school_code": school_code, "school_name": school_name,
        "school_year": v.year, "state": v.state, "state_label": v.state_label,
        "criteria_set": {"key": v.set_key, "version": v.set_version, "sha256": set_sha,
                         "verified": v.verified, "warnings": list(v.set_warnings)},
        "criteria": criteria, "groups": groups,
        "overall_level": overall.label if overall else None,
        "overall_note": v.result.overall_note,
        "principal_comment": v.principal_comment, "exported_on": date.today().isoformat(),
    }  # fmt: skip


def export_bundle(session: Session, actor: Actor | None, year: str, path: Path) -> Bundle:
    """Write the bundle of ``year`` to ``path``; from "BGH đã duyệt" the assessment is then
    recorded as sent. Only an approved assessment leaves the school."""
    require(actor, Perm.CDS_SEND)
    a = require_assessment(session, year)
    if a.state not in EXPORTABLE:
        raise ValidationError(M.bundle_state.format(year=year, state=STATE_LABELS[a.state]))
    if a.state == State.APPROVED:
        workflow.apply(session, actor, year, "mark_sent")
    v = assessment_view(session, actor, year)
    record = session.get(CriteriaSetRecord, a.set_id)
    assert record is not None
    prof = school.require_profile(session)
    doc = document(v, prof.code, prof.name, record.content_sha256)
    files = {f.sha256: f for r in v.rows for f in r.evidence if not f.withdrawn}
    try:
        with written_beside(path) as tmp, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr("assessment.json", json.dumps(doc, ensure_ascii=False, indent=1))
            z.writestr("criteria-set.json", bytes(record.content))
            for sha, f in sorted(files.items()):
                data = evidence.blob(session, sha)
                if data is not None:
                    z.writestr(f"minh-chung/{sha}{Path(f.file_name).suffix.lower()}", data)
    except OSError as exc:
        raise StorageError(EXCEL_MSG.write_failed.format(path=path, detail=exc)) from exc
    return Bundle(path, len(files), v.state_label, Changes.of("cds_assessment"))

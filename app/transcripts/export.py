"""The structured export of a transcript version: JSON with a versioned schema
(``docs/transcript-format.md``).

A mapping layer stands between our record and any published format: ``MAPPINGS`` names each
format by its schema id, and each mapping writes its own field names from a
``TranscriptRecord`` and the version's facts. Our own format is ``truongso.transcript/1``;
the Ministry's open format (NĐ 88/2026, not yet published) will be another mapping, and
renaming a field of the record never changes a published export.

The export carries the canonical record it was made from and that record's SHA-256 (the
hash in the QR code), so anyone can check the one against the other.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from app.db import Actor
from app.errors import ValidationError
from app.gradebook.access import get_class
from app.journal_schema import format_time
from app.messages.transcripts import TRANSCRIPT_MSG as M
from app.permissions import Perm, can
from app.transcripts import access, canonical
from app.transcripts.queries import SignatureInfo, VersionInfo, version_info
from app.transcripts.record import Mark, SubjectLine, TranscriptRecord, YearPage
from app.transcripts.service import get_version

SCHEMA = "truongso.transcript/1"
MASKED = "***"
"""The personal ID as exported to someone not allowed to see it (then ``record`` no longer
hashes to ``record_sha256``: the export says so by its masked value)."""


@dataclass(frozen=True)
class ExportSource:
    """What a mapping reads: the record, its version, where it comes from."""

    record: TranscriptRecord
    version: VersionInfo
    record_json: str


Mapping = Callable[[ExportSource], dict[str, Any]]


def _mark(value: Mark) -> str | None:
    if value is None:
        return None
    if isinstance(value, Decimal):
        return canonical.decimal_text(value)
    return value


def _measure(value: Decimal | None) -> str | None:
    return canonical.decimal_text(value) if value is not None else None


def _subject(line: SubjectLine) -> dict[str, Any]:
    return {
        "name": line.name,
        "assessed_by_comment": line.comment_only,
        "semester_1": _mark(line.semester_1),
        "semester_2": _mark(line.semester_2),
        "year": _mark(line.year),
        "reassessment": _mark(line.retest),
        "teacher": line.teacher or None,
        "level": line.level,
        "periodic_test": _measure(line.test_score),
        "comment": line.comment or None,
    }


def _year(page: YearPage) -> dict[str, Any]:
    return {
        "school_year": page.school_year,
        "grade": page.grade,
        "class": page.class_name,
        "school": page.school_name,
        "homeroom_teacher": page.homeroom_teacher,
        "principal": page.principal,
        "subjects": [_subject(s) for s in page.subjects],
        "terms": [
            {
                "term": t.term,
                "conduct": t.conduct,
                "learning": t.learning,
                "absent_sessions": t.absences,
            }  # fmt: skip
            for t in page.terms
        ],
        "conduct_after_summer": page.conduct_after_summer,
        "learning_after_reassessment": page.learning_after_retest,
        "qualities": [{"name": r.name, "level": r.level} for r in page.qualities],
        "competencies": [{"name": r.name, "level": r.level} for r in page.competencies],
        "overall_result": page.overall or None,
        "outcome": page.outcome or None,
        "completion": page.completion or None,
        "commendations": list(page.commendations),
        "certificates": list(page.certificates),
        "competitions": list(page.competitions),
        "homeroom_comment": page.homeroom_comment or None,
        "height_cm": _measure(page.height_cm),
        "weight_kg": _measure(page.weight_kg),
        "days_absent": {
            "excused": page.days_absent_excused,
            "unexcused": page.days_absent_unexcused,
        },
    }


def _signature(s: SignatureInfo) -> dict[str, Any]:
    return {
        "order": s.position,
        "role": s.role,
        "signer": s.signer_name,
        "title": s.signer_title or None,
        "signed_at": format_time(s.signed_at),
        "certificate_sha256": s.certificate_sha256,
    }


def truongso_v1(src: ExportSource) -> dict[str, Any]:
    """Our own format, ``truongso.transcript/1``."""
    r, v, ident = src.record, src.version, src.record.identity
    return {
        "schema": SCHEMA,
        "level": r.level.value,
        "school": {
            "code": r.school.code,
            "name": r.school.name,
            "parent_body": r.school.parent_body,
            "province": r.school.province,
            "commune": r.school.commune,
        },  # fmt: skip
        "learner": {
            "full_name": ident.full_name,
            "sex": ident.sex,
            "date_of_birth": ident.date_of_birth.isoformat() if ident.date_of_birth else None,
            "codes": {
                "school": ident.student_code or None,
                "sector": ident.ministry_code or None,
                "lifelong_record": ident.lifelong_record_number or None,
                "personal_id": ident.personal_id or None,
            },
        },
        "process": [
            {
                "school_year": p.school_year,
                "class": p.class_name,
                "school": p.school_name,
                "entered_by_hand": p.entered_by_hand,
            }  # fmt: skip
            for p in r.process
        ],
        "years": [_year(page) for page in r.years],
        "version": {
            "number": v.number,
            "state": v.state,
            "correction_reason": v.correction_reason or None,
            "prepared_by": v.prepared_by,
            "prepared_at": format_time(v.prepared_at),
            "issued_at": format_time(v.issued_at) if v.issued_at else None,
        },
        "signatures": [_signature(s) for s in v.signatures],
        "record_sha256": v.data_sha256,
        "record": canonical.as_data(r),
    }


MAPPINGS: dict[str, Mapping] = {SCHEMA: truongso_v1}
"""Every export format by its schema id; a Ministry format is added here as its own mapping."""


def export_version(
    session: Session, actor: Actor | None, version_id: uuid.UUID, schema: str = SCHEMA
) -> dict[str, Any]:
    """The export of a stored version in ``schema`` (our own by default)."""
    t, v = get_version(session, version_id)
    access.require_view(actor, get_class(session, t.class_id))
    mapping = MAPPINGS.get(schema)
    if mapping is None:
        raise ValidationError(M.schema_unknown.format(schema=schema, known=", ".join(MAPPINGS)))
    record = canonical.loads(v.data)
    if not can(actor, Perm.VIEW_SENSITIVE):  # a homeroom teacher: no personal ID
        record = replace(record, identity=replace(record.identity, personal_id=MASKED))
    return mapping(ExportSource(record, version_info(session, v), v.data))


def dumps(data: dict[str, Any]) -> str:
    """The export as UTF-8 JSON text, indented for people (key order kept)."""
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"

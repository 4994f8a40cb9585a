"""Stored criteria sets: the bundled one, those an IT coordinator imports, and reading them back.

A set is stored as its canonical JSON (``sets.canonical_text``) with its SHA-256 and never
changed: the same key and version with other content is refused (a corrected set carries a
new version), so an assessment made against a stored set always reads the same criteria.
The shipped set (``resources/cds/*.json``) is stored the first time an assessment needs a set.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.cds.models import Assessment, CriteriaSetRecord
from app.cds.set_loader import parse_set
from app.cds.sets import CriteriaSet, canonical_text
from app.changes import Changes, carried
from app.db import Actor
from app.errors import Conflict, NotFound, ValidationError
from app.messages.cds import CDS_MSG as M
from app.paths import resource
from app.permissions import Perm, require

CHANGES = Changes.of("cds_criteria_set")
BUNDLED_SOURCE = "kèm phần mềm"


@dataclass(frozen=True)
class SetInfo:
    """A stored set as lists show it."""

    id: uuid.UUID
    key: str
    version: str
    title: str
    decision: str
    decision_date: date
    verified: bool
    criteria: int
    assessments: int
    source: str
    sha256: str
    warnings: tuple[str, ...]
    changes: Changes = carried()

    @property
    def mark(self) -> str:
        """The unverified mark to show beside the set's name ("" once verified)."""
        return "" if self.verified else M.set_unverified


@lru_cache(maxsize=16)
def _parsed(sha256: str, content: bytes) -> CriteriaSet:
    return parse_set(content, sha256[:12])


def criteria_set(record: CriteriaSetRecord) -> CriteriaSet:
    """The parsed set of a stored record (cached by its SHA-256)."""
    return _parsed(record.content_sha256, bytes(record.content))


def bundled_files() -> list[Path]:
    """The criteria set files shipped in ``resources/cds/`` (``criteria-*.json``; the task
    checklists beside them are another kind of set)."""
    folder = resource("cds")
    return sorted(folder.glob("criteria-*.json")) if folder.is_dir() else []


def _info(session: Session, r: CriteriaSetRecord) -> SetInfo:
    used = session.scalar(select(func.count()).where(Assessment.set_id == r.id)) or 0
    s = criteria_set(r)
    return SetInfo(r.id, r.key, r.version, r.title, r.decision, r.decision_date, r.verified,
                   len(s.criteria), used, r.source, r.content_sha256, s.warnings())  # fmt: skip


def _store(session: Session, s: CriteriaSet, source: str) -> tuple[CriteriaSetRecord, bool]:
    """Store ``s`` unless stored already; the record and whether it is new."""
    text = canonical_text(s).encode("utf-8")
    sha = hashlib.sha256(text).hexdigest()
    found = session.scalars(
        select(CriteriaSetRecord).where(
            CriteriaSetRecord.key == s.key, CriteriaSetRecord.version == s.version
        )
    ).first()
    if found is not None:
        if found.content_sha256 != sha:
            raise Conflict(M.set_exists_other.format(key=s.key, version=s.version))
        return found, False
    record = CriteriaSetRecord(key=s.key, version=s.version, title=s.title, decision=s.decision,
                               decision_date=s.decision_date, verified=s.verified, content=text,
                               content_sha256=sha, source=source[:300])  # fmt: skip
    session.add(record)
    session.flush()
    return record, True


def ensure_bundled(session: Session) -> None:
    """Store the shipped sets not stored yet (called when a set is needed)."""
    for path in bundled_files():
        s = parse_set(path.read_bytes(), path.name)
        exists = session.scalar(
            select(CriteriaSetRecord.id).where(
                CriteriaSetRecord.key == s.key, CriteriaSetRecord.version == s.version
            )
        )
        if exists is None:
            _store(session, s, BUNDLED_SOURCE)


def check_metrics(s: CriteriaSet, file: str) -> None:
    """Refuse a set whose ``prefill`` names a metric the app does not compute."""
    from app.cds.prefill import METRIC_IDS

    wrong = [M.at_criterion.format(code=c.code, field="prefill",
                                   reason=M.unknown_metric.format(id=c.prefill,
                                                                  ids=", ".join(METRIC_IDS)))
             for c in s.criteria if c.prefill and c.prefill not in METRIC_IDS]  # fmt: skip
    if wrong:
        raise ValidationError(M.set_bad_file.format(file=file, count=len(wrong), first=wrong[0]),
                              details="\n".join(wrong))  # fmt: skip


def import_set(session: Session, actor: Actor | None, path: Path | str) -> SetInfo:
    """Validate and store the set in ``path``; nothing is written if anything is wrong."""
    require(actor, Perm.CDS_EDIT)
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ValidationError(M.set_unreadable.format(file=path.name, detail=exc.strerror)) from exc
    s = parse_set(data, path.name)
    check_metrics(s, path.name)
    record, new = _store(session, s, path.name)
    if not new:
        raise Conflict(M.set_exists_same.format(key=s.key, version=s.version))
    info = _info(session, record)
    return SetInfo(**{**info.__dict__, "changes": CHANGES})


def list_sets(session: Session, actor: Actor | None) -> list[SetInfo]:
    """Every stored set, newest decision first (the shipped one is stored by the first call
    that needs a set; it is listed here from its file when not stored yet)."""
    require(actor, Perm.CDS_VIEW)
    records = session.scalars(
        select(CriteriaSetRecord).order_by(
            CriteriaSetRecord.decision_date.desc(), CriteriaSetRecord.created_at.desc()
        )
    ).all()
    out = [_info(session, r) for r in records]
    stored = {(x.key, x.version) for x in out}
    for path in bundled_files():
        s = parse_set(path.read_bytes(), path.name)
        if (s.key, s.version) not in stored:
            text = canonical_text(s)
            out.append(SetInfo(uuid.UUID(int=0), s.key, s.version, s.title, s.decision,
                               s.decision_date, s.verified, len(s.criteria), 0, BUNDLED_SOURCE,
                               hashlib.sha256(text.encode()).hexdigest(), s.warnings()))  # fmt: skip
    return out


def newest_record(session: Session) -> CriteriaSetRecord:
    """The set a new assessment uses: the latest decision, the latest imported among equals."""
    ensure_bundled(session)
    record = session.scalars(
        select(CriteriaSetRecord).order_by(
            CriteriaSetRecord.decision_date.desc(), CriteriaSetRecord.created_at.desc()
        )
    ).first()
    if record is None:
        raise NotFound(M.no_set)
    return record


def find_record(session: Session, key: str, version: str) -> CriteriaSetRecord:
    """The stored set ``key`` ``version``."""
    ensure_bundled(session)
    record = session.scalars(
        select(CriteriaSetRecord).where(
            CriteriaSetRecord.key == key, CriteriaSetRecord.version == version
        )
    ).first()
    if record is None:
        raise NotFound(M.set_not_found.format(key=key, version=version))
    return record

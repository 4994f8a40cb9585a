"""Evidence files of a year's task (decision 037): checked and stored as the self-assessment's
are (``app.cds.evidence``: type and size checks, bytes once per SHA-256), attached to the
task by a journalled row. The same bytes twice on one task are refused (attached again after
being withdrawn, they come back); a wrong file is withdrawn with a reason, never deleted. A
file is named by its task and SHA-256, which the list shows.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.cds.evidence import EvidenceContent, blob, check_file, preview_kind, store_blob
from app.cds.tasks import CHANGES, EvidenceRow, ensure_stored, find_task
from app.cds.tasks_models import TaskEvidence
from app.changes import Changes
from app.db import Actor
from app.errors import Conflict, NotFound, ValidationError
from app.messages.cds_tasks import TASKS_MSG as M
from app.permissions import Perm, require


def attach_evidence(
    session: Session, actor: Actor | None, year: str, code: str, name: str, data: bytes
) -> EvidenceRow:
    """Attach ``data`` (a file named ``name``) to task ``code`` of ``year``."""
    require(actor, Perm.CDS_EDIT)
    tasks = ensure_stored(session, year)
    task = find_task(tasks, year, code)
    name = Path(name).name.strip()
    media_type, _preview = check_file(name, data)
    sha = hashlib.sha256(data).hexdigest()
    same = _row(session, year, task.code, sha)
    if same is not None and not same.withdrawn:
        raise Conflict(M.evidence_same.format(file=same.file_name, code=task.code))
    if same is not None:  # withdrawn by mistake, attached again: it comes back
        same.withdrawn, same.withdrawn_reason = False, ""
        session.flush()
        return _info(same)
    store_blob(session, data)
    row = TaskEvidence(school_year=year, code=task.code, file_name=name, media_type=media_type,
                       size=len(data), sha256=sha, added_by=actor.username if actor else "")  # fmt: skip
    session.add(row)
    session.flush()
    return _info(row)


def _info(row: TaskEvidence) -> EvidenceRow:
    return EvidenceRow(row.file_name, row.media_type, row.size, row.sha256, row.added_by,
                       row.created_at)  # fmt: skip


def _row(session: Session, year: str, code: str, sha256: str) -> TaskEvidence | None:
    return session.scalar(
        select(TaskEvidence).where(
            TaskEvidence.school_year == year, TaskEvidence.code == code,
            TaskEvidence.sha256 == sha256,
        )
    )  # fmt: skip


def _found(session: Session, year: str, code: str, sha256: str) -> TaskEvidence:
    row = _row(session, year, code.strip().upper(), sha256.strip().lower())
    if row is None:
        raise NotFound(M.evidence_not_found.format(code=code.strip().upper()))
    return row


def withdraw_evidence(
    session: Session, actor: Actor | None, year: str, code: str, sha256: str, reason: str
) -> Changes:
    """Withdraw a file attached to a task by mistake: kept with the reason, no longer listed."""
    require(actor, Perm.CDS_EDIT)
    row = _found(session, year, code, sha256)
    if not reason.strip():
        raise ValidationError(M.evidence_withdraw_reason.format(file=row.file_name))
    row.withdrawn, row.withdrawn_reason = True, reason.strip()
    session.flush()
    return CHANGES


def task_evidence_content(
    session: Session, actor: Actor | None, year: str, code: str, sha256: str
) -> EvidenceContent:
    """A task's file: its bytes, for the preview or to save a copy."""
    require(actor, Perm.CDS_VIEW)
    row = _found(session, year, code, sha256)
    data = blob(session, row.sha256)
    if data is None:
        raise NotFound(M.evidence_not_found.format(code=row.code))
    return EvidenceContent(row.file_name, row.media_type, preview_kind(row.file_name), data)

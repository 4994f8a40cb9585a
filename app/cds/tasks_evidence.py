"""Evidence files of a year's task (decision 037): checked and stored as the self-assessment's
are (``app.cds.evidence``: type and size checks, bytes once per SHA-256), attached to the
task by a journalled row. The same bytes twice on one task are refused; a wrong file is
withdrawn with a reason, never deleted.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.cds.evidence import check_file, store_blob
from app.cds.tasks import EvidenceRow, ensure_stored, find_task
from app.cds.tasks_models import TaskEvidence
from app.db import Actor
from app.errors import Conflict
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
    same = session.scalar(
        select(TaskEvidence.id).where(
            TaskEvidence.school_year == year, TaskEvidence.code == task.code,
            TaskEvidence.sha256 == sha,
        )
    )  # fmt: skip
    if same is not None:
        raise Conflict(M.evidence_same.format(file=name, code=task.code))
    store_blob(session, data)
    row = TaskEvidence(school_year=year, code=task.code, file_name=name, media_type=media_type,
                       size=len(data), sha256=sha, added_by=actor.username if actor else "")  # fmt: skip
    session.add(row)
    session.flush()
    return EvidenceRow(row.file_name, row.media_type, row.size, row.sha256, row.added_by,
                       row.created_at)  # fmt: skip

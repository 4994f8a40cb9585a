"""What to do with a package the hub refused ("cần xử lý", issue 10 §2 and §6): send it again
once the cause is fixed, or hand it to the helpdesk.

The helpdesk zip holds the ``.tspkg`` file as it is (encrypted to the hub, signed by the
school: safe to pass on, only the hub reads it) and a Vietnamese text file describing it
(id, school, range, size, SHA-256, state, attempts, the hub's reason, the times): never
anything decrypted, nor any personal data.
"""

from __future__ import annotations

import uuid
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from app import labels, school
from app.atomic_file import written_beside
from app.changes import Changes
from app.db import Actor, Database, utcnow
from app.errors import Conflict, NotFound
from app.messages.sync_ui import SYNC_UI_MSG as M
from app.numbers import thousands
from app.permissions import Perm, require
from app.sync import outbox, queue_view, school_side
from app.sync.outbox import QUARANTINED, STATE_LABELS
from app.sync.queue_view import OUTBOX, QueueRow

INFO_NAME = "thong-tin-goi.txt"


@dataclass(frozen=True)
class Retried:
    """A quarantined package put back in the queue."""

    package_id: uuid.UUID
    changes: Changes = field(default_factory=lambda: Changes.of(OUTBOX))


def retry(db: Database, actor: Actor | None, package_id: uuid.UUID) -> Retried:
    """Put a "cần xử lý" package back to "chờ gửi" (the cause was fixed)."""
    require(actor, Perm.SYNC)
    with db.uow(actor) as s:
        outbox.retry(s, package_id)
    return Retried(package_id)


def _when(moment: datetime | None) -> str:
    return labels.format_datetime(moment) if moment is not None else M.none


def describe(row: QueueRow, school_text: str, now: datetime) -> str:
    """The helpdesk's text file: one "label: value" line each, in Vietnamese."""
    values = {
        "package": str(row.package_id),
        "school": school_text,
        "file": row.file_name,
        "epoch": row.epoch,
        "range": M.helpdesk_range.format(
            first=thousands(row.first_seq),
            last=thousands(row.last_seq),
            count=thousands(row.entries),
        ),  # fmt: skip
        "size": M.helpdesk_size.format(human=row.size_text, bytes=thousands(row.size)),
        "sha256": row.sha256,
        "state": STATE_LABELS[row.state],
        "attempts": str(row.attempts),
        "reason": row.last_error or M.none,
        "created": _when(row.created_at),
        "sent": _when(row.sent_at),
        "confirmed": _when(row.confirmed_at),
        "exported": _when(now),
    }
    lines = [M.helpdesk_title, "", M.helpdesk_intro, ""]
    lines += [f"{label}: {values[key]}" for label, key in M.helpdesk_lines]
    return "\r\n".join(lines) + "\r\n"  # Notepad on the helpdesk's PC reads it too


@dataclass(frozen=True)
class HelpdeskFile:
    """The zip written for the helpdesk."""

    path: Path
    package_file: str


def export_for_helpdesk(
    db: Database, actor: Actor | None, package_id: uuid.UUID, dest: Path,
    now: datetime | None = None,
) -> HelpdeskFile:  # fmt: skip
    """Write ``dest`` (a zip, whole or not at all): the package file as it is and the text."""
    require(actor, Perm.SYNC)
    now = now or utcnow()
    with db.read(actor) as s:
        row = queue_view.package(s, actor, package_id, now)
        profile = school.get_profile(s)
    if row.state != QUARANTINED:
        raise Conflict(M.helpdesk_not_quarantined.format(state=row.state_label))
    source = school_side.outgoing_folder() / row.file_name
    if not source.is_file():
        raise NotFound(M.helpdesk_file_missing.format(package=package_id, path=source))
    school_text = f"{profile.name} ({profile.code})" if profile else db.school_code
    with written_beside(dest, 0o600) as part, zipfile.ZipFile(part, "w") as z:
        z.write(source, row.file_name, compress_type=zipfile.ZIP_STORED)  # already encrypted
        z.writestr(INFO_NAME, describe(row, school_text, now).encode("utf-8-sig"),
                   compress_type=zipfile.ZIP_DEFLATED)  # fmt: skip
    return HelpdeskFile(dest, row.file_name)


def quarantined(db: Database, actor: Actor | None) -> list[QueueRow]:
    """The "cần xử lý" packages, in journal order."""
    with db.read(actor) as s:
        return queue_view.queue(s, actor, QUARANTINED)

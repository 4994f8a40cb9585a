"""Packages made again, under the same id and range, when their file can no longer go out
(issue 10 §2, §6): encrypted to a hub key that is no longer the kept profile's (an old
profile, the hub's keys renewed: decision 023), or gone from ``goi-di`` (a restore of the
wrong backup removed it as unknown). The range is rebuilt from the journal, whose entries a
package's numbers name for good within its epoch, so the hub sees the same changes; the same
package id keeps re-sending idempotent (an id the hub already accepted answers the same).
"""

from __future__ import annotations

import hashlib
import uuid
from pathlib import Path

from sqlalchemy import select

from app import journal
from app.db import Actor, Database
from app.sync import outbox
from app.sync.hub_profile import HubProfile
from app.sync.outbox import CONFIRMED, OutboxPackage
from app.sync.package_file import PackageRejected, read_header, write_package
from app.sync.payload import build_payloads, past_epochs
from app.sync.school_key import school_key

WHOLE = 1 << 40
"""No cap when a range is made again: it was cut to fit once, it fits again."""


def _hub_key_of(path: Path) -> str | None:
    """The hub key fingerprint in a package file's header; None when the file is gone or bad."""
    try:
        return read_header(path).hub_key
    except PackageRejected:
        return None


def reseal_stale(db: Database, actor: Actor | None, profile: HubProfile, folder: Path) -> int:
    """Make again every unconfirmed package whose file cannot go to ``profile``'s hub; how many.

    A range the journal no longer reaches (it cannot happen within one database: the queue and
    the journal are restored together) is left as it is."""
    with db.read(actor) as s:
        rows = s.execute(
            select(OutboxPackage.id, OutboxPackage.epoch, OutboxPackage.first_seq,
                   OutboxPackage.last_seq, OutboxPackage.file_name)
            .where(OutboxPackage.state != CONFIRMED)
        ).all()  # fmt: skip
        head = journal.head_seq(s)
    wanted = profile.encryption_fingerprint
    stale = [r for r in rows if _hub_key_of(folder / r.file_name) != wanted and r.last_seq <= head]
    if not stale:
        return 0
    key = school_key(db.school_code)
    folder.mkdir(parents=True, exist_ok=True)
    for r in stale:
        with db.read(actor) as s:
            [payload] = build_payloads(s, db.school_code, r.epoch, r.first_seq - 1, r.last_seq,
                                       WHOLE)  # fmt: skip
            payload.past_epochs = past_epochs(s)
        dest = folder / r.file_name
        write_package(dest, school=db.school_code, epoch=r.epoch, seq_from=r.first_seq,
                      seq_to=r.last_seq, manifest=payload.manifest, entries=payload.entries,
                      blobs=payload.blobs, key=key, hub_public=profile.encryption_key,
                      package_id=str(r.id), max_bytes=WHOLE)  # fmt: skip
        digest = hashlib.sha256(dest.read_bytes()).hexdigest()
        with db.uow(actor) as s:
            outbox.resealed(s, uuid.UUID(str(r.id)), dest.stat().st_size, digest)
    return len(stale)

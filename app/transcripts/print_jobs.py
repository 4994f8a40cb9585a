"""What to print: a class's (or the school's) transcripts in one file, or one student's every
year in one file.

Each transcript is drawn from its stored version (the newest of its year), with that
version's data hash in its QR codes, and numbered "Trang x/y" on its own; the file is
written whole or not at all, with progress and Hủy (``print_files.write_print_file``). A
signed transcript's legal copy is its signed file (``transcript export --format pdf``);
these files are for paper.
"""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db import Actor
from app.errors import NotFound
from app.messages.transcript_signing import TSIGN_MSG as M
from app.transcripts import queries, service
from app.transcripts.models import Transcript
from app.transcripts.print_files import PrintItem


def _item(session: Session, version_id: uuid.UUID) -> PrintItem:
    _t, version = service.get_version(session, version_id)
    return PrintItem(service.record_of(session, version_id), version.data_sha256)


def class_items(session: Session, actor: Actor | None, class_id: uuid.UUID) -> list[PrintItem]:
    """The newest version of each transcript of the class, in the class list's order."""
    rows = queries.class_transcripts(session, actor, class_id)
    items = [_item(session, r.version.id) for r in rows if r.version is not None]
    if not items:
        raise NotFound(M.nothing_prepared)
    return items


def school_items(session: Session, actor: Actor | None, year: str) -> list[PrintItem]:
    """Every class of the year, class by class (classes with no transcript are passed over)."""
    from app.students.classes import list_classes

    items: list[PrintItem] = []
    for group in list_classes(session, actor, year):
        rows = queries.class_transcripts(session, actor, group.id)
        items.extend(_item(session, r.version.id) for r in rows if r.version is not None)
    if not items:
        raise NotFound(M.nothing_prepared)
    return items


def student_items(session: Session, actor: Actor | None, student_id: uuid.UUID) -> list[PrintItem]:
    """The newest version of each of the student's years, oldest year first."""
    years = session.scalars(
        select(Transcript.school_year)
        .where(Transcript.student_id == student_id)
        .order_by(Transcript.school_year)
    ).all()
    items = []
    for year in years:
        found = queries.versions(session, actor, student_id, year)  # checks who may see it
        if found:
            items.append(_item(session, found[-1].id))
    if not items:
        raise NotFound(M.nothing_prepared)
    return items

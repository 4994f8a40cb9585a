"""After signing, a change flags the transcript "cần cấp lại" (issue 9 §1).

A session ``before_flush`` hook (installed by importing this module, as ``app.modules``
does) looks at every grade-book row being written, changed or removed, and at the
transcript's own extras and hand-entered years. When the student's transcript of that
year has a signed (or partly signed) newest version, the transcript is flagged, in the same
unit of work, with a journalled reason naming what changed and why (the reason the user
gave for the change, e.g. after an administrator unlocked the year). The signed version is
never touched; a new version is prepared and signed (``service.prepare`` takes the flag's
reason as its correction reason), and its signing clears the flag.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import event, select
from sqlalchemy.orm import Session

from app import journal
from app.gradebook.models import (
    Assessment,
    ConductRecord,
    PrimaryNomination,
    PrimaryRating,
    RetestChoice,
    RetestResult,
    SummerConduct,
)
from app.messages.transcripts import TRANSCRIPT_MSG as M
from app.transcripts.models import (
    FROZEN_STATES,
    Transcript,
    TranscriptExtra,
    TranscriptProcess,
    TranscriptSignature,
    TranscriptVersion,
)

GRADE_BOOK = (
    Assessment,
    ConductRecord,
    SummerConduct,
    RetestResult,
    RetestChoice,
    PrimaryRating,
    PrimaryNomination,
)
EXTRAS = (TranscriptExtra, TranscriptProcess)
WATCHED = GRADE_BOOK + EXTRAS

Key = tuple[uuid.UUID, str]
"""(student, school year)."""


def _touched(session: Session) -> tuple[dict[Key, set[str]], dict[Key, str]]:
    """(student, year) → the Vietnamese names of what changed for them in this flush, and
    the reason given for the change (the row's own, else the unit of work's)."""
    out: dict[Key, set[str]] = {}
    why: dict[Key, str] = {}
    given: dict[int, str] = session.info.get("reasons_by_obj", {})
    for obj in (*session.new, *session.dirty, *session.deleted):
        if not isinstance(obj, WATCHED):
            continue
        if obj in session.dirty and not session.is_modified(obj, include_collections=False):
            continue
        sid, year = getattr(obj, "student_id", None), getattr(obj, "school_year", None)
        if sid is None or not year:
            continue
        out.setdefault((sid, year), set()).add(type(obj).__journal_label__)
        if given.get(id(obj)):
            why.setdefault((sid, year), given[id(obj)])
    return out, why


def _signed(session: Session, keys: list[Key]) -> list[Transcript]:
    """The transcripts of ``keys`` whose newest version is signed, issued or partly signed."""
    students = {sid for sid, _ in keys}
    years = {year for _, year in keys}
    wanted = set(keys)
    stmt = (
        select(Transcript, TranscriptVersion.id, TranscriptVersion.state)
        .join(
            TranscriptVersion,
            (TranscriptVersion.transcript_id == Transcript.id)
            & (TranscriptVersion.number == Transcript.latest_version),
        )
        .where(Transcript.student_id.in_(students), Transcript.school_year.in_(years))
    )
    out = []
    for t, version_id, state in session.execute(stmt):
        if (t.student_id, t.school_year) not in wanted or t.needs_reissue:
            continue
        has_signature = session.scalar(
            select(TranscriptSignature.id).where(TranscriptSignature.version_id == version_id)
        )
        if state in FROZEN_STATES or has_signature is not None:
            out.append(t)
    return out


def _reason(session: Session, what: set[str], given: str, grade_book: bool) -> str:
    names = ", ".join(sorted(what))
    if not grade_book:
        return M.needs_reissue_extra.format(what=names)
    why = given or session.info.get("reason") or M.no_reason_given
    return M.needs_reissue.format(what=names, why=why)


@event.listens_for(Session, "before_flush")
def _flag_signed(session: Session, _context: Any, _instances: Any) -> None:
    touched, why = _touched(session)
    if not touched:
        return
    with session.no_autoflush:
        for t in _signed(session, list(touched)):
            key = (t.student_id, t.school_year)
            what = touched[key]
            extras = {m.__journal_label__ for m in EXTRAS}
            reason = _reason(session, what, why.get(key, ""), grade_book=bool(what - extras))
            t.needs_reissue, t.reissue_reason = True, reason[:1000]
            journal.set_reason(session, t, reason)

"""After signing, a change flags the transcript "cần cấp lại" (issue 9 §1).

A session ``before_flush`` hook (installed by importing this module, as ``app.models``
does) looks at every grade-book row being written, changed or removed, at the transcript's
own extras, and at what its identity page and "Quá trình học tập" show: the student's
identity, their guardians, the years entered by hand (these reach every later year's
transcript too). When a transcript they reach has a signed (or partly signed) newest
version, it is flagged, in the same unit of work, with a journalled reason naming what
changed and why (the reason the user gave, e.g. after an administrator unlocked the year).
Writes that bypass the ORM (the bulk student import) are not seen. The signed version is
never touched; a new version is prepared and signed (``service.prepare`` takes the flag's
reason as its correction reason), and its signing clears the flag.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import event, inspect, select
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
from app.students.models import Guardian, Student
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
RECORD = (TranscriptExtra, TranscriptProcess, Student, Guardian)
"""What the transcript shows besides the grade book: its extras, the years elsewhere, the
identity page (the student and their guardians)."""
IDENTITY_COLUMNS = frozenset(
    {"full_name", "date_of_birth", "sex", "place_of_birth", "ethnicity_code", "nationality",
     "hometown", "address_province", "address_commune", "address_detail", "personal_id",
     "student_code", "ministry_code", "lifelong_record_number", "relation"}
)  # fmt: skip
FROM_ALL_YEARS = ""
"""A change that shows on every transcript of the student from ``year`` on (the identity page,
or "Quá trình học tập" from the year entered by hand): the year ``""`` means all of them."""

Key = tuple[uuid.UUID, str]
"""(student, school year, or the first year it reaches)."""


@dataclass
class Touched:
    """What this flush changes, per (student, year): names of what, the reason, the kind."""

    what: dict[Key, set[str]] = field(default_factory=dict)
    why: dict[Key, str] = field(default_factory=dict)
    grade_book: set[Key] = field(default_factory=set)
    onward: set[Key] = field(default_factory=set)  # reaches every later year too

    def add(self, key: Key, label: str, reason: str, grade_book: bool, onward: bool) -> None:
        self.what.setdefault(key, set()).add(label)
        if reason:
            self.why.setdefault(key, reason)
        if grade_book:
            self.grade_book.add(key)
        if onward:
            self.onward.add(key)

    def matches(self, student_id: uuid.UUID, year: str) -> list[Key]:
        """The keys that reach the transcript of ``student_id`` for ``year``."""
        return [
            k for k in self.what
            if k[0] == student_id and (k[1] == year or (k in self.onward and k[1] <= year))
        ]  # fmt: skip


def _identity_changed(obj: object) -> bool:
    state = inspect(obj)
    return any(
        state.attrs[name].history.has_changes() for name in IDENTITY_COLUMNS if name in state.attrs
    )


def _key(obj: object) -> tuple[Key, bool] | None:
    """(student, year) a changed row reaches, and whether it reaches the later years too."""
    if isinstance(obj, Student):
        return (obj.id, FROM_ALL_YEARS), True
    sid = getattr(obj, "student_id", None)
    if sid is None:
        return None
    if isinstance(obj, Guardian):
        return (sid, FROM_ALL_YEARS), True
    year = getattr(obj, "school_year", None)
    if not year:
        return None
    return (sid, year), isinstance(obj, TranscriptProcess)


def _touched(session: Session) -> Touched:
    """What changes in this flush, with the reason given for it (the row's, else the unit
    of work's)."""
    out = Touched()
    given: dict[int, str] = session.info.get("reasons_by_obj", {})
    watched = GRADE_BOOK + RECORD
    # Each of session.new/dirty/deleted builds a fresh set: taken once, not once per object
    # (a 10,000-row save spent half a minute here).
    new, dirty_set, deleted = session.new, session.dirty, session.deleted
    for obj in (*new, *dirty_set, *deleted):
        if not isinstance(obj, watched):
            continue
        dirty = obj in dirty_set
        if dirty and not session.is_modified(obj, include_collections=False):
            continue
        if isinstance(obj, Student | Guardian) and (obj in new or not _identity_changed(obj)):
            continue  # a new student has no transcript; search terms and the like show nowhere
        found = _key(obj)
        if found is None:
            continue
        key, onward = found
        label = type(obj).__journal_label__
        out.add(key, label, given.get(id(obj), ""), isinstance(obj, GRADE_BOOK), onward)
    return out


def _signed(session: Session, touched: Touched) -> list[tuple[Transcript, list[Key]]]:
    """The transcripts the changes reach whose newest version is signed, issued or partly
    signed, each with the keys that reach it."""
    students = {sid for sid, _ in touched.what}
    stmt = (
        select(Transcript, TranscriptVersion.id, TranscriptVersion.state)
        .join(
            TranscriptVersion,
            (TranscriptVersion.transcript_id == Transcript.id)
            & (TranscriptVersion.number == Transcript.latest_version),
        )
        .where(Transcript.student_id.in_(students), Transcript.needs_reissue.is_(False))
    )
    out = []
    for t, version_id, state in session.execute(stmt):
        keys = touched.matches(t.student_id, t.school_year)
        if not keys:
            continue
        has_signature = session.scalar(
            select(TranscriptSignature.id).where(TranscriptSignature.version_id == version_id)
        )
        if state in FROZEN_STATES or has_signature is not None:
            out.append((t, keys))
    return out


def _reason(session: Session, touched: Touched, keys: list[Key]) -> str:
    names = ", ".join(sorted({n for k in keys for n in touched.what[k]}))
    if not any(k in touched.grade_book for k in keys):
        return M.needs_reissue_extra.format(what=names)
    given = next((touched.why[k] for k in keys if k in touched.why), "")
    why = given or session.info.get("reason") or M.no_reason_given
    return M.needs_reissue.format(what=names, why=why)


@event.listens_for(Session, "before_flush")
def _flag_signed(session: Session, _context: Any, _instances: Any) -> None:
    touched = _touched(session)
    if not touched.what:
        return
    with session.no_autoflush:
        for t, keys in _signed(session, touched):
            reason = _reason(session, touched, keys)
            t.needs_reissue, t.reissue_reason = True, reason[:1000]
            journal.set_reason(session, t, reason)

"""What the transcript forms need and the grade book lacks, entered by the homeroom teacher.

Per student per school year (``TranscriptExtra``): height and weight (primary form), days
absent (primary form: the grade book counts half-day sessions for secondary classes only),
certificates, competitions, commendations beyond the computed title, and the homeroom
teacher's comment. And the years at other schools for "Quá trình học tập"
(``TranscriptProcess``). Each is validated here, journalled, and flags a signed transcript
"cần cấp lại" when changed (``app.transcripts.reissue``).
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import school
from app.changes import Changes
from app.db import Actor
from app.errors import NotFound, PermissionDenied, ValidationError
from app.grading.scores import clean_text
from app.messages.transcripts import TRANSCRIPT_MSG as M
from app.students.models import Enrolment
from app.transcripts import access, build
from app.transcripts.models import TranscriptExtra, TranscriptProcess

EXTRAS = Changes.of("transcript_extra")
PROCESS = Changes.of("transcript_process")
HEIGHT_RANGE = (Decimal("60"), Decimal("220"))
WEIGHT_RANGE = (Decimal("8"), Decimal("150"))
MAX_DAYS = 200
YEAR_PATTERN = re.compile(r"^(\d{4})-(\d{4})$")


@dataclass(frozen=True)
class ExtrasInput:
    """The extras as typed; ``None`` keeps what is stored, "" clears a field."""

    height_cm: str | None = None
    weight_kg: str | None = None
    days_absent_excused: str | None = None
    days_absent_unexcused: str | None = None
    certificates: str | None = None
    competitions: str | None = None
    commendations: str | None = None
    homeroom_comment: str | None = None


@dataclass(frozen=True)
class Extras:
    """A student's stored extras for a year ("" or None where nothing was entered)."""

    height_cm: str = ""
    weight_kg: str = ""
    days_absent_excused: int | None = None
    days_absent_unexcused: int | None = None
    certificates: tuple[str, ...] = ()
    competitions: tuple[str, ...] = ()
    commendations: tuple[str, ...] = ()
    homeroom_comment: str = ""


def parse_measure(field: str, text: str, bounds: tuple[Decimal, Decimal]) -> str:
    """A height or weight ("132,5", "132.5", "132") as canonical text with one decimal; "" clears."""
    raw = clean_text(text).replace(",", ".")
    if not raw:
        return ""
    try:
        value = Decimal(raw).quantize(Decimal("0.1"))
    except InvalidOperation:
        raise ValidationError(M.measure_bad.format(field=field, value=text)) from None
    low, high = bounds
    if not low <= value <= high:
        raise ValidationError(M.measure_range.format(field=field, value=text, low=low, high=high))
    return str(value)


def parse_days(field: str, text: str) -> int | None:
    """Days absent: a whole number 0–200; "" clears."""
    raw = clean_text(text)
    if not raw:
        return None
    if not raw.isdigit() or int(raw) > MAX_DAYS:
        raise ValidationError(M.days_bad.format(field=field, value=text))
    return int(raw)


def _list_text(text: str) -> str:
    """One item per line, trimmed, empty lines dropped (also "; "-separated on one line)."""
    parts = re.split(r"[\n;]", text)
    return "\n".join(clean_text(p) for p in parts if clean_text(p))


def _row(session: Session, student_id: uuid.UUID, year: str) -> TranscriptExtra | None:
    return session.scalar(
        select(TranscriptExtra).where(
            TranscriptExtra.student_id == student_id, TranscriptExtra.school_year == year
        )
    )


def get_extras(session: Session, actor: Actor | None, student_id: uuid.UUID, year: str) -> Extras:
    """The stored extras of a student's year."""
    access.require_view(actor, build.class_of(session, student_id, year))
    row = _row(session, student_id, year)
    if row is None:
        return Extras()
    return Extras(row.height_cm, row.weight_kg, row.days_absent_excused,
                  row.days_absent_unexcused, build.lines(row.certificates),
                  build.lines(row.competitions), build.lines(row.commendations),
                  row.homeroom_comment)  # fmt: skip


def save_extras(
    session: Session, actor: Actor | None, student_id: uuid.UUID, year: str, data: ExtrasInput
) -> Changes:
    """Check and store the extras (only the fields given); the homeroom teacher or principal."""
    group = build.class_of(session, student_id, year)
    access.require_prepare(actor, group)
    values: dict[str, object] = {}
    if data.height_cm is not None:
        values["height_cm"] = parse_measure("Chiều cao (cm)", data.height_cm, HEIGHT_RANGE)
    if data.weight_kg is not None:
        values["weight_kg"] = parse_measure("Cân nặng (kg)", data.weight_kg, WEIGHT_RANGE)
    if data.days_absent_excused is not None:
        values["days_absent_excused"] = parse_days("Nghỉ có phép", data.days_absent_excused)
    if data.days_absent_unexcused is not None:
        values["days_absent_unexcused"] = parse_days("Nghỉ không phép", data.days_absent_unexcused)
    for key in ("certificates", "competitions", "commendations"):
        given = getattr(data, key)
        if given is not None:
            values[key] = _list_text(given)
    if data.homeroom_comment is not None:
        values["homeroom_comment"] = clean_text(data.homeroom_comment)
    row = _row(session, student_id, year)
    if row is None:
        row = TranscriptExtra(id=uuid.uuid4(), school_code=session.info.get("school_code", ""),
                              student_id=student_id, school_year=year, height_cm="",
                              weight_kg="", certificates="", competitions="", commendations="",
                              homeroom_comment="")  # fmt: skip
        session.add(row)
    changed = False
    for key, value in values.items():
        if getattr(row, key) != value:
            setattr(row, key, value)
            changed = True
    session.flush()
    return EXTRAS if changed else Changes()


# ---------------------------------------------------------------- years at other schools


@dataclass(frozen=True)
class ProcessInput:
    """A year at another school, as typed."""

    school_year: str
    class_name: str
    school_name: str
    principal: str = ""


def _year_text(value: str) -> str:
    m = YEAR_PATTERN.match(clean_text(value))
    if m is None or int(m.group(2)) != int(m.group(1)) + 1:
        raise ValidationError(M.year_bad.format(value=value))
    return m.group(0)


def _studied_here(session: Session, student_id: uuid.UUID, year: str) -> bool:
    stmt = select(Enrolment.id).where(
        Enrolment.student_id == student_id, Enrolment.school_year == year
    )
    return session.scalar(stmt.limit(1)) is not None


def _require_prepare_student(session: Session, actor: Actor | None, student_id: uuid.UUID) -> None:
    """The homeroom teacher of one of the student's classes here, or the principal."""
    denied: PermissionDenied | None = None
    for year in sorted((y.name for y in school.list_years(session)), reverse=True):
        if not _studied_here(session, student_id, year):
            continue
        try:
            access.require_prepare(actor, build.class_of(session, student_id, year))
            return
        except PermissionDenied as exc:
            denied = denied or exc
    if denied is not None:
        raise denied
    raise NotFound(M.student_not_found)


def save_process(
    session: Session, actor: Actor | None, student_id: uuid.UUID, data: ProcessInput
) -> Changes:
    """Add or change the hand-entered line of a year spent at another school."""
    _require_prepare_student(session, actor, student_id)
    year = _year_text(data.school_year)
    if _studied_here(session, student_id, year):
        raise ValidationError(M.process_here.format(year=year))
    class_name = clean_text(data.class_name)
    school_name = clean_text(data.school_name)
    if not class_name:
        raise ValidationError(M.field_required.format(field="Lớp"))
    if not school_name:
        raise ValidationError(M.field_required.format(field="Trường"))
    row = session.scalar(
        select(TranscriptProcess).where(
            TranscriptProcess.student_id == student_id, TranscriptProcess.school_year == year
        )
    )
    if row is None:
        row = TranscriptProcess(id=uuid.uuid4(), school_code=session.info.get("school_code", ""),
                                student_id=student_id, school_year=year)  # fmt: skip
        session.add(row)
    row.class_name, row.school_name = class_name, school_name
    row.principal = clean_text(data.principal)
    session.flush()
    return PROCESS


def remove_process(
    session: Session, actor: Actor | None, student_id: uuid.UUID, school_year: str
) -> Changes:
    """Remove a hand-entered year (journalled with its last values)."""
    _require_prepare_student(session, actor, student_id)
    year = _year_text(school_year)
    row = session.scalar(
        select(TranscriptProcess).where(
            TranscriptProcess.student_id == student_id, TranscriptProcess.school_year == year
        )
    )
    if row is None:
        raise NotFound(M.process_missing.format(year=year))
    session.delete(row)
    session.flush()
    return PROCESS

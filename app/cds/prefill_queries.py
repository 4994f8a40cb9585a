"""The queries behind ``app.cds.prefill``: one or two per metric, sized for 3,000 students.

A school year's window is from its first day to the next year's first day (or open when no
next year is recorded): the journal says who entered grades, when the register changed and
when a backup was taken within it. The students of a year are those placed in one of its
classes whose place did not end before the year's last day.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import ColumnElement, Select, func, or_, select, union
from sqlalchemy.orm import QueryableAttribute, Session

from app.accounts import User
from app.cds.prefill_types import Metric
from app.equipment.models import LEVEL_LABELS, EquipmentItem
from app.equipment.ratio import MAXIMUM, computers_by_level, level_ratio, students_by_level
from app.gradebook.models import Assessment, PrimaryRating, TeachingAssignment
from app.journal_schema import OP_EVENT, JournalEntry
from app.labels import format_date, format_datetime, local
from app.messages.cds_prefill import PREFILL_MSG as M
from app.numbers import thousands
from app.school import School, SchoolYear
from app.students.models import ClassGroup, Enrolment, Student
from app.transcripts.models import FROZEN_STATES, Transcript, TranscriptVersion

GRADE_TABLES = (Assessment.__tablename__, PrimaryRating.__tablename__)
EQUIPMENT_TABLE = EquipmentItem.__tablename__
BACKUP_EVENT = "backup"  # app.safety.backup journals each backup under this entity type

METRIC_IDS = (
    "students_enrolled",
    "students_with_grades",
    "students_personal_id",
    "transcripts_signed",
    "teachers_entering_grades",
    "equipment_items",
    "equipment_register_in_use",
    "students_per_computer_tieu_hoc",
    "students_per_computer_thcs",
    "students_per_computer_thpt",
    "backups_in_year",
    "backup_age_days",
)
"""Every metric id, in the order ``compute_metrics`` returns them (a level the school does not
teach has no computer-ratio metric)."""

LABELS: dict[str, tuple[str, str]] = {
    "students_enrolled": (M.students_enrolled, M.unit_students),
    "students_with_grades": (M.students_with_grades, M.unit_percent),
    "students_personal_id": (M.students_personal_id, M.unit_percent),
    "transcripts_signed": (M.transcripts_signed, M.unit_percent),
    "teachers_entering_grades": (M.teachers_entering, M.unit_percent),
    "equipment_items": (M.equipment_items, M.unit_lines),
    "equipment_register_in_use": (M.equipment_in_use, ""),
    **{
        f"students_per_computer_{lv}": (M.students_per_computer.format(level=name), M.unit_ratio)
        for lv, name in LEVEL_LABELS.items()
    },
    "backups_in_year": (M.backups_in_year, M.unit_times),
    "backup_age_days": (M.backup_age, M.unit_days),
}
"""Each metric's label and unit, by id (``METRIC_IDS`` order)."""


@dataclass(frozen=True)
class YearWindow:
    """A school year and the span of time its journal entries fall in."""

    name: str
    start: date
    end: date
    since: datetime
    until: datetime | None

    def during(self, column: QueryableAttribute[datetime]) -> ColumnElement[bool]:
        """``column`` within the window."""
        if self.until is None:
            return column >= self.since
        return (column >= self.since) & (column < self.until)


def share(n: int, total: int) -> Decimal:
    """``n`` of ``total`` as a percentage with one decimal, rounded half up."""
    return (Decimal(100 * n) / Decimal(total)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def vn_decimal(value: Decimal) -> str:
    """A decimal as Vietnamese prints it: 95,8."""
    return str(value).replace(".", ",")


def _midnight(d: date) -> datetime:
    return datetime.combine(d, time.min).astimezone()


def year_window(session: Session, year: str) -> YearWindow | None:
    """The window of ``year``, or None when the year is not recorded."""
    row = session.execute(
        select(SchoolYear.start_date, SchoolYear.end_date).where(SchoolYear.name == year)
    ).one_or_none()
    if row is None:
        return None
    following = session.scalar(
        select(func.min(SchoolYear.start_date)).where(SchoolYear.start_date > row.start_date)
    )
    until = _midnight(following) if following else None
    return YearWindow(year, row.start_date, row.end_date, _midnight(row.start_date), until)


def _unavailable(mid: str, label: str, unit: str, why: str) -> Metric:
    return Metric(mid, label, None, unit, "", False, why)


def _enrolled(w: YearWindow) -> Select[uuid.UUID]:
    return (
        select(Enrolment.student_id)
        .where(
            Enrolment.school_year == w.name,
            or_(Enrolment.end_date.is_(None), Enrolment.end_date >= w.end),
        )
        .distinct()
    )


def student_metrics(session: Session, w: YearWindow) -> list[Metric]:
    """Students of the year; those with grades; those with a personal ID number."""
    enrolled = _enrolled(w).subquery()
    sid = enrolled.c.student_id
    total = session.scalar(select(func.count()).select_from(enrolled)) or 0
    ids = ("students_with_grades", "students_personal_id")
    labels = (M.students_with_grades, M.students_personal_id)
    if total == 0:
        why = M.no_students.format(year=w.name)
        return [_unavailable("students_enrolled", M.students_enrolled, M.unit_students, why)] + [
            _unavailable(i, lb, M.unit_percent, why) for i, lb in zip(ids, labels, strict=True)
        ]
    # IN over the year's graded students, read once: a correlated EXISTS per student let
    # SQLite pick the (school_year, class) index and scan the whole year for each student.
    graded = union(
        select(Assessment.student_id).where(Assessment.school_year == w.name),
        select(PrimaryRating.student_id).where(PrimaryRating.school_year == w.name),
    )
    with_grades = (
        session.scalar(select(func.count()).select_from(enrolled).where(sid.in_(graded))) or 0
    )
    with_id = (
        session.scalar(
            select(func.count())
            .select_from(enrolled)
            .join(Student, Student.id == sid)
            .where(Student.personal_id.is_not(None), Student.personal_id != "")
        )
        or 0
    )
    how = M.students_enrolled_how.format(n=thousands(total), year=w.name)
    out = [Metric("students_enrolled", M.students_enrolled, total, M.unit_students, how, True)]
    for mid, label, n, text in (
        (ids[0], labels[0], with_grades, M.students_with_grades_how),
        (ids[1], labels[1], with_id, M.students_personal_id_how),
    ):
        value = share(n, total)
        how = text.format(
            n=thousands(n), total=thousands(total), year=w.name, share=vn_decimal(value)
        )
        out.append(Metric(mid, label, value, M.unit_percent, how, True))
    return out


def transcripts_metric(session: Session, w: YearWindow) -> Metric:
    """Students of the year whose học bạ of the year is signed through (or issued)."""
    mid, label, unit = "transcripts_signed", M.transcripts_signed, M.unit_percent
    made = session.scalar(
        select(func.count()).select_from(Transcript).where(Transcript.school_year == w.name)
    )
    if not made:
        return _unavailable(mid, label, unit, M.no_transcripts.format(year=w.name))
    enrolled = _enrolled(w).subquery()
    total = session.scalar(select(func.count()).select_from(enrolled)) or 0
    if total == 0:
        return _unavailable(mid, label, unit, M.no_students.format(year=w.name))
    signed = (
        session.scalar(
            select(func.count(func.distinct(Transcript.student_id)))
            .join(
                TranscriptVersion,
                (TranscriptVersion.transcript_id == Transcript.id)
                & (TranscriptVersion.number == Transcript.latest_version),
            )
            .where(
                Transcript.school_year == w.name,
                TranscriptVersion.state.in_(FROZEN_STATES),
                Transcript.student_id.in_(select(enrolled.c.student_id)),
            )
        )
        or 0
    )
    value = share(signed, total)
    how = M.transcripts_signed_how.format(
        n=thousands(signed), total=thousands(total), year=w.name,
        share=vn_decimal(value), made=thousands(made),
    )  # fmt: skip
    return Metric(mid, label, value, unit, how, True)


def teachers_metric(session: Session, w: YearWindow) -> Metric:
    """Teachers assigned to a class of the year (subject or homeroom) who entered grades
    under their own account, as the journal records it."""
    mid, label, unit = "teachers_entering_grades", M.teachers_entering, M.unit_percent
    assigned = union(
        select(TeachingAssignment.teacher_id.label("uid"))
        .join(ClassGroup, ClassGroup.id == TeachingAssignment.class_id)
        .where(ClassGroup.school_year == w.name),
        select(ClassGroup.homeroom_teacher_id.label("uid")).where(
            ClassGroup.school_year == w.name, ClassGroup.homeroom_teacher_id.is_not(None)
        ),
    ).subquery()
    names = list(session.scalars(select(User.username).where(User.id.in_(select(assigned.c.uid)))))
    if not names:
        return _unavailable(mid, label, unit, M.no_teachers.format(year=w.name))
    entered = session.scalar(
        select(func.count(func.distinct(JournalEntry.username))).where(
            JournalEntry.entity_type.in_(GRADE_TABLES),
            JournalEntry.username.in_(names),
            w.during(JournalEntry.at),
        )
    )
    n, value = entered or 0, share(entered or 0, len(names))
    how = M.teachers_entering_how.format(
        n=n, total=len(names), year=w.name, start=format_date(w.start), share=vn_decimal(value)
    )
    return Metric(mid, label, value, unit, how, True)


def equipment_metrics(session: Session, w: YearWindow) -> list[Metric]:
    """The register's lines and units (not disposed), its last change and its changes in
    the year."""
    lines, units, last = session.execute(
        select(
            func.count(EquipmentItem.id),
            func.coalesce(func.sum(EquipmentItem.quantity), 0),
            func.max(EquipmentItem.updated_at),
        ).where(EquipmentItem.disposed_on.is_(None))
    ).one()
    changes = (
        session.scalar(
            select(func.count()).where(
                JournalEntry.entity_type == EQUIPMENT_TABLE, w.during(JournalEntry.at)
            )
        )
        or 0
    )
    if not lines:
        why = M.no_equipment
        return [
            _unavailable("equipment_items", M.equipment_items, M.unit_lines, why),
            _unavailable("equipment_register_in_use", M.equipment_in_use, "", why),
        ]
    how = M.equipment_items_how.format(
        lines=thousands(lines), units=thousands(int(units)), last=format_datetime(last)
    )
    used = M.equipment_in_use_how.format(n=thousands(changes), start=format_date(w.start))
    return [
        Metric("equipment_items", M.equipment_items, int(lines), M.unit_lines, how, True),
        Metric("equipment_register_in_use", M.equipment_in_use, changes > 0, "", used, True),
    ]


def computer_metrics(session: Session, w: YearWindow, current: str) -> list[Metric]:
    """Students per working computer for each level the school teaches (app.equipment.ratio),
    for the current year only: the register holds the computers as they are now."""
    levels_text = session.scalar(select(School.levels)) or ""
    levels = [lv for lv in LEVEL_LABELS if lv in levels_text.split(",")]
    if w.name != current:
        why = M.ratio_current_only.format(current=current or M.never)
        return [
            _unavailable(
                f"students_per_computer_{lv}",
                M.students_per_computer.format(level=LEVEL_LABELS[lv]),
                M.unit_ratio,
                why,
            )
            for lv in levels
        ]
    students, computers = students_by_level(session), computers_by_level(session)
    out = []
    for lv in levels:
        r = level_ratio(lv, students.get(lv, 0), computers.get(lv, 0) + computers.get("", 0))
        mid = f"students_per_computer_{lv}"
        label = M.students_per_computer.format(level=r.level_label)
        if r.students == 0:
            why = M.no_students_level.format(year=w.name, level=r.level_label)
            out.append(_unavailable(mid, label, M.unit_ratio, why))
        elif r.ratio is None:
            why = M.no_computers.format(level=r.level_label, students=thousands(r.students))
            out.append(_unavailable(mid, label, M.unit_ratio, why))
        else:
            how = M.students_per_computer_how.format(
                level=r.level_label, students=thousands(r.students), computers=r.computers,
                ratio=vn_decimal(r.ratio), limit=vn_decimal(MAXIMUM[lv][1]),
            )  # fmt: skip
            out.append(Metric(mid, label, r.ratio, M.unit_ratio, how, True))
    return out


def backup_metrics(session: Session, w: YearWindow, today: date) -> list[Metric]:
    """Backups journalled in the year, and the days since the last one (ever)."""
    is_backup = (JournalEntry.entity_type == BACKUP_EVENT) & (JournalEntry.op == OP_EVENT)
    n = session.scalar(select(func.count()).where(is_backup, w.during(JournalEntry.at))) or 0
    last = session.scalar(select(func.max(JournalEntry.at)).where(is_backup))
    last_text = format_datetime(last) if last else M.never
    how = M.backups_in_year_how.format(n=n, start=format_date(w.start), last=last_text)
    count = Metric("backups_in_year", M.backups_in_year, n, M.unit_times, how, True)
    if last is None:
        return [count, _unavailable("backup_age_days", M.backup_age, M.unit_days, M.no_backup)]
    days = max(0, (today - local(last).date()).days)
    age_how = M.backup_age_how.format(last=last_text, days=days)
    return [count, Metric("backup_age_days", M.backup_age, days, M.unit_days, age_how, True)]


def all_metrics(session: Session, year: str, today: date | None = None) -> list[Metric]:
    """Every metric of ``year``; all unavailable, each saying why, when the year is unknown."""
    w = year_window(session, year)
    if w is None:
        why = M.no_year.format(year=year)
        return [_unavailable(mid, label, unit, why) for mid, (label, unit) in LABELS.items()]
    current = session.scalar(select(SchoolYear.name).where(SchoolYear.is_current.is_(True)))
    today = today or datetime.now(UTC).astimezone().date()
    return [
        *student_metrics(session, w),
        transcripts_metric(session, w),
        teachers_metric(session, w),
        *equipment_metrics(session, w),
        *computer_metrics(session, w, current or ""),
        *backup_metrics(session, w, today),
    ]

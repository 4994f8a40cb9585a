"""Teaching weeks, days and periods of a loan slip (decision 027).

Tuần học 1 is the week (Monday to Sunday) holding the school year's start date; week ``n``
starts ``7·(n−1)`` days after that Monday. Days are numbered the Vietnamese way: 2 = Thứ 2
… 7 = Thứ 7, 8 = Chủ nhật. Periods are tiết 1–10 of the day (1–5 morning, 6–10 afternoon
in most schools); "" means the whole day.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import ValidationError
from app.labels import format_date
from app.messages.equipment_loans import EQUIPMENT_LOANS_MSG as M
from app.school import SchoolYear

PERIODS = range(1, 11)
WEEKDAYS = range(2, 9)


def first_monday(start: date) -> date:
    """The Monday of the week holding ``start`` (the first day of tuần 1)."""
    return start - timedelta(days=start.weekday())


def week_count(start: date, end: date) -> int:
    """How many teaching weeks the year has, its last (partial) week counted."""
    return (end - first_monday(start)).days // 7 + 1


def slot_day(start: date, week: int, weekday: int) -> date:
    """The date of ``weekday`` (2–8) in teaching week ``week`` of a year starting ``start``."""
    return first_monday(start) + timedelta(days=7 * (week - 1) + weekday - 2)


def week_of(start: date, day: date) -> int | None:
    """The teaching week ``day`` falls in, or None before the year starts."""
    if day < first_monday(start):
        return None
    return (day - first_monday(start)).days // 7 + 1


def weekday_of(day: date) -> int:
    """2 for a Monday … 8 for a Sunday."""
    return day.weekday() + 2


def weekday_label(weekday: int) -> str:
    """ "Thứ 2" … "Thứ 7", "Chủ nhật"."""
    return M.weekday_sunday if weekday == 8 else M.weekday_n.format(n=weekday)


def parse_periods(text: str) -> tuple[int, ...]:
    """``"1,2"``, ``"3-5"``, ``"1 2"`` → sorted periods; refuses anything outside 1–10."""
    out: set[int] = set()
    for part in text.replace(";", ",").replace(" ", ",").split(","):
        part = part.strip()
        if not part:
            continue
        lo, _, hi = part.partition("-")
        try:
            first, last = int(lo), int(hi or lo)
        except ValueError:
            raise ValidationError(M.periods_bad.format(value=text)) from None
        if first not in PERIODS or last not in PERIODS or last < first:
            raise ValidationError(M.periods_bad.format(value=text))
        out.update(range(first, last + 1))
    return tuple(sorted(out))


def periods_text(periods: tuple[int, ...]) -> str:
    """Stored form: ``"1,2"``."""
    return ",".join(str(p) for p in periods)


def stored_periods(text: str) -> frozenset[int]:
    """The periods of a stored slip; the whole day when none were given."""
    return frozenset(int(p) for p in text.split(",") if p) or frozenset(PERIODS)


def current_year(session: Session) -> SchoolYear:
    """The current school year (ValidationError when none is set)."""
    year = session.scalar(select(SchoolYear).where(SchoolYear.is_current.is_(True)))
    if year is None:
        raise ValidationError(M.no_year)
    return year


def year_named(session: Session, name: str) -> SchoolYear | None:
    """The school year called ``name``."""
    return session.scalar(select(SchoolYear).where(SchoolYear.name == name))


def check_week(year: SchoolYear, week: int, weekday: int) -> date:
    """The date of a slot, refusing a week outside the year or a day outside 2–8."""
    limit = week_count(year.start_date, year.end_date)
    if not 1 <= week <= limit:
        raise ValidationError(M.week_bad.format(limit=limit, value=week))
    if weekday not in WEEKDAYS:
        raise ValidationError(M.weekday_bad.format(value=weekday))
    return slot_day(year.start_date, week, weekday)


def slot_label(
    kind: str, week: int | None, weekday: int | None, periods: str, start: date, due: date
) -> str:
    """ "Tuần 12, Thứ 3 25/11/2025, tiết 1,2" or "Từ 01/12/2025 đến 31/12/2025"."""
    if kind == "tiet" and week is not None and weekday is not None:
        return M.slot_periods.format(
            week=week, weekday=weekday_label(weekday), day=format_date(start),
            periods=periods or "cả ngày",
        )  # fmt: skip
    return M.slot_long.format(start=format_date(start), due=format_date(due))

"""Lists of loan slips: a teacher's own, all of them, the overdue ones, the lending book's.

A teacher (``REQUEST_LOANS``) sees their own slips; ``VIEW_LOANS`` (equipment officer,
principal) sees every slip, the overdue list and the lending book of anyone. The book holds
the slips actually lent (đang mượn, đã trả) of one school year, optionally one term (the
dates of học kì I/II from the grade book), one teacher or one subject.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from app.accounts import User
from app.db import Actor
from app.equipment.loan_models import LOAN_STATUS_LABELS, LoanLine, LoanSlip
from app.equipment.loan_models import LoanStatus as S
from app.equipment.loan_slots import current_year, slot_label, year_named
from app.equipment.loans import check_own, slip_by_number, user_by_name
from app.equipment.models import CONDITION_LABELS, EquipmentItem
from app.errors import ValidationError
from app.gradebook.models import Semester
from app.messages.equipment_loans import EQUIPMENT_LOANS_MSG as M
from app.permissions import Perm, can, require


@dataclass(frozen=True)
class LineRow:
    """One item on a slip."""

    code: str
    name: str
    quantity: int
    unit: str
    out_condition: str
    return_condition: str

    @property
    def return_label(self) -> str:
        return CONDITION_LABELS.get(self.return_condition, "")


@dataclass(frozen=True)
class SlipRow:
    """A slip as lists, the CLI and the printouts show it."""

    number: int
    borrower: str  # username
    borrower_name: str
    kind: str
    week: int | None
    periods: str
    slot: str
    start_on: date
    due_on: date
    class_name: str
    subject: str
    lesson: str
    status: str
    status_label: str
    returned_at: datetime | None
    refusal_reason: str
    lines: tuple[LineRow, ...]

    def days_late(self, today: date) -> int:
        """Days past the due date (0 when not late)."""
        return max((today - self.due_on).days, 0)

    def items_text(self) -> str:
        """ "TB-000001 Máy chiếu; TB-000009 Thước kẻ × 10"."""
        return "; ".join(
            f"{x.code} {x.name}" + (f" × {x.quantity}" if x.quantity != 1 else "")
            for x in self.lines
        )


def _rows(session: Session, stmt: Select[LoanSlip, User]) -> list[SlipRow]:
    found = list(session.execute(stmt))
    ids = [slip.id for slip, _user in found]
    lines: dict[object, list[LineRow]] = defaultdict(list)
    if ids:
        q = (
            select(LoanLine, EquipmentItem)
            .join(EquipmentItem, EquipmentItem.id == LoanLine.item_id)
            .where(LoanLine.slip_id.in_(ids))
            .order_by(EquipmentItem.code)
        )
        for line, item in session.execute(q):
            lines[line.slip_id].append(LineRow(item.code, item.name, line.quantity, item.unit,
                                               line.out_condition, line.return_condition))  # fmt: skip
    return [
        SlipRow(
            s.number,
            u.username,
            u.full_name,
            s.kind,
            s.week,
            s.periods,
            slot_label(s.kind, s.week, s.weekday, s.periods, s.start_on, s.due_on),
            s.start_on,
            s.due_on,
            s.class_name,
            s.subject,
            s.lesson,
            s.status,
            LOAN_STATUS_LABELS[s.status],
            s.returned_at,
            s.refusal_reason,
            tuple(lines[s.id]),
        )  # fmt: skip
        for s, u in found
    ]


def _base(session: Session) -> Select[LoanSlip, User]:
    school = session.info.get("school_code", "")
    return (
        select(LoanSlip, User)
        .join(User, User.id == LoanSlip.borrower_id)
        .where(LoanSlip.school_code == school)
    )


def list_slips(
    session: Session, actor: Actor | None, *, status: str = "", teacher: str = ""
) -> list[SlipRow]:
    """Slips by number, newest first: all with ``VIEW_LOANS``, else the actor's own."""
    stmt = _base(session).order_by(LoanSlip.number.desc())
    if can(actor, Perm.VIEW_LOANS):
        if teacher:
            stmt = stmt.where(LoanSlip.borrower_id == user_by_name(session, teacher).id)
    else:
        require(actor, Perm.REQUEST_LOANS)
        stmt = stmt.where(LoanSlip.borrower_id == (actor.user_id if actor else None))
    if status:
        stmt = stmt.where(LoanSlip.status == status)
    return _rows(session, stmt)


def get_slip(session: Session, actor: Actor | None, number: int) -> SlipRow:
    """One slip, if the actor may see it."""
    slip = slip_by_number(session, number)
    check_own(session, actor, slip, Perm.VIEW_LOANS)
    return _rows(session, _base(session).where(LoanSlip.id == slip.id))[0]


def overdue(session: Session, actor: Actor | None, today: date | None = None) -> list[SlipRow]:
    """Slips still out after their due date, the longest late first."""
    require(actor, Perm.VIEW_LOANS)
    day = today or date.today()
    stmt = (
        _base(session)
        .where(LoanSlip.status == S.OUT, LoanSlip.due_on < day)
        .order_by(LoanSlip.due_on, LoanSlip.number)
    )
    return _rows(session, stmt)


@dataclass(frozen=True)
class BookScope:
    """What a printed lending book covers."""

    year: str
    term: int | None = None
    teacher: str = ""  # username
    teacher_name: str = ""
    subject: str = ""


def book(
    session: Session,
    actor: Actor | None,
    *,
    year: str = "",
    term: int | None = None,
    teacher: str = "",
    subject: str = "",
) -> tuple[BookScope, list[SlipRow]]:
    """The lending book's slips (lent or returned) in date order, and what they cover.

    A teacher may print their own book; anyone else's needs ``VIEW_LOANS``."""
    own = actor is not None and teacher in ("", actor.username) and not can(actor, Perm.VIEW_LOANS)
    if own:
        require(actor, Perm.REQUEST_LOANS)
        teacher = actor.username if actor else ""
    else:
        require(actor, Perm.VIEW_LOANS)
    y = year_named(session, year) if year else current_year(session)
    if y is None:
        raise ValidationError(M.no_year)
    stmt = (
        _base(session)
        .where(LoanSlip.school_year == y.name, LoanSlip.status.in_((S.OUT, S.RETURNED)))
        .order_by(LoanSlip.start_on, LoanSlip.number)
    )
    if term is not None:
        if term not in (1, 2):
            raise ValidationError(M.term_bad.format(value=term))
        sem = session.scalar(
            select(Semester).where(Semester.school_year == y.name, Semester.number == term)
        )
        if sem is None:
            raise ValidationError(M.term_missing.format(year=y.name, term=term))
        stmt = stmt.where(LoanSlip.start_on >= sem.start_date, LoanSlip.start_on <= sem.end_date)
    name = ""
    if teacher:
        user = user_by_name(session, teacher)
        stmt = stmt.where(LoanSlip.borrower_id == user.id)
        name = user.full_name
    if subject:
        stmt = stmt.where(LoanSlip.subject == subject.strip())
    return BookScope(y.name, term, teacher, name, subject.strip()), _rows(session, stmt)

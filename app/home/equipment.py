"""The equipment officer's home page: slips to approve, overdue and out, the stocktake open.

The figures the Thiết bị page already lists (``app.equipment``), counted in one query each.
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from app.db import Actor
from app.equipment.loan_models import LoanSlip, LoanStatus
from app.equipment.stocktake_models import Stocktake, StocktakeStatus
from app.home.common import backup_figure
from app.home.figures import Facts, Figure, HomePage, Section, Tone, count_figure, target
from app.messages.home import HOME_MSG as M
from app.numbers import thousands
from app.permissions import Perm, require

DUE_SOON_DAYS = 3
"""A teacher's loan shows on their page this many days before it is due."""


def page(session: Session, actor: Actor | None, facts: Facts) -> HomePage:
    """The equipment officer's page."""
    return HomePage("equipment_officer", tuple(sections(session, actor, facts)))


def sections(session: Session, actor: Actor | None, facts: Facts) -> list[Section]:
    """The lending desk and the stocktake, then the backup."""
    require(actor, Perm.VIEW_LOANS)
    figures = (
        loans_pending(session),
        count_figure(
            "loans_overdue",
            M.loans_overdue,
            _slips(session, LoanSlip.status == LoanStatus.OUT, LoanSlip.due_on < facts.today),
            target("equipment", tab="loans", overdue=1),
            alarm=Tone.BAD,
        ),
        _loans_out(session),
        _stocktakes(session),
    )
    return [
        Section("equipment", M.equipment, figures),
        Section("data", M.data, (backup_figure(facts),)),
    ]


def _loans_out(session: Session) -> Figure:
    n = _slips(session, LoanSlip.status == LoanStatus.OUT)
    where = target("equipment", tab="loans", status=LoanStatus.OUT)
    return Figure("loans_out", M.loans_out, thousands(n), where, count=n)


def loans_pending(session: Session) -> Figure:
    """Loan slips sent for approval (the equipment officer approves them)."""
    n = _slips(session, LoanSlip.status == LoanStatus.PENDING)
    where = target("equipment", tab="loans", status=LoanStatus.PENDING)
    return count_figure("loans_pending", M.loans_pending, n, where)


def my_loans_due(session: Session, user_id: uuid.UUID | None, today: date) -> Figure:
    """A borrower's slips still out and due within a few days (or late)."""
    n = _slips(
        session,
        LoanSlip.borrower_id == user_id,
        LoanSlip.status == LoanStatus.OUT,
        LoanSlip.due_on <= today + timedelta(days=DUE_SOON_DAYS),
    )
    late = _slips(
        session,
        LoanSlip.borrower_id == user_id,
        LoanSlip.status == LoanStatus.OUT,
        LoanSlip.due_on < today,
    )
    note = M.my_loans_note.format(days=DUE_SOON_DAYS)
    where = target("equipment", tab="loans")
    return count_figure(
        "my_loans_due", M.my_loans_due, n, where, alarm=Tone.BAD if late else Tone.WARN, note=note
    )


def _stocktakes(session: Session) -> Figure:
    school = session.info.get("school_code", "")
    numbers = list(
        session.scalars(
            select(Stocktake.number)
            .where(Stocktake.school_code == school, Stocktake.status == StocktakeStatus.OPEN)
            .order_by(Stocktake.number)
        )
    )
    value = ", ".join(f"số {n}" for n in numbers) if numbers else M.stocktake_none
    tone = Tone.WARN if numbers else Tone.OK
    where = target("equipment", tab="stocktake")
    return Figure("stocktake_open", M.stocktake_open, value, where, tone=tone, count=len(numbers))


def _slips(session: Session, *conds: ColumnElement[bool]) -> int:
    school = session.info.get("school_code", "")
    stmt = select(func.count()).select_from(LoanSlip).where(LoanSlip.school_code == school, *conds)
    return int(session.scalar(stmt) or 0)

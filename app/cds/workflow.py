"""The assessment's workflow (issue 16 §2): nháp → chờ BGH duyệt → BGH đã duyệt → đã gửi →
được duyệt / bị trả lại, and the deadline.

``TRANSITIONS`` is the whole state machine: each action, the states it starts from, the state
it leads to, the permission it needs and whether it needs a comment. The IT coordinator
prepares and submits (``CDS_EDIT``), the principal approves or sends back with a comment
(``CDS_APPROVE``); "đã gửi" is recorded when the submission bundle is exported or by hand, and
the authority's answer (được duyệt / trả lại with its comments) is typed in (``CDS_SEND``).
A returned assessment is reopened as a draft for the next round. The journal keeps every
step with who, when and the comment as the reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from app.cds.assessment import CHANGES, require_assessment, set_of
from app.cds.models import STATE_LABELS, Assessment, State
from app.changes import Changes
from app.db import Actor, utcnow
from app.errors import ValidationError
from app.messages.cds import CDS_MSG as M
from app.permissions import Perm, can, require


@dataclass(frozen=True)
class Transition:
    """One action of the workflow."""

    action: str
    label: str
    sources: tuple[str, ...]
    target: str
    perm: Perm
    needs_comment: bool = False


TRANSITIONS: tuple[Transition, ...] = (
    Transition("submit", M.action_submit, (State.DRAFT,), State.SUBMITTED, Perm.CDS_EDIT),
    Transition("withdraw", M.action_withdraw, (State.SUBMITTED,), State.DRAFT, Perm.CDS_EDIT),
    Transition("approve", M.action_approve, (State.SUBMITTED,), State.APPROVED, Perm.CDS_APPROVE),
    Transition("send_back", M.action_send_back, (State.SUBMITTED, State.APPROVED), State.DRAFT,
               Perm.CDS_APPROVE, needs_comment=True),
    Transition("mark_sent", M.action_mark_sent, (State.APPROVED,), State.SENT, Perm.CDS_SEND),
    Transition("accept", M.action_accept, (State.SENT,), State.ACCEPTED, Perm.CDS_SEND),
    Transition("return", M.action_return, (State.SENT,), State.RETURNED, Perm.CDS_SEND,
               needs_comment=True),
    Transition("reopen", M.action_reopen, (State.RETURNED,), State.DRAFT, Perm.CDS_EDIT),
)  # fmt: skip
_BY_ACTION = {t.action: t for t in TRANSITIONS}
OPEN_STATES = (State.DRAFT, State.SUBMITTED, State.APPROVED)
"""States in which the school has not sent its assessment yet (the deadline still matters)."""


def actions_for(actor: Actor | None, state: str) -> tuple[Transition, ...]:
    """The actions ``actor`` may take from ``state`` (the screen's buttons)."""
    return tuple(t for t in TRANSITIONS if state in t.sources and can(actor, t.perm))


def apply(
    session: Session, actor: Actor | None, year: str, action: str, comment: str = "",
    answered_on: date | None = None,
) -> Changes:  # fmt: skip
    """Take ``action`` on the assessment of ``year``; ``comment`` is the principal's or the
    authority's (required to send back or record a return), ``answered_on`` the day of the
    authority's answer (today when not given)."""
    t = _BY_ACTION.get(action)
    if t is None:
        raise ValidationError(M.unknown_action.format(action=action,
                                                      choices=", ".join(_BY_ACTION)))  # fmt: skip
    require(actor, t.perm)
    a = require_assessment(session, year)
    if a.state not in t.sources:
        raise ValidationError(M.bad_action.format(action=t.label, state=STATE_LABELS[a.state]))
    comment = comment.strip()
    if t.needs_comment and not comment:
        raise ValidationError(M.comment_needed.format(action=t.label))
    _record(a, t, actor, comment, answered_on)
    a.state = t.target
    session.flush()
    return CHANGES


def _record(a: Assessment, t: Transition, actor: Actor | None, comment: str,
            answered_on: date | None) -> None:  # fmt: skip
    who = actor.username if actor else ""
    if t.action == "approve":
        a.approved_by, a.approved_at = who, utcnow()
        a.principal_comment = comment or a.principal_comment
    elif t.action == "send_back":
        a.principal_comment = comment
    elif t.action == "mark_sent":
        a.sent_by, a.sent_at = who, utcnow()
    elif t.action in ("accept", "return"):
        a.authority_comment = comment
        a.authority_decided_on = answered_on or date.today()
    elif t.action == "reopen":
        a.approved_by, a.approved_at = "", None


def deadline(session: Session, a: Assessment) -> date:
    """The day the school must have sent the assessment of its year (31/5 of the year's end,
    as the set says)."""
    cset = set_of(session, a)
    end_year = int(a.school_year.split("-")[1])
    return date(end_year, cset.deadline_month, cset.deadline_day)


def deadline_text(due: date, state: str, today: date) -> str:
    """``Hạn gửi: 31/05/2026 (còn 12 ngày)``, overdue, or sent."""
    shown = due.strftime("%d/%m/%Y")
    if state not in OPEN_STATES:
        return M.deadline_done.format(deadline=shown)
    days = (due - today).days
    if days > 0:
        return M.deadline_left.format(deadline=shown, days=days)
    if days == 0:
        return M.deadline_today.format(deadline=shown)
    return M.deadline_over.format(deadline=shown, days=-days)

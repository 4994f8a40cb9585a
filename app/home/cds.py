"""The CĐS figure of the IT coordinator's and the principal's home pages: the state of this
year's self-assessment and the days left before its deadline, opening the «Chuyển đổi số»
page on that year (decision 038)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from app import school
from app.cds import assessment, workflow
from app.cds.models import STATE_LABELS, State
from app.db import Actor
from app.home.figures import Facts, Figure, Section, Tone, target
from app.messages.home import HOME_MSG as M
from app.permissions import Perm, can

SOON_DAYS = 30
"""Days before the deadline from which an unsent phiếu asks for attention."""


def section(session: Session, actor: Actor | None, facts: Facts) -> Section | None:
    """This year's phiếu: its state, the deadline and the days left; None without the right."""
    if not can(actor, Perm.CDS_VIEW):
        return None
    year = school.current_year(session)
    if year is None:
        return None
    where = target("cds", year=year.name, tab="phieu")
    found = assessment.find(session, year.name)
    if found is None:
        figure = Figure("cds_state", M.cds_state, M.cds_none, where, M.cds_none_note, Tone.WARN)
        return Section("cds", M.cds, (figure,))
    due = workflow.deadline(session, found)
    note = workflow.deadline_text(due, found.state, facts.today)
    days = (due - facts.today).days
    if found.state in (State.SENT, State.ACCEPTED):
        tone = Tone.OK
    elif found.state == State.RETURNED or days < 0:
        tone = Tone.BAD
    else:
        tone = Tone.WARN if days <= SOON_DAYS or found.state == State.SUBMITTED else Tone.PLAIN
    figure = Figure("cds_state", M.cds_state, STATE_LABELS[found.state], where, note, tone,
                    max(days, 0))  # fmt: skip
    return Section("cds", M.cds, (figure,))

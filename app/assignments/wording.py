"""What changed and what a copy would do, in the words the CLI prints and the page shows."""

from __future__ import annotations

from collections.abc import Sequence

from app.assignments.copy_year import CopyPlan
from app.assignments.grid import HOMEROOM, ChangeLine
from app.messages.assignments import ASSIGN_MSG as M


def column_name(subject: str) -> str:
    """A column as people call it: the subject, or GVCN."""
    return M.homeroom_column if subject == HOMEROOM else subject


def change_text(lines: Sequence[ChangeLine]) -> list[str]:
    """'6A1 · Toán: (trống) → gv.toan' per cell, then a note when subjects with grades changed."""
    out = [
        M.cli_change.format(
            cls=x.class_name,
            subject=column_name(x.subject),
            old=", ".join(x.old) or M.cli_empty,
            new=", ".join(x.new) or M.cli_empty,
        )
        for x in lines
    ]
    graded = sum(1 for x in lines if x.graded)
    return out + ([M.graded_note.format(n=graded)] if graded else [])


def plan_text(plan: CopyPlan) -> list[str]:
    """The class pairs of a copy, the classes left unmatched, cells kept, teachers left out."""
    pairs = ", ".join(f"{a} → {b}" for a, b in plan.pairs) or M.cli_empty
    text = [M.cli_pairs.format(previous=plan.previous_year, year=plan.year, pairs=pairs)]
    if plan.unmatched_previous:
        text.append(M.cli_unmatched.format(names=", ".join(plan.unmatched_previous)))
    if plan.without_source:
        text.append(M.cli_without_source.format(names=", ".join(plan.without_source)))
    if plan.kept:
        text.append(M.cli_kept.format(n=plan.kept))
    if plan.inactive:
        text.append(M.cli_inactive.format(names=", ".join(plan.inactive)))
    return text

"""One change convention (STYLE rule 24): services return their Changes, only the runner announces."""

from __future__ import annotations

import re
from pathlib import Path

from app.changes import Changes, changes_of
from app.students.changes import CLASS_CHANGES

ROOT = Path(__file__).resolve().parents[2]


def test_only_the_runner_announces_changes() -> None:
    """No screen calls the bus by hand: every ``bus.announce(`` in ui/ is in ui/ops.py."""
    call = re.compile(r"\.announce\(")
    files = [f for f in ROOT.glob("ui/**/*.py") if f.name != "signals.py"]
    callers = sorted(str(f.relative_to(ROOT)) for f in files if call.search(f.read_text("utf-8")))
    assert files and callers == ["ui/ops.py"]


def test_screens_name_no_change_sets_of_their_own() -> None:
    """Which tables a command touched is the service's answer, not a screen's ``Changes.of``."""
    made = re.compile(r"\bChanges\.of\(")
    files = list(ROOT.glob("ui/**/*.py"))
    makers = [str(f.relative_to(ROOT)) for f in files if made.search(f.read_text("utf-8"))]
    assert files and makers == []


def test_changes_of_reads_what_a_result_carries() -> None:
    """The runner's reading of a job's result: Changes, a result's ``changes``, or nothing."""

    class Carrier:
        changes = CLASS_CHANGES

    class Record:
        changes = {"name": ["6A1", "6A2"]}  # a journal record's field changes, not ``Changes``

    assert changes_of(CLASS_CHANGES) == CLASS_CHANGES
    assert changes_of(Carrier()) == CLASS_CHANGES
    assert changes_of(Record()) == Changes()
    assert changes_of(None) == Changes() and changes_of([CLASS_CHANGES]) == Changes()

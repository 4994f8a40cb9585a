"""A short kill soak in the suite (issue 15): SIGKILL during grade writes, imports and backups
loses nothing acknowledged, leaves no half-import, no half backup and no stray file.

The long soak (at least 100 kills) is ``python -m tests.safety.kill_soak --kills 120``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.safety.kill_soak import soak

pytestmark = pytest.mark.slow


def test_killed_commands_lose_nothing_and_leave_nothing(tmp_path: Path) -> None:
    found = soak(kills=12, seed=2026, root=tmp_path)
    assert found["problems"] == [], found
    # Twelve killed; at least the last write, never killed, finished and was acknowledged.
    assert found["kills"] == 12 and found["finished"], found

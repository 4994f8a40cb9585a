"""Fixtures the sync tests share: an SQLite school file (tests/safety) for restores."""

from __future__ import annotations

from tests.gradebook.conftest import gs  # noqa: E402,F401  (a school with a class and grades)
from tests.safety.conftest import school_db  # noqa: F401  (a migrated file with the test school)

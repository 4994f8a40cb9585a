"""Fixtures the sync tests share: an SQLite school file (tests/safety) for restores."""

from __future__ import annotations

from tests.safety.conftest import school_db  # noqa: F401  (a migrated file with the test school)

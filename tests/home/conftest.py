"""The grade-book school (tests/gradebook) for the home pages, with a fixed day and backup."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest

from app.home.figures import Facts
from tests.conftest import Seeded
from tests.gradebook.conftest import GradeSchool, build_school

TODAY = date(2025, 11, 3)
"""A Monday of Học kì I of 2025-2026 (the school's semesters: default dates)."""
NOW = datetime(2025, 11, 3, 8, 0, tzinfo=UTC)


def facts(**kw: object) -> Facts:
    """The day and the backup state the tests state (no backup unless given)."""
    values: dict[str, object] = {"today": TODAY, "now": NOW}
    values.update(kw)
    return Facts(**values)  # type: ignore[arg-type]


@pytest.fixture
def gs(seeded: Seeded) -> Iterator[GradeSchool]:
    """Class 6A1 with four students, Toán taught by u_teacher, a homeroom teacher."""
    yield build_school(seeded)

"""Class services: who may lead a class."""

from __future__ import annotations

import pytest

from app.errors import PermissionDenied
from app.students.classes import homeroom_candidates
from tests.conftest import Seeded


def test_homeroom_candidates_are_active_teaching_accounts(seeded: Seeded) -> None:
    """Only accounts that may lead a class are offered, and only to class managers."""
    with seeded.db.read() as s:
        names = {c.username for c in homeroom_candidates(s, seeded.actor("secretary"))}
        assert {"u_teacher", "u_principal", "u_admin"} <= names
        assert not names & {"u_secretary", "u_equipment_officer", "u_it_coordinator"}
        with pytest.raises(PermissionDenied):
            homeroom_candidates(s, seeded.actor("teacher"))

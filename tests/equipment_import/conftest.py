"""Fixtures of the bulk register import tests: the equipment school of tests/equipment."""

from __future__ import annotations

from tests.equipment.conftest import school as school  # noqa: F401  (the fixture, reused)

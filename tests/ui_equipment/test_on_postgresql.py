"""The Thiết bị page on a PostgreSQL school (a multi-PC school's server): the main flows of the
page, the loans tab and the stocktake tab run again, unchanged, on the same school built on a
real PostgreSQL database instead of the SQLite file (issue 11: "works from the UI … on SQLite
and PostgreSQL"). Each flow is the SQLite test's own body, so both backends are held to the
same assertions."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

import tests.ui_equipment.test_equipment_page as page_flows
import tests.ui_equipment.test_loans_tab as loan_flows
import tests.ui_equipment.test_stocktake_tab as stocktake_flows
from tests.conftest import Seeded
from tests.ui_equipment.conftest import EquipmentUi, _build

pytestmark = pytest.mark.parametrize("seeded", ["postgresql"], indirect=True)


@pytest.fixture
def pg_school(seeded: Seeded) -> Iterator[EquipmentUi]:
    """The page's test school, built on a fresh PostgreSQL database."""
    yield EquipmentUi(seeded.db, _build(seeded))


def test_register_lists_filters_and_an_edit_keeps_its_reason(
    qtbot: QtBot, pg_school: EquipmentUi, monkeypatch: pytest.MonkeyPatch
) -> None:
    page_flows.test_the_register_lists_items_and_filters_them(qtbot, pg_school)
    page_flows.test_an_edit_asks_its_reason_and_the_journal_keeps_it(qtbot, pg_school, monkeypatch)


def test_a_scan_selects_the_item(qtbot: QtBot, pg_school: EquipmentUi) -> None:
    page_flows.test_a_scan_selects_the_item_and_an_unknown_code_is_said_in_the_status_line(
        qtbot, pg_school
    )


def test_a_loan_is_scanned_approved_lent_and_returned(
    qtbot: QtBot, pg_school: EquipmentUi, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    loan_flows.test_a_teacher_scans_a_slip_and_the_officer_lends_it(
        qtbot, pg_school, tmp_path, monkeypatch
    )


def test_a_stocktake_is_previewed_applied_and_recorded(
    qtbot: QtBot, pg_school: EquipmentUi, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    stocktake_flows.test_preview_then_apply_changes_the_register_and_the_record_is_written(
        qtbot, pg_school, monkeypatch, tmp_path
    )

"""The «Chuyển đổi số» page on a PostgreSQL school (a multi-PC school's server): typing with
live scores and saving, an override's reason, evidence versions, the workflow to the bundle
and a task's state run again, unchanged, on the same school built on PostgreSQL. Each flow is
the SQLite test's own body, so both backends are held to the same assertions."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

import tests.ui_cds.test_assessment_tab as tab_flows
import tests.ui_cds.test_comparison_and_tasks as task_flows
import tests.ui_cds.test_workflow_and_outputs as workflow_flows
from tests.conftest import Seeded
from tests.ui_cds.conftest import CdsUi, _build

pytestmark = pytest.mark.parametrize("seeded", ["postgresql"], indirect=True)


@pytest.fixture
def pg_school(seeded: Seeded) -> Iterator[CdsUi]:
    """The page's test school, built on a fresh PostgreSQL database."""
    yield CdsUi(seeded.db, _build(seeded))


def test_typing_saving_and_an_override_reason(
    qtbot: QtBot, pg_school: CdsUi, monkeypatch: pytest.MonkeyPatch
) -> None:
    tab_flows.test_scores_follow_the_typing_and_save_in_one_go(qtbot, pg_school)
    tab_flows.test_a_figure_other_than_the_prefilled_one_needs_a_reason(
        qtbot, pg_school, monkeypatch
    )


def test_evidence_versions(
    qtbot: QtBot, pg_school: CdsUi, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    tab_flows.test_evidence_is_added_as_versions_previewed_and_withdrawn_with_a_reason(
        qtbot, pg_school, monkeypatch, tmp_path
    )


def test_workflow_to_the_bundle_and_a_task(
    qtbot: QtBot, pg_school: CdsUi, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    workflow_flows.test_submitted_sent_back_with_a_comment_then_approved_and_sent(
        qtbot, pg_school, monkeypatch, tmp_path
    )
    task_flows.test_a_task_state_is_changed_and_journalled(qtbot, pg_school)

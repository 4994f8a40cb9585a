"""The comparison chart (a chart per group, a bar set per year), the year's task checklist
(a state changed and journalled, last year's shipped list reused, the report printed) and
importing a criteria set (a bad file refused whole with its problems in Vietnamese)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCharts import QBarSeries
from pytestqt.qtbot import QtBot

from app.cds import set_store
from app.cds import tasks as task_svc
from app.journal_read import JournalFilter, query
from tests.cds.conftest import banded, variant, write_set
from tests.ui.small_screen import settle
from tests.ui_cds.conftest import IT, LAST, PRINCIPAL, YEAR, CdsUi, open_page
from tests.ui_cds.helpers import answer
from ui import errors
from ui.confirm import Confirm, Notice
from ui.exported import ExportedNotice, OpenChoice
from ui.file_dialogs import OpenFileDialog, SaveFileDialog


def test_a_chart_per_group_with_a_bar_per_year(qtbot: QtBot, school: CdsUi) -> None:
    """Dạy học and Quản trị each get a chart; each has one bar set per school year, in order."""
    page = open_page(qtbot, school, PRINCIPAL)
    page.tabs.setCurrentIndex(1)
    settle(qtbot)
    charts = page.comparison.views
    assert [c.chart().title() for c in charts] == ["Dạy học", "Quản trị"]
    series = charts[0].chart().series()[0]
    assert isinstance(series, QBarSeries)
    bars = [(b.label().split(":")[0], b.at(0)) for b in series.barSets()]
    assert bars == [(LAST, 35.0), (YEAR, 10.0)]
    assert series.barSets()[0].label() == f"{LAST}: 35 điểm, Mức 1"
    assert "Dạy học: 35/100 điểm, Mức 1 (Chưa đáp ứng)" in page.comparison.words.text()
    assert "không gộp thành một mức chung" in page.comparison.intro.text()


def _choose_year(qtbot: QtBot, page: object, year: str) -> None:
    combo = page.year_combo  # type: ignore[attr-defined]
    combo.setCurrentIndex(combo.findData(year))
    combo.activated.emit(combo.currentIndex())
    settle(qtbot)


def test_a_task_state_is_changed_and_journalled(qtbot: QtBot, school: CdsUi) -> None:
    """Last year's shipped list: a task set to «Đã xong» with its responsible person and note."""
    page = open_page(qtbot, school, IT)
    _choose_year(qtbot, page, LAST)
    tab = page.tasks
    assert "CV 4324/BGDĐT-CNTT" in tab.summary.text() and tab.model.rowCount() == 20
    tab.table.selectRow(2)
    code = tab.model.rows[2].code
    assert tab.model.rows[2].citation in tab.detail.text()
    tab.state_combo.setCurrentIndex(tab.state_combo.findText("Đã xong"))
    tab.responsible_edit.setText("Trần Thị Tin")
    tab.note_edit.setText("Đã tập huấn ngày 12/10")
    assert tab.has_unsaved()
    tab.save_button.click()
    settle(qtbot)
    with school.db.read() as s:
        row = task_svc.year_tasks(s, school.actor("it_coordinator"), LAST).row(code)
        entries = query(s, JournalFilter(entity_type="cds_task"))
    assert (row.state_label, row.responsible, row.note) == (
        "Đã xong", "Trần Thị Tin", "Đã tập huấn ngày 12/10")  # fmt: skip
    assert entries and entries[0].username == "u_it_coordinator"
    assert "đã xong 1" in tab.summary.text() and not tab.has_unsaved()


def test_last_years_list_reused_and_the_report_printed(
    qtbot: QtBot, school: CdsUi, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A year without a list takes the shipped one of the year before (dates moved on); the
    principal's report is written and names the tasks."""
    page = open_page(qtbot, school, IT)
    tab = page.tasks
    assert "chưa có danh sách" in tab.summary.text() and not tab.reuse_button.isHidden()
    answer(monkeypatch, Confirm, True)
    tab.reuse_button.click()
    settle(qtbot)
    assert tab.model.rowCount() == 20 and tab.reuse_button.isHidden()
    dues = [r.due for r in tab.model.rows if r.due]
    assert dues and all(d.year in (2025, 2026) for d in dues)
    answer(monkeypatch, SaveFileDialog, tmp_path / "bao-cao.pdf")
    answer(monkeypatch, ExportedNotice, OpenChoice.NOTHING)
    tab.report_button.click()
    settle(qtbot)
    text = "".join(p.extract_text() for p in PdfReader(tmp_path / "bao-cao.pdf").pages)
    assert YEAR in text and "CV 4324" in text


def test_a_bad_criteria_set_file_is_refused_whole(
    qtbot: QtBot, school: CdsUi, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Every problem named in Vietnamese, nothing stored; a good file then imports."""
    page = open_page(qtbot, school, IT)
    bad = variant(banded(), version="2026.2", levels={"bands": []}, verified="có")
    answer(monkeypatch, OpenFileDialog, write_set(tmp_path, bad, "sai.json"))
    shown: list[tuple[object, ...]] = []
    answer(monkeypatch, errors.ErrorDialog, None, shown)
    page.import_set_button.click()
    settle(qtbot)
    _parent, _title, message, details, _footer = shown[0]
    assert "sai.json" in str(message) and "(2 lỗi)" in str(message)
    assert "«bands»: phải là một danh sách không rỗng" in str(details)
    assert "«verified»: phải là true hoặc false" in str(details)
    with school.db.read() as s:
        assert [i.version for i in set_store.list_sets(s, school.actor("it_coordinator"))
                if i.key == "thu-nghiem"] == ["2026.1"]  # fmt: skip
    good = variant(banded(), version="2026.2", verified=False)
    answer(monkeypatch, OpenFileDialog, write_set(tmp_path, good, "dung.json"))
    said: list[tuple[object, ...]] = []
    answer(monkeypatch, Notice, None, said)
    page.import_set_button.click()
    settle(qtbot)
    assert "phiên bản 2026.2" in str(said[0][2]) and "chưa đối chiếu" in str(said[0][2])
    assert json.loads(json.dumps(good))["version"] == "2026.2"

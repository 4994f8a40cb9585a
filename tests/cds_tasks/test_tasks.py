"""The year's task checklist: the shipped list, bad files, journalled changes, what the app
knows, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from app import journal, school
from app.cds.tasks import bundled_years, import_tasks, set_task, year_tasks
from app.cds.tasks_models import TaskListRecord, TaskState
from app.db import Actor
from app.errors import Conflict, NotFound, PermissionDenied, ValidationError
from app.journal_read import JournalFilter, query
from tests.cds_tasks.conftest import BUNDLED, as_bytes, bundled_dict
from tests.conftest import Seeded

YEAR = "2025-2026"


def _it(seeded: Seeded) -> Actor:
    return seeded.actor("it_coordinator")


def test_the_shipped_list_cites_the_letter_for_every_task(seeded: Seeded) -> None:
    """2024-25 ships 20 tasks from CV 4324, each citing its section and quoting the letter;
    it is shown before anything is stored and stored when the first task changes."""
    with seeded.db.uow(actor=seeded.actor("admin")) as s:
        school.add_year(s, seeded.actor("admin"), BUNDLED)
    assert BUNDLED in bundled_years()
    with seeded.db.read() as s:
        tasks = year_tasks(s, _it(seeded), BUNDLED)
    assert not tasks.stored and len(tasks.rows) == 20
    assert tasks.source.document == "CV 4324/BGDĐT-CNTT"
    assert all(r.citation.startswith("CV 4324/BGDĐT-CNTT, mục ") and r.quote for r in tasks.rows)
    assert tasks.row("T01").citation == "CV 4324/BGDĐT-CNTT, mục III.1.b"
    assert tasks.row("T04").due == date(2024, 10, 10)
    assert tasks.counts[TaskState.TODO] == 20
    with seeded.db.uow(actor=_it(seeded)) as s:
        set_task(s, _it(seeded), BUNDLED, "t01", state="Đã xong", responsible="Thầy Lê Văn Hải")
    with seeded.db.read() as s:
        tasks = year_tasks(s, _it(seeded), BUNDLED)
        stored = s.scalar(
            select(TaskListRecord.document).where(TaskListRecord.school_year == BUNDLED)
        )
    assert tasks.stored and stored == "CV 4324/BGDĐT-CNTT"
    assert tasks.row("T01").state_label == "Đã xong"
    assert tasks.row("T01").responsible == "Thầy Lê Văn Hải"


def test_state_changes_are_journalled_with_who_and_why(seeded: Seeded) -> None:
    """Chưa làm → đang làm → đã xong: an insert then an update naming the old and new state,
    by the IT coordinator, with the reason given."""
    it = _it(seeded)
    with seeded.db.uow(actor=it) as s:
        import_tasks(s, it, as_bytes(bundled_dict()), "ds.json", YEAR)
    with seeded.db.uow(actor=it) as s:
        set_task(s, it, YEAR, "T18", state=TaskState.DOING, note="Đang cài tường lửa")
    with seeded.db.uow(actor=it, reason="Đã nghiệm thu") as s:
        set_task(s, it, YEAR, "T18", state="da_xong", due=date(2025, 12, 1))
    with seeded.db.read() as s:
        entries = query(s, JournalFilter(entity_type="cds_task"))[::-1]
        lists = query(s, JournalFilter(entity_type="cds_task_list"))
    assert [e.op for e in entries] == ["insert", "update"]
    assert all(e.username == it.username for e in entries)
    assert entries[0].changes["state"] == TaskState.DOING
    assert entries[1].changes["state"] == [TaskState.DOING, TaskState.DONE]
    assert entries[1].reason == "Đã nghiệm thu"
    assert "ds.json" in lists[0].reason


@pytest.mark.parametrize(
    ("spoil", "expected"),
    [
        (lambda d: d["tasks"][2].pop("section"), "việc «T03» (thứ 3), trường «section»: còn thiếu"),
        (lambda d: d["tasks"][1].update(code="T01"), "mã «T01» đã dùng"),
        (
            lambda d: d["tasks"][4].update(metrics=["so_may_chieu"]),
            "số liệu «so_may_chieu» không có",
        ),
        (lambda d: d["tasks"][0].update(due="10/10/2024"), "trường «due»: phải là ngày dạng"),
        (lambda d: d.update(format="khac/1"), "trường «format»: phải là «truongso-cds-tasks/1»"),
        (lambda d: d.update(school_year="2024-2026"), "trường «school_year»"),
        (lambda d: d["tasks"][3].update(group="khong_co"), "nhóm «khong_co» không có"),
        (lambda d: d["tasks"].clear(), "danh sách việc không được rỗng"),
    ],
)
def test_a_bad_file_is_refused_whole_naming_the_task_and_field(
    seeded: Seeded,
    spoil,
    expected: str,  # noqa: ANN001
) -> None:
    """Each spoilt file is refused with the task and field in Vietnamese; nothing is stored."""
    data = bundled_dict()
    spoil(data)
    with seeded.db.uow(actor=_it(seeded)) as s, pytest.raises(ValidationError) as err:
        import_tasks(s, _it(seeded), as_bytes(data), "hong.json", YEAR)
    assert "hong.json" in err.value.message
    assert expected in (err.value.details or "")
    with seeded.db.read() as s:
        assert s.scalar(select(func.count()).select_from(TaskListRecord)) == 0


def test_a_file_that_is_not_json_says_where(seeded: Seeded) -> None:
    """Broken JSON names the line and column; nothing is stored."""
    with seeded.db.uow(actor=_it(seeded)) as s, pytest.raises(ValidationError) as err:
        import_tasks(s, _it(seeded), b'{"format": "truongso-cds-tasks/1",\n "tasks": [}', "x.json")
    assert "dòng 2" in err.value.message


def test_a_newer_list_keeps_every_task_with_progress(seeded: Seeded) -> None:
    """A previous year's list reused for this year moves its due dates a year on; a
    replacement dropping a task that has progress is refused and the old list stays; one
    keeping it replaces the list."""
    it = _it(seeded)
    with seeded.db.uow(actor=it) as s:
        done = import_tasks(s, it, as_bytes(bundled_dict()), "2024.json", YEAR)
        set_task(s, it, YEAR, "T05", state=TaskState.NOT_APPLICABLE, note="Chưa có LMS")
    assert done.school_year == YEAR and done.count == 20 and not done.replaced
    with seeded.db.read() as s:
        moved = year_tasks(s, it, YEAR).row("T04")
    assert moved.due == date(2025, 10, 10)  # the letter's 10/10, a year on
    assert moved.due_note.endswith("dời sang năm học 2025-2026.")
    smaller = bundled_dict()
    smaller["tasks"] = [t for t in smaller["tasks"] if t["code"] != "T05"]
    with seeded.db.uow(actor=it) as s, pytest.raises(Conflict) as err:
        import_tasks(s, it, as_bytes(smaller), "moi.json", YEAR)
    assert "T05" in err.value.message
    kept = bundled_dict()
    kept["tasks"][0]["title"] = "Phân công lãnh đạo phụ trách (bản sửa)"
    with seeded.db.uow(actor=it) as s:
        assert import_tasks(s, it, as_bytes(kept), "moi.json", YEAR).replaced
    with seeded.db.read() as s:
        tasks = year_tasks(s, it, YEAR)
    assert tasks.row("T01").title.endswith("(bản sửa)")
    assert tasks.row("T05").state == TaskState.NOT_APPLICABLE


def test_what_the_app_knows_is_shown_on_linked_tasks(seeded: Seeded) -> None:
    """The backup task shows the journalled backups; the học bạ task says why it has no
    figure yet; a level the school does not teach adds nothing."""
    it = _it(seeded)
    with seeded.db.uow(actor=it) as s:
        import_tasks(s, it, as_bytes(bundled_dict()), "2024.json", YEAR)
        journal.record_event(s, "backup", "a.tsbak", "sao_luu", {"size": 1})
    with seeded.db.read() as s:
        tasks = year_tasks(s, it, YEAR)
    backups = {f.metric_id: f for f in tasks.row("T18").facts}
    assert backups["backups_in_year"].available
    assert backups["backups_in_year"].text.startswith("1 lần sao lưu")
    assert backups["backup_age_days"].text.endswith("(0 ngày trước).")
    (hocba,) = tasks.row("T13").facts
    assert not hocba.available and "Chưa lập học bạ" in hocba.text
    assert [f.metric_id for f in tasks.row("T09").facts] == ["students_per_computer_thcs"]


def test_overdue_until_done_and_bad_inputs(seeded: Seeded) -> None:
    """A task past its due date is overdue until done; an unknown code, state or year is
    refused in Vietnamese."""
    it = _it(seeded)
    with seeded.db.uow(actor=it) as s:
        import_tasks(s, it, as_bytes(bundled_dict()), "2024.json", YEAR)
        set_task(s, it, YEAR, "T08", due=date(2025, 11, 20))
    with seeded.db.read() as s:
        assert year_tasks(s, it, YEAR, date(2025, 11, 21)).row("T08").overdue
        assert not year_tasks(s, it, YEAR, date(2025, 11, 20)).row("T08").overdue
    with seeded.db.uow(actor=it) as s:
        set_task(s, it, YEAR, "T08", state=TaskState.DONE)
    with seeded.db.read() as s:
        assert not year_tasks(s, it, YEAR, date(2025, 11, 21)).row("T08").overdue
    with seeded.db.uow(actor=it) as s, pytest.raises(NotFound, match="T99"):
        set_task(s, it, YEAR, "T99", state=TaskState.DONE)
    with seeded.db.uow(actor=it) as s, pytest.raises(ValidationError, match="xong rồi"):
        set_task(s, it, YEAR, "T08", state="xong rồi")
    with seeded.db.read() as s, pytest.raises(NotFound, match="năm học 2030-2031"):
        year_tasks(s, it, "2030-2031")


def test_who_may_see_and_change_the_tasks(seeded: Seeded) -> None:
    """A teacher sees nothing; the principal reads but does not change; the IT coordinator
    changes."""
    it = _it(seeded)
    with seeded.db.uow(actor=it) as s:
        import_tasks(s, it, as_bytes(bundled_dict()), "2024.json", YEAR)
    with seeded.db.read() as s, pytest.raises(PermissionDenied):
        year_tasks(s, seeded.actor("teacher"), YEAR)
    with seeded.db.read() as s:
        assert len(year_tasks(s, seeded.actor("principal"), YEAR).rows) == 20
    with seeded.db.uow(actor=seeded.actor("principal")) as s, pytest.raises(PermissionDenied):
        set_task(s, seeded.actor("principal"), YEAR, "T01", state=TaskState.DONE)

"""The student upsert reports its check and its write in students; Hủy keeps nothing (issue 17 §5)."""

from __future__ import annotations

import pytest

from app import students as st
from app.errors import Cancelled
from app.students import demo_data
from tests.students.conftest import SchoolWithClasses
from tests.test_progress import Recorder, assert_counted_steps


def test_the_import_write_counts_students_and_cancel_writes_nothing(
    school: SchoolWithClasses,
) -> None:
    """The upsert checks then writes n of n students (in chunks of 2,000); stopped after the
    first chunk, nothing is kept."""
    sec = school.actor("secretary")
    names = demo_data.DemoNames(seed=3)
    rows = [demo_data.demo_student(names, "6A1", 6, 2025) for _ in range(2500)]
    rec = Recorder(stop_when=("Ghi dữ liệu", 1))
    with pytest.raises(Cancelled), school.db.uow(actor=sec) as s:
        st.upsert_students(s, sec, rows, reason="Danh sách đầu năm", progress=rec)
    assert_counted_steps(rec)
    assert rec.steps()["Kiểm tra dữ liệu"][-1] == (2500, 2500, "học sinh")
    assert rec.steps()["Ghi dữ liệu"] == [(0, 2500, "học sinh"), (2000, 2500, "học sinh")]
    with school.db.read() as s:
        assert st.count_students(s, sec, st.StudentFilter()) == 0
    rec = Recorder()
    with school.db.uow(actor=sec) as s:
        st.upsert_students(s, sec, rows, reason="Danh sách đầu năm", progress=rec)
    assert rec.steps()["Ghi dữ liệu"][-1] == (2500, 2500, "học sinh")

"""Long jobs report counted steps and stop on Hủy leaving nothing written (issue 17 §5).

Demo creation, the student import's write and the whole-school PDF each report
``update(done, total, label, unit)``: within a step ``done`` only grows up to a
fixed ``total``, in a unit people count ("học sinh", "lớp"). A cancel in the
middle raises ``Cancelled`` and leaves the database (and the file) as before.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app import demo, journal, migrate, school
from app import students as st
from app.db import Database, make_engine, sqlite_url
from app.errors import Cancelled
from app.progress import counted
from app.students import class_list_pdf


@dataclass
class Recorder:
    """Every update, in order; asks to stop once ``stop_when`` holds for an update."""

    stop_when: tuple[str, int] | None = None  # (a word of the label, done at least)
    updates: list[tuple[int, int, str, str]] = field(default_factory=list)
    stopped: bool = False

    def update(self, done: int, total: int, label: str = "", unit: str = "") -> None:
        self.updates.append((done, total, label, unit))
        if self.stop_when and self.stop_when[0] in label and done >= self.stop_when[1]:
            self.stopped = True

    @property
    def cancelled(self) -> bool:
        return self.stopped

    def steps(self) -> dict[str, list[tuple[int, int, str]]]:
        """The updates of each step, by label."""
        out: dict[str, list[tuple[int, int, str]]] = {}
        for done, total, label, unit in self.updates:
            out.setdefault(label, []).append((done, total, unit))
        return out


def assert_counted_steps(rec: Recorder) -> None:
    """Within each counted step: one total, one unit, done never going back nor past total."""
    for label, ups in rec.steps().items():
        totals = {t for _, t, _ in ups if t}
        assert len(totals) <= 1, (label, totals)
        dones = [d for d, t, _ in ups if t]
        assert dones == sorted(dones) and all(d <= t for d, t, _ in ups if t), (label, ups)
        assert len({u for _, t, u in ups if t}) <= 1, label


def test_counts_read_the_vietnamese_way() -> None:
    """ "1.250/3.000 học sinh"; never past the total; without a unit just the numbers."""
    assert counted(1250, 3000, "học sinh") == "1.250/3.000 học sinh"
    assert counted(3001, 3000, "lớp") == "3.000/3.000 lớp"
    assert counted(5, 12) == "5/12"


@pytest.fixture
def empty_db(tmp_path: Path) -> Database:
    db = Database(make_engine(sqlite_url(tmp_path / "d.sqlite")))
    migrate.upgrade(db.engine)
    return db


def test_the_demo_counts_each_step(empty_db: Database) -> None:
    """Accounts, students (checked, then written) and classes filled are counted steps."""
    rec = Recorder()
    summary = demo.build_demo(empty_db, students=60, progress=rec)
    assert_counted_steps(rec)
    steps = rec.steps()
    written = steps["Tạo học sinh mẫu — ghi dữ liệu"]
    assert written[-1] == (summary.counts["students"], summary.counts["students"], "học sinh")
    assert steps["Tạo học sinh mẫu — kiểm tra dữ liệu"][-1][2] == "học sinh"
    assert steps["Tạo trường và tài khoản mẫu"][-1] == (8, 8, "tài khoản")
    filled = steps["Tạo sổ điểm mẫu — điền điểm các lớp"]
    assert filled[-1][0] == filled[-1][1] > 1 and filled[-1][2] == "lớp"


def test_cancelling_the_demo_leaves_the_database_empty(empty_db: Database) -> None:
    """Hủy while students are written: no school, no account, no journal entry; a new try works."""
    rec = Recorder(stop_when=("ghi dữ liệu", 1))
    with pytest.raises(Cancelled):
        demo.build_demo(empty_db, students=60, progress=rec)
    with empty_db.read() as s:
        assert school.get_profile(s) is None
        assert journal.verify(s).count == 0
        assert s.scalar(select(func.count()).select_from(st.Student)) == 0
    assert empty_db.school_code == ""
    summary = demo.build_demo(empty_db, students=20)
    assert summary.counts["students"] == 20


@pytest.fixture
def filled(empty_db: Database) -> Database:
    demo.build_demo(empty_db, students=120)
    return empty_db


def test_the_school_pdf_counts_classes_and_cancel_keeps_the_old_file(
    filled: Database, tmp_path: Path
) -> None:
    """The whole-school list reports each class laid out; stopped half-way, the PDF already
    there stays byte for byte, nothing is left beside it, and no export is journalled."""
    admin = demo.DEMO_ACTOR
    out = tmp_path / "in" / "ds.pdf"
    rec = Recorder()
    with filled.uow(actor=admin) as s:
        result = class_list_pdf.export_pdf(s, admin, out, progress=rec)
    assert_counted_steps(rec)
    assert rec.updates[-1] == (result.sheets, result.sheets, "Xếp trang danh sách", "lớp")
    before, entries = out.read_bytes(), _journal_size(filled)
    rec = Recorder(stop_when=("Xếp trang", result.sheets // 2))
    with pytest.raises(Cancelled), filled.uow(actor=admin) as s:
        class_list_pdf.export_pdf(s, admin, out, progress=rec)
    assert out.read_bytes() == before and sorted(out.parent.iterdir()) == [out]
    assert _journal_size(filled) == entries


def _journal_size(db: Database) -> int:
    with db.read() as s:
        return journal.verify(s).count

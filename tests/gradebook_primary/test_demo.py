"""The primary demo school: grades 1–5, last year complete with every TT27 result, valid cells."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import json  # noqa: E402
import subprocess  # noqa: E402
from collections.abc import Iterator  # noqa: E402
from datetime import date, timedelta  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QWizard  # noqa: E402
from pytestqt.qtbot import QtBot  # noqa: E402
from sqlalchemy import func, select  # noqa: E402

from app import accounts, demo, journal, migrate, school  # noqa: E402
from app.db import Actor, Database, make_engine, sqlite_url  # noqa: E402
from app.errors import Conflict  # noqa: E402
from app.gradebook import assignments, terms  # noqa: E402
from app.gradebook.catalogue import class_subjects  # noqa: E402
from app.gradebook.locking import lock_status  # noqa: E402
from app.gradebook.models import (  # noqa: E402
    Assessment,
    PrimaryNomination,
    PrimaryRating,
    Subject,
)
from app.gradebook.primary.records import evaluate_primary_class, load_primary  # noqa: E402
from app.gradebook.primary.values import (  # noqa: E402
    PKind,
    PSlot,
    has_test,
    parse_pcell,
    parse_rating_cell,
    ratings_for,
)
from app.gradebook.primary_demo import CLOSE_DAYS, IN_PROGRESS_SUBJECTS  # noqa: E402
from app.gradebook.snapshots import verify  # noqa: E402
from app.grading.primary import PrimaryCommendation, PrimaryResult, primary_commendation  # noqa: E402
from app.permissions import Role  # noqa: E402
from app.students.models import ClassGroup, Enrolment, Student  # noqa: E402
from tests.cli_runner import run_main  # noqa: E402
from tests.conftest import _pg_database  # noqa: E402
from tests.ui.helpers import type_into  # noqa: E402
from ui import first_run_wizard  # noqa: E402
from ui.first_run_wizard import FirstRunWizard  # noqa: E402

# The primary demo school, built per backend, by the CLI and by the wizard.
pytestmark = pytest.mark.slow
WHOLE_YEAR = [(1, 1), (1, 2), (2, 1), (2, 2)]


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def primary_demo(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Database]:
    """The primary demo school with 150 students, built once per backend for this module."""
    if request.param == "sqlite":
        urls: Iterator[str] = iter([sqlite_url(tmp_path_factory.mktemp("demo") / "demo.sqlite")])
    else:
        urls = _pg_database()
    for url in urls:
        db = Database(make_engine(url))
        migrate.upgrade(db.engine)
        demo.create_demo(db, levels=demo.PRIMARY)
        demo.fill_demo(db, 150)
        yield db
        db.dispose()


def _groups(db: Database) -> tuple[list[ClassGroup], list[ClassGroup]]:
    """(last year's classes, this year's classes), by name."""
    with db.read() as s:
        current = school.current_year(s)
        assert current is not None
        groups = list(s.scalars(select(ClassGroup).order_by(ClassGroup.name)))
        s.expunge_all()
    old = [g for g in groups if g.school_year != current.name]
    return old, [g for g in groups if g.school_year == current.name]


def test_primary_demo_has_grades_one_to_five_with_their_teachers(primary_demo: Database) -> None:
    """This year's classes are 1A … 5A; gv.4a leads 4A and teaches Toán, gv.anh Ngoại ngữ 1."""
    old, new = _groups(primary_demo)
    assert sorted({g.grade for g in new}) == [1, 2, 3, 4, 5]
    assert sorted(g.grade for g in old) == [1, 2, 3, 4]
    with primary_demo.read() as s:
        profile = school.require_profile(s)
        assert profile.name.startswith("Trường Tiểu học") and profile.levels == ("tieu_hoc",)
        class_4a = next(g for g in new if g.name == "4A")
        taught = {
            a.subject_name: a.teacher_username
            for a in assignments.list_assignments(
                s, Actor.system("test"), class_4a.school_year, class_id=class_4a.id
            )
        }
    assert taught["Toán"] == taught["Tiếng Việt"] == taught["Đạo đức"] == "gv.4a"
    assert taught["Ngoại ngữ 1"] == "gv.anh" and taught["Tin học và Công nghệ"] == "gv.tin"


def test_last_year_has_every_result_and_both_commendations(primary_demo: Database) -> None:
    """Last year's results include all four TT27 results, both titles, and no gaps."""
    old, _ = _groups(primary_demo)
    results: set[PrimaryResult] = set()
    titles: set[PrimaryCommendation] = set()
    with primary_demo.read() as s:
        for group in old:
            records = load_primary(s, group)
            for sid, result in evaluate_primary_class(records).items():
                assert result.value is not None, result.reasons
                results.add(result.value)
                nominated = sid in records.nominations
                title = primary_commendation(result.value, nominated=nominated).value
                assert title is not None
                titles.add(title)
    assert results == set(PrimaryResult)
    assert titles == set(PrimaryCommendation)


def test_every_stored_value_parses_and_tests_exist_only_where_they_apply(
    primary_demo: Database,
) -> None:
    """Each cell is canonical for its column; KT only where has_test; ratings are the grade's."""
    with primary_demo.read() as s:
        subjects = {x.id: (x.name, not x.comment_only) for x in s.scalars(select(Subject))}
        grades = {g.id: g.grade for g in s.scalars(select(ClassGroup))}
        rows = s.execute(
            select(
                Assessment.class_id, Assessment.subject_id, Assessment.kind, Assessment.number
            ).add_columns(Assessment.value)
        ).all()
        ratings = s.execute(
            select(PrimaryRating.class_id, PrimaryRating.name, PrimaryRating.value)
        ).all()
        achievements = list(s.scalars(select(PrimaryNomination.achievement)))
    assert {kind for _, _, kind, _, _ in rows} == {k.value for k in PKind}
    for class_id, subject_id, kind, number, value in rows:
        slot = PSlot(PKind(kind), number)
        assert parse_pcell(value, slot).value == value
        if kind == PKind.TEST.value:
            assert has_test(*subjects[subject_id], grades[class_id], number)
    tests = [int(v) for _, _, kind, _, v in rows if kind == PKind.TEST.value]
    assert 7.0 < sum(tests) / len(tests) < 9.0
    for class_id, name, value in ratings:
        assert parse_rating_cell(value).value == value
        assert name in {d.name for d in ratings_for(grades[class_id])}
    assert achievements and all(a.endswith(".") for a in achievements)


def test_every_tested_subject_has_its_test_at_the_end_of_last_year(primary_demo: Database) -> None:
    """Where has_test says so, last year's end-of-year test is there, for every student."""
    old, _ = _groups(primary_demo)
    with primary_demo.read() as s:
        for group in old:
            records = load_primary(s, group)
            for subject in class_subjects(s, group):
                tested = has_test(subject.name, not subject.comment_only, group.grade, 2)
                for entry in records.roster:
                    test = records.cell(entry.student_id, subject.id, 2, (PKind.TEST.value, 2))
                    assert (test is not None) is tested, (group.name, subject.name)
                    level = records.cell(entry.student_id, subject.id, 2, (PKind.LEVEL.value, 2))
                    assert level is not None


def test_last_year_is_locked_and_its_snapshots_match(primary_demo: Database) -> None:
    """Both semesters of last year are locked; the lock-time results match a recomputation."""
    old, new = _groups(primary_demo)
    with primary_demo.read() as s:
        for group in old:
            assert all(x.locked for x in lock_status(s, Actor.system("test"), group.id))
        assert not any(x.locked for x in lock_status(s, Actor.system("test"), new[0].id))
        enrolled = s.scalar(
            select(func.count())
            .select_from(Enrolment)
            .where(Enrolment.school_year == old[0].school_year)
        )
    check = verify(primary_demo)
    assert check.ok, check.message
    assert check.checked == 3 * enrolled  # semester I, semester II and the year


def _reached(db: Database, year: str) -> list[tuple[int, int]]:
    """The checkpoints due by today: the middle of a semester, and shortly before its end."""
    today, out = date.today(), []
    with db.read() as s:
        for sem in terms.list_semesters(s, year):
            if today >= sem.start_date + (sem.end_date - sem.start_date) / 2:
                out.append((sem.number, 1))
            if today >= sem.end_date - timedelta(days=CLOSE_DAYS):
                out.append((sem.number, 2))
    return out


def test_this_year_is_filled_up_to_today(primary_demo: Database) -> None:
    """This year: checkpoints due by today are complete; the next one is begun in some classes."""
    _, new = _groups(primary_demo)
    reached = _reached(primary_demo, new[0].school_year)
    ahead = [c for c in WHOLE_YEAR if c not in reached][:1]
    with primary_demo.read() as s:
        rows = s.execute(
            select(Assessment.subject_id, Assessment.semester, Assessment.number, Assessment.kind)
            .join(ClassGroup, ClassGroup.id == Assessment.class_id)
            .where(ClassGroup.school_year == new[0].school_year)
        ).all()
        rated = {
            (sem, cp)
            for sem, cp in s.execute(
                select(PrimaryRating.semester, PrimaryRating.checkpoint).where(
                    PrimaryRating.school_year == new[0].school_year
                )
            )
        }
        names = {x.id: x.name for x in s.scalars(select(Subject))}
    assert {(sem, cp) for _, sem, cp, _ in rows} == set(reached) | set(ahead)
    assert rated == set(reached)
    begun = {names[sid] for sid, sem, cp, _ in rows if (sem, cp) in ahead}
    assert begun <= set(IN_PROGRESS_SUBJECTS)


def test_running_the_demo_again_is_refused_and_changes_nothing(primary_demo: Database) -> None:
    """A second demo on the same database is a Conflict; the students and journal stay intact."""
    with primary_demo.read() as s:
        before = s.scalar(select(func.count()).select_from(Student))
    with pytest.raises(Conflict):
        demo.create_demo(primary_demo, levels=demo.PRIMARY)
    with primary_demo.read() as s:
        assert s.scalar(select(func.count()).select_from(Student)) == before == 150
        assert journal.verify(s).ok


def test_cli_demo_levels_tieu_hoc(tmp_path: Path) -> None:
    """``demo --levels tieu_hoc`` creates the primary school; an unknown level is refused."""

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return run_main(["demo", *args])

    url = sqlite_url(tmp_path / "demo.sqlite")
    done = run("--db", url, "--levels", "tieu_hoc", "--students", "25", "--json")
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["school"] == demo.PRIMARY_PROFILE.code
    assert {"gv.1a", "gv.5a", "gv.anh", "gv.tin"} <= set(out["users"])
    assert out["classes"] == 5 and out["students"] == 25 and out["grades_assessments"] > 0
    bad = run("--db", sqlite_url(tmp_path / "other.sqlite"), "--levels", "thcs")
    assert bad.returncode == 2 and "--levels" in bad.stderr and "tieu_hoc" in bad.stderr


def test_wizard_offers_the_primary_demo(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Choosing "Trường Tiểu học" in the first-run wizard creates the primary demo school."""
    monkeypatch.setattr(first_run_wizard, "DEMO_PRIMARY_STUDENTS", 12)
    db = Database(make_engine(sqlite_url(tmp_path / "wizard.sqlite")))
    migrate.upgrade(db.engine)
    wizard = FirstRunWizard(None, db)
    qtbot.addWidget(wizard)
    wizard.show()
    form = wizard.school_page.form
    type_into(form.code_edit, "38000701")
    type_into(form.name_edit, "Trường Tiểu học Lê Lợi")
    form.level_boxes["tieu_hoc"].setChecked(True)
    wizard.next()
    page = wizard.admin_page
    for edit, text in ((page.username_edit, "admin"), (page.full_name_edit, "Quản trị")):
        type_into(edit, text)
    for edit in (page.password_edit, page.confirm_edit):
        type_into(edit, "thudemo123")
    wizard.next()
    year = wizard.year_page
    year.demo_box.setChecked(True)
    assert year.demo_choice.isVisibleTo(wizard) and "Nguyễn Trãi" in year.demo_note.text()
    year.demo_kind.setCurrentIndex(year.demo_kind.findData(demo.PRIMARY))
    assert demo.PRIMARY_PROFILE.name in year.demo_note.text()
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.done_ok, timeout=60_000)
    with db.read() as s:
        profile = school.require_profile(s)
        grades = {g.grade for g in s.scalars(select(ClassGroup))}
    assert profile.code == demo.PRIMARY_PROFILE.code and grades == {1, 2, 3, 4, 5}
    assert accounts.login(db, "gv.tin", "thudemo123").role == Role.TEACHER
    db.dispose()

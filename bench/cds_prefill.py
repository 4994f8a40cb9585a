"""The CĐS pre-fill metrics (issue 16 §2) on a school of 3,000 students.

Run: ``python bench/cds_prefill.py [--students 3000] [--repeat 5]``. A fresh Alembic-migrated
SQLite school is filled with Core inserts (not timed): THCS classes of 45, each student with
four assessments of semester I (TX1, TX2, GK, CK) in each scored subject of their grade, journalled under the subject's
teacher, a signed học bạ for 90 % of them, 600 register lines with 40 computers, a year of
nightly backups in the journal. Timed, median of ``--repeat``:

- metrics: ``app.cds.prefill_queries.all_metrics`` (every metric, as ``compute_metrics``);
- baseline: ``SELECT count(*), count(DISTINCT student_id) FROM assessment WHERE school_year =``
  the year: one read of the year's grade book, the least a "students with grades" figure needs.

Prints each metric's own time, the figures (checked against the data put in) and the ratio.
Target: metrics / baseline ≤ 10×.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("TRUONGSO_KEYRING", "memory")
os.environ.setdefault("TRUONGSO_ENCRYPT_DB", "0")

from sqlalchemy import insert, select, text  # noqa: E402

from app import migrate, setup  # noqa: E402
from app import modules as _modules  # noqa: E402,F401
from app.accounts import User  # noqa: E402
from app.cds import prefill_queries as q  # noqa: E402
from app.db import Database, make_engine, sqlite_url, utcnow  # noqa: E402
from app.equipment.models import EquipmentItem  # noqa: E402
from app.gradebook.models import Assessment, Subject, TeachingAssignment  # noqa: E402
from app.journal_schema import JournalEntry  # noqa: E402
from app.school import SchoolProfile  # noqa: E402
from app.students.models import ClassGroup, Enrolment, Student  # noqa: E402
from app.transcripts.models import Transcript, TranscriptVersion  # noqa: E402

TARGET = 10.0
YEAR = "2025-2026"
CODE = "THCS3000"
KINDS = (("TX", 1), ("TX", 2), ("GK", 1), ("CK", 1))


def _base(**row: object) -> dict[str, object]:
    now = utcnow()
    return {"id": uuid.uuid4(), "school_code": CODE, "created_at": now, "updated_at": now, **row}


def _journal(
    out: list[dict[str, object]], rows: list[dict[str, object]], seq: int, table: str, who: str,
    at: datetime,
) -> int:  # fmt: skip
    """Journal entries for ``rows`` appended to ``out`` (the chain's hashes are not wanted
    here: the metrics read who, what and when); the last number."""
    for r in rows:
        seq += 1
        out.append({"seq": seq, "at": at, "school_code": CODE, "user_id": "", "username": who,
                       "entity_type": table, "entity_id": str(r["id"]), "op": "insert",
                       "changes": "{}", "reason": "", "prev_hash": "0" * 64, "hash": "0" * 64})  # fmt: skip
    return seq


def build(db: Database, students: int) -> dict[str, int]:
    """The school; returns what was put in."""
    profile = SchoolProfile(CODE, "Trường THCS Ba Nghìn", ("thcs",), "Thanh Hóa", "Xã Quảng Phú")
    setup.initialize(db, setup.SetupRequest(profile, "admin", "Quản trị", "matkhau123", YEAR))
    with db.engine.begin() as c:
        subjects = {g: [sid for (sid,) in c.execute(
            select(Subject.id).where(Subject.school_year == YEAR, Subject.grade == g,
                                     Subject.comment_only.is_(False)).order_by(Subject.position)
        )][:10] for g in (6, 7, 8, 9)}  # fmt: skip
        teachers = [_base(username=f"gv{n:02d}", full_name=f"Giáo viên {n}", role="teacher",
                          password_hash="x", active=True, failed_attempts=0,
                          must_change_password=False) for n in range(40)]  # fmt: skip
        c.execute(insert(User), teachers)
        classes, stud, enrol, assign, marks, tr, tv = [], [], [], [], [], [], []
        n_classes = -(-students // 45)
        for k in range(n_classes):
            grade = 6 + k % 4
            cls = _base(school_year=YEAR, grade=grade, name=f"{grade}A{k // 4 + 1}",
                        homeroom_teacher_id=teachers[k % 40]["id"])  # fmt: skip
            classes.append(cls)
            for i, sub in enumerate(subjects[grade]):
                assign.append(_base(class_id=cls["id"], subject_id=sub,
                                    teacher_id=teachers[(k + i) % 40]["id"]))  # fmt: skip
        for n in range(students):
            cls = classes[n // 45]
            s = _base(student_code=f"HS{n:05d}", given_name="An", full_name=f"Học sinh {n}",
                      sex="nam", status="dang_hoc", personal_id=f"038{n:09d}" if n % 20 else None)  # fmt: skip
            stud.append(s)
            enrol.append(_base(student_id=s["id"], class_id=cls["id"], school_year=YEAR,
                               start_date=date(2025, 9, 5), end_date=None))  # fmt: skip
            for sub in subjects[int(cls["grade"])]:  # type: ignore[call-overload]
                for kind, number in KINDS:
                    marks.append(_base(student_id=s["id"], class_id=cls["id"], subject_id=sub,
                                       school_year=YEAR, semester=1, kind=kind, number=number,
                                       value="8"))  # fmt: skip
            if n % 10:
                t = _base(student_id=s["id"], class_id=cls["id"], school_year=YEAR, level="thcs",
                          latest_version=1, needs_reissue=False, reissue_reason="")  # fmt: skip
                tr.append(t)
                tv.append(_base(transcript_id=t["id"], number=1, state="signed", data="{}",
                                data_sha256="0" * 64, correction_reason="", prepared_by="x",
                                prepared_at=utcnow(), issued_by=""))  # fmt: skip
        items = [
            _base(
                code=f"TB{n:05d}",
                name="Máy tính" if n < 40 else "Bàn học sinh",
                quantity=1 if n < 40 else 10,
                is_computer=n < 40,
            )  # fmt: skip
            for n in range(600)
        ]
        for model, rows in ((ClassGroup, classes), (TeachingAssignment, assign), (Student, stud),
                            (Enrolment, enrol), (Assessment, marks), (Transcript, tr),
                            (TranscriptVersion, tv)):  # fmt: skip
            c.execute(insert(model), rows)
        defaults = {c.name: c.default.arg for c in EquipmentItem.__table__.columns
                    if c.default is not None and not callable(c.default.arg)}  # fmt: skip
        c.execute(insert(EquipmentItem), [{**defaults, **i} for i in items])
        seq = int(c.scalar(text("SELECT seq FROM journal_head")) or 0)
        at = datetime(2025, 10, 1, tzinfo=UTC)
        rows_j: list[dict[str, object]] = []
        seq = _journal(rows_j, marks, seq, "assessment", "gv01", at)
        seq = _journal(rows_j, items, seq, "equipment_item", "thietbi", at)
        for d in range(240):
            seq = _journal(rows_j, [{"id": f"b{d}.tsbak"}], seq, "backup", "admin",
                           at + timedelta(days=d))  # fmt: skip
            rows_j[-1]["op"] = "event"
        c.execute(insert(JournalEntry), rows_j)
        c.execute(text("UPDATE journal_head SET seq = :s"), {"s": seq})
    return {"students": students, "graded": students, "signed": len(tr), "with_id": len(
        [s for s in stud if s["personal_id"]]), "items": len(items), "backups": 240}  # fmt: skip


def median_ms(job: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        job()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--students", type=int, default=3000)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["TRUONGSO_DATA_DIR"] = str(Path(tmp) / "data")
        db = Database(make_engine(sqlite_url(Path(tmp) / "bench.sqlite")))
        migrate.upgrade(db.engine)
        put = build(db, args.students)
        db.dispose()
        db = Database(make_engine(sqlite_url(Path(tmp) / "bench.sqlite")))
        with db.read() as s:
            metrics = {m.id: m for m in q.all_metrics(s, YEAR)}
            got = {"students": metrics["students_enrolled"].value,
                   "graded": round(float(metrics["students_with_grades"].value or 0)
                                   * args.students / 100),
                   "signed": round(float(metrics["transcripts_signed"].value or 0)
                                   * args.students / 100),
                   "with_id": round(float(metrics["students_personal_id"].value or 0)
                                    * args.students / 100),
                   "items": metrics["equipment_items"].value,
                   "backups": metrics["backups_in_year"].value}  # fmt: skip
            if got != put:
                print(f"bench/cds_prefill.py: WRONG RESULT: put in {put}, found {got}")
                return 1
            w = q.year_window(s, YEAR)
            assert w is not None
            sql = text("SELECT count(*), count(DISTINCT student_id) FROM assessment "
                       "WHERE school_year = :y")  # fmt: skip
            base = median_ms(lambda: s.execute(sql, {"y": YEAR}).one(), args.repeat)
            full = median_ms(lambda: q.all_metrics(s, YEAR), args.repeat)
            parts = {
                "students (3 metrics)": lambda: q.student_metrics(s, w),
                "signed học bạ": lambda: q.transcripts_metric(s, w),
                "teachers (journal)": lambda: q.teachers_metric(s, w),
                "register": lambda: q.equipment_metrics(s, w),
                "computers per level": lambda: q.computer_metrics(s, w, YEAR),
                "backups (journal)": lambda: q.backup_metrics(s, w, date.today()),
            }
            each = {name: median_ms(job, args.repeat) for name, job in parts.items()}
            marks = s.scalar(text("SELECT count(*) FROM assessment"))
            journal = s.scalar(text("SELECT count(*) FROM journal_entry"))
    ratio = full / base
    print(f"bench/cds_prefill.py: every pre-fill metric of {args.students} students "
          f"({marks} assessments, {journal} journal entries), median of {args.repeat}")  # fmt: skip
    print(f"  baseline {base:8.1f} ms  (count the year's assessments and their students)")
    print(f"  metrics  {full:8.1f} ms  ({len(metrics)} metrics)")
    for name, ms in each.items():
        print(f"    {name:22s} {ms:8.1f} ms")
    print(
        f"  ratio metrics / baseline: {ratio:.1f}× (target ≤ {TARGET:.0f}×) — "
        f"{'OK' if ratio <= TARGET else 'OVER TARGET'}; load average {os.getloadavg()[0]:.1f}"
    )
    print(f"  e.g. {metrics['transcripts_signed'].explanation}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

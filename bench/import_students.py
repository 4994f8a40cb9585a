"""Bench: import 10,000 students from .xlsx through the full preview + commit path.

Baseline (the floor for the same work, same run): read the same file with
python-calamine and insert its raw rows with ``sqlite3.executemany`` into one
plain table. Target: full path ≤ 4× the baseline.

    .venv/bin/python bench/import_students.py [--rows 10000] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import random
import sqlite3
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import openpyxl  # noqa: E402
import python_calamine as calamine  # noqa: E402

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ"]
MIDDLE_F = ["Thị", "Thị Thu", "Ngọc", "Thị Minh", "Thùy", "Khánh"]
MIDDLE_M = ["Văn", "Minh", "Đức", "Quốc", "Hữu", "Thanh"]
GIVEN_F = ["Ánh", "Hoa", "Lan", "Hằng", "Trang", "Ngọc", "Thảo", "Linh", "Vy", "Quỳnh"]
GIVEN_M = ["Hùng", "Dũng", "Nam", "Khoa", "Bảo", "Tuấn", "Phúc", "Huy", "Long", "Đạt"]
ETHNIC = ["Kinh"] * 8 + ["Mường", "Thái", "Tày", "H'Mông"]
HEADER = ["STT", "Mã học sinh", "Họ và tên", "Ngày sinh", "Giới tính", "Dân tộc",
          "Số định danh cá nhân", "Lớp", "Nơi sinh", "Quê quán", "Địa chỉ", "Họ tên cha",
          "SĐT cha", "Họ tên mẹ", "SĐT mẹ", "Họ tên người giám hộ", "SĐT người giám hộ",
          "Ghi chú"]  # fmt: skip
YEAR = "2025-2026"
CLASSES = [f"{g}A{n}" for g in (6, 7, 8, 9) for n in range(1, 8)]


def _messy_date(dob: date, i: int) -> object:
    """Dates as a date cell, dd/mm/yyyy text, d/m/yyyy text, ISO text or a serial number."""
    kind = i % 5
    if kind == 0:
        return dob
    if kind == 1:
        return dob.strftime("%d/%m/%Y")
    if kind == 2:
        return f"{dob.day}/{dob.month}/{dob.year}"
    if kind == 3:
        return dob.isoformat()
    return (dob - date(1899, 12, 30)).days


def _row(i: int, rnd: random.Random) -> list[object]:
    female = rnd.random() < 0.49
    cls = CLASSES[i % len(CLASSES)]
    grade = int(cls[0])
    dob = date(2025 - 5 - grade, 1, 1) + timedelta(days=rnd.randrange(365))
    family, middle = rnd.choice(FAMILY), rnd.choice(MIDDLE_F if female else MIDDLE_M)
    name = f"{family} {middle} {rnd.choice(GIVEN_F if female else GIVEN_M)}"
    digit = (2 if dob.year >= 2000 else 0) + (1 if female else 0)
    pid = f"038{digit}{dob.year % 100:02d}{i:06d}"
    messy_pid: object = int(pid) if i % 3 == 0 else ("'" + pid if i % 3 == 1 else pid)
    phone = f"09{rnd.randrange(10**8):08d}"
    return [
        i + 1, None, f"  {name} " if i % 7 == 0 else name, _messy_date(dob, i),
        "Nữ" if female else "Nam", rnd.choice(ETHNIC), messy_pid, cls, "Thanh Hóa",
        "Thanh Hóa", f"Thôn {i % 20 + 1}, xã Quảng Phú", f"{family} Văn {rnd.choice(GIVEN_M)}",
        int(phone) if i % 2 else phone, f"Lê Thị {rnd.choice(GIVEN_F)}", None, None, None, "",
    ]  # fmt: skip


def make_file(path: Path, n: int) -> Path:
    """A 10k-row list as schools have them: title rows, one sheet for the school, mixed cell types."""
    rnd = random.Random(20250905)
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("Toàn trường")
    ws.append(["SỞ GIÁO DỤC VÀ ĐÀO TẠO THANH HÓA"])
    ws.append(["DANH SÁCH HỌC SINH TOÀN TRƯỜNG NĂM HỌC 2025-2026"])
    ws.append([])
    ws.append(HEADER)
    for i in range(n):
        ws.append(_row(i, rnd))
        if i % 997 == 0:
            ws.append([None] * len(HEADER))  # phantom rows
    wb.save(path)
    return path


def fresh_db(folder: Path):  # type: ignore[no-untyped-def]
    """A migrated SQLite database with the school, the year and its classes."""
    from app import migrate, setup
    from app import modules as _modules  # noqa: F401  (every module wired into the core: decision 008)
    from app import students as st
    from app.db import Actor, Database, make_engine, sqlite_url
    from app.school import SchoolProfile

    db = Database(make_engine(sqlite_url(folder / "bench.sqlite")))
    migrate.upgrade(db.engine)
    profile = SchoolProfile("THCS0001", "Trường THCS Kim Đồng", ("thcs",), "Thanh Hóa")
    setup.initialize(db, setup.SetupRequest(profile, "admin", "Quản trị", "matkhau123", YEAR))
    actor = Actor.system("bench")
    with db.uow(actor=actor) as s:
        for name in CLASSES:
            st.create_class(s, actor, name)
    return db, actor


def full_path(db, actor, path: Path) -> tuple[float, float, object]:  # type: ignore[no-untyped-def]
    """Preview then commit; returns (preview seconds, commit seconds, result)."""
    from app.students import importer

    t0 = time.perf_counter()
    with db.read(actor) as s:
        pv = importer.preview(s, actor, path)
    t1 = time.perf_counter()
    assert not pv.rejected, pv.problems[:3]
    result = importer.commit(db, actor, pv, reason="IDs restored from number cells: checked")
    t2 = time.perf_counter()
    return t1 - t0, t2 - t1, result


def read_only(path: Path) -> float:
    """The file side alone: read, detect headers, clean and map every row (no database)."""
    from app.students.importer import read_rows

    t0 = time.perf_counter()
    rows = read_rows(path).rows
    assert len(rows) > 0
    return time.perf_counter() - t0


def rows_written(db) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """How many rows the import wrote per table (the baseline writes one row per student)."""
    from sqlalchemy import text

    tables = ["student", "guardian", "enrolment", "student_search_term", "journal_entry"]
    with db.read() as s:
        return {t: int(s.execute(text(f"SELECT count(*) FROM {t}")).scalar() or 0) for t in tables}


def baseline(path: Path, folder: Path) -> float:
    """calamine read + raw executemany into one plain SQLite table, in one transaction."""
    t0 = time.perf_counter()
    book = calamine.CalamineWorkbook.from_path(path)
    rows = [r for name in book.sheet_names for r in book.get_sheet_by_name(name).to_python()]
    conn = sqlite3.connect(folder / "baseline.sqlite")
    cols = ", ".join(f"c{i}" for i in range(len(HEADER)))
    conn.execute(f"CREATE TABLE raw ({cols})")
    marks = ", ".join("?" * len(HEADER))
    width = len(HEADER)
    data = [tuple(str(v) for v in (list(r) + [""] * width)[:width]) for r in rows]
    with conn:
        conn.executemany(f"INSERT INTO raw VALUES ({marks})", data)
    conn.close()
    return time.perf_counter() - t0


def encrypted_run(folder: Path, path: Path, plain_total: float) -> None:
    """The same import into a database encrypted as the app does it (SQLCipher, the key in
    an in-memory keyring); prints the encrypted / plain ratio (target <= 1.3x)."""
    from app.safety import encryption

    folder.mkdir()
    os.environ["TRUONGSO_KEYRING"] = "memory"
    os.environ["TRUONGSO_ENCRYPT_DB"] = "1"
    db, actor = fresh_db(folder)
    assert encryption.encrypt_database(db)
    pre, com, _ = full_path(db, actor, path)
    print(f"encrypted: preview {pre * 1000:.0f} ms, commit {com * 1000:.0f} ms, "
          f"full {(pre + com) * 1000:.0f} ms; encrypted/plain {(pre + com) / plain_total:.2f}x "
          "(target <= 1.3x)")  # fmt: skip
    db.dispose()


def main() -> None:
    """Run the bench and print figures."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=10_000)
    ap.add_argument("--profile", action="store_true")
    ap.add_argument(
        "--encrypted",
        action="store_true",
        help="also into an encrypted database (decision 019): the ratio to plain",
    )
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        os.environ["TRUONGSO_DATA_DIR"] = str(folder / "data")
        path = make_file(folder / "hoc-sinh.xlsx", args.rows)
        print(f"tệp: {path.stat().st_size / 1e6:.1f} MB, {args.rows} dòng")
        base = baseline(path, folder)
        file_side = read_only(path)
        db, actor = fresh_db(folder)
        prof = cProfile.Profile() if args.profile else None
        if prof:
            prof.enable()
        pre, com, result = full_path(db, actor, path)
        if prof:
            prof.disable()
            pstats.Stats(prof).sort_stats("cumulative").print_stats(35)
        total = pre + com
        print(f"baseline (calamine + executemany): {base * 1000:8.0f} ms")
        print(f"file side only (read + map rows):  {file_side * 1000:8.0f} ms"
              f"  ({file_side / base:.2f}x baseline)")  # fmt: skip
        print(f"preview (read + validate + match): {pre * 1000:8.0f} ms")
        print(f"commit (restore point + write):    {com * 1000:8.0f} ms")
        print(f"full path:                         {total * 1000:8.0f} ms")
        print(f"ratio full/baseline: {total / base:.2f}x (target <= 4x)")
        print(f"result: {result.inserted} inserted; rows written per table: {rows_written(db)}")
        db.dispose()
        if args.encrypted:
            encrypted_run(folder / "ma-hoa", path, total)


if __name__ == "__main__":
    main()

"""Bench: the student list page over 100,000 students, offscreen, against a bare Qt table.

Builds a temporary SQLite database through the real bulk path (demo generator →
``upsert_students``, as ``bench/student_search.py`` does; ``--keep PATH`` keeps it
and reuses it next time), then, in one offscreen ``QApplication``:

- open: from constructing ``StudentListWidget`` (year, class and status filters,
  count + first page from SQL) to its table viewport having painted rows;
- keystroke: from the search text changing to the repaint of the filtered rows
  (the 200 ms typing debounce is not counted: ``apply_filter`` is called directly);
- sort: from choosing another sort column to the repaint;
- jump: from dragging the scroll bar to the middle and releasing it to the repaint.

Baseline, same run and window size: a bare ``QTableView`` over a trivial model
with the same number of rows and columns (cells are computed strings), timed to
its first paint; its "keystroke" is a model reset plus repaint. Prints medians
of ``--repeat`` runs and the ratios. Nothing asserts on time.

    .venv/bin/python bench/student_list.py [--students 100000] [--repeat 7] [--keep PATH]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import (  # noqa: E402
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QtMsgType,
    qInstallMessageHandler,
)
from PySide6.QtWidgets import QApplication, QTableView, QWidget  # noqa: E402
from student_search import build as build_school  # noqa: E402  (bench/ is on sys.path)

from app import accounts  # noqa: E402
from app import students as st  # noqa: E402
from app.db import Database, make_engine, sqlite_url  # noqa: E402
from app.runtime import Runtime  # noqa: E402

SIZE = (1200, 760)


class PaintWatch(QObject):
    """Notes when a widget (a table's viewport) receives a paint event."""

    def __init__(self, target: QWidget) -> None:
        super().__init__()
        self.painted = False
        target.installEventFilter(self)

    def eventFilter(self, _obj: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.Paint:
            self.painted = True
        return False


def until_painted(qapp: QApplication, watch: PaintWatch, ready: Callable[[], bool]) -> None:
    """Process events until the viewport has painted while ``ready()`` holds."""
    watch.painted = False
    deadline = time.perf_counter() + 60
    while time.perf_counter() < deadline:
        qapp.processEvents()
        if watch.painted and ready():
            return
    raise SystemExit("the table never painted")


_Index = QModelIndex | QPersistentModelIndex


class TrivialModel(QAbstractTableModel):
    """``rows`` × 6 computed strings: the floor for a Qt table of that size."""

    def __init__(self, rows: int) -> None:
        super().__init__()
        self.rows = rows

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else self.rows

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else 6

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return f"Hàng {index.row()} cột {index.column()}"
        return None

    def reset(self, rows: int) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def bare_open(qapp: QApplication, rows: int) -> tuple[float, float]:
    """Seconds to the first paint of a bare table, then of a reset (its 'keystroke')."""
    t0 = time.perf_counter()
    view = QTableView()
    model = TrivialModel(rows)
    view.setModel(model)
    view.resize(*SIZE)
    watch = PaintWatch(view.viewport())
    view.show()
    until_painted(qapp, watch, lambda: True)
    opened = time.perf_counter() - t0
    t1 = time.perf_counter()
    model.reset(rows // 3)
    view.viewport().update()
    until_painted(qapp, watch, lambda: True)
    reset = time.perf_counter() - t1
    view.close()
    view.deleteLater()
    return opened, reset


def app_page(qapp: QApplication, ctx: Any) -> dict[str, float]:
    """Open the real page once and time its four interactions."""
    from ui.students.student_list_model import Column
    from ui.students.student_list_widget import StudentListWidget

    out: dict[str, float] = {}
    t0 = time.perf_counter()
    page = StudentListWidget(ctx)
    page.resize(*SIZE)
    watch = PaintWatch(page.table.viewport())
    page.show()
    until_painted(qapp, watch, lambda: page.model.rowCount() > 0)
    out["open"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    page.search_edit.setText("nguyen thi h")
    page.apply_filter()
    until_painted(qapp, watch, lambda: True)
    out["keystroke"] = time.perf_counter() - t0
    out["hits"] = page.model.total
    page.search_edit.setText("")
    page.apply_filter()

    t0 = time.perf_counter()
    page.table.sortByColumn(Column.CODE, Qt.SortOrder.DescendingOrder)
    until_painted(qapp, watch, lambda: True)
    out["sort"] = time.perf_counter() - t0
    page.table.sortByColumn(Column.FULL_NAME, Qt.SortOrder.AscendingOrder)

    bar = page.table.verticalScrollBar()
    t0 = time.perf_counter()
    page.model.pause()
    bar.setValue(bar.maximum() // 2)
    page.model.resume()
    until_painted(qapp, watch, lambda: True)
    out["jump"] = time.perf_counter() - t0
    page.close()
    page.deleteLater()
    qapp.processEvents()
    return out


def _quiet(kind: QtMsgType, context: object, message: str) -> None:
    """Drop the offscreen platform's note about size hints; print any other Qt message."""
    if "propagateSizeHints" not in message:
        print(f"Qt: {message}", file=sys.stderr)


def run(path: Path, repeat: int) -> None:
    """Warm up once, then alternate app and baseline samples; print medians and ratios."""
    from ui.app import make_application

    qInstallMessageHandler(_quiet)
    qapp = make_application()
    db = Database(make_engine(sqlite_url(path)))
    with db.read() as s:
        user = accounts.get_user(s, "admin")
        total = st.count_students(s, user.actor(), st.StudentFilter(year=None))
    from ui.pages import PageContext

    ctx = PageContext(Runtime(db), user)
    app_page(qapp, ctx)
    bare_open(qapp, total)
    apps, bares = [], []
    for _ in range(repeat):
        apps.append(app_page(qapp, ctx))
        bares.append(bare_open(qapp, total))
    db.dispose()
    med = {k: median_ms([a[k] for a in apps]) for k in ("open", "keystroke", "sort", "jump")}
    base_open = median_ms([b[0] for b in bares])
    base_reset = median_ms([b[1] for b in bares])
    print(f"bench/student_list.py: {total:,} học sinh, offscreen {SIZE[0]}×{SIZE[1]}, "
          f"trung vị {repeat} lần")  # fmt: skip
    print(f"Tải máy (load average 1 phút): {os.getloadavg()[0]:.1f} trên {os.cpu_count()} lõi")
    print(f"  baseline  mở bảng trần (QTableView + mô hình tầm thường): {base_open:7.1f} ms")
    print(f"  app       mở trang Học sinh tới khi vẽ dòng đầu:          {med['open']:7.1f} ms"
          f"   ({med['open'] / base_open:.1f}×)")  # fmt: skip
    print(f"  baseline  reset mô hình + vẽ lại:                         {base_reset:7.1f} ms")
    print(f"  app       gõ tìm «nguyen thi h» → vẽ lại ({int(apps[0]['hits']):,} kết quả): "
          f"{med['keystroke']:7.1f} ms   ({med['keystroke'] / base_reset:.1f}×)")  # fmt: skip
    print(f"  app       sắp xếp theo mã (SQL) → vẽ lại:                 {med['sort']:7.1f} ms")
    print(f"  app       kéo thanh cuộn tới giữa danh sách → vẽ lại:     {med['jump']:7.1f} ms")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--keep", type=Path, help="keep (and reuse) the database at this path")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ.setdefault("TRUONGSO_DATA_DIR", str(Path(tmp) / "data"))
        path = args.keep or Path(tmp) / "bench.sqlite"
        if not path.exists():
            db, load = build_school(path, args.students)
            db.dispose()
            print(f"Đã nạp {args.students:,} học sinh qua upsert_students: {load:.1f} s")
        run(path, args.repeat)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

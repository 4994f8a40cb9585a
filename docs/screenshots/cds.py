"""Screenshots of the «Chuyển đổi số» page on the demo school, at 1024×768 and 1366×768.

    QT_QPA_PLATFORM=offscreen .venv/bin/python docs/screenshots/cds.py [--out DIR] [--guide]

Builds the demo school (take.py's ``build_demo``), then, through the app's own services, as
its IT coordinator (cntt) and principal (hieutruong): last year's phiếu filled, approved and
sent; this year's pre-filled from the demo's data with a few answers, a file and a figure
overridden with a reason; this year's task list taken from the shipped 2024-25 one with some
progress. Saves ``DIR/cds-<tab>-<width>.png`` (phieu, so-sanh, nhiem-vu) and
``DIR/cds-chart-<width>.png``, and the submitted phiếu as the principal sees it
(``DIR/cds-phieu-bgh-1024.png``). (The guide's picture of the page is guide_shots.py's.)
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from take import ROOT, SIZES, build_demo, open_runtime, open_window, save, settle  # noqa: E402

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def _answers(s: object, it: object, year: str, share: Decimal) -> None:
    from app.cds import assessment, view
    from app.cds.sets import RuleKind

    v = view.assessment_view(s, it, year)  # type: ignore[arg-type]
    for c in v.criteria_set.criteria:
        if c.rule.kind is RuleKind.MANUAL and c.max_points:
            points = (c.max_points * share).quantize(Decimal(1))
            assessment.set_answer(s, it, year, c.code, points=str(points))  # type: ignore[arg-type]
        elif c.rule.kind is RuleKind.YES_NO and not c.prefill:
            assessment.set_answer(s, it, year, c.code, value="có")  # type: ignore[arg-type]


def prepare(db: object) -> tuple[str, str]:
    """Fill the demo's phiếu and tasks; (last year, this year)."""
    from app import school
    from app.cds import assessment, tasks, tasks_evidence, workflow
    from app.paths import resource

    with db.read() as s:  # type: ignore[attr-defined]
        years = sorted(y.name for y in school.list_years(s))
        current = next(y.name for y in school.list_years(s) if y.is_current)
        it, head = (_actor(s, u) for u in ("cntt", "hieutruong"))
    last = years[years.index(current) - 1] if years.index(current) else ""
    if not last:  # the demo starts in its current year: add the one before, for the chart
        from app.db import Actor

        first = int(current.split("-")[0])
        last = f"{first - 1}-{first}"
        with db.uow(actor=Actor.system("demo")) as s:  # type: ignore[attr-defined]
            school.add_year(s, Actor.system("demo"), last)
    with db.uow(actor=it) as s:  # type: ignore[attr-defined]
        for year in (last, current):
            assessment.start(s, it, year)
        _answers(s, it, last, Decimal("0.5"))
        workflow.apply(s, it, last, "submit")
    with db.uow(actor=head) as s:  # type: ignore[attr-defined]
        workflow.apply(s, head, last, "approve", "Đồng ý gửi Phòng GD&ĐT.")
        workflow.apply(s, head, last, "mark_sent")
    with db.uow(actor=it) as s:  # type: ignore[attr-defined]
        assessment.prefill(s, it, current)
        _answers(s, it, current, Decimal("0.7"))
        first = next(r for r in _rows(s, it, current) if r.evidence_required)
        assessment.add_evidence(s, it, current, first.code, "ke-hoach-cds.pdf", PDF)
        src = resource("cds", "tasks-2024-2025.json")
        if current != "2024-2025":
            tasks.import_tasks(s, it, src.read_bytes(), src.name, current)
        rows = tasks.year_tasks(s, it, current).rows
        for r, state in zip(rows[:6], ("da_xong", "da_xong", "dang_lam", "dang_lam", "khong_ap_dung",
                                       "da_xong"), strict=True):  # fmt: skip
            tasks.set_task(s, it, current, r.code, state=state, responsible="Nguyễn Đức Thắng")
        tasks_evidence.attach_evidence(s, it, current, rows[0].code, "ke-hoach.pdf", PDF)
    return last, current


def _actor(s: object, username: str) -> object:
    from app import accounts

    return accounts.get_user(s, username).actor()  # type: ignore[arg-type]


def _rows(s: object, it: object, year: str) -> list:  # type: ignore[type-arg]
    from app.cds import view

    return list(view.assessment_view(s, it, year).rows)  # type: ignore[arg-type]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args()
    from app import accounts
    from ui.app import make_application

    qapp = make_application()
    folder = Path(tempfile.mkdtemp(prefix="cds-shots-"))
    os.environ.setdefault("TRUONGSO_DATA_DIR", str(folder / "data"))  # the demo's key is there
    url = build_demo(folder)
    runtime = open_runtime(url)
    prepare(runtime.db)
    with runtime.db.read() as s:
        user = accounts.get_user(s, "cntt")
    for size in SIZES:
        window = open_window(runtime, user, size)
        page = window.open_page("cds")
        settle(qapp)
        page.assessment.select(page.assessment.view.rows[0].code)
        settle(qapp)
        for index, name in enumerate(("phieu", "so-sanh", "nhiem-vu")):
            page.tabs.setCurrentIndex(index)
            settle(qapp)
            save(window, args.out / f"cds-{name}-{size.width()}.png")
            if name == "so-sanh":
                save(page.comparison.views[0], args.out / f"cds-chart-{size.width()}.png")
        window.close()
        settle(qapp)
    _principal_shot(qapp, runtime, args.out)
    runtime.db.dispose()
    return 0


def _principal_shot(qapp: object, runtime: object, out: Path) -> None:
    """The phiếu submitted, as the principal sees it: read-only, Duyệt / Trả lại để sửa."""
    from app import accounts, school
    from app.cds import workflow

    db = runtime.db  # type: ignore[attr-defined]
    with db.read() as s:
        year = school.current_year(s).name
        it, head = (accounts.get_user(s, u) for u in ("cntt", "hieutruong"))
    with db.uow(actor=it.actor()) as s:
        workflow.apply(s, it.actor(), year, "submit")
    window = open_window(runtime, head, SIZES[0])
    window.open_page("cds")
    settle(qapp)  # type: ignore[arg-type]
    save(window, out / "cds-phieu-bgh-1024.png")
    window.close()
    settle(qapp)  # type: ignore[arg-type]


if __name__ == "__main__":
    raise SystemExit(main())

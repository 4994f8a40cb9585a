"""``cds tasks …`` and ``cds prefill``: the year's CĐS task checklist and the metrics the app
computes itself (issue 16 §2b, decision 037). The same services as the window; ``--json``
prints data. ``app.cli.cds`` adds these to its ``cds`` command (``add_commands``).

Exit codes: 0 done; 1 an expected error (a bad list file, nothing stored; an unknown task or
state); 2 wrong usage.
"""

from __future__ import annotations

import argparse
from dataclasses import asdict
from pathlib import Path
from typing import Any

from app.cli import Context, add_common
from app.cli.options import day_option
from app.messages.cds_tasks import TASKS_MSG as M


def _data(value: Any) -> dict[str, Any]:
    """A result as JSON data, without the ``changes`` it carries for the window."""
    data = asdict(value)
    data.pop("changes", None)
    return data


STATES = "chua_lam, dang_lam, da_xong, khong_ap_dung (hoặc «Đã xong»…)"


def _year(args: argparse.Namespace, session: Any) -> str:
    from app.errors import NotFound
    from app.students.access import current_year_name

    year = args.year or current_year_name(session)
    if not year:
        raise NotFound(M.no_current_year)
    return str(year)


def _task_lines(row: Any) -> list[str]:
    bits = [f"{row.code}  [{row.state_label}]  {row.title} — {row.citation}"]
    extra = []
    if row.responsible:
        extra.append(f"phụ trách: {row.responsible}")
    if row.due:
        extra.append(f"hạn: {row.due:%d/%m/%Y}" + (" (quá hạn)" if row.overdue else ""))
    if row.evidence:
        extra.append(f"{len(row.evidence)} tệp minh chứng")
    if extra:
        bits.append("    " + "; ".join(extra))
    if row.note:
        bits.append(f"    ghi chú: {row.note}")
    bits += [f"    {M.app_knows if f.available else M.not_yet}: {f.text}" for f in row.facts]
    return bits


def _list(args: argparse.Namespace, ctx: Context) -> int:
    from app.cds.tasks import year_tasks

    rt = ctx.runtime(create=False)
    actor = ctx.actor()
    with rt.db.read(actor=actor) as s:
        tasks = year_tasks(s, actor, _year(args, s))
    c = tasks.counts
    head = (f"Năm học {tasks.school_year} — {tasks.source.document}: {len(tasks.rows)} việc "
            f"({c['da_xong']} đã xong, {c['dang_lam']} đang làm, {c['chua_lam']} chưa làm, "
            f"{c['khong_ap_dung']} không áp dụng)")  # fmt: skip
    lines = [head] + [line for r in tasks.rows for line in _task_lines(r)]
    ctx.out(_data(tasks), "\n".join(lines))
    return 0


def _set(args: argparse.Namespace, ctx: Context) -> int:
    from app.cds.tasks import parse_state, set_task, year_tasks

    rt = ctx.runtime(create=False)
    actor = ctx.actor()
    state = parse_state(args.state) if args.state else None
    due = day_option(args.due, "--due") if args.due else None
    with rt.db.uow(actor=actor, reason=args.reason) as s:
        year = _year(args, s)
        set_task(s, actor, year, args.code, state=state, responsible=args.responsible, due=due,
                 note=args.note)  # fmt: skip
        row = year_tasks(s, actor, year).row(args.code.strip().upper())
    ctx.out(asdict(row), M.set_done.format(code=row.code, state=row.state_label))
    return 0


def _read(path: Path) -> bytes:
    """The file's bytes, or a Vietnamese refusal naming it."""
    from app.errors import ValidationError

    try:
        return path.read_bytes()
    except OSError as exc:
        raise ValidationError(M.unreadable.format(file=path.name, detail=exc.strerror)) from exc


def _import(args: argparse.Namespace, ctx: Context) -> int:
    from app.cds.tasks import import_tasks

    path = Path(args.file)
    data = _read(path)
    rt = ctx.runtime(create=False)
    actor = ctx.actor()
    with rt.db.uow(actor=actor) as s:
        done = import_tasks(s, actor, data, path.name, args.year)
    text = M.imported.format(count=done.count, year=done.school_year, source=done.document)
    ctx.out(_data(done), text)
    return 0


def _report(args: argparse.Namespace, ctx: Context) -> int:
    from app.cds.tasks_print import write_task_report

    rt = ctx.runtime(create=False)
    actor = ctx.actor()
    with rt.db.read(actor=actor) as s:
        path, tasks = write_task_report(s, actor, _year(args, s), Path(args.out),
                                        preparer=args.preparer or "")  # fmt: skip
    text = M.report_written.format(count=len(tasks.rows), path=path)
    ctx.out({"path": str(path), "tasks": len(tasks.rows)}, text)
    return 0


def _evidence(args: argparse.Namespace, ctx: Context) -> int:
    from app.cds.tasks_evidence import attach_evidence

    path = Path(args.file)
    data = _read(path)
    rt = ctx.runtime(create=False)
    actor = ctx.actor()
    with rt.db.uow(actor=actor) as s:
        year = _year(args, s)
        row = attach_evidence(s, actor, year, args.code, path.name, data)
    text = M.evidence_done.format(file=row.file_name, sha=row.sha256[:12], code=args.code.upper())
    ctx.out(asdict(row), text)
    return 0


def _withdraw(args: argparse.Namespace, ctx: Context) -> int:
    from app.cds.tasks_evidence import withdraw_evidence

    rt = ctx.runtime(create=False)
    actor = ctx.actor()
    with rt.db.uow(actor=actor, reason=args.reason) as s:
        withdraw_evidence(s, actor, _year(args, s), args.code, args.sha256, args.reason or "")
    code = args.code.strip().upper()
    ctx.out({"code": code, "sha256": args.sha256, "withdrawn": True},
            M.withdrawn.format(sha=args.sha256[:12], code=code))  # fmt: skip
    return 0


def _prefill(args: argparse.Namespace, ctx: Context) -> int:
    from app.cds.prefill import compute_metrics

    rt = ctx.runtime(create=False)
    actor = ctx.actor()
    with rt.db.read(actor=actor) as s:
        metrics = compute_metrics(s, actor, _year(args, s))
    lines = []
    for m in metrics.values():
        shown = m.explanation if m.available else M.prefill_none.format(why=m.why_not)
        lines.append(f"{m.id}  {m.label}: {shown}")
    ctx.out([asdict(m) for m in metrics.values()], "\n".join(lines))
    return 0


def _year_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--year", metavar="NĂM_HỌC", help="năm học, ví dụ 2024-2025 (mặc định: năm "
                   "học hiện tại)")  # fmt: skip


def add_tasks(sub: Any) -> None:
    """``tasks`` and its subcommands, under the ``cds`` command."""
    t = sub.add_parser("tasks", help=M.cli_help)
    tsub = t.add_subparsers(dest="cds_tasks_command", metavar="LỆNH", required=True)

    p = tsub.add_parser("list", help=M.cli_list)
    add_common(p, json_flag=True)
    _year_option(p)
    p.set_defaults(func=_list)

    p = tsub.add_parser("set", help=M.cli_set)
    add_common(p, json_flag=True)
    p.add_argument("code", metavar="MÃ", help="mã việc, ví dụ T01")
    p.add_argument("--state", help=f"trạng thái: {STATES}")
    p.add_argument("--responsible", metavar="HỌ_TÊN", help="người phụ trách")
    p.add_argument("--due", metavar="NGÀY", help="hạn, dd/mm/yyyy")
    p.add_argument("--note", help="ghi chú")
    p.add_argument("--reason", help="lý do (ghi vào nhật ký thay đổi)")
    _year_option(p)
    p.set_defaults(func=_set)

    p = tsub.add_parser("import", help=M.cli_import)
    add_common(p, json_flag=True)
    p.add_argument("file", metavar="TỆP", help="tệp JSON theo docs/cds-tasks-format.md")
    p.add_argument("--year", metavar="NĂM_HỌC",
                   help="dùng danh sách cho năm học này (mặc định: năm học ghi trong tệp)")  # fmt: skip
    p.set_defaults(func=_import)

    p = tsub.add_parser("report", help=M.cli_report)
    add_common(p, json_flag=True)
    p.add_argument("--out", required=True, metavar="TỆP.pdf", help="tệp PDF sẽ ghi")
    p.add_argument("--preparer", metavar="HỌ_TÊN", help="họ tên người lập báo cáo")
    _year_option(p)
    p.set_defaults(func=_report)

    p = tsub.add_parser("evidence", help=M.cli_evidence)
    add_common(p, json_flag=True)
    p.add_argument("code", metavar="MÃ", help="mã việc, ví dụ T18")
    p.add_argument("file", metavar="TỆP", help="tệp minh chứng: PDF, ảnh, văn bản Office")
    _year_option(p)
    p.set_defaults(func=_evidence)

    p = tsub.add_parser("withdraw", help=M.cli_withdraw)
    add_common(p, json_flag=True)
    p.add_argument("code", metavar="MÃ", help="mã việc")
    p.add_argument(
        "sha256", metavar="SHA256", help="mã SHA-256 của tệp (xem «cds tasks list --json»)"
    )
    p.add_argument("--reason", required=True, help="lý do gỡ")
    _year_option(p)
    p.set_defaults(func=_withdraw)


def add_prefill(sub: Any) -> None:
    """``prefill``, under the ``cds`` command."""
    p = sub.add_parser("prefill", help=M.cli_prefill)
    add_common(p, json_flag=True)
    _year_option(p)
    p.set_defaults(func=_prefill)


def add_commands(sub: Any) -> None:
    """Everything this module adds to ``cds``: ``tasks …`` and ``prefill``."""
    add_tasks(sub)
    add_prefill(sub)

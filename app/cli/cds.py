"""``cds``: the CĐS self-assessment under QĐ 4725 (issue 16, decision 036): criteria sets, the
year's phiếu (results, pre-fill, evidence, score, workflow) and its outputs. The same services
as the window; ``--json`` prints data. ``--year`` defaults to the current school year.

Exit codes: 0 done; 1 an expected error (a bad set file or evidence file, an unknown criterion:
nothing written); 2 wrong usage.
"""

from __future__ import annotations

import argparse
import uuid
from dataclasses import asdict
from pathlib import Path
from typing import Any

from app.cds.sets import plain_text
from app.cli import Context, add_common
from app.cli.options import day_option
from app.errors import ValidationError
from app.messages.cds import CDS_MSG as M

HELP = "tự đánh giá chuyển đổi số (QĐ 4725): bộ tiêu chí, phiếu, minh chứng, báo cáo"
ACTIONS = ("submit", "withdraw", "approve", "send_back", "mark_sent", "accept", "return", "reopen")


def _year(args: argparse.Namespace, session: Any) -> str:
    from app.errors import NotFound
    from app.students.access import current_year_name

    year = args.year or current_year_name(session)
    if not year:
        raise NotFound(M.no_year.format(year="hiện tại"))
    return str(year)


def _sets(args: argparse.Namespace, ctx: Context) -> int:
    from app.cds import set_store

    if args.action == "import" and not args.file:
        raise ValidationError(M.cli_file_needed.format(what="bộ tiêu chí (.json)"))
    rt, actor = ctx.runtime(create=False), ctx.actor()
    if args.action == "import":
        with rt.db.uow(actor=actor, reason=f"Nhập bộ tiêu chí từ tệp {Path(args.file).name}") as s:
            info = set_store.import_set(s, actor, Path(args.file))
        lines = [M.cli_set_imported.format(key=info.key, version=info.version, count=info.criteria)]
        ctx.out(_set_data(info), "\n".join([*lines, *(f"  – {w}" for w in info.warnings)]))
        return 0
    with rt.db.read(actor=actor) as s:
        rows = set_store.list_sets(s, actor)
    text = "\n".join(
        M.cli_set_line.format(key=r.key, version=r.version, title=r.title, decision=r.decision,
                              date=r.decision_date.strftime("%d/%m/%Y"),
                              mark=f"  [{r.mark}]" if r.mark else "", count=r.criteria)
        for r in rows
    )  # fmt: skip
    ctx.out([_set_data(r) for r in rows], text)
    return 0


def _set_data(info: Any) -> dict[str, Any]:
    data = asdict(info)
    data.pop("changes", None)
    data["id"] = str(info.id)
    data["unverified_mark"] = info.mark
    return data


def _view_lines(v: Any) -> list[str]:
    from app.cds.sets import points_text

    lines = [f"Phiếu tự đánh giá năm học {v.year} — {v.state_label}. {v.deadline_text}",
             f"Bộ tiêu chí: {v.set_key} {v.set_version} ({v.decision})"]  # fmt: skip
    lines += [f"  ! {w}" for w in v.set_warnings]
    for g in v.result.groups:
        lines.append(f"{g.name}: {points_text(g.total)}/{points_text(g.max_points)} điểm — "
                     f"{g.level_label}")  # fmt: skip
    overall = v.result.overall
    lines.append(overall.label if overall else v.result.overall_note)
    lines += [f"  – {p}" for p in v.problems]
    return lines


def _score_data(v: Any) -> dict[str, Any]:
    r = v.result
    return {
        "school_year": v.year, "state": v.state, "state_label": v.state_label,
        "set": {"key": v.set_key, "version": v.set_version, "verified": v.verified,
                "warnings": list(v.set_warnings)},
        "deadline": v.deadline, "deadline_text": v.deadline_text,
        "criteria": [{"code": x.code, "group": x.group, "value": x.value,
                      "value_label": x.value_label, "points": plain_text(x.points),
                      "answered": x.answered, "note": x.note, "prefill": x.prefill_label,
                      "overridden": x.overridden,
                      "evidence": [f.file_name for f in x.evidence if not f.withdrawn]}
                     for x in v.rows],
        "groups": [{"code": g.code, "name": g.name, "total": plain_text(g.total),
                    "max_points": plain_text(g.max_points),
                    "criteria_total": plain_text(g.criteria_total),
                    "level": g.level.label if g.level else None,
                    "mandatory_unmet": list(g.mandatory_unmet)} for g in r.groups],
        "overall_level": r.overall.label if r.overall else None,
        "overall_note": r.overall_note, "unmet_mandatory": list(r.unmet_mandatory),
        "missing_evidence": list(r.missing_evidence), "unanswered": list(r.unanswered),
    }  # fmt: skip


def _score(args: argparse.Namespace, ctx: Context) -> int:
    from app.cds.view import assessment_view

    rt, actor = ctx.runtime(create=False), ctx.actor()
    with rt.db.read(actor=actor) as s:
        v = assessment_view(s, actor, _year(args, s))
    ctx.out(_score_data(v), "\n".join(_view_lines(v)))
    return 0


def _answer(args: argparse.Namespace, ctx: Context) -> int:
    from app.cds.assessment import set_answer

    rt, actor = ctx.runtime(create=False), ctx.actor()
    with rt.db.uow(actor=actor, reason=args.reason or None) as s:
        year = _year(args, s)
        set_answer(s, actor, year, args.criterion, value=args.value, points=args.points,
                   note=args.note, reason=args.reason or "")  # fmt: skip
    ctx.out({"criterion": args.criterion, "school_year": year},
            M.cli_answer_saved.format(code=args.criterion, year=year))  # fmt: skip
    return 0


def _fill(args: argparse.Namespace, ctx: Context) -> int:
    from app.cds.assessment import prefill

    rt, actor = ctx.runtime(create=False), ctx.actor()
    with rt.db.uow(actor=actor) as s:
        year = _year(args, s)
        done = prefill(s, actor, year)
    data = {"school_year": year, "filled": list(done.filled), "kept": list(done.kept),
            "unavailable": list(done.unavailable)}  # fmt: skip
    ctx.out(data, M.cli_prefilled.format(filled=len(done.filled), year=year))
    return 0


def _evidence(args: argparse.Namespace, ctx: Context) -> int:
    from app.cds import assessment, evidence

    if args.action != "list" and not args.file:
        raise ValidationError(M.cli_file_needed.format(what="minh chứng hoặc mã tệp"))
    if args.action == "add" and not args.criterion:
        raise ValidationError(M.cli_criterion_needed)
    rt, actor = ctx.runtime(create=False), ctx.actor()
    if args.action == "add":
        with rt.db.uow(actor=actor) as s:
            year = _year(args, s)
            info = assessment.add_evidence_file(s, actor, year, args.criterion, Path(args.file))
        ctx.out(_evidence_data(info), M.cli_evidence_added.format(
            name=info.file_name, code=info.criterion, version=info.file_version))  # fmt: skip
        return 0
    if args.action == "withdraw":
        with rt.db.uow(actor=actor, reason=args.reason) as s:
            assessment.withdraw_evidence(s, actor, _year(args, s), _file_id(args.file),
                                         args.reason or "")  # fmt: skip
        ctx.out({"withdrawn": args.file}, M.cli_withdrawn.format(id=args.file))
        return 0
    with rt.db.read(actor=actor) as s:
        a = assessment.require_assessment(s, _year(args, s))
        files = evidence.files_of(s, a.id)
    text = "\n".join(
        f"{f.criterion}  {f.file_name} (phiên bản {f.file_version}, {evidence.size_text(f.size)})"
        f"  {f.id}" + (f"  đã gỡ: {f.withdrawn_reason}" if f.withdrawn else "")
        for f in files
    )  # fmt: skip
    ctx.out([_evidence_data(f) for f in files], text)
    return 0


def _file_id(text: str) -> uuid.UUID:
    try:
        return uuid.UUID(text.strip())
    except ValueError:
        raise ValidationError(M.evidence_not_found) from None


def _evidence_data(info: Any) -> dict[str, Any]:
    data = asdict(info)
    data.pop("changes", None)
    data["id"] = str(info.id)
    return data


def _state(args: argparse.Namespace, ctx: Context) -> int:
    from app.cds import workflow
    from app.cds.assessment import require_assessment
    from app.cds.models import STATE_LABELS

    rt, actor = ctx.runtime(create=False), ctx.actor()
    answered = day_option(args.on, "--on") if args.on else None
    with rt.db.uow(actor=actor, reason=args.comment or None) as s:
        year = _year(args, s)
        workflow.apply(s, actor, year, args.action, args.comment or "", answered)
        state = require_assessment(s, year).state
    ctx.out({"school_year": year, "state": state},
            M.cli_state.format(year=year, state=STATE_LABELS[state]))  # fmt: skip
    return 0


def _report(args: argparse.Namespace, ctx: Context) -> int:
    from app.cds.report import write_pdf, write_xlsx

    rt, actor = ctx.runtime(create=False), ctx.actor()
    with rt.db.read(actor=actor) as s:
        year = _year(args, s)
        writer = write_pdf if args.format == "pdf" else write_xlsx
        path = writer(s, actor, year, Path(args.out))
    ctx.out({"path": str(path), "format": args.format}, M.cli_report_written.format(path=path))
    return 0


def _bundle(args: argparse.Namespace, ctx: Context) -> int:
    from app.cds.bundle import export_bundle

    rt, actor = ctx.runtime(create=False), ctx.actor()
    with rt.db.uow(actor=actor, reason="Xuất gói gửi phiếu tự đánh giá") as s:
        done = export_bundle(s, actor, _year(args, s), Path(args.out))
    ctx.out({"path": str(done.path), "files": done.files, "state": done.state_label},
            M.cli_bundle_written.format(path=done.path, files=done.files,
                                        state=done.state_label))  # fmt: skip
    return 0


def _compare(args: argparse.Namespace, ctx: Context) -> int:
    from app.cds.sets import points_text
    from app.cds.view import year_comparison

    rt, actor = ctx.runtime(create=False), ctx.actor()
    with rt.db.read(actor=actor) as s:
        years = year_comparison(s, actor)
    data = [{"school_year": y.year, "state": y.state_label, "set": y.set_label,
             "groups": [{"code": c, "name": n, "total": plain_text(t), "max_points": plain_text(m), "level": lv}
                        for c, n, t, m, lv in y.groups]} for y in years]  # fmt: skip
    text = "\n".join(f"{y.year} ({y.state_label}): " + "; ".join(
        f"{n} {points_text(t)}/{points_text(m)} — {lv}" for _c, n, t, m, lv in y.groups)
        for y in years)  # fmt: skip
    ctx.out(data, text)
    return 0


def _year_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--year", help="năm học, ví dụ 2025-2026 (mặc định: năm học hiện tại)")


def register(sub: Any) -> None:
    """``cds`` and its subcommands."""
    cds = sub.add_parser("cds", help=HELP, description=HELP)
    inner = cds.add_subparsers(dest="cds_command", metavar="LỆNH", required=True)

    p = inner.add_parser("sets", help="bộ tiêu chí: liệt kê, nhập từ tệp")
    add_common(p, json_flag=True)
    p.add_argument("action", choices=("list", "import"), help="list: liệt kê; import: nhập tệp")
    p.add_argument("file", nargs="?", metavar="TỆP", help="tệp bộ tiêu chí (.json) để nhập")
    p.set_defaults(func=_sets)

    p = inner.add_parser("score", help="điểm từng nhóm, mức, điều kiện bắt buộc, minh chứng thiếu")
    add_common(p, json_flag=True)
    _year_option(p)
    p.set_defaults(func=_score)

    p = inner.add_parser("answer", help="ghi kết quả, điểm, ghi chú của một tiêu chí")
    add_common(p, json_flag=True)
    _year_option(p)
    p.add_argument("criterion", metavar="MÃ", help="mã tiêu chí, ví dụ 1.3.1")
    p.add_argument("--value", help="kết quả: có/không, một số, một tỉ lệ %%")
    p.add_argument("--points", help="điểm, cho tiêu chí chấm điểm tay")
    p.add_argument("--note", help="ghi chú")
    p.add_argument("--reason", help="lý do, khi ghi khác kết quả phần mềm tự tính")
    p.set_defaults(func=_answer)

    p = inner.add_parser("fill", help="điền sẵn phiếu từ số liệu phần mềm tự tính")
    add_common(p, json_flag=True)
    _year_option(p)
    p.set_defaults(func=_fill)

    p = inner.add_parser("evidence", help="minh chứng: thêm, liệt kê, gỡ")
    add_common(p, json_flag=True)
    _year_option(p)
    p.add_argument("action", choices=("add", "list", "withdraw"), help="add, list hoặc withdraw")
    p.add_argument(
        "file", nargs="?", metavar="TỆP", help="tệp minh chứng (add) hoặc mã tệp (withdraw)"
    )
    p.add_argument("--criterion", help="mã tiêu chí (add)")
    p.add_argument("--reason", help="lý do gỡ (withdraw)")
    p.set_defaults(func=_evidence)

    p = inner.add_parser(
        "state", help="trình duyệt, duyệt, trả lại, ghi đã gửi, ghi kết quả cấp trên"
    )
    add_common(p, json_flag=True)
    _year_option(p)
    p.add_argument("action", choices=ACTIONS, help="thao tác: " + ", ".join(ACTIONS))
    p.add_argument("--comment", help="nhận xét, lý do (bắt buộc khi trả lại)")
    p.add_argument("--on", help="ngày cấp trên trả lời, dd/mm/yyyy")
    p.set_defaults(func=_state)

    p = inner.add_parser("report", help="in phiếu tự đánh giá ra PDF hoặc Excel")
    add_common(p, json_flag=True)
    _year_option(p)
    p.add_argument("--format", required=True, choices=("pdf", "xlsx"), help="pdf hoặc xlsx")
    p.add_argument("--out", required=True, metavar="TỆP", help="tệp ghi ra")
    p.set_defaults(func=_report)

    p = inner.add_parser("bundle", help="xuất gói gửi cấp trên: phiếu, bộ tiêu chí, minh chứng")
    add_common(p, json_flag=True)
    _year_option(p)
    p.add_argument("--out", required=True, metavar="TỆP", help="tệp .zip ghi ra")
    p.set_defaults(func=_bundle)

    p = inner.add_parser("compare", help="so sánh điểm các nhóm qua các năm học")
    add_common(p, json_flag=True)
    p.set_defaults(func=_compare)

    # The year's task checklist and the metrics (``cds tasks …``, ``cds prefill``; decision 037).
    from app.cli import cds_tasks

    cds_tasks.add_commands(inner)

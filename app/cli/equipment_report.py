"""``equipment report``: the compliance report (minimum lists against the register, issue 11
§5) written as ``.xlsx`` or PDF, with a short summary on screen (``--json``: the figures)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from app.cli import Context, add_common
from app.messages.equipment_compliance import COMPLIANCE_MSG as M

FORMATS = ("xlsx", "pdf")


def _report(args: argparse.Namespace, ctx: Context) -> int:
    from app.equipment.compliance import compliance_report
    from app.equipment.compliance_export import decimal_text, write_pdf, write_xlsx

    rt, actor = ctx.runtime(create=False), ctx.actor()
    out = Path(args.out)
    with rt.db.read(actor=actor) as s:
        report = compliance_report(s, actor, level=args.level or "")
        path = write_pdf(s, report, out) if args.format == "pdf" else write_xlsx(report, out)
    lines = [M.cli_written.format(path=path, lines=len(report.lines),
                                  enough=len(report.lines) - report.short_lines,
                                  short=report.short_lines)]  # fmt: skip
    for r in report.ratios:
        figure = (
            r.note
            if r.ratio is None
            else M.cli_figure.format(ratio=decimal_text(r.ratio), limit=decimal_text(r.limit))
        )
        lines.append(M.cli_ratio.format(level=r.level_label, students=r.students,
                                        computers=r.computers, figure=figure,
                                        verdict=M.meets_yes if r.meets else M.meets_no))  # fmt: skip
    ctx.out({"path": str(path), "format": args.format, **report.as_dict()}, "\n".join(lines))
    return 0


def add_commands(sub: Any) -> None:
    """``equipment report``."""
    p = sub.add_parser("report", help="báo cáo đối chiếu thiết bị với danh mục tối thiểu")
    add_common(p, json_flag=True)
    p.add_argument("--format", required=True, choices=FORMATS, help="xlsx (Excel) hoặc pdf")
    p.add_argument("--out", required=True, metavar="TỆP", help="tệp ghi ra")
    p.add_argument("--level", help="chỉ một cấp học: Tiểu học, THCS hoặc THPT")
    p.set_defaults(func=_report)

"""``equipment dispose-record``: the biên bản thanh lý of the disposals in a period or of chosen
codes (issue 11 §2), as a PDF in the NĐ 30 frame."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from app.cli import Context, add_common
from app.cli.options import day_option


def _record(args: argparse.Namespace, ctx: Context) -> int:
    from app.equipment.disposal_print import write_disposal_record
    from app.messages.equipment_disposal import DISPOSAL_MSG as M

    rt, actor = ctx.runtime(create=False), ctx.actor()
    first = day_option(args.from_date, "--from") if args.from_date else None
    last = day_option(args.to_date, "--to") if args.to_date else None
    with rt.db.read(actor=actor) as s:
        path, count = write_disposal_record(
            s, actor, Path(args.out), number=args.number, first=first, last=last,
            codes=tuple(args.codes or ()), officer=args.officer or "",
        )  # fmt: skip
    ctx.out({"path": str(path), "items": count}, M.cli_written.format(count=count, path=path))
    return 0


def add_commands(sub: Any) -> None:
    """``equipment dispose-record``."""
    p = sub.add_parser("dispose-record", help="in biên bản thanh lý các thiết bị đã thanh lý")
    add_common(p, json_flag=True)
    p.add_argument("--out", required=True, metavar="TỆP", help="tệp PDF ghi ra")
    p.add_argument("--from", dest="from_date", help="từ ngày thanh lý, dd/mm/yyyy")
    p.add_argument("--to", dest="to_date", help="đến ngày thanh lý, dd/mm/yyyy")
    p.add_argument("--codes", nargs="*", metavar="MÃ", help="chỉ các mã thiết bị này")
    p.add_argument("--number", type=int, default=1, help="số biên bản (mặc định 1)")
    p.add_argument("--officer", help="họ tên người lập biên bản")
    p.set_defaults(func=_record)

"""``access-log list``: sign-ins, sign-outs, failed sign-ins, lock-outs and sensitive-data views.

The operator ``cli`` reads it with an administrator's rights (decision 002); with
``--as`` the account named must be allowed to manage accounts.
"""

from __future__ import annotations

import argparse
from datetime import datetime, time, timedelta
from typing import Any

from app import access_log, accounts, journal_view, labels
from app.access_log import AccessFilter, AccessRecord
from app.cli import Context, add_common
from app.cli.options import day_option
from app.db import Actor
from app.errors import ValidationError
from app.messages.cli import CLI_MSG

HELP = (
    "nhật ký truy cập: đăng nhập, đăng xuất, đăng nhập sai, khóa tài khoản, xem thông tin nhạy cảm"
)


def _day(text: str | None, name: str) -> datetime | None:
    """A dd/mm/yyyy day as the local midnight starting it."""
    if not text:
        return None
    day = day_option(text, name)
    return datetime.combine(day, time()).astimezone()


def _reader(args: argparse.Namespace, ctx: Context) -> Actor:
    if not args.as_user:
        return ctx.actor()
    from app.cli.core import _login_password

    db = ctx.runtime(lock=False, create=False).db
    return accounts.login(db, args.as_user, _login_password(args.as_user)).actor()


def _as_data(rec: AccessRecord, line: str) -> dict[str, Any]:
    return {
        "id": rec.id,
        "at": rec.at.isoformat(),
        "username": rec.username,
        "event": rec.event,
        "event_label": access_log.event_label(rec.event),
        "entity_type": rec.entity_type,
        "entity_id": rec.entity_id,
        "details": rec.details,
        "description": line,
    }


def _list(args: argparse.Namespace, ctx: Context) -> int:
    rt = ctx.runtime(lock=False, create=False)
    actor = _reader(args, ctx)
    until = _day(args.until, "--until")
    if args.event and args.event not in access_log.EVENT_LABELS:
        choices = ", ".join(access_log.EVENT_LABELS)
        raise ValidationError(
            CLI_MSG.access_event_unknown.format(value=args.event, choices=choices)
        )
    flt = AccessFilter(
        username=args.user or "",
        event=args.event or "",
        since=_day(args.since, "--since"),
        until=until + timedelta(days=1) if until else None,
    )
    with rt.db.read(actor) as s:
        rows = access_log.entries(s, actor, flt, limit=args.limit)
        names = journal_view.record_names(s, ((r.entity_type, r.entity_id) for r in rows))
    lines = [labels.describe_access(r, names) for r in rows]
    ctx.out(
        [_as_data(r, line) for r, line in zip(rows, lines, strict=True)],
        "\n".join(
            f"{labels.format_datetime(r.at, seconds=True)}  {r.username or '—':<12} "
            f"{access_log.event_label(r.event):<28} {line}"
            for r, line in zip(rows, lines, strict=True)
        )
        or "(nhật ký truy cập trống)",
    )
    return 0


def register(sub: Any) -> None:
    """Add ``access-log list``."""
    a = sub.add_parser("access-log", help=HELP).add_subparsers(dest="access_cmd", metavar="<lệnh>")
    p = a.add_parser("list", help="liệt kê các mục mới nhất")
    add_common(p, json_flag=True)
    p.add_argument("--user", metavar="TÊN", help="chỉ của tài khoản này")
    p.add_argument(
        "--event",
        metavar="LOẠI",
        help="chỉ loại này: " + ", ".join(access_log.EVENT_LABELS),
    )
    p.add_argument("--since", metavar="NGÀY", help="từ ngày (dd/mm/yyyy)")
    p.add_argument("--until", metavar="NGÀY", help="đến hết ngày (dd/mm/yyyy)")
    p.add_argument("--limit", type=int, default=100, help="số mục tối đa (mặc định 100)")
    p.add_argument(
        "--as", dest="as_user", metavar="TÊN", help="xem với quyền của tài khoản này (hỏi mật khẩu)"
    )
    p.set_defaults(func=_list)

"""Core commands: init, demo, check, journal, users."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from datetime import date
from typing import Any

from app import accounts, checks, demo, journal, journal_view, labels, school, setup
from app.cli import Context, add_common
from app.db import Actor, Database
from app.errors import ValidationError
from app.messages.cli import CLI_MSG
from app.permissions import ROLE_LABELS, Role
from app.safety import encryption

ORDER = 10
PASSWORD_HELP = (
    "mật khẩu, ít nhất 8 ký tự gồm chữ và số (hoặc biến TRUONGSO_PASSWORD, hoặc nhập khi được hỏi)"
)


def _password(args: argparse.Namespace, prompt: str = "Mật khẩu: ") -> str:
    """``--password``, else ``TRUONGSO_PASSWORD``, else ask twice on the terminal."""
    if getattr(args, "password", None):
        return str(args.password)
    if os.environ.get("TRUONGSO_PASSWORD"):
        return os.environ["TRUONGSO_PASSWORD"]
    if not sys.stdin or not sys.stdin.isatty():
        raise ValidationError(CLI_MSG.password_missing)
    first = getpass.getpass(prompt)
    if getpass.getpass("Nhập lại mật khẩu: ") != first:
        raise ValidationError(CLI_MSG.password_mismatch)
    return first


def _encrypt(db: Database) -> None:
    """A new school never sits in a plain file; if it cannot be encrypted now, say so (the
    next start retries)."""
    if warning := encryption.encrypt_or_warn(db):
        print(warning, file=sys.stderr)


def _init(args: argparse.Namespace, ctx: Context) -> int:
    rt = ctx.runtime()
    profile = school.SchoolProfile(
        code=args.code,
        name=args.name,
        levels=tuple(x.strip() for x in args.levels.split(",")),
        province=args.province or "",
        commune=args.commune or "",
        authority=args.authority or "",
        principal=args.principal or "",
    )
    req = setup.SetupRequest(profile, args.admin, args.admin_name, _password(args), args.year)
    p = setup.initialize(rt.db, req)
    _encrypt(rt.db)
    ctx.out(
        {"school": p.code, "admin": args.admin}, f"Đã khởi tạo {p.name} ({p.code}) tại {rt.db.url}."
    )
    return 0


def _demo(args: argparse.Namespace, ctx: Context) -> int:
    rt = ctx.runtime()
    # One unit of work: Ctrl+C (or any error) leaves the database as it was.
    summary = demo.build_demo(
        rt.db,
        args.password or demo.DEMO_PASSWORD,
        args.levels,
        args.students,
        year_end=args.year_end,
    )
    _encrypt(rt.db)
    data: dict[str, Any] = {
        "school": summary.school_code,
        "users": list(summary.users),
        "years": list(summary.years),
        "year_end": args.year_end,
        **summary.counts,
    }
    text = (
        f"Đã tạo trường mẫu {summary.school_code}. Tài khoản: {', '.join(summary.users)}; "
        f"mật khẩu: {summary.password}"
    )
    if args.year_end:
        year = summary.years[-1]
        text += (
            f"\nNăm học {year} đã kết thúc, sổ điểm đã khóa. Thử chuyển năm học: "
            f"python main.py year rollover --from {year} (hoặc Lớp học → Chuyển năm học…)."
        )
    ctx.out(data, text)
    return 0


def _check(args: argparse.Namespace, ctx: Context) -> int:
    rt = ctx.runtime(lock=False, create=False)
    results = checks.run_checks(rt.db)
    ctx.out(
        [{"check": r.name, "ok": r.ok, "message": r.message} for r in results],
        "\n".join(("✔ " if r.ok else "✘ ") + r.message for r in results),
    )
    return 0 if all(r.ok for r in results) else 1


def _journal_verify(args: argparse.Namespace, ctx: Context) -> int:
    rt = ctx.runtime(lock=False, create=False)
    with rt.db.read() as s:
        result = journal.verify(s)
    ctx.out({"ok": result.ok, "count": result.count, "broken_at": result.broken_at}, result.message)
    return 0 if result.ok else 1


def _login_password(username: str) -> str:
    """``TRUONGSO_PASSWORD``, else asked once on the terminal."""
    if os.environ.get("TRUONGSO_PASSWORD"):
        return os.environ["TRUONGSO_PASSWORD"]
    if not sys.stdin or not sys.stdin.isatty():
        raise ValidationError(CLI_MSG.login_password_missing.format(user=username))
    return getpass.getpass(f"Mật khẩu của {username}: ")


def _reader(args: argparse.Namespace, ctx: Context, db: Database) -> Actor:
    """The operator ``cli``, or with ``--as`` the account whose password was given
    (docs/decisions/002-cli-operator-identity.md): the journal shows what that account may see."""
    if not args.as_user:
        return ctx.actor()
    return accounts.login(db, args.as_user, _login_password(args.as_user)).actor()


def _journal_list(args: argparse.Namespace, ctx: Context) -> int:
    if args.show_sensitive and not ctx.as_json:
        raise ValidationError(CLI_MSG.show_sensitive_needs_json)
    rt = ctx.runtime(lock=False, create=False)
    actor = _reader(args, ctx, rt.db)
    flt = journal.JournalFilter(entity_type=args.entity or "", username=args.user or "")
    if args.show_sensitive:
        with rt.db.uow(actor=actor) as s:
            rows = journal_view.entries(s, actor, flt, limit=args.limit)
            rows = journal_view.reveal(s, actor, [r.seq for r in rows])
            names = journal_view.referenced_names(s, rows)
    else:
        with rt.db.read(actor) as s:
            rows = journal_view.entries(s, actor, flt, limit=args.limit)
            names = journal_view.referenced_names(s, rows)
    described = [labels.describe_entry(r, names) for r in rows]
    ctx.out(
        [{**r.__dict__, "description": d} for r, d in zip(rows, described, strict=True)],
        "\n".join(
            f"{r.seq:>6} {r.at.astimezone():%d/%m/%Y %H:%M} {r.username:<12} "
            f"{labels.op_label(r.op):<8} "
            f"{labels.entity_label(r.entity_type)}: {d}" + (f" — {r.reason}" if r.reason else "")
            for r, d in zip(rows, described, strict=True)
        )
        or "(nhật ký trống)",
    )
    return 0


def _users_add(args: argparse.Namespace, ctx: Context) -> int:
    rt = ctx.runtime(create=False)
    with rt.db.uow(actor=ctx.actor()) as s:
        info = accounts.create_user(
            s, ctx.actor(), args.username, args.name, args.role, _password(args)
        )
    ctx.out({"username": info.username, "role": info.role}, f"Đã tạo tài khoản {info.username}.")
    return 0


def _users_list(args: argparse.Namespace, ctx: Context) -> int:
    rt = ctx.runtime(lock=False, create=False)
    with rt.db.read() as s:
        users = accounts.list_users(s, ctx.actor())
    ctx.out(
        [
            {"username": u.username, "full_name": u.full_name, "role": u.role, "active": u.active}
            for u in users
        ],
        "\n".join(
            f"{u.username:<16} {u.full_name:<28} {u.role_label:<24} {'' if u.active else '(vô hiệu)'}"
            for u in users
        )
        or "(chưa có tài khoản nào)",
    )
    return 0


def _users_passwd(args: argparse.Namespace, ctx: Context) -> int:
    rt = ctx.runtime(create=False)
    new = _password(args, "Mật khẩu mới: ")
    with rt.db.uow(actor=ctx.actor()) as s:
        accounts.reset_password(s, ctx.actor(), args.username, new)
    ctx.out({"username": args.username}, f"Đã đặt lại mật khẩu cho {args.username}.")
    return 0


def register(sub: Any) -> None:
    """Add the core commands."""
    p = sub.add_parser("init", help="khởi tạo CSDL mới: hồ sơ trường, quản trị viên, năm học")
    add_common(p, json_flag=True)
    p.add_argument("--code", required=True, metavar="MÃ", help="mã trường, ví dụ 79000701")
    p.add_argument("--name", required=True, metavar="TÊN", help="tên trường")
    p.add_argument(
        "--levels",
        required=True,
        metavar="CẤP",
        help="cấp học, cách nhau dấu phẩy: tieu_hoc,thcs,thpt",
    )
    p.add_argument("--province", metavar="TỈNH", help='tỉnh/thành phố, ví dụ "Thanh Hóa"')
    p.add_argument("--commune", metavar="XÃ", help="xã/phường/đặc khu")
    p.add_argument("--authority", metavar="CƠ_QUAN", help="cơ quan quản lý trực tiếp")
    p.add_argument("--principal", metavar="HỌ_TÊN", help="hiệu trưởng")
    p.add_argument(
        "--admin", default="admin", metavar="TÊN_ĐĂNG_NHẬP", help="quản trị viên (mặc định admin)"
    )
    p.add_argument(
        "--admin-name", default="Quản trị hệ thống", metavar="HỌ_TÊN", help="họ tên quản trị viên"
    )
    p.add_argument("--password", metavar="MẬT_KHẨU", help=PASSWORD_HELP)
    p.add_argument(
        "--year",
        metavar="NĂM_HỌC",
        default=school.year_for(date.today()),
        help="năm học hiện tại, ví dụ 2025-2026 (mặc định: năm học đang diễn ra)",
    )
    p.set_defaults(func=_init)

    p = sub.add_parser("demo", help="tạo trường mẫu với dữ liệu minh họa")
    add_common(p, json_flag=True)
    p.add_argument(
        "--password",
        metavar="MẬT_KHẨU",
        help=f"mật khẩu cho mọi tài khoản mẫu (mặc định {demo.DEMO_PASSWORD})",
    )
    p.add_argument(
        "--levels",
        default=demo.SECONDARY,
        choices=demo.DEMO_LEVELS,
        metavar="CẤP",
        help=f"trường mẫu: {demo.SECONDARY} = Trường THCS và THPT (mặc định); "
        f"{demo.PRIMARY} = Trường Tiểu học (lớp 1–5, đánh giá theo Thông tư 27)",
    )
    p.add_argument(
        "--students",
        type=int,
        metavar="N",
        help="số học sinh mẫu (mặc định 1200; trường tiểu học 600)",
    )
    p.add_argument(
        "--year-end",
        action="store_true",
        help="trường mẫu ở thời điểm cuối năm học (để thử chuyển năm học): năm học vừa kết thúc "
        "đã đủ điểm, kết quả rèn luyện và kết quả cả năm, đã khóa sổ; vài em còn chờ kiểm tra "
        "lại, rèn luyện trong hè",
    )
    p.set_defaults(func=_demo)

    p = sub.add_parser("check", help="kiểm tra toàn vẹn CSDL và nhật ký")
    add_common(p, json_flag=True)
    p.set_defaults(func=_check)

    j = sub.add_parser("journal", help="nhật ký thay đổi: kiểm tra, xem").add_subparsers(
        dest="journal_cmd", metavar=CLI_MSG.commands
    )
    p = j.add_parser("verify", help="kiểm tra chuỗi băm của nhật ký")
    add_common(p, json_flag=True)
    p.set_defaults(func=_journal_verify)
    p = j.add_parser("list", help="liệt kê các mục nhật ký mới nhất")
    add_common(p, json_flag=True)
    p.add_argument("--entity", metavar="LOẠI", help="loại bản ghi, ví dụ user_account")
    p.add_argument("--user", metavar="TÊN_ĐĂNG_NHẬP", help="người thực hiện")
    p.add_argument("--limit", type=int, default=50, metavar="N", help="số mục tối đa (mặc định 50)")
    p.add_argument(
        "--as",
        dest="as_user",
        metavar="TÊN_ĐĂNG_NHẬP",
        help="xem như tài khoản này (mật khẩu: biến TRUONGSO_PASSWORD hoặc nhập khi được hỏi); "
        "mặc định: người vận hành cli",
    )
    p.add_argument(
        "--show-sensitive",
        action="store_true",
        help="hiện số định danh và thông tin sức khỏe (cần quyền xem; việc xem được ghi nhật ký; "
        "dùng cùng --json)",
    )
    p.set_defaults(func=_journal_list)

    u = sub.add_parser(
        "users", help="tài khoản người dùng: thêm, liệt kê, đặt lại mật khẩu"
    ).add_subparsers(dest="users_cmd", metavar=CLI_MSG.commands)
    p = u.add_parser("add", help="thêm tài khoản")
    add_common(p, json_flag=True)
    p.add_argument("username", metavar="TÊN_ĐĂNG_NHẬP", help="chữ không dấu, số, dấu chấm")
    p.add_argument("--name", required=True, metavar="HỌ_TÊN", help="họ và tên")
    p.add_argument(
        "--role",
        required=True,
        metavar="VAI_TRÒ",
        choices=[r.value for r in Role],
        help="vai trò: " + "; ".join(f"{k} = {v}" for k, v in ROLE_LABELS.items()),
    )
    p.add_argument("--password", metavar="MẬT_KHẨU", help=PASSWORD_HELP)
    p.set_defaults(func=_users_add)
    p = u.add_parser("list", help="liệt kê tài khoản")
    add_common(p, json_flag=True)
    p.set_defaults(func=_users_list)
    p = u.add_parser("passwd", help="đặt lại mật khẩu của một tài khoản")
    add_common(p, json_flag=True)
    p.add_argument("username", metavar="TÊN_ĐĂNG_NHẬP")
    p.add_argument("--password", metavar="MẬT_KHẨU", help=PASSWORD_HELP)
    p.set_defaults(func=_users_passwd)

"""``transcript sign | verify | trust`` and ``export --format pdf``: signing, checking and printing
the học bạ.

Added to ``app.cli.transcripts``' group. A PIN or passphrase is asked at the terminal, or
read from the keyring (``--secret-name``, saved there with ``app.secrets``), never taken
from the command line, the environment or a file: it must not end up in a shell history or
a log (issue 9 §3).
"""

from __future__ import annotations

import argparse
import getpass
import sys
import uuid
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from app import accounts
from app.atomic_file import written_beside
from app.cli import Context, add_common
from app.db import Actor
from app.errors import ValidationError
from app.messages.transcript_cli import TCLI_MSG as M
from app.signing.signers import (
    Pkcs11Signer,
    Pkcs12Signer,
    SecretSource,
    Signer,
    TokenKey,
    keyring_secret,
)
from app.students.access import year_name
from app.students.classes import class_by_name
from app.students.store import student_id_by_code
from app.transcripts import queries
from app.transcripts.checking import add_trusted_root, check_file, trust_folder, trusted_roots
from app.transcripts.models import State
from app.transcripts.signing import Item, SignAs, document, sign_many


def _secret(args: argparse.Namespace, prompt: str) -> SecretSource:
    if args.secret_name:
        return keyring_secret(args.secret_name)
    if not sys.stdin or not sys.stdin.isatty():
        raise ValidationError(M.need_secret)
    return lambda: getpass.getpass(prompt)


def _signer(args: argparse.Namespace) -> Signer:
    if args.p12:
        return Pkcs12Signer(Path(args.p12), _secret(args, M.ask_passphrase))
    if args.token_module and args.token and (args.key_label or args.key_id):
        key = TokenKey(
            args.token_module, args.token, key_label=args.key_label,
            key_id=bytes.fromhex(args.key_id) if args.key_id else None,
        )  # fmt: skip
        return Pkcs11Signer(key, _secret(args, M.ask_pin))
    raise ValidationError(M.need_signer)


def _acting(args: argparse.Namespace, ctx: Context) -> Actor:
    """``--as``: the account whose password was given signs (a homeroom teacher signs only as
    themself, decision 002); without it the operator ``cli``, who may sign for the school."""
    if not args.as_user:
        return ctx.actor()
    from app.cli.core import _login_password

    db = ctx.runtime(create=False).db
    return accounts.login(db, args.as_user, _login_password(args.as_user)).actor()


def _items(ctx: Context, args: argparse.Namespace, actor: Actor) -> list[Item]:
    """The versions awaiting signatures among ``--student`` or ``--class``'s transcripts."""
    with ctx.runtime(create=False).db.read(actor) as s:
        year = year_name(s, args.year)
        if args.student:
            rows = [queries.student_row(s, student_id_by_code(s, args.student), year, "")]
        elif args.class_name:
            group = class_by_name(s, args.class_name, year)
            rows = list(queries.class_transcripts(s, actor, group.id))
        else:
            raise ValidationError(M.need_target)
    return [
        Item(r.version.id, f"{r.student_code} {r.full_name}")
        for r in rows
        if r.version is not None and r.version.state == State.AWAITING
    ]


def _sign(args: argparse.Namespace, ctx: Context) -> int:
    actor = _acting(args, ctx)
    items = _items(ctx, args, actor)
    if not items:
        raise ValidationError(M.nothing_to_sign)
    who = SignAs(args.role, args.name, deputy=args.deputy)
    signer = _signer(args)
    try:
        outcome = sign_many(ctx.runtime().db, actor, items, signer, who)
    finally:
        close = getattr(signer, "close", None)
        if close is not None:
            close()
    failures = [{"transcript": label, "reason": why} for label, why in outcome.failures]
    text = "\n".join(
        [M.signed.format(count=outcome.signed, total=len(items)),
         *(M.failure.format(transcript=f["transcript"], reason=f["reason"]) for f in failures)]
    )  # fmt: skip
    ctx.out({"signed": outcome.signed, "total": len(items), "failures": failures}, text)
    return 1 if failures else 0


def _verify(args: argparse.Namespace, ctx: Context) -> int:
    path = Path(args.file)
    try:
        pdf = path.read_bytes()
    except OSError as exc:
        raise ValidationError(M.file_unreadable.format(path=path, reason=exc)) from exc
    roots = trusted_roots([Path(p) for p in args.trust or []])
    with ctx.runtime(create=False).db.read(ctx.actor()) as s:
        check = check_file(s, pdf, roots)
    data: dict[str, Any] = {
        "ok": check.ok,
        "matches_database": check.matches,
        "signatures": [
            {
                "signer": x.signer,
                "time": x.signing_time,
                "intact": x.intact,
                "valid": x.valid,
                "trusted": x.trusted,
                "modification_level": x.modification_level,
                "ok": x.ok,
                "certificate_sha256": x.certificate_sha256,
            }
            for x in check.report.signatures
        ],  # fmt: skip
        "order_problems": list(check.report.order_problems),
        "lines": check.lines(),
    }
    ctx.out(data, "\n".join(check.lines()))
    return 0 if check.ok else 1


def write_pdfs(
    ctx: Context,
    s: Session,
    args: argparse.Namespace,
    year: str,
    versions: list[tuple[str, int, uuid.UUID]],
) -> int:
    """``transcript export --format pdf``: each version as its PDF — the newest signed file
    once signed, else drawn from its data — to ``--out`` (a file for one student, else a
    folder), written whole or not at all."""
    if not args.out:
        raise ValidationError(M.need_out)
    out = Path(args.out)
    if args.combined or args.all_years:
        return _print_file(ctx, s, args, year, out)
    single = bool(args.student) and not out.is_dir()
    written: list[str] = []
    for code, number, vid in versions:
        dest = out if single else out / _file_name(code, year, number)
        dest.parent.mkdir(parents=True, exist_ok=True)
        with written_beside(dest) as part:
            part.write_bytes(document(s, vid))
        written.append(str(dest))
    ctx.out({"files": written}, M.printed.format(count=len(written), folder=out))
    return 0


def _print_file(ctx: Context, s: Session, args: argparse.Namespace, year: str, out: Path) -> int:
    """``--combined`` (a class in one file) or ``--all-years`` (a student's every year)."""
    from app.transcripts import print_jobs
    from app.transcripts.print_files import write_print_file

    actor = ctx.actor()
    if args.all_years:
        if not args.student:
            raise ValidationError(M.all_years_student)
        items = print_jobs.student_items(s, actor, student_id_by_code(s, args.student))
    elif args.class_name:
        items = print_jobs.class_items(s, actor, class_by_name(s, args.class_name, year).id)
    elif args.student:
        raise ValidationError(M.combined_class)
    else:  # the whole school
        items = print_jobs.school_items(s, actor, year)
    name = args.student or args.class_name or f"ca-truong_{year}"
    dest = out / f"in-hoc-ba_{name}.pdf" if out.is_dir() else out
    write_print_file(items, dest)
    ctx.out({"files": [str(dest)], "transcripts": len(items)},
            M.print_file.format(count=len(items), path=dest))  # fmt: skip
    return 0


def _file_name(student_code: str, year: str, version: int) -> str:
    return f"hoc-ba_{student_code.lower()}_{year}_v{version}.pdf"


def _online(args: argparse.Namespace, ctx: Context) -> int:
    """Run the queue of online steps with the TSA at ``--tsa`` (or only count it)."""
    from app.transcripts import online_steps

    rt = ctx.runtime(create=False)
    if not args.tsa:
        with rt.db.read(ctx.actor()) as s:
            counts = online_steps.counts(s)
        ctx.out(counts, M.online_counts.format(**counts))
        return 0
    from pyhanko.sign.timestamps import HTTPTimeStamper

    from app.signing.online import online_context

    context = online_context(trusted_roots(), allow_fetching=True)
    run = online_steps.complete_pending(
        rt.db, ctx.actor(), timestamper=HTTPTimeStamper(args.tsa, timeout=30), context=context
    )
    failures = [{"version": str(v), "reason": why} for v, why in run.failures]
    text = "\n".join(
        [M.online_done.format(done=run.done, failed=len(failures)),
         *(M.online_failure.format(reason=f["reason"]) for f in failures)]
    )  # fmt: skip
    ctx.out({"done": run.done, "failures": failures}, text)
    return 1 if failures else 0


def _trust(args: argparse.Namespace, ctx: Context) -> int:
    if args.trust_command == "add":
        dest = add_trusted_root(Path(args.file))
        ctx.out({"file": str(dest)}, M.trusted.format(path=dest))
        return 0
    roots = trusted_roots()
    names = [r.subject.rfc4514_string() for r in roots]
    ctx.out({"folder": str(trust_folder()), "roots": names},
            "\n".join([M.trust_folder.format(path=trust_folder()), *names]))  # fmt: skip
    return 0


def _target(p: argparse.ArgumentParser) -> None:
    add_common(p, json_flag=True)
    p.add_argument("--year", help="năm học, ví dụ 2025-2026 (mặc định: năm học hiện tại)")
    p.add_argument("--student", help="mã học sinh")
    p.add_argument("--class", dest="class_name", help="tên lớp, ví dụ 6A1 (cả lớp)")


def register_transcript_commands(tsub: Any) -> None:
    """``sign``, ``verify``, ``online`` and ``trust`` under ``transcript``."""
    p = tsub.add_parser("sign", help="ký số học bạ chờ ký của một học sinh hoặc cả lớp")
    _target(p)
    p.add_argument("--as", dest="as_user", metavar="TÊN_ĐĂNG_NHẬP",
                   help="ký với tài khoản này (mật khẩu: biến TRUONGSO_PASSWORD hoặc nhập khi "
                   "được hỏi); GVCN phải ký bằng tài khoản của mình")  # fmt: skip
    p.add_argument("--role", required=True, choices=("homeroom", "principal", "seal"),
                   help="ký với tư cách: homeroom (GVCN), principal (Hiệu trưởng), seal (nhà trường)")  # fmt: skip
    p.add_argument("--name", required=True, help="họ tên (hoặc tên trường) in trên dấu chữ ký")
    p.add_argument(
        "--deputy", action="store_true", help="Phó hiệu trưởng ký thay (KT. HIỆU TRƯỞNG)"
    )
    p.add_argument("--p12", help="tệp chứng thư số cá nhân (.p12, .pfx)")
    p.add_argument("--token-module", help="thư viện PKCS#11 của USB token (tệp .so hoặc .dll)")
    p.add_argument("--token", help="nhãn của token")
    p.add_argument("--key-label", help="nhãn khóa trên token")
    p.add_argument("--key-id", help="mã khóa trên token (hex)")
    p.add_argument(
        "--secret-name", help="tên mục trong kho khóa giữ mã PIN/mật khẩu (nếu không hỏi)"
    )
    p.set_defaults(func=_sign)
    p = tsub.add_parser("verify", help="kiểm tra tệp học bạ: chữ ký, thứ tự ký, khớp với CSDL")
    add_common(p, json_flag=True)
    p.add_argument("file", help="tệp PDF học bạ cần kiểm tra")
    p.add_argument("--trust", action="append", help="thêm chứng thư gốc tin cậy cho lần này")
    p.set_defaults(func=_verify)
    p = tsub.add_parser(
        "online", help="thêm dữ liệu thu hồi và dấu thời gian cho học bạ đã ký (khi có mạng)"
    )
    add_common(p, json_flag=True)
    p.add_argument("--tsa", help="địa chỉ máy chủ cấp dấu thời gian; không có: chỉ đếm hàng đợi")
    p.set_defaults(func=_online)
    p = tsub.add_parser("trust", help="chứng thư gốc tin cậy khi kiểm tra chữ ký")
    tt = p.add_subparsers(dest="trust_command", metavar="LỆNH", required=True)
    q = tt.add_parser("add", help="thêm chứng thư gốc (PEM hoặc DER)")
    add_common(q, json_flag=True)
    q.add_argument("file")
    q.set_defaults(func=_trust)
    q = tt.add_parser("list", help="các chứng thư gốc đang tin cậy")
    add_common(q, json_flag=True)
    q.set_defaults(func=_trust)

"""``python main.py hub …``: the receiving side of sync (issue 10 §4), for the authority's
operator: the hub's keys and the profile file for schools, ingesting packages from a folder or
a USB stick (receipts written back beside them), approving a school's key, the lists."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any

from app.cli import Context, add_common
from app.errors import ValidationError

DB_REQUIRED = "Lệnh hub cần --db URL của cơ sở dữ liệu máy chủ nhận (SQLite hoặc PostgreSQL)."
STATUS_VI = {
    "accepted": "đã nhận",
    "duplicate": "đã có",
    "superseded": "trước khôi phục",
    "held": "giữ lại",
    "baseline_needed": "cần gửi từ đầu",
    "rejected": "từ chối",
    "unreadable": "không đọc được",
}


def _hub(ctx: Context) -> Any:
    from app.hub.ingest import Hub
    from app.hub.keys import load_keys

    if not ctx.db_url:
        raise ValidationError(DB_REQUIRED)
    return Hub.open(ctx.db_url, load_keys())


def _keys(args: argparse.Namespace, ctx: Context) -> int:
    from app.hub.keys import load_keys
    from app.sync.hub_profile import PROFILE_DOMAIN, encryption_key_fingerprint
    from app.sync.school_key import key_fingerprint

    keys = load_keys(create=True)
    profile_fp = key_fingerprint(PROFILE_DOMAIN, keys.encryption_public + keys.signing_public)
    ctx.out({"profile_fingerprint": profile_fp,
             "encryption_key": encryption_key_fingerprint(keys.encryption_public)},
            f"Khóa máy chủ nhận đã sẵn sàng (cất trong keyring).\n"
            f"Dấu vân tay hồ sơ máy chủ (đọc cho các trường khi họ nhập hồ sơ): {profile_fp}")  # fmt: skip
    return 0


def _profile(args: argparse.Namespace, ctx: Context) -> int:
    from app.hub.keys import load_keys, write_profile

    try:
        until = date.fromisoformat(args.valid_until)
    except ValueError as exc:
        raise ValidationError(
            f"Ngày hết hạn «{args.valid_until}» phải có dạng YYYY-MM-DD."
        ) from exc
    profile = write_profile(Path(args.out), load_keys(), args.name, args.url, until)
    ctx.out({"file": args.out, "fingerprint": profile.fingerprint},
            f"Đã ghi hồ sơ máy chủ {args.out}.\nDấu vân tay: {profile.fingerprint}")  # fmt: skip
    return 0


def _lines(outcomes: list[Any]) -> list[str]:
    return [
        f"  {o.school or '?':<10} {STATUS_VI.get(o.status, o.status):<16} {Path(o.file).name}"
        + (f"\n      {o.reason}" if o.reason else "")
        for o in outcomes
    ]


def _ingest(args: argparse.Namespace, ctx: Context) -> int:
    from app.hub.service import ingest_folder

    hub = _hub(ctx)
    try:
        folder = Path(args.folder)
        receipts = Path(args.receipts) if args.receipts else folder
        outcomes = ingest_folder(hub, folder, receipts)
    finally:
        hub.dispose()
    counts: dict[str, int] = {}
    for o in outcomes:
        counts[o.status] = counts.get(o.status, 0) + 1
    summary = ", ".join(f"{n} {STATUS_VI.get(s, s)}" for s, n in sorted(counts.items()))
    data = [{"file": o.file, "school": o.school, "package": o.package_id, "status": o.status,
             "reason": o.reason, "counts": o.counts} for o in outcomes]  # fmt: skip
    text = [f"Đã xử lý {len(outcomes)} gói: {summary or 'không có gói nào'}."]
    text += _lines(outcomes)
    text.append(f"Biên nhận ghi vào {receipts / 'TruongSo' / 'bienNhan'}.")
    ctx.out(data, "\n".join(text))
    return 1 if counts.get("rejected") else 0


def _schools(args: argparse.Namespace, ctx: Context) -> int:
    from app.hub import service

    hub = _hub(ctx)
    try:
        if args.new_start:
            code, epoch = args.new_start
            full = service.allow_new_start(hub, code, epoch)
            released = service.release_waiting(hub, Path(args.receipts) if args.receipts else None)
            ctx.out({"school": code, "epoch": full, "released": len(released)},
                    f"Đã cho phép dữ liệu mới của trường {code} (kỳ {full}) thay dữ liệu cũ; "
                    f"{len(released)} gói đã được xử lý.")  # fmt: skip
            return 0
        if args.approve:
            code, given = args.approve
            held = service.approve(hub, code, given, "cli")
            released = service.release_waiting(hub, Path(args.receipts) if args.receipts else None)
            ctx.out({"school": code, "waiting": held, "released": len(released)},
                    f"Đã duyệt trường {code}; {len(released)}/{held} gói đang chờ đã được xử lý.")  # fmt: skip
            return 0
        rows = service.schools(hub)
    finally:
        hub.dispose()
    data = [r.__dict__ for r in rows]
    text = "\n".join(
        f"{r.code:<10} {'đã duyệt' if r.approved else 'CHƯA DUYỆT':<11} {r.fingerprint}  "
        f"đã nhận đến số {r.high_water or 0}, chờ {r.waiting}, từ chối {r.rejected}"
        for r in rows
    )
    ctx.out(data, text or "Máy chủ chưa nhận gói của trường nào.")
    return 0


def _packages(args: argparse.Namespace, ctx: Context) -> int:
    from app.hub import service

    hub = _hub(ctx)
    try:
        rows = service.packages(hub, tuple(args.status) if args.status else None)
    finally:
        hub.dispose()
    text = "\n".join(
        f"{r['school_code']:<10} {r['seq_from']:>7}–{r['seq_to']:<7} "
        f"{STATUS_VI.get(r['status'], r['status']):<16} {r['package_id'] or r['file_name']}"
        + (f"\n      {r['reason']}" if r["reason"] else "")
        for r in rows
    )
    ctx.out(rows, text or "Không có gói nào.")
    return 0


def _retry(args: argparse.Namespace, ctx: Context) -> int:
    from app.hub import service

    hub = _hub(ctx)
    try:
        outcome = service.retry(hub, args.package, Path(args.receipts) if args.receipts else None)
    finally:
        hub.dispose()
    ctx.out({"status": outcome.status, "reason": outcome.reason},
            f"Gói {args.package}: {STATUS_VI.get(outcome.status, outcome.status)}. {outcome.reason}")  # fmt: skip
    return 0


def register(sub: Any) -> None:
    """Add the ``hub`` group."""
    p = sub.add_parser("hub", help="máy chủ nhận: khóa, hồ sơ cho trường, nhận gói, duyệt trường")
    ss = p.add_subparsers(dest="hub_command", metavar="LỆNH", required=True)
    q = ss.add_parser("keys", help="tạo (lần đầu) và xem khóa của máy chủ nhận")
    add_common(q, json_flag=True)
    q.set_defaults(func=_keys)
    q = ss.add_parser("profile", help="ghi tệp hồ sơ máy chủ để gửi cho các trường")
    add_common(q, json_flag=True)
    q.add_argument("out", help="tệp hồ sơ sẽ ghi (.json)")
    q.add_argument("--name", required=True, help="tên máy chủ, ví dụ «Sở GD&ĐT Thanh Hóa»")
    q.add_argument("--url", required=True, help="địa chỉ nhận qua mạng (http:// hoặc https://)")
    q.add_argument("--valid-until", required=True, help="hiệu lực đến ngày (YYYY-MM-DD)")
    q.set_defaults(func=_profile)
    q = ss.add_parser("ingest", help="nhận các gói .tspkg trong thư mục hoặc ổ USB, ghi biên nhận")
    add_common(q, json_flag=True)
    q.add_argument("folder", help="thư mục hoặc ổ USB (tìm mọi tệp .tspkg bên trong)")
    q.add_argument("--receipts", help="nơi ghi TruongSo/bienNhan (mặc định: chính thư mục đó)")
    q.set_defaults(func=_ingest)
    q = ss.add_parser("schools", help="các trường đã gửi gói; duyệt khóa của một trường")
    add_common(q, json_flag=True)
    q.add_argument("--approve", nargs=2, metavar=("MÃ_TRƯỜNG", "DẤU_VÂN_TAY"),
                   help="duyệt trường sau khi đối chiếu dấu vân tay với trường")  # fmt: skip
    q.add_argument("--new-start", nargs=2, metavar=("MÃ_TRƯỜNG", "KỲ"),
                   help="cho dữ liệu từ một CSDL mới của trường (cài lại máy) thay dữ liệu cũ")  # fmt: skip
    q.add_argument("--receipts", help="nơi ghi biên nhận cho các gói được xử lý sau khi duyệt")
    q.set_defaults(func=_schools)
    q = ss.add_parser("packages", help="các gói máy chủ đang giữ (chờ, từ chối…) và lý do")
    add_common(q, json_flag=True)
    q.add_argument("--status", nargs="*", choices=sorted(STATUS_VI), help="chỉ các trạng thái này")
    q.set_defaults(func=_packages)
    q = ss.add_parser("retry", help="xử lý lại một gói bị từ chối sau khi đã sửa nguyên nhân")
    add_common(q, json_flag=True)
    q.add_argument("package", help="mã gói")
    q.add_argument("--receipts", help="nơi ghi biên nhận mới")
    q.set_defaults(func=_retry)

"""``python main.py transcript …``: prepare, list, submit, issue, export the học bạ; the copies
log; the extras the forms need; the years at other schools.

``transcript sign`` and ``transcript verify`` come with the signing module (``app.signing``)
and are added to the same group. Every command uses the services the window uses.
"""

from __future__ import annotations

import argparse
import uuid
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from app.atomic_file import written_beside
from app.cli import Context, add_common, transcript_records
from app.db import Actor
from app.errors import NotFound, ValidationError
from app.messages.transcripts import TRANSCRIPT_MSG as M
from app.students.access import year_name
from app.students.classes import class_by_name
from app.students.store import student_id_by_code
from app.transcripts import export, queries, service
from app.transcripts.models import Transcript
from app.transcripts.queries import TranscriptRow, VersionInfo


def _students(s: Session, actor: Actor, args: argparse.Namespace, year: str) -> list[uuid.UUID]:
    """The student named by ``--student``, or every student of ``--class``."""
    if args.student:
        return [student_id_by_code(s, args.student)]
    if getattr(args, "class_name", None):
        group = class_by_name(s, args.class_name, year)
        return [r.student_id for r in queries.class_transcripts(s, actor, group.id)]
    raise ValidationError(M.cli_need_target)


def _row_data(r: TranscriptRow) -> dict[str, Any]:
    v = r.version
    return {
        "student_code": r.student_code,
        "full_name": r.full_name,
        "class": r.class_name,
        "school_year": r.school_year,
        "version": v.number if v else None,
        "state": v.state if v else None,
        "state_label": v.state_label if v else "Chưa lập",
        "data_sha256": v.data_sha256 if v else None,
        "signatures": len(v.signatures) if v else 0,
        "needs_reissue": r.needs_reissue,
        "reissue_reason": r.reissue_reason or None,
    }


def _row_text(r: TranscriptRow) -> str:
    v = r.version
    state = f"bản {v.number}: {v.state_label}" if v else "Chưa lập"
    flag = f" — CẦN CẤP LẠI: {r.reissue_reason}" if r.needs_reissue else ""
    return f"{r.student_code}  {r.full_name:<30} {r.class_name:<6} {state}{flag}"


def _prepare(args: argparse.Namespace, ctx: Context) -> int:
    rt = ctx.runtime(create=False)
    actor = ctx.actor()
    out: list[dict[str, Any]] = []
    lines: list[str] = []
    with rt.db.uow(actor=actor, reason=args.reason or "") as s:
        year = year_name(s, args.year)
        if args.student:
            sid = student_id_by_code(s, args.student)
            done = [service.prepare(s, actor, sid, year, args.reason or "")]
        else:
            group = class_by_name(s, args.class_name, year)
            done = service.prepare_class(s, actor, group.id, args.reason or "")
        for p in done:
            row = queries.student_row(s, _student_of(s, p.transcript_id), year, "")
            what = M.cli_created if p.created else M.cli_rebuilt if p.rebuilt else M.cli_same
            out.append({**_row_data(row), "created": p.created, "rebuilt": p.rebuilt})
            lines.append(M.cli_prepared.format(code=row.student_code, name=row.full_name,
                                               what=what, version=p.number, sha=p.data_sha256))  # fmt: skip
    ctx.out(out, "\n".join(lines) or M.cli_none)
    return 0


def _student_of(s: Session, transcript_id: uuid.UUID) -> uuid.UUID:
    t = s.get(Transcript, transcript_id)
    assert t is not None
    return t.student_id


def _list(args: argparse.Namespace, ctx: Context) -> int:
    rt = ctx.runtime(create=False)
    actor = ctx.actor()
    with rt.db.read() as s:
        year = year_name(s, args.year)
        if args.reissue:
            rows = queries.needing_reissue(s, actor, year if args.year else None)
        elif args.student:
            sid = student_id_by_code(s, args.student)
            versions = queries.versions(s, actor, sid, year)
            ctx.out([_version_data(v) for v in versions],
                    "\n".join(_version_text(v) for v in versions) or M.cli_no_transcript.format(
                        code=args.student, year=year))  # fmt: skip
            return 0
        else:
            group = class_by_name(s, args.class_name or "", year) if args.class_name else None
            if group is None:
                raise ValidationError(M.cli_need_target)
            rows = queries.class_transcripts(s, actor, group.id)
    empty = M.cli_no_reissue if args.reissue else M.cli_none_listed
    ctx.out([_row_data(r) for r in rows], "\n".join(_row_text(r) for r in rows) or empty)
    return 0


def _version_data(v: VersionInfo) -> dict[str, Any]:
    return {
        "version": v.number,
        "state": v.state,
        "state_label": v.state_label,
        "data_sha256": v.data_sha256,
        "correction_reason": v.correction_reason or None,
        "prepared_by": v.prepared_by,
        "signatures": [
            {
                "order": x.position,
                "role": x.role,
                "signer": x.signer_name,
                "certificate_sha256": x.certificate_sha256,
            }  # fmt: skip
            for x in v.signatures
        ],
    }


def _version_text(v: VersionInfo) -> str:
    why = f" — đính chính: {v.correction_reason}" if v.correction_reason else ""
    return f"Bản {v.number}: {v.state_label}, {len(v.signatures)} chữ ký, {v.data_sha256}{why}"


def _latest(s: Session, code: str, year: str) -> tuple[uuid.UUID, TranscriptRow]:
    sid = student_id_by_code(s, code)
    row = queries.student_row(s, sid, year, "")
    if row.version is None:
        raise NotFound(M.cli_no_transcript.format(code=code, year=year))
    return row.version.id, row


def _version_id(s: Session, code: str, year: str, number: int | None) -> uuid.UUID:
    if number is None:
        return _latest(s, code, year)[0]
    sid = student_id_by_code(s, code)
    found = next((v for v in queries.versions(s, None, sid, year) if v.number == number), None)
    if found is None:
        raise NotFound(M.version_not_found)
    return found.id


def _number(s: Session, version_id: uuid.UUID) -> int:
    return service.get_version(s, version_id)[1].number


def _submit(args: argparse.Namespace, ctx: Context) -> int:
    rt = ctx.runtime(create=False)
    actor = ctx.actor()
    with rt.db.uow(actor=actor) as s:
        year = year_name(s, args.year)
        vid, row = _latest(s, args.student, year)
        service.submit(s, actor, vid)
    assert row.version is not None
    ctx.out({"student_code": args.student, "school_year": year, "version": row.version.number,
             "state": "awaiting_signature"},
            M.cli_submitted.format(code=args.student, year=year, version=row.version.number))  # fmt: skip
    return 0


def _issue(args: argparse.Namespace, ctx: Context) -> int:
    rt = ctx.runtime(create=False)
    actor = ctx.actor()
    with rt.db.uow(actor=actor) as s:
        year = year_name(s, args.year)
        vid, row = _latest(s, args.student, year)
        service.issue(s, actor, vid)
    assert row.version is not None
    ctx.out({"student_code": args.student, "school_year": year, "version": row.version.number,
             "state": "issued"},
            M.cli_issued.format(code=args.student, year=year, version=row.version.number))  # fmt: skip
    return 0


def _write(path: Path, text: str) -> None:
    with written_beside(path) as tmp:
        Path(tmp).write_text(text, encoding="utf-8")


def _export(args: argparse.Namespace, ctx: Context) -> int:
    rt = ctx.runtime(create=False)
    actor = ctx.actor()
    with rt.db.read() as s:
        year = year_name(s, args.year)
        if args.format == "pdf" and (args.combined or args.all_years):
            from app.cli.transcripts_sign import write_pdfs

            return write_pdfs(ctx, s, args, year, [])
        docs = []
        pdfs: list[tuple[str, int, uuid.UUID]] = []
        for sid in _students(s, actor, args, year):
            row = queries.student_row(s, sid, year, "")
            if row.version is None:
                if args.student:
                    raise NotFound(M.cli_no_transcript.format(code=args.student, year=year))
                continue
            vid = _version_id(s, row.student_code, year, args.version)
            if args.format == "pdf":
                pdfs.append((row.student_code, _number(s, vid), vid))
            else:
                docs.append((row.student_code, export.export_version(s, actor, vid)))
        if args.format == "pdf":
            from app.cli.transcripts_sign import write_pdfs

            return write_pdfs(ctx, s, args, year, pdfs)
    if args.out is None:
        data: Any = docs[0][1] if args.student else [d for _, d in docs]
        print(export.dumps(data), end="")
        return 0
    out = Path(args.out)
    if args.student:
        _write(out, export.dumps(docs[0][1]))
        print(M.cli_exported.format(path=out))
        return 0
    out.mkdir(parents=True, exist_ok=True)
    for code, doc in docs:
        target = out / f"hoc-ba_{code}_{year}_v{doc['version']['number']}.json"
        _write(target, export.dumps(doc))
        print(M.cli_exported.format(path=target))
    return 0


def _target(
    p: argparse.ArgumentParser, *, class_option: bool = True, student: bool = False
) -> None:
    add_common(p, json_flag=True)
    p.add_argument("--year", help="năm học, ví dụ 2025-2026 (mặc định: năm học hiện tại)")
    p.add_argument("--student", required=student, help="mã học sinh")
    if class_option:
        p.add_argument("--class", dest="class_name", help="tên lớp, ví dụ 6A1 (cả lớp)")


def register(sub: Any) -> None:
    """Add the ``transcript`` group."""
    t = sub.add_parser("transcript", help="học bạ số: lập, gửi ký, phát hành, xuất, sổ cấp bản sao")
    tsub = t.add_subparsers(dest="transcript_command", metavar="LỆNH", required=True)
    register_transcript_commands(tsub)
    from app.cli import transcripts_sign  # sign, verify, trust (app.signing)

    transcripts_sign.register_transcript_commands(tsub)


def register_transcript_commands(tsub: Any) -> None:
    """The subcommands of ``transcript`` this module owns (``sign``, ``verify`` live beside)."""
    p = tsub.add_parser("prepare", help="lập (hoặc lập lại) học bạ của một học sinh hoặc cả lớp")
    _target(p)
    p.add_argument("--reason", help="lý do đính chính (khi học bạ đã có chữ ký)")
    p.set_defaults(func=_prepare)

    p = tsub.add_parser(
        "list", help="trạng thái học bạ của một lớp, các phiên bản của một học sinh"
    )
    _target(p)
    p.add_argument("--reissue", action="store_true", help="chỉ liệt kê học bạ cần cấp lại")
    p.set_defaults(func=_list)

    p = tsub.add_parser("submit", help="gửi ký: học bạ nháp chuyển sang chờ ký")
    _target(p, class_option=False, student=True)
    p.set_defaults(func=_submit)

    p = tsub.add_parser("issue", help="phát hành học bạ đã ký đủ (Ban giám hiệu)")
    _target(p, class_option=False, student=True)
    p.set_defaults(func=_issue)

    p = tsub.add_parser("export", help="xuất dữ liệu học bạ (JSON, lược đồ truongso.transcript/1)")
    _target(p)
    p.add_argument("--format", choices=("json", "pdf"), default="json", help="định dạng")
    p.add_argument("--version", type=int, help="phiên bản (mặc định: mới nhất)")
    p.add_argument(
        "--combined",
        action="store_true",
        help="pdf: cả lớp trong một tệp để in (bản vẽ từ dữ liệu, không chữ ký)",
    )
    p.add_argument("--all-years", action="store_true",
                   help="pdf: mọi năm học của một học sinh trong một tệp để in")  # fmt: skip
    p.add_argument("--out", help="tệp (một học sinh) hoặc thư mục (cả lớp) để ghi")
    p.set_defaults(func=_export)
    transcript_records.register_transcript_commands(tsub)

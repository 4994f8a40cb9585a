"""``transcript copies``, ``transcript extras`` and ``transcript process``: the copies log, what
the forms need beyond the grade book, and the years at other schools.

Added to the ``transcript`` group by ``app/cli/transcripts.py``.
"""

from __future__ import annotations

import argparse
import uuid
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from app.cli import Context, add_common
from app.errors import NotFound, ValidationError
from app.messages.transcripts import TRANSCRIPT_MSG as M
from app.students.access import year_name
from app.students.store import student_id_by_code
from app.transcripts import copies, extras, queries
from app.transcripts.models import COPY_LABELS, CopyKind


def _latest_version(s: Session, code: str, year: str) -> uuid.UUID:
    """The newest version's id of a student's transcript of ``year`` (NotFound if none)."""
    row = queries.student_row(s, student_id_by_code(s, code), year, "")
    if row.version is None:
        raise NotFound(M.cli_no_transcript.format(code=code, year=year))
    return row.version.id


def _target(p: argparse.ArgumentParser, *, student: bool = False) -> None:
    add_common(p, json_flag=True)
    p.add_argument("--year", help="năm học, ví dụ 2025-2026 (mặc định: năm học hiện tại)")
    p.add_argument("--student", required=student, help="mã học sinh")


def _copies(args: argparse.Namespace, ctx: Context) -> int:
    rt = ctx.runtime(create=False)
    actor = ctx.actor()
    if args.add:
        with rt.db.uow(actor=actor) as s:
            year = year_name(s, args.year)
            if not args.student:
                raise ValidationError(M.cli_need_target)
            vid = _latest_version(s, args.student, year)
            data = copies.CopyInput(args.kind, args.to or "", args.purpose or "", args.copies)
            copies.log_copy(s, actor, vid, data)
        label = COPY_LABELS[args.kind].lower()
        ctx.out({"logged": True}, M.cli_copy_logged.format(kind=label, code=args.student,
                                                           to=args.to))  # fmt: skip
        return 0
    with rt.db.read() as s:
        only_year = year_name(s, args.year) if args.year else None
        sid = student_id_by_code(s, args.student) if args.student else None
        if args.out:
            path = copies.print_copies(s, actor, Path(args.out), year=only_year)
            print(M.cli_exported.format(path=path))
            return 0
        entries = copies.list_copies(s, actor, student_id=sid, year=only_year)
    data_out = [
        {
            "issued_at": e.issued_at,
            "student_code": e.student_code,
            "full_name": e.full_name,
            "school_year": e.school_year,
            "version": e.version,
            "kind": e.kind,
            "issued_to": e.issued_to,
            "purpose": e.purpose,
            "copies": e.copies,
            "issued_by": e.issued_by,
        }  # fmt: skip
        for e in entries
    ]
    text = "\n".join(
        f"{copies.local_time(e.issued_at)}  {e.student_code} {e.full_name} ({e.school_year}, bản "
        f"{e.version})  {e.kind_label}  cho {e.issued_to}: {e.purpose}  — {e.issued_by_name}"
        for e in entries
    )
    ctx.out(data_out, text or "Sổ cấp bản sao, trích lục chưa có dòng nào.")
    return 0


def _extras(args: argparse.Namespace, ctx: Context) -> int:
    rt = ctx.runtime(create=False)
    actor = ctx.actor()
    fields = ("height", "weight", "excused", "unexcused", "certificates", "competitions",
              "commendations", "comment")  # fmt: skip
    given = {f: getattr(args, f) for f in fields}
    with rt.db.uow(actor=actor) as s:
        year = year_name(s, args.year)
        sid = student_id_by_code(s, args.student)
        if any(v is not None for v in given.values()):
            extras.save_extras(s, actor, sid, year, extras.ExtrasInput(
                given["height"], given["weight"], given["excused"], given["unexcused"],
                given["certificates"], given["competitions"], given["commendations"],
                given["comment"]))  # fmt: skip
        stored = extras.get_extras(s, actor, sid, year)
    data = {
        "student_code": args.student, "school_year": year,
        "height_cm": stored.height_cm or None, "weight_kg": stored.weight_kg or None,
        "days_absent_excused": stored.days_absent_excused,
        "days_absent_unexcused": stored.days_absent_unexcused,
        "certificates": list(stored.certificates), "competitions": list(stored.competitions),
        "commendations": list(stored.commendations),
        "homeroom_comment": stored.homeroom_comment or None,
    }  # fmt: skip
    text = [M.cli_extras_saved.format(code=args.student, year=year)] if any(
        v is not None for v in given.values()) else []  # fmt: skip
    text += [f"{k}: {v}" for k, v in data.items() if v not in (None, [], "")]
    ctx.out(data, "\n".join(text))
    return 0


def _process(args: argparse.Namespace, ctx: Context) -> int:
    rt = ctx.runtime(create=False)
    actor = ctx.actor()
    with rt.db.uow(actor=actor) as s:
        sid = student_id_by_code(s, args.student)
        if args.remove:
            extras.remove_process(s, actor, sid, args.school_year)
        else:
            data = extras.ProcessInput(args.school_year, args.class_name or "",
                                       args.school or "", args.principal or "")  # fmt: skip
            extras.save_process(s, actor, sid, data)
    ctx.out({"student_code": args.student, "school_year": args.school_year,
             "removed": bool(args.remove)},
            M.cli_process_saved.format(year=args.school_year, code=args.student))  # fmt: skip
    return 0


def register_transcript_commands(tsub: Any) -> None:
    """Add ``copies``, ``extras`` and ``process`` to the ``transcript`` group."""
    p = tsub.add_parser("copies", help="sổ cấp bản sao, trích lục: xem, ghi thêm, in")
    _target(p)
    p.add_argument("--add", action="store_true", help="ghi một lần cấp bản sao hoặc trích lục")
    p.add_argument("--kind", choices=(CopyKind.COPY, CopyKind.EXTRACT), default=CopyKind.COPY,
                   help="ban_sao (bản sao) hoặc trich_luc (trích lục)")  # fmt: skip
    p.add_argument("--to", help="cấp cho ai (họ tên, đơn vị)")
    p.add_argument("--purpose", help="mục đích")
    p.add_argument("--copies", type=int, default=1, help="số bản (mặc định 1)")
    p.add_argument("--out", help="in sổ ra tệp PDF")
    p.set_defaults(func=_copies)

    p = tsub.add_parser("extras", help="thông tin bổ sung của học bạ: chiều cao, cân nặng, "
                        "chứng chỉ, thi, khen thưởng, nhận xét")  # fmt: skip
    _target(p, student=True)
    p.add_argument("--height", help="chiều cao (cm), ví dụ 132,5")
    p.add_argument("--weight", help="cân nặng (kg), ví dụ 30,5")
    p.add_argument("--excused", help="số ngày nghỉ có phép (tiểu học)")
    p.add_argument("--unexcused", help="số ngày nghỉ không phép (tiểu học)")
    p.add_argument("--certificates", help="chứng chỉ, mỗi mục cách nhau bằng dấu ;")
    p.add_argument("--competitions", help="thi, hội thi, mỗi mục cách nhau bằng dấu ;")
    p.add_argument("--commendations", help="khen thưởng khác, mỗi mục cách nhau bằng dấu ;")
    p.add_argument("--comment", help="nhận xét của giáo viên chủ nhiệm")
    p.set_defaults(func=_extras)

    p = tsub.add_parser("process", help="quá trình học tập: năm học ở trường khác (nhập tay)")
    add_common(p, json_flag=True)
    p.add_argument("--student", required=True, help="mã học sinh")
    p.add_argument("--school-year", required=True, help="năm học, ví dụ 2023-2024")
    p.add_argument("--class", dest="class_name", help="lớp")
    p.add_argument("--school", help="tên trường")
    p.add_argument("--principal", help="hiệu trưởng")
    p.add_argument("--remove", action="store_true", help="xóa dòng đã nhập")
    p.set_defaults(func=_process)

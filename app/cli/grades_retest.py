"""``grades retest-choose`` and ``grades retest``: re-test choices and results from the command line.

Added to the ``grades`` group by ``app/cli/grades.py`` through
``register_grade_commands(gsub)``. Both print the student's recomputed year
outcome with its reasons, the way the "Kiểm tra lại" tab shows it.
"""

from __future__ import annotations

import argparse
import uuid
from typing import Any

from sqlalchemy.orm import Session

from app.cli import Context, add_common
from app.db import Actor
from app.gradebook import catalogue
from app.gradebook.results import ResultView
from app.gradebook.retests import RetestLine, choose_retests, retest_sheet, save_retest
from app.messages.retests import RETEST_MSG as RM
from app.students.access import year_name
from app.students.classes import class_by_name
from app.students.models import ClassGroup
from app.students.store import student_id_by_code


def _target(s: Session, args: argparse.Namespace) -> tuple[ClassGroup, uuid.UUID]:
    """The class and the student named on the command line."""
    group = class_by_name(s, args.class_name, year_name(s, args.year))
    return group, student_id_by_code(s, args.student)


def _subject_id(s: Session, group: ClassGroup, name: str) -> uuid.UUID:
    """A subject of the class's grade by full or short name."""
    return catalogue.find_subject(s, group.school_year, group.grade, name).id


def _line(s: Session, actor: Actor, group: ClassGroup, sid: uuid.UUID) -> RetestLine | None:
    """The student's re-test line after the write (a student who is not flagged has none)."""
    return next((x for x in retest_sheet(s, actor, group.id) if x.student_id == sid), None)


def _view(view: ResultView | None) -> dict[str, Any]:
    """A computed result for JSON: value and reasons."""
    if view is None:
        return {"value": None, "reasons": []}
    return {"value": view.json(), "reasons": list(view.reasons)}


def _outcome_text(line: RetestLine) -> str:
    """The outcome line and its reasons; pending reads "Chờ kết quả kiểm tra lại: …"."""
    shown = line.outcome.text or RM.pending_outcome.format(subjects=", ".join(line.waiting))
    if not line.outcome.text and not line.waiting:
        shown = "–"
    lines = [RM.cli_outcome.format(value=shown)]
    lines += [RM.cli_reason.format(reason=r) for r in line.outcome.reasons]
    return "\n".join(lines)


def _data(group: ClassGroup, code: str, line: RetestLine, changed: bool) -> dict[str, Any]:
    """The student's re-test line for ``--json``."""
    return {
        "class": group.name,
        "school_year": group.school_year,
        "student_code": code,
        "full_name": line.full_name,
        "changed": changed,
        "choice_recorded": line.choice_recorded,
        "subjects": [
            {
                "subject": x.name,
                "year": x.year_text,
                "chosen": x.chosen,
                "retest": x.retest_text or None,
            }
            for x in line.subjects
        ],
        "waiting": list(line.waiting),
        "learning_after_retest": _view(line.learning_after_retest),
        "outcome": _view(line.outcome),
    }


def _choose(args: argparse.Namespace, ctx: Context) -> int:
    """``grades retest-choose``: record the chosen subjects, print the outcome."""
    rt = ctx.runtime(create=False)
    actor = ctx.actor()
    with rt.db.uow(actor=actor) as s:
        group, sid = _target(s, args)
        ids = [_subject_id(s, group, name) for name in args.subjects]
        changes = choose_retests(s, actor, group.id, sid, ids, args.reason)
        line = _line(s, actor, group, sid)
    assert line is not None, "choose_retests accepts flagged students only"
    chosen = ", ".join(x.name for x in line.subjects if x.chosen)
    template = RM.cli_chosen if changes else RM.cli_unchanged
    head = template.format(
        student=line.full_name, code=args.student, cls=group.name, subjects=chosen
    )
    ctx.out(_data(group, args.student, line, bool(changes)), head + "\n" + _outcome_text(line))
    return 0


def _retest(args: argparse.Namespace, ctx: Context) -> int:
    """``grades retest``: record or clear one re-test result, print the outcome."""
    rt = ctx.runtime(create=False)
    actor = ctx.actor()
    with rt.db.uow(actor=actor) as s:
        group, sid = _target(s, args)
        subject = catalogue.find_subject(s, group.school_year, group.grade, args.subject)
        saved = save_retest(s, actor, group.id, subject.id, sid, args.value, args.reason)
        line = _line(s, actor, group, sid)
    entered = next((x for x in line.subjects if x.subject_id == subject.id), None) if line else None
    head = RM.cli_retest.format(
        student=line.full_name if line else args.student,
        code=args.student,
        cls=group.name,
        subject=subject.name,
        value=(entered.retest_text if entered else "") or "∅",
    )
    text = [head]
    if saved.learning_after_retest is not None:
        text.append(RM.cli_learning.format(value=saved.learning_after_retest.text or "–"))
    if line is not None:
        text.append(_outcome_text(line))
        data = _data(group, args.student, line, bool(saved.changes))
    else:  # only clearing is accepted for a student the rules no longer flag
        text.append(RM.cli_outcome.format(value=saved.outcome.text or "–"))
        text += [RM.cli_reason.format(reason=r) for r in saved.outcome.reasons]
        data = {
            "class": group.name,
            "school_year": group.school_year,
            "student_code": args.student,
            "changed": bool(saved.changes),
            "learning_after_retest": _view(saved.learning_after_retest),
            "outcome": _view(saved.outcome),
        }
    ctx.out(data, "\n".join(text))
    return 0


def _common(p: argparse.ArgumentParser) -> None:
    """Options both commands take."""
    add_common(p, json_flag=True)
    p.add_argument("--class", dest="class_name", required=True, help="tên lớp, ví dụ 6A1")
    p.add_argument("--year", help="năm học, ví dụ 2025-2026 (mặc định: năm học hiện tại)")
    p.add_argument("--student", required=True, help="mã học sinh")
    p.add_argument("--reason", help="lý do (bắt buộc khi học kì II đã khóa)")


def register_grade_commands(gsub: Any) -> None:
    """Add ``retest-choose`` and ``retest`` to the ``grades`` group."""
    p = gsub.add_parser(
        "retest-choose",
        help="ghi các môn học sinh chọn kiểm tra lại (thay cho lựa chọn trước đó)",
    )
    _common(p)
    p.add_argument(
        "--subject",
        dest="subjects",
        action="append",
        required=True,
        help="môn chọn kiểm tra lại; lặp lại cho từng môn, ví dụ --subject Toán --subject “Ngữ văn”",
    )
    p.set_defaults(func=_choose)

    p = gsub.add_parser("retest", help="nhập hoặc xóa kết quả kiểm tra lại một môn của học sinh")
    _common(p)
    p.add_argument("--subject", required=True, help="tên môn, ví dụ “Toán”")
    p.add_argument(
        "--value",
        required=True,
        help="điểm kiểm tra lại (6,5 hoặc 6.5), Đ/CĐ với môn đánh giá bằng nhận xét; "
        "chuỗi rỗng để xóa",
    )
    p.set_defaults(func=_retest)

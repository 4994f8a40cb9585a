"""Printable class lists in NĐ 30 format: one class, or the whole school a class per page run.

The whole school is a batch: as pages are laid out it reports each class to the
job's progress ("Xếp trang danh sách: 12/28 lớp") and stops on Hủy, leaving no
file (the PDF is written beside its name and renamed only when whole).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from reportlab.platypus import Flowable, PageBreak, Spacer
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.accounts import User
from app.db import Actor
from app.errors import NotFound
from app.messages.excel import EXCEL_MSG
from app.printing import nd30
from app.printing.school_header import doc_header
from app.progress import NullProgress, Progress, check_cancel
from app.students import exporter
from app.students.inputs import SEX_LABELS
from app.students.models import ClassGroup
from app.students.validation import ethnicity_name, format_date

_PDF_HEADERS = ["STT", "Mã học sinh", "Họ và tên", "Ngày sinh", "Giới tính", "Dân tộc", "Ghi chú"]
_PDF_FIXED = {"stt": 11, "dob": 23, "sex": 14, "ethnicity": 17, "notes": 17}  # mm
_PDF_ALIGN = ["center", "center", "left", "center", "center", "left", "left"]
LAYING_OUT = "Xếp trang danh sách"
CLASSES_UNIT = "lớp"


class _Checkpoint(Flowable):  # type: ignore[misc]
    """Takes no room; when the layout reaches it, reports how many classes are laid out
    and stops the build if the user asked to (``Cancelled`` leaves no file)."""

    def __init__(self, progress: Progress, done: int, total: int) -> None:
        super().__init__()
        self.progress, self.done, self.total = progress, done, total

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        check_cancel(self.progress)
        self.progress.update(self.done, self.total, LAYING_OUT, CLASSES_UNIT)
        return 0, 0

    def draw(self) -> None:
        return None


def _pdf_rows(records: list[dict[str, Any]]) -> list[list[Any]]:
    return [
        [
            i,
            r["student_code"],
            r["full_name"],
            format_date(r["date_of_birth"]),
            SEX_LABELS.get(r["sex"], r["sex"]),
            ethnicity_name(r["ethnicity_code"]) if r["ethnicity_code"] else "",
            r["notes"],
        ]
        for i, r in enumerate(records, start=1)
    ]


def _pdf_widths(records: list[dict[str, Any]]) -> list[float]:
    """Column widths in mm: the code column fits the longest code, the name takes the rest."""
    longest = max((r["student_code"] for r in records), key=len, default="")
    code_w = nd30.text_width(longest, nd30.SERIF, nd30.TABLE_SIZE) / nd30.mm + 4
    code_w = min(max(code_w, 20.0), 36.0)
    f = _PDF_FIXED
    name_w = nd30.TEXT_WIDTH_MM - code_w - sum(f.values())
    return [f["stt"], code_w, name_w, f["dob"], f["sex"], f["ethnicity"], f["notes"]]


def _class_body(name: str, records: list[dict[str, Any]], with_title: bool) -> list[Flowable]:
    body: list[Flowable] = []
    if with_title:
        body.append(
            nd30.para(f"Lớp {name or exporter.NO_CLASS}", nd30.style(13, font=nd30.SERIF_BOLD))
        )
        body.append(Spacer(1, 2 * nd30.mm))
    body.append(
        nd30.data_table(_PDF_HEADERS, _pdf_rows(records), _pdf_widths(records), align=_PDF_ALIGN)
    )
    girls = sum(1 for r in records if r["sex"] == "nu")
    body.append(Spacer(1, 3 * nd30.mm))
    body.append(
        nd30.para(
            f"Danh sách có {len(records)} học sinh (nữ: {girls}).",
            nd30.style(13, font=nd30.SERIF_ITALIC),
        )
    )
    return body


def export_pdf(
    session: Session,
    actor: Actor | None,
    path: Path | str,
    *,
    year: str | None = None,
    class_name: str | None = None,
    on: date | None = None,
    progress: Progress | None = None,
) -> exporter.ExportResult:
    """A printable class list (or the whole school, one class per page run) in NĐ 30 format."""
    progress = progress or NullProgress()
    year_name, wanted = exporter._scope(session, actor, year, class_name)
    groups = exporter._rows(session, actor, year_name, wanted)
    count = sum(len(g) for _, g in groups)
    if count == 0:
        raise NotFound(EXCEL_MSG.export_no_rows.format(scope=wanted or year_name))
    header, principal = doc_header(session, on or date.today())
    signers = [nd30.Signer("Hiệu trưởng", principal)]
    body: list[Flowable] = []
    if wanted:
        title = f"DANH SÁCH HỌC SINH LỚP {wanted}"
        body = _class_body(wanted, groups[0][1], with_title=False)
        signers.insert(
            0,
            nd30.Signer(
                "Giáo viên chủ nhiệm", _homeroom(session, wanted, year_name), "(Ký, ghi rõ họ tên)"
            ),
        )
    else:
        title = "DANH SÁCH HỌC SINH TOÀN TRƯỜNG"
        for i, (name, records) in enumerate(groups):
            if i:
                body.append(PageBreak())
            body.append(_Checkpoint(progress, i, len(groups)))
            body += _class_body(name, records, with_title=True)
        body.append(_Checkpoint(progress, len(groups), len(groups)))
    check_cancel(progress)
    out = nd30.Nd30Document(path, header).build(
        title, body, subtitle=f"Năm học {year_name}", signers=signers
    )
    exporter._journal_export(
        session, f"In danh sách {wanted or 'toàn trường'} {year_name}", count, False
    )
    return exporter.ExportResult(out, count, len(groups))


def _homeroom(session: Session, class_name: str, year: str) -> str:
    """Full name of the class's homeroom teacher, or "" (the line is then signed by hand)."""
    stmt = (
        select(User.full_name)
        .join(ClassGroup, ClassGroup.homeroom_teacher_id == User.id)
        .where(ClassGroup.name == class_name, ClassGroup.school_year == year)
    )
    return session.scalar(stmt) or ""

"""The phiếu tự đánh giá as a PDF in the NĐ 30 frame and as an .xlsx workbook (issue 16 §2).

Both say first which criteria set the assessment was made against and, when the set is not
verified, "chưa đối chiếu với văn bản gốc" with its known gaps; then each group's criteria
(code, text, mandatory, maximum, result, points, evidence), each group's total and level,
the mandatory conditions, and the overall level only when the set says how groups combine.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from reportlab.platypus import Flowable, Spacer
from sqlalchemy.orm import Session

from app import school
from app.cds.scoring import GroupScore
from app.cds.sets import points_text
from app.cds.view import AssessmentView, CriterionRow, assessment_view
from app.db import Actor
from app.excel.writer import ColumnSpec, Kind, add_table_sheet, new_workbook, save_workbook
from app.labels import format_date
from app.messages.cds import CDS_MSG as M
from app.printing import nd30
from app.printing.school_header import doc_header

WIDTHS_MM = (14, 63, 14, 13, 22, 13, 26)  # 165 mm: the portrait text width


def _evidence(r: CriterionRow) -> str:
    n = sum(1 for f in r.evidence if not f.withdrawn)
    text = f"{n} tệp" if n else ""
    return M.evidence_needed if r.evidence_missing else text


def _result(r: CriterionRow) -> str:
    if r.rule == "manual":
        return r.prefill_label and f"({r.prefill_label})"
    return r.value_label or M.not_answered


def _points(r: CriterionRow) -> str:
    if r.mandatory and r.max_points == 0:
        return ""
    return points_text(r.points) if r.answered else ""


def _max(r: CriterionRow) -> str:
    return "—" if r.mandatory and r.max_points == 0 else points_text(r.max_points)


def _mandatory_text(v: AssessmentView, g: GroupScore) -> str:
    items = [f"{c} {M.met}" for c in g.mandatory_met] + [
        f"{c} {M.unmet}" for c in g.mandatory_unmet
    ]
    return ", ".join(items) or "—"


def _group_rows(v: AssessmentView, code: str) -> list[list[str]]:
    return [[r.code, r.text, M.mandatory_mark if r.mandatory else "", _max(r),
             _result(r), _points(r), _evidence(r)]
            for r in v.rows if r.group == code]  # fmt: skip


def _body(v: AssessmentView) -> list[Flowable]:
    body = nd30.style(nd30.BODY_SIZE, align="justify", space_after=3)
    head = nd30.style(nd30.BODY_SIZE, font=nd30.SERIF_BOLD, space_after=3)
    warn = nd30.style(nd30.BODY_SIZE - 1, font=nd30.SERIF_ITALIC, align="justify", space_after=2)
    out: list[Flowable] = [
        nd30.para(M.pdf_set_line.format(title=v.set_title, version=v.set_version), body),
        nd30.para(M.pdf_state_line.format(state=v.state_label, deadline=v.deadline_text), body),
    ]
    if v.set_warnings:
        out.append(nd30.para(M.pdf_warnings, head))
        first, *rest = v.set_warnings
        strong = nd30.style(nd30.BODY_SIZE, font=nd30.SERIF_BOLD, align="justify", space_after=2)
        out.append(nd30.para(f"– {first}", strong if not v.verified else warn))
        out.extend(nd30.para(f"– {w}", warn) for w in rest)
    for n, g in enumerate(v.result.groups, 1):
        out.append(Spacer(1, 3))
        out.append(nd30.para(M.pdf_group_head.format(n=n, name=g.name,
                                                     max=points_text(g.max_points)), head))  # fmt: skip
        out.append(nd30.data_table(
            [M.col_code, M.col_text, M.col_mandatory, M.col_max, M.col_result, M.col_points,
             M.col_evidence],
            _group_rows(v, g.code), WIDTHS_MM, size=11,
            align=["left", "left", "center", "center", "left", "center", "left"],
        ))  # fmt: skip
        out.append(nd30.para(M.pdf_group_total.format(total=points_text(g.total),
                                                      max=points_text(g.max_points),
                                                      level=g.level_label), body))  # fmt: skip
        out.append(nd30.para(M.pdf_mandatory.format(items=_mandatory_text(v, g)), body))
    out.append(nd30.para(M.pdf_summary, head))
    summary = [[g.name, f"{points_text(g.total)}/{points_text(g.max_points)}", g.level_label,
                _mandatory_text(v, g)] for g in v.result.groups]  # fmt: skip
    out.append(nd30.data_table([M.col_group, M.col_total, M.col_level, M.col_mandatory],
                               summary, (62, 25, 38, 40), size=11))  # fmt: skip
    overall = v.result.overall
    out.append(nd30.para(overall.label if overall else v.result.overall_note, warn))
    return out


def write_pdf(session: Session, actor: Actor | None, year: str, path: Path,
              today: date | None = None) -> Path:  # fmt: skip
    """Write the phiếu of ``year`` as a PDF (whole or not at all)."""
    v = assessment_view(session, actor, year, today)
    header, principal = doc_header(session, today or date.today())
    doc = nd30.Nd30Document(path, header)
    subtitle = M.pdf_subtitle.format(year=year, decision=v.decision,
                                     date=format_date(v.decision_date))  # fmt: skip
    signers = [nd30.Signer(M.sign_preparer, "", note=M.sign_note),
               nd30.Signer(M.sign_principal, principal, note=M.sign_principal_note)]  # fmt: skip
    return doc.build(M.pdf_title, _body(v), subtitle=subtitle, signers=signers,
                     keep_last_with_signers=True)  # fmt: skip


INFO_COLUMNS = (ColumnSpec("Mục", width=22), ColumnSpec("Nội dung", width=110))
CRITERIA_COLUMNS = (
    ColumnSpec(M.col_group, width=12), ColumnSpec(M.col_code, Kind.CODE, 9),
    ColumnSpec(M.col_text, width=60), ColumnSpec(M.col_mandatory, width=9),
    ColumnSpec(M.col_rule, width=16), ColumnSpec(M.col_max, Kind.NUMBER, 8),
    ColumnSpec(M.col_result, width=14), ColumnSpec(M.col_points, Kind.NUMBER, 8),
    ColumnSpec(M.col_prefill, width=40), ColumnSpec(M.col_evidence, width=30),
    ColumnSpec(M.col_note, width=40),
)  # fmt: skip
GROUP_COLUMNS = (
    ColumnSpec(M.col_group, width=44), ColumnSpec(M.col_total, Kind.NUMBER, 12),
    ColumnSpec(M.col_max, Kind.NUMBER, 10), ColumnSpec(M.col_level, width=26),
    ColumnSpec(M.col_mandatory, width=30),
)  # fmt: skip


def _number(value: object) -> int | float:
    from decimal import Decimal

    d = Decimal(str(value))
    return int(d) if d == d.to_integral_value() else float(d)


def _criteria_rows(v: AssessmentView) -> list[list[object]]:
    rows: list[list[object]] = []
    for r in v.rows:
        files = ", ".join(
            f"{f.file_name} (v{f.file_version})" for f in r.evidence if not f.withdrawn
        )
        prefill = (
            f"{r.prefill_label} — {r.prefill_explanation}"
            if r.prefill_label
            else r.prefill_explanation
        )
        rows.append([r.group, r.code, r.text, M.mandatory_mark if r.mandatory else "",
                     r.rule_label, _number(r.max_points), r.value_label,
                     _number(r.points) if r.answered else None, prefill, files, r.note])  # fmt: skip
    return rows


def write_xlsx(session: Session, actor: Actor | None, year: str, path: Path,
               today: date | None = None) -> Path:  # fmt: skip
    """Write the phiếu of ``year`` as an .xlsx workbook: information, criteria, groups."""
    v = assessment_view(session, actor, year, today)
    prof = school.require_profile(session)
    overall = v.result.overall
    info = [[M.info_school, prof.name], [M.info_year, year],
            [M.info_set, f"{v.set_title} ({v.decision}, {format_date(v.decision_date)}), "
                         f"phiên bản {v.set_version}"],
            [M.info_state, v.state_label], [M.info_deadline, v.deadline_text],
            *[[M.info_note, w] for w in v.set_warnings],
            [M.info_overall, overall.label if overall else v.result.overall_note]]  # fmt: skip
    groups = [[g.name, _number(g.total), _number(g.max_points), g.level_label,
               _mandatory_text(v, g)] for g in v.result.groups]  # fmt: skip
    wb = new_workbook()
    add_table_sheet(wb, M.sheet_info, INFO_COLUMNS, info)
    add_table_sheet(wb, M.sheet_criteria, CRITERIA_COLUMNS, _criteria_rows(v))
    add_table_sheet(wb, M.sheet_groups, GROUP_COLUMNS, groups)
    return save_workbook(wb, path)

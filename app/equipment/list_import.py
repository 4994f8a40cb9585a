"""``equipment import-list FILE``: a school's copy of an official minimum list, from a
spreadsheet (.xlsx, .xls, .ods, through the project's Excel reading core) or a CSV file in
the schema of docs/equipment.md.

Read → check every cell → preview (what would be added, changed, removed) → write in one
unit of work after a restore point. While any cell is refused nothing is written, and each
refusal names the sheet (the file, for CSV), the row, the column and the value.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from app.changes import Changes
from app.db import Actor, Database
from app.equipment.lists import ListPlan, apply_plan, plan_list
from app.equipment.reference import FIELDS, LABELS, ReferenceRow, check_row, duplicates
from app.errors import ValidationError
from app.excel.cells import CellValue, clean_text
from app.excel.encodings import ENCODING_LABELS, LegacyChoice
from app.excel.headers import Column, Layout, ignored_columns_notice
from app.excel.reader import Limits
from app.importing.located import Problem, TextConversion
from app.importing.tables import TableSpec, locate
from app.importing.writing import journal_reason, write_after_restore_point
from app.messages.equipment import EQUIPMENT_MSG as M
from app.messages.excel import EXCEL_MSG
from app.permissions import Perm, require

_SYNONYMS: dict[str, tuple[str, ...]] = {
    "circular": ("Số thông tư", "Văn bản"),
    "level": ("Cấp",),
    "subject": ("Môn", "Môn học/hoạt động giáo dục"),
    "grade": ("Khối", "Khối lớp"),
    "item_no": ("STT", "TT", "Số TT", "Số thứ tự trong thông tư"),
    "name": ("Tên", "Thiết bị", "Tên thiết bị dạy học"),
    "purpose": ("Mục đích sử dụng",),
    "description": ("Mô tả", "Mô tả chi tiết thiết bị"),
    "user": ("Đối tượng", "Đối tượng SD"),
    "unit": ("Đơn vị", "ĐVT"),
    "quantity": ("SL",),
    "scope": ("Định mức theo",),
    "notes": (),
}
LAYOUT = Layout(
    tuple(
        Column(f, LABELS[f], (*_SYNONYMS[f], f), required=f in ("name", "item_no", "subject"))
        for f in FIELDS
    )
)
SPEC = TableSpec(LAYOUT, LABELS, keys=("name",), keys_label=LABELS["name"])
MAX_PROBLEMS_SHOWN = 20


@dataclass(frozen=True)
class ListPreview:
    """What the file holds and what importing it would do; writes nothing."""

    file: Path
    plan: ListPlan | None  # None while any cell is refused
    problems: tuple[Problem, ...]
    notices: tuple[str, ...] = ()
    conversions: tuple[TextConversion, ...] = ()
    legacy: LegacyChoice = LegacyChoice.ASK

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    def refusal(self) -> str:
        """Why nothing may be written ("" when it may)."""
        if self.errors:
            shown = "\n".join(p.message for p in self.errors[:MAX_PROBLEMS_SHOWN])
            return M.import_refused.format(n=len(self.errors), problems=shown)
        if self.conversions and self.legacy is LegacyChoice.ASK:
            return EXCEL_MSG.legacy_choice_needed_cli.format(
                n=len(self.conversions), encodings=", ".join(
                    sorted({ENCODING_LABELS[c.encoding] for c in self.conversions}))
            )  # fmt: skip
        return ""


def _cells_from_csv(path: Path) -> tuple[list[tuple[int, dict[str, str]]], list[str]]:
    """(row number, cells by field) of a CSV file in the documented schema (UTF-8), and a
    notice naming the columns outside the schema (not read, never ignored silently)."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as f:
            reader = csv.DictReader(f)
            missing = [
                c for c in ("subject", "item_no", "name") if c not in (reader.fieldnames or [])
            ]
            if missing:
                raise ValidationError(EXCEL_MSG.no_header.format(
                    file=path.name, required=", ".join(FIELDS)))  # fmt: skip
            ignored = [c for c in reader.fieldnames or [] if c not in FIELDS and c.strip()]
            notice = ignored_columns_notice(path.name, ignored)
            notices = [notice] if notice else []
            return [(n, {k: v or "" for k, v in row.items() if k}) for n, row in
                    enumerate(reader, start=2) if any((v or "").strip() for v in row.values())
                    ], notices  # fmt: skip
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise ValidationError(M.manifest_bad.format(file=path.name, reason=exc)) from None


def _check_all(
    located: list[tuple[str, int, dict[str, CellValue]]], circular: str
) -> tuple[list[ReferenceRow], list[Problem]]:
    rows: list[tuple[int, ReferenceRow]] = []
    where: dict[int, str] = {}
    problems: list[Problem] = []
    for index, (sheet, number, cells) in enumerate(located):
        row, bad = check_row(cells, circular=circular)
        problems += [Problem(sheet, number, LABELS[p.field], p.value, p.reason) for p in bad]
        if row is not None:
            rows.append((index, row))
            where[index] = f"{sheet}:{number}"
    for index, first in duplicates(rows):
        sheet, number, cells = located[index]
        value = clean_text(cells.get("item_no", ""))
        reason = M.duplicate_item.format(row=located[first][1])
        problems.append(Problem(sheet, number, LABELS["item_no"], value, reason))
    return [r for _, r in rows], problems


def read_list_file(
    path: Path, *, circular: str = "", legacy: LegacyChoice = LegacyChoice.ASK
) -> tuple[list[ReferenceRow], list[Problem], list[str], list[TextConversion]]:
    """Every row of the file checked: the good rows, the refused cells, notices, conversions."""
    if path.suffix.lower() == ".csv":
        read, notices = _cells_from_csv(path)
        cells: list[tuple[str, int, dict[str, CellValue]]] = [
            (path.name, n, dict(c)) for n, c in read
        ]
        rows, problems = _check_all(cells, circular)
        return rows, problems, notices, []
    tables, found = locate(path, SPEC, limits=Limits(), legacy=legacy)
    located: list[tuple[str, int, dict[str, CellValue]]] = []
    for table in tables:
        for number, values in table.rows():
            located.append((table.sheet.name, number, dict(values)))
    rows, problems = _check_all(located, circular)
    return rows, problems, list(found.notices), list(found.conversions)


def preview_list(
    session: Session,
    actor: Actor | None,
    path: Path,
    *,
    version: str,
    source: str = "",
    circular: str = "",
    legacy: LegacyChoice = LegacyChoice.ASK,
) -> ListPreview:
    """Read and check ``path``, and say what importing it as ``version`` would change."""
    require(actor, Perm.MANAGE_EQUIPMENT)
    rows, problems, notices, conversions = read_list_file(path, circular=circular, legacy=legacy)
    plan = None if any(p.is_error for p in problems) else plan_list(session, rows, version, source)
    return ListPreview(path, plan, tuple(problems), tuple(notices), tuple(conversions), legacy)


def import_list(
    db: Database,
    actor: Actor | None,
    path: Path,
    *,
    version: str,
    source: str = "",
    circular: str = "",
    legacy: LegacyChoice = LegacyChoice.ASK,
) -> tuple[ListPreview, Changes]:
    """Preview, then write the whole list in one unit of work (refused while any cell is)."""
    with db.read(actor=actor) as s:
        pv = preview_list(s, actor, path, version=version, source=source, circular=circular,
                          legacy=legacy)  # fmt: skip
    refusal = pv.refusal()
    if refusal or pv.plan is None:
        raise ValidationError(refusal or M.import_refused.format(n=0, problems=""))
    plan = pv.plan
    label = M.import_label.format(circular=plan.circular, version=plan.version, file=path.name)

    def write(s: Session) -> Changes:
        fresh = plan_list(s, plan.rows, plan.version, plan.source)  # the state at write time
        return apply_plan(s, actor, fresh)

    changes, _point = write_after_restore_point(
        db, actor, write, restore_label=label, why=journal_reason(label, None)
    )
    return pv, changes

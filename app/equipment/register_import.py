"""``equipment import-items FILE``: many register lines at once, from a spreadsheet (.xlsx,
.xls, .ods, through the project's Excel reading core) or a UTF-8 CSV file, in the layout of
docs/equipment.md.

Read → check every cell → preview (the lines, the codes they would take, the rooms that
would be created) → write in one unit of work after a restore point, journalled with the
file name. While any cell is refused nothing is written, and each refusal names the sheet
(the file, for CSV), the row, the column and the value. Serial rows (one code per unit) and
counted rows (one line with a quantity) follow decision 026, through ``register.add_items``.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.changes import Changes
from app.db import Actor, Database
from app.equipment import rooms
from app.equipment.codes import is_valid_code, normal_code
from app.equipment.models import (
    CONDITION_LABELS,
    SOURCE_LABELS,
    Condition,
    EquipmentItem,
    Room,
    RoomKind,
    Source,
)
from app.equipment.register import MAX_BULK, ItemInput, add_items, check_money, item_by_code
from app.errors import ValidationError
from app.excel.cells import CellValue, clean_text, is_blank, nonexistent_date, to_date
from app.excel.encodings import LegacyChoice
from app.excel.headers import Column, Layout, header_key, ignored_columns_notice
from app.excel.reader import Limits
from app.importing.located import Problem
from app.importing.tables import TableSpec, locate
from app.importing.writing import journal_reason, write_after_restore_point
from app.labels import nfc
from app.messages.equipment_import import IMPORT_MSG as M
from app.messages.excel import EXCEL_MSG
from app.permissions import Perm, require

_COLUMNS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("code", "Mã", ("Mã thiết bị", "Mã số", "code")),
    ("name", "Tên thiết bị", ("Tên", "Thiết bị", "name")),
    ("category", "Nhóm", ("Loại", "Nhóm thiết bị", "Phân loại", "category")),
    ("room", "Phòng", ("Phòng học", "Nơi để", "Vị trí", "room")),
    ("quantity", "Số lượng", ("SL", "quantity")),
    ("unit", "Đơn vị", ("ĐVT", "Đơn vị tính", "unit")),
    ("serial", "Theo dõi từng chiếc", ("Từng chiếc", "Theo dõi riêng", "serial")),
    ("serial_number", "Số sê-ri", ("Số seri", "Serial", "Số hiệu", "serial_number")),
    ("acquired_on", "Ngày nhập", ("Ngày mua", "Ngày đưa vào sử dụng", "acquired_on")),
    ("funding", "Nguồn", ("Nguồn kinh phí", "Nguồn vốn", "funding")),
    ("value_vnd", "Nguyên giá", ("Giá", "Đơn giá", "Giá trị", "value_vnd")),
    ("condition", "Tình trạng", ("Hiện trạng", "condition")),
    ("notes", "Ghi chú", ("notes",)),
)
FIELDS = tuple(f for f, _, _ in _COLUMNS)
LABELS = {f: label for f, label, _ in _COLUMNS}
LAYOUT = Layout(tuple(Column(f, lb, syn, required=f == "name") for f, lb, syn in _COLUMNS))
SPEC = TableSpec(LAYOUT, LABELS, keys=("name",), keys_label=LABELS["name"])
MAX_PROBLEMS_SHOWN = 20
IMPORT_CONDITIONS = {k: v for k, v in CONDITION_LABELS.items() if k != Condition.MISSING}
_YES = {"co", "x", "1", "yes", "true", "c"}
_NO = {"khong", "0", "no", "false", "k"}


@dataclass(frozen=True)
class ImportLine:
    """One checked row of the file: where it was, its own code (or none), what it adds."""

    sheet: str
    row: int
    code: str
    data: ItemInput

    @property
    def register_rows(self) -> int:
        return self.data.count if self.data.serial else 1


@dataclass(frozen=True)
class ItemsPreview:
    """What the file holds and what importing it would add; writes nothing."""

    file: Path
    lines: tuple[ImportLine, ...]
    problems: tuple[Problem, ...]
    new_rooms: tuple[str, ...] = ()
    notices: tuple[str, ...] = ()

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def units(self) -> int:
        return sum(line.data.count for line in self.lines)

    @property
    def register_rows(self) -> int:
        return sum(line.register_rows for line in self.lines)

    def refusal(self) -> str:
        """Why nothing may be written ("" when it may)."""
        if self.errors:
            shown = "\n".join(p.message for p in self.errors[:MAX_PROBLEMS_SHOWN])
            return M.refused.format(n=len(self.errors), problems=shown)
        if not self.lines:
            return M.empty.format(file=self.file.name)
        return ""


def _choice(value: CellValue, labels: dict[str, str], default: str) -> str | None:
    """The code of a choice written as its label or its code, any case or accents."""
    if is_blank(value):
        return default
    key = header_key(value)
    for code, label in labels.items():
        if key in (header_key(code), header_key(label)):
            return code
    return None


def _whole(value: CellValue) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    if isinstance(value, int):
        return value
    text = clean_text(value).replace(".", "").replace(" ", "")
    return int(text) if text.isdigit() else None


def _money(value: CellValue) -> str | None:
    if is_blank(value):
        return "0"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    try:
        return str(check_money(value))
    except ValidationError:
        return None


def _day(value: CellValue) -> tuple[date | None, str]:
    """(the date, "") or (None, why it is refused); a blank cell is no date."""
    if is_blank(value):
        return None, ""
    missing = nonexistent_date(value)
    if missing:
        return None, M.date_missing.format(day=missing)
    day = to_date(value)
    if day is None:
        return None, M.date_bad
    return (None, M.date_future) if day > date.today() else (day, "")


def check_row(
    sheet: str, row: int, cells: dict[str, CellValue]
) -> tuple[ImportLine | None, list[Problem]]:
    """One row checked cell by cell: the line (None when refused) and every refused cell."""
    bad: list[Problem] = []

    def refuse(f: str, reason: str) -> None:
        bad.append(Problem(sheet, row, LABELS[f], clean_text(cells.get(f)), reason))

    name = nfc(clean_text(cells.get("name"))).strip()
    if not name:
        refuse("name", M.name_required)
    raw_count = cells.get("quantity")
    count = 1 if is_blank(raw_count) else _whole(raw_count)
    if count is None or not 1 <= count <= MAX_BULK:
        refuse("quantity", M.count_bad.format(limit=MAX_BULK))
        count = 1
    serial_key = header_key(cells.get("serial"))
    serial = serial_key in _YES or (not serial_key and count == 1)
    if serial_key and serial_key not in _YES | _NO:
        refuse("serial", M.serial_bad)
    elif not serial_key and count > 1:
        refuse("serial", M.serial_needed)
    serial_number = clean_text(cells.get("serial_number"))
    if serial_number and not (serial and count == 1):
        refuse("serial_number", M.serial_number_one)
    code = normal_code(clean_text(cells.get("code")))
    if code and not is_valid_code(code):
        refuse("code", M.code_bad)
    elif code and serial and count > 1:
        refuse("code", M.code_many)
    acquired, why = _day(cells.get("acquired_on"))
    if why:
        refuse("acquired_on", why)
    money = _money(cells.get("value_vnd"))
    if money is None:
        refuse("value_vnd", M.money_bad)
    condition = _choice(cells.get("condition"), IMPORT_CONDITIONS, Condition.GOOD)
    if condition is None:
        refuse("condition", M.condition_bad.format(choices=", ".join(IMPORT_CONDITIONS.values())))
    funding = _choice(cells.get("funding"), SOURCE_LABELS, Source.BUDGET)
    if funding is None:
        refuse("funding", M.source_bad.format(choices=", ".join(SOURCE_LABELS.values())))
    if bad:
        return None, bad
    unit = nfc(clean_text(cells.get("unit"))).strip() or "chiếc"
    data = ItemInput(
        name=name, count=count, serial=serial, category=nfc(clean_text(cells.get("category"))),
        room=nfc(clean_text(cells.get("room"))).strip(), unit=unit, acquired_on=acquired,
        funding=funding or Source.BUDGET, value_vnd=check_money(money or "0"),
        condition=condition or Condition.GOOD, serial_number=serial_number,
        notes=nfc(clean_text(cells.get("notes"))),
    )  # fmt: skip
    return ImportLine(sheet, row, code, data), []


def _cells_from_csv(path: Path) -> tuple[list[tuple[int, dict[str, CellValue]]], list[str]]:
    """(row number, cells by field) of a CSV file, its headers matched like a sheet's, and a
    notice naming the columns it does not read (never ignored silently)."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as f:
            reader = csv.reader(f)
            header = next(reader, [])
            fields = [LAYOUT.match(h) for h in header]
            if "name" not in fields:
                raise ValidationError(EXCEL_MSG.no_header.format(
                    file=path.name, required=", ".join(LABELS.values())))  # fmt: skip
            out: list[tuple[int, dict[str, CellValue]]] = []
            for n, values in enumerate(reader, start=2):
                if any(v.strip() for v in values):
                    out.append((n, {f: v for f, v in zip(fields, values, strict=False) if f}))
            ignored = [h for h, f in zip(header, fields, strict=True) if not f and h.strip()]
            notice = ignored_columns_notice(path.name, ignored)
            notices = [notice] if notice else []
            return out, notices
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise ValidationError(
            EXCEL_MSG.no_header.format(file=path.name, required=str(exc))
        ) from None


def read_items_file(
    path: Path, *, legacy: LegacyChoice = LegacyChoice.KEEP
) -> tuple[list[ImportLine], list[Problem], list[str]]:
    """Every row of the file checked: the good lines, the refused cells, notices."""
    located: list[tuple[str, int, dict[str, CellValue]]] = []
    notices: list[str] = []
    if path.suffix.lower() == ".csv":
        rows, notices = _cells_from_csv(path)
        located = [(path.name, n, c) for n, c in rows]
    else:
        tables, found = locate(path, SPEC, limits=Limits(), legacy=legacy)
        located = [(t.sheet.name, n, dict(v)) for t in tables for n, v in t.rows()]
        notices = list(found.notices)
    lines: list[ImportLine] = []
    problems: list[Problem] = []
    for sheet, number, cells in located:
        line, bad = check_row(sheet, number, cells)
        problems += bad
        if line is not None:
            lines.append(line)
    return lines, problems, notices


def _check_against_register(
    session: Session, lines: list[ImportLine], create_rooms: bool
) -> tuple[list[Problem], list[str]]:
    """Codes already taken or repeated, rooms that do not exist (or would be created)."""
    problems: list[Problem] = []
    school = session.info.get("school_code", "")
    codes = [line.code for line in lines if line.code]
    taken = set(session.scalars(select(EquipmentItem.code).where(
        EquipmentItem.school_code == school, EquipmentItem.code.in_(codes)))) if codes else set()  # fmt: skip
    first: dict[str, int] = {}
    for line in lines:
        if not line.code:
            continue
        if line.code in taken:
            problems.append(Problem(line.sheet, line.row, LABELS["code"], line.code, M.code_taken))
        elif line.code in first:
            reason = M.code_repeated.format(row=first[line.code])
            problems.append(Problem(line.sheet, line.row, LABELS["code"], line.code, reason))
        first.setdefault(line.code, line.row)
    known = set(session.scalars(select(Room.name).where(Room.school_code == school)))
    new_rooms: list[str] = []
    for line in lines:
        room = line.data.room
        if not room or room in known or room in new_rooms:
            continue
        if create_rooms:
            new_rooms.append(room)
        else:
            problems.append(Problem(line.sheet, line.row, LABELS["room"], room, M.room_missing))
    return problems, new_rooms


def preview_items(
    session: Session,
    actor: Actor | None,
    path: Path,
    *,
    create_rooms: bool = False,
    legacy: LegacyChoice = LegacyChoice.KEEP,
) -> ItemsPreview:
    """Read and check ``path`` against the register; say what importing it would add."""
    require(actor, Perm.MANAGE_EQUIPMENT)
    lines, problems, notices = read_items_file(path, legacy=legacy)
    more, new_rooms = _check_against_register(session, lines, create_rooms)
    return ItemsPreview(
        path, tuple(lines), tuple(problems + more), tuple(new_rooms), tuple(notices)
    )


def write_lines(
    session: Session, actor: Actor | None, lines: tuple[ImportLine, ...], new_rooms: tuple[str, ...]
) -> list[str]:
    """Add the rooms and the lines through the register's services; the codes, in order."""
    for name in new_rooms:
        rooms.add_room(session, actor, rooms.RoomInput(name, RoomKind.CLASSROOM))
    codes: list[str] = []
    for line in lines:
        added = add_items(session, actor, line.data).codes
        if line.code:  # the file's own code replaces the one just handed out
            item_by_code(session, added[0]).code = line.code
            added = (line.code,)
            session.flush()
        codes += added
    return codes


def import_items(
    db: Database,
    actor: Actor | None,
    path: Path,
    *,
    create_rooms: bool = False,
    legacy: LegacyChoice = LegacyChoice.KEEP,
) -> tuple[ItemsPreview, list[str], Changes]:
    """Preview, then write every line in one unit of work (refused while any cell is)."""
    with db.read(actor=actor) as s:
        pv = preview_items(s, actor, path, create_rooms=create_rooms, legacy=legacy)
    refusal = pv.refusal()
    if refusal:
        raise ValidationError(refusal)
    label = M.label.format(file=path.name)

    def write(s: Session) -> tuple[list[str], Changes]:
        fresh = preview_items(s, actor, path, create_rooms=create_rooms, legacy=legacy)
        if fresh.refusal():  # the register changed since the preview
            raise ValidationError(fresh.refusal())
        codes = write_lines(s, actor, fresh.lines, fresh.new_rooms)
        return codes, Changes.of("equipment_item", "room")

    (codes, changes), _point = write_after_restore_point(
        db, actor, write, restore_label=label, why=journal_reason(label, None)
    )
    return replace(pv), codes, changes

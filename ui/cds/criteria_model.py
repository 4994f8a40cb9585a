"""The assessment's criteria as a table: a heading row per group, a row per criterion.

Typed values, manual points and notes stay in the model (``pending``, yellow) until the tab
saves them in one unit of work. ``live`` rescoring uses ``app.cds.scoring.score`` (pure) on the
stored answers with every pending edit and the text being typed, so totals, levels and
points change on each keystroke without the database. A value other than the pre-filled
figure is taken only with a reason (``ask_reason``, the tab's dialog).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont

from app.cds.scoring import Answer as ScoringAnswer
from app.cds.scoring import (
    ScoreResult,
    display_stored,
    parse_points,
    parse_value,
    score,
    value_text,
)
from app.cds.sets import Criterion, RuleKind, points_text
from app.cds.view import AssessmentView, CriterionRow
from app.errors import ValidationError

Index = QModelIndex | QPersistentModelIndex
PENDING = QColor("#fff4c2")
HEADING = QColor("#e8eef7")
MISSING = QColor("#b42318")
AskReason = Callable[[CriterionRow, str], str | None]


class Col(IntEnum):
    CODE = 0
    TEXT = 1
    VALUE = 2
    POINTS = 3
    MAX = 4
    RULE = 5
    PREFILL = 6
    EVIDENCE = 7
    NOTE = 8


HEADERS = ("Mã", "Tiêu chí", "Kết quả", "Điểm", "Tối đa", "Cách chấm", "Phần mềm tính",
           "Minh chứng", "Ghi chú")  # fmt: skip
FIELDS = {Col.VALUE: "value", Col.POINTS: "points", Col.NOTE: "note"}


@dataclass(frozen=True)
class Line:
    """A table row: a group heading (``row`` None) or a criterion."""

    group: str
    row: CriterionRow | None = None


class CriteriaModel(QAbstractTableModel):
    """The criteria of one assessment, with unsaved edits and live scores."""

    edits_changed = Signal()
    scores_changed = Signal()
    invalid = Signal(str)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.view: AssessmentView | None = None
        self.lines: list[Line] = []
        self.pending: dict[str, dict[str, str]] = {}
        self.reasons: dict[str, str] = {}
        self.result: ScoreResult | None = None
        self.readonly_reason = ""
        self.ask_reason: AskReason = lambda _row, _typed: None

    # ------------------------------------------------------------ data in

    def set_view(self, view: AssessmentView | None, readonly_reason: str = "") -> None:
        """Show ``view`` (drops unsaved edits)."""
        self.beginResetModel()
        self.view, self.pending, self.reasons = view, {}, {}
        self.readonly_reason = readonly_reason
        self.lines = []
        if view is not None:
            for g in view.criteria_set.groups:
                self.lines.append(Line(g.code))
                self.lines.extend(Line(g.code, r) for r in view.rows if r.group == g.code)
        self.result = view.result if view else None
        self.endResetModel()
        self.edits_changed.emit()
        self.scores_changed.emit()

    def criterion(self, code: str) -> Criterion:
        assert self.view is not None
        found = self.view.criteria_set.criterion(code)
        assert found is not None
        return found

    def row_of(self, code: str) -> int:
        return next(i for i, line in enumerate(self.lines) if line.row and line.row.code == code)

    def line(self, row: int) -> Line:
        return self.lines[row]

    # ------------------------------------------------------------ scoring

    def _answers(self, typing: tuple[str, str, str] | None) -> dict[str, ScoringAnswer]:
        assert self.view is not None
        answers = dict(self.view.answers)
        edits = {code: dict(p) for code, p in self.pending.items()}
        if typing is not None:
            edits.setdefault(typing[0], {})[typing[1]] = typing[2]
        for code, p in edits.items():
            c = self.criterion(code)
            old = answers.get(code, ScoringAnswer())
            value = parse_value(c, p["value"]) if "value" in p else old.value
            points = parse_points(c, p["points"]) if "points" in p else old.points
            answers[code] = ScoringAnswer(value, points)
        return answers

    def live(self, code: str = "", field: str = "", text: str = "") -> str:
        """Rescore with the pending edits and ``text`` typed in ``field`` of ``code``; the
        error when the text cannot be read (the scores then stay as they were)."""
        if self.view is None:
            return ""
        try:
            answers = self._answers((code, field, text) if code else None)
        except ValidationError as exc:
            return exc.message
        self.result = score(self.view.criteria_set, answers, self.view.evidence_counts)
        if self.lines:
            self.dataChanged.emit(self.index(0, Col.POINTS), self.index(len(self.lines) - 1,
                                                                        Col.POINTS))  # fmt: skip
        self.scores_changed.emit()
        return ""

    # ------------------------------------------------------------ Qt model

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.lines)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(Col)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # fmt: skip
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def editable(self, row: CriterionRow, col: int) -> bool:
        if self.view is None or not self.view.editable or col not in FIELDS:
            return False
        manual = row.rule == RuleKind.MANUAL
        return col == Col.NOTE or (col == Col.POINTS) == manual

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        row = self.lines[index.row()].row if index.isValid() else None
        if row is not None and self.editable(row, index.column()):
            base |= Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self.view is None:
            return None
        line, col = self.lines[index.row()], index.column()
        if line.row is None:
            return self._heading(line.group, col, role)
        r = line.row
        edited = FIELDS.get(Col(col)) in self.pending.get(r.code, {})
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(r, Col(col))
        if role == Qt.ItemDataRole.EditRole:
            return self._edit_text(r, Col(col))
        if role == Qt.ItemDataRole.BackgroundRole and edited:
            return QBrush(PENDING)
        if role == Qt.ItemDataRole.ForegroundRole and col == Col.EVIDENCE and r.evidence_required:
            return QBrush(MISSING) if self._evidence_count(r) == 0 else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(r, Col(col))
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (Col.MAX, Col.POINTS):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _heading(self, code: str, col: int, role: int) -> Any:
        assert self.view is not None
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(HEADING)
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold(True)
            return font
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        g = next(x for x in self.view.criteria_set.groups if x.code == code)
        if col == Col.TEXT:
            return g.name
        total = self._group_total(code)
        if col == Col.MAX:
            return points_text(g.max_points)
        return points_text(total) if col == Col.POINTS else ""

    def _group_total(self, code: str) -> Decimal:
        assert self.result is not None
        return next(g.total for g in self.result.groups if g.code == code)

    def _evidence_count(self, r: CriterionRow) -> int:
        return sum(1 for f in r.evidence if not f.withdrawn)

    def _text(self, r: CriterionRow, col: Col) -> str:
        p = self.pending.get(r.code, {})
        if col == Col.CODE:
            return r.code
        if col == Col.TEXT:
            return f"{r.text} (bắt buộc)" if r.mandatory else r.text
        if col == Col.RULE:
            return r.rule_label
        if col == Col.MAX:
            return points_text(r.max_points) if r.max_points else "—"
        if col == Col.VALUE:
            if "value" in p:
                return p["value"]
            return r.value_label if r.rule != RuleKind.MANUAL else ""
        if col == Col.POINTS:
            if "points" in p:
                return p["points"]
            s = self.result.criteria[r.code] if self.result else None
            return points_text(s.points) if s and s.answered else ""
        if col == Col.PREFILL:
            mark = " (đã sửa)" if r.overridden or r.code in self.reasons else ""
            return (
                (r.prefill_label + mark) if r.prefill_label else ("…" if r.prefill_metric else "")
            )
        if col == Col.EVIDENCE:
            n = self._evidence_count(r)
            if n:
                return f"{n} tệp"
            return "Thiếu" if r.evidence_required else ""
        return p.get("note", r.note)

    def _edit_text(self, r: CriterionRow, col: Col) -> str:
        p = self.pending.get(r.code, {})
        field = FIELDS.get(col)
        if field and field in p:
            return p[field]
        if col == Col.VALUE:
            if r.rule == RuleKind.YES_NO and r.value:
                return "có" if r.value == "true" else "không"
            return r.value.replace(".", ",")
        if col == Col.POINTS:
            return points_text(r.manual_points) if r.manual_points is not None else ""
        return r.note if col == Col.NOTE else ""

    def _tooltip(self, r: CriterionRow, col: Col) -> str:
        if col in FIELDS and not self.editable(r, col):
            if self.readonly_reason:
                return self.readonly_reason
            if col == Col.POINTS:
                return "Điểm tính tự động từ kết quả theo cách chấm của bộ tiêu chí."
            return "Tiêu chí chấm điểm tay: ghi điểm ở cột «Điểm»."
        if col == Col.VALUE and r.rule == RuleKind.YES_NO:
            return "Ghi «có» hoặc «không»."
        if col == Col.PREFILL and r.prefill_metric:
            why = f"\nĐã sửa, lý do: {r.override_reason}" if r.overridden else ""
            return (r.prefill_explanation or "Chưa lấy số liệu từ phần mềm.") + why
        if col == Col.TEXT:
            return r.text
        return ""

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        line = self.lines[index.row()] if index.isValid() else None
        if line is None or line.row is None or role != Qt.ItemDataRole.EditRole:
            return False
        r, col, text = line.row, Col(index.column()), str(value).strip()
        field = FIELDS.get(col)
        if field is None or not self.editable(r, col):
            return False
        if text == self._edit_text(r, col).strip():
            return False
        c = self.criterion(r.code)
        try:
            if field == "value":
                shown = display_stored(c, value_text(parse_value(c, text)))
                if r.prefill_label and shown != r.prefill_label and r.code not in self.reasons:
                    reason = self.ask_reason(r, text)
                    if not reason:
                        return False
                    self.reasons[r.code] = reason
            elif field == "points":
                parse_points(c, text)
        except ValidationError as exc:
            self.invalid.emit(exc.message)
            self.live()
            return False
        self.pending.setdefault(r.code, {})[field] = text
        self.dataChanged.emit(self.index(index.row(), 0), self.index(index.row(), len(Col) - 1))
        self.live()
        self.edits_changed.emit()
        return True

    def discard(self) -> None:
        """Forget the unsaved edits."""
        self.set_view(self.view, self.readonly_reason)
